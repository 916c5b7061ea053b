//! `gopy backup` while the portal takes comments, and `gopy restore` into an empty place.

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use diesel::prelude::*;
use gopy::db::schema::comments;

use crate::helpers::{TestApp, csrf_in, good_comment, with};
use crate::on_both_databases;

/// The binary with exactly these settings and nothing from the developer's environment.
fn gopy(settings: &BTreeMap<String, String>, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gopy"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GOPY_") {
            c.env_remove(k);
        }
    }
    c.envs(settings).args(args).output().unwrap()
}

fn files_in(data_dir: &str) -> usize {
    let Ok(shards) = std::fs::read_dir(std::path::Path::new(data_dir).join("files")) else {
        return 0;
    };
    shards
        .map(|s| std::fs::read_dir(s.unwrap().path()).unwrap().count())
        .sum()
}

on_both_databases! {
    /// A backup taken while comments keep coming holds every comment acknowledged before
    /// it began, and the attached files; restored into an empty database and data
    /// directory, the portal serves it again, search included.
    async fn a_backup_during_a_burst_keeps_every_acknowledged_comment(app, |b| b
        .setting("GOPY_RATE_SUBMIT_IP", "100000/s")
        .setting("GOPY_RATE_SUBMIT_EMAIL", "100000/s"))
    {
        let backup_dir = tempfile::tempdir().unwrap();
        let backup_path = backup_dir.path().join("sao-luu");
        let next = AtomicUsize::new(0);
        let acknowledged = Mutex::new(Vec::new());
        let stop = AtomicBool::new(false);
        let text = |i: usize| format!("Ý kiến số {i} gửi trong lúc sao lưu dữ liệu.");

        // Each client has its own cookie jar: one CSRF cookie per browser, as in life.
        let submitter = || async {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let form_url = format!("{}/du-thao/hoc-phi/gop-y", app.address);
            while !stop.load(Ordering::SeqCst) {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let html = client.get(&form_url).send().await.unwrap().text().await.unwrap();
                let mut form = vec![("csrf", csrf_in(&html)), ("muc", String::new())];
                form.extend(with(with(good_comment(), "noi_dung", &text(i)), "email", &format!("sao.luu.{i}@example.vn")));
                let resp = client.post(&form_url).form(&form).send().await.unwrap();
                let status = resp.status();
                if status != 303 {
                    let body = resp.text().await.unwrap_or_default();
                    let title = body.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or(&body);
                    panic!("comment {i}: {status} {title}");
                }
                acknowledged.lock().unwrap().push(i);
            }
        };
        let taker = async {
            while acknowledged.lock().unwrap().len() < 20 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            // Everything acknowledged by now must be in the backup.
            let before: Vec<usize> = acknowledged.lock().unwrap().clone();
            let settings = app.settings.clone();
            let path = backup_path.clone();
            let out = tokio::task::spawn_blocking(move || gopy(&settings, &["backup".as_ref(), path.as_os_str()]))
                .await
                .unwrap();
            let during = acknowledged.lock().unwrap().len() - before.len();
            stop.store(true, Ordering::SeqCst);
            (before, during, out)
        };
        let (_, _, _, _, (before, during, out)) = tokio::join!(submitter(), submitter(), submitter(), submitter(), taker);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("backed up"));
        assert!(during > 0, "comments kept coming while the backup ran");
        let source_files = files_in(&app.settings["GOPY_DATA_DIR"]);
        assert!(source_files > 0, "the demo attaches files");

        // A second backup into the same directory is refused.
        let again = gopy(&app.settings, &["backup".as_ref(), backup_path.as_os_str()]);
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

        // Restored into a fresh database and data directory.
        let target = TestApp::builder(app.backend).empty().prepare().unwrap();
        let out = gopy(&target.settings, &["restore".as_ref(), backup_path.as_os_str()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("restored") && said.contains("indexed"), "{said}");
        assert_eq!(files_in(&target.settings["GOPY_DATA_DIR"]), source_files);

        // Not twice into the same place.
        let again = gopy(&target.settings, &["restore".as_ref(), backup_path.as_os_str()]);
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("empty"), "{}", String::from_utf8_lossy(&again.stderr));

        let config = gopy::config::Config::from_values(&target.settings).unwrap();
        let db = gopy::db::Db::connect(&config).unwrap();
        let bodies: std::collections::HashSet<String> = db
            .run(|c| Ok::<_, gopy::db::DbError>(comments::table.select(comments::body).load::<String>(c)?))
            .await
            .unwrap()
            .into_iter()
            .collect();
        let missing: Vec<usize> = before.iter().copied().filter(|i| !bodies.contains(&text(*i))).collect();
        assert!(missing.is_empty(), "acknowledged before the backup and lost: {missing:?}");

        // The restored portal serves the drafts and finds what it holds.
        let restored = gopy::app::Application::build_with_mailer(config, Some(gopy::mail::Mailer::memory().0))
            .await
            .unwrap();
        let address = format!("http://127.0.0.1:{}", restored.port());
        tokio::spawn(restored.run_until_stopped());
        let page = app.client.get(format!("{address}/du-thao/hoc-phi")).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let found: serde_json::Value = app.client.get(format!("{address}/api/tim-kiem?q=h%E1%BB%8Dc+ph%C3%AD")).send().await.unwrap().json().await.unwrap();
        assert!(found["hits"].as_array().is_some_and(|h| !h.is_empty()), "{found}");
    }
}
