//! The whole path in a real browser (headless Chromium through chromedriver, from
//! Debian's chromium and chromium-driver): an editor publishes a draft, a citizen
//! comments on Điều 2 and confirms, a moderator approves, the editor answers and
//! publishes the report, and the citizen sees the answer under the comment.
//!
//! Where chromedriver is not installed the test says it was skipped.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

use crate::helpers::*;
use crate::on_both_databases;
use crate::smtp_sink::free_port;

pub struct Driver {
    process: Child,
    pub client: Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn find_program(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| p.to_string())
}

pub async fn driver() -> Option<Driver> {
    // Two TLS back ends are compiled in through different crates; pick one for the
    // WebDriver client (it only speaks plain HTTP to chromedriver anyway).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let chromedriver = find_program(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])?;
    let chromium = find_program(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])?;
    let port = free_port();
    let process = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let profile = tempfile::tempdir().ok()?;
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=412,915",
                // The stylesheet scrolls smoothly unless reduced motion is asked for, and a
                // click during a smooth scroll lands where the element was.
                "--force-prefers-reduced-motion",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        }),
    );
    for _ in 0..100 {
        if let Ok(client) = ClientBuilder::rustls()
            .ok()?
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            std::mem::forget(profile); // removed with the machine's temporary files
            return Some(Driver { process, client });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

pub async fn fill(c: &Client, css: &str, text: &str) {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("a field {css}"));
    e.clear().await.ok();
    e.send_keys(text).await.unwrap();
}

pub async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("something to click: {css}"))
        .click()
        .await
        .unwrap();
}

/// Sets a date input's or a select's value (typing into a date depends on the browser's
/// locale, and an open select's list would cover what is clicked next).
pub async fn set_value(c: &Client, id: &str, value: &str) {
    c.execute(
        &format!("document.getElementById('{id}').value = '{value}';"),
        vec![],
    )
    .await
    .unwrap();
}

