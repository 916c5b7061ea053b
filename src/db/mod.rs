//! The database: one connection type for SQLite and PostgreSQL, its pool and migrations.
//!
//! Queries are written once against [`DbConnection`]; where a query needs a dialect's own
//! SQL (upserts, full-text search) it matches on the variant with [`with_backend!`].

mod group_commit;
pub mod models;
pub mod queries;
pub mod schema;
mod types;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::{Config, DatabaseUrl, SqliteSync};

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Runs `$body` with `$c` bound to the inner connection of either backend, for the few
/// statements diesel cannot express once for both (batch inserts, upserts, FTS).
#[macro_export]
macro_rules! with_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Postgres($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A pooled connection, with when it was last known to work.
pub struct Checked {
    conn: DbConnection,
    checked_at: std::time::Instant,
}

impl std::ops::Deref for Checked {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Checked {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

/// A connection checked within this long is lent out without another check.
const RECHECK: Duration = Duration::from_secs(5);

pub type DbPool = Pool<Manager>;

/// Connections of the unhurried pool ([`Db::run_unhurried`]): each statement there is
/// short and commits at once.
const UNHURRIED_CONNECTIONS: u32 = 4;
pub type PooledConn = PooledConnection<Manager>;

tokio::task_local! {
    /// The statements counted for the request (or other task) this runs in.
    static COUNTED: Arc<AtomicU64>;
}

thread_local! {
    /// The counter of the task whose work this blocking thread is doing now.
    static COUNTING: std::cell::RefCell<Option<Arc<AtomicU64>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `task` and counts the statements that its own database work sends, and only
/// those: a background worker's poll that happens meanwhile on another connection is
/// not counted, nor is the pool's check of a connection it lends out. Tests use it to
/// check that a page costs a constant number of queries whatever the size of the draft.
pub async fn count_queries<F: std::future::Future>(task: F) -> (F::Output, u64) {
    let counter = Arc::new(AtomicU64::new(0));
    let output = COUNTED.scope(counter.clone(), task).await;
    (output, counter.load(Ordering::Relaxed))
}

/// Makes the blocking thread count for a task until dropped.
struct CountingFor;

impl CountingFor {
    fn enter(counter: Arc<AtomicU64>) -> Self {
        COUNTING.with(|c| *c.borrow_mut() = Some(counter));
        CountingFor
    }
}

impl Drop for CountingFor {
    fn drop(&mut self) {
        COUNTING.with(|c| *c.borrow_mut() = None);
    }
}

struct CountQueries;

impl Instrumentation for CountQueries {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            COUNTING.with(|c| {
                if let Some(counter) = &*c.borrow() {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    }
}

/// Opens connections of the configured backend. Written by hand instead of diesel's
/// `ConnectionManager` because `DbConnection::establish` would try every backend in turn
/// and SQLite accepts any string as a file name.
#[derive(Clone)]
pub struct Manager {
    url: DatabaseUrl,
    sync: SqliteSync,
    /// SQLite's page cache and memory map per connection, in MiB (settings).
    cache_mb: u32,
    mmap_mb: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ManagerError {
    #[error("cannot connect: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("query failed: {0}")]
    Query(#[from] diesel::result::Error),
}

impl ManageConnection for Manager {
    type Connection = Checked;
    type Error = ManagerError;

    fn connect(&self) -> Result<Checked, ManagerError> {
        let mut conn = match &self.url {
            DatabaseUrl::Postgres(url) => {
                DbConnection::Postgres(diesel::PgConnection::establish(url)?)
            }
            DatabaseUrl::Sqlite(path) => {
                let mut c = diesel::SqliteConnection::establish(&path.to_string_lossy())?;
                // One statement each: SQLite ignores all but the first in a batch for
                // some PRAGMAs. WAL lets readers run beside the single writer; the busy
                // timeout makes a writer wait for the lock instead of failing.
                c.batch_execute("PRAGMA journal_mode = WAL")?;
                c.batch_execute(match self.sync {
                    SqliteSync::Full => "PRAGMA synchronous = FULL",
                    SqliteSync::Normal => "PRAGMA synchronous = NORMAL",
                })?;
                c.batch_execute("PRAGMA foreign_keys = ON")?;
                c.batch_execute("PRAGMA busy_timeout = 10000")?;
                // Read pages through a memory map rather than a read() per page: after
                // another connection writes, a connection refills its cache from the
                // file, and with a map that costs no system calls. Both are bounded by
                // settings: the cache is private memory per connection, and every
                // connection's map counts the file pages it touched in the resident size
                // again (16 connections mapping 1 GiB each once showed 6.3 GB).
                c.batch_execute(&format!(
                    "PRAGMA cache_size = -{}",
                    u64::from(self.cache_mb) * 1024
                ))?;
                c.batch_execute(&format!(
                    "PRAGMA mmap_size = {}",
                    u64::from(self.mmap_mb) * 1024 * 1024
                ))?;
                DbConnection::Sqlite(c)
            }
        };
        conn.set_instrumentation(CountQueries);
        Ok(Checked {
            conn,
            checked_at: std::time::Instant::now(),
        })
    }

    /// A PostgreSQL connection can die with its server. Checking it costs a round trip,
    /// so a connection is checked when it is lent out only if it has not been checked for
    /// a few seconds: a busy pool checks each connection now and then, an idle one before
    /// its first use after a pause (when a restarted server is most likely).
    fn is_valid(&self, conn: &mut Checked) -> Result<(), ManagerError> {
        if conn.checked_at.elapsed() < RECHECK {
            return Ok(());
        }
        conn.conn.batch_execute("SELECT 1")?;
        conn.checked_at = std::time::Instant::now();
        Ok(())
    }

    fn has_broken(&self, conn: &mut Checked) -> bool {
        let conn = &mut conn.conn;
        // A connection dropped inside a transaction must not go back to the pool.
        use diesel::connection::TransactionManager;
        match conn {
            DbConnection::Postgres(c) => {
                diesel::connection::AnsiTransactionManager::is_broken_transaction_manager(c)
            }
            DbConnection::Sqlite(c) => {
                diesel::connection::AnsiTransactionManager::is_broken_transaction_manager(c)
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("no database connection: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("database task failed: {0}")]
    Task(String),
}

impl DbError {
    /// Whether the database could not write for want of space (SQLite's SQLITE_FULL,
    /// PostgreSQL's disk_full): the portal is unavailable, not broken.
    pub fn is_storage_full(&self) -> bool {
        match self {
            DbError::Query(diesel::result::Error::DatabaseError(_, info)) => {
                let m = info.message();
                m.contains("database or disk is full")
                    || m.contains("No space left on device")
                    || m.contains("could not extend file")
            }
            _ => false,
        }
    }
}

/// The pool and what kind of database is behind it.
#[derive(Clone)]
pub struct Db {
    pub pool: DbPool,
    pub backend: &'static str,
    /// Bumped after every write made through [`Db::write`] in this process, so that
    /// caches can tell in memory whether anything may have changed since they looked.
    generation: Arc<AtomicU64>,
    /// SQLite has one writer at a time. A connection that finds the write lock taken
    /// waits in SQLite's busy handler, which sleeps in growing steps (up to 100 ms): on a
    /// busy portal that is where the slowest answers come from. Writers of this process
    /// queue on this mutex instead and go the moment the previous one commits. None on
    /// PostgreSQL, where writers run side by side.
    writer: Option<Arc<std::sync::Mutex<()>>>,
    /// Signalled after every write through [`Db::write`], for workers that follow
    /// published changes (the search index) and should not wait for their next poll.
    published: Arc<tokio::sync::Notify>,
    /// The writer that commits concurrent submissions together ([`Db::write_grouped`]).
    grouped: group_commit::GroupCommit,
    /// On PostgreSQL, a few connections whose commits do not wait for the disk
    /// ([`Db::run_unhurried`]). None on SQLite.
    unhurried: Option<DbPool>,
}

/// Connections of the unhurried pool: `synchronous_commit` off for the session, so that
/// each statement commits on its own without a wait for the disk (and without the
/// BEGIN / SET LOCAL / COMMIT round trips that turning it off per transaction costs).
#[derive(Debug)]
struct Unhurried;

impl r2d2::CustomizeConnection<Checked, ManagerError> for Unhurried {
    fn on_acquire(&self, conn: &mut Checked) -> Result<(), ManagerError> {
        conn.conn.batch_execute("SET synchronous_commit TO OFF")?;
        Ok(())
    }
}

impl Db {
    pub fn connect(config: &Config) -> Result<Self, String> {
        if let DatabaseUrl::Sqlite(path) = &config.database.database_url
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let manager = Manager {
            url: config.database.database_url.clone(),
            sync: config.database.sqlite_synchronous,
            cache_mb: config.database.sqlite_cache_mb,
            mmap_mb: config.database.sqlite_mmap_mb,
        };
        let is_postgres = matches!(config.database.database_url, DatabaseUrl::Postgres(_));
        let writer: Option<Arc<std::sync::Mutex<()>>> = (!is_postgres).then(Arc::default);
        // On PostgreSQL, a few writers commit side by side (each batch still one commit).
        let grouped = group_commit::GroupCommit::start(
            manager.clone(),
            writer.clone(),
            (config.database.db_pool_size as usize / 2).clamp(1, 4),
        );
        let pool_manager = manager.clone();
        let pool = Pool::builder()
            .max_size(config.database.db_pool_size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            // A PostgreSQL connection can die with the server; check it (see is_valid).
            // An SQLite file cannot go away underneath us.
            .test_on_check_out(is_postgres)
            .error_handler(Box::new(r2d2::LoggingErrorHandler))
            .build(manager)
            .map_err(|e| format!("{:?}: {e}", config.database.database_url))?;
        let unhurried = if is_postgres {
            Some(
                Pool::builder()
                    .max_size(UNHURRIED_CONNECTIONS)
                    .min_idle(Some(0))
                    .connection_timeout(Duration::from_secs(10))
                    .test_on_check_out(true)
                    .connection_customizer(Box::new(Unhurried))
                    .error_handler(Box::new(r2d2::LoggingErrorHandler))
                    .build_unchecked(pool_manager.clone()),
            )
        } else {
            None
        };
        Ok(Db {
            pool,
            unhurried,
            backend: config.database.database_url.backend_name(),
            generation: Arc::default(),
            writer,
            published: Arc::default(),
            grouped,
        })
    }

    pub fn get(&self) -> Result<PooledConn, r2d2::PoolError> {
        self.pool.get()
    }

    /// Runs blocking database work on the blocking thread pool, so that the async
    /// workers that serve requests never wait on the disk or the network. For reads.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.blocking(f, None).await
    }

    /// Work that changes what the public sees: when it returns, whether it succeeded or
    /// not, the write generation moves on and caches look again.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let result = self.blocking(f, self.writer.clone()).await;
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.published.notify_one();
        result
    }

    /// Resolves after the next write through [`Db::write`] (or at once if one happened
    /// since the last call). Meant for one waiter.
    pub async fn published_change(&self) {
        self.published.notified().await
    }

    /// Work that changes data no public page shows (an unconfirmed comment, the mail
    /// outbox): serialised like every write, without making caches look again.
    pub async fn write_unpublished<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.blocking(f, self.writer.clone()).await
    }

    /// A write that must be durable before it is answered, committed together with the
    /// others waiting at the same moment (group commit, see `db::group_commit`): for
    /// the comments citizens send, where one commit each would make the disk the limit.
    /// `work` runs in the shared transaction; its own error rolls back only its own
    /// writes. It may run twice (the first time rolled back, when another write of the
    /// batch failed), so it must only touch the database. Like
    /// [`Db::write_unpublished`], it does not make caches look again: what it writes is
    /// on no public page yet.
    pub async fn write_grouped<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: Fn(&mut DbConnection) -> diesel::QueryResult<T> + Send + 'static,
    {
        self.grouped.write(work).await
    }

    /// Inserts a citizen's comment and queues its confirmation mail in the next shared
    /// commit, with the other comments waiting at that moment in one statement
    /// (`db::group_commit`); answers once that commit is durable, with the comment's id,
    /// or None when the same comment was stored before. Like [`Db::write_grouped`], it
    /// makes no cache look again (an unconfirmed comment is on no public page).
    pub async fn insert_comment_grouped(
        &self,
        pending: Arc<dyn queries::comments::PendingComment + Send + Sync>,
    ) -> Result<Option<crate::domain::ids::CommentId>, DbError> {
        self.grouped.insert_comment(pending).await
    }

    /// Commits made by [`Db::write_grouped`] and the writes they carried.
    pub fn group_commits(&self) -> (u64, u64) {
        let c = self.grouped.counts();
        (
            c.commits.load(Ordering::Relaxed),
            c.writes.load(Ordering::Relaxed),
        )
    }

    /// This process's turn to write, for blocking code that reads first and writes last
    /// (hold it only around the write). None on PostgreSQL.
    pub fn writer_turn(&self) -> Option<std::sync::MutexGuard<'_, ()>> {
        self.writer
            .as_ref()
            .map(|w| w.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Runs work whose writes may be lost in a crash (the last fraction of a second of
    /// them): on PostgreSQL on a connection whose commits do not wait for the disk, else
    /// as [`Db::run`]. For state that is worth no wait, such as the rate limits shared
    /// by the portal's processes.
    pub async fn run_unhurried<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let Some(pool) = self.unhurried.clone() else {
            return self.run(f).await;
        };
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::Pool)?;
            f(&mut conn)
        })
        .await
        .map_err(|e| DbError::Task(e.to_string()))?
    }

    async fn blocking<T, E, F>(
        &self,
        f: F,
        writer: Option<Arc<std::sync::Mutex<()>>>,
    ) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let counter = COUNTED.try_with(Arc::clone).ok();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::Pool)?;
            // After the pool's own check of the connection, which depends on when it
            // was last used rather than on the work.
            let _counting = counter.map(CountingFor::enter);
            // Taken after the connection, so a writer never holds the lock while it
            // waits for the pool.
            let _turn = writer
                .as_ref()
                .map(|w| w.lock().unwrap_or_else(|e| e.into_inner()));
            f(&mut conn)
        })
        .await
        .map_err(|e| DbError::Task(e.to_string()))?
    }

    /// The write generation: unchanged means no write through [`Db::write`] finished in
    /// this process since it was read.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The options the bundled SQLite should have been compiled with (see
    /// `.cargo/config.toml`) that this build lacks; empty on PostgreSQL. A build made
    /// outside the project's directory misses them: it still works, only slower.
    pub fn sqlite_build_missing(&self) -> Result<Vec<&'static str>, String> {
        const WANTED: [&str; 2] = ["ENABLE_QPSG", "DEFAULT_MEMSTATUS=0"];
        let mut conn = self.get().map_err(|e| e.to_string())?;
        let DbConnection::Sqlite(c) = &mut **conn else {
            return Ok(Vec::new());
        };
        #[derive(diesel::QueryableByName)]
        struct CompileOption {
            #[diesel(sql_type = diesel::sql_types::Text)]
            compile_options: String,
        }
        let have: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options")
            .load(c)
            .map_err(|e| e.to_string())?;
        Ok(WANTED
            .into_iter()
            .filter(|w| !have.iter().any(|h| h.compile_options == *w))
            .collect())
    }

    /// Applies the migrations that have not run yet and returns their names.
    pub fn migrate(&self) -> Result<Vec<String>, String> {
        let mut conn = self.get().map_err(|e| e.to_string())?;
        let applied = match &mut **conn {
            DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        }
        .map_err(|e| format!("migration failed: {e}"))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn names(dir: &str) -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn migrations_are_kept_in_lockstep() {
        let sqlite = names("migrations/sqlite");
        let postgres = names("migrations/postgres");
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres, "each migration exists for both databases");
        for m in &sqlite {
            for file in ["up.sql", "down.sql"] {
                for dialect in ["sqlite", "postgres"] {
                    let p = format!("migrations/{dialect}/{m}/{file}");
                    assert!(std::path::Path::new(&p).exists(), "{p} is missing");
                }
            }
        }
    }
}
