//! The test harness: the real application on a random port with a database of its own,
//! SQLite in a temporary directory, or a fresh PostgreSQL database when
//! TEST_POSTGRES_URL is set.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::web;
use chrono::{Duration, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use gopy::app::{AppState, Application};
use gopy::config::Config;
use gopy::db::DbConnection;
use gopy::db::queries::authoring::{self, DraftInput};
use gopy::db::queries::reference;
use gopy::domain::draft::ImpactCriteria;
use gopy::domain::time;
use gopy::domain::{Publication, Stage};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once on SQLite and once on PostgreSQL, as two tests named
/// `<name>::sqlite` and `<name>::postgres`. The PostgreSQL one says it was skipped when
/// TEST_POSTGRES_URL is not set.
#[macro_export]
macro_rules! on_both_databases {
    ($(#[doc = $doc:literal])* async fn $name:ident($app:ident) $body:block) => {
        $crate::on_both_databases! {
            $(#[doc = $doc])* async fn $name($app, |b| b) $body
        }
    };
    ($(#[doc = $doc:literal])* async fn $name:ident($app:ident, $setup:expr) $body:block) => {
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[allow(unused_imports)]
            use $crate::helpers::*;

            async fn run($app: TestApp) $body

            fn setup(b: Builder) -> Builder {
                let f: fn(Builder) -> Builder = $setup;
                f(b)
            }

            #[tokio::test]
            async fn sqlite() {
                let app = setup(TestApp::builder(Backend::Sqlite)).spawn().await;
                run(app.expect("sqlite always runs")).await
            }

            #[tokio::test]
            async fn postgres() {
                match setup(TestApp::builder(Backend::Postgres)).spawn().await {
                    Some(app) => run(app).await,
                    None => eprintln!("skipped: set TEST_POSTGRES_URL to run this test on PostgreSQL"),
                }
            }
        }
    };
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: web::Data<AppState>,
    pub backend: Backend,
    /// The settings the application was started with, to start it again.
    pub settings: BTreeMap<String, String>,
    _dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

pub struct Builder {
    backend: Backend,
    demo: bool,
    settings: Vec<(&'static str, String)>,
}

impl Builder {
    /// Start without the demo content.
    pub fn empty(mut self) -> Self {
        self.demo = false;
        self
    }

    pub fn setting(mut self, key: &'static str, value: &str) -> Self {
        self.settings.push((key, value.to_string()));
        self
    }

    /// None for PostgreSQL when TEST_POSTGRES_URL is not set.
    pub async fn spawn(self) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        values.insert("GOPY_BIND".into(), "127.0.0.1:0".into());
        values.insert("GOPY_DATA_DIR".into(), dir.path().display().to_string());
        values.insert("GOPY_DEMO".into(), self.demo.to_string());
        values.insert("GOPY_DB_POOL_SIZE".into(), "4".into());
        values.insert("GOPY_WORKERS".into(), "2".into());
        values.insert("GOPY_LOG".into(), "warn".into());
        let postgres = match self.backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let server = std::env::var("TEST_POSTGRES_URL").ok()?;
                let (server, name) = create_postgres_database(&server);
                values.insert("GOPY_DATABASE_URL".into(), format!("{server}/{name}"));
                Some((server, name))
            }
        };
        for (k, v) in self.settings {
            values.insert(k.into(), v);
        }
        let config = Config::from_values(&values).expect("test configuration is valid");
        let settings = values.clone();
        let app = Application::build(config)
            .await
            .expect("the application starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state();
        tokio::spawn(app.run_until_stopped());
        Some(TestApp {
            address,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            state,
            backend: self.backend,
            settings,
            _dir: dir,
            postgres,
        })
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Creates an empty database on the server at `url` and returns (server URL without a
/// database, database name).
fn create_postgres_database(url: &str) -> (String, String) {
    let (scheme, rest) = url.split_once("://").expect("TEST_POSTGRES_URL is a URL");
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    let server = format!("{scheme}://{host}");
    let name = format!(
        "gopy_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros() % 1_000_000
    );
    let mut admin = PgConnection::establish(&format!("{server}/postgres"))
        .expect("TEST_POSTGRES_URL reaches a PostgreSQL server");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create a test database");
    (server, name)
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl TestApp {
    pub fn builder(backend: Backend) -> Builder {
        Builder {
            backend,
            demo: true,
            settings: Vec::new(),
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request sent")
    }

    /// GET a page that must answer 200, and return its HTML.
    pub async fn page(&self, path: &str) -> String {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), 200, "GET {path}");
        resp.text().await.unwrap()
    }

    /// Starts a second application on the same database and data directory, as a
    /// restart would, and returns its address.
    pub async fn start_again(&self) -> String {
        let config = Config::from_values(&self.settings).unwrap();
        let app = Application::build(config)
            .await
            .expect("the application starts again");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    /// The statements sent to the database so far.
    pub fn queries(&self) -> u64 {
        self.state.db.queries.get()
    }

    /// Runs `f` on a pooled connection, off the async runtime, as a write of this
    /// process (caches look again afterwards, as they do after the portal's own writes).
    pub async fn with_db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> T + Send + 'static,
    ) -> T {
        self.state
            .db
            .write(move |c| Ok::<_, gopy::db::DbError>(f(c)))
            .await
            .expect("a connection")
    }

    /// Runs `f` on a connection of its own, as another process would: the portal's
    /// caches are not told.
    pub async fn behind_the_portals_back<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> T + Send + 'static,
    ) -> T {
        let db = self.state.db.clone();
        tokio::task::spawn_blocking(move || f(&mut db.get().expect("a connection")))
            .await
            .unwrap()
    }

    /// Publishes a draft of the given text for the first agency and document type,
    /// open for comment from `opens` to `closes` (relative to now).
    pub async fn publish_draft(
        &self,
        slug: &str,
        title: &str,
        text: &str,
        opens: Duration,
        closes: Duration,
    ) -> i64 {
        self.create_draft(slug, title, text, opens, closes, Publication::Published)
            .await
    }

    pub async fn create_draft(
        &self,
        slug: &str,
        title: &str,
        text: &str,
        opens: Duration,
        closes: Duration,
        publication: Publication,
    ) -> i64 {
        let (slug, title, text) = (slug.to_string(), title.to_string(), text.to_string());
        self.with_db(move |c| {
            let now = time::now_utc();
            let agency = reference::agencies(c)
                .unwrap()
                .into_iter()
                .next()
                .expect("an agency");
            let doc_type = reference::document_types(c)
                .unwrap()
                .into_iter()
                .next()
                .unwrap();
            let id = authoring::create_draft(
                c,
                &DraftInput {
                    slug: &slug,
                    number: None,
                    document_type_id: doc_type.id,
                    agency_id: agency.id,
                    title: &title,
                    summary: "Tóm tắt dự thảo.",
                    stage: Stage::Draft,
                    publication,
                    opens_at: Some(now + opens),
                    closes_at: Some(now + closes),
                    impact: ImpactCriteria::default(),
                },
                now,
            )
            .unwrap();
            let doc = gopy::parse::parse(&text);
            authoring::add_version(c, id, &text, &doc, "", true, now).unwrap();
            id
        })
        .await
    }
}

/// A draft with `articles` articles, each with three clauses and the second clause with
/// points a) to đ): real-shaped and as long as asked.
pub fn long_draft_text(articles: usize) -> String {
    let mut s = String::from(
        "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n\nNGHỊ QUYẾT\nQuy định thử nghiệm\n\nCăn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n\nQUYẾT NGHỊ:\n\n",
    );
    for a in 1..=articles {
        if a % 20 == 1 {
            s.push_str(&format!(
                "Chương {}\nNHÓM QUY ĐỊNH SỐ {}\n\n",
                a / 20 + 1,
                a / 20 + 1
            ));
        }
        s.push_str(&format!("Điều {a}. Quy định số {a}\n"));
        s.push_str(&format!("1. Nội dung khoản 1 của Điều {a}.\n"));
        s.push_str("2. Các trường hợp sau đây:\n");
        for p in ["a", "b", "c", "d", "đ"] {
            s.push_str(&format!("{p}) Trường hợp {p};\n"));
        }
        s.push_str("3. Trách nhiệm thi hành.\n\n");
    }
    s.push_str("Nơi nhận:\n- Như Điều 1;\n- Lưu: VT.\nCHỦ TỊCH\n(Đã ký)\n");
    s
}

/// The number of times `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

pub fn days(n: i64) -> Duration {
    Duration::days(n)
}

pub fn now() -> NaiveDateTime {
    time::now_utc()
}
