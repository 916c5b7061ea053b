//! Comment submissions under load, against two ceilings measured in the same run.
//!
//!     cargo bench --bench submissions
//!     BENCH_SECONDS=20 POSTGRES=postgres://postgres@127.0.0.1:5432 cargo bench --bench submissions
//!
//! For each database (SQLite, and PostgreSQL when POSTGRES reaches a server; it defaults
//! to postgres://postgres@127.0.0.1:5432), it builds and starts the release binary on a
//! fresh database with the demo content and the rate limits raised, and measures at 1,
//! 16 and 64 concurrent clients:
//!
//! - accepted submissions per second (answered 303) and their p50/p99 latency, each a
//!   real form post with its CSRF cookie and token, a unique text and e-mail;
//! - the same server's /healthz at the same concurrency;
//! - the database's own rate for the same rows (the comment and its queued mail) written
//!   by `comments::store` in one transaction each, with the same durability (SQLite WAL
//!   with synchronous=FULL; PostgreSQL's default synchronous commit), from as many
//!   threads, on a fresh database of its own.
//!
//! BENCH_COMMENTS=1000000 first fills a template database with that many published
//! comments on the draft the submissions go to (the search benchmark's generator), once
//! per database; every measure (the server's and the database's own rate) starts from a
//! copy of it, to measure submissions at a national consultation's scale rather than on
//! an empty table.
//!
//! Mail goes over SMTP, as in production, to a sink in this process that accepts
//! everything (BENCH_MAIL=files keeps the embedded default of one .eml file per mail,
//! whose file creation costs more here than the mail itself).
//!
//! Goals: at 16 clients, accepted submissions ≥ 0.5 × the database's own rate, with
//! p99 < 50 ms (issue 3); with group commit, at 64 clients, ≥ 3 × that rate on SQLite
//! and ≥ 2 × on PostgreSQL, with p99 < 50 ms (issue 14).

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use gopy::config::Config;
use gopy::db::Db;
use gopy::db::queries::comments::{self, NewComment, Target};
use gopy::domain::comment::tracking_number;
use gopy::domain::comment::{CommentForm, CommentRules, ValidComment};
use gopy::domain::time;
use gopy::mail::templates;

#[path = "generate.rs"]
mod generate;

const CLIENTS: [usize; 3] = [1, 16, 64];

/// The draft every submission goes to.
const DRAFT: &str = "chat-thai-ran";

