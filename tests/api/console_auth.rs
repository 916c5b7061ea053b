//! Staff sign in, sessions end when they should, and forms are protected.

use diesel::prelude::*;
use gopy::db::schema::{accounts, audit_log};

use crate::on_both_databases;

on_both_databases! {
    /// The console asks to sign in and comes back to the page asked for; a wrong password
    /// and an unknown account get the same answer; the session cookie is HttpOnly,
    /// SameSite=Lax and scoped to the console, and renewed at sign-in.
    async fn signing_in(app) {
        let resp = app.get("/quan-tri/du-thao").await;
        assert_eq!(resp.status(), 303);
        assert_eq!(resp.headers()["location"], "/quan-tri/dang-nhap?tiep=%2Fquan-tri%2Fdu-thao");

        let email = app.staff("editor", Some("so-xay-dung")).await;
        let browser = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let login = |email: String, password: &'static str| {
            let browser = browser.clone();
            let base = app.address.clone();
            async move {
                let html = browser.get(format!("{base}/quan-tri/dang-nhap")).send().await.unwrap().text().await.unwrap();
                browser
                    .post(format!("{base}/quan-tri/dang-nhap"))
                    .form(&[("csrf", csrf_in(&html)), ("email", email), ("mat_khau", password.to_string()), ("tiep", "/quan-tri/du-thao".into())])
                    .send()
                    .await
                    .unwrap()
            }
        };
        let wrong = login(email.clone(), "sai mật khẩu rồi").await;
        let (wrong_status, wrong_body) = (wrong.status(), wrong.text().await.unwrap());
        let unknown = login("khong-co@so.example.vn".into(), "sai mật khẩu rồi").await;
        let (unknown_status, unknown_body) = (unknown.status(), unknown.text().await.unwrap());
        assert_eq!(wrong_status, 401);
        assert_eq!(wrong_status, unknown_status);
        let message = "Thư điện tử hoặc mật khẩu không đúng.";
        assert!(wrong_body.contains(message) && unknown_body.contains(message));
        let strip = |s: &str| regex::Regex::new(r#"value="[0-9a-f]{64}"|value="[^"]*@[^"]*""#).unwrap().replace_all(s, "").to_string();
        assert_eq!(strip(&wrong_body), strip(&unknown_body), "the two pages are the same");

        let ok = login(email.clone(), STAFF_PASSWORD).await;
        assert_eq!(ok.status(), 303);
        assert_eq!(ok.headers()["location"], "/quan-tri/du-thao");
        let cookie = ok.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("gopy_phien=")).expect("a session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/quan-tri"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http in tests");
        let page = browser.get(format!("{}/quan-tri/du-thao", app.address)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Dự thảo"));

        // Signing in is recorded.
        let logged = app.with_db(|c| audit_log::table.filter(audit_log::action.eq("staff.sign_in")).count().get_result::<i64>(c).unwrap()).await;
        assert_eq!(logged, 1);
    }
}

on_both_databases! {
    /// Over the limit per account, sign-in waits, whether the account exists or not.
    async fn sign_in_is_rate_limited(app, |b| b.setting("GOPY_RATE_LOGIN_ACCOUNT", "3/h")) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let browser = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let html = browser.get(format!("{}/quan-tri/dang-nhap", app.address)).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_in(&html);
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let r = browser.post(format!("{}/quan-tri/dang-nhap", app.address))
                .form(&[("csrf", csrf.clone()), ("email", email.clone()), ("mat_khau", "sai".into())])
                .send().await.unwrap();
            statuses.push(r.status().as_u16());
        }
        assert_eq!(statuses, [401, 401, 401, 429]);
    }
}

on_both_databases! {
    /// A password change ends the account's other sessions; deactivation ends all of
    /// them; signing out ends one.
    async fn sessions_end_when_they_should(app) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let laptop = app.sign_in(&email).await;
        let phone = app.sign_in(&email).await;
        assert_eq!(phone.get("/quan-tri").await.status(), 200);

        // A weak new password is refused with its reason.
        let weak = laptop.post_form("/quan-tri/mat-khau", "/quan-tri/mat-khau", &[("cu", STAFF_PASSWORD.into()), ("moi", "ngắn".into())]).await;
        assert_eq!(weak.status(), 400);
        assert!(weak.text().await.unwrap().contains("ít nhất 12 ký tự"));

        let changed = laptop.post_form("/quan-tri/mat-khau", "/quan-tri/mat-khau", &[("cu", STAFF_PASSWORD.into()), ("moi", "Một mật khẩu mới đủ dài".into())]).await;
        assert_eq!(changed.status(), 303);
        assert_eq!(laptop.get("/quan-tri").await.status(), 200, "this session goes on");
        assert_eq!(phone.get("/quan-tri").await.status(), 303, "the other one ended");
        let hash = app.with_db({ let e = email.clone(); move |c| accounts::table.filter(accounts::email.eq(e)).select(accounts::password_hash).first::<String>(c).unwrap() }).await;
        assert!(hash.starts_with("$argon2id$"));

        // An administrator deactivates the account: its session ends at once.
        let admin = app.staff("admin", None).await;
        let admin = app.sign_in(&admin).await;
        let id = app.with_db({ let e = email.clone(); move |c| accounts::table.filter(accounts::email.eq(e)).select(accounts::id).first::<i64>(c).unwrap() }).await;
        let r = admin.post_form("/quan-tri/tai-khoan", &format!("/quan-tri/tai-khoan/{id}/trang-thai"), &[("hoat_dong", "0".into())]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(laptop.get("/quan-tri").await.status(), 303);

        // Signing out.
        let r = admin.post_form("/quan-tri", "/quan-tri/dang-xuat", &[]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(admin.get("/quan-tri").await.status(), 303);
    }
}

on_both_databases! {
    /// Console forms need their token, and a request from another site is refused.
    async fn console_forms_are_protected(app) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let editor = app.sign_in(&email).await;
        let no_token = editor.client.post(format!("{}/quan-tri/du-thao/moi", app.address))
            .form(&[("tieu_de", "Dự thảo giả mạo")]).send().await.unwrap();
        assert_eq!(no_token.status(), 403);
        let html = editor.page("/quan-tri/du-thao/moi").await;
        let cross = editor.client.post(format!("{}/quan-tri/du-thao/moi", app.address))
            .header("origin", "https://ke-gian.example")
            .form(&[("csrf", csrf_in(&html)), ("tieu_de", "Dự thảo giả mạo".into())]).send().await.unwrap();
        assert_eq!(cross.status(), 403);
        let count = app.with_db(|c| gopy::db::schema::drafts::table.count().get_result::<i64>(c).unwrap()).await;
        assert_eq!(count, 4, "the demo's drafts only");
    }
}

