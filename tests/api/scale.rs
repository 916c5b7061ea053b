//! Issue 14: the cost of a page does not grow with the number of comments. The figures
//! come from `cargo bench --bench scale`; these tests hold the mechanisms: comment pages
//! read by places in the public record (no count, no offset), one render for concurrent
//! misses of the draft page, and concurrent submissions sharing a commit.

use diesel::prelude::*;
use gopy::db::DbConnection;
use gopy::db::queries::comments as q;
use gopy::db::schema::{comments, drafts};
use gopy::domain::ids::{CommentId, DraftId};

use crate::helpers::*;
use crate::on_both_databases;

/// Stores `n` comments on `draft` (see `publish_texts`), each saying "{label} số {i}".
fn publish_comments(
    c: &mut DbConnection,
    draft: DraftId,
    anchor: Option<&str>,
    label: &str,
    n: usize,
) -> Vec<CommentId> {
    let texts: Vec<String> = (0..n)
        .map(|i| format!("{label} số {i}: đề nghị làm rõ quy định này."))
        .collect();
    publish_texts(c, draft, anchor, label, &texts)
}

/// The comment ids shown on a page, in order.
fn ids_on(html: &str) -> Vec<i64> {
    regex::Regex::new(r#"id="y-kien-(\d+)""#)
        .unwrap()
        .captures_iter(html)
        .map(|c| c[1].parse().unwrap())
        .collect()
}

on_both_databases! {
    /// Page n of a draft's comments is the places ((n-1)·20, n·20] of its public record,
    /// in every scope (all, the whole draft, one clause); a withdrawn comment leaves its
    /// place empty and moves no other comment; the count shown is the maintained one;
    /// a page far past the end is an empty page, not an error.
    async fn comment_pages_are_ranges_of_places_in_the_record(app) {
        let draft = app
            .publish_draft("dem-trang", "Dự thảo đếm trang", &long_draft_text(3), -days(1), days(30))
            .await;
        let (whole, clause) = app
            .with_db(move |c| {
                let whole = publish_comments(c, draft, None, "toan-bo", 30);
                let clause = publish_comments(c, draft, Some("dieu-2-khoan-1"), "khoan", 25);
                (whole, clause)
            })
            .await;
        let all: Vec<i64> = whole.iter().chain(&clause).map(|id| id.get()).collect();

        let page = |n: usize, of: &[i64]| of.iter().skip((n - 1) * 20).take(20).copied().collect::<Vec<_>>();
        let html = app.page("/du-thao/dem-trang/y-kien?trang=2").await;
        assert_eq!(ids_on(&html), page(2, &all));
        assert!(html.contains("55 ý kiến"), "the maintained count");
        assert!(html.contains("Trang 2/3"), "{html}");
        let whole_ids: Vec<i64> = whole.iter().map(|id| id.get()).collect();
        let clause_ids: Vec<i64> = clause.iter().map(|id| id.get()).collect();
        assert_eq!(ids_on(&app.page("/du-thao/dem-trang/y-kien?muc=toan-bo&trang=2").await), page(2, &whole_ids));
        assert_eq!(ids_on(&app.page("/du-thao/dem-trang/y-kien?muc=dieu-2-khoan-1&trang=2").await), page(2, &clause_ids));

        // The author of the 22nd withdraws it: page 2 shows one fewer, page 3 is as it was.
        let withdrawn = app
            .with_db(|c| q::withdraw(c, &gopy::auth::token::hash("rieng-toan-bo-21"), now()).unwrap())
            .await;
        assert_eq!(withdrawn, q::Withdrawn::Done);
        let mut expected = page(2, &all);
        expected.retain(|id| *id != whole[21].get());
        assert_eq!(ids_on(&app.page("/du-thao/dem-trang/y-kien?trang=2").await), expected);
        assert_eq!(ids_on(&app.page("/du-thao/dem-trang/y-kien?trang=3").await), page(3, &all));
        assert!(app.page("/du-thao/dem-trang/y-kien").await.contains("54 ý kiến"));

        let far = app.get("/du-thao/dem-trang/y-kien?trang=5000").await;
        assert_eq!(far.status(), 200);
        assert!(ids_on(&far.text().await.unwrap()).is_empty());

        // The places stand in the database as the counters say.
        let (places, top): (i64, Option<i64>) = app
            .with_db(move |c| {
                let places = drafts::table.find(draft).select(drafts::public_positions).first(c).unwrap();
                let top = comments::table
                    .filter(comments::draft_id.eq(draft))
                    .select(diesel::dsl::max(comments::public_position))
                    .first(c)
                    .unwrap();
                (places, top)
            })
            .await;
        assert_eq!((places, top), (55, Some(55)));
    }
}

on_both_databases! {
    /// The page's newest comments are read by walking the record back: the draft page
    /// lists the latest public comments first, whatever their number, and costs the same
    /// queries with 3 comments or 60.
    async fn the_draft_page_reads_the_newest_comments_by_place(app) {
        let draft = app
            .publish_draft("moi-nhat", "Dự thảo mới nhất", &long_draft_text(3), -days(1), days(30))
            .await;
        app.with_db(move |c| publish_comments(c, draft, None, "truoc", 3)).await;
        let (_, few) = app.page_and_queries("/du-thao/moi-nhat").await;
        let ids = app.with_db(move |c| publish_comments(c, draft, None, "sau", 60)).await;
        let (html, many) = app.page_and_queries("/du-thao/moi-nhat").await;
        assert_eq!(few, many, "the same queries for 3 comments and 63");
        let shown = ids_on(&html);
        assert_eq!(shown.first(), Some(&ids.last().unwrap().get()), "newest first");
    }
}

on_both_databases! {
    /// Concurrent first requests of a changed draft page wait for one render: each of
    /// them looks up the revision, one reads the page, and the others are served what it
    /// rendered.
    async fn concurrent_misses_of_the_draft_page_share_one_render(app) {
        let draft = app
            .publish_draft("mot-lan", "Dự thảo một lần", &long_draft_text(40), -days(1), days(30))
            .await;
        let (_, render) = app.page_and_queries("/du-thao/mot-lan").await;
        // Changed as another replica would: the next request after the recheck renders.
        app.behind_the_portals_back(move |c| {
            gopy::db::queries::authoring::bump_revision(c, draft, now()).unwrap()
        })
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let requests: Vec<_> = (0..16)
            .map(|_| {
                let (client, url) = (app.client.clone(), format!("{}/du-thao/mot-lan", app.address));
                tokio::spawn(async move {
                    let resp = client.get(url).send().await.unwrap();
                    assert_eq!(resp.status(), 200);
                    resp.headers()["x-gopy-queries"].to_str().unwrap().parse::<u64>().unwrap()
                })
            })
            .collect();
        let mut costs = Vec::new();
        for r in requests {
            costs.push(r.await.unwrap());
        }
        let total: u64 = costs.iter().sum();
        assert!(
            total <= 16 + render,
            "16 revision checks and one render ({render} queries), not 16 renders: {costs:?}"
        );
    }
}

on_both_databases! {
    /// Writes sent at the same moment share a commit: one that fails (a duplicate key
    /// here) is answered with its error and the others are stored (the batch runs again
    /// with a savepoint per write); every answer comes after the commit, so each stored
    /// row is there to read.
    async fn concurrent_writes_share_a_commit_and_fail_alone(app) {
        let db = app.state.db.clone();
        let (commits_before, writes_before) = db.group_commits();
        let writes: Vec<_> = (0..40)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.write_grouped(move |c| {
                        if i == 0 {
                            // The first holds the writer a moment, so the others queue.
                            std::thread::sleep(std::time::Duration::from_millis(200));
                        }
                        // The 7th takes the key of the 6th: a duplicate.
                        let key = if i == 7 { 6 } else { i };
                        diesel::insert_into(gopy::db::schema::jobs::table)
                            .values(gopy::db::schema::jobs::name.eq(format!("group-commit-{key}")))
                            .execute(c)
                    })
                    .await
                })
            })
            .collect();
        let mut answers = Vec::new();
        for w in writes {
            answers.push(w.await.unwrap());
        }
        assert!(answers[7].is_err(), "the duplicate fails");
        assert!(answers.iter().enumerate().all(|(i, a)| i == 7 || a.is_ok()));
        let (commits, writes) = db.group_commits();
        // The mail worker's claims share these commits too: ours are 40 of the writes.
        let (commits, writes) = (commits - commits_before, writes - writes_before);
        assert!(writes >= 40, "{writes} writes");
        assert!(commits <= 5 + (writes - 40), "{commits} commits for {writes} writes");
        let stored: i64 = app
            .with_db(|c| {
                gopy::db::schema::jobs::table
                    .filter(gopy::db::schema::jobs::name.like("group-commit-%"))
                    .count()
                    .get_result(c)
                    .unwrap()
            })
            .await;
        assert_eq!(stored, 39);
    }
}