/// Fills a fresh database with BENCH_COMMENTS published comments on [`DRAFT`] (none
/// when unset), after its migrations and the demo.
fn populate(db: &Db, config: &Config) {
    let total: i64 = std::env::var("BENCH_COMMENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    db.migrate().unwrap();
    gopy::demo::load_if_empty(db, &gopy::storage::FileStore::new(&config.server.data_dir)).unwrap();
    if total > 0 {
        let took = generate::grow(
            db,
            total,
            &mut generate::Rng(0x9E37_79B9_7F4A_7C15),
            generate::Spread::OneDraft(DRAFT),
        );
        eprintln!(
            "  {total} comments generated in {:.0} s",
            took.as_secs_f64()
        );
    }
}

struct Row {
    database: String,
    clients: usize,
    accepted: f64,
    p50: f64,
    p99: f64,
    healthz: f64,
    db_rate: f64,
}

fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let postgres =
        std::env::var("POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "gopy"])
        .status()
        .expect("cargo builds the release binary");
    assert!(status.success());
    let binary = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/gopy");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    let mut backends: Vec<(&str, Option<String>)> = vec![("SQLite", None)];
    match PgConnection::establish(&format!("{postgres}/postgres")) {
        Ok(_) => backends.push(("PostgreSQL", Some(postgres.clone()))),
        Err(e) => eprintln!("PostgreSQL skipped ({postgres}: {e})"),
    }
    // BENCH_ONLY=sqlite|postgres (a prefix of the name) and BENCH_CLIENTS=16 narrow a run (for profiling).
    let only = std::env::var("BENCH_ONLY")
        .unwrap_or_default()
        .to_lowercase();
    let counts: Vec<usize> = match std::env::var("BENCH_CLIENTS") {
        Ok(c) => c.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => CLIENTS.to_vec(),
    };
    backends.retain(|(name, _)| only.is_empty() || name.to_lowercase().starts_with(&only));
    for (name, server) in backends {
        eprintln!("{name}: filling the template database …");
        let template = Template::build(server.as_deref());
        for &clients in &counts {
            eprintln!("{name}, {clients} clients …");
            let row = runtime.block_on(measure(
                &binary,
                name,
                &template,
                clients,
                Duration::from_secs(seconds),
            ));
            rows.push(row);
        }
    }

    println!();
    println!(
        "Góp Ý comment submissions: {seconds} s per measure, {} cores, load generator on the same machine",
        num_cores()
    );
    println!();
    println!(
        "{:<11} {:>7} {:>11} {:>8} {:>8} {:>11} {:>11} {:>9} {:>9}",
        "database",
        "clients",
        "accepted/s",
        "p50 ms",
        "p99 ms",
        "healthz/s",
        "db rows/s",
        "÷ db",
        "÷ healthz"
    );
    for r in &rows {
        println!(
            "{:<11} {:>7} {:>11.0} {:>8.2} {:>8.2} {:>11.0} {:>11.0} {:>9.2} {:>9.3}",
            r.database,
            r.clients,
            r.accepted,
            r.p50,
            r.p99,
            r.healthz,
            r.db_rate,
            r.accepted / r.db_rate,
            r.accepted / r.healthz
        );
    }
    println!();
    println!("goal at 16 clients: accepted ≥ 0.50 × db rows/s, p99 < 50 ms (issue 3)");
    println!(
        "goal at 64 clients: accepted ≥ 3 × db rows/s on SQLite, ≥ 2 × on PostgreSQL, p99 < 50 ms (issue 14)"
    );
}

fn num_cores() -> usize {
    std::thread::available_parallelism().map_or(0, |n| n.get())
}

/// The database every measure starts from, filled once per database and run: the demo
/// and BENCH_COMMENTS comments take minutes at a million, so each measure copies it
/// (the SQLite data directory's files; PostgreSQL's `CREATE DATABASE … TEMPLATE`)
/// rather than filling its own.
struct Template {
    dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl Template {
    fn build(server: Option<&str>) -> Template {
        let (settings, dir, pg) = empty(server, "template");
        let config = Config::from_values(&settings).unwrap();
        // The pool is dropped at the end of the block: PostgreSQL copies a template
        // only when nobody is connected to it, and SQLite's WAL is checkpointed.
        {
            let db = Db::connect(&config).unwrap();
            populate(&db, &config);
        }
        Template { dir, pg }
    }

    /// A fresh copy: (settings, temp dir, postgres database to drop).
    fn copy(
        &self,
        tag: &str,
    ) -> (
        BTreeMap<String, String>,
        tempfile::TempDir,
        Option<(String, String)>,
    ) {
        let (mut settings, dir, _) = empty(None, tag);
        copy_dir(self.dir.path(), dir.path());
        let pg = self.pg.as_ref().map(|(server, template)| {
            let name = format!("gopy_bench_{}_{tag}", std::process::id());
            let mut admin = PgConnection::establish(&format!("{server}/postgres")).unwrap();
            admin
                .batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE); CREATE DATABASE {name} TEMPLATE {template}"
                ))
                .unwrap();
            settings.insert("GOPY_DATABASE_URL".to_string(), format!("{server}/{name}"));
            (server.clone(), name)
        });
        (settings, dir, pg)
    }
}

