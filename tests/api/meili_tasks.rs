//! Meilisearch's writes are asynchronous tasks: the portal waits for them, serves no
//! search from an index whose settings have not succeeded, says so in /readyz, retries
//! a failed settings task, and sends no task that is bound to fail. Against the
//! stand-in of `meili_standin`, which lets each test decide when a task ends.

use std::time::Duration;

use crate::helpers::*;
use crate::meili_standin::Standin;
use gopy::search::meili::SHAPE;

async fn spawn(standin: &Standin, name: &str) -> TestApp {
    TestApp::builder(Backend::Sqlite)
        .setting("GOPY_MEILI_URL", &standin.url)
        .setting("GOPY_MEILI_INDEX", name)
        .spawn()
        .await
        .expect("sqlite always runs")
}

async fn ready(app: &TestApp) -> serde_json::Value {
    app.get("/readyz").await.json().await.unwrap()
}

/// Waits (up to 20 s) until /readyz says what `done` wants; the tasks decide, not time.
async fn until(app: &TestApp, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    for _ in 0..800 {
        let r = ready(app).await;
        if done(&r) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("/readyz never said so: {}", ready(app).await);
}

#[tokio::test]
async fn no_search_is_served_before_the_settings_task_succeeds() {
    let standin = Standin::start().await;
    standin.with(|s| s.hold_settings = true);
    let app = spawn(&standin, "gopy").await;

    // The settings task is sent, and stays "processing".
    let r = until(&app, |_| standin.with(|s| s.settings_requests) > 0).await;
    assert_eq!(
        r["status"], "ready",
        "the portal serves pages meanwhile: {r}"
    );
    assert_eq!(r["search"]["index"]["state"], "preparing", "{r}");
    assert_eq!(r["search"]["index"]["index"], format!("gopy_{SHAPE}"));

    let resp = app.get("/api/tim-kiem?q=h%E1%BB%8Dc+ph%C3%AD").await;
    assert_eq!(resp.status(), 503);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("đang được chuẩn bị"),
        "{body}"
    );
    let page = app.get("/tim-kiem?q=h%E1%BB%8Dc+ph%C3%AD").await;
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("đang được chuẩn bị"));
    assert_eq!(
        standin.with(|s| s.searches),
        0,
        "no search reached the index"
    );

    // The task succeeds: searches run.
    standin.with(|s| s.hold_settings = false);
    until(&app, |r| r["search"]["index"]["state"] == "ready").await;
    let resp = app.get("/api/tim-kiem?q=h%E1%BB%8Dc+ph%C3%AD").await;
    assert_eq!(resp.status(), 200);
    assert!(standin.with(|s| s.searches) > 0);
    assert_eq!(standin.with(|s| s.searches_too_early), 0);
    // The new index is filled from the database (a rebuild, swapped in), and no task
    // failed on the way.
    until(&app, |r| r["search"]["pending_changes"] == 0).await;
    assert!(
        standin.documents(&format!("gopy_{SHAPE}")) > 100,
        "the demo was indexed"
    );
    assert_eq!(
        standin.index_names(),
        [format!("gopy_{SHAPE}")],
        "the rebuild was swapped in and dropped"
    );
    assert_eq!(standin.failed_tasks(), Vec::<(String, String)>::new());
}

#[tokio::test]
async fn a_failed_settings_task_is_reported_and_tried_again() {
    let standin = Standin::start().await;
    standin.with(|s| s.fail_settings = 1);
    let app = spawn(&standin, "gopy").await;

    let r = until(&app, |r| {
        !r["search"]["index"]["last_failed_task"].is_null()
    })
    .await;
    let failed = &r["search"]["index"]["last_failed_task"];
    assert_eq!(failed["type"], "settingsUpdate", "{r}");
    assert_eq!(failed["code"], "invalid_settings_ranking_rules");
    assert_eq!(failed["index"], format!("gopy_{SHAPE}"));
    assert!(failed["uid"].is_u64());

    // The job tries again and the second task succeeds.
    until(&app, |r| r["search"]["index"]["state"] == "ready").await;
    assert!(standin.with(|s| s.settings_requests) >= 2);
    assert_eq!(app.get("/api/tim-kiem?q=via+he").await.status(), 200);
    assert_eq!(standin.with(|s| s.searches_too_early), 0);
}

#[tokio::test]
async fn existing_indexes_are_expected_states_not_failed_tasks() {
    let standin = Standin::start().await;
    let live = format!("gopy_{SHAPE}");
    let leftover = format!("{live}_rebuild");
    // A previous run left both the index and an interrupted rebuild.
    standin.existing(&live);
    standin.existing(&leftover);
    let app = spawn(&standin, "gopy").await;
    until(&app, |r| r["search"]["index"]["state"] == "ready").await;
    assert!(
        !standin.task_kinds().contains(&"indexCreation".to_string()),
        "the index was there: {:?}",
        standin.task_kinds()
    );

    // A full rebuild: the leftover is deleted, the new index filled and swapped in, the
    // old one deleted. Twice, as an operator might.
    for _ in 0..2 {
        gopy::search::outbox::reindex(&app.state.db, &app.state.search, |_, _| {})
            .await
            .unwrap();
        assert_eq!(standin.index_names(), std::slice::from_ref(&live));
        assert!(standin.documents(&live) > 100);
    }
    assert_eq!(
        standin.failed_tasks(),
        Vec::<(String, String)>::new(),
        "{:?}",
        standin.task_kinds()
    );
}
