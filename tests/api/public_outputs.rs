//! Issue 15, point 8: no personal data in any public output. Comments are sent with
//! e-mail addresses, names without consent, a phone number and an identity number; then
//! every public page, the report's files, the draft's text and search (page and JSON)
//! are read, and none of it may be there. Later issues (the API, feeds, exports) add
//! their outputs to `outputs` rather than write a crawl of their own.

use crate::helpers::*;
use crate::on_both_databases;

/// Every public output of the portal as it stands: pages found by following the lists
/// (drafts, their comment pages and each comment's own page), the report in its three
/// forms, the draft texts, and search answers for `words`.
async fn outputs(app: &TestApp, words: &[&str]) -> Vec<(String, String)> {
    let mut paths: Vec<String> = ["/", "/du-thao", "/co-quan", "/quyen-rieng-tu", "/tim-kiem"]
        .iter()
        .map(|p| p.to_string())
        .collect();
    let drafts = app.page("/du-thao").await;
    let draft_link = regex::Regex::new(r#"href="(/du-thao/[a-z0-9-]+)""#).unwrap();
    let agency_link = regex::Regex::new(r#"href="(/co-quan/[a-z0-9-]+)""#).unwrap();
    let comment_link = regex::Regex::new(r#"href="(/du-thao/[a-z0-9-]+/y-kien/\d+)""#).unwrap();
    let critique_link = regex::Regex::new(r#"href="(/du-thao/[a-z0-9-]+/phan-bien/\d+)""#).unwrap();
    let mut slugs: Vec<String> = draft_link
        .captures_iter(&drafts)
        .map(|c| c[1].to_string())
        .collect();
    slugs.sort();
    slugs.dedup();
    for d in &slugs {
        let page = app.page(d).await;
        paths.extend(agency_link.captures_iter(&page).map(|c| c[1].to_string()));
        // The Front's published critiques and their documents.
        for c in critique_link.captures_iter(&page) {
            paths.push(c[1].to_string());
            paths.push(format!("{}/van-ban", &c[1]));
        }
        paths.push(d.clone());
        paths.push(format!("{d}/toan-van.txt"));
        let list = app.page(&format!("{d}/y-kien")).await;
        paths.push(format!("{d}/y-kien"));
        paths.push(format!("{d}/tham-gia"));
        paths.extend(comment_link.captures_iter(&list).map(|c| c[1].to_string()));
    }
    for w in words {
        paths.push(format!("/tim-kiem?q={w}"));
        paths.push(format!("/api/tim-kiem?q={w}"));
    }
    paths.sort();
    paths.dedup();
    let mut out = Vec::new();
    for p in paths {
        let resp = app.get(&p).await;
        assert_eq!(resp.status(), 200, "GET {p}");
        out.push((p.clone(), resp.text().await.unwrap()));
    }
    for r in ["/du-thao/via-he/bao-cao", "/du-thao/via-he/bao-cao.csv"] {
        out.push((r.to_string(), app.get(r).await.text().await.unwrap()));
    }
    let docx = app
        .get("/du-thao/via-he/bao-cao.docx")
        .await
        .bytes()
        .await
        .unwrap();
    out.push((
        "/du-thao/via-he/bao-cao.docx".into(),
        gopy::upload::docx_text(&docx).unwrap(),
    ));
    out
}

on_both_databases! {
    async fn no_public_output_holds_personal_data(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        let secrets = [
            "kin.dao@example.vn",
            "Phạm Thị Kín Đáo",
            "0912 345 678",
            "079203012345",
            "an.danh.khac@example.vn",
        ];
        // A name given without consent, on a published comment.
        let named = with(with(good_comment(), "ho_ten", "Phạm Thị Kín Đáo"), "email", "kin.dao@example.vn");
        app.confirmed_comment("chat-thai-ran", Some("dieu-2-khoan-1"), &with(named, "noi_dung", "Đề nghị bổ sung điểm thu gom pin cũ ở mỗi phường.")).await;
        // A phone number and an identity number in the text: held for a moderator.
        let phone = with(with(good_comment(), "noi_dung", "Cần hỏi thêm, gọi tôi 0912 345 678 về điểm thu gom pin."), "email", "an.danh.khac@example.vn");
        app.confirmed_comment("chat-thai-ran", None, &phone).await;
        let id = with(with(good_comment(), "noi_dung", "Tôi mang căn cước 079203012345 đến điểm thu gom pin."), "email", "an.danh.khac@example.vn");
        app.confirmed_comment("hoc-phi", None, &id).await;
        app.search_settled().await;

        let found = outputs(&app, &["thu+gom+pin", "diem+thu+gom"]).await;
        assert!(found.len() > 20, "{} outputs read", found.len());
        assert!(
            found.iter().any(|(_, text)| text.contains("Đề nghị bổ sung điểm thu gom pin cũ")),
            "the published comment itself is there to be found"
        );
        for (path, text) in &found {
            for s in secrets {
                assert!(!text.contains(s), "{path} shows {s}");
            }
        }
    }
}
