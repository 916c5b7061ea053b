//! Liveness and readiness for orchestrators and load balancers.

use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use crate::app::AppState;
use crate::db::DbError;
use crate::domain::time;
use crate::search::outbox;

/// The process is alive and serving; touches nothing else (not even the compressor:
/// two bytes are not worth it, and this is the ceiling benchmarks compare against).
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header(("content-encoding", "identity"))
        .body("ok")
}

/// The portal can serve pages: the database answers. Also says how far the search
/// index is behind (changes not yet applied, and the age of the oldest): a lagging
/// index does not make the portal unready, but is worth an alert.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db = state
        .db
        .run(|c| {
            {
                c.batch_execute("SELECT 1")?;
                outbox::lag(c)
            }
            .map_err(DbError::from)
        })
        .await;
    match db {
        Ok(lag) => HttpResponse::Ok().json(serde_json::json!({
            "status": "ready",
            "database": state.db.backend,
            "search": {
                "backend": state.search.name(),
                "pending_changes": lag.pending,
                "lag_seconds": lag.seconds(time::now_utc()),
                "index": state.search.health(),
            },
        })),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({
                "status": "unavailable",
                "database": "unreachable",
            }))
        }
    }
}
