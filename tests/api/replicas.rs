//! Several portal processes on one PostgreSQL database (issue 14, point 4): what each
//! process kept to itself must hold for all of them together.

use std::process::Child;
use std::time::Duration;

use crate::helpers::{Backend, Prepared, TestApp, wait_ready};
use crate::smtp_sink::free_port;

struct Replica {
    child: Child,
    base: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a portal process on the prepared database, with `extra` settings.
async fn replica(prepared: &Prepared, extra: &[(&str, &str)]) -> Replica {
    let port = free_port();
    // Owned by the guard at once: killed and reaped however the test ends.
    let started = Replica {
        child: prepared
            .command(port)
            .envs(extra.iter().copied())
            .spawn()
            .expect("the gopy binary starts"),
        base: format!("http://127.0.0.1:{port}"),
    };
    wait_ready(&started.base).await;
    started
}

/// A flood spread over two processes gets the configured rate in total, not twice it:
/// with searches limited to 6 an hour per address, 12 searches sent alternately to
/// the two processes find 6 answered and 6 refused with 429 and Retry-After.
#[tokio::test]
async fn two_replicas_share_their_rate_limits() {
    let Some(prepared) = TestApp::builder(Backend::Postgres).prepare() else {
        eprintln!("skipped: set TEST_POSTGRES_URL to run this test on PostgreSQL");
        return;
    };
    let limit = [("GOPY_RATE_SEARCH_IP", "6/h")];
    // The first starts alone: it applies the migrations and loads the demo.
    let a = replica(&prepared, &limit).await;
    let b = replica(&prepared, &limit).await;
    let mut answered = 0;
    let mut refused = 0;
    for i in 0..12 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let resp = reqwest::get(format!("{base}/tim-kiem?q=hoc+phi"))
            .await
            .unwrap();
        match resp.status().as_u16() {
            200 => answered += 1,
            429 => {
                assert!(resp.headers().contains_key("retry-after"));
                refused += 1;
            }
            other => panic!("search answered {other}"),
        }
    }
    assert_eq!(
        (answered, refused),
        (6, 6),
        "6 an hour for both processes together"
    );
}

crate::on_both_databases! {
    /// The shared limit's one statement: a burst passes, the next is told how long to
    /// wait, another key has its own quota, and a recovered key is forgotten.
    async fn the_shared_limit_decides_in_one_statement(app) {
        use gopy::db::queries::rate_limits::{Gcra, forget_recovered, take};
        let g = Gcra { interval_us: 1_000_000, tolerance_us: 2_000_000 };
        let decided = app
            .with_db(move |c| {
                let now = 1_000_000_000_000;
                let burst: Vec<_> = (0..4).map(|_| take(c, "search_ip", "203.0.113.9", now, g).unwrap()).collect();
                let other = take(c, "search_ip", "203.0.113.10", now, g).unwrap();
                let later = take(c, "search_ip", "203.0.113.9", now + 1_000_000, g).unwrap();
                let forgot = forget_recovered(c, now + 60_000_000).unwrap();
                (burst, other, later, forgot)
            })
            .await;
        let (burst, other, later, forgot) = decided;
        assert_eq!(&burst[..3], &[Ok(()), Ok(()), Ok(())]);
        assert_eq!(burst[3], Err(1_000_000), "one interval to wait");
        assert_eq!(other, Ok(()));
        assert_eq!(later, Ok(()), "a place came free after one interval");
        assert_eq!(forgot, 2);
    }
}

crate::on_both_databases! {
    /// Checks decided in a batch answer what they would one after another: a key asked
    /// four times in one batch passes its burst of three and is told to wait for the
    /// fourth, while another key and the same key in another bucket keep their own quota.
    async fn a_batch_of_checks_answers_as_one_by_one(app) {
        use gopy::db::queries::rate_limits::{Gcra, Request, take, take_many};
        let g = Gcra { interval_us: 1_000_000, tolerance_us: 2_000_000 };
        let ask = move |bucket: &'static str, key: &str| Request { bucket, key: key.to_string(), gcra: g };
        let decided = app
            .with_db(move |c| {
                let now = 1_000_000_000_000;
                let batch = vec![
                    ask("search_ip", "198.51.100.1"),
                    ask("search_ip", "198.51.100.2"),
                    ask("search_ip", "198.51.100.1"),
                    ask("submit_ip", "198.51.100.1"),
                    ask("search_ip", "198.51.100.1"),
                    ask("search_ip", "198.51.100.1"),
                ];
                let first = take_many(c, now, &batch).unwrap();
                let after = take(c, "search_ip", "198.51.100.2", now, g).unwrap();
                (first, after)
            })
            .await;
        let (first, after) = decided;
        assert_eq!(first, vec![Ok(()), Ok(()), Ok(()), Ok(()), Ok(()), Err(1_000_000)]);
        assert_eq!(after, Ok(()), "the second key took one place of three");
    }
}

/// The .eml files a process's mailer wrote.
fn mails_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join("mail"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        })
        .unwrap_or(0)
}

