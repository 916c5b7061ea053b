//! Wiring: the shared state, the middleware and the server. `Application::build` is all a
//! test needs to run the real portal on a port of its own.

use std::net::TcpListener;
use std::sync::Arc;

use actix_multipart::form::MultipartFormConfig;
use actix_web::dev::Server;
use actix_web::error::InternalError;
use actix_web::http::StatusCode;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};

use crate::config::Config;
use crate::db::Db;
use crate::demo;
use crate::error::error_page;
use crate::i18n::VI;
use crate::jobs;
use crate::mail::Mailer;
use crate::search::Search;
use crate::storage::FileStore;
/// Where the state lives now; kept here so that `app::AppState` still names it.
pub use crate::web::AppState;
use crate::web::cache::{PageCache, RenderCache};
use crate::web::ratelimit::{DatabaseLimits, Limits, SharedStore};
use crate::web::site::SiteInfo;
use lettre::message::Mailbox;
use tokio::sync::Notify;

/// Search result pages kept at most (a popular query asked by many at once is rendered
/// once a second; the long tail is not kept).
const SEARCH_PAGES_KEPT: usize = 200;

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("database {0}")]
    Database(String),
    #[error("demo content: {0}")]
    Demo(String),
    #[error("mail: {0}")]
    Mail(String),
    #[error("search: {0}")]
    Search(String),
    #[error("Redis (GOPY_REDIS_URL): {0}")]
    Redis(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
}

