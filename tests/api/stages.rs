//! Issue 15, point 4: Decision 407's life cycle. Criterion 1 follows the document type
//! (set apart only with a reason); a type without a policy proposal has no such stage;
//! each stage entered is dated, with its note and document, and shown as a timeline.

use diesel::prelude::*;

use crate::helpers::*;
use crate::on_both_databases;

fn day(n: i64) -> String {
    (gopy::domain::time::local_date(now()) + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

async fn form(
    app: &TestApp,
    doc_type: &'static str,
    stage: &str,
    extra: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let (type_id, agency) = app
        .with_db(move |c| {
            let t = gopy::db::queries::reference::document_type_by_code(c, doc_type)
                .unwrap()
                .unwrap();
            let a = gopy::db::queries::reference::agency_by_slug(c, "so-xay-dung")
                .unwrap()
                .unwrap();
            (t.id.to_string(), a.id.to_string())
        })
        .await;
    let mut f = vec![
        (
            "tieu_de",
            "Quyết định quy định về chiếu sáng đô thị".to_string(),
        ),
        ("duong_dan", "chieu-sang".to_string()),
        ("loai", type_id),
        ("co_quan", agency),
        ("giai_doan", stage.to_string()),
        ("kiem_duyet", "pre".into()),
        ("mo_tu", day(0)),
        ("dong_den", day(30)),
    ];
    f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    f
}

on_both_databases! {
    async fn the_life_cycle_follows_the_type_and_is_dated_in_public(app) {
        // The demo: a resolution that had a policy proposal, with its timeline.
        let html = app.page("/du-thao/chat-thai-ran").await;
        assert!(html.contains("Quá trình xây dựng văn bản"));
        assert!(html.contains("<strong>Đề xuất chính sách</strong> – Hội đồng nhân dân Thành phố thông qua đề xuất chính sách"), "{html}");
        assert!(!html.contains("Đề nghị xây dựng"), "the 2015 term is gone");
        // A decision has no policy-proposal step.
        let decision = app.page("/du-thao/hoc-phi").await;
        assert!(!decision.contains("<li>Đề xuất chính sách</li>"));
        assert!(decision.contains("<li aria-current=\"step\">Dự thảo</li>"));

        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let e = app.sign_in(&editor).await;
        let new = "/quan-tri/du-thao/moi";
        // A decision of the People's Committee at the policy-proposal stage: refused.
        let r = e.post_form(new, new, &form(&app, "quyet-dinh-ubnd", "proposal", &[]).await).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("Loại văn bản này không có giai đoạn đề xuất chính sách."));
        // Criterion 1 set apart from the type without a reason: refused at the reason.
        let r = e.post_form(new, new, &form(&app, "quyet-dinh-ubnd", "draft", &[("tc_de_nghi_khac", "1")]).await).await;
        assert_eq!(r.status(), 400);
        let html = r.text().await.unwrap();
        assert!(html.contains("href=\"#f-ly_do_tc_de_nghi\""), "{html}");
        // A stage day in the future: refused.
        let r = e.post_form(new, new, &form(&app, "quyet-dinh-ubnd", "draft", &[("ngay_giai_doan", &day(3))]).await).await;
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("href=\"#f-ngay_giai_doan\""));

        let reason = "Quyết định này quy định chính sách mới về chiếu sáng nên cơ quan đã lập đề xuất chính sách.";
        let r = e
            .post_form(new, new, &form(&app, "quyet-dinh-ubnd", "draft", &[
                ("tc_de_nghi_khac", "1"),
                ("ly_do_tc_de_nghi", reason),
                ("ngay_giai_doan", &day(-2)),
                ("ghi_chu_giai_doan", "Hoàn thành dự thảo lần 1."),
            ]).await)
            .await;
        assert_eq!(r.status(), 303);
        let id = app.draft_id("chieu-sang").await;
        let (needs, why, events) = app
            .with_db(move |c| {
                use gopy::db::schema::drafts;
                let (needs, why): (bool, String) = drafts::table
                    .find(id)
                    .select((drafts::impact_needs_proposal, drafts::needs_proposal_reason))
                    .first(c)
                    .unwrap();
                (needs, why, gopy::db::queries::drafts::stage_events(c, id).unwrap())
            })
            .await;
        assert!(needs, "criterion 1 set apart from the type (a decision has none)");
        assert_eq!(why, reason);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].stage, gopy::domain::Stage::Draft);
        assert_eq!(events[0].occurred_on.format("%Y-%m-%d").to_string(), day(-2));

        // Published, then sent for appraisal: a new dated step, shown in public.
        let page = format!("/quan-tri/du-thao/{id}");
        let saved = e
            .post_form(&format!("{page}/van-ban"), &format!("{page}/van-ban/luu"), &[("van_ban", long_draft_text(2)), ("ghi_chu", String::new())])
            .await;
        assert_eq!(saved.status(), 303);
        assert_eq!(e.attach_pdf(id, "submission", "Tờ trình dự thảo Quyết định").await.status(), 303);
        assert_eq!(e.post_form(&page, &format!("{page}/cong-bo"), &[]).await.status(), 303);
        let r = e
            .post_form(&page, &page, &form(&app, "quyet-dinh-ubnd", "appraisal", &[
                ("tc_de_nghi_khac", "1"),
                ("ly_do_tc_de_nghi", reason),
                ("ghi_chu_giai_doan", "Gửi Sở Tư pháp thẩm định."),
                ("van_ban_giai_doan", "Công văn số 15/SXD-PC"),
            ]).await)
            .await;
        assert_eq!(r.status(), 303);
        // Saving again without a change of stage adds no step.
        let r = e
            .post_form(&page, &page, &form(&app, "quyet-dinh-ubnd", "appraisal", &[("tc_de_nghi_khac", "1"), ("ly_do_tc_de_nghi", reason)]).await)
            .await;
        assert_eq!(r.status(), 303);
        let public = app.page("/du-thao/chieu-sang").await;
        assert!(public.contains("<strong>Thẩm định</strong> – Gửi Sở Tư pháp thẩm định. (Công văn số 15/SXD-PC)"), "{public}");
        assert!(public.contains("<strong>Dự thảo</strong> – Hoàn thành dự thảo lần 1."));
        assert_eq!(public.matches("<strong>Thẩm định</strong>").count(), 1);
    }
}
