//! A citizen comments on a draft or on one clause, confirms by e-mail, and can follow
//! and withdraw the comment.

use diesel::prelude::*;
use gopy::db::schema::{comments, drafts, mail_outbox, sections};
use unicode_normalization::UnicodeNormalization;

use crate::on_both_databases;

on_both_databases! {
    /// The form opens at the clause being read, quotes it, and asks for what the law
    /// needs: the comment, an e-mail, kind, organisation, commune, and two separate
    /// consents.
    async fn the_form_opens_at_the_clause(app) {
        let html = app.page("/du-thao/hoc-phi/gop-y?muc=dieu-2-khoan-2").await;
        assert!(html.contains("<h1>Góp ý về Khoản 2 Điều 2</h1>"));
        assert!(html.contains("Nội dung được góp ý"));
        assert!(html.contains("Người học được miễn học phí"), "the clause and its points are quoted");
        for field in ["name=\"noi_dung\"", "name=\"email\"", "name=\"ho_ten\"", "name=\"cong_khai_ten\"",
                      "name=\"loai\"", "name=\"to_chuc\"", "name=\"xa\"", "name=\"dong_y\"",
                      "value=\"dieu-2-khoan-2\"", "name=\"trang_web\""] {
            assert!(html.contains(field), "{field}");
        }
        assert!(html.contains("<label for=\"f-email\">Thư điện tử</label>"));
        assert!(html.contains("Không bao giờ được công khai"));
        assert!(html.contains("Phường Sài Gòn"), "communes of the jurisdiction");
        assert!(html.contains("href=\"/quyen-rieng-tu\""));
        assert!(!html.contains("<script"), "works without JavaScript");

        let whole = app.page("/du-thao/hoc-phi/gop-y").await;
        assert!(whole.contains("<h1>Góp ý toàn bộ dự thảo</h1>"));

        let privacy = app.page("/quyen-rieng-tu").await;
        assert!(privacy.contains(gopy::domain::comment::PRIVACY_VERSION));
        assert!(privacy.contains("rút lại sự đồng ý"));

        for bad in ["/du-thao/hoc-phi/gop-y?muc=dieu-99", "/du-thao/hoc-phi/gop-y?muc=%27%3B--", "/du-thao/khong-co/gop-y"] {
            let resp = app.get(bad).await;
            assert_eq!(resp.status(), 404, "{bad}");
        }
        // Chapters are not commented on; their articles are.
        assert_eq!(app.get("/du-thao/chat-thai-ran/gop-y?muc=chuong-i").await.status(), 404);
    }
}

on_both_databases! {
    /// Outside the period the page says when it opens or that it has closed, and the
    /// server refuses a submission either way.
    async fn the_period_is_enforced(app) {
        let closed = app.page("/du-thao/via-he/gop-y?muc=dieu-1").await;
        assert!(closed.contains("Dự thảo đã hết thời gian lấy ý kiến lúc"));
        assert!(!closed.contains("name=\"noi_dung\""));
        app.publish_draft("sap-mo", "Dự thảo sắp mở", "Điều 1. Một\n1. Khoản một.", days(2), days(40)).await;
        let upcoming = app.page("/du-thao/sap-mo/gop-y").await;
        assert!(upcoming.contains("bắt đầu nhận ý kiến từ"));

        // A form kept open past the deadline, or forged, is refused by the server.
        let csrf = csrf_in(&app.page("/du-thao/hoc-phi/gop-y").await);
        for slug in ["via-he", "sap-mo"] {
            let mut form = good_comment();
            form.push(("csrf", csrf.clone()));
            let resp = app.client.post(format!("{}/du-thao/{slug}/gop-y", app.address)).form(&form).send().await.unwrap();
            assert_eq!(resp.status(), 409, "{slug}");
            let html = resp.text().await.unwrap();
            assert!(html.contains("giờ Việt Nam"), "{slug}");
        }
        assert_eq!(app.with_db(|c| comments::table.filter(comments::email.is_not_null()).count().get_result::<i64>(c).unwrap()).await, 0);
    }
}

