//! The test harness: the real application on a random port with a database of its own,
//! SQLite in a temporary directory, or a fresh PostgreSQL database when
//! TEST_POSTGRES_URL is set.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use actix_web::web;
use chrono::{Duration, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use gopy::app::{AppState, Application};
use gopy::config::Config;
use gopy::db::DbConnection;
use gopy::db::queries::authoring;
use gopy::db::queries::reference;
use gopy::domain::time;
use gopy::domain::{Publication, Stage};
use gopy::mail::{Mailer, SentMail};

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
    /// What the in-memory mailer has sent (empty when the settings' mailer is used).
    pub mail: Arc<Mutex<Vec<SentMail>>>,
    pub client: reqwest::Client,
    pub state: web::Data<AppState>,
    pub backend: Backend,
    /// The settings the application was started with, to start it again.
    pub settings: BTreeMap<String, String>,
    _prepared: Prepared,
}

pub struct Builder {
    backend: Backend,
    demo: bool,
    settings_mailer: bool,
    settings: Vec<(&'static str, String)>,
}

impl Builder {
    /// Start without the demo content.
    pub fn empty(mut self) -> Self {
        self.demo = false;
        self
    }

    /// Send mail as the settings say (SMTP or files) instead of into memory.
    pub fn settings_mailer(mut self) -> Self {
        self.settings_mailer = true;
        self
    }

    pub fn setting(mut self, key: &'static str, value: &str) -> Self {
        self.settings.push((key, value.to_string()));
        self
    }

    /// A fresh data directory and database, and the settings that point at them,
    /// without starting anything. None for PostgreSQL when TEST_POSTGRES_URL is not set.
    pub fn prepare(&self) -> Option<Prepared> {
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
        for (k, v) in &self.settings {
            values.insert(k.to_string(), v.clone());
        }
        Some(Prepared {
            settings: values,
            dir,
            postgres,
        })
    }

