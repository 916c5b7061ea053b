//! An acknowledged comment is on disk: the server is killed with SIGKILL in the middle of
//! a burst of submissions and started again; every comment whose submission was
//! answered with success is there, and its confirmation mail still goes out.

use std::collections::BTreeSet;
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use gopy::config::Config;
use gopy::db::Db;
use gopy::db::schema::{comments, mail_outbox};

use crate::helpers::{Backend, Prepared, TestApp, csrf_in, good_comment, wait_ready, with};
use crate::smtp_sink::free_port;

fn start(prepared: &Prepared, port: u16) -> Child {
    prepared
        .command(port)
        .env("GOPY_RATE_SUBMIT_IP", "1000000/min")
        .env("GOPY_RATE_SUBMIT_EMAIL", "1000000/min")
        // Mail claimed by the killed server is taken over once its hold lapses.
        .env("GOPY_MAIL_LOCK_SECONDS", "4")
        .spawn()
        .expect("the gopy binary starts")
}

async fn run(backend: Backend) {
    let Some(prepared) = TestApp::builder(backend).prepare() else {
        eprintln!("skipped: set TEST_POSTGRES_URL to run this test on PostgreSQL");
        return;
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&prepared, port);
    wait_ready(&base).await;

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = client
        .get(format!("{base}/du-thao/hoc-phi/gop-y"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_in(&html);

    // A burst from 8 clients; every 303 is an acknowledgement.
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let (client, base, csrf, acknowledged) = (
            client.clone(),
            base.clone(),
            csrf.clone(),
            acknowledged.clone(),
        );
        tasks.push(tokio::spawn(async move {
            for i in 0.. {
                let mut form = with(
                    with(
                        good_comment(),
                        "email",
                        &format!("dan{worker}-{i}@example.vn"),
                    ),
                    "noi_dung",
                    &format!("Ý kiến số {i} của người gửi {worker} trong đợt gửi dồn dập."),
                );
                form.push(("csrf", csrf.clone()));
                form.push(("muc", String::new()));
                match client
                    .post(format!("{base}/du-thao/hoc-phi/gop-y"))
                    .form(&form)
                    .send()
                    .await
                {
                    Ok(r) if r.status() == 303 => {
                        let location = r.headers()["location"].to_str().unwrap().to_string();
                        // The receipt's private token: its hash is on the comment's row.
                        let token = location.trim_start_matches("/y-kien/da-gui/").to_string();
                        acknowledged.lock().unwrap().insert(token);
                    }
                    Ok(r) => panic!("unexpected answer {}", r.status()),
                    Err(_) => return, // the server is gone
                }
            }
        }));
    }
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 60 && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
    server.wait().unwrap();
    for t in tasks {
        t.await.unwrap();
    }
    let acknowledged: BTreeSet<String> = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 60,
        "the burst was under way: {}",
        acknowledged.len()
    );

    // Started again on the same database and data directory.
    let mut server = start(&prepared, port);
    wait_ready(&base).await;

    let config = Config::from_values(&prepared.settings).unwrap();
    let db = Db::connect(&config).unwrap();
    let hashes: BTreeSet<String> = acknowledged
        .iter()
        .map(|t| gopy::auth::token::hash(t))
        .collect();
    let stored: Vec<(i64, chrono::NaiveDateTime, String)> = {
        let mut c = db.get().unwrap();
        comments::table
            .select((
                comments::id,
                comments::created_at,
                comments::status_token_hash,
            ))
            .load(&mut **c)
            .unwrap()
    };
    let ids: BTreeSet<i64> = stored
        .iter()
        .filter(|(_, _, h)| hashes.contains(h))
        .map(|(id, _, _)| *id)
        .collect();
    let tracking: Vec<String> = stored
        .iter()
        .filter(|(_, _, h)| hashes.contains(h))
        .map(|(id, at, _)| {
            gopy::domain::comment::tracking_number(gopy::domain::ids::CommentId(*id), *at)
        })
        .collect();
    let found: BTreeSet<&String> = stored.iter().map(|(_, _, h)| h).collect();
    let missing: Vec<_> = hashes.iter().filter(|h| !found.contains(h)).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");

    // Every acknowledged comment's confirmation mail goes out after the restart.
    let mail_dir = prepared.dir.path().join("mail");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let unsent: i64 = {
            let mut c = db.get().unwrap();
            mail_outbox::table
                .filter(mail_outbox::comment_id.eq_any(ids.iter().copied().collect::<Vec<_>>()))
                .filter(mail_outbox::sent_at.is_null())
                .count()
                .get_result(&mut **c)
                .unwrap()
        };
        if unsent == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{unsent} confirmation mails still unsent"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let files: String = std::fs::read_dir(&mail_dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for t in &tracking {
        assert!(files.contains(t.as_str()), "no mail file for {t}");
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_comments_survive_sigkill_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_comments_survive_sigkill_postgres() {
    run(Backend::Postgres).await;
}