on_both_databases! {
    /// Administrators create accounts; the form refuses what it must.
    async fn administrators_manage_accounts(app) {
        let admin = app.staff("admin", None).await;
        let admin = app.sign_in(&admin).await;
        let agency = app.with_db(|c| gopy::db::queries::reference::agency_by_slug(c, "so-xay-dung").unwrap().unwrap().id).await;
        let bad = admin.post_form("/quan-tri/tai-khoan", "/quan-tri/tai-khoan", &[
            ("ten", "Ngô Thị Lan".into()), ("email", "lan@so.example.vn".into()), ("vai_tro", "moderator".into()), ("co_quan", String::new()), ("mat_khau", "Kiểm duyệt viên mới 2026".into()),
        ]).await;
        assert_eq!(bad.status(), 400);
        assert!(bad.text().await.unwrap().contains("Chọn cơ quan cho biên tập viên hoặc người kiểm duyệt."));
        let ok = admin.post_form("/quan-tri/tai-khoan", "/quan-tri/tai-khoan", &[
            ("ten", "Ngô Thị Lan".into()), ("email", "Lan@So.Example.vn".into()), ("vai_tro", "moderator".into()), ("co_quan", agency.to_string()), ("mat_khau", "Kiểm duyệt viên mới 2026".into()),
        ]).await;
        assert_eq!(ok.status(), 303);
        let row = app.with_db(|c| accounts::table.filter(accounts::email.eq("lan@so.example.vn")).select((accounts::role, accounts::agency_id)).first::<(String, Option<gopy::domain::ids::AgencyId>)>(c).unwrap()).await;
        assert_eq!(row, ("moderator".to_string(), Some(agency)));
        let again = admin.post_form("/quan-tri/tai-khoan", "/quan-tri/tai-khoan", &[
            ("ten", "Ngô Thị Lan".into()), ("email", "lan@so.example.vn".into()), ("vai_tro", "moderator".into()), ("co_quan", agency.to_string()), ("mat_khau", "Kiểm duyệt viên mới 2026".into()),
        ]).await;
        assert!(again.text().await.unwrap().contains("Đã có tài khoản với thư điện tử này."));
        let listed = admin.page("/quan-tri/tai-khoan").await;
        assert!(listed.contains("lan@so.example.vn"));
    }
}

on_both_databases! {
    /// The audit log records staff actions with what changed, administrators filter it,
    /// and the database refuses to change or delete an entry.
    async fn the_audit_log_is_append_only(app) {
        let admin = app.staff("admin", None).await;
        let admin_client = app.sign_in(&admin).await;
        let id = app.draft_id("hoc-phi").await;
        let r = admin_client.post_form(&format!("/quan-tri/du-thao/{id}"), &format!("/quan-tri/du-thao/{id}/gia-han"), &[
            ("dong_den_moi", (gopy::domain::time::local_date(now()) + chrono::Duration::days(10)).format("%Y-%m-%d").to_string()),
            ("ly_do", "Để người dân có thêm thời gian góp ý.".into()),
        ]).await;
        assert_eq!(r.status(), 303);
        let log = admin_client.page("/quan-tri/nhat-ky?hanh-dong=draft.extend").await;
        assert!(log.contains("draft.extend"));
        assert!(log.contains(&admin));
        assert!(log.contains("period_note"), "before and after are kept");
        assert!(log.contains("1 mục"));

        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let editor = app.sign_in(&editor).await;
        assert_eq!(editor.get("/quan-tri/nhat-ky").await.status(), 403);

        let tampered = app.with_db(|c| diesel::update(audit_log::table).set(audit_log::actor.eq("ai đó")).execute(c)).await;
        assert!(tampered.is_err(), "updates are refused");
        let erased = app.with_db(|c| diesel::delete(audit_log::table).execute(c)).await;
        assert!(erased.is_err(), "deletes are refused");
    }
}

on_both_databases! {
    /// On an https site the session cookie is Secure as well.
    async fn sessions_are_secure_on_https(app, |b| b.setting("GOPY_BASE_URL", "https://gopy.example.vn")) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let browser = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let html = browser.get(format!("{}/quan-tri/dang-nhap", app.address)).send().await.unwrap().text().await.unwrap();
        let resp = browser.post(format!("{}/quan-tri/dang-nhap", app.address))
            .form(&[("csrf", csrf_in(&html)), ("email", email), ("mat_khau", STAFF_PASSWORD.to_string())])
            .send().await.unwrap();
        assert_eq!(resp.status(), 303);
        let cookie = resp.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("gopy_phien=")).unwrap();
        assert!(cookie.contains("Secure"), "{cookie}");
    }
}
