//! Group commit: concurrent writes that must each be durable before they are answered
//! share one commit.
//!
//! A commit is what costs on a busy portal: SQLite with `synchronous = FULL` and
//! PostgreSQL with its default synchronous commit both wait for the disk at every one.
//! A writer thread owns a connection of its own; it takes every write waiting in the
//! queue (up to [`MAX_BATCH`]), runs them in one transaction, commits once, and only
//! then answers each sender (one such thread on SQLite, a few on PostgreSQL, which
//! commits side by side). So:
//!
//! - an answer still means "on disk": nothing is acknowledged before the commit returns;
//! - the comments of a batch are inserted with one statement, and their confirmation
//!   mails queued with another ([`comments::insert_many`]): on PostgreSQL each
//!   statement is a round trip that the whole batch waits for, and one per comment made
//!   a batch of 200 take longer than the commit it shares. A duplicate is not a
//!   failure there: it is answered as such (None);
//! - one write that fails does not fail the others: the batch first
//!   runs without savepoints (they cost a statement journal on SQLite and round trips on
//!   PostgreSQL, for failures that are rare); if any write fails, the whole transaction
//!   is rolled back and the batch runs again with each write in a savepoint of its own,
//!   so that only the failing one keeps its error. A write may therefore run twice, the
//!   first time rolled back: it must not act outside the database;
//! - when the commit itself fails, every write of the batch is answered with that error,
//!   and none of them is on disk.
//!
//! On SQLite a thread of its own checkpoints the write-ahead log while batches are
//! committed, instead of SQLite doing it inside a commit that senders wait for (see
//! [`CHECKPOINT_EVERY`]).
//!
//! The connection is not taken from the pool: the requests that wait for their answer
//! hold no connection, and the writer never waits for one of theirs.

use std::sync::{Arc, Mutex};

use diesel::connection::{Connection, SimpleConnection};
use diesel::r2d2::ManageConnection;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::queries::comments::{self, PendingComment};
use super::{DbConnection, DbError, Manager};
use crate::domain::ids::CommentId;

/// Writes committed together at most: enough to cover every request the portal serves
/// at once, small enough that one commit never holds the write lock for long.
const MAX_BATCH: usize = 256;

/// Writes that may wait for the writer; a sender beyond them waits for room (memory
/// stays bounded whatever the load).
const QUEUE: usize = 4096;

/// How often, at most, SQLite's write-ahead log is checkpointed while batches are
/// committed. SQLite's own automatic checkpoint (every 1,000 pages) ran inside nearly
/// every batch's commit, and copied the same index pages back again and again: a fifth
/// of the writer's time under the submissions benchmark.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// One write waiting for its commit.
trait Job: Send {
    /// Runs the write in the batch's transaction, in a savepoint of its own when
    /// `isolated`, keeping its result; false when it failed.
    fn run(&mut self, c: &mut DbConnection, isolated: bool) -> bool;
    /// Answers the sender: the write's own result if the batch committed, else why not.
    fn answer(self: Box<Self>, committed: Result<(), &str>);
    /// A comment to insert with the batch's others in one statement, in the first run.
    fn as_comment(&mut self) -> Option<&mut CommentWrite> {
        None
    }
}

/// Why a sender's write did not reach the disk, from the batch's failed commit. The
/// message is kept as the database said it, so that a full disk is still recognised
/// (DbError::is_storage_full) and answered as such.
fn not_committed(why: &str) -> DbError {
    DbError::Query(DieselError::DatabaseError(
        DatabaseErrorKind::Unknown,
        Box::new(why.to_string()),
    ))
}

struct Write<T, F> {
    work: F,
    result: Option<Result<T, DieselError>>,
    reply: tokio::sync::oneshot::Sender<Result<T, DbError>>,
}

