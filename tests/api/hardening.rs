//! What an attacker tried in review, each refused: memory exhausted through the sign-in
//! form or slow bodies, sessions that outlive sign-out, an account locked by anyone
//! who knows its name, unlimited guesses of the current password.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use gopy::db::schema::staff_sessions;

use crate::helpers::*;
use crate::on_both_databases;

fn host_port(address: &str) -> String {
    address.trim_start_matches("http://").to_string()
}

/// Sends `head` and `body` on a raw connection and returns what the server answered
/// (the status line first), or None when it closed without answering.
fn raw(address: &str, head: &str, body: &[u8], then_wait: Duration) -> Option<String> {
    let mut s = TcpStream::connect(host_port(address)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    std::thread::sleep(then_wait);
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.windows(4).any(|w| w == b"\r\n\r\n") && out.len() > 200 {
                    break;
                }
            }
        }
    }
    (!out.is_empty()).then(|| String::from_utf8_lossy(&out).to_string())
}

on_both_databases! {
    /// An account name of megabytes is refused before any limiter or database sees it;
    /// the sign-in form takes 4 KB; the limiters keep no more keys than their cap.
    async fn the_sign_in_form_cannot_fill_memory(app, |b| b.setting("GOPY_RATE_MAX_KEYS", "100").setting("GOPY_TRUST_PROXY", "true")) {
        let html = app.page("/quan-tri/dang-nhap").await;
        let csrf = csrf_in(&html);
        let long = "a".repeat(300);
        let r = app.client.post(format!("{}/quan-tri/dang-nhap", app.address))
            .form(&[("csrf", csrf.clone()), ("email", long), ("mat_khau", "x".into())])
            .send().await.unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(app.state.limits.login_account.len(), 0, "refused before any limiter");
        let huge = "a".repeat(8 * 1024 * 1024);
        let r = app.client.post(format!("{}/quan-tri/dang-nhap", app.address))
            .form(&[("csrf", csrf.clone()), ("email", huge), ("mat_khau", "x".into())])
            .send().await.unwrap();
        assert_eq!(r.status(), 413, "the sign-in form has a small body limit of its own");

        // Every limiter keeps at most its cap of keys: 300 client addresses searching
        // (behind a proxy that says who they are) leave 100.
        for i in 0..300 {
            let r = app.client.get(format!("{}/api/tim-kiem?q=h%E1%BB%8Dc", app.address))
                .header("x-forwarded-for", format!("10.{}.{}.1", i / 250, i % 250))
                .send().await.unwrap();
            assert_eq!(r.status(), 200);
        }
        assert!(app.state.limits.search_ip.len() <= 100, "past the cap the oldest keys go");
    }
}