on_both_databases! {
    /// A comment is acknowledged with a tracking number and a mail that carries a
    /// confirmation link and a private status link, in plain text and HTML, with a UTF-8
    /// subject; it is stored in NFC with the privacy notice's version and time.
    async fn a_submission_gets_a_receipt_and_a_confirmation_mail(app) {
        let nfd: String = "Đề nghị bổ sung trường hợp hộ nghèo được miễn giảm.".nfd().collect();
        let resp = app.submit_comment("hoc-phi", Some("dieu-2-khoan-2"), &with(good_comment(), "noi_dung", &nfd)).await;
        assert_eq!(resp.status(), 303);
        let location = resp.headers()["location"].to_str().unwrap().to_string();
        // The receipt is at a private address, given to the browser that sent.
        assert!(regex::Regex::new(r"^/y-kien/da-gui/[0-9a-f]{64}$").unwrap().is_match(&location), "{location}");
        let receipt = app.page(&location).await;
        assert!(receipt.contains("Đã nhận ý kiến của bạn"));
        let year = gopy::domain::time::local_year(now());
        let tracking = &tracking_in(&receipt);
        assert!(regex::Regex::new(&format!(r"^GY-{year}-\d{{6}}$")).unwrap().is_match(tracking));
        assert!(receipt.contains("Khoản 2 Điều 2"));
        assert!(receipt.contains("<strong>n***@example.vn</strong>"), "where the mail went, masked");
        assert!(!receipt.contains("nguoi.dan@example.vn"), "never the address itself");
        // Tracking numbers lead nowhere: receipts cannot be enumerated.
        assert_eq!(app.get(&format!("/y-kien/da-gui/{tracking}")).await.status(), 404);
        assert_eq!(app.get(&format!("/y-kien/da-gui/{}", "0".repeat(64))).await.status(), 404);

        let mails = app.mails(1).await;
        let m = &mails[0];
        assert_eq!(m.mail.to, "nguoi.dan@example.vn");
        assert!(m.mail.subject.contains(tracking));
        assert!(m.raw.contains("Subject: =?utf-8?"), "the subject is encoded for UTF-8");
        assert!(m.raw.contains("multipart/alternative"));
        assert!(m.raw.contains("text/plain") && m.raw.contains("text/html"));
        assert!(confirm_link(m).starts_with(&app.address));
        assert!(m.mail.html.contains(&confirm_link(m)));
        assert!(m.mail.html.contains(&status_link(m)));

        let (body, status, version, consented) = app.with_db(|c| {
            comments::table
                .filter(comments::email.is_not_null())
                .select((comments::body, comments::status, comments::privacy_version, comments::privacy_consented_at))
                .first::<(String, String, String, chrono::NaiveDateTime)>(c)
                .unwrap()
        }).await;
        assert_eq!(body, "Đề nghị bổ sung trường hợp hộ nghèo được miễn giảm.", "stored in NFC");
        assert_eq!(status, "unconfirmed", "it does not count before confirmation");
        assert_eq!(version, gopy::domain::comment::PRIVACY_VERSION);
        assert!((now() - consented).num_seconds().abs() < 60);
    }
}

