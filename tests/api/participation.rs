//! Issue 16, points 6 and 10: participation is counted as comments are published and
//! unpublished (never by scanning the comments on a page view), and the agency's
//! dashboard shows it as charts with tables beside them and as CSV.

use diesel::prelude::*;
use gopy::db::schema::{comments, localities};

use crate::helpers::*;
use crate::on_both_databases;

/// Published comments of the draft per commune name, counted from the rows.
fn counted(
    c: &mut gopy::db::DbConnection,
    draft: gopy::domain::ids::DraftId,
) -> Vec<(Option<String>, i64)> {
    let names: Vec<Option<String>> = comments::table
        .left_join(localities::table)
        .filter(comments::draft_id.eq(draft))
        .filter(comments::status.eq("published"))
        .select(localities::name.nullable())
        .load(c)
        .unwrap();
    let mut rows: std::collections::BTreeMap<Option<String>, i64> = Default::default();
    for n in names {
        *rows.entry(n).or_default() += 1;
    }
    rows.into_iter().collect()
}

fn kept(
    c: &mut gopy::db::DbConnection,
    draft: gopy::domain::ids::DraftId,
) -> (i64, Vec<(Option<String>, i64)>) {
    let p = gopy::db::queries::participation::of_draft(c, draft).unwrap();
    let mut rows = p.by_commune.clone();
    rows.sort();
    (p.total, rows)
}

on_both_databases! {
    async fn participation_follows_publication_and_the_agency_sees_it(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        let draft = app.draft_id("chat-thai-ran").await;
        // The demo's seven, counted as they were published.
        let (total, by_commune) = app.with_db(move |c| kept(c, draft)).await;
        assert_eq!(total, 7);
        assert_eq!(by_commune, app.with_db(move |c| counted(c, draft)).await);

        // Two more published (one in xã Cần Giờ), then one withdrawn by its author.
        app.confirmed_comment("chat-thai-ran", Some("dieu-1"), &with(good_comment(), "xa", "xa-can-gio")).await;
        app.confirmed_comment("chat-thai-ran", None, &with(with(good_comment(), "noi_dung", "Ý kiến sẽ được rút lại sau."), "email", "rut@example.vn")).await;
        let mails = app.mails(2).await;
        let own = status_link(mails.iter().find(|m| m.mail.to.contains("rut@example.vn") && m.mail.text.contains("/y-kien/cua-toi/")).unwrap());
        let token = own.rsplit('/').next().unwrap().to_string();
        let withdrawn = app
            .with_db(move |c| gopy::db::queries::comments::withdraw(c, &gopy::auth::token::hash(&token), now()).unwrap())
            .await;
        assert_eq!(withdrawn, gopy::db::queries::comments::Withdrawn::Done);
        let (total, by_commune) = app.with_db(move |c| kept(c, draft)).await;
        assert_eq!(total, 8);
        assert_eq!(by_commune, app.with_db(move |c| counted(c, draft)).await, "the counters agree with counting the rows");
        assert!(by_commune.contains(&(Some("Xã Cần Giờ".to_string()), 3)), "{by_commune:?}");

        // The agency's dashboard: charts drawn on the server, each with its table.
        let editor = app.sign_in(&app.staff("editor", Some("so-nong-nghiep-va-moi-truong")).await).await;
        let page = format!("/quan-tri/du-thao/{draft}/tham-gia");
        let html = editor.page(&page).await;
        assert!(html.contains("Tổng cộng 8 ý kiến đã công khai."), "{html}");
        assert_eq!(count(&html, "<svg"), count(&html, "<caption>"), "a table beside each chart");
        assert!(html.contains("<th scope=\"row\">Xã Cần Giờ</th><td>3</td>"), "{html}");
        assert!(html.contains("<th scope=\"row\">Cá nhân</th>"));
        assert!(!html.contains("@example.vn"), "no address");
        let csv = editor.get(&format!("{page}.csv")).await;
        assert_eq!(csv.status(), 200);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let body = csv.text().await.unwrap();
        assert!(body.starts_with('\u{feff}'));
        assert!(body.contains("\"xã, phường\",\"Xã Cần Giờ\",3\r\n"), "{body}");
        assert!(!body.contains("@example.vn"));
        // Staff of another agency do not see it.
        let other = app.sign_in(&app.staff("editor", Some("so-giao-duc-va-dao-tao")).await).await;
        assert_eq!(other.get(&page).await.status(), 404);
        assert_eq!(other.get(&format!("{page}.csv")).await.status(), 404);
    }
}