impl Drop for Template {
    fn drop(&mut self) {
        drop_pg(self.pg.take());
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// An empty data directory and database: (settings, temp dir, postgres database to drop).
fn empty(
    server: Option<&str>,
    tag: &str,
) -> (
    BTreeMap<String, String>,
    tempfile::TempDir,
    Option<(String, String)>,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = BTreeMap::new();
    s.insert(
        "GOPY_DATA_DIR".to_string(),
        dir.path().display().to_string(),
    );
    s.insert("GOPY_LOG".to_string(), "warn".to_string());
    s.insert(
        "GOPY_RATE_SUBMIT_IP".to_string(),
        "10000000/min".to_string(),
    );
    s.insert(
        "GOPY_RATE_SUBMIT_EMAIL".to_string(),
        "10000000/min".to_string(),
    );
    let pg = server.map(|server| {
        let name = format!("gopy_bench_{}_{tag}", std::process::id());
        let mut admin = PgConnection::establish(&format!("{server}/postgres")).unwrap();
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        s.insert("GOPY_DATABASE_URL".to_string(), format!("{server}/{name}"));
        (server.to_string(), name)
    });
    (s, dir, pg)
}

fn drop_pg(pg: Option<(String, String)>) {
    if let Some((server, name)) = pg
        && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
    {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}

fn start(
    binary: &std::path::Path,
    settings: &BTreeMap<String, String>,
    port: u16,
    smtp: Option<u16>,
) -> Child {
    let mut cmd = Command::new(binary);
    if let Some(smtp) = smtp {
        cmd.env("GOPY_SMTP_URL", format!("smtp://127.0.0.1:{smtp}"));
    }
    cmd.envs(settings)
        .env("GOPY_BIND", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the release binary starts")
}

async fn measure(
    binary: &std::path::Path,
    database: &str,
    template: &Template,
    clients: usize,
    span: Duration,
) -> Row {
    // The sink first: its port is taken before the server's is chosen, so the two
    // cannot meet.
    let smtp = match std::env::var("BENCH_MAIL").as_deref() {
        Ok("files") => None,
        _ => Some(smtp_sink().await),
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let (settings, dir, pg) = template.copy(&format!("srv{clients}"));
    let mut child = start(binary, &settings, port, smtp);
    for _ in 0..200 {
        if reqwest::get(format!("{base}/readyz"))
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let (accepted, mut latencies) = submissions(&base, clients, span).await;
    latencies.sort_unstable();
    let healthz = healthz(&base, clients, span / 2).await;
    child.kill().ok();
    child.wait().ok();
    drop(dir);
    drop_pg(pg);

    let db_rate = database_rate(template, clients, span);
    Row {
        database: database.to_string(),
        clients,
        accepted,
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
        healthz,
        db_rate,
    }
}

/// An SMTP server that accepts every mail and forgets it; returns its port.
async fn smtp_sink() -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if in_data {
                        if line != "." {
                            continue;
                        }
                        in_data = false;
                        b"250 OK\r\n"
                    } else {
                        match line.get(..4).map(str::to_ascii_uppercase).as_deref() {
                            Some("EHLO") => b"250-sink\r\n250 8BITMIME\r\n",
                            Some("DATA") => {
                                in_data = true;
                                b"354 go\r\n"
                            }
                            Some("QUIT") => return,
                            _ => b"250 OK\r\n",
                        }
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

fn csrf_in(html: &str) -> String {
    let field = "name=\"csrf\" value=\"";
    let at = html.find(field).expect("a CSRF field") + field.len();
    html[at..at + 64].to_string()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Accepted submissions per second, and the latency of each.
async fn submissions(base: &str, clients: usize, span: Duration) -> (f64, Vec<Duration>) {
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (base, stop) = (base.to_string(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let form = http.get(format!("{base}/du-thao/{DRAFT}/gop-y?muc=dieu-2-khoan-1")).send().await.unwrap().text().await.unwrap();
            let csrf = csrf_in(&form);
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let fields = [
                    ("csrf", csrf.clone()),
                    ("muc", "dieu-2-khoan-1".to_string()),
                    ("noi_dung", format!("Ý kiến đo tải số {i} của người gửi {client}: đề nghị làm rõ phạm vi áp dụng.")),
                    ("email", format!("do-tai-{client}-{i}@example.vn")),
                    ("loai", "individual".to_string()),
                    ("xa", "phuong-sai-gon".to_string()),
                    ("dong_y", "1".to_string()),
                ];
                let t = Instant::now();
                match http.post(format!("{base}/du-thao/{DRAFT}/gop-y")).form(&fields).send().await {
                    Ok(r) if r.status() == 303 => latencies.push(t.elapsed()),
                    Ok(r) => {
                        if errors == 0 {
                            eprintln!("  client {client}: answered {}", r.status());
                        }
                        errors += 1;
                    }
                    Err(e) => {
                        if errors == 0 {
                            eprintln!("  client {client}: {e}");
                        }
                        errors += 1;
                    }
                }
            }
            if errors > 0 {
                eprintln!("  client {client}: {errors} submissions not accepted");
            }
            latencies
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(span).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    (all.len() as f64 / started.elapsed().as_secs_f64(), all)
}

async fn healthz(base: &str, clients: usize, span: Duration) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (url, stop) = (format!("{base}/healthz"), stop.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                if http.get(&url).send().await.is_ok_and(|r| r.status() == 200) {
                    n += 1;
                }
            }
            n
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(span).await;
    stop.store(true, Ordering::Relaxed);
    let mut n = 0;
    for t in tasks {
        n += t.await.unwrap();
    }
    n as f64 / started.elapsed().as_secs_f64()
}

/// The database's own rate: the same rows through the same store function, one
/// transaction each, from `threads` threads, on a fresh database with the same settings.
fn database_rate(template: &Template, threads: usize, span: Duration) -> f64 {
    let (mut settings, dir, pg) = template.copy(&format!("db{threads}"));
    settings.insert("GOPY_DB_POOL_SIZE".into(), threads.max(1).to_string());
    let config = Config::from_values(&settings).unwrap();
    let db = Db::connect(&config).unwrap();
    let target =
        match comments::target(&mut db.get().unwrap(), DRAFT, Some("dieu-2-khoan-1")).unwrap() {
            Target::Found(t) => t,
            _ => panic!("the demo draft is there"),
        };
    let rules = CommentRules {
        min_chars: 10,
        max_chars: 10_000,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|thread| {
            let (db, stop, target) = (db.clone(), stop.clone(), target.clone());
            std::thread::spawn(move || {
                let mut conn = db.get().unwrap();
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let form = CommentForm {
                        noi_dung: format!("Ý kiến đo tải số {n} của luồng {thread}: đề nghị làm rõ phạm vi áp dụng."),
                        email: format!("db-{thread}-{n}@example.vn"),
                        loai: "individual".into(),
                        dong_y: Some("1".into()),
                        ..CommentForm::default()
                    };
                    let comment = ValidComment::parse(&form, rules, |_| true).unwrap();
                    let now = time::now_utc();
                    let new = NewComment {
                        draft_id: target.draft.id,
                        version_id: target.version_id,
                        section_id: target.section.as_ref().map(|s| s.id),
                        comment: &comment,
                        locality_id: None,
                        confirm_token_hash: &gopy::auth::token::hash(&format!("c{thread}-{n}")),
                        confirm_expires_at: now,
                        status_token_hash: &gopy::auth::token::hash(&format!("s{thread}-{n}")),
                        now, campaign_id: None,
                    };
                    // The same mail the server queues, so the rows are the same size.
                    comments::store(&mut conn, &new, |id| {
                        templates::confirmation(&templates::Confirmation {
                            to: comment.email.as_str(),
                            tracking_number: &tracking_number(id, now),
                            draft_title: &target.draft.title,
                            section: target.section.as_ref().map(|s| s.label.as_str()),
                            confirm_url: &format!("http://127.0.0.1/y-kien/xac-nhan/{}", "a".repeat(64)),
                            status_url: &format!("http://127.0.0.1/y-kien/cua-toi/{}", "b".repeat(64)),
                            expires: &time::date_time(now),
                            body: &comment.body,
                        })
                    })
                    .unwrap();
                }
                n
            })
        })
        .collect();
    std::thread::sleep(span);
    stop.store(true, Ordering::Relaxed);
    let n: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let rate = n as f64 / started.elapsed().as_secs_f64();
    drop(db);
    drop(dir);
    drop_pg(pg);
    rate
}