on_both_databases! {
    /// Each problem is shown next to its field in Vietnamese, with a summary on top, and
    /// what the user typed is kept.
    async fn validation_problems_are_shown_at_their_fields(app) {
        let form = vec![
            ("noi_dung", "Ngắn".to_string()),
            ("email", "khong-phai-email".to_string()),
            ("ho_ten", "Trần Văn Bình".to_string()),
            ("cong_khai_ten", "1".to_string()),
            ("loai", "business".to_string()),
            ("xa", "xa-khong-ton-tai".to_string()),
        ];
        let resp = app.submit_comment("hoc-phi", Some("dieu-3"), &form).await;
        assert_eq!(resp.status(), 400);
        let html = resp.text().await.unwrap();
        assert!(html.contains("Thông tin đã nhập chưa hợp lệ"));
        for (field, message) in [
            ("noi_dung", "Ý kiến cần ít nhất 10 ký tự."),
            ("email", "Địa chỉ thư điện tử chưa đúng định dạng"),
            ("to_chuc", "Nhập tên doanh nghiệp, tổ chức hoặc cơ quan bạn đại diện."),
            ("xa", "Chọn xã, phường, đặc khu trong danh sách."),
            ("dong_y", "Bạn cần đồng ý với Thông báo về xử lý dữ liệu cá nhân"),
        ] {
            assert!(html.contains(message), "{message}");
            assert!(html.contains(&format!("href=\"#f-{field}\"")), "the summary links to {field}");
            assert!(html.contains(&format!("id=\"e-{field}\"")), "the error sits at {field}");
        }
        assert!(html.contains(">Ngắn</textarea>"), "the text is kept");
        assert!(html.contains("value=\"khong-phai-email\""));
        assert!(html.contains("value=\"Trần Văn Bình\""));
        assert!(html.contains("value=\"business\" checked"));
        assert!(html.contains("name=\"cong_khai_ten\" value=\"1\" checked"));
        assert_eq!(app.with_db(|c| comments::table.filter(comments::email.is_not_null()).count().get_result::<i64>(c).unwrap()).await, 0);
    }
}

on_both_databases! {
    /// Hostile or broken input gets a clear 4xx, never a 500, and stores nothing wrong.
    async fn bad_input_is_refused_clearly(app) {
        let csrf = csrf_in(&app.page("/du-thao/hoc-phi/gop-y").await);
        let post = |body: Vec<u8>| {
            app.client
                .post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
        };
        // Oversized.
        let huge = format!("csrf={csrf}&noi_dung={}", "a".repeat(300 * 1024));
        let resp = post(huge.into_bytes()).await.unwrap();
        assert_eq!(resp.status(), 413);
        assert!(resp.text().await.unwrap().contains("vượt quá giới hạn"));
        // Invalid UTF-8.
        let resp = post(format!("csrf={csrf}&noi_dung=Gi%E1+tr%FF%FE%FD+c%C3%B3+l%E1%BB%97i&email=a%40b.vn").into_bytes()).await.unwrap();
        assert_eq!(resp.status(), 400);
        assert!(resp.text().await.unwrap().contains("không phải văn bản UTF-8"));
        // Raw bytes that are not UTF-8 at all: the token cannot match, a 4xx all the same.
        let resp = post(b"csrf=\xff\xfe&noi_dung=\xc3\x28".to_vec()).await.unwrap();
        assert!(resp.status().is_client_error(), "{}", resp.status());

        type Case = (Vec<(&'static str, String)>, Option<&'static str>, u16, &'static str);
        let cases: Vec<Case> = vec![
            (with(good_comment(), "noi_dung", "Nội dung có ký tự \u{0}\u{7} lạ trong đó."), None, 400, "ký tự điều khiển"),
            (with(good_comment(), "noi_dung", "Tôi góp ý <script>alert('x')</script> nhé"), None, 400, "thẻ HTML"),
            (with(good_comment(), "noi_dung", "Xem <a href=\"http://x\">đây</a> để biết thêm."), None, 400, "thẻ HTML"),
            (with(good_comment(), "noi_dung", &"ý".repeat(10_001)), None, 400, "tối đa 10.000 ký tự"),
            (with(good_comment(), "xa", "' OR 1=1; --"), None, 400, "Chọn xã, phường"),
            (with(good_comment(), "loai", "admin'--"), None, 400, "Chọn tư cách góp ý"),
            (with(good_comment(), "muc", "dieu-1' OR '1'='1"), None, 400, "không có điều, khoản"),
            (with(good_comment(), "muc", "dieu-999"), None, 400, "không có điều, khoản"),
        ];
        for (form, _, status, message) in cases {
            let mut form = form;
            if !form.iter().any(|(k, _)| *k == "muc") {
                form.push(("muc", String::new()));
            }
            form.push(("csrf", csrf.clone()));
            let resp = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address)).form(&form).send().await.unwrap();
            assert_eq!(resp.status().as_u16(), status, "{message}");
            let html = resp.text().await.unwrap();
            assert!(html.contains(message), "{message}");
            assert!(!html.contains("<script>alert"), "nothing is echoed unescaped");
        }
        // An unpublished draft does not exist for the public.
        app.create_draft("noi-bo", "Nội bộ", "Điều 1. Một\nNội dung.", days(-1), days(30), gopy::domain::Publication::Unpublished).await;
        let mut form = good_comment();
        form.push(("csrf", csrf.clone()));
        let resp = app.client.post(format!("{}/du-thao/noi-bo/gop-y", app.address)).form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 404);

        // SQL metacharacters are just text: stored verbatim, shown escaped, nothing broken.
        let sql = "Đề nghị sửa; '); DROP TABLE comments; -- và \"quote\" \\ backslash";
        let tracking = app.comment("hoc-phi", None, &with(good_comment(), "noi_dung", sql)).await;
        assert!(tracking.starts_with("GY-"));
        let stored = app.with_db(|c| comments::table.filter(comments::email.is_not_null()).select(comments::body).first::<String>(c).unwrap()).await;
        assert_eq!(stored, sql);
        assert_eq!(app.with_db(|c| comments::table.filter(comments::email.is_not_null()).count().get_result::<i64>(c).unwrap()).await, 1);
    }
}