on_both_databases! {
    /// The public page shows the aggregates, and opinions through campaigns only per
    /// organisation and only from the threshold up (2 here, 5 by default).
    async fn the_public_sees_aggregates_and_no_small_campaign_count(app, |b| b.setting("GOPY_PUBLISH_ON_CONFIRM", "true").setting("GOPY_PUBLIC_MIN_COUNT", "2").setting("GOPY_RATE_SUBMIT_EMAIL", "100/h")) {
        const CITY: &str = "<th scope=\"row\">Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh</th>";
        let code: String = app
            .with_db(|c| {
                use gopy::db::schema::campaigns;
                campaigns::table.filter(campaigns::state.eq("active")).select(campaigns::code).first(c).unwrap()
            })
            .await;
        let page = "/du-thao/chat-thai-ran/tham-gia";
        assert!(app.page("/du-thao/chat-thai-ran").await.contains(&format!("href=\"{page}\"")), "the draft page links to it");
        let html = app.page(page).await;
        assert!(html.contains("Tổng cộng 7 ý kiến đã công khai."), "{html}");
        assert!(html.contains("<th scope=\"row\">Xã Cần Giờ</th><td>2</td>"), "{html}");
        assert!(!html.contains(CITY));

        assert_eq!(app.get(&format!("/v/{code}")).await.status(), 303);
        let through = |text: &str, email: &str| with(with(good_comment(), "noi_dung", text), "email", email);
        app.confirmed_comment("chat-thai-ran", Some("dieu-1"), &through("Ý kiến thứ nhất qua chiến dịch của Thành phố.", "mot@example.vn")).await;
        let html = app.page(page).await;
        assert!(html.contains("Tổng cộng 8 ý kiến đã công khai."));
        assert!(!html.contains(CITY), "one opinion through the campaign is not shown");
        app.confirmed_comment("chat-thai-ran", Some("dieu-1"), &through("Ý kiến thứ hai qua chiến dịch của Thành phố.", "hai@example.vn")).await;
        let html = app.page(page).await;
        assert!(html.contains(&format!("{CITY}<td>2</td>")), "{html}");
        assert!(!html.contains("Cả Thành phố góp ý"), "organisations, not campaigns");
        assert!(!html.contains("@example.vn"));
        assert_eq!(app.get("/du-thao/khong-co/tham-gia").await.status(), 404);

        // The city committee's organiser sees the campaign's opinions per commune, as
        // counts only, and a small count only as "under 5".
        let organiser = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hồ Chí Minh").await).await;
        let campaign: i64 = app
            .with_db(|c| {
                use gopy::db::schema::campaigns;
                campaigns::table.filter(campaigns::state.eq("active")).select(campaigns::id).first(c).unwrap()
            })
            .await;
        let html = organiser.page(&format!("/quan-tri/chien-dich/{campaign}")).await;
        assert!(html.contains("<th scope=\"row\">Phường Sài Gòn</th><td>dưới 5</td>"), "{html}");
        assert!(!html.contains("qua chiến dịch của Thành phố") && !html.contains("@example.vn"), "no text, no address");
        // By day too, with no bar for a count under 5 (its length would tell it), and
        // as CSV with the same words.
        assert!(html.contains("Theo ngày gửi"), "{html}");
        assert!(!html.contains("<svg"), "no bar for small counts");
        let csv = organiser.get(&format!("/quan-tri/chien-dich/{campaign}/tham-gia.csv")).await;
        assert_eq!(csv.status(), 200);
        let body = csv.text().await.unwrap();
        assert!(body.contains("\"Phường Sài Gòn\",\"dưới 5\"\r\n"), "{body}");
        assert!(!body.contains("@example.vn"));
        // Another commune's organiser has no such file.
        let other = app.sign_in(&app.organiser("Ủy ban Mặt trận Tổ quốc Việt Nam xã Cần Giờ").await).await;
        assert_eq!(other.get(&format!("/quan-tri/chien-dich/{campaign}/tham-gia.csv")).await.status(), 404);
    }
}
