//! Every public page at a national consultation's scale, beside the same pages with few
//! comments (issue 14).
//!
//!     cargo bench --bench scale
//!     BENCH_SIZES=1000,1000000 BENCH_DIR=/tmp/gopy-scale CONNECTIONS=4 DURATION=3 cargo bench --bench scale
//!
//! For each size in BENCH_SIZES (default 1,000 and 1,000,000) it builds an SQLite
//! database with the demo content and that many published comments on the long draft
//! (`chat-thai-ran`), a third of them answered, with a published synthesis report
//! (the search benchmark's generator; BENCH_DIR keeps the databases, and a database of
//! the right size found there is reused). It then starts the release binary on it and:
//!
//! 1. loads each page of issue 14's point 1 with wrk (CONNECTIONS, default 4, for
//!    DURATION seconds, default 3), once with `Accept-Encoding: gzip` and once without,
//!    beside `/healthz` on the same server;
//! 2. times a cold render of the long draft's page: the draft's revision is moved on
//!    behind the server's back (as another replica would), and the first request after
//!    the recheck interval renders it (median of 5);
//! 3. loads all those pages together from 64 connections for DURATION × 3 seconds while
//!    the long draft's revision moves on every half second (its cached page is dropped
//!    again and again), sampling the server's anonymous resident memory (RssAnon).
//!
//! It prints p50, p99 and requests a second per page and encoding at each size side by
//! side, the cold render, and the peak RssAnon and resident size (VmHWM) of the server.
//! Goals: at 1,000,000 comments every page's p50 with gzip at most 1.3 × its p50 at
//! 1,000; search p99 and the participation dashboard's p99 under 50 ms; a cold render under 50 ms; RssAnon under 150 MB.
//! With BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432 the databases are PostgreSQL
//! instead, one per size on that server (`gopy_scale_{size}`, kept and reused as
//! BENCH_DIR keeps the SQLite files; drop them by hand).
//! Needs wrk (`apt-get install wrk`).

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use gopy::config::Config;
use gopy::db::schema::{comments, drafts, synthesis_reports};
use gopy::db::{Db, DbConnection};
use gopy::domain::time;
use gopy::storage::FileStore;

#[path = "generate.rs"]
mod generate;
use generate::{Rng, Spread, grow, postgres_database};

const LONG: &str = "chat-thai-ran";

/// One page's figures: p50 and p99 in ms, requests a second.
#[derive(Clone, Copy, Default)]
struct Load {
    p50: f64,
    p99: f64,
    rate: f64,
}

struct Measured {
    /// (page label, gzip?) → figures
    pages: BTreeMap<(usize, bool), Load>,
    labels: Vec<String>,
    cold_ms: f64,
    peak_anon_kb: u64,
    hwm_kb: u64,
}

fn main() {
    let sizes: Vec<i64> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "1000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect();
    let connections: usize = env_or("CONNECTIONS", 4);
    let duration: u64 = env_or("DURATION", 3);
    assert!(
        Command::new("wrk").arg("--version").output().is_ok(),
        "wrk is needed: apt-get install wrk"
    );
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "gopy"])
        .status()
        .expect("cargo builds the release binary");
    assert!(status.success());
    let binary = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/gopy");
    let temp = tempfile::tempdir().unwrap();
    let root = std::env::var("BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| temp.path().to_path_buf());

    let postgres = std::env::var("BENCH_POSTGRES").ok();
    let mut results = Vec::new();
    for &size in &sizes {
        let dir = root.join(format!("scale-{size}"));
        std::fs::create_dir_all(&dir).unwrap();
        let place = Place {
            dir,
            url: postgres
                .as_deref()
                .map(|server| postgres_database(server, size)),
        };
        let generated = prepare(&place, size);
        eprintln!("{size} comments ready ({generated:.0} s)");
        results.push((size, measure(&binary, &place, connections, duration)));
    }
    let database = if postgres.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    print(&results, database, connections);
}

/// Where one size's portal keeps its data: its directory (files, and the SQLite
/// database) and, on PostgreSQL, its database's URL.
struct Place {
    dir: std::path::PathBuf,
    url: Option<String>,
}

impl Place {
    /// The settings the portal and this benchmark's own connections share.
    fn settings(&self) -> BTreeMap<String, String> {
        let mut values: BTreeMap<String, String> =
            [("GOPY_DATA_DIR".to_string(), self.dir.display().to_string())].into();
        if let Some(url) = &self.url {
            values.insert("GOPY_DATABASE_URL".to_string(), url.clone());
        }
        values
    }

