//! Search latency over many comments, and full reindex throughput.
//!
//!     cargo bench --bench search
//!     BENCH_SIZES=100000,1000000 POSTGRES=postgres://postgres@127.0.0.1:5432 cargo bench --bench search
//!
//! For each database backend that runs here (SQLite, and PostgreSQL when POSTGRES
//! reaches a server; it defaults to postgres://postgres@127.0.0.1:5432; POSTGRES=off
//! skips it; SQLITE=off skips SQLite), and Meilisearch when MEILI_URL is set, it:
//!
//! 1. creates a fresh database with the demo content (three drafts, their clauses);
//! 2. adds generated published comments (Vietnamese, with a realistic spread of common
//!    and rare words) up to each size in BENCH_SIZES (default 100,000 and 1,000,000);
//! 3. rebuilds the index with `gopy reindex`'s code and reports documents per second;
//! 4. runs a fixed mix of public searches (`search::results::run`, exactly what the page
//!    and the JSON endpoint run: draft filters, backend query, facets, the drafts of the
//!    hits) from 1 and from 4 concurrent clients, and reports p50/p99 per query kind.
//!
//! Goals (issue 5): p99 under 50 ms at 1,000,000 comments on the database backend on 2
//! cores; a full reindex at 10,000 documents a second or more.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use gopy::config::Config;
use gopy::db::Db;
use gopy::domain::PeriodStatus;
use gopy::domain::time;
use gopy::search::results::{self, PublicQuery};
use gopy::search::{DocKind, Search, Sort, outbox};
use gopy::storage::FileStore;

#[path = "generate.rs"]
mod generate;
use generate::{Rng, Spread, grow};

/// (label, words, how the query differs from a plain search)
type Case = (&'static str, &'static str, fn(&mut PublicQuery));

const QUERIES: &[Case] = &[
    ("common word", "quy định", |_| {}),
    ("common, folded", "quy dinh", |_| {}),
    ("two words", "học phí", |_| {}),
    ("two words, folded", "hoc phi", |_| {}),
    ("phrase", "giải phóng mặt bằng", |_| {}),
    ("rare", "Thạnh An", |_| {}),
    ("common apart, rare together", "metro ngập", |_| {}),
    ("absent", "tàu ngầm", |_| {}),
    ("one word, folded", "ngap", |_| {}),
    ("clauses only", "quy định", |q| {
        q.kind = Some(DocKind::Section)
    }),
    ("comments only", "vỉa hè", |q| {
        q.kind = Some(DocKind::Comment)
    }),
    ("open drafts", "đất đai", |q| {
        q.filter.status = Some(PeriodStatus::Open)
    }),
    ("newest first", "người dân", |q| q.sort = Sort::Newest),
    ("page 50", "đề nghị", |q| q.page = 50),
    ("no words, comments", "", |q| {
        q.kind = Some(DocKind::Comment)
    }),
];

