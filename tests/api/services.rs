//! The services' rules, called as a handler calls them but without HTTP: a connection,
//! typed input, a typed outcome. Each runs on SQLite and on PostgreSQL.

use gopy::db::queries::{accounts, reference};
use gopy::domain::period::PeriodProblem;
use gopy::domain::staff::By;
use gopy::domain::{Moderation, Stage};
use gopy::services::accounts::ActivationRefusal;
use gopy::services::drafts::{self, DraftField, DraftInput, DraftProblem};
use gopy::services::sign_in::{self, AttemptLimit};

use crate::helpers::STAFF_PASSWORD;
use crate::on_both_databases;

on_both_databases! {
    async fn a_drafts_metadata_is_checked_with_every_problem_at_its_field(app) {
        app.with_db(|c| {
            let doc_type = reference::document_types(c).unwrap().remove(0);
            let agency = reference::agencies(c).unwrap().remove(0);
            fn problems(
                c: &mut gopy::db::DbConnection,
                input: &DraftInput,
                may_file: bool,
            ) -> Vec<(DraftField, DraftProblem)> {
                drafts::check(c, input, |_| may_file, None).unwrap().err().unwrap_or_default()
            }

            // Everything wrong at once, each said at its field.
            let wrong = DraftInput {
                title: "Quá",
                slug: "Không phải đường dẫn",
                number: "",
                document_type: None,
                agency: Some(agency.id),
                summary: "",
                opens: "01/03/2031",
                closes: "",
                stage: None,
                moderation: Some(Moderation::Pre),
                ..DraftInput::default()
            };
            let found = problems(c, &wrong, false);
            for expected in [
                (DraftField::Title, DraftProblem::TitleLength),
                (DraftField::Slug, DraftProblem::SlugInvalid),
                (DraftField::DocumentType, DraftProblem::DocumentTypeNeeded),
                (DraftField::Agency, DraftProblem::AgencyNeeded),
                (DraftField::Opens, DraftProblem::PeriodDatesNeeded),
                (DraftField::Stage, DraftProblem::ChoiceUnknown),
            ] {
                assert!(found.contains(&expected), "{expected:?} in {found:?}");
            }
            assert_eq!(found.len(), 6, "{found:?}");

            // A period shorter than the type's minimum is refused; the rule is named only
            // once it is confirmed (the seeded ones are not yet).
            let short = DraftInput {
                title: "Quy định về quản lý chợ dân sinh",
                document_type: Some(doc_type.id),
                agency: Some(agency.id),
                opens: "01/03/2031",
                closes: "02/03/2031",
                stage: Some(Stage::Draft),
                moderation: Some(Moderation::Pre),
                ..DraftInput::default()
            };
            let found = problems(c, &short, true);
            // 2031 has no calendar entered: weekends alone are rest days.
            let runs_until = |min: i32| {
                gopy::domain::calendar::WorkCalendar::default()
                    .period_end(chrono::NaiveDate::from_ymd_opt(2031, 3, 1).unwrap(), i64::from(min))
            };
            assert_eq!(
                found,
                vec![(
                    DraftField::Closes,
                    DraftProblem::Period {
                        problem: PeriodProblem::TooShort {
                            days: 1,
                            minimum: doc_type.min_comment_days,
                            runs_until: runs_until(doc_type.min_comment_days),
                        },
                        rule: None,
                    }
                )]
            );
            // Confirmed by an administrator, with the page it was read from: cited.
            {
                use diesel::prelude::*;
                use gopy::db::schema::legal_rules;
                diesel::update(legal_rules::table.find(doc_type.min_rule_id))
                    .set((legal_rules::confirmed.eq(true), legal_rules::source_url.eq("https://vbpl.vn/")))
                    .execute(c)
                    .unwrap();
            }
            let confirmed = gopy::db::queries::reference::document_type_by_code(c, &doc_type.code).unwrap().unwrap();
            assert_eq!(
                problems(c, &short, true),
                vec![(
                    DraftField::Closes,
                    DraftProblem::Period {
                        problem: PeriodProblem::TooShort {
                            days: 1,
                            minimum: confirmed.min_comment_days,
                            runs_until: runs_until(confirmed.min_comment_days),
                        },
                        rule: Some(confirmed.min_days_rule.clone()),
                    }
                )]
            );

            // Without a period, and with an agency the author may file under: valid, the
            // address made from the title.
            let valid = DraftInput { opens: "", closes: "", ..short };
            let fields = drafts::check(c, &valid, |_| true, None).unwrap().unwrap();
            assert_eq!(fields.slug, "quy-dinh-ve-quan-ly-cho-dan-sinh");
            assert_eq!((fields.opens_at, fields.closes_at), (None, None));
            // The same agency, not allowed to this author: refused at its field.
            assert_eq!(problems(c, &valid, false), vec![(DraftField::Agency, DraftProblem::AgencyNeeded)]);
        })
        .await;
    }
}

on_both_databases! {
    async fn sign_in_and_activation_follow_their_rules(app) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let admin_email = app.staff("admin", None).await;
        app.with_db(move |c| {
            let now = gopy::domain::time::now_utc();
            // No such account: no one signs in, and the attempt counts against the limit
            // of the name from this address.
            let nobody = sign_in::candidate(c, "khong-co@example.vn", None).unwrap();
            assert_eq!(nobody.limit(), AttemptLimit::AccountFromAddress);
            assert!(nobody.verify(STAFF_PASSWORD).is_none());

            let name = sign_in::account_name(&email.to_uppercase()).unwrap();
            assert!(sign_in::candidate(c, &name, None).unwrap().verify("sai mật khẩu").is_none());
            let account = sign_in::candidate(c, &name, None).unwrap().verify(STAFF_PASSWORD).expect("the right password");
            // A browser that signed in before has a limit of its own.
            sign_in::start(c, &account, "thiet-bi-1", chrono::Duration::hours(1), now).unwrap();
            assert_eq!(sign_in::candidate(c, &name, Some("thiet-bi-1")).unwrap().limit(), AttemptLimit::Device);

            // No one deactivates themselves; an administrator deactivates the editor,
            // who then cannot sign in, whatever the password.
            let admin = accounts::by_email(c, &admin_email).unwrap().unwrap();
            let by_admin = By { account_id: Some(admin.id), name: &admin.email };
            assert_eq!(
                gopy::services::accounts::set_active(c, admin.id, false, &by_admin, now).unwrap(),
                Err(ActivationRefusal::Yourself)
            );
            assert_eq!(gopy::services::accounts::set_active(c, account.id, false, &by_admin, now).unwrap(), Ok(()));
            assert!(sign_in::candidate(c, &name, None).unwrap().verify(STAFF_PASSWORD).is_none());
        })
        .await;
    }
}