    /// None for PostgreSQL when TEST_POSTGRES_URL is not set.
    pub async fn spawn(self) -> Option<TestApp> {
        let prepared = self.prepare()?;
        let mut config =
            Config::from_values(&prepared.settings).expect("test configuration is valid");
        config.server.count_queries = true;
        let (memory, mail) = Mailer::memory();
        let mailer = (!self.settings_mailer).then_some(memory);
        let app = Application::build_with_mailer(config, mailer)
            .await
            .expect("the application starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state();
        tokio::spawn(app.run_until_stopped());
        Some(TestApp {
            address,
            mail,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
            state,
            backend: self.backend,
            settings: prepared.settings.clone(),
            _prepared: prepared,
        })
    }
}

/// A data directory and a database of a test's own; the PostgreSQL database is dropped
/// with it.
pub struct Prepared {
    pub settings: BTreeMap<String, String>,
    pub dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl Prepared {
    /// The gopy binary, as a process of its own on these settings (and none inherited
    /// from the environment), listening on `port`.
    pub fn command(&self, port: u16) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gopy"));
        for (k, _) in std::env::vars() {
            if k.starts_with("GOPY_") {
                cmd.env_remove(k);
            }
        }
        cmd.envs(&self.settings)
            .env("GOPY_BIND", format!("127.0.0.1:{port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    }
}

/// Waits until the portal at `base` says it is ready.
pub async fn wait_ready(base: &str) {
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(format!("{base}/readyz")).await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("the server at {base} did not become ready");
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
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

impl TestApp {
    pub fn builder(backend: Backend) -> Builder {
        Builder {
            backend,
            demo: true,
            settings_mailer: false,
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
        let app = Application::build_with_mailer(config, Some(Mailer::memory().0))
            .await
            .expect("the application starts again");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    /// A page (which must answer 200) and the statements its request sent to the
    /// database, counted by the portal for that request alone.
    pub async fn page_and_queries(&self, path: &str) -> (String, u64) {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let queries = resp.headers()["x-gopy-queries"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        (resp.text().await.unwrap(), queries)
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
    ) -> gopy::domain::ids::DraftId {
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
    ) -> gopy::domain::ids::DraftId {
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
                &gopy::db::models::DraftFields {
                    slug: slug.clone(),
                    number: None,
                    document_type_id: doc_type.id,
                    agency_id: agency.id,
                    title: title.clone(),
                    summary: "Tóm tắt dự thảo.".into(),
                    stage: Stage::Draft,
                    moderation: gopy::domain::Moderation::Pre,
                    opens_at: Some(now + opens),
                    closes_at: Some(now + closes),
                    impact_needs_proposal: false,
                    impact_rights: false,
                    impact_sensitive: false,
                    impact_wide: false,
                    shortened_basis: String::new(),
                    needs_proposal_reason: String::new(),
                },
                publication,
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

/// The value of the hidden CSRF field in a page.
pub fn csrf_in(html: &str) -> String {
    let re = regex::Regex::new(r#"name="csrf" value="([0-9a-f]{64})""#).unwrap();
    re.captures(html).expect("a form with a CSRF token")[1].to_string()
}

/// A complete, valid comment form; tests change what they need.
pub fn good_comment() -> Vec<(&'static str, String)> {
    vec![
        (
            "noi_dung",
            "Đề nghị làm rõ mức thu đối với hộ kinh doanh nhỏ lẻ.".to_string(),
        ),
        ("email", "nguoi.dan@example.vn".to_string()),
        ("loai", "individual".to_string()),
        ("xa", "phuong-sai-gon".to_string()),
        ("dong_y", "1".to_string()),
    ]
}

pub fn with(
    mut form: Vec<(&'static str, String)>,
    key: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    form.retain(|(k, _)| *k != key);
    form.push((key, value.to_string()));
    form
}

impl TestApp {
    /// Opens the comment form (for its CSRF cookie and token) and posts `fields` to it.
    pub async fn submit_comment(
        &self,
        slug: &str,
        anchor: Option<&str>,
        fields: &[(&'static str, String)],
    ) -> reqwest::Response {
        let page = match anchor {
            Some(a) => format!("/du-thao/{slug}/gop-y?muc={a}"),
            None => format!("/du-thao/{slug}/gop-y"),
        };
        let html = self.page(&page).await;
        let mut form: Vec<(&str, String)> = vec![
            ("csrf", csrf_in(&html)),
            ("muc", anchor.unwrap_or("").to_string()),
        ];
        form.extend(fields.iter().cloned());
        self.client
            .post(format!("{}/du-thao/{slug}/gop-y", self.address))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Submits a comment that must be accepted; returns its tracking number.
    pub async fn comment(
        &self,
        slug: &str,
        anchor: Option<&str>,
        fields: &[(&'static str, String)],
    ) -> String {
        let resp = self.submit_comment(slug, anchor, fields).await;
        assert_eq!(resp.status(), 303, "{}", resp.text().await.unwrap());
        let location = resp.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/y-kien/da-gui/"), "{location}");
        tracking_in(&self.page(&location).await)
    }

    /// The id of the comment whose text is `text`.
    pub async fn comment_id(&self, text: &str) -> gopy::domain::ids::CommentId {
        use diesel::prelude::*;
        use gopy::db::schema::comments;
        let text = text.to_string();
        self.with_db(move |c| {
            comments::table
                .filter(comments::body.eq(text))
                .select(comments::id)
                .first(c)
                .unwrap()
        })
        .await
    }

    /// Mails queued so far, sent or not. A mail is queued in the transaction of what
    /// causes it, so once the response has come this count is final; the mails
    /// delivered follow later, and waiting a while to see that no more come proves
    /// nothing on a slow machine.
    pub async fn mails_queued(&self) -> i64 {
        use diesel::prelude::*;
        use gopy::db::schema::mail_outbox;
        self.with_db(|c| mail_outbox::table.count().get_result::<i64>(c).unwrap())
            .await
    }

    /// Waits until at least `n` mails have been sent, and returns them all.
    pub async fn mails(&self, n: usize) -> Vec<SentMail> {
        for _ in 0..200 {
            {
                let sent = self.mail.lock().unwrap();
                if sent.len() >= n {
                    return sent.clone();
                }
            }
            tokio::time::sleep(StdDuration::from_millis(25)).await;
        }
        panic!(
            "expected {n} mails, got {}",
            self.mail.lock().unwrap().len()
        );
    }

    /// Opens a confirmation link and presses its button.
    pub async fn confirm(&self, link: &str) -> reqwest::Response {
        let page = self.client.get(link).send().await.unwrap();
        assert_eq!(page.status(), 200, "the confirmation page opens");
        let csrf = csrf_in(&page.text().await.unwrap());
        self.client
            .post(link)
            .form(&[("csrf", csrf)])
            .send()
            .await
            .unwrap()
    }

    /// Presses the button of a confirmation page again (the page may no longer show a
    /// form: the token is taken from the comment form's cookie).
    pub async fn confirm_again(&self, link: &str) -> reqwest::Response {
        let csrf = csrf_in(&self.page("/du-thao/hoc-phi/gop-y").await);
        self.client
            .post(link)
            .form(&[("csrf", csrf)])
            .send()
            .await
            .unwrap()
    }

    /// Submits and confirms a comment; returns its tracking number.
    pub async fn confirmed_comment(
        &self,
        slug: &str,
        anchor: Option<&str>,
        fields: &[(&'static str, String)],
    ) -> String {
        let before = self.mail.lock().unwrap().len();
        let tracking = self.comment(slug, anchor, fields).await;
        let mails = self.mails(before + 1).await;
        let mail = mails
            .iter()
            .find(|m| m.mail.subject.contains(&tracking))
            .expect("its mail");
        let resp = self.confirm(&confirm_link(mail)).await;
        assert_eq!(resp.status(), 200);
        tracking
    }

    /// Waits until the grouping queue has seen every comment (it looks every two
    /// seconds, and at once after a published change).
    pub async fn grouped(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let waiting = self
                .behind_the_portals_back(|c| gopy::db::queries::similar::any_ungrouped(c).unwrap())
                .await;
            if !waiting {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the grouping queue did not group every comment in a minute"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// The tracking number a receipt or a page shows.
pub fn tracking_in(html: &str) -> String {
    regex::Regex::new(r"GY-\d{4}-\d{6,}")
        .unwrap()
        .find(html)
        .expect("a tracking number")
        .as_str()
        .to_string()
}

/// The confirmation link in a mail.
pub fn confirm_link(mail: &SentMail) -> String {
    link_in(&mail.mail.text, "/y-kien/xac-nhan/")
}

/// The private status link in a mail.
pub fn status_link(mail: &SentMail) -> String {
    link_in(&mail.mail.text, "/y-kien/cua-toi/")
}

fn link_in(text: &str, path: &str) -> String {
    let re = regex::Regex::new(&format!(
        r"http://[^\s]+{}[0-9a-f]{{64}}",
        regex::escape(path)
    ))
    .unwrap();
    re.find(text).expect("the link").as_str().to_string()
}

/// A staff member's own browser: a client with its own cookies.
pub struct StaffClient {
    pub client: reqwest::Client,
    pub base: String,
}

pub const STAFF_PASSWORD: &str = "Mật khẩu thử nghiệm 2026";

impl TestApp {
    /// Creates a staff account (`agency`: an agency slug, for editors and moderators) and
    /// returns its e-mail.
    pub async fn staff(&self, role: &str, agency: Option<&str>) -> String {
        self.account(role, agency, None).await
    }

    /// Creates a Front organiser acting for the organisation of this name (the demo's).
    pub async fn organiser(&self, organisation: &'static str) -> String {
        let id = self
            .with_db(move |c| {
                gopy::db::queries::front::all(c)
                    .unwrap()
                    .into_iter()
                    .find(|o| o.name == organisation)
                    .expect("the demo's organisation")
                    .id
            })
            .await;
        self.account("organiser", None, Some(id)).await
    }

    async fn account(
        &self,
        role: &str,
        agency: Option<&str>,
        organisation_id: Option<gopy::domain::ids::OrganisationId>,
    ) -> String {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let email = format!("{role}{n}@so.example.vn");
        let (role, agency, e) = (role.to_string(), agency.map(str::to_string), email.clone());
        self.with_db(move |c| {
            use gopy::services::accounts::{self, ValidAccount};
            let agency_id = agency.map(|slug| {
                reference::agency_by_slug(c, &slug)
                    .unwrap()
                    .expect("the agency")
                    .id
            });
            let hash = gopy::auth::password::hash(STAFF_PASSWORD).unwrap();
            // The audited path an administrator's form takes.
            accounts::create(
                c,
                &ValidAccount {
                    email: e.clone(),
                    name: format!("Cán bộ {role}"),
                    role: gopy::domain::staff::Role::parse(&role).expect("a known role"),
                    agency_id,
                    organisation_id,
                },
                &hash,
                &gopy::domain::staff::By::process("tests"),
                now(),
            )
            .unwrap()
            .expect("a new account");
        })
        .await;
        email
    }

    /// Signs `email` in from a browser of their own.
    pub async fn sign_in(&self, email: &str) -> StaffClient {
        let s = StaffClient {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
            base: self.address.clone(),
        };
        let resp = s
            .post_form(
                "/quan-tri/dang-nhap",
                "/quan-tri/dang-nhap",
                &[
                    ("email", email.to_string()),
                    ("mat_khau", STAFF_PASSWORD.to_string()),
                ],
            )
            .await;
        assert_eq!(
            resp.status(),
            303,
            "{email} signs in: {}",
            resp.text().await.unwrap()
        );
        s
    }

    /// The id of a draft by its slug.
    pub async fn draft_id(&self, slug: &str) -> gopy::domain::ids::DraftId {
        let slug = slug.to_string();
        self.with_db(move |c| {
            use diesel::prelude::*;
            gopy::db::schema::drafts::table
                .filter(gopy::db::schema::drafts::slug.eq(slug))
                .select(gopy::db::schema::drafts::id)
                .first(c)
                .unwrap()
        })
        .await
    }
}

impl StaffClient {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn page(&self, path: &str) -> String {
        let resp = self.get(path).await;
        assert_eq!(resp.status(), 200, "GET {path}");
        resp.text().await.unwrap()
    }

    /// Opens `form_page` for its CSRF token and posts `fields` to `action`.
    pub async fn post_form(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, String)],
    ) -> reqwest::Response {
        let html = self.get(form_page).await.text().await.unwrap();
        let mut form: Vec<(&str, String)> = vec![("csrf", csrf_in(&html))];
        form.extend(fields.iter().cloned());
        self.client
            .post(format!("{}{action}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Uploads a small PDF of `kind` (submission, impact_assessment …) to the dossier of
    /// the draft, through the console's upload form.
    pub async fn attach_pdf(
        &self,
        draft: gopy::domain::ids::DraftId,
        kind: &str,
        title: &str,
    ) -> reqwest::Response {
        let page = format!("/quan-tri/du-thao/{draft}");
        let html = self.get(&page).await.text().await.unwrap();
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf_in(&html))
            .text("loai", kind.to_string())
            .text("tieu_de", title.to_string())
            .part(
                "tep",
                reqwest::multipart::Part::bytes(pdf).file_name(format!("{kind}.pdf")),
            );
        self.client
            .post(format!("{}{page}/tep", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Posts a multipart form (an upload), with the token of `form_page` as its first part.
    pub async fn post_multipart(
        &self,
        form_page: &str,
        action: &str,
        parts: Vec<(&'static str, reqwest::multipart::Part)>,
    ) -> reqwest::Response {
        let html = self.get(form_page).await.text().await.unwrap();
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf_in(&html));
        for (name, part) in parts {
            form = form.part(name, part);
        }
        self.client
            .post(format!("{}{action}", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Posts a form built by hand (repeated fields allowed), with the token of `form_page`.
    pub async fn post_raw(&self, form_page: &str, action: &str, body: String) -> reqwest::Response {
        let html = self.get(form_page).await.text().await.unwrap();
        self.client
            .post(format!("{}{action}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={}&{body}", csrf_in(&html)))
            .send()
            .await
            .unwrap()
    }
}

/// Runs a test body against every search backend: the database's own index on SQLite
/// and on PostgreSQL (when TEST_POSTGRES_URL is set), and Meilisearch (on SQLite) when
/// MEILI_URL (and MEILI_KEY) is set, each in an index of its own that is deleted after.
#[macro_export]
macro_rules! on_every_search_backend {
    ($(#[doc = $doc:literal])* async fn $name:ident($app:ident) $body:block) => {
        $crate::on_every_search_backend! {
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

            #[tokio::test]
            async fn meilisearch() {
                let Some((b, uid)) = with_meili(setup(TestApp::builder(Backend::Sqlite))) else {
                    eprintln!("skipped: set MEILI_URL (and MEILI_KEY) to run this test on Meilisearch");
                    return;
                };
                run(b.spawn().await.expect("sqlite always runs")).await;
                drop_meili_index(&uid).await;
            }
        }
    };
}

static MEILI_COUNTER: AtomicU32 = AtomicU32::new(0);

/// A Meilisearch index name no other test uses.
pub fn meili_index_name() -> String {
    format!(
        "gopy_test_{}_{}_{}",
        std::process::id(),
        MEILI_COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros() % 1_000_000
    )
}

/// The builder with Meilisearch settings and the index name, when MEILI_URL is set.
pub fn with_meili(b: Builder) -> Option<(Builder, String)> {
    let url = std::env::var("MEILI_URL").ok().filter(|u| !u.is_empty())?;
    let uid = meili_index_name();
    let mut b = b
        .setting("GOPY_MEILI_URL", &url)
        .setting("GOPY_MEILI_INDEX", &uid);
    if let Ok(key) = std::env::var("MEILI_KEY") {
        b = b.setting("GOPY_MEILI_KEY", &key);
    }
    Some((b, uid))
}

/// A Meilisearch client for the server in MEILI_URL.
pub fn meili_client() -> Option<meilisearch_sdk::client::Client> {
    let url = std::env::var("MEILI_URL").ok().filter(|u| !u.is_empty())?;
    let key = std::env::var("MEILI_KEY").ok();
    meilisearch_sdk::client::Client::new(url, key).ok()
}

/// Drops the index a test's GOPY_MEILI_INDEX named (the portal adds the shape of its
/// documents to the name) and any rebuild of it.
pub async fn drop_meili_index(name: &str) {
    if let Some(client) = meili_client() {
        let live = format!("{name}_{}", gopy::search::meili::SHAPE);
        for uid in [format!("{live}_rebuild"), live] {
            if client.get_raw_index(&uid).await.is_ok() {
                let _ = client.delete_index(&uid).await;
            }
        }
    }
}

impl TestApp {
    /// Waits until the search index has applied every change made so far.
    pub async fn search_settled(&self) {
        for _ in 0..400 {
            let lag = self
                .behind_the_portals_back(|c| gopy::search::outbox::lag(c).unwrap())
                .await;
            if lag.pending == 0 {
                return;
            }
            tokio::time::sleep(StdDuration::from_millis(25)).await;
        }
        panic!("the search index did not catch up within 10 s");
    }

    /// The JSON search endpoint's answer (which must be 200).
    pub async fn search_json(&self, query: &str) -> serde_json::Value {
        let resp = self.get(&format!("/api/tim-kiem?{query}")).await;
        assert_eq!(resp.status(), 200, "GET /api/tim-kiem?{query}");
        resp.json().await.unwrap()
    }
}

/// The URLs of the hits of a JSON search answer, without the address.
pub fn hit_urls(answer: &serde_json::Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let url = h["url"].as_str().unwrap();
            url.split_once("/du-thao/")
                .map(|(_, p)| format!("/du-thao/{p}"))
                .unwrap_or(url.to_string())
        })
        .collect()
}

/// Stores one comment per text on `draft` (on the whole draft when `anchor` is None,
/// else on that clause) through the portal's own store and confirmation, published at
/// once, so that each takes its place as a citizen's comment would. `label` makes the
/// addresses and tokens ("rieng-{label}-{i}" is the i-th status token). Returns their
/// ids in order.
pub fn publish_texts(
    c: &mut gopy::db::DbConnection,
    draft: gopy::domain::ids::DraftId,
    anchor: Option<&str>,
    label: &str,
    texts: &[String],
) -> Vec<gopy::domain::ids::CommentId> {
    use diesel::prelude::*;
    use gopy::db::queries::comments as q;
    use gopy::db::schema::drafts;
    let slug: String = drafts::table
        .find(draft)
        .select(drafts::slug)
        .first(c)
        .unwrap();
    let q::Target::Found(target) = q::target(c, &slug, anchor).unwrap() else {
        panic!("the draft and its clause exist");
    };
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let form = gopy::domain::comment::CommentForm {
                noi_dung: text.clone(),
                email: format!("nguoi.{label}.{i}@example.vn"),
                loai: "individual".into(),
                dong_y: Some("1".into()),
                ..Default::default()
            };
            let rules = gopy::domain::comment::CommentRules {
                min_chars: 10,
                max_chars: 10_000,
            };
            let valid = gopy::domain::comment::ValidComment::parse(&form, rules, |_| false)
                .expect("a valid comment");
            let confirm = format!("xac-nhan-{label}-{i}");
            let new = q::NewComment {
                draft_id: draft,
                version_id: target.version_id,
                section_id: target.section.as_ref().map(|s| s.id),
                comment: &valid,
                locality_id: None,
                confirm_token_hash: &gopy::auth::token::hash(&confirm),
                confirm_expires_at: now() + days(1),
                status_token_hash: &gopy::auth::token::hash(&format!("rieng-{label}-{i}")),
                now: now(),
                campaign_id: None,
            };
            let q::Stored::New { id, .. } = q::store(c, &new, |_| {
                gopy::mail::templates::decision("a@example.vn", "GY", None, "/")
            })
            .unwrap() else {
                panic!("a new comment");
            };
            q::confirm(c, &gopy::auth::token::hash(&confirm), now(), true).unwrap();
            id
        })
        .collect()
}