struct Measured {
    label: &'static str,
    p50: f64,
    p99: f64,
    hits: i64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn measure(
    db: &Db,
    search: &Search,
    rounds: usize,
    clients: usize,
) -> (Vec<Measured>, f64, f64) {
    let mut out = Vec::new();
    let mut all = Vec::new();
    let now = time::now_utc();
    for (label, q, adjust) in QUERIES {
        let mut query = PublicQuery {
            q: q.to_string(),
            page: 1,
            ..PublicQuery::default()
        };
        adjust(&mut query);
        let query = Arc::new(query);
        // Warm-up: the first run reads pages from disk into the cache.
        let warm = results::run(db, search, &query, now)
            .await
            .expect("search works");
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (db, search, query) = (db.clone(), search.clone(), query.clone());
            tasks.push(tokio::spawn(async move {
                let mut times = Vec::with_capacity(rounds);
                for _ in 0..rounds {
                    let t = Instant::now();
                    results::run(&db, &search, &query, now)
                        .await
                        .expect("search works");
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                times
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.extend(t.await.unwrap());
        }
        times.sort_by(f64::total_cmp);
        all.extend(times.iter().copied());
        out.push(Measured {
            label,
            p50: percentile(&times, 0.5),
            p99: percentile(&times, 0.99),
            hits: warm.hits.total,
        });
    }
    all.sort_by(f64::total_cmp);
    (out, percentile(&all, 0.5), percentile(&all, 0.99))
}

fn config(database_url: &str, dir: &std::path::Path, meili: Option<(&str, &str)>) -> Config {
    let mut values = BTreeMap::new();
    values.insert("GOPY_DATABASE_URL".to_string(), database_url.to_string());
    values.insert("GOPY_DATA_DIR".to_string(), dir.display().to_string());
    values.insert("GOPY_DB_POOL_SIZE".to_string(), "8".to_string());
    if let Some((url, index)) = meili {
        values.insert("GOPY_MEILI_URL".to_string(), url.to_string());
        values.insert("GOPY_MEILI_INDEX".to_string(), index.to_string());
        if let Ok(key) = std::env::var("MEILI_KEY") {
            values.insert("GOPY_MEILI_KEY".to_string(), key);
        }
    }
    Config::from_values(&values).expect("bench configuration")
}

struct Setup {
    name: String,
    database_url: String,
    meili: Option<String>,
}

fn main() {
    let sizes: Vec<i64> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let postgres =
        std::env::var("POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    // BENCH_DIR keeps the databases (to look at query plans afterwards); by default they
    // live in a temporary directory.
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var("BENCH_DIR")
        .ok()
        .map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());

    let mut setups = Vec::new();
    if std::env::var("SQLITE").as_deref() != Ok("off") {
        setups.push(Setup {
            name: "database (SQLite FTS5)".into(),
            database_url: format!("sqlite://{}/bench.sqlite3", dir.display()),
            meili: None,
        });
    }
    let pg_name = format!("gopy_bench_search_{}", std::process::id());
    let pg_ok = postgres != "off"
        && PgConnection::establish(&format!("{postgres}/postgres"))
            .ok()
            .is_some_and(|mut c| {
                c.batch_execute(&format!("CREATE DATABASE {pg_name}"))
                    .is_ok()
            });
    if pg_ok {
        setups.push(Setup {
            name: "database (PostgreSQL tsvector)".into(),
            database_url: format!("{postgres}/{pg_name}"),
            meili: None,
        });
    } else {
        eprintln!("PostgreSQL not reachable at {postgres}: skipped");
    }
    if let Ok(url) = std::env::var("MEILI_URL") {
        setups.push(Setup {
            name: "Meilisearch".into(),
            database_url: format!("sqlite://{}/bench-meili.sqlite3", dir.display()),
            meili: Some(url),
        });
    } else {
        eprintln!("MEILI_URL not set: Meilisearch skipped");
    }

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "\nSearch on {} cores; {rounds} rounds per query and client; latency of search::results::run in ms\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for setup in &setups {
        let index = format!("gopy_bench_{}", std::process::id());
        let config = config(
            &setup.database_url,
            dir,
            setup.meili.as_deref().map(|u| (u, index.as_str())),
        );
        let db = Db::connect(&config).unwrap();
        db.migrate().unwrap();
        gopy::demo::load_if_empty(&db, &FileStore::new(dir)).unwrap();
        let search = Search::from_config(&config, &db).unwrap();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for &size in &sizes {
            let generated = grow(&db, size, &mut rng, Spread::AllDrafts);
            let (written, secs) = rt.block_on(async {
                if let Search::Meili(m) = &search {
                    m.setup().await.unwrap();
                }
                let t = Instant::now();
                let n = outbox::reindex(&db, &search, |_, _| {}).await.unwrap();
                // The replay of the demo's changes, if any, is not part of the measure.
                let queue = gopy::jobs::search::SearchQueue {
                    db: db.clone(),
                    search: search.clone(),
                };
                while queue.apply_due().await.unwrap() > 0 {}
                (n, t.elapsed().as_secs_f64())
            });
            println!(
                "{} · {} comments (generated in {:.0} s) · reindex: {written} documents in {secs:.1} s = {:.0} documents/s",
                setup.name,
                size,
                generated.as_secs_f64(),
                written as f64 / secs
            );
            println!(
                "| query | hits | p50 1 client | p99 1 client | p50 4 clients | p99 4 clients |"
            );
            println!("|---|---:|---:|---:|---:|---:|");
            let (one, p50_1, p99_1) = rt.block_on(measure(&db, &search, rounds, 1));
            let (four, p50_4, p99_4) = rt.block_on(measure(&db, &search, rounds / 2, 4));
            for (a, b) in one.iter().zip(&four) {
                println!(
                    "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
                    a.label, a.hits, a.p50, a.p99, b.p50, b.p99
                );
            }
            println!(
                "| **all queries** | | **{p50_1:.1}** | **{p99_1:.1}** | **{p50_4:.1}** | **{p99_4:.1}** |\n"
            );
        }
        if let Search::Meili(_) = &search
            && let Some(url) = &setup.meili
            && let Ok(client) =
                meilisearch_sdk::client::Client::new(url.clone(), std::env::var("MEILI_KEY").ok())
        {
            let _ = rt.block_on(client.delete_index(&index));
        }
    }
    if pg_ok
        && kept.is_none()
        && let Ok(mut c) = PgConnection::establish(&format!("{postgres}/postgres"))
    {
        let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)"));
    }
}
