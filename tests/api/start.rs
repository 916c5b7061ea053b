use crate::on_both_databases;

on_both_databases! {
    /// The demo goes into an empty database once; a restart finds the same content and
    /// does not load it again.
    async fn demo_content_is_loaded_once(app) {
        let drafts = |c: &mut gopy::db::DbConnection| {
            use diesel::prelude::*;
            gopy::db::schema::drafts::table.count().get_result::<i64>(c).unwrap()
        };
        assert_eq!(app.with_db(drafts).await, 4);
        let second = app.start_again().await;
        let html = reqwest::get(format!("{second}/du-thao")).await.unwrap().text().await.unwrap();
        assert!(html.contains("4 dự thảo"));
        assert_eq!(app.with_db(drafts).await, 4);
    }
}

on_both_databases! {
    /// With the demo turned off the portal starts empty, with the legal settings of the
    /// document types in place.
    async fn without_the_demo_the_portal_starts_empty(app, |b| b.empty()) {
        let html = app.page("/du-thao").await;
        assert!(html.contains("0 dự thảo"));
        assert!(html.contains("Quyết định của Chủ tịch Ủy ban nhân dân cấp tỉnh"), "document types are reference data");
        let types = app.with_db(|c| gopy::db::queries::reference::document_types(c).unwrap()).await;
        let chairman = types.iter().find(|t| t.code == "quyet-dinh-chu-tich-ubnd").unwrap();
        assert_eq!(chairman.min_comment_days, 10);
        assert!(chairman.min_days_rule.contains("187/2025/NĐ-CP"));
        // No figure is confirmed until an administrator has read its article.
        assert!(types.iter().all(|t| !t.min_days_confirmed));
        assert!(types.iter().all(|t| !t.min_days_rule.contains("80/2015")), "no repealed law as the rule");
        // Every level's types, the commune's own among them (Law 87/2025/QH15).
        for code in ["nghi-quyet-cp", "nghi-quyet-hdnd-xa", "quyet-dinh-ubnd-xa"] {
            assert!(types.iter().any(|t| t.code == code), "{code}");
        }
        assert!(types.iter().any(|t| t.level == gopy::domain::Level::Commune));
        // The public page names no unconfirmed rule.
        assert!(!html.contains("Nghị định số 78/2025"), "an unconfirmed citation is not shown");
    }
}