on_both_databases! {
    /// A form posted from another site, or without its token, is refused; a stale page
    /// is shown again with the text kept.
    async fn forms_are_protected_against_cross_site_requests(app) {
        let html = app.page("/du-thao/hoc-phi/gop-y").await;
        let csrf = csrf_in(&html);
        let mut form = good_comment();
        form.push(("csrf", csrf.clone()));
        let resp = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
            .header("origin", "https://ke-gian.example")
            .form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 403);
        let resp = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
            .header("sec-fetch-site", "cross-site")
            .form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 403);

        // Another browser (no cookie) with a copied token: the form comes back, text kept.
        let stranger = reqwest::Client::new();
        let resp = stranger.post(format!("{}/du-thao/hoc-phi/gop-y", app.address)).form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 403);
        let html = resp.text().await.unwrap();
        assert!(html.contains("Trang đã mở quá lâu"));
        assert!(html.contains("Đề nghị làm rõ mức thu đối với hộ kinh doanh nhỏ lẻ.</textarea>"));
        assert_eq!(app.with_db(|c| comments::table.filter(comments::email.is_not_null()).count().get_result::<i64>(c).unwrap()).await, 0);

        // Same origin, as a browser sends it, passes.
        let resp = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
            .header("origin", app.address.clone())
            .header("sec-fetch-site", "same-origin")
            .form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 303);
    }
}

on_both_databases! {
    /// The comment counts once confirmed; the link works once and expires.
    async fn confirmation_links_work_once_and_expire(app) {
        app.comment("hoc-phi", Some("dieu-1"), &good_comment()).await;
        let mail = app.mails(1).await.remove(0);
        let link = confirm_link(&mail);
        let page = app.client.get(&link).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Xác nhận ý kiến"));
        let status = app.with_db(|c| comments::table.filter(comments::email.is_not_null()).select(comments::status).first::<String>(c).unwrap()).await;
        assert_eq!(status, "unconfirmed", "opening the link alone (a mail scanner) confirms nothing");

        let resp = app.confirm(&link).await;
        assert_eq!(resp.status(), 200);
        assert!(resp.text().await.unwrap().contains("Ý kiến đã được xác nhận"));
        let status = app.with_db(|c| comments::table.filter(comments::email.is_not_null()).select(comments::status).first::<String>(c).unwrap()).await;
        assert_eq!(status, "pending", "confirmed, waiting for moderation");

        // Used once: the second time it says so, without an error.
        let again = app.client.get(&link).send().await.unwrap();
        assert_eq!(again.status(), 200);
        assert!(again.text().await.unwrap().contains("Ý kiến đã được xác nhận trước đó"));
        let again = app.confirm_again(&link).await;
        assert_eq!(again.status(), 200);
        assert!(again.text().await.unwrap().contains("Ý kiến đã được xác nhận trước đó"));
        let status = app.with_db(|c| comments::table.filter(comments::email.is_not_null()).select(comments::status).first::<String>(c).unwrap()).await;
        assert_eq!(status, "pending", "still waiting for moderation, nothing changed");

        // A second comment whose link is older than the window.
        app.comment("hoc-phi", Some("dieu-1"), &with(good_comment(), "noi_dung", "Một ý kiến khác hẳn ý kiến trước.")).await;
        let mail = app.mails(2).await.remove(1);
        app.with_db(|c| {
            diesel::update(comments::table.filter(comments::status.eq("unconfirmed")))
                .set(comments::confirm_expires_at.eq(now() - days(1)))
                .execute(c)
                .unwrap()
        }).await;
        let resp = app.client.get(confirm_link(&mail)).send().await.unwrap();
        assert_eq!(resp.status(), 410);
        assert!(resp.text().await.unwrap().contains("48 giờ"));
        let page = app.client.get(format!("{}/y-kien/xac-nhan/{}", app.address, "0".repeat(64))).send().await.unwrap();
        assert_eq!(page.status(), 404);
        let page = app.client.get(format!("{}/y-kien/xac-nhan/../../etc", app.address)).send().await.unwrap();
        assert_eq!(page.status(), 404);
    }
}