/// Two processes on one PostgreSQL database, each with a data directory of its own:
/// a file attached through the first is served by the second (files live in the
/// database); a session opened on the first is valid on the second; a change made
/// through the first shows on the second within GOPY_PAGE_RECHECK_MS; and a comment's
/// mail goes out once, whichever process's worker takes it.
#[tokio::test]
async fn two_replicas_share_files_sessions_changes_and_jobs() {
    use crate::helpers::{STAFF_PASSWORD, StaffClient, csrf_in, good_comment};
    use diesel::prelude::*;
    let Some(prepared) = TestApp::builder(Backend::Postgres).prepare() else {
        eprintln!("skipped: set TEST_POSTGRES_URL to run this test on PostgreSQL");
        return;
    };
    let recheck = ("GOPY_PAGE_RECHECK_MS", "200");
    let a = replica(&prepared, &[recheck]).await;
    let b_dir = tempfile::tempdir().unwrap();
    let b_path = b_dir.path().display().to_string();
    let b = replica(&prepared, &[recheck, ("GOPY_DATA_DIR", b_path.as_str())]).await;

    // Files: the demo's attachments were stored by the first; the second has none on disk.
    let html = reqwest::get(format!("{}/du-thao/hoc-phi", b.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let link = regex::Regex::new(r#"href="(/du-thao/hoc-phi/tep/\d+/[^"]+)""#).unwrap();
    let path = link.captures(&html).expect("an attachment link")[1].to_string();
    let resp = reqwest::get(format!("{}{path}", b.base)).await.unwrap();
    assert_eq!(resp.status(), 200, "the second process serves the file");
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("TỜ TRÌNH DỰ THẢO QUYẾT ĐỊNH")
    );

    // Sessions: signed in through the first, still signed in on the second.
    let config = gopy::config::Config::from_values(&prepared.settings).unwrap();
    let db = gopy::db::Db::connect(&config).unwrap();
    let admin = "quan.tri@so.example.vn";
    {
        let mut c = db.get().unwrap();
        let hash = gopy::auth::password::hash(STAFF_PASSWORD).unwrap();
        gopy::services::accounts::create(
            &mut c,
            &gopy::services::accounts::ValidAccount {
                email: admin.into(),
                name: "Quản trị".into(),
                role: gopy::domain::staff::Role::parse("admin").unwrap(),
                agency_id: None,
                organisation_id: None,
            },
            &hash,
            &gopy::domain::staff::By::process("tests"),
            crate::helpers::now(),
        )
        .unwrap()
        .expect("a new account");
    }
    let mut staff = StaffClient {
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap(),
        base: a.base.clone(),
    };
    let login = "/quan-tri/dang-nhap";
    let resp = staff
        .post_form(
            login,
            login,
            &[("email", admin.into()), ("mat_khau", STAFF_PASSWORD.into())],
        )
        .await;
    assert_eq!(resp.status(), 303);
    staff.base = b.base.clone();
    assert_eq!(
        staff.get("/quan-tri").await.status(),
        200,
        "the session is valid on the second"
    );

    // A change through the first shows on the second within the recheck interval.
    let before = reqwest::get(format!("{}/", b.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!before.contains("Sở Thử nghiệm Nhân bản"));
    staff.base = a.base.clone();
    let form = "/quan-tri/co-quan-van-hanh";
    let resp = staff
        .post_form(
            form,
            form,
            &[
                ("ten", "Sở Thử nghiệm Nhân bản".into()),
                (
                    "dia_chi",
                    "1 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh".into(),
                ),
                ("dien_thoai", "(028) 3930 0000".into()),
                ("thu_dien_tu", "gopy@example.vn".into()),
                ("trang_web", "https://example.vn".into()),
            ],
        )
        .await;
    assert_eq!(resp.status(), 303);
    let changed = std::time::Instant::now();
    loop {
        let home = reqwest::get(format!("{}/", b.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if home.contains("Sở Thử nghiệm Nhân bản") {
            break;
        }
        assert!(
            changed.elapsed() < Duration::from_secs(2),
            "not shown on the second after 2 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A comment sent through the second: its mail is sent once, by one of the two.
    let citizen = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let page = citizen
        .get(format!("{}/du-thao/hoc-phi/gop-y", b.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut fields = vec![("csrf", csrf_in(&page)), ("muc", String::new())];
    fields.extend(good_comment());
    let resp = citizen
        .post(format!("{}/du-thao/hoc-phi/gop-y", b.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let sent = || {
        use gopy::db::schema::mail_outbox;
        let mut c = db.get().unwrap();
        mail_outbox::table
            .filter(mail_outbox::sent_at.is_not_null())
            .count()
            .get_result::<i64>(&mut **c)
            .unwrap()
    };
    for _ in 0..100 {
        if sent() >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Both workers have had time to take it again, were they to.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let files = mails_in(prepared.dir.path()) + mails_in(b_dir.path());
    assert_eq!(sent(), 1);
    assert_eq!(files, 1, "one mail for one comment, from one process");
}

/// With GOPY_REDIS_URL the limits are kept in Redis: two processes that share nothing
/// else (each on an SQLite file of its own) still give a flood the rate once.
/// Runs when TEST_REDIS_URL names a Redis server (`.ci/run` sets it).
#[tokio::test]
async fn two_processes_share_their_limits_through_redis() {
    let Ok(url) = std::env::var("TEST_REDIS_URL") else {
        eprintln!("skipped: set TEST_REDIS_URL to run this test against Redis");
        return;
    };
    // What an earlier run left for this address is forgotten first.
    let client = redis::Client::open(url.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: () = redis::cmd("DEL")
        .arg("gopy:rate:search_ip:127.0.0.1")
        .query_async(&mut conn)
        .await
        .unwrap();
    let one = TestApp::builder(Backend::Sqlite).prepare().unwrap();
    let two = TestApp::builder(Backend::Sqlite).prepare().unwrap();
    let settings = [
        ("GOPY_RATE_SEARCH_IP", "6/h"),
        ("GOPY_REDIS_URL", url.as_str()),
    ];
    let a = replica(&one, &settings).await;
    let b = replica(&two, &settings).await;
    let mut statuses = Vec::new();
    for i in 0..12 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        statuses.push(
            reqwest::get(format!("{base}/tim-kiem?q=hoc+phi"))
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        6,
        "{statuses:?}"
    );
}