/// What the report says of each answer, counted from the comments themselves: the
/// oracle the maintained tallies must agree with. (count, whole draft?, clause labels,
/// kinds with their counts, the first comment) per answer, and the unanswered.
type Told = (i64, bool, Vec<String>, Vec<(String, i64)>, i64);

fn counted(c: &mut DbConnection, draft: DraftId) -> (Vec<Told>, i64) {
    use gopy::db::schema::sections;
    let rows: Vec<(i64, Option<i64>, String, i64)> = comments::table
        .filter(comments::draft_id.eq(draft))
        .filter(comments::status.eq("published"))
        .select((
            comments::id,
            comments::response_id,
            comments::commenter_kind,
            comments::id,
        ))
        .load::<(i64, Option<i64>, String, i64)>(c)
        .unwrap();
    let unanswered = rows.iter().filter(|r| r.1.is_none()).count() as i64;
    let mut answers: Vec<i64> = rows.iter().filter_map(|r| r.1).collect();
    answers.sort();
    answers.dedup();
    let told = answers
        .into_iter()
        .map(|a| {
            let mine: Vec<(i64, Option<i64>, String)> = comments::table
                .filter(comments::response_id.eq(a))
                .filter(comments::status.eq("published"))
                .select((comments::id, comments::section_id, comments::commenter_kind))
                .order(comments::id.asc())
                .load(c)
                .unwrap();
            let whole = mine.iter().any(|m| m.1.is_none());
            let ids: Vec<i64> = mine.iter().filter_map(|m| m.1).collect();
            let mut labels: Vec<(i32, String)> = sections::table
                .filter(sections::id.eq_any(&ids))
                .select((sections::position, sections::label))
                .load(c)
                .unwrap();
            labels.sort();
            let mut kinds: std::collections::BTreeMap<String, i64> = Default::default();
            for m in &mine {
                *kinds.entry(m.2.clone()).or_default() += 1;
            }
            let mut kinds: Vec<(String, i64)> = kinds.into_iter().collect();
            kinds.sort_by_key(|(k, n)| (-n, k.clone()));
            (
                mine.len() as i64,
                whole,
                labels.into_iter().map(|(_, l)| l).collect(),
                kinds,
                mine[0].0,
            )
        })
        .collect();
    (told, unanswered)
}