/// Waits until the page shows `text` (a click returns before the next page has loaded),
/// and returns the page.
pub async fn wait_for(c: &Client, text: &str) -> String {
    let mut page = String::new();
    for _ in 0..100 {
        page = c.source().await.unwrap_or_default();
        if page.contains(text) {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never showed “{text}”: {page}");
}

/// Runs `js` until it returns `expected` (for up to five seconds) and returns what it
/// returned last. A page scrolls, lays out and moves focus in its own time; a fixed
/// pause before looking is too short on a busy machine.
pub async fn settled(c: &Client, js: &str, expected: serde_json::Value) -> serde_json::Value {
    let mut seen = serde_json::Value::Null;
    for _ in 0..50 {
        seen = c
            .execute(js, vec![])
            .await
            .unwrap_or_else(|e| panic!("{js}: {e}"));
        if seen == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    seen
}

pub async fn sign_in(c: &Client, base: &str, email: &str) {
    c.goto(&format!("{base}/quan-tri/dang-nhap")).await.unwrap();
    fill(c, "#f-email", email).await;
    fill(c, "#f-mat_khau", STAFF_PASSWORD).await;
    click(c, "form[action='/quan-tri/dang-nhap'] button[type=submit]").await;
    wait_for(c, "Đang đăng nhập").await;
}

async fn sign_out(c: &Client) {
    click(c, "form.whoami button").await;
    wait_for(c, "Đăng nhập quản trị").await;
}

on_both_databases! {
    async fn the_whole_path_in_a_browser(app) {
        let Some(d) = driver().await else {
            eprintln!("skipped: chromedriver or chromium not found (apt-get install chromium chromium-driver)");
            return;
        };
        let c = &d.client;
        let base = app.address.clone();
        let editor = app.staff("editor", Some("so-xay-dung")).await;
        let moderator = app.staff("moderator", Some("so-xay-dung")).await;
        let doc_type = app.with_db(|c| gopy::db::queries::reference::document_type_by_code(c, "quyet-dinh-chu-tich-ubnd").unwrap().unwrap().id).await;
        let today = gopy::domain::time::local_date(now());

        // The editor writes and publishes the draft.
        sign_in(c, &base, &editor).await;
        c.goto(&format!("{base}/quan-tri/du-thao/moi")).await.unwrap();
        fill(c, "#f-tieu_de", "Quyết định về bãi đỗ xe công cộng").await;
        fill(c, "#f-duong_dan", "bai-do-xe").await;
        set_value(c, "f-loai", &doc_type.to_string()).await;
        set_value(c, "f-mo_tu", &today.format("%Y-%m-%d").to_string()).await;
        set_value(c, "f-dong_den", &(today + chrono::Duration::days(14)).format("%Y-%m-%d").to_string()).await;
        click(c, "form[action='/quan-tri/du-thao/moi'] button[type=submit]").await;
        wait_for(c, "Đã tạo dự thảo").await;
        let draft_url = c.current_url().await.unwrap();
        let draft_path = draft_url.path().to_string();
        c.goto(&format!("{base}{draft_path}/van-ban")).await.unwrap();
        fill(c, "#f-van_ban", "QUYẾT ĐỊNH:\nĐiều 1. Phạm vi\nQuy định về bãi đỗ xe.\nĐiều 2. Giá gửi xe\n1. Ô tô: 25.000 đồng/giờ.\n2. Xe máy: 5.000 đồng/lượt.\n").await;
        click(c, "form[action$='/van-ban/xem-truoc'] button[type=submit]").await;
        wait_for(c, "Cấu trúc nhận được").await;
        click(c, "form[action$='/van-ban/luu'] button[type=submit]").await;
        wait_for(c, "Đã lưu lần dự thảo mới.").await;
        // Its submission (tờ trình), which the dossier requires: uploaded over HTTP as
        // the same editor, the browser's file picker being outside this journey.
        let id = app.draft_id("bai-do-xe").await;
        let http = app.sign_in(&editor).await;
        assert_eq!(http.attach_pdf(id, "submission", "Tờ trình").await.status(), 303);
        c.refresh().await.unwrap();
        click(c, "form[action$='/cong-bo'] button[type=submit]").await;
        wait_for(c, "Đã đăng tải dự thảo").await;
        sign_out(c).await;

        // A citizen comments on Điều 2 from the draft's page, and confirms.
        c.goto(&format!("{base}/du-thao/bai-do-xe")).await.unwrap();
        click(c, "a.cm[href='/du-thao/bai-do-xe/gop-y?muc=dieu-2']").await;
        wait_for(c, "Góp ý về Điều 2").await;
        fill(c, "#f-noi_dung", "Giá gửi ô tô 25.000 đồng mỗi giờ là quá cao so với thu nhập.").await;
        click(c, "#f-loai-individual").await;
        fill(c, "#f-email", "cong.dan@example.vn").await;
        click(c, "#f-dong_y").await;
        click(c, "form[action='/du-thao/bai-do-xe/gop-y'] button[type=submit]").await;
        wait_for(c, "Đã nhận ý kiến của bạn").await;
        let mail = app.mails(1).await.into_iter().find(|m| m.mail.to == "cong.dan@example.vn").unwrap();
        c.goto(&confirm_link(&mail)).await.unwrap();
        wait_for(c, "Xác nhận ý kiến").await;
        click(c, "main form button[type=submit]").await;
        wait_for(c, "Ý kiến đã được xác nhận").await;

        // The moderator approves it.
        sign_in(c, &base, &moderator).await;
        c.goto(&format!("{base}/quan-tri/kiem-duyet")).await.unwrap();
        click(c, ".decide form.inline button[value=duyet]").await;
        wait_for(c, "Đã xử lý 1 ý kiến.").await;
        sign_out(c).await;

        // The editor answers it and publishes the report.
        sign_in(c, &base, &editor).await;
        c.goto(&format!("{base}{draft_path}/tra-loi")).await.unwrap();
        click(c, "ol.queue input[type=checkbox]").await;
        set_value(c, "f-hinh-thuc", "partly_accepted").await;
        fill(c, "#f-ly-do", "Tiếp thu một phần: giảm còn 20.000 đồng/giờ.").await;
        click(c, "form#tra-loi button[type=submit]").await;
        wait_for(c, "Đã trả lời 1 ý kiến.").await;
        // The report is published once the period has ended (issue 15): it ends here.
        app.with_db(|c| {
            use diesel::prelude::*;
            use gopy::db::schema::drafts;
            diesel::update(drafts::table.filter(drafts::slug.eq("bai-do-xe")))
                .set((
                    drafts::opens_at.eq(Some(now() - chrono::Duration::days(15))),
                    drafts::closes_at.eq(Some(now() - chrono::Duration::minutes(1))),
                ))
                .execute(c)
                .unwrap();
        })
        .await;
        c.goto(&format!("{base}{draft_path}/bao-cao")).await.unwrap();
        click(c, "form[action$='/bao-cao'] button[type=submit]").await;
        wait_for(c, "Đã công bố bản tổng hợp").await;
        sign_out(c).await;

        // The citizen sees the answer under the comment.
        c.goto(&format!("{base}/du-thao/bai-do-xe")).await.unwrap();
        let page = wait_for(c, "Trả lời của cơ quan chủ trì soạn thảo").await;
        let comment = page.find("Giá gửi ô tô 25.000 đồng mỗi giờ là quá cao").expect("the comment is public");
        let answer = page.find("Tiếp thu một phần: giảm còn 20.000 đồng/giờ.").expect("the answer is public");
        assert!(comment < answer, "the answer is under the comment");
        assert!(page.contains("Trả lời của cơ quan chủ trì soạn thảo: Tiếp thu một phần"));
        assert!(page.contains("Xem bản tổng hợp, tiếp thu, giải trình ý kiến"));
        d.client.clone().close().await.ok();
    }
}

on_both_databases! {
    /// Issue 16, point 9: an organiser creates a campaign and opens its poster; a
    /// citizen follows its link, comments on a clause and confirms; the moderator
    /// approves; the agency's dashboard counts one for that organisation and commune,
    /// and the public dashboard shows the aggregate and nobody's identity.
    async fn a_campaign_from_poster_to_dashboard_in_a_browser(app) {
        let Some(d) = driver().await else {
            eprintln!("skipped: chromedriver or chromium not found (apt-get install chromium chromium-driver)");
            return;
        };
        let c = &d.client;
        let base = app.address.clone();
        const WARD: &str = "Ủy ban Mặt trận Tổ quốc Việt Nam phường Sài Gòn";
        let organiser = app.organiser(WARD).await;
        let moderator = app.staff("moderator", Some("so-nong-nghiep-va-moi-truong")).await;
        let editor = app.staff("editor", Some("so-nong-nghiep-va-moi-truong")).await;
        let draft = app.draft_id("chat-thai-ran").await;
        let today = gopy::domain::time::local_date(now());

        // The organiser creates the campaign, starts it and opens its poster.
        sign_in(c, &base, &organiser).await;
        c.goto(&format!("{base}/quan-tri/chien-dich?du_thao={draft}")).await.unwrap();
        set_value(c, "f-du_thao", &draft.to_string()).await;
        fill(c, "#f-tieu_de", "Khu phố 3 góp ý phân loại rác").await;
        fill(c, "#f-muc_tieu", "Mỗi hộ ở khu phố 3 gửi một ý kiến.").await;
        fill(c, "#f-tu_ngay", &today.format("%d/%m/%Y").to_string()).await;
        fill(c, "#f-den_ngay", &(today + chrono::Duration::days(5)).format("%d/%m/%Y").to_string()).await;
        let ward: i64 = app
            .with_db(|c| gopy::db::queries::front::all(c).unwrap().into_iter().find(|o| o.name == WARD).unwrap().id.get())
            .await;
        set_value(c, "f-to_chuc", &ward.to_string()).await;
        // Ticked by script: a click scrolls the long form, and may land beside the box.
        for id in ["f-kenh_lien_ket", "f-xa-phuong-sai-gon"] {
            c.execute(&format!("document.getElementById('{id}').checked = true;"), vec![]).await.unwrap();
        }
        click(c, "form[action='/quan-tri/chien-dich'][method='post'] button[type=submit]").await;
        wait_for(c, "Đã tạo chiến dịch.").await;
        let campaign_path = c.current_url().await.unwrap().path().to_string();
        click(c, "form[action$='/trang-thai'] button[type=submit]").await;
        wait_for(c, "Đang diễn ra").await;
        let page = c.source().await.unwrap();
        let link_start = page.find("/v/").expect("the short link is shown");
        let code: String = page[link_start + 3..].chars().take_while(|ch| ch.is_ascii_alphanumeric()).collect();
        c.goto(&format!("{base}{campaign_path}/ap-phich")).await.unwrap();
        let poster = wait_for(c, &format!("/v/{code}")).await;
        assert!(poster.contains("ma-qr.png"), "the poster carries the QR code");
        let qr_loaded = settled(c, "return [...document.images].some(i => i.src.endsWith('ma-qr.png') && i.naturalWidth > 0);", serde_json::json!(true)).await;
        assert_eq!(qr_loaded, serde_json::json!(true), "the QR image loads");
        sign_out_of(c, &base).await;

        // A citizen follows the link, comments on Điều 1 and confirms.
        c.goto(&format!("{base}/v/{code}")).await.unwrap();
        wait_for(c, "Nghị quyết").await;
        c.goto(&format!("{base}/du-thao/chat-thai-ran/gop-y?muc=dieu-1")).await.unwrap();
        wait_for(c, "Góp ý về Điều 1").await;
        fill(c, "#f-noi_dung", "Khu phố 3 đề nghị phát túi phân loại miễn phí năm đầu.").await;
        click(c, "#f-loai-individual").await;
        set_value(c, "f-xa", "phuong-sai-gon").await;
        fill(c, "#f-email", "ho.dan.kp3@example.vn").await;
        click(c, "#f-dong_y").await;
        click(c, "form[action='/du-thao/chat-thai-ran/gop-y'] button[type=submit]").await;
        wait_for(c, "Đã nhận ý kiến của bạn").await;
        let mail = app.mails(1).await.into_iter().find(|m| m.mail.to == "ho.dan.kp3@example.vn").unwrap();
        c.goto(&confirm_link(&mail)).await.unwrap();
        wait_for(c, "Xác nhận ý kiến").await;
        click(c, "main form button[type=submit]").await;
        wait_for(c, "Ý kiến đã được xác nhận").await;
        let (comment, campaign): (i64, Option<i64>) = app
            .with_db(|c| {
                use diesel::prelude::*;
                use gopy::db::schema::comments;
                comments::table
                    .filter(comments::body.eq("Khu phố 3 đề nghị phát túi phân loại miễn phí năm đầu."))
                    .select((comments::id, comments::campaign_id))
                    .first(c)
                    .unwrap()
            })
            .await;
        assert!(campaign.is_some(), "the comment came through the campaign");

        // The moderator approves it.
        sign_in(c, &base, &moderator).await;
        c.goto(&format!("{base}/quan-tri/kiem-duyet?du-thao={draft}&muc=dieu-1")).await.unwrap();
        click(c, &format!("#y-{comment} .decide form.inline button[value=duyet]")).await;
        wait_for(c, "Đã xử lý 1 ý kiến.").await;
        sign_out_of(c, &base).await;

        // The agency's dashboard counts one for the organisation and the commune.
        sign_in(c, &base, &editor).await;
        c.goto(&format!("{base}/quan-tri/du-thao/{draft}/tham-gia")).await.unwrap();
        let dash = wait_for(c, "Khu phố 3 góp ý phân loại rác").await;
        let label = format!("Khu phố 3 góp ý phân loại rác ({WARD})");
        let counted = dash
            .match_indices(&label)
            .any(|(i, _)| dash[i..].chars().take(120).collect::<String>().contains(">1<"));
        assert!(counted, "one for the organisation's campaign: {dash}");
        assert!(dash.contains("Phường Sài Gòn"), "the commune is counted");
        sign_out_of(c, &base).await;

        // The public dashboard: the aggregate, nobody's identity.
        c.goto(&format!("{base}/du-thao/chat-thai-ran/tham-gia")).await.unwrap();
        let public = wait_for(c, "Phường Sài Gòn").await;
        assert!(!public.contains("ho.dan.kp3@example.vn"));
        assert!(!public.contains("Khu phố 3 góp ý phân loại rác"), "one campaign opinion is below the public threshold");
        d.client.clone().close().await.ok();
    }
}

/// Signs out from whatever console page is open.
async fn sign_out_of(c: &Client, base: &str) {
    c.goto(&format!("{base}/quan-tri")).await.unwrap();
    sign_out(c).await;
}
