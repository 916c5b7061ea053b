use crate::on_both_databases;

on_both_databases! {
    /// /healthz answers while the process lives; /readyz says the database answers.
    async fn health_and_readiness(app) {
        let resp = app.get("/healthz").await;
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.text().await.unwrap(), "ok");

        let resp = app.get("/readyz").await;
        assert_eq!(resp.status(), 200);
        let body: serde_json::Value = resp.json().await.unwrap();
        assert_eq!(body["status"], "ready");
        let expected = match app.backend {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        };
        assert_eq!(body["database"], expected);
    }
}
