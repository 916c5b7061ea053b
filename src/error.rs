//! One error type for requests, its HTTP status and its page in Vietnamese.
//!
//! Use `NotFound` when the thing asked for does not exist or is not public (the two are
//! not told apart), `BadRequest` with a message the user can act on, and let database,
//! pool and task failures convert with `?`: they become a 500 or 503 page and are logged,
//! never shown.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;
use crate::domain::time;
use crate::views::{Ctx, errors};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A refusal with its own status (403, 409, 410, 413 …) and a message for the user.
    #[error("refused ({status}): {message}")]
    Refused { status: StatusCode, message: String },
    #[error("too many requests; retry in {0:?}")]
    TooManyRequests(std::time::Duration),
    /// A console page asked for without a session: sign in, then come back to it.
    #[error("sign-in required")]
    LoginRequired(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(message.into())
    }

    pub fn refused(status: StatusCode, message: impl Into<String>) -> Self {
        Self::Refused {
            status,
            message: message.into(),
        }
    }
}

/// 429 with Retry-After in whole seconds (rounded up) and a page that says when.
pub fn too_many_requests(wait: std::time::Duration) -> HttpResponse {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let secs = secs.max(1);
    let ctx = Ctx::new(time::now_utc());
    let t = ctx.t;
    let markup = errors::render(&ctx, t.too_many_title, &t.too_many_text(secs));
    HttpResponse::TooManyRequests()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .insert_header((header::RETRY_AFTER, secs.to_string()))
        .body(markup.into_string())
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Db(DbError::Query(e))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Refused { status, .. } => *status,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::LoginRequired(_) => StatusCode::SEE_OTHER,
            // No connection within the pool's timeout: the database is down or
            // overloaded; tell clients to come back rather than report a bug.
            Self::Db(DbError::Pool(_)) => StatusCode::SERVICE_UNAVAILABLE,
            // Out of space: unavailable until an operator makes room, and nothing
            // already stored is lost.
            Self::Db(e) if e.is_storage_full() => StatusCode::SERVICE_UNAVAILABLE,
            Self::Db(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if matches!(self, Self::Db(e) if e.is_storage_full()) {
            tracing::error!(error = %self, "out of storage space: writes are refused until there is room");
        } else if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        match self {
            Self::BadRequest(m) | Self::Refused { message: m, .. } => error_page(status, Some(m)),
            Self::TooManyRequests(wait) => too_many_requests(*wait),
            Self::LoginRequired(next) => {
                // Only ever back into the console, never to another site.
                let next = if next.starts_with(crate::paths::console::HOME)
                    && !next.starts_with(crate::paths::console::SIGN_IN)
                {
                    next.as_str()
                } else {
                    crate::paths::console::HOME
                };
                let query = serde_urlencoded::to_string([("tiep", next)]).unwrap_or_default();
                HttpResponse::SeeOther()
                    .insert_header((
                        header::LOCATION,
                        format!("{}?{query}", crate::paths::console::SIGN_IN),
                    ))
                    .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
                    .finish()
            }
            _ => error_page(status, None),
        }
    }
}

/// What an error says to the user: its own message, or its status's.
pub fn message_of(e: &AppError) -> String {
    let t = &crate::i18n::VI;
    match e {
        AppError::BadRequest(m) | AppError::Refused { message: m, .. } => m.clone(),
        AppError::TooManyRequests(wait) => {
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            t.too_many_text(secs.max(1))
        }
        other => t.status_text(other.status_code()).1.to_string(),
    }
}

/// The page for an error status, with an optional message for the user.
pub fn error_page(status: StatusCode, message: Option<&str>) -> HttpResponse {
    let ctx = Ctx::new(time::now_utc());
    let t = ctx.t;
    let (title, text) = t.status_text(status);
    let markup = errors::render(&ctx, title, message.unwrap_or(text));
    let mut resp = HttpResponse::build(status);
    resp.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    ))
    .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        resp.insert_header((header::RETRY_AFTER, HeaderValue::from_static("30")));
    }
    resp.body(markup.into_string())
}
