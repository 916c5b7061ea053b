use crate::on_both_databases;

on_both_databases! {
    /// A visitor sees what is open, what closes soon with the days left, and what closed.
    async fn the_home_page_shows_drafts_by_period(app) {
        let html = app.page("/").await;
        assert!(html.contains("<html lang=\"vi\">"));
        assert!(html.contains("Sắp hết hạn góp ý"));
        assert!(html.contains("Còn 2 ngày"), "the fee draft closes in two days");
        assert!(html.contains("Đang lấy ý kiến"));
        assert!(html.contains("Còn 20 ngày"));
        assert!(html.contains("Vừa kết thúc lấy ý kiến"));
        assert!(html.contains("href=\"/du-thao/via-he\""));
        // Dates are shown as dd/mm/yyyy; a period ends at 24:00 of its last day, as the
        // law counts it, not at "23:59" (issue 15, point 3).
        let re = regex::Regex::new(r"24 giờ ngày \d{2}/\d{2}/\d{4}").unwrap();
        assert!(re.is_match(&html), "{html}");
        assert!(!html.contains("23:59 "), "shown as 24 giờ, not 23:59");
    }
}

on_both_databases! {
    /// An empty portal says that nothing is open instead of showing an empty page.
    async fn an_empty_portal_says_nothing_is_open(app, |b| b.empty()) {
        let html = app.page("/").await;
        assert!(html.contains("Hiện không có dự thảo nào đang lấy ý kiến."));
    }
}

on_both_databases! {
    /// "Closing soon" is a setting: with one day, a draft closing in two is just open.
    async fn closing_soon_follows_its_setting(app, |b| b.setting("GOPY_CLOSING_SOON_DAYS", "1")) {
        let html = app.page("/").await;
        assert!(!html.contains("Sắp hết hạn góp ý"));
        assert!(html.contains("Còn 2 ngày"));
    }
}
