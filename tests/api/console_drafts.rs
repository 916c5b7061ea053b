//! An editor authors a draft: metadata, text and versions, files, publication and the
//! comment period.

use diesel::prelude::*;
use gopy::db::schema::{comments, drafts, sections};

use crate::helpers::*;
use crate::on_both_databases;

fn day(n: i64) -> String {
    (gopy::domain::time::local_date(now()) + chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

async fn doc_type(app: &TestApp, code: &str) -> String {
    let code = code.to_string();
    app.with_db(move |c| {
        gopy::db::queries::reference::document_type_by_code(c, &code)
            .unwrap()
            .unwrap()
            .id
            .to_string()
    })
    .await
}

async fn agency(app: &TestApp, slug: &str) -> String {
    let slug = slug.to_string();
    app.with_db(move |c| {
        gopy::db::queries::reference::agency_by_slug(c, &slug)
            .unwrap()
            .unwrap()
            .id
            .to_string()
    })
    .await
}

const TEXT: &str = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Phạm vi điều chỉnh\nQuyết định này quy định việc trông giữ xe.\n\nĐiều 2. Mức giá\n1. Xe máy: 5.000 đồng/lượt.\n2. Xe đạp: 2.000 đồng/lượt.\n\nĐiều 3. Hiệu lực\nQuyết định có hiệu lực từ ngày ký.\n\nNơi nhận:\n- Như Điều 3;\nCHỦ TỊCH\n";

/// Creates a draft through the console; returns its id.
async fn create(
    app: &TestApp,
    editor: &StaffClient,
    slug: &str,
    closes_in: i64,
) -> gopy::domain::ids::DraftId {
    let form = vec![
        (
            "tieu_de",
            "Quyết định quy định giá dịch vụ trông giữ xe".to_string(),
        ),
        ("duong_dan", slug.to_string()),
        ("loai", doc_type(app, "quyet-dinh-chu-tich-ubnd").await),
        ("co_quan", agency(app, "so-xay-dung").await),
        ("tom_tat", "Giá trông giữ xe máy, xe đạp.".into()),
        ("giai_doan", "draft".into()),
        ("kiem_duyet", "pre".into()),
        ("mo_tu", day(0)),
        ("dong_den", day(closes_in)),
        ("tc_quyen", "1".into()),
    ];
    let resp = editor
        .post_form("/quan-tri/du-thao/moi", "/quan-tri/du-thao/moi", &form)
        .await;
    assert_eq!(resp.status(), 303, "{}", resp.text().await.unwrap());
    app.draft_id(slug).await
}

/// Pastes `text`, checks the preview, and saves it as the next version.
async fn save_text(
    editor: &StaffClient,
    id: gopy::domain::ids::DraftId,
    text: &str,
    note: &str,
) -> String {
    let html = editor
        .page(&format!("/quan-tri/du-thao/{id}/van-ban"))
        .await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_in(&html))
        .text("van_ban", text.to_string())
        .part(
            "tep",
            reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
        );
    let preview = editor
        .client
        .post(format!(
            "{}/quan-tri/du-thao/{id}/van-ban/xem-truoc",
            editor.base
        ))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), 200);
    let preview = preview.text().await.unwrap();
    let saved = editor
        .post_form(
            &format!("/quan-tri/du-thao/{id}/van-ban"),
            &format!("/quan-tri/du-thao/{id}/van-ban/luu"),
            &[("van_ban", text.to_string()), ("ghi_chu", note.to_string())],
        )
        .await;
    assert_eq!(saved.status(), 303);
    preview
}

