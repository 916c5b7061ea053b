//! The state of the background work, as /readyz and the console show it: each queue's
//! waiting items and dead letters, and each job's last run and current failures.

use chrono::NaiveDateTime;

use crate::db::queries::{jobs, outbox, search_outbox};
use crate::db::{Db, DbConnection, DbError};
use crate::domain::time;

use super::schedule::{self, ScheduledJob};

crate::domain::text_enum! {
    /// A queue of the job runner.
    pub enum QueueName {
        Mail = "mail",
        Search = "search-index",
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct QueueState {
    pub name: QueueName,
    pub waiting: i64,
    pub dead: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct JobState {
    pub name: String,
    /// "mỗi 10 phút", "hằng ngày lúc 03:00"; None for a queue's lease row.
    pub schedule: Option<String>,
    pub last_ok_at: Option<NaiveDateTime>,
    pub next_slot: Option<NaiveDateTime>,
    /// Failures since the last success; retried from `retry_at`.
    pub failures: i32,
    pub retry_at: Option<NaiveDateTime>,
    /// Slots given up after `schedule::MAX_FAILURES`.
    pub given_up: i32,
    /// The last failure's message: for the console only, never /readyz.
    #[serde(skip)]
    pub last_error: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    pub queues: Vec<QueueState>,
    pub jobs: Vec<JobState>,
    /// How far the search index is behind (also in `queues`, as its waiting count).
    #[serde(skip)]
    pub search_lag: crate::search::outbox::Lag,
}

impl Status {
    /// Dead letters in every queue and given-up slots: worth an administrator's look.
    pub fn needs_attention(&self) -> bool {
        self.queues.iter().any(|q| q.dead > 0)
            || self.jobs.iter().any(|j| j.given_up > 0 || j.failures > 0)
    }
}

pub fn read(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Status, DbError> {
    let mail = outbox::backlog(conn)?;
    let search = crate::search::outbox::lag(conn)?;
    let search_dead = search_outbox::dead(conn)?;
    let schedule_of = |name: &str| -> Option<&ScheduledJob> {
        schedule::PORTAL_JOBS.iter().find(|j| j.name == name)
    };
    let jobs = jobs::all(conn)?
        .into_iter()
        .map(|row| {
            let job = schedule_of(&row.name);
            JobState {
                schedule: job.map(|j| j.schedule.describe()),
                next_slot: job.map(|j| j.schedule.next_slot(now)),
                name: row.name,
                last_ok_at: row.last_ok_at,
                failures: row.failures,
                retry_at: row.retry_at,
                given_up: row.given_up,
                last_error: row.last_error,
            }
        })
        .collect();
    Ok(Status {
        queues: vec![
            QueueState {
                name: QueueName::Mail,
                waiting: mail.waiting,
                dead: mail.dead,
            },
            QueueState {
                name: QueueName::Search,
                waiting: search.pending,
                dead: search_dead,
            },
        ],
        jobs,
        search_lag: search,
    })
}

pub async fn load(db: &Db) -> Result<Status, DbError> {
    db.run(|c| read(c, time::now_utc())).await
}

/// Puts a queue's dead letters back in it, with an audit entry; returns how many.
pub fn requeue(
    conn: &mut DbConnection,
    queue: QueueName,
    by: &crate::domain::staff::By<'_>,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    use crate::db::queries::audit::{self, Entry};
    use diesel::Connection;
    Ok(conn.transaction(|conn| {
        let n = requeue_dead(conn, queue, now)?;
        let e = Entry::by(by, "jobs.requeue", "queue", None, None).change(
            serde_json::Value::Null,
            serde_json::json!({ "queue": queue.as_str(), "items": n }),
        );
        audit::record(conn, &e, now)?;
        Ok::<_, diesel::result::Error>(n)
    })?)
}

/// Puts a queue's dead letters back in it; returns how many.
fn requeue_dead(
    conn: &mut DbConnection,
    queue: QueueName,
    now: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    match queue {
        QueueName::Mail => outbox::requeue_dead(conn, now),
        QueueName::Search => search_outbox::requeue_dead(conn, now),
    }
}
