//! Liveness and readiness for orchestrators and load balancers.

use std::sync::atomic::{AtomicI64, Ordering};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use crate::db::DbError;
use crate::domain::time;
use crate::jobs;
use crate::web::AppState;

/// The process is alive and serving; touches nothing else (not even the compressor:
/// two bytes are not worth it, and this is the ceiling benchmarks compare against).
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header(("content-encoding", "identity"))
        .body("ok")
}

/// Whether writes have been failing for want of space. Set by the first such failure
/// and cleared by the next write that succeeds. Because /readyz then takes the process
/// out of a load balancer, and no write may come to clear it, the state also lapses
/// `FULL_RECHECK_SECS` after the last failure: the balancer sends traffic again, and a
/// disk still full fails the next write and sets it again.
#[derive(Default)]
pub struct StorageWatch {
    /// Unix seconds of the first failure since the last success (0: none).
    first: AtomicI64,
    /// Unix seconds of the latest failure.
    last: AtomicI64,
}

/// How long a refused write keeps the process unready without another one.
pub const FULL_RECHECK_SECS: i64 = 30;

impl StorageWatch {
    pub fn write_refused(&self, now: i64) {
        let last = self.last.swap(now, Ordering::Relaxed);
        if now - last >= FULL_RECHECK_SECS {
            // A new episode: the previous one lapsed (or there was none).
            self.first.store(now, Ordering::Relaxed);
        } else {
            let _ = self
                .first
                .compare_exchange(0, now, Ordering::Relaxed, Ordering::Relaxed);
        }
    }

    pub fn write_succeeded(&self) {
        self.first.store(0, Ordering::Relaxed);
    }

    /// Since when writes have been refused, if they still are as far as we know.
    pub fn full_since(&self, now: i64) -> Option<i64> {
        let first = self.first.load(Ordering::Relaxed);
        let recent = now - self.last.load(Ordering::Relaxed) < FULL_RECHECK_SECS;
        (first > 0 && recent).then_some(first)
    }
}

/// Watches every answer for writes refused for want of space (see `AppError`), so that
/// /readyz can say so, and for writes that succeed again.
pub async fn watch_storage(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let writes = req.method() == actix_web::http::Method::POST;
    let res = next.call(req).await?;
    if let Some(state) = state {
        let full = res
            .response()
            .error()
            .and_then(|e| e.as_error::<crate::error::AppError>())
            .is_some_and(|e| matches!(e, crate::error::AppError::Db(d) if d.is_storage_full()));
        if full {
            state.storage.write_refused(unix_now());
        } else if writes && res.status().as_u16() < 400 {
            state.storage.write_succeeded();
        }
    }
    Ok(res.map_into_left_body())
}

fn unix_now() -> i64 {
    time::now_utc().and_utc().timestamp()
}

/// Free bytes for this process in the directory (None where that cannot be known).
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    #[cfg(unix)]
    {
        rustix::fs::statvfs(dir)
            .ok()
            .map(|s| s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// The portal can serve pages: the database answers, and there is room to write (the
/// data directory has `GOPY_MIN_FREE_MB` free, and no write has just failed for want of
/// space). Also says how far the search index is behind (changes not yet applied, and
/// the age of the oldest): a lagging index does not make the portal unready, but is
/// worth an alert.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db = state
        .db
        .run(|c| {
            c.batch_execute("SELECT 1").map_err(DbError::from)?;
            // The jobs' state includes the search lag: read once.
            let jobs = jobs::status::read(c, time::now_utc())?;
            Ok::<_, DbError>((jobs.search_lag, jobs))
        })
        .await;
    let free = free_bytes(&state.config.server.data_dir);
    let low = free.is_some_and(|f| f < state.config.server.min_free_mb * 1024 * 1024);
    let full_since = state.storage.full_since(unix_now());
    let storage = serde_json::json!({
        "free_bytes": free,
        "state": if full_since.is_some() { "full" } else if low { "low" } else { "ok" },
        "writes_failing_since": full_since.and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(|t| t.to_rfc3339()),
    });
    match db {
        Ok((lag, jobs)) if !low && full_since.is_none() => {
            HttpResponse::Ok().json(serde_json::json!({
                "status": "ready",
                "database": state.db.backend,
                "storage": storage,
                // Dead letters and failing jobs do not make the portal unready; they are
                // worth an alert, and an administrator's look in the console.
                "jobs": {
                    "attention": jobs.needs_attention(),
                    "queues": jobs.queues,
                    "scheduled": jobs.jobs,
                },
                "search": {
                    "backend": state.search.name(),
                    "pending_changes": lag.pending,
                    "lag_seconds": lag.seconds(time::now_utc()),
                    "index": state.search.health(),
                },
            }))
        }
        Ok(_) => {
            tracing::warn!(storage = %storage, "not ready: out of storage space");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({
                "status": "unavailable",
                "database": state.db.backend,
                "storage": storage,
            }))
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({
                "status": "unavailable",
                "database": "unreachable",
                "storage": storage,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_write_makes_storage_full_until_a_write_succeeds_or_it_lapses() {
        let w = StorageWatch::default();
        assert_eq!(w.full_since(1000), None);
        w.write_refused(1000);
        w.write_refused(1010);
        // The first failure is when it began; the last keeps it current.
        assert_eq!(w.full_since(1010 + FULL_RECHECK_SECS - 1), Some(1000));
        assert_eq!(w.full_since(1010 + FULL_RECHECK_SECS), None);
        w.write_refused(2000);
        // A failure after the lapse begins a new episode.
        assert_eq!(w.full_since(2000), Some(2000));
        w.write_succeeded();
        assert_eq!(w.full_since(2001), None);
        w.write_refused(3000);
        assert_eq!(w.full_since(3000), Some(3000));
    }
}