    fn config(&self) -> Config {
        Config::from_values(&self.settings()).expect("bench configuration")
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The database of `size` comments in `place` (reused if it is there); seconds taken.
fn prepare(place: &Place, size: i64) -> f64 {
    let started = Instant::now();
    let db = Db::connect(&place.config()).unwrap();
    db.migrate().unwrap();
    gopy::demo::load_if_empty(&db, &FileStore::new(&place.dir)).unwrap();
    let mut c = db.get().unwrap();
    let have: i64 = comments::table.count().get_result(&mut **c).unwrap();
    if have < size {
        drop(c);
        grow(
            &db,
            size,
            &mut Rng(0x9E37_79B9_7F4A_7C15),
            Spread::OneDraft(LONG),
        );
        c = db.get().unwrap();
    }
    let conn: &mut DbConnection = &mut c;
    let draft: i64 = drafts::table
        .filter(drafts::slug.eq(LONG))
        .select(drafts::id)
        .first(conn)
        .unwrap();
    // A database generated before the participation counters (issue 16) has them
    // empty: count them, as the generator now does.
    let counted: Option<i64> = gopy::db::schema::participation::table
        .select(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::BigInt>,
        >("CAST(SUM(published) AS BIGINT)"))
        .first(conn)
        .unwrap();
    let published: i64 = comments::table
        .filter(comments::status.eq("published"))
        .count()
        .get_result(conn)
        .unwrap();
    if counted.unwrap_or(0) != published {
        generate::count_participation(conn);
    }
    let reported: i64 = synthesis_reports::table
        .filter(synthesis_reports::draft_id.eq(draft))
        .count()
        .get_result(conn)
        .unwrap();
    if reported == 0 {
        diesel::insert_into(synthesis_reports::table)
            .values((
                synthesis_reports::draft_id.eq(draft),
                synthesis_reports::rows_json.eq("[]"),
                synthesis_reports::totals_json.eq("[]"),
                synthesis_reports::published_at.eq(time::now_utc()),
            ))
            .execute(conn)
            .unwrap();
    }
    started.elapsed().as_secs_f64()
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(binary: &std::path::Path, place: &Place) -> Server {
    let port = 18_300 + (std::process::id() % 500) as u16;
    let child = Command::new(binary)
        .envs(place.settings())
        .env("GOPY_BIND", format!("127.0.0.1:{port}"))
        .env("GOPY_LOG", "warn")
        // The load generator is one address.
        .env("GOPY_RATE_SEARCH_IP", "1000000/s")
        .stdout(Stdio::null())
        .spawn()
        .expect("the portal starts");
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if curl(&format!("{base}/healthz")).is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Server { child, base }
}

/// The body of a GET, or None.
fn curl(url: &str) -> Option<String> {
    let out = Command::new("curl").args(["-fsS", url]).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// One GET over a connection of its own, as a browser sends it (gzip), read to the end;
/// its time in ms. No process is started for it, so the figure is the server's.
fn timed_get(url: &str) -> f64 {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host).expect("the server listens");
    stream.set_nodelay(true).unwrap();
    let started = Instant::now();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "the draft page answers 200"
    );
    ms
}

/// The pages of point 1: (label, path).
fn pages(base: &str) -> Vec<(String, String)> {
    let draft = format!("/du-thao/{LONG}");
    let first = curl(&format!("{base}{draft}/y-kien")).unwrap_or_default();
    let comment = first
        .split("id=\"y-kien-")
        .nth(1)
        .map(|s| {
            s.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .unwrap_or_default();
    let page = curl(&format!("{base}{draft}")).unwrap_or_default();
    let clause = page
        .split("y-kien?muc=")
        .nth(1)
        .map(|s| s.split('"').next().unwrap_or("").to_string())
        .unwrap_or_default();
    let agency = page
        .split("href=\"/co-quan/")
        .nth(1)
        .map(|s| s.split('"').next().unwrap_or("").to_string())
        .unwrap_or_default();
    [
        ("/healthz", "/healthz".to_string()),
        ("home", "/".to_string()),
        ("draft list", "/du-thao".to_string()),
        ("agency", format!("/co-quan/{agency}")),
        ("draft page (warm)", draft.clone()),
        ("comments page 1", format!("{draft}/y-kien")),
        ("comments page 5,000", format!("{draft}/y-kien?trang=5000")),
        (
            "comments on a clause",
            format!("{draft}/y-kien?muc={clause}"),
        ),
        ("a comment's page", format!("{draft}/y-kien/{comment}")),
        ("synthesis report", format!("{draft}/bao-cao")),
        // Issue 16: the public dashboard reads the participation counters; the
        // critique page, its points and answers.
        ("participation dashboard", format!("{draft}/tham-gia")),
        ("social critique", format!("{draft}/phan-bien/1")),
        ("search", "/tim-kiem?q=hoc+phi".to_string()),
    ]
    .into_iter()
    .map(|(l, p)| (l.to_string(), p))
    .collect()
}

fn wrk(url: &str, connections: usize, seconds: u64, gzip: bool, script: Option<&str>) -> Load {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if let Some(s) = script {
        cmd.args(["-s", s]);
    } else {
        let encoding = if gzip { "gzip" } else { "identity" };
        cmd.args(["-H", &format!("Accept-Encoding: {encoding}")]);
    }
    let out = cmd.arg(url).output().expect("wrk runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let ms = |label: &str| -> f64 {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(parse_duration)
            .unwrap_or(f64::NAN)
    };
    let rate = text
        .lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    if text.contains("Non-2xx") {
        eprintln!("{url}: some answers were not 2xx\n{text}");
    }
    Load {
        p50: ms("50%"),
        p99: ms("99%"),
        rate,
    }
}

/// wrk's "1.23ms", "456.00us", "1.20s" in ms.
fn parse_duration(s: &str) -> f64 {
    let (n, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len()));
    let n: f64 = n.parse().unwrap_or(f64::NAN);
    match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => f64::NAN,
    }
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Moves the long draft's revision on, as a write by another process would.
fn invalidate(db: &Db) {
    let mut c = db.get().unwrap();
    diesel::update(drafts::table.filter(drafts::slug.eq(LONG)))
        .set(drafts::revision.eq(drafts::revision + 1))
        .execute(&mut **c)
        .unwrap();
}

fn measure(binary: &std::path::Path, place: &Place, connections: usize, seconds: u64) -> Measured {
    let server = start(binary, place);
    let pid = server.child.id();
    let list = pages(&server.base);
    let mut measured = BTreeMap::new();
    for (i, (label, path)) in list.iter().enumerate() {
        for gzip in [true, false] {
            let load = wrk(
                &format!("{}{path}", server.base),
                connections,
                seconds,
                gzip,
                None,
            );
            eprintln!("{label} gzip={gzip}: p50 {:.2} ms", load.p50);
            measured.insert((i, gzip), load);
        }
    }

    // A cold render: the revision moves on behind the server's back; after the recheck
    // interval (one second by default) the next request renders the page again.
    let db = Db::connect(&place.config()).unwrap();
    let url = format!("{}/du-thao/{LONG}", server.base);
    let mut cold = Vec::new();
    for _ in 0..5 {
        invalidate(&db);
        std::thread::sleep(Duration::from_millis(1_200));
        cold.push(timed_get(&url));
    }
    cold.sort_by(f64::total_cmp);

    // Everything at once from 64 connections while the busy draft's page keeps being
    // invalidated; the server's anonymous memory sampled all along.
    let script = place.dir.join("all-pages.lua");
    let paths: Vec<String> = list.iter().map(|(_, p)| format!("{p:?}")).collect();
    std::fs::write(
        &script,
        format!(
            "local paths = {{{}}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  \
             return wrk.format(\"GET\", paths[i], {{[\"Accept-Encoding\"] = \"gzip\"}})\nend\n",
            paths.join(", ")
        ),
    )
    .unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            let db = db;
            let mut last = Instant::now();
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(status_kb(pid, "RssAnon:"), Ordering::Relaxed);
                if last.elapsed() > Duration::from_millis(500) {
                    invalidate(&db);
                    last = Instant::now();
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let all = wrk(
        &server.base,
        64,
        seconds * 3,
        true,
        Some(script.to_str().unwrap()),
    );
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    eprintln!(
        "all pages, 64 connections: p50 {:.1} ms, p99 {:.1} ms, {:.0}/s",
        all.p50, all.p99, all.rate
    );
    Measured {
        pages: measured,
        labels: list.into_iter().map(|(l, _)| l).collect(),
        cold_ms: cold[cold.len() / 2],
        peak_anon_kb: peak.load(Ordering::Relaxed),
        hwm_kb: status_kb(pid, "VmHWM:"),
    }
}

fn print(results: &[(i64, Measured)], database: &str, connections: usize) {
    let Some((_, first)) = results.first() else {
        return;
    };
    println!(
        "\nEvery public page, {database}, {connections} connections, {} cores; p50 / p99 in ms, requests a second\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let mut head = String::from("| page | encoding |");
    let mut rule = String::from("|---|---|");
    for (size, _) in results {
        head.push_str(&format!(" {size}: p50 | p99 | req/s |"));
        rule.push_str("---:|---:|---:|");
    }
    if results.len() > 1 {
        head.push_str(" p50 ratio |");
        rule.push_str("---:|");
    }
    println!("{head}\n{rule}");
    for (i, label) in first.labels.iter().enumerate() {
        for gzip in [true, false] {
            let mut line = format!("| {label} | {} |", if gzip { "gzip" } else { "identity" });
            for (_, m) in results {
                let l = m.pages.get(&(i, gzip)).copied().unwrap_or_default();
                line.push_str(&format!(" {:.2} | {:.2} | {:.0} |", l.p50, l.p99, l.rate));
            }
            if let (Some((_, a)), Some((_, b))) = (results.first(), results.last())
                && results.len() > 1
            {
                let (a, b) = (a.pages[&(i, gzip)], b.pages[&(i, gzip)]);
                line.push_str(&format!(" {:.2} |", b.p50 / a.p50));
            }
            println!("{line}");
        }
    }
    println!();
    println!(
        "| comments | cold render of the long draft (ms, median of 5) | peak RssAnon under 64 connections (MB) | peak resident (VmHWM, MB) |"
    );
    println!("|---:|---:|---:|---:|");
    for (size, m) in results {
        println!(
            "| {size} | {:.1} | {:.1} | {:.1} |",
            m.cold_ms,
            m.peak_anon_kb as f64 / 1024.0,
            m.hwm_kb as f64 / 1024.0
        );
    }
}