on_both_databases! {
    /// The comment period must be as long as the document type requires, and the refusal
    /// names the rule; then the editor adds the text (seeing its structure first),
    /// attaches files, and publishes.
    async fn an_editor_authors_and_publishes_a_draft(app) {
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let editor = app.sign_in(&editor).await;

        // Too short for a decision of the Chairman: at least 10 days (Decree 187/2025).
        let form = vec![
            ("tieu_de", "Quyết định quy định giá dịch vụ trông giữ xe".to_string()),
            ("duong_dan", "trong-giu-xe".to_string()),
            ("loai", doc_type(&app, "quyet-dinh-chu-tich-ubnd").await),
            ("co_quan", agency(&app, "so-xay-dung").await),
            ("mo_tu", day(0)),
            ("dong_den", day(4)),
        ];
        let resp = editor.post_form("/quan-tri/du-thao/moi", "/quan-tri/du-thao/moi", &form).await;
        assert_eq!(resp.status(), 400);
        let html = resp.text().await.unwrap();
        // The rule is not confirmed yet: enforced, and no rule is cited.
        assert!(html.contains("phải ít nhất 10 ngày; thời gian bạn đặt là 4 ngày"), "{html}");
        assert!(!html.contains("78/2025"), "an unconfirmed rule is not cited");
        assert!(html.contains("(căn cứ chưa được xác nhận)"), "the console marks it");
        assert!(html.contains("value=\"Quyết định quy định giá dịch vụ trông giữ xe\""), "typed values are kept");

        let id = create(&app, &editor, "trong-giu-xe", 14).await;
        assert_eq!(app.get("/du-thao/trong-giu-xe").await.status(), 404, "not public before publication");
        let refused = editor.post_form(&format!("/quan-tri/du-thao/{id}"), &format!("/quan-tri/du-thao/{id}/cong-bo"), &[]).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains("Thêm văn bản dự thảo trước khi đăng tải."));

        let preview = save_text(&editor, id, TEXT, "").await;
        assert!(preview.contains("Điều: <strong>3</strong>"), "the structure is shown before saving");
        assert!(preview.contains("#dieu-2-khoan-1"));

        // A .docx reads the same way.
        let docx = {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let opts = zip::write::SimpleFileOptions::default();
            zip.start_file("word/document.xml", opts).unwrap();
            let paras: String = TEXT.lines().map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>")).collect();
            zip.write_all(format!("<w:document xmlns:w=\"x\"><w:body>{paras}</w:body></w:document>").as_bytes()).unwrap();
            zip.finish().unwrap().into_inner()
        };
        let html = editor.page(&format!("/quan-tri/du-thao/{id}/van-ban")).await;
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf_in(&html))
            .text("van_ban", "")
            .part("tep", reqwest::multipart::Part::bytes(docx).file_name("Dự thảo.docx"));
        let preview = editor.client.post(format!("{}/quan-tri/du-thao/{id}/van-ban/xem-truoc", app.address)).multipart(form).send().await.unwrap();
        assert_eq!(preview.status(), 200);
        assert!(preview.text().await.unwrap().contains("Điều: <strong>3</strong>"));

        // Files: a PDF is taken; anything else, or too big, is refused with a reason.
        let upload = |name: &'static str, bytes: Vec<u8>| {
            let client = editor.client.clone();
            let base = app.address.clone();
            let page = format!("/quan-tri/du-thao/{id}");
            async move {
                let html = client.get(format!("{base}{page}")).send().await.unwrap().text().await.unwrap();
                let form = reqwest::multipart::Form::new()
                    .text("csrf", csrf_in(&html))
                    .text("loai", "submission")
                    .text("tieu_de", "Tờ trình")
                    .part("tep", reqwest::multipart::Part::bytes(bytes).file_name(name));
                client.post(format!("{base}{page}/tep")).multipart(form).send().await.unwrap()
            }
        };
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
        assert_eq!(upload("to-trinh.pdf", pdf.clone()).await.status(), 303);
        let wrong = upload("to-trinh.pdf", b"MZ\x90\x00 not a pdf".to_vec()).await;
        assert_eq!(wrong.status(), 415);
        assert!(wrong.text().await.unwrap().contains("Chỉ nhận tệp PDF, DOCX hoặc ODT"));

        let published = editor.post_form(&format!("/quan-tri/du-thao/{id}"), &format!("/quan-tri/du-thao/{id}/cong-bo"), &[]).await;
        assert_eq!(published.status(), 303);
        let public = app.page("/du-thao/trong-giu-xe").await;
        assert!(public.contains("Quyết định quy định giá dịch vụ trông giữ xe"));
        assert!(public.contains("id=\"dieu-2-khoan-1\""));
        assert!(public.contains("Tờ trình: Tờ trình"));
        let link = regex::Regex::new(r#"href="(/du-thao/trong-giu-xe/tep/\d+/[^"]+)""#).unwrap();
        let path = link.captures(&public).unwrap()[1].to_string();
        let resp = app.get(&path).await;
        assert_eq!(resp.headers()["content-type"], "application/pdf");
        assert_eq!(resp.bytes().await.unwrap().to_vec(), pdf);
    }
}