fn from_tallies(c: &mut DbConnection, draft: DraftId) -> (Vec<Told>, i64) {
    let facts = gopy::db::queries::report::facts(c, draft).unwrap();
    let mut told: Vec<Told> = facts
        .groups
        .into_iter()
        .map(|g| {
            (
                g.count,
                g.whole_draft,
                g.sections.into_iter().map(|(_, l)| l).collect(),
                g.kinds
                    .into_iter()
                    .map(|(k, n)| (k.as_str().to_string(), n))
                    .collect(),
                g.first.expect("the quoted comment").id.get(),
            )
        })
        .collect();
    told.sort_by_key(|t| t.4);
    (told, facts.unanswered)
}

on_both_databases! {
    /// The report is written from tallies kept with every change (publishing, answering
    /// and answering again, a withdrawal, a rejection, comments carried to a new
    /// version's clauses); at each step they say what counting the comments says.
    async fn the_report_tallies_agree_with_counting_the_comments(app) {
        use gopy::db::queries::answers::{self, AnswerText};
        use gopy::domain::comment::Disposition;
        let text = long_draft_text(3);
        let draft = app
            .publish_draft("tong-hop", "Dự thảo tổng hợp", &text, -days(1), days(30))
            .await;
        app.with_db(move |c| {
            let check = |c: &mut DbConnection, step: &str| {
                let (mut oracle, unanswered) = counted(c, draft);
                oracle.sort_by_key(|t| t.4);
                assert_eq!(from_tallies(c, draft), (oracle, unanswered), "after {step}");
            };
            let whole = publish_comments(c, draft, None, "ca-du-thao", 8);
            let one = publish_comments(c, draft, Some("dieu-1-khoan-1"), "khoan-mot", 6);
            let two = publish_comments(c, draft, Some("dieu-2-khoan-1"), "khoan-hai", 6);
            check(c, "publishing");
            let say = |reason| AnswerText { disposition: Disposition::Accepted, reason };
            let covers: Vec<CommentId> = whole[..4].iter().chain(&one[..3]).copied().collect();
            answers::create(c, draft, &covers, say("Tiếp thu."), None, now()).unwrap();
            check(c, "a first answer");
            let again: Vec<CommentId> = two[..4].iter().chain(&whole[2..4]).copied().collect();
            answers::create(c, draft, &again, say("Giải trình."), None, now()).unwrap();
            check(c, "answering two comments again");
            q::withdraw(c, &gopy::auth::token::hash("rieng-ca-du-thao-0"), now()).unwrap();
            check(c, "a withdrawal of an answered comment");
            gopy::services::moderation::decide(
                c,
                &[two[0]],
                &gopy::services::moderation::Decision::Reject {
                    reason: gopy::domain::comment::RejectionReason::OffTopic,
                    note: String::new(),
                },
                &gopy::domain::staff::By::process("tests"),
                |_| true,
                "http://localhost",
                now(),
            )
            .unwrap();
            check(c, "a rejection of an answered comment");
            let changed = text.replace("Nội dung khoản 1 của Điều 2.", "Nội dung mới của khoản 1 Điều 2.");
            let doc = gopy::parse::parse(&changed);
            gopy::db::queries::authoring::add_version(c, draft, &changed, &doc, "Sửa khoản 1 Điều 2", true, now()).unwrap();
            check(c, "a new version");
        })
        .await;
    }
}