impl<T, F> Job for Write<T, F>
where
    T: Send,
    F: Fn(&mut DbConnection) -> Result<T, DieselError> + Send,
{
    fn run(&mut self, c: &mut DbConnection, isolated: bool) -> bool {
        let result = if isolated {
            // Inside the batch's transaction this is a savepoint.
            c.transaction(&self.work)
        } else {
            (self.work)(c)
        };
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn answer(self: Box<Self>, committed: Result<(), &str>) {
        let answer = match (committed, self.result) {
            (Ok(()), Some(result)) => result.map_err(DbError::Query),
            (Ok(()), None) => Err(DbError::Task("the write did not run".into())),
            (Err(why), _) => Err(not_committed(why)),
        };
        // The sender may have gone (its client hung up): the write stands regardless.
        let _ = self.reply.send(answer);
    }
}

/// A comment and its confirmation mail waiting for their commit: its id once stored, or
/// None when the same comment was stored before.
pub(crate) struct CommentWrite {
    pending: std::sync::Arc<dyn PendingComment + Send + Sync>,
    result: Option<Result<Option<CommentId>, DieselError>>,
    reply: tokio::sync::oneshot::Sender<Result<Option<CommentId>, DbError>>,
}

impl Job for CommentWrite {
    fn run(&mut self, c: &mut DbConnection, isolated: bool) -> bool {
        let one: [&dyn PendingComment; 1] = [&*self.pending];
        let result = if isolated {
            c.transaction(|c| comments::insert_many(c, &one))
        } else {
            comments::insert_many(c, &one)
        };
        let result = result.map(|ids| ids.first().copied().flatten());
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn answer(self: Box<Self>, committed: Result<(), &str>) {
        let answer = match (committed, self.result) {
            (Ok(()), Some(result)) => result.map_err(DbError::Query),
            (Ok(()), None) => Err(DbError::Task("the write did not run".into())),
            (Err(why), _) => Err(not_committed(why)),
        };
        let _ = self.reply.send(answer);
    }

    fn as_comment(&mut self) -> Option<&mut CommentWrite> {
        Some(self)
    }
}

/// The queue to the writer thread. Cloned with the `Db`; the thread ends when the last
/// clone is dropped.
#[derive(Clone)]
pub(crate) struct GroupCommit {
    queue: tokio::sync::mpsc::Sender<Box<dyn Job>>,
    counts: Arc<Counts>,
}

/// Commits made and writes they carried, since the start: their ratio is how many
/// writes shared each commit.
#[derive(Default, Debug)]
pub struct Counts {
    pub commits: std::sync::atomic::AtomicU64,
    pub writes: std::sync::atomic::AtomicU64,
}

impl GroupCommit {
    /// Starts the writer threads. `writer` is the process's SQLite write turn (None on
    /// PostgreSQL), taken around each batch so that other writers of this process queue
    /// in memory rather than in SQLite's busy handler. SQLite has one writer at a time,
    /// so one thread; PostgreSQL commits side by side, so `threads` of them share the
    /// queue, each committing what is waiting when its turn comes.
    pub(crate) fn start(manager: Manager, writer: Option<Arc<Mutex<()>>>, threads: usize) -> Self {
        let (queue, jobs) = tokio::sync::mpsc::channel(QUEUE);
        let jobs = Arc::new(Mutex::new(jobs));
        let counts = Arc::new(Counts::default());
        let threads = if writer.is_some() { 1 } else { threads.max(1) };
        for n in 0..threads {
            let (manager, jobs, writer, counts) = (
                manager.clone(),
                jobs.clone(),
                writer.clone(),
                counts.clone(),
            );
            std::thread::Builder::new()
                .name(format!("gopy-group-commit-{n}"))
                .spawn(move || writer_loop(manager, &jobs, writer, &counts))
                .expect("the group-commit thread starts");
        }
        if writer.is_some() {
            let (manager, counts) = (manager.clone(), Arc::downgrade(&counts));
            std::thread::Builder::new()
                .name("gopy-checkpoint".into())
                .spawn(move || checkpointer(manager, counts))
                .expect("the checkpoint thread starts");
        }
        GroupCommit { queue, counts }
    }

    pub(crate) fn counts(&self) -> &Counts {
        &self.counts
    }

    /// Runs `work` in the next shared commit and answers once that commit is durable.
    pub(crate) async fn write<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: Fn(&mut DbConnection) -> Result<T, DieselError> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.send(
            Box::new(Write {
                work,
                result: None,
                reply,
            }),
            answer,
        )
        .await
    }

    /// Inserts a comment and queues its confirmation mail in the next shared commit,
    /// with the batch's other comments, and answers once that commit is durable: its
    /// id, or None when the same comment was stored before.
    pub(crate) async fn insert_comment(
        &self,
        pending: std::sync::Arc<dyn PendingComment + Send + Sync>,
    ) -> Result<Option<CommentId>, DbError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.send(
            Box::new(CommentWrite {
                pending,
                result: None,
                reply,
            }),
            answer,
        )
        .await
    }

    async fn send<T>(
        &self,
        job: Box<dyn Job>,
        answer: tokio::sync::oneshot::Receiver<Result<T, DbError>>,
    ) -> Result<T, DbError> {
        self.queue
            .send(job)
            .await
            .map_err(|_| DbError::Task("the group-commit writer stopped".into()))?;
        answer
            .await
            .map_err(|_| DbError::Task("the group-commit writer stopped".into()))?
    }
}