on_both_databases! {
    /// With publishing on confirmation (the demo setting), a confirmed comment appears
    /// under its clause, counted in the table of contents, with the name only when the
    /// author consented, and never the e-mail.
    async fn published_comments_show_under_their_section(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        app.confirmed_comment("chat-thai-ran", Some("dieu-2-khoan-1"), &good_comment()).await;
        let named = with(with(with(good_comment(), "ho_ten", "Lê Thị Hồng"), "cong_khai_ten", "1"), "noi_dung", "Ý kiến có công khai họ tên người gửi.");
        app.confirmed_comment("chat-thai-ran", Some("dieu-2-khoan-1"), &with(named, "email", "hong@example.vn")).await;
        let hidden = with(with(good_comment(), "ho_ten", "Phạm Văn Kín"), "noi_dung", "Ý kiến không công khai họ tên người gửi.");
        app.confirmed_comment("chat-thai-ran", None, &with(hidden, "email", "kin@example.vn")).await;

        let html = app.page("/du-thao/chat-thai-ran").await;
        assert!(html.contains("Đề nghị làm rõ mức thu đối với hộ kinh doanh nhỏ lẻ."));
        assert!(html.contains("Lê Thị Hồng · Phường Sài Gòn"));
        assert!(html.contains("Cá nhân · Phường Sài Gòn"), "kind and commune without consent");
        assert!(!html.contains("Phạm Văn Kín"), "no name without consent");
        assert!(html.contains("Ý kiến về toàn bộ dự thảo"));
        assert!(html.contains("10 ý kiến đã công khai"), "three here and the demo's seven");
        assert!(html.contains("href=\"#dieu-2\">Điều 2. Đối tượng áp dụng</a> <span class=\"count\">2 ý kiến</span>"), "counted in the table of contents");
        for page in ["/du-thao/chat-thai-ran", "/du-thao/chat-thai-ran/y-kien", "/du-thao/chat-thai-ran/y-kien?muc=dieu-2-khoan-1", "/du-thao/chat-thai-ran/y-kien?muc=toan-bo", "/", "/du-thao"] {
            let html = app.page(page).await;
            for private in ["@example.vn", "nguoi.dan", "Phạm Văn Kín"] {
                assert!(!html.contains(private), "{private} on {page}");
            }
        }
        // The list of all the draft's comments says what each one is about, with a link
        // there, and links each to its own page.
        let all = app.page("/du-thao/chat-thai-ran/y-kien").await;
        assert!(all.contains("<p class=\"about\">Ý kiến về <a href=\"/du-thao/chat-thai-ran#dieu-2-khoan-1\">Khoản 1 Điều 2</a></p>"), "{all}");
        assert!(all.contains("<p class=\"about\"><a href=\"/du-thao/chat-thai-ran\">Ý kiến về toàn bộ dự thảo</a></p>"));
        assert!(regex::Regex::new(r#"<a class="meta" href="/du-thao/chat-thai-ran/y-kien/\d+">GY-"#).unwrap().is_match(&all));
        let section = app.page("/du-thao/chat-thai-ran/y-kien?muc=dieu-2-khoan-1").await;
        assert!(section.contains("<h1>Ý kiến về Khoản 1 Điều 2</h1>"));
        assert!(section.contains("2 ý kiến đã công khai"));
        let counts = app.with_db(|c| {
            let d = drafts::table.filter(drafts::slug.eq("chat-thai-ran")).select((drafts::published_comments, drafts::whole_draft_comments)).first::<(i64, i64)>(c).unwrap();
            let s = sections::table
                .inner_join(gopy::db::schema::draft_versions::table.inner_join(drafts::table))
                .filter(drafts::slug.eq("chat-thai-ran"))
                .filter(sections::anchor.eq("dieu-2-khoan-1"))
                .select(sections::published_comments)
                .first::<i64>(c)
                .unwrap();
            (d, s)
        }).await;
        assert_eq!(counts, ((10, 2), 2), "with the demo's six comments on Điều 7 and one on the whole draft");
    }
}

on_both_databases! {
    /// Published comments are listed 20 a page.
    async fn the_comments_of_a_section_are_paginated(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        for i in 0..23 {
            let text = format!("Ý kiến số {i} về mức thu học phí các xã.");
            app.confirmed_comment("hoc-phi", Some("dieu-3"), &with(good_comment(), "noi_dung", &text)).await;
        }
        let first = app.page("/du-thao/hoc-phi/y-kien?muc=dieu-3").await;
        assert_eq!(count(&first, "<article class=\"comment\""), 20);
        assert!(first.contains("24 ý kiến đã công khai"), "23 and the demo's one");
        assert!(first.contains("href=\"/du-thao/hoc-phi/y-kien?muc=dieu-3&amp;trang=2\""));
        let second = app.page("/du-thao/hoc-phi/y-kien?muc=dieu-3&trang=2").await;
        assert_eq!(count(&second, "<article class=\"comment\""), 4);
        let draft = app.page("/du-thao/hoc-phi").await;
        assert_eq!(count(&draft, "<article class=\"comment\""), 3, "the draft page shows the latest three");
        assert!(draft.contains("Xem tất cả 24 ý kiến"));
    }
}

on_both_databases! {
    /// The author follows their comment by its private link and may withdraw it while
    /// the period is open, which erases its text and their personal data.
    async fn the_author_can_withdraw_and_erase(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true")) {
        let form = with(with(good_comment(), "ho_ten", "Đỗ Minh Tâm"), "cong_khai_ten", "1");
        let tracking = app.confirmed_comment("hoc-phi", Some("dieu-1"), &form).await;
        assert!(app.page("/du-thao/hoc-phi").await.contains("Đỗ Minh Tâm"));
        let mail = app.mails(1).await.remove(0);
        let own = status_link(&mail);
        let page = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&tracking));
        assert!(page.contains("Đã công khai"));
        // Withdrawing asks first, on a page of its own.
        let path = own.trim_start_matches(&app.address).to_string();
        assert!(page.contains(&format!("<a class=\"button secondary\" href=\"{path}/rut\">Rút lại ý kiến…</a>")), "{page}");
        let ask = app.client.get(format!("{own}/rut")).send().await.unwrap().text().await.unwrap();
        assert!(ask.contains(&format!("Rút lại ý kiến {tracking}?")));
        assert!(ask.contains("Có, rút lại và xóa ý kiến"));
        assert!(ask.contains(&format!("href=\"{path}\">Không, giữ ý kiến</a>")));
        assert_eq!(app.with_db(|c| comments::table.filter(comments::status.eq("withdrawn")).count().get_result::<i64>(c).unwrap()).await, 0, "asking withdraws nothing");

        let csrf = csrf_in(&ask);
        let resp = app.client.post(format!("{own}/rut")).form(&[("csrf", csrf.clone())]).send().await.unwrap();
        assert_eq!(resp.status(), 303);
        let page = app.client.get(format!("{own}?ket-qua=da-rut")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Đã rút lại"));
        assert!(!page.contains("Đề nghị làm rõ"));

        let row = app.with_db(|c| {
            comments::table
                .filter(comments::status.eq("withdrawn"))
                .select((comments::status, comments::body, comments::email, comments::name, comments::locality_id))
                .first::<(String, String, Option<String>, String, Option<i64>)>(c)
                .unwrap()
        }).await;
        assert_eq!(row, ("withdrawn".into(), String::new(), None, String::new(), None));
        let outbox = app.with_db(|c| mail_outbox::table.count().get_result::<i64>(c).unwrap()).await;
        assert_eq!(outbox, 0, "the mail with its address is gone too");
        let html = app.page("/du-thao/hoc-phi").await;
        assert!(!html.contains("Đỗ Minh Tâm"));
        assert!(html.contains("1 ý kiến đã công khai"), "only the demo's comment is left");

        // Twice is harmless.
        let resp = app.client.post(format!("{own}/rut")).form(&[("csrf", csrf)]).send().await.unwrap();
        assert_eq!(resp.status(), 303);
    }
}

on_both_databases! {
    /// After the period closes a comment can no longer be withdrawn.
    async fn a_comment_stays_after_the_period_closes(app) {
        let id = app.publish_draft("dong-som", "Dự thảo đóng sớm", "Điều 1. Một\n1. Khoản một.", days(-5), days(5)).await;
        app.confirmed_comment("dong-som", Some("dieu-1"), &good_comment()).await;
        let own = status_link(&app.mails(1).await[0]);
        let page = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_in(&app.client.get(format!("{own}/rut")).send().await.unwrap().text().await.unwrap());
        assert!(page.contains("Rút lại ý kiến…"));
        app.with_db(move |c| {
            diesel::update(drafts::table.find(id)).set(drafts::closes_at.eq(now() - days(1))).execute(c).unwrap()
        }).await;
        let page = app.client.get(&own).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("không thể rút lại"));
        let resp = app.client.post(format!("{own}/rut")).form(&[("csrf", csrf)]).send().await.unwrap();
        assert_eq!(resp.status(), 409);
        let status = app.with_db(|c| comments::table.filter(comments::email.is_not_null()).select(comments::status).first::<String>(c).unwrap()).await;
        assert_eq!(status, "pending");
    }
}