/// The bundled SQLite is compiled as `.cargo/config.toml` says. Without the query
/// planner stability guarantee, SQLite 3.49+ compiles every statement with a bound LIMIT
/// again at each run (every diesel `.first()`), which cost a quarter of the portal's CPU
/// under the submissions benchmark.
#[test]
fn sqlite_is_built_with_the_options_the_portal_relies_on() {
    let app = TestApp::builder(Backend::Sqlite).empty().prepare().unwrap();
    let config = gopy::config::Config::from_values(&app.settings).unwrap();
    let db = gopy::db::Db::connect(&config).unwrap();
    assert_eq!(db.sqlite_build_missing().unwrap(), Vec::<&str>::new());
}

/// A comment waiting for the group commit, owned, as the portal's own submissions are.
struct Waiting {
    draft: DraftId,
    version: gopy::domain::ids::VersionId,
    comment: gopy::domain::comment::ValidComment,
    hashes: (String, String),
}

impl q::PendingComment for Waiting {
    fn new_comment(&self) -> q::NewComment<'_> {
        q::NewComment {
            draft_id: self.draft,
            version_id: self.version,
            section_id: None,
            comment: &self.comment,
            locality_id: None,
            confirm_token_hash: &self.hashes.0,
            confirm_expires_at: now() + days(1),
            status_token_hash: &self.hashes.1,
            now: now(),
            campaign_id: None,
        }
    }
    fn mail(&self, id: CommentId) -> gopy::mail::OutgoingMail {
        gopy::mail::templates::decision(
            self.comment.email.as_str(),
            &format!("GY-{}", id.get()),
            None,
            "/",
        )
    }
}