/// The next batch: waits for one write, then takes what else is waiting. None once the
/// queue is closed (the `Db` is gone).
fn next_batch(
    jobs: &Mutex<tokio::sync::mpsc::Receiver<Box<dyn Job>>>,
) -> Option<Vec<Box<dyn Job>>> {
    let mut jobs = jobs.lock().unwrap_or_else(|e| e.into_inner());
    let mut batch = vec![jobs.blocking_recv()?];
    while batch.len() < MAX_BATCH {
        match jobs.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    Some(batch)
}

/// Why a batch's transaction ended without committing.
enum Unfinished {
    /// A write failed: the batch is run again, each write in a savepoint.
    WriteFailed,
    /// The database refused (the transaction, or its commit).
    Database(DieselError),
}

impl From<DieselError> for Unfinished {
    fn from(e: DieselError) -> Self {
        Unfinished::Database(e)
    }
}

/// Runs the batch in one transaction: first without savepoints, the comments together,
/// and again with a savepoint per write if any write failed.
fn commit_batch(c: &mut DbConnection, batch: &mut [Box<dyn Job>]) -> Result<(), DieselError> {
    let optimistic = write_transaction::<_, Unfinished>(c, |c| {
        insert_comments(c, batch)?;
        for job in batch.iter_mut() {
            if job.as_comment().is_none() && !job.run(c, false) {
                return Err(Unfinished::WriteFailed);
            }
        }
        Ok(())
    });
    match optimistic {
        Ok(()) => Ok(()),
        Err(Unfinished::Database(e)) => Err(e),
        Err(Unfinished::WriteFailed) => write_transaction(c, |c| {
            for job in batch.iter_mut() {
                job.run(c, true);
            }
            Ok(())
        }),
    }
}

/// A transaction that, on SQLite, takes the write lock when it begins (BEGIN IMMEDIATE):
/// a batch that reads before it writes (the mail worker's claims) would otherwise fail
/// at its first write, without waiting, whenever another process wrote since its read
/// began. Diesel's own `transaction` begins a deferred one.
fn write_transaction<T, E: From<DieselError>>(
    c: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    type Manager = <DbConnection as Connection>::TransactionManager;
    match c {
        DbConnection::Sqlite(s) => {
            AnsiTransactionManager::begin_transaction_sql(s, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgres(_) => Manager::begin_transaction(c)?,
    }
    match work(c) {
        Ok(value) => {
            Manager::commit_transaction(c)?;
            Ok(value)
        }
        Err(e) => match Manager::rollback_transaction(c) {
            Ok(()) | Err(DieselError::BrokenTransactionManager) => Err(e),
            Err(rollback) => Err(rollback.into()),
        },
    }
}

/// Inserts the batch's comments with one statement and queues their mails with another.
fn insert_comments(c: &mut DbConnection, batch: &mut [Box<dyn Job>]) -> Result<(), Unfinished> {
    let mut writes: Vec<&mut CommentWrite> =
        batch.iter_mut().filter_map(|j| j.as_comment()).collect();
    if writes.is_empty() {
        return Ok(());
    }
    let pending: Vec<_> = writes.iter().map(|w| w.pending.clone()).collect();
    let pending: Vec<&dyn PendingComment> = pending
        .iter()
        .map(|p| &**p as &dyn PendingComment)
        .collect();
    let ids = comments::insert_many(c, &pending).map_err(|_| Unfinished::WriteFailed)?;
    for (write, id) in writes.iter_mut().zip(ids) {
        write.result = Some(Ok(id));
    }
    Ok(())
}

fn writer_loop(
    manager: Manager,
    jobs: &Mutex<tokio::sync::mpsc::Receiver<Box<dyn Job>>>,
    writer: Option<Arc<Mutex<()>>>,
    counts: &Counts,
) {
    use std::sync::atomic::Ordering::Relaxed;
    let mut conn: Option<super::Checked> = None;
    while let Some(mut batch) = next_batch(jobs) {
        let c = match conn.take() {
            Some(c) => Ok(c),
            None => open(&manager),
        };
        let mut c = match c {
            Ok(c) => c,
            Err(why) => {
                tracing::error!(error = %why, "group commit: no connection");
                for job in batch {
                    job.answer(Err(&why));
                }
                continue;
            }
        };
        let outcome = {
            let _turn = writer
                .as_ref()
                .map(|w| w.lock().unwrap_or_else(|e| e.into_inner()));
            commit_batch(&mut c, &mut batch)
        };
        match outcome {
            Ok(()) => {
                counts.commits.fetch_add(1, Relaxed);
                counts.writes.fetch_add(batch.len() as u64, Relaxed);
                for job in batch {
                    job.answer(Ok(()));
                }
                conn = Some(c);
            }
            Err(e) => {
                // The connection may be what failed (a restarted server): the next batch
                // opens a new one.
                let why = e.to_string();
                tracing::error!(error = %why, writes = batch.len(), "group commit failed");
                for job in batch {
                    job.answer(Err(&why));
                }
            }
        }
    }
}

/// Checkpoints SQLite's write-ahead log every [`CHECKPOINT_EVERY`] while batches are
/// being committed, on a connection of its own, so that the writer never waits for it.
/// Ends with the last `GroupCommit`.
fn checkpointer(manager: Manager, counts: std::sync::Weak<Counts>) {
    use std::sync::atomic::Ordering::Relaxed;
    let mut conn: Option<super::Checked> = None;
    let mut seen = 0;
    loop {
        std::thread::sleep(CHECKPOINT_EVERY);
        let Some(counts) = counts.upgrade() else {
            return;
        };
        let commits = counts.commits.load(Relaxed);
        if commits == seen {
            continue;
        }
        seen = commits;
        let c = match conn.take() {
            Some(c) => c,
            None => match manager.connect() {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "checkpoint: no connection");
                    continue;
                }
            },
        };
        let mut c = c;
        // PASSIVE: copies what no reader still needs, and waits for no one.
        match c.batch_execute("PRAGMA wal_checkpoint(PASSIVE)") {
            Ok(()) => conn = Some(c),
            Err(e) => tracing::warn!(error = %e, "checkpoint failed"),
        }
    }
}

/// The writer's own connection. On SQLite it leaves checkpoints to [`checkpointer`] and keeps the statement journal of a batch run again with
/// savepoints in memory rather than in a temporary file.
fn open(manager: &Manager) -> Result<super::Checked, String> {
    let mut c = manager.connect().map_err(|e| e.to_string())?;
    if let DbConnection::Sqlite(s) = &mut *c {
        for pragma in [
            "PRAGMA wal_autocheckpoint = 0",
            "PRAGMA temp_store = MEMORY",
        ] {
            s.batch_execute(pragma).map_err(|e| e.to_string())?;
        }
    }
    Ok(c)
}