on_both_databases! {
    /// The same text from the same address on the same draft is stored once, whatever
    /// its spelling; a link is flagged; the honeypot stops bots.
    async fn duplicates_links_and_bots(app) {
        let first = app.comment("hoc-phi", None, &good_comment()).await;
        let copy = with(
            with(good_comment(), "email", "Nguoi.Dan@Example.VN"),
            "noi_dung",
            &format!("  {}  ", "Đề nghị làm rõ mức thu đối với hộ kinh doanh nhỏ lẻ.".nfd().collect::<String>()),
        );
        let resp = app.submit_comment("hoc-phi", Some("dieu-3"), &copy).await;
        assert_eq!(resp.status(), 200, "said at once, with the first one's number");
        let page = resp.text().await.unwrap();
        assert!(page.contains("Ý kiến này đã được gửi trước đó"));
        assert!(page.contains(&first));
        assert!(page.contains(&format!("href=\"/y-kien/tim-lai?ma-so={first}\"")), "a way to have its links again");
        assert_eq!(app.with_db(|c| comments::table.filter(comments::email.is_not_null()).count().get_result::<i64>(c).unwrap()).await, 1);
        assert_eq!(app.mails_queued().await, 1, "one mail");
        assert_eq!(app.mails(1).await.len(), 1);

        let link = with(good_comment(), "noi_dung", "Tham khảo mô hình tại https://vi-du.example.com/mo-hinh nhé.");
        app.comment("hoc-phi", None, &link).await;
        let flagged = app.with_db(|c| comments::table.filter(comments::has_links.eq(true)).count().get_result::<i64>(c).unwrap()).await;
        assert_eq!(flagged, 1);

        let bot = with(with(good_comment(), "trang_web", "http://spam.example"), "noi_dung", "Nội dung do máy gửi hàng loạt.");
        let resp = app.submit_comment("hoc-phi", None, &bot).await;
        assert_eq!(resp.status(), 400);
        assert!(resp.text().await.unwrap().contains("ô ẩn chống thư rác"));
        assert_eq!(app.with_db(|c| comments::table.filter(comments::email.is_not_null()).count().get_result::<i64>(c).unwrap()).await, 2);
    }
}

