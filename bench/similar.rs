//! Near-identical grouping at a national consultation's scale (issue 16, point 10).
//!
//!     cargo bench --bench similar
//!     BENCH_SIZE=1000000 BENCH_DIR=/tmp/gopy-scale cargo bench --bench similar
//!     BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432 cargo bench --bench similar
//!
//! Builds (or reuses, with BENCH_DIR, the `scale` benchmark's databases: same layout)
//! a database with the demo content and BENCH_SIZE published comments (default
//! 1,000,000) on the long draft, generated as in the other benchmarks. Then:
//!
//! 1. the ceiling: the database's own rate of writing every comment's group in one
//!    statement (`UPDATE comments SET similar_group = id`), comments a second;
//! 2. the grouping queue's work (`jobs::similar::group_batch`, batches of
//!    `jobs::similar::BATCH`, the default threshold) from no comment grouped to all,
//!    comments a second, and how many groups of two or more it found.
//!
//! Goal: 5,000 comments a second or more on a 2-core machine.

use std::collections::BTreeMap;
use std::time::Instant;

use diesel::prelude::*;
use gopy::config::Config;
use gopy::db::schema::comments;
use gopy::db::{Db, DbConnection};
use gopy::domain::similarity::Threshold;
use gopy::storage::FileStore;

#[path = "generate.rs"]
mod generate;
use generate::{Rng, Spread, grow, postgres_database};

fn main() {
    let size: i64 = std::env::var("BENCH_SIZE")
        .ok()
        .and_then(|s| s.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let temp = tempfile::tempdir().unwrap();
    let root = std::env::var("BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| temp.path().to_path_buf());
    let dir = root.join(format!("scale-{size}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut settings: BTreeMap<String, String> =
        [("GOPY_DATA_DIR".to_string(), dir.display().to_string())].into();
    let postgres = std::env::var("BENCH_POSTGRES").ok();
    if let Some(server) = &postgres {
        settings.insert("GOPY_DATABASE_URL".into(), postgres_database(server, size));
    }
    let config = Config::from_values(&settings).expect("bench configuration");
    let db = Db::connect(&config).unwrap();
    db.migrate().unwrap();
    gopy::demo::load_if_empty(&db, &FileStore::new(&dir)).unwrap();
    let have: i64 = {
        let mut c = db.get().unwrap();
        comments::table.count().get_result(&mut **c).unwrap()
    };
    if have < size {
        let took = grow(
            &db,
            size,
            &mut Rng(0x9E37_79B9_7F4A_7C15),
            Spread::OneDraft("chat-thai-ran"),
        );
        eprintln!("{size} comments generated in {:.0} s", took.as_secs_f64());
    }
    let mut pooled = db.get().unwrap();
    let conn: &mut DbConnection = &mut pooled;
    let total: i64 = comments::table.count().get_result(conn).unwrap();

    let reset = |conn: &mut DbConnection| {
        diesel::sql_query("UPDATE comments SET similar_group = NULL")
            .execute(conn)
            .unwrap();
        diesel::sql_query("DELETE FROM similar_bands")
            .execute(conn)
            .unwrap();
        diesel::sql_query("DELETE FROM similar_signatures")
            .execute(conn)
            .unwrap();
        diesel::sql_query("DELETE FROM similar_group_counts")
            .execute(conn)
            .unwrap();
        diesel::sql_query("UPDATE drafts SET unique_published = 0")
            .execute(conn)
            .unwrap();
    };
    reset(conn);
    let started = Instant::now();
    diesel::sql_query("UPDATE comments SET similar_group = id")
        .execute(conn)
        .unwrap();
    let ceiling = total as f64 / started.elapsed().as_secs_f64();
    reset(conn);

    let started = Instant::now();
    let mut grouped = 0usize;
    loop {
        let n = gopy::jobs::similar::group_batch(
            conn,
            Threshold::default(),
            gopy::jobs::similar::BATCH,
        )
        .unwrap();
        if n == 0 {
            break;
        }
        grouped += n;
    }
    let seconds = started.elapsed().as_secs_f64();
    let groups: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "SELECT count(*) FROM (SELECT similar_group FROM comments GROUP BY similar_group HAVING count(*) > 1) g",
    )
    .get_result(conn)
    .unwrap();
    let database = if postgres.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("near-identical grouping, {database}, {total} comments");
    println!(
        "| {:<44} | {:>12} | {:>14} |",
        "measure", "seconds", "comments / s"
    );
    println!("|{:-<46}|{:-<14}|{:-<16}|", "", "", "");
    println!(
        "| {:<44} | {:>12} | {:>14.0} |",
        "ceiling: one UPDATE of every comment's group",
        format!("{:.1}", total as f64 / ceiling),
        ceiling
    );
    println!(
        "| {:<44} | {:>12.1} | {:>14.0} |",
        format!("grouping queue, batches of {}", gopy::jobs::similar::BATCH),
        seconds,
        grouped as f64 / seconds
    );
    println!("goal: 5,000 comments a second or more; groups of two or more found: {groups}");
}
