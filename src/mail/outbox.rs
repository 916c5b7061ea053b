//! The worker that sends queued mail: it wakes when a request queues mail (or every few
//! seconds, to pick up retries and mail queued by other processes), claims a batch,
//! sends it, and records each result.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::Notify;

use super::Mailer;
use crate::db::queries::outbox;
use crate::db::{Db, DbError};
use crate::domain::time;

const BATCH: i64 = 50;
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

    /// Sends one batch; returns how many mails were claimed.
    pub async fn send_due(&self) -> Result<usize, DbError> {
        let now = time::now_utc();
        let batch = self
            .db
            .run({
                let lock = self.lock;
                move |c| outbox::claim_due(c, now, lock, BATCH).map_err(DbError::from)
            })
            .await?;
        let claimed = batch.len();
        let send_timeout = (self.lock / 2).to_std().unwrap_or(Duration::from_secs(10));
        for row in batch {
            let id = row.id;
            let (token, until) = (
                row.lock_token.clone().unwrap_or_default(),
                time::now_utc() + self.lock,
            );
            let held = self
                .db
                .run(move |c| outbox::hold(c, id, &token, until).map_err(DbError::from))
                .await?;
            if !held {
                continue;
            }
            let result =
                match tokio::time::timeout(send_timeout, self.mailer.send(&self.from, &row.mail()))
                    .await
                {
                    Ok(r) => r,
                    Err(_) => Err(format!("no answer within {} s", send_timeout.as_secs())),
                };
            let now = time::now_utc();
            match result {
                Ok(()) => {
                    self.db
                        .run(move |c| outbox::mark_sent(c, id, now).map_err(DbError::from))
                        .await?;
                }
                Err(error) => {
                    let delay = backoff(self.retry_base, row.attempts);
                    tracing::warn!(mail = id, attempt = row.attempts + 1, %error, retry_in_s = delay.num_seconds(), "mail not sent");
                    self.db
                        .run(move |c| {
                            outbox::mark_failed(c, id, now + delay, &error).map_err(DbError::from)
                        })
                        .await?;
                }
            }
        }
        Ok(claimed)
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
