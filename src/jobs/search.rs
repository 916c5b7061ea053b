//! The search queue: applies the rows of the search outbox to the search backend in
//! batches, on the job runner.
//!
//! One process at a time works the queue: each batch is done under the `search-index`
//! job's lease. Rows name things, not documents, and documents are built from the
//! database when the batch runs; two processes applying batches side by side could
//! write an older document after a newer one, so they take turns instead. The lease
//! lasts `LEASE`, far longer than a batch, and is given back after each.

use std::collections::BTreeSet;

use diesel::Connection;

use super::{JobError, Queue, Retry};
use crate::db::queries::{jobs, search_outbox as rows};
use crate::db::{Db, DbError};
use crate::domain::time;
use crate::search::Search;
use crate::search::outbox::{Entity, changes_for};

pub const JOB: &str = "search-index";
const BATCH: i64 = 500;
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
const RETRY_BASE: chrono::Duration = chrono::Duration::seconds(1);
const RETRY_MAX: chrono::Duration = chrono::Duration::minutes(5);
/// Attempts before a row becomes a dead letter: with the waits above, about two hours
/// of a backend that refuses it. A reindex rebuilds everything regardless.
pub const MAX_ATTEMPTS: i32 = 30;

pub struct SearchQueue {
    pub db: Db,
    pub search: Search,
}

impl SearchQueue {
    /// Runs for the life of the process: prepares Meilisearch's index first (its
    /// settings, and a fill if it is new), then works the queue.
    pub async fn run(self) {
        tracing::info!(backend = self.search.name(), "search index queue starting");
        if let Search::Meili(m) = &self.search {
            crate::search::outbox::prepare_meili(&self.db, &self.search, m).await;
        }
        super::run_queue(self).await
    }

    /// Applies one batch of due rows under the queue's lease; returns how many rows it
    /// took (0 when nothing is due or another process is working the queue).
    pub async fn apply_due(&self) -> Result<usize, JobError> {
        let now = time::now_utc();
        let waiting = self
            .db
            .run(move |c| rows::due(c, now, 1).map_err(DbError::from))
            .await?;
        if waiting.is_empty() {
            return Ok(0);
        }
        let token = crate::auth::token::new_token();
        let t = token.clone();
        let leased = self
            .db
            .write_unpublished(move |c| {
                jobs::ensure(c, JOB)?;
                jobs::take_lease(c, JOB, &t, now, now + LEASE).map_err(DbError::from)
            })
            .await?;
        if !leased {
            return Ok(0);
        }
        let result = self.apply_batch().await;
        let ok = result.as_ref().is_ok_and(|n| *n > 0);
        self.db
            .write_unpublished(move |c| {
                jobs::release_lease(c, JOB, &token, ok.then(time::now_utc)).map_err(DbError::from)
            })
            .await?;
        result
    }

    async fn apply_batch(&self) -> Result<usize, JobError> {
        let now = time::now_utc();
        let due = self
            .db
            .run(move |c| rows::due(c, now, BATCH).map_err(DbError::from))
            .await?;
        if due.is_empty() {
            return Ok(0);
        }
        let things: BTreeSet<(Entity, i64)> = due.iter().map(|r| (r.entity, r.entity_id)).collect();
        let changes = self
            .db
            .run(move |c| {
                c.transaction(|c| changes_for(c, &things))
                    .map_err(DbError::from)
            })
            .await?;
        let ids: Vec<i64> = due.iter().map(|r| r.id).collect();
        match self.search.apply(changes).await {
            Ok(()) => {
                self.db
                    .write_unpublished(move |c| {
                        rows::mark_done(c, &ids, time::now_utc()).map_err(DbError::from)
                    })
                    .await?;
                Ok(due.len())
            }
            Err(e) => {
                // The batch shares one fate: one wait for all, from the most tried row.
                let attempts = due.iter().map(|r| r.attempts).max().unwrap_or(0) + 1;
                let now = time::now_utc();
                let retry_at = match Retry::after(
                    attempts,
                    MAX_ATTEMPTS,
                    now,
                    RETRY_BASE,
                    RETRY_MAX,
                ) {
                    Retry::At(at) => Some(at),
                    Retry::GiveUp => {
                        tracing::error!(rows = ids.len(), error = %e, "search changes given up after their last attempt; an administrator can queue them again from the console");
                        None
                    }
                };
                let error = e.to_string();
                let recorded = error.clone();
                self.db
                    .write_unpublished(move |c| {
                        rows::mark_failed(c, &ids, retry_at, &recorded, now).map_err(DbError::from)
                    })
                    .await?;
                Err(JobError::Failed(error))
            }
        }
    }
}

impl Queue for SearchQueue {
    fn name(&self) -> &'static str {
        "search-index"
    }

    async fn work(&self) -> Result<usize, JobError> {
        self.apply_due().await
    }

    async fn woken(&self) {
        self.db.published_change().await
    }
}
