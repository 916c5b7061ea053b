//! The worker that sends queued mail: it wakes when a request queues mail (or every few
//! seconds, to pick up retries and mail queued by other processes), claims a batch,
//! sends it, and records each result.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::Notify;

use crate::db::queries::outbox;
use crate::db::{Db, DbError};
use crate::domain::time;
use crate::mail::Mailer;

const BATCH: i64 = 50;
const RECORD_EVERY: usize = 10;
const POLL: Duration = Duration::from_secs(2);
/// Retries back off from the base delay, doubling, up to this.
const MAX_DELAY_SECONDS: i64 = 3600;

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

impl Worker {
    pub async fn run(self) {
        tracing::info!(transport = self.mailer.describe(), "mail worker started");
        loop {
            match self.send_due().await {
                Ok(0) => {
                    tokio::select! {
                        _ = self.wakeup.notified() => {}
                        _ = tokio::time::sleep(POLL) => {}
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "mail outbox unavailable; retrying");
                    tokio::time::sleep(POLL).await;
                }
            }
        }
    }

    /// Sends one batch; returns how many mails were claimed. Results are recorded a few
    /// at a time, so a busy outbox costs a handful of transactions per batch rather than
    /// several per mail.
    pub async fn send_due(&self) -> Result<usize, DbError> {
        let now = time::now_utc();
        let lock = self.lock;
        let batch = self
            .db
            .write_unpublished(move |c| {
                outbox::claim_due(c, now, lock, BATCH).map_err(DbError::from)
            })
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
                    let (id, delay) = (row.id, backoff(self.retry_base, row.attempts));
                    tracing::warn!(mail = id, attempt = row.attempts + 1, %error, retry_in_s = delay.num_seconds(), "mail not sent");
                    let retry_at = time::now_utc() + delay;
                    self.db
                        .write_unpublished(move |c| {
                            outbox::mark_failed(c, id, retry_at, &error).map_err(DbError::from)
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
            .write_unpublished(move |c| outbox::mark_sent(c, &ids, now).map_err(DbError::from))
            .await
    }
}

/// base × 2^attempts, capped at an hour.
fn backoff(base: chrono::Duration, attempts: i32) -> chrono::Duration {
    let factor = 1i64 << attempts.clamp(0, 20);
    let secs = base
        .num_seconds()
        .max(1)
        .saturating_mul(factor)
        .min(MAX_DELAY_SECONDS);
    chrono::Duration::seconds(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_up_to_an_hour() {
        let base = chrono::Duration::seconds(30);
        assert_eq!(backoff(base, 0).num_seconds(), 30);
        assert_eq!(backoff(base, 3).num_seconds(), 240);
        assert_eq!(backoff(base, 30).num_seconds(), 3600);
    }
}