on_both_databases! {
    /// Over a limit the client gets 429 with Retry-After and a page that says when; the
    /// limits per address and per e-mail are separate, and the address is the socket's
    /// unless the portal trusts its proxy.
    async fn submissions_are_rate_limited(app, |b| b.setting("GOPY_RATE_SUBMIT_IP", "3/h").setting("GOPY_RATE_SUBMIT_EMAIL", "2/h")) {
        let text = |i: usize| format!("Ý kiến thứ {i} về mức thu học phí.");
        app.comment("hoc-phi", None, &with(good_comment(), "noi_dung", &text(1))).await;
        app.comment("hoc-phi", None, &with(good_comment(), "noi_dung", &text(2))).await;
        // Third from the same e-mail: over the per-address-of-mail limit.
        let resp = app.submit_comment("hoc-phi", None, &with(good_comment(), "noi_dung", &text(3))).await;
        assert_eq!(resp.status(), 429);
        let retry: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(retry > 60, "{retry}");
        assert!(resp.text().await.unwrap().contains("Bạn thao tác quá nhanh"));
        // Another e-mail from the same address: the per-IP limit (3) is now reached.
        let other = with(with(good_comment(), "email", "khac@example.vn"), "noi_dung", &text(4));
        let resp = app.submit_comment("hoc-phi", None, &other).await;
        assert_eq!(resp.status(), 429);
        // A spoofed X-Forwarded-For does not buy a new quota when the proxy is not trusted.
        let csrf = csrf_in(&app.page("/du-thao/hoc-phi/gop-y").await);
        let mut form = with(other.clone(), "noi_dung", &text(5));
        form.push(("csrf", csrf));
        let resp = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
            .header("x-forwarded-for", "203.0.113.7")
            .form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 429);
        // Reading is never limited.
        assert_eq!(app.get("/du-thao/hoc-phi/gop-y").await.status(), 200);
        assert_eq!(app.with_db(|c| comments::table.filter(comments::email.is_not_null()).count().get_result::<i64>(c).unwrap()).await, 2);
    }
}