on_both_databases! {
    /// Anonymous forms take what they need, and no more; a body that trickles in is cut
    /// off with 408; a staff upload is refused before its body is read.
    async fn bodies_are_bounded_in_size_and_time(app, |b| b.setting("GOPY_BODY_SECONDS", "1")) {
        let csrf = csrf_in(&app.page("/y-kien/tim-lai").await);
        let r = app.client.post(format!("{}/y-kien/tim-lai", app.address))
            .form(&[("csrf", csrf), ("email", "a".repeat(20_000)), ("ma_so", "GY-2026-000001".into())])
            .send().await.unwrap();
        assert_eq!(r.status(), 413);
        let r = app.client.post(format!("{}/du-thao/hoc-phi/gop-y", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("noi_dung={}", "a".repeat(600 * 1024)))
            .send().await.unwrap();
        assert_eq!(r.status(), 413);

        // 100 KB announced, 10 bytes sent: 408 after about 1 s + 3 s, not never.
        let started = Instant::now();
        let head = "POST /du-thao/hoc-phi/gop-y HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n";
        let address = app.address.clone();
        let answer = tokio::task::spawn_blocking(move || raw(&address, head, b"noi_dung=a", Duration::from_millis(0))).await.unwrap();
        let answer = answer.expect("an answer");
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(started.elapsed() < Duration::from_secs(15));

        // An editor of another agency: refused at once, whatever the body.
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let e = app.sign_in(&editor).await;
        let draft = app.draft_id("hoc-phi").await;
        let started = Instant::now();
        let r = e.client.post(format!("{}/quan-tri/du-thao/{draft}/tep", app.address))
            .header("content-type", "multipart/form-data; boundary=XYZ")
            .body("--XYZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--XYZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 never ends")
            .send().await.unwrap();
        assert_eq!(r.status(), 404, "not theirs to know");
        assert!(started.elapsed() < Duration::from_secs(3), "refused before the body: {:?}", started.elapsed());

        // A console form's gate comes before its body: an editor's oversized post to an
        // administrator's form is refused as not theirs (403), not read and found too
        // large (413), and a forged one to their own kind of form fails its CSRF check.
        for path in ["/quan-tri/tai-khoan", "/quan-tri/co-quan-van-hanh", "/quan-tri/cong-viec/mail/thu-lai"] {
            let r = e.client.post(format!("{}{path}", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("csrf=x&ten={}", "a".repeat(200 * 1024)))
                .send().await.unwrap();
            assert_eq!(r.status(), 403, "{path}");
        }
        let r = e.client.post(format!("{}/quan-tri/dang-xuat", app.address))
            .form(&[("csrf", "gia-mao")])
            .send().await.unwrap();
        assert_eq!(r.status(), 403, "a forged token");
    }
}

on_both_databases! {
    /// Signing out ends the session on the server: a copy of the cookie opens nothing.
    /// Idle and absolute timeouts are the server's. Another process shares the
    /// sessions. The CSRF token belongs to the session and is new at every sign-in.
    async fn sessions_live_on_the_server(app) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let (laptop, cookie) = signed_in(&app, &email).await;
        let page = laptop.page("/quan-tri").await;
        let token = csrf_in(&page);

        // Another process (a replica) knows the session.
        let elsewhere = app.start_again().await;
        let copy = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let r = copy.get(format!("{elsewhere}/quan-tri")).header("cookie", format!("gopy_phien={cookie}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "the replica shares the session");

        // A second sign-in has its own token; one session's token is refused in another.
        let phone = app.sign_in(&email).await;
        let other_token = csrf_in(&phone.page("/quan-tri").await);
        assert_ne!(token, other_token, "a new token at every sign-in");
        let r = phone.client.post(format!("{}/quan-tri/dang-xuat", app.address)).form(&[("csrf", token.clone())]).send().await.unwrap();
        assert_eq!(r.status(), 403);

        // Signed out: the copied cookie is worth nothing, here or elsewhere.
        let r = laptop.post_form("/quan-tri", "/quan-tri/dang-xuat", &[]).await;
        assert_eq!(r.status(), 303);
        for base in [&app.address, &elsewhere] {
            let r = copy.get(format!("{base}/quan-tri")).header("cookie", format!("gopy_phien={cookie}")).send().await.unwrap();
            assert_eq!(r.status(), 303, "{base}");
            assert!(r.headers()["location"].to_str().unwrap().starts_with("/quan-tri/dang-nhap"));
        }

        // Idle for the timeout (30 minutes by default), or past the absolute end.
        assert_eq!(phone.get("/quan-tri").await.status(), 200);
        app.with_db(|c| diesel::update(staff_sessions::table).set(staff_sessions::last_seen_at.eq(now() - chrono::Duration::minutes(31))).execute(c).unwrap()).await;
        assert_eq!(phone.get("/quan-tri").await.status(), 303, "idle too long");
        let tablet = app.sign_in(&email).await;
        app.with_db(|c| diesel::update(staff_sessions::table).set(staff_sessions::expires_at.eq(now() - chrono::Duration::seconds(1))).execute(c).unwrap()).await;
        assert_eq!(tablet.get("/quan-tri").await.status(), 303, "past the absolute end");
    }
}

/// Signs `email` in from a browser of its own; returns the browser and the raw value of
/// its session cookie (what a thief would copy).
async fn signed_in(app: &TestApp, email: &str) -> (StaffClient, String) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = client
        .get(format!("{}/quan-tri/dang-nhap", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = client
        .post(format!("{}/quan-tri/dang-nhap", app.address))
        .form(&[
            ("csrf", csrf_in(&html)),
            ("email", email.to_string()),
            ("mat_khau", STAFF_PASSWORD.into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("gopy_phien="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .expect("a session cookie");
    (
        StaffClient {
            client,
            base: app.address.clone(),
        },
        cookie,
    )
}

/// Posts a sign-in from `client` (a browser with its cookies), as from `address`.
async fn try_sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    address: &str,
    email: &str,
    password: &str,
) -> u16 {
    let html = client
        .get(format!("{}/quan-tri/dang-nhap", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    client
        .post(format!("{}/quan-tri/dang-nhap", app.address))
        .header("x-forwarded-for", address)
        .form(&[
            ("csrf", csrf_in(&html)),
            ("email", email.to_string()),
            ("mat_khau", password.to_string()),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

on_both_databases! {
    /// Someone who knows an account's name cannot lock its owner out: after twelve
    /// wrong passwords from the owner's own address, the owner still signs in from a
    /// browser that signed in before, and people elsewhere keep their own attempts.
    async fn no_one_can_lock_an_account(app, |b| b.setting("GOPY_TRUST_PROXY", "true")) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let office = "203.0.113.10";
        // The owner's browser signed in yesterday.
        let owners = browser();
        assert_eq!(try_sign_in(&app, &owners, office, &email, STAFF_PASSWORD).await, 303);
        let r = owners.post(format!("{}/quan-tri/dang-xuat", app.address))
            .form(&[("csrf", csrf_in(&owners.get(format!("{}/quan-tri", app.address)).send().await.unwrap().text().await.unwrap()))])
            .send().await.unwrap();
        assert_eq!(r.status(), 303);

        // An attacker behind the same office address guesses twelve times.
        let attacker = browser();
        let mut statuses = Vec::new();
        for _ in 0..12 {
            statuses.push(try_sign_in(&app, &attacker, office, &email, "đoán bừa").await);
        }
        // Ten an hour per account and address, the owner's earlier sign-in included.
        assert_eq!(&statuses[..9], &[401; 9]);
        assert_eq!(&statuses[9..], &[429, 429, 429], "the attacker is stopped");
        // Even the right password, from the attacker's browser, waits now.
        assert_eq!(try_sign_in(&app, &attacker, office, &email, STAFF_PASSWORD).await, 429);

        // The owner signs in from their own browser all the same.
        assert_eq!(try_sign_in(&app, &owners, office, &email, STAFF_PASSWORD).await, 303);
        // And a colleague's new browser elsewhere has its own attempts.
        assert_eq!(try_sign_in(&app, &browser(), "198.51.100.7", &email, STAFF_PASSWORD).await, 303);
    }
}

on_both_databases! {
    /// The current password asked on the password-change page is a guess like any
    /// other: ten an hour.
    async fn the_current_password_cannot_be_guessed(app) {
        let email = app.staff("editor", Some("so-xay-dung")).await;
        let s = app.sign_in(&email).await;
        let mut statuses = Vec::new();
        for i in 0..11 {
            let r = s.post_form("/quan-tri/mat-khau", "/quan-tri/mat-khau", &[("cu", format!("đoán {i}")), ("moi", "Một mật khẩu mới đủ dài".into())]).await;
            statuses.push(r.status().as_u16());
        }
        assert_eq!(&statuses[..10], &[400; 10]);
        assert_eq!(statuses[10], 429);
    }
}

on_both_databases! {
    /// Strict-Transport-Security on a site served over https, and only there.
    async fn https_sites_ask_for_https(app, |b| b.setting("GOPY_BASE_URL", "https://gopy.example.vn")) {
        let r = app.get("/").await;
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000");
    }
}

on_both_databases! {
    async fn http_sites_do_not(app) {
        assert!(app.get("/").await.headers().get("strict-transport-security").is_none());
    }
}

on_both_databases! {
    /// Limits that were easy to step around: every address of one IPv6 /64 is one
    /// client, and one mailbox is one address however it is spelled.
    async fn limits_cannot_be_stepped_around(app, |b| b.setting("GOPY_TRUST_PROXY", "true").setting("GOPY_RATE_SEARCH_IP", "3/min").setting("GOPY_RATE_SUBMIT_EMAIL", "2/h")) {
        let mut statuses = Vec::new();
        for host in [":1", ":2", "ffff:1:2:3", "abcd::9"] {
            let r = app.client.get(format!("{}/api/tim-kiem?q=h%E1%BB%8Dc", app.address))
                .header("x-forwarded-for", format!("2001:db8:5:6:{host}"))
                .send().await.unwrap();
            statuses.push(r.status().as_u16());
        }
        assert_eq!(statuses, [200, 200, 200, 429], "one /64, one client");
        let other = app.client.get(format!("{}/api/tim-kiem?q=h%E1%BB%8Dc", app.address))
            .header("x-forwarded-for", "2001:db8:5:7::1")
            .send().await.unwrap();
        assert_eq!(other.status(), 200, "another /64 is another client");

        let mut statuses = Vec::new();
        for (i, email) in ["an+1@example.vn", "\"an\"@example.vn", "AN@Example.VN"].iter().enumerate() {
            let form = with(with(good_comment(), "email", email), "noi_dung", &format!("Ý kiến số {i} về mức thu học phí."));
            statuses.push(app.submit_comment("hoc-phi", None, &form).await.status().as_u16());
        }
        assert_eq!(statuses, [303, 303, 429], "one mailbox, one limit");
    }
}