impl Application {
    /// Prepares the data directory and the database (migrations, then demo content when
    /// the database is empty and the setting allows), and binds the listener. Port 0 in
    /// `config.server.bind` picks a free port.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        Self::build_with_mailer(config, None).await
    }

    /// As [`Application::build`], sending mail through `mailer` instead of the one the
    /// settings name (tests pass an in-memory mailer).
    pub async fn build_with_mailer(
        mut config: Config,
        mailer: Option<Mailer>,
    ) -> Result<Self, StartError> {
        std::fs::create_dir_all(&config.server.data_dir)
            .map_err(|e| StartError::DataDir(config.server.data_dir.display().to_string(), e))?;
        let db = Db::connect(&config).map_err(StartError::Database)?;
        let db2 = db.clone();
        let applied = tokio::task::spawn_blocking(move || db2.migrate())
            .await
            .map_err(|e| StartError::Database(e.to_string()))?
            .map_err(StartError::Database)?;
        for m in &applied {
            tracing::info!(migration = %m, "applied migration");
        }
        match db.sqlite_build_missing() {
            Ok(missing) if !missing.is_empty() => tracing::warn!(
                ?missing,
                "SQLite was compiled without options of .cargo/config.toml (built outside \
                 the project's directory?): the portal works, but slower"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "SQLite's compile options not read"),
        }
        // On PostgreSQL several processes may serve together, each with a disk of its
        // own: every attached file is kept in the database too.
        let files = FileStore::new(&config.server.data_dir);
        let files = if db.backend == "PostgreSQL" {
            let shared = files.shared_in(&db);
            let copy = shared.clone();
            let copied = tokio::task::spawn_blocking(move || copy.share_missing())
                .await
                .map_err(|e| StartError::Database(e.to_string()))?
                .map_err(|e| StartError::Database(format!("sharing attached files: {e}")))?;
            if copied > 0 {
                tracing::info!(files = copied, "attached files copied into the database");
            }
            shared
        } else {
            files
        };
        if config.server.demo {
            let (db2, files2) = (db.clone(), files.clone());
            let loaded = tokio::task::spawn_blocking(move || demo::load_if_empty(&db2, &files2))
                .await
                .map_err(|e| StartError::Demo(e.to_string()))?
                .map_err(StartError::Demo)?;
            if loaded {
                tracing::info!(
                    "the database was empty: loaded demo content (agencies, communes and three drafts); \
                     set GOPY_DEMO=false to start with an empty portal"
                );
            }
        }
        let listener = TcpListener::bind(config.server.bind)
            .map_err(|e| StartError::Bind(config.server.bind.to_string(), e))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartError::Bind(config.server.bind.to_string(), e))?
            .port();
        if !config.server.base_url_explicit {
            // Links in mail must work: use the address actually bound (port 0 in tests).
            config.server.base_url = match config.server.bind.ip() {
                ip if ip.is_unspecified() => format!("http://localhost:{port}"),
                ip => format!("http://{}", std::net::SocketAddr::new(ip, port)),
            };
        }
        let mailer = match mailer {
            Some(m) => m,
            None => Mailer::new(
                config.mail.smtp_url.as_deref(),
                &config.server.data_dir.join("mail"),
            )
            .map_err(StartError::Mail)?,
        };
        let from: Mailbox = config
            .mail
            .mail_from
            .parse()
            .map_err(|_| StartError::Mail("GOPY_MAIL_FROM".into()))?;
        let mail_wakeup = Arc::new(Notify::new());
        // The job runner: the mail and search queues and the scheduled jobs.
        tokio::spawn(jobs::run_queue(jobs::mail::Worker {
            db: db.clone(),
            mailer,
            from,
            wakeup: mail_wakeup.clone(),
            retry_base: chrono::Duration::seconds(config.mail.mail_retry_seconds),
            lock: chrono::Duration::seconds(config.mail.mail_lock_seconds),
        }));
        let site = Arc::new(SiteInfo::default());
        site.load(&db)
            .await
            .map_err(|e| StartError::Database(e.to_string()))?;
        tokio::spawn(site.clone().follow(
            db.clone(),
            std::time::Duration::from_millis(config.pages.page_recheck_ms.max(0) as u64),
        ));
        let search =
            Search::from_config(&config, &db).map_err(|e| StartError::Search(e.to_string()))?;
        tokio::spawn(
            jobs::search::SearchQueue {
                db: db.clone(),
                search: search.clone(),
            }
            .run(),
        );
        tokio::spawn(jobs::run_queue(jobs::similar::SimilarQueue {
            db: db.clone(),
            threshold: crate::domain::similarity::Threshold::percent(
                config.comments.similar_percent,
            ),
        }));
        tokio::spawn(
            jobs::schedule::Scheduler::new(
                db.clone(),
                jobs::schedule::portal_jobs_configured(
                    config.comments.contact_retention_days,
                    crate::domain::critique::Clocks {
                        front_reply_days: config.console.critique_reply_days,
                        agency_answer_days: config.console.critique_answer_days,
                    },
                    &config.server.base_url,
                ),
            )
            .run(),
        );
        // Several processes may serve together (on PostgreSQL): their limits are kept in
        // Redis when one is given, else in the database, so that a flood spread over
        // them gets the rate once.
        let shared_limits = match &config.server.redis_url {
            Some(url) => Some(SharedStore::Redis(
                redis::Client::open(url.as_str())
                    .map_err(|e| StartError::Redis(e.to_string()))?
                    .get_multiplexed_async_connection()
                    .await
                    .map_err(|e| StartError::Redis(e.to_string()))?,
            )),
            None if db.backend == "PostgreSQL" => {
                Some(SharedStore::Database(DatabaseLimits::start(db.clone())))
            }
            None => None,
        };
        let state = web::Data::new(AppState {
            search,
            site,
            reports: Default::default(),
            storage: Default::default(),
            limits: Limits::new(&config, shared_limits),
            // Every clause of every open draft, times the communes named, fits many
            // times over; an entry is a few hundred bytes.
            destinations: crate::services::comments::DestinationCache::new(
                4096,
                std::time::Duration::from_millis(config.pages.page_recheck_ms.max(0) as u64),
            ),
            mail_wakeup,
            pages: PageCache::new(
                config.pages.page_cache_entries,
                chrono::Duration::milliseconds(config.pages.page_recheck_ms),
            ),
            renders: RenderCache::new(
                config.pages.page_cache_entries,
                std::time::Duration::from_millis(config.pages.page_recheck_ms.max(0) as u64),
            ),
            searches: RenderCache::new(
                config.pages.page_cache_entries.min(SEARCH_PAGES_KEPT),
                std::time::Duration::from_millis(config.pages.page_recheck_ms.max(0) as u64),
            ),
            config: Arc::new(config),
            db,
            files,
        });
        if state.config.console.secret_key_ignored {
            tracing::warn!(
                "GOPY_SECRET_KEY is no longer used: staff sessions are kept in the database; remove it from the settings"
            );
        }
        tokio::spawn(Limits::prune_every_minute(state.clone()));
        let server =
            run(listener, state.clone()).map_err(|e| StartError::Bind("listener".into(), e))?;
        Ok(Application {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn run(listener: TcpListener, state: web::Data<AppState>) -> std::io::Result<Server> {
    let workers = match state.config.server.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let upload_limit = (state.config.console.attachment_max_mb as usize + 2) * 1024 * 1024;
    let secure = state.config.is_https();
    let count_queries = state.config.server.count_queries;
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(
                MultipartFormConfig::default()
                    .total_limit(upload_limit)
                    .memory_limit(upload_limit)
                    .error_handler(|err, _| {
                        let resp =
                            error_page(StatusCode::PAYLOAD_TOO_LARGE, Some(VI.too_large_text));
                        InternalError::from_response(err, resp).into()
                    }),
            )
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                InternalError::from_response(
                    err,
                    error_page(StatusCode::BAD_REQUEST, Some(VI.invalid_filter)),
                )
                .into()
            }))
            // A 10,000-character comment, percent-encoded, with room to spare; routes
            // with other needs set their own.
            .app_data(crate::web::form_limit(256 * 1024))
            .app_data(web::PathConfig::default().error_handler(|err, _| {
                InternalError::from_response(err, error_page(StatusCode::NOT_FOUND, None)).into()
            }))
            .wrap(actix_web::middleware::Condition::new(
                count_queries,
                from_fn(crate::web::count_queries),
            ))
            .wrap(from_fn(crate::web::health::watch_storage))
            .wrap(from_fn(crate::web::form::check_query))
            .wrap(from_fn(crate::web::body::deadline))
            .wrap(from_fn(crate::web::compress::gzip))
            .wrap(security_headers(secure))
            .configure(crate::web::console::routes)
            .configure(crate::web::routes)
            .default_service(web::to(crate::web::not_found))
    })
    // Responses that are compressed on the fly leave in several writes (headers and
    // first chunk, then the last chunk and the terminator). With Nagle's algorithm on,
    // the last small write waits for the client's delayed ACK: 40 ms on every such page.
    .on_connect(|conn, _| {
        if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
            let _ = tcp.set_nodelay(true);
        }
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Headers on every response. The policy allows only this site's own styles and images
/// and no scripts at all: there are none yet, and none from elsewhere will ever run.
fn security_headers(https: bool) -> DefaultHeaders {
    let headers = if https {
        // A year, as browsers' preload lists ask; only ever sent over https.
        DefaultHeaders::new().add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        DefaultHeaders::new()
    };
    headers
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
}
