//! The mail queue: it wakes when a request queues mail (or at the runner's poll, for
//! retries and mail queued by other processes), claims a batch, sends it, and records
//! each result. Runs on the job runner (`jobs::run_queue`).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::Notify;

use super::{JobError, Queue, Retry};
use crate::db::queries::outbox;
use crate::db::{Db, DbError};
use crate::domain::time;
use crate::mail::Mailer;

const BATCH: i64 = 50;
const RECORD_EVERY: usize = 10;
/// Retries back off from the base delay, doubling, up to this.
const MAX_DELAY: chrono::Duration = chrono::Duration::hours(1);
/// Attempts before a mail becomes a dead letter: with the default 30 s base, about
/// eight hours of trying.
pub const MAX_ATTEMPTS: i32 = 12;

pub struct Worker {
    pub db: Db,
    pub mailer: Mailer,
    pub from: Mailbox,
    pub wakeup: Arc<Notify>,
    /// The delay before the first retry.
    pub retry_base: chrono::Duration,
    /// How long a claimed mail is held before another worker may take it over. Each
    /// mail is held afresh just before it is sent, and a send that takes longer than half
    /// of it is abandoned, so a lock never lapses mid-send; after a crash, mail that was
    /// claimed waits at most this long.
    pub lock: chrono::Duration,
}

impl Queue for Worker {
    fn name(&self) -> &'static str {
        "mail"
    }

    async fn work(&self) -> Result<usize, JobError> {
        Ok(self.send_due().await?)
    }

    async fn woken(&self) {
        self.wakeup.notified().await
    }
}

impl Worker {
    /// Sends one batch; returns how many mails were claimed. Results are recorded a few
    /// at a time, so a busy outbox costs a handful of transactions per batch rather than
    /// several per mail.
    pub async fn send_due(&self) -> Result<usize, DbError> {
        let now = time::now_utc();
        let lock = self.lock;
        // Claims and records share the commits of the comments being submitted
        // (`Db::write_grouped`): during a busy consultation each comment queues a mail,
        // and a commit of their own for these would hold SQLite's one writer for a wait
        // on the disk each time.
        let batch = self
            .db
            .write_grouped(move |c| outbox::claim_due(c, now, lock, BATCH))
            .await?;
        let claimed = batch.len();
        let Some(token) = batch.first().and_then(|r| r.lock_token.clone()) else {
            return Ok(0);
        };
        // A send may take half the lock; holding again after a third of it keeps the
        // lock from lapsing before the next hold.
        let send_timeout = (self.lock / 2).to_std().unwrap_or(Duration::from_secs(10));
        let rehold_after = (self.lock / 3).to_std().unwrap_or(Duration::from_secs(5));
        let mut held_at = std::time::Instant::now();
        let mut sent: Vec<i64> = Vec::new();
        for (i, row) in batch.iter().enumerate() {
            if held_at.elapsed() >= rehold_after {
                let rest: Vec<i64> = batch[i..].iter().map(|r| r.id).collect();
                let (token, until) = (token.clone(), time::now_utc() + self.lock);
                self.db
                    .write_unpublished(move |c| {
                        outbox::hold(c, &rest, &token, until).map_err(DbError::from)
                    })
                    .await?;
                held_at = std::time::Instant::now();
            }
            let result =
                match tokio::time::timeout(send_timeout, self.mailer.send(&self.from, &row.mail()))
                    .await
                {
                    Ok(r) => r,
                    Err(_) => Err(format!("no answer within {} s", send_timeout.as_secs())),
                };
            match result {
                Ok(()) => sent.push(row.id),
                Err(error) => {
                    let (id, now) = (row.id, time::now_utc());
                    let retry = Retry::after(
                        row.attempts + 1,
                        MAX_ATTEMPTS,
                        now,
                        self.retry_base,
                        MAX_DELAY,
                    );
                    let retry_at = match retry {
                        Retry::At(at) => {
                            tracing::warn!(mail = id, attempt = row.attempts + 1, %error, retry_in_s = (at - now).num_seconds(), "mail not sent");
                            Some(at)
                        }
                        Retry::GiveUp => {
                            tracing::error!(mail = id, attempts = row.attempts + 1, %error, "mail given up after its last attempt; an administrator can send it again from the console");
                            None
                        }
                    };
                    self.db
                        .write_unpublished(move |c| {
                            outbox::mark_failed(c, id, retry_at, &error, now).map_err(DbError::from)
                        })
                        .await?;
                }
            }
            // Recorded every few mails: a crash resends at most these.
            if sent.len() >= RECORD_EVERY {
                self.record_sent(std::mem::take(&mut sent)).await?;
            }
        }
        self.record_sent(sent).await?;
        Ok(claimed)
    }

    async fn record_sent(&self, ids: Vec<i64>) -> Result<(), DbError> {
        if ids.is_empty() {
            return Ok(());
        }
        let now = time::now_utc();
        self.db
            .write_grouped(move |c| outbox::mark_sent(c, &ids, now))
            .await
    }
}
