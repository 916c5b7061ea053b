//! Every piece of background work runs here, on one runner:
//!
//! - queues (`Queue`): work kept in a table and written in the transaction of its cause
//!   (the mail outbox, the search outbox). `run_queue` is the one loop they all run in:
//!   work a batch, wait for a wake-up or the poll when nothing is due, back off while
//!   the database or the backend fails. Each queue claims its items with a lease, retries
//!   an item with exponential backoff (`backoff`) and gives it up after a number of
//!   attempts (a dead letter, kept and shown in /readyz and the console until an
//!   administrator sends it again);
//! - scheduled jobs (`schedule`): run every N minutes or daily at a time in Viet Nam, each
//!   slot once across every process that shares the database, a slot missed while
//!   everything was down at the next start.
//!
//! Leases and slots live in the `jobs` table (`db::queries::jobs`), so several portal
//! processes on one PostgreSQL never run the same job at once.

pub mod mail;
pub mod reminders;
pub mod schedule;
pub mod search;
pub mod similar;
pub mod status;

use std::future::Future;
use std::time::Duration;

use crate::db::DbError;

/// How often an idle queue looks again without a wake-up: for retries that fall due,
/// and for work queued by other processes.
pub const POLL: Duration = Duration::from_secs(2);
/// The longest a queue waits after its own failure (the database or the backend down)
/// before trying again.
const MAX_FAILING_WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Failed(String),
}

impl From<diesel::result::Error> for JobError {
    fn from(e: diesel::result::Error) -> Self {
        JobError::Db(e.into())
    }
}

/// Work kept in a table.
pub trait Queue: Send + Sync + 'static {
    /// For logs.
    fn name(&self) -> &'static str;
    /// Claims a batch of due items, works it and records each item's result (done,
    /// retried later, or given up). Returns how many items it took: 0 when nothing was
    /// due or another process holds the queue.
    fn work(&self) -> impl Future<Output = Result<usize, JobError>> + Send;
    /// Resolves when this process may have queued work.
    fn woken(&self) -> impl Future<Output = ()> + Send;
}

/// Runs a queue for the life of the process.
pub async fn run_queue<Q: Queue>(queue: Q) {
    tracing::info!(queue = queue.name(), "queue started");
    let mut failures = 0u32;
    loop {
        match queue.work().await {
            Ok(n) => {
                if failures > 0 {
                    tracing::info!(queue = queue.name(), "queue working again");
                    failures = 0;
                }
                if n == 0 {
                    tokio::select! {
                        _ = queue.woken() => {}
                        _ = tokio::time::sleep(POLL) => {}
                    }
                }
            }
            Err(e) => {
                if failures == 0 {
                    tracing::warn!(queue = queue.name(), error = %e, "queue failing; its items are kept and tried again");
                }
                let wait = backoff(POLL, failures, MAX_FAILING_WAIT);
                failures = failures.saturating_add(1);
                tokio::time::sleep(wait).await;
            }
        }
    }
}

/// base × 2^attempts, at most `max`: the wait before the next attempt after `attempts`
/// failed ones.
pub fn backoff(base: Duration, attempts: u32, max: Duration) -> Duration {
    let factor = 1u32 << attempts.min(20);
    base.max(Duration::from_secs(1))
        .saturating_mul(factor)
        .min(max)
}

/// `backoff` for timestamps kept in the database.
pub fn backoff_chrono(
    base: chrono::Duration,
    attempts: i32,
    max: chrono::Duration,
) -> chrono::Duration {
    let std = |d: chrono::Duration| d.to_std().unwrap_or(Duration::ZERO);
    chrono::Duration::from_std(backoff(std(base), attempts.max(0) as u32, std(max))).unwrap_or(max)
}

/// What became of a failed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Try again at this time.
    At(chrono::NaiveDateTime),
    /// Too many attempts: keep it as a dead letter.
    GiveUp,
}

impl Retry {
    /// After the `attempts`-th failed attempt (counting this one), with at most
    /// `max_attempts` in all.
    pub fn after(
        attempts: i32,
        max_attempts: i32,
        now: chrono::NaiveDateTime,
        base: chrono::Duration,
        max_wait: chrono::Duration,
    ) -> Retry {
        if attempts >= max_attempts {
            Retry::GiveUp
        } else {
            Retry::At(now + backoff_chrono(base, attempts - 1, max_wait))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let s = Duration::from_secs;
        assert_eq!(backoff(s(30), 0, s(3600)), s(30));
        assert_eq!(backoff(s(30), 3, s(3600)), s(240));
        assert_eq!(backoff(s(30), 30, s(3600)), s(3600));
        // A zero base still waits: a failing backend is not hammered.
        assert_eq!(backoff(Duration::ZERO, 0, s(60)), s(1));
    }

    #[test]
    fn an_item_is_given_up_after_its_last_attempt() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let (base, max) = (chrono::Duration::seconds(30), chrono::Duration::hours(1));
        assert_eq!(
            Retry::after(1, 3, now, base, max),
            Retry::At(now + chrono::Duration::seconds(30))
        );
        assert_eq!(
            Retry::after(2, 3, now, base, max),
            Retry::At(now + chrono::Duration::seconds(60))
        );
        assert_eq!(Retry::after(3, 3, now, base, max), Retry::GiveUp);
    }
}
