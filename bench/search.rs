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
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::{Connection, PgConnection};
use gopy::config::Config;
use gopy::db::schema::{comments, draft_versions, sections};
use gopy::db::{Db, DbConnection};
use gopy::domain::PeriodStatus;
use gopy::domain::time;
use gopy::search::results::{self, PublicQuery};
use gopy::search::{DocKind, Search, Sort, outbox};
use gopy::storage::FileStore;

/// Words and phrases of real comments on drafts, most common first: a generated comment
/// picks from the front far more often than from the back.
const VOCABULARY: &[&str] = &[
    "đề nghị",
    "quy định",
    "cần",
    "của",
    "và",
    "cho",
    "người dân",
    "dự thảo",
    "các",
    "được",
    "không",
    "theo",
    "về",
    "trong",
    "có",
    "với",
    "phải",
    "này",
    "thực hiện",
    "cơ quan",
    "tại",
    "khoản",
    "điều",
    "bổ sung",
    "làm rõ",
    "trường hợp",
    "đối với",
    "hộ gia đình",
    "doanh nghiệp",
    "thời gian",
    "thủ tục",
    "hồ sơ",
    "mức thu",
    "phí",
    "học phí",
    "học sinh",
    "giáo viên",
    "trường",
    "mầm non",
    "tiểu học",
    "vỉa hè",
    "lòng đường",
    "kinh doanh",
    "buôn bán",
    "xe máy",
    "ô tô",
    "đỗ xe",
    "giao thông",
    "đi bộ",
    "rác thải",
    "chất thải",
    "phân loại",
    "thu gom",
    "môi trường",
    "tiếng ồn",
    "đất đai",
    "đất ở",
    "quyền sử dụng",
    "bồi thường",
    "tái định cư",
    "giải phóng mặt bằng",
    "xây dựng",
    "nhà ở",
    "chung cư",
    "giấy phép",
    "cấp phép",
    "thanh tra",
    "xử phạt",
    "vi phạm",
    "mức phạt",
    "công khai",
    "minh bạch",
    "ý kiến",
    "tiếp thu",
    "giải trình",
    "phường",
    "xã",
    "thành phố",
    "quận",
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "ngân sách",
    "kinh phí",
    "hỗ trợ",
    "miễn giảm",
    "hộ nghèo",
    "cận nghèo",
    "người cao tuổi",
    "người khuyết tật",
    "trẻ em",
    "phụ huynh",
    "bảo hiểm",
    "y tế",
    "bệnh viện",
    "trạm y tế",
    "nước sạch",
    "cấp nước",
    "thoát nước",
    "ngập",
    "triều cường",
    "cây xanh",
    "công viên",
    "chợ",
    "siêu thị",
    "hàng rong",
    "lấn chiếm",
    "trật tự",
    "đô thị",
    "quy hoạch",
    "điều chỉnh",
    "thẩm định",
    "phê duyệt",
    "hiệu lực",
    "chuyển tiếp",
    "bãi bỏ",
    "sửa đổi",
    "thống nhất",
    "chồng chéo",
    "bất cập",
    "khó khăn",
    "vướng mắc",
    "kiến nghị",
    "tham vấn",
    "đánh giá tác động",
    "chi phí",
    "tuân thủ",
    "số hóa",
    "trực tuyến",
    "dịch vụ công",
    "một cửa",
    "cán bộ",
    "công chức",
    "trách nhiệm",
    "phối hợp",
    "kiểm tra",
    "giám sát",
    "báo cáo",
    "định kỳ",
    "hằng năm",
    "Cần Giờ",
    "Củ Chi",
    "Hóc Môn",
    "Bình Chánh",
    "Nhà Bè",
    "Thủ Đức",
    "Sài Gòn",
    "hoà giải",
    "hòa nhập",
    "đường Nguyễn Huệ",
    "bến xe",
    "xe buýt",
    "metro",
    "xích lô",
    "xã đảo Thạnh An",
    "làng nghề",
    "di tích",
    "lễ hội",
    "Tết",
    "mùa mưa",
];

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

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards 0: common words come up far more often.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((u * u * u) * n as f64) as usize
    }
}

fn comment_text(rng: &mut Rng) -> String {
    let words = 12 + rng.below(50);
    let mut s = String::new();
    for i in 0..words {
        let w = VOCABULARY[rng.skewed(VOCABULARY.len())];
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().into_iter().flat_map(char::to_uppercase));
            s.push_str(c.as_str());
        } else {
            s.push(if rng.below(9) == 0 { ',' } else { ' ' });
            if s.ends_with(',') {
                s.push(' ');
            }
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// Adds published comments until there are `total`, spread over the drafts' sections.
fn grow(db: &Db, total: i64, rng: &mut Rng) -> Duration {
    let started = Instant::now();
    let mut pooled = db.get().unwrap();
    let conn: &mut DbConnection = &mut pooled;
    let targets: Vec<(i64, i64, i64)> = sections::table
        .inner_join(draft_versions::table)
        .select((draft_versions::draft_id, draft_versions::id, sections::id))
        .load(conn)
        .unwrap();
    let have: i64 = comments::table.count().get_result(conn).unwrap();
    let now = time::now_utc();
    let kinds = [
        "individual",
        "individual",
        "individual",
        "business",
        "organisation",
        "expert",
    ];
    let mut n = have;
    while n < total {
        let chunk = (total - n).min(20_000);
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            let rows: Vec<_> = (0..chunk)
                .map(|i| {
                    let (draft, version, section) = targets[rng.below(targets.len())];
                    let at = now - chrono::Duration::seconds((total - n - i) * 7);
                    (
                        comments::draft_id.eq(draft),
                        comments::version_id.eq(version),
                        comments::section_id.eq((rng.below(5) > 0).then_some(section)),
                        comments::body.eq(comment_text(rng)),
                        comments::commenter_kind.eq(kinds[rng.below(kinds.len())]),
                        comments::privacy_version.eq("bench"),
                        comments::privacy_consented_at.eq(at),
                        comments::status.eq("published"),
                        comments::confirm_expires_at.eq(at),
                        comments::status_token_hash.eq(format!("bench-{}", n + i)),
                        comments::published_at.eq(Some(at)),
                        comments::created_at.eq(at),
                        comments::updated_at.eq(at),
                    )
                })
                .collect();
            for batch in rows.chunks(1_000) {
                gopy::with_backend!(&mut *c, |c| diesel::insert_into(comments::table)
                    .values(batch)
                    .execute(c))?;
            }
            Ok(())
        })
        .unwrap();
        n += chunk;
    }
    if let DbConnection::Postgres(c) = conn {
        c.batch_execute("ANALYZE").unwrap();
    }
    started.elapsed()
}

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
            let generated = grow(&db, size, &mut rng);
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
