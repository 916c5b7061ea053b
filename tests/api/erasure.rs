//! Personal data hidden or erased leaves every published output at once: the report's
//! page, CSV and .docx, the comment pages and search; and the audit log never holds what
//! was hidden. A generated .docx always opens in a strict XML parser.

use diesel::prelude::*;
use gopy::db::schema::comments;

use crate::helpers::*;
use crate::on_both_databases;

/// Every text a published report is made of, in its three forms.
async fn report_text(app: &TestApp) -> String {
    let page = app.page("/du-thao/hoc-phi/bao-cao").await;
    let csv = app
        .get("/du-thao/hoc-phi/bao-cao.csv")
        .await
        .text()
        .await
        .unwrap();
    let docx = app
        .get("/du-thao/hoc-phi/bao-cao.docx")
        .await
        .bytes()
        .await
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.to_vec())).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    // As a word processor opens it: a strict XML 1.0 parser.
    let doc = roxmltree::Document::parse(&xml).expect("the .docx is well-formed XML");
    let docx_text: String = doc.descendants().filter_map(|n| n.text()).collect();
    format!("{page}\n{csv}\n{docx_text}")
}

on_both_databases! {
    async fn hidden_and_erased_data_leaves_the_published_report(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        let phone = "Tôi ở số 12 Lê Lợi, gọi 0901234567 để trao đổi thêm về học phí.";
        let named = with(with(good_comment(), "ho_ten", "Hoàng Văn Rút"), "cong_khai_ten", "1");
        let leaving = "Ý kiến này sẽ được người gửi xóa danh tính sau khi công bố.";
        app.confirmed_comment("hoc-phi", Some("dieu-3"), &with(good_comment(), "noi_dung", phone)).await;
        app.confirmed_comment("hoc-phi", None, &with(with(named, "noi_dung", leaving), "email", "rut@example.vn")).await;
        let own = status_link(app.mails(2).await.iter().find(|m| m.mail.to == "rut@example.vn").unwrap());
        let (p, l) = (app.comment_id(phone).await, app.comment_id(leaving).await);
        // The phone number held the first for a moderator (issue 15); one approves it as
        // it is, as a hurried moderator might.
        let moderator = app.staff("moderator", Some("so-giao-duc-va-dao-tao")).await;
        let m = app.sign_in(&moderator).await;
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={p}&hanh_dong=duyet")).await;
        assert_eq!(r.status(), 303);
        // The report is published once the period has ended.
        app.with_db(|c| {
            use gopy::db::schema::drafts;
            diesel::update(drafts::table.filter(drafts::slug.eq("hoc-phi")))
                .set(drafts::closes_at.eq(Some(now() - chrono::Duration::minutes(1))))
                .execute(c)
                .unwrap();
        })
        .await;

        // Answered (with the demo's comment) and published.
        let editor = app.staff("editor", Some("so-giao-duc-va-dao-tao")).await;
        let e = app.sign_in(&editor).await;
        let draft = app.draft_id("hoc-phi").await;
        let answers = format!("/quan-tri/du-thao/{draft}/tra-loi");
        let demo = app.with_db(move |c| comments::table.filter(comments::draft_id.eq(draft)).filter(comments::status.eq("published")).filter(comments::id.ne(p)).filter(comments::id.ne(l)).select(comments::id).first::<gopy::domain::ids::CommentId>(c).unwrap()).await;
        // Each its own row, so that each text and name is in the report.
        for id in [p, l, demo] {
            let r = e.post_raw(&answers, &answers, format!("chon={id}&hinh_thuc=noted&ly_do=Ghi+nh%E1%BA%ADn.")).await;
            assert_eq!(r.status(), 303);
        }
        let report = format!("/quan-tri/du-thao/{draft}/bao-cao");
        assert_eq!(e.post_form(&report, &report, &[]).await.status(), 303);
        let before = report_text(&app).await;
        assert!(before.contains("0901234567"), "the report shows what was published");
        assert!(before.contains(leaving) && before.contains("Hoàng Văn Rút"));

        // The moderator hides the phone number: gone from every form of the report, and
        // the audit log never saw it.
        let r = m.post_raw("/quan-tri/kiem-duyet", "/quan-tri/kiem-duyet", format!("chon={p}&hanh_dong=an&an=0901234567")).await;
        assert_eq!(r.status(), 303);
        let after = report_text(&app).await;
        assert!(!after.contains("0901234567"), "hidden in the page, the CSV and the .docx");
        assert!(!app.page(&format!("/du-thao/hoc-phi/y-kien/{p}")).await.contains("0901234567"));
        let admin = app.staff("admin", None).await;
        let a = app.sign_in(&admin).await;
        let log = a.page("/quan-tri/nhat-ky").await;
        assert!(log.contains("comment.redact"));
        assert!(!log.contains("0901234567"), "the log says that something was hidden, not what");

        // The period over, the author erases who they are: the name leaves the report,
        // the opinion stays in it, anonymous (Law 91/2025/QH15).
        let page = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        let r = app.client.post(format!("{own}/xoa-danh-tinh")).form(&[("csrf", csrf_in(&page))]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let after = report_text(&app).await;
        assert!(!after.contains("Hoàng Văn Rút"), "the name is erased everywhere");
        assert!(after.contains(leaving), "the opinion stays");
        let email = app.with_db(move |c| comments::table.find(l).select(comments::email).first::<Option<String>>(c).unwrap()).await;
        assert_eq!(email, None);
    }
}

on_both_databases! {
    /// Data stored before the edge checked it (a U+FFFF typed into an answer) never
    /// breaks the .docx.
    async fn a_noncharacter_cannot_break_the_docx(app) {
        let draft = app.draft_id("via-he").await;
        app.with_db(move |c| {
            diesel::update(gopy::db::schema::responses::table.filter(gopy::db::schema::responses::draft_id.eq(draft)))
                .set(gopy::db::schema::responses::reason.eq("Giải trình\u{FFFF} có ký tự lạ\u{1}."))
                .execute(c)
                .unwrap();
            // And as the publication recorded it, which is what the report shows.
            diesel::update(gopy::db::schema::report_answers::table)
                .set(gopy::db::schema::report_answers::reason.eq("Giải trình\u{FFFF} có ký tự lạ\u{1}."))
                .execute(c)
                .unwrap()
        }).await;
        let docx = app.get("/du-thao/via-he/bao-cao.docx").await.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.to_vec())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let text: String = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(text.contains("Giải trình có ký tự lạ."));
    }
}
