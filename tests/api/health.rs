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

/// Caps the SQLite file at its present size on every connection of the pool and on the
/// group-commit writer's own (SQLite's own way to make a disk full), or lifts the cap.
async fn cap_sqlite_file(app: &crate::helpers::TestApp, capped: bool) {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Pages {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        page_count: i64,
    }
    let db = app.state.db.clone();
    tokio::task::spawn_blocking(move || {
        // Hold every connection at once, so that each gets the setting.
        let mut all: Vec<_> = (0..db.pool.max_size()).map(|_| db.get().unwrap()).collect();
        for c in &mut all {
            let gopy::db::DbConnection::Sqlite(sqlite) = &mut ***c else {
                panic!("an SQLite connection")
            };
            let cap = if capped {
                diesel::sql_query("PRAGMA page_count")
                    .get_result::<Pages>(sqlite)
                    .unwrap()
                    .page_count
            } else {
                1_073_741_823
            };
            sqlite
                .batch_execute(&format!("PRAGMA max_page_count = {cap}"))
                .unwrap();
        }
    })
    .await
    .unwrap();
    app.state
        .db
        .write_grouped(move |c| {
            let gopy::db::DbConnection::Sqlite(sqlite) = c else {
                panic!("an SQLite connection")
            };
            let cap = if capped {
                diesel::sql_query("PRAGMA page_count")
                    .get_result::<Pages>(sqlite)?
                    .page_count
            } else {
                1_073_741_823
            };
            sqlite.batch_execute(&format!("PRAGMA max_page_count = {cap}"))
        })
        .await
        .unwrap();
}

/// A disk that fills up: a comment is refused with 503 (not 500), /readyz says the
/// storage is full and is 503, and both recover when there is room again. SQLite only:
/// its page cap stands in for a full disk; PostgreSQL's "could not extend file" is
/// recognised by the same code.
#[tokio::test]
async fn a_full_disk_answers_503_and_readyz_says_so() {
    use crate::helpers::*;
    let app = TestApp::builder(Backend::Sqlite).spawn().await.unwrap();
    let ready: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
    assert_eq!(ready["storage"]["state"], "ok");
    assert!(ready["storage"]["free_bytes"].as_u64().unwrap() > 0);

    cap_sqlite_file(&app, true).await;
    // Long enough to need new pages whatever room the last ones have.
    let long = "Đề nghị quy định rõ hơn. ".repeat(380);
    let resp = app
        .submit_comment("hoc-phi", None, &with(good_comment(), "noi_dung", &long))
        .await;
    assert_eq!(resp.status(), 503);
    let page = resp.text().await.unwrap();
    assert!(page.contains("tạm thời"), "{page}");
    let resp = app.get("/readyz").await;
    assert_eq!(resp.status(), 503);
    let ready: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(ready["status"], "unavailable");
    assert_eq!(ready["storage"]["state"], "full");
    assert!(ready["storage"]["writes_failing_since"].is_string());
    // Reading still works.
    assert_eq!(app.get("/du-thao/hoc-phi").await.status(), 200);

    cap_sqlite_file(&app, false).await;
    app.comment("hoc-phi", None, &with(good_comment(), "noi_dung", &long))
        .await;
    let resp = app.get("/readyz").await;
    assert_eq!(resp.status(), 200);
    let ready: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(ready["storage"]["state"], "ok");
}

/// Below GOPY_MIN_FREE_MB free in the data directory, /readyz says the storage is low
/// and is 503, before any write fails.
#[tokio::test]
async fn readyz_is_503_when_free_space_is_low() {
    use crate::helpers::*;
    let app = TestApp::builder(Backend::Sqlite)
        .empty()
        .setting("GOPY_MIN_FREE_MB", "100000000")
        .spawn()
        .await
        .unwrap();
    let resp = app.get("/readyz").await;
    assert_eq!(resp.status(), 503);
    let ready: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(ready["storage"]["state"], "low");
    assert_eq!(ready["database"], "SQLite");
    // The portal still serves: being unready only asks the balancer to prefer others.
    assert_eq!(app.get("/").await.status(), 200);
}