on_both_databases! {
    /// Comments sent at the same moment are inserted with one statement in a shared
    /// commit: each new one gets its own id and exactly one confirmation mail to its own
    /// address; a comment sent twice in the same batch, or stored before, is answered as a
    /// duplicate (None) without failing the others.
    async fn comments_in_one_commit_are_inserted_together_and_duplicates_stand_apart(app) {
        let draft = app
            .publish_draft("cung-luc", "Dự thảo cùng lúc", &long_draft_text(2), -days(1), days(30))
            .await;
        let version = app
            .with_db(move |c| {
                let q::Target::Found(t) = q::target(c, "cung-luc", None).unwrap() else {
                    panic!("the draft exists");
                };
                t.version_id
            })
            .await;
        let waiting = |i: usize, body: usize| {
            let form = gopy::domain::comment::CommentForm {
                noi_dung: format!("Ý kiến cùng lúc số {body}: đề nghị bổ sung quy định."),
                email: format!("cung.luc.{body}@example.vn"),
                loai: "individual".into(),
                dong_y: Some("1".into()),
                ..Default::default()
            };
            let rules = gopy::domain::comment::CommentRules { min_chars: 10, max_chars: 10_000 };
            std::sync::Arc::new(Waiting {
                draft,
                version,
                comment: gopy::domain::comment::ValidComment::parse(&form, rules, |_| false).unwrap(),
                hashes: (
                    gopy::auth::token::hash(&format!("xac-nhan-cung-luc-{i}")),
                    gopy::auth::token::hash(&format!("rieng-cung-luc-{i}")),
                ),
            })
        };
        let db = app.state.db.clone();
        // Stored before: the text of comment 3.
        let before = db.insert_comment_grouped(waiting(100, 3)).await.unwrap();
        assert!(before.is_some());
        let (commits_before, _) = db.group_commits();
        // A write that holds the writer a moment, so that the comments queue behind it.
        let hold = {
            let db = db.clone();
            tokio::spawn(async move {
                db.write_grouped(|_| {
                    std::thread::sleep(std::time::Duration::from_millis(300));
                    Ok(())
                })
                .await
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        // 30 comments; the 11th repeats the 10th, and the 4th (body 3) was stored before.
        let sends: Vec<_> = (0..30)
            .map(|i| {
                let (db, w) = (db.clone(), waiting(i, if i == 11 { 10 } else { i }));
                tokio::spawn(async move { db.insert_comment_grouped(w).await.unwrap() })
            })
            .collect();
        let mut answers = Vec::new();
        for s in sends {
            answers.push(s.await.unwrap());
        }
        hold.await.unwrap().unwrap();
        assert_eq!(answers[3], None, "stored before");
        assert!(
            answers[10].is_some() != answers[11].is_some(),
            "of the two equal comments one is stored: {:?} {:?}",
            answers[10],
            answers[11]
        );
        let new: Vec<CommentId> = answers.iter().flatten().copied().collect();
        assert_eq!(new.len(), 28);
        let (commits, _) = db.group_commits();
        assert!(commits - commits_before <= 6, "{} commits", commits - commits_before);
        let (rows, mails) = app
            .with_db(move |c| {
                use gopy::db::schema::mail_outbox;
                let rows: Vec<(i64, Option<String>)> = comments::table
                    .filter(comments::draft_id.eq(draft))
                    .select((comments::id, comments::email))
                    .load(c)
                    .unwrap();
                let mails: Vec<(Option<i64>, String, String)> = mail_outbox::table
                    .filter(mail_outbox::comment_id.eq_any(rows.iter().map(|r| r.0).collect::<Vec<_>>()))
                    .select((mail_outbox::comment_id, mail_outbox::recipient, mail_outbox::subject))
                    .load(c)
                    .unwrap();
                (rows, mails)
            })
            .await;
        assert_eq!(rows.len(), 29, "28 new and the one stored before");
        assert_eq!(mails.len(), 29, "one mail for each comment stored");
        for id in &new {
            let (_, email) = rows.iter().find(|r| r.0 == id.get()).expect("the comment is there");
            let mine: Vec<_> = mails.iter().filter(|m| m.0 == Some(id.get())).collect();
            assert_eq!(mine.len(), 1, "one mail for comment {id:?}");
            assert_eq!(Some(&mine[0].1), email.as_ref(), "the mail goes to the comment's own address");
            assert!(mine[0].2.contains(&format!("GY-{}", id.get())), "{}", mine[0].2);
        }
    }
}