on_both_databases! {
    /// Behind a trusted proxy, each client's forwarded address has its own quota.
    async fn a_trusted_proxy_forwards_the_client_address(app, |b| b.setting("GOPY_RATE_SUBMIT_IP", "1/h").setting("GOPY_TRUST_PROXY", "true")) {
        let csrf = csrf_in(&app.page("/du-thao/hoc-phi/gop-y").await);
        for (i, ip) in ["203.0.113.1", "203.0.113.2"].iter().enumerate() {
            let mut form = with(good_comment(), "noi_dung", &format!("Ý kiến từ máy số {i} khác nhau."));
            form.push(("csrf", csrf.clone()));
            let resp = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
                .header("x-forwarded-for", format!("198.51.100.9, {ip}"))
                .form(&form).send().await.unwrap();
            assert_eq!(resp.status(), 303, "{ip}");
        }
        let mut form = with(good_comment(), "noi_dung", "Ý kiến thứ hai từ máy số một.");
        form.push(("csrf", csrf));
        let resp = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
            .header("x-forwarded-for", "203.0.113.1")
            .form(&form).send().await.unwrap();
        assert_eq!(resp.status(), 429);
    }
}

on_both_databases! {
    /// Confirmation links are limited per address too (they are guessed only by brute
    /// force).
    async fn confirmations_are_rate_limited(app, |b| b.setting("GOPY_RATE_CONFIRM_IP", "3/min")) {
        for i in 0..3 {
            let resp = app.get(&format!("/y-kien/xac-nhan/{}", format!("{i}").repeat(64))).await;
            assert_eq!(resp.status(), 404);
        }
        let resp = app.get(&format!("/y-kien/xac-nhan/{}", "9".repeat(64))).await;
        assert_eq!(resp.status(), 429);
        assert!(resp.headers().contains_key("retry-after"));
    }
}