on_both_databases! {
    /// Extending and closing early take a reason, which the public page shows.
    async fn the_period_is_extended_or_closed_with_a_public_reason(app) {
        let editor = app.staff("editor", Some("so-giao-duc-va-dao-tao")).await;
        let editor = app.sign_in(&editor).await;
        let id = app.draft_id("hoc-phi").await;
        let page = format!("/quan-tri/du-thao/{id}");
        let no_reason = editor.post_form(&page, &format!("{page}/gia-han"), &[("dong_den_moi", day(12)), ("ly_do", String::new())]).await;
        assert_eq!(no_reason.status(), 422);
        let extended = editor.post_form(&page, &format!("{page}/gia-han"), &[("dong_den_moi", day(12)), ("ly_do", "Nhiều phụ huynh đề nghị thêm thời gian.".into())]).await;
        assert_eq!(extended.status(), 303);
        let public = app.page("/du-thao/hoc-phi").await;
        assert!(public.contains("Gia hạn lấy ý kiến đến hết ngày"));
        assert!(public.contains("Nhiều phụ huynh đề nghị thêm thời gian."));
        assert!(public.contains("Còn 12 ngày"));

        // Closing early before the minimum has run is refused (tests/api/periods.rs);
        // once it has run, the period may end early with its reason. The demo's draft
        // opened long enough ago for that here.
        app.with_db(move |c| {
            use gopy::db::schema::drafts;
            diesel::update(drafts::table.find(id))
                .set(drafts::opens_at.eq(Some(now() - chrono::Duration::days(40))))
                .execute(c)
                .unwrap();
        })
        .await;
        // A comment sent just before: where it went is kept for the next ones, and
        // closing must make the next one look again at once.
        app.comment("hoc-phi", None, &good_comment()).await;
        let token = csrf_in(&app.page("/du-thao/hoc-phi/gop-y").await);
        let closed = editor.post_form(&page, &format!("{page}/ket-thuc"), &[("ly_do", "Đã đủ ý kiến để tổng hợp.".into())]).await;
        assert_eq!(closed.status(), 303);
        let late = app.client
            .post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
            .form(&with(with(good_comment(), "csrf", &token), "muc", ""))
            .send()
            .await
            .unwrap();
        assert_eq!(late.status(), 409, "refused as soon as the period is closed");
        let public = app.page("/du-thao/hoc-phi").await;
        assert!(public.contains("Kết thúc lấy ý kiến sớm lúc"));
        assert!(public.contains("Đã kết thúc lấy ý kiến"));
        let form = app.page("/du-thao/hoc-phi/gop-y").await;
        assert!(!form.contains("name=\"noi_dung\""), "no more comments");
    }
}

on_both_databases! {
    /// A new version keeps each comment on its section (renumbered or changed), marks
    /// those whose clause changed, and shows what changed.
    async fn a_new_version_carries_comments_over(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let editor = app.sign_in(&editor).await;
        let id = create(&app, &editor, "trong-giu-xe", 14).await;
        save_text(&editor, id, TEXT, "").await;
        assert_eq!(editor.attach_pdf(id, "submission", "Tờ trình").await.status(), 303);
        assert_eq!(editor.post_form(&format!("/quan-tri/du-thao/{id}"), &format!("/quan-tri/du-thao/{id}/cong-bo"), &[]).await.status(), 303);
        app.confirmed_comment("trong-giu-xe", Some("dieu-2-khoan-1"), &with(good_comment(), "noi_dung", "Giá xe máy 5.000 đồng là cao.")).await;
        app.confirmed_comment("trong-giu-xe", Some("dieu-3"), &with(good_comment(), "noi_dung", "Nên có hiệu lực sau 45 ngày.")).await;

        // Version 2: a new article 2 is inserted, the old article 2 becomes article 3 with
        // a changed price, and the effect article becomes article 4 unchanged.
        let v2 = "QUYẾT ĐỊNH:\n\nĐiều 1. Phạm vi điều chỉnh\nQuyết định này quy định việc trông giữ xe.\n\nĐiều 2. Đối tượng áp dụng\nCác điểm trông giữ xe công cộng.\n\nĐiều 3. Mức giá\n1. Xe máy: 4.000 đồng/lượt.\n2. Xe đạp: 2.000 đồng/lượt.\n\nĐiều 4. Hiệu lực\nQuyết định có hiệu lực từ ngày ký.\n";
        save_text(&editor, id, v2, "Giảm giá xe máy theo góp ý").await;

        let moved = app.with_db(move |c| {
            comments::table
                .filter(comments::draft_id.eq(id))
                .inner_join(sections::table.on(sections::id.nullable().eq(comments::section_id)))
                .select((comments::body, sections::anchor, comments::section_changed))
                .order(comments::id)
                .load::<(String, String, bool)>(c)
                .unwrap()
        }).await;
        assert_eq!(moved, vec![
            ("Giá xe máy 5.000 đồng là cao.".to_string(), "dieu-3-khoan-1".to_string(), true),
            ("Nên có hiệu lực sau 45 ngày.".to_string(), "dieu-4".to_string(), false),
        ]);
        let html = app.page("/du-thao/trong-giu-xe").await;
        assert!(html.contains("Sửa đổi so với lần trước"));
        assert!(html.contains("<del>5.000</del>") && html.contains("<ins>4.000</ins>"), "a word diff");
        assert!(html.contains("Điều, khoản này đã được sửa đổi sau khi góp ý."));
        assert!(html.contains("Giảm giá xe máy theo góp ý") || html.contains("Các lần dự thảo"));
        assert!(html.contains("href=\"#dieu-3\">Điều 3. Mức giá</a> <span class=\"count\">1 ý kiến</span>"));
        let old = app.page("/du-thao/trong-giu-xe?lan=1").await;
        assert!(old.contains("5.000 đồng/lượt"));
        let counts = app.with_db(|c| drafts::table.filter(drafts::slug.eq("trong-giu-xe")).select(drafts::published_comments).first::<i64>(c).unwrap()).await;
        assert_eq!(counts, 2);
    }
}
