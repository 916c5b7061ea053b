//! The signed-in staff member. A session is a row on the server (see
//! `db::queries::sessions`); the browser holds a random token in an HttpOnly cookie
//! scoped to the console, Secure when the site is https. Every request looks the
//! session up: signing out deletes it, so a copied cookie is worthless afterwards; the
//! idle and absolute timeouts are the server's (GOPY_SESSION_IDLE_MINUTES,
//! GOPY_SESSION_HOURS); a password change or a deactivation ends every older session;
//! and every replica sees the same sessions.
//!
//! Each session carries its own CSRF token, made at sign-in: console forms carry it,
//! and a form is accepted only with its own session's token.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use chrono::Duration;

use crate::auth::policy::Action;
use crate::auth::session::{SESSION_COOKIE, SessionCsrf, Staff, token_in};
use crate::db::queries::sessions;
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::web::AppState;

/// A session's last use is written at most this often (the idle timeout is counted in
/// minutes; a write per request would be a write per page view).
const TOUCH_EVERY_SECONDS: i64 = 60;

impl Staff {
    /// Ok when allowed. Refused: 404 for a draft of another agency (its existence is
    /// not theirs to know), 403 for anything else.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.can(action) {
            return Ok(());
        }
        if let Action::SeeDraft { .. } | Action::ActForOrganisation { .. } = action {
            return Err(AppError::NotFound);
        }
        // Seeing the draft but not allowed this: say so plainly.
        Err(AppError::refused(
            actix_web::http::StatusCode::FORBIDDEN,
            VI.not_allowed,
        ))
    }
}

impl FromRequest for Staff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let next = req
                .uri()
                .path_and_query()
                .map(|p| p.to_string())
                .unwrap_or_default();
            let login = || AppError::LoginRequired(next.clone());
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::Internal("no application state".into()))?;
            let Some(raw) = token_in(&req, SESSION_COOKIE) else {
                return Err(login());
            };
            let now = time::now_utc();
            let idle = Duration::minutes(state.config.console.session_idle_minutes);
            let live = state
                .db
                .run(move |c| Ok::<_, AppError>(sessions::live(c, &raw, idle, now)?))
                .await?
                .ok_or_else(login)?;
            if (now - live.last_seen_at).num_seconds() >= TOUCH_EVERY_SECONDS {
                let id = live.id;
                state
                    .db
                    .write_unpublished(move |c| Ok::<_, AppError>(sessions::touch(c, id, now)?))
                    .await?;
            }
            req.extensions_mut().insert(SessionCsrf(live.csrf_token));
            let a = live.account;
            Ok(Staff {
                id: a.id,
                // A stored role this version does not know fails the query (see
                // domain::text_enum): never a role to guess.
                role: a.role,
                email: a.email,
                name: a.name,
                agency_id: a.agency_id,
                organisation_id: a.organisation_id,
                session_id: live.id,
            })
        })
    }
}
