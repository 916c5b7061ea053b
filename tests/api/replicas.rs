//! Several portal processes on one PostgreSQL database (issue 14, point 4): what each
//! process kept to itself must hold for all of them together.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::helpers::{Backend, Prepared, TestApp};
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
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gopy"));
    for (k, _) in std::env::vars() {
        if k.starts_with("GOPY_") {
            cmd.env_remove(k);
        }
    }
    cmd.envs(&prepared.settings)
        .env("GOPY_BIND", format!("127.0.0.1:{port}"))
        .envs(extra.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // Owned by the guard at once: killed and reaped however the test ends.
    let started = Replica {
        child: cmd.spawn().expect("the gopy binary starts"),
        base: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("{}/readyz", started.base)).await
            && r.status() == 200
        {
            return started;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the replica at {} did not become ready", started.base);
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
