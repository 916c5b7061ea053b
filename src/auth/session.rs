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

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use chrono::Duration;

use super::policy::{self, Action, Actor};
use crate::app::AppState;
use crate::db::queries::sessions;
use crate::domain::staff::Role;
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;

/// The session's token.
pub const SESSION_COOKIE: &str = "gopy_phien";
/// A token that marks a browser that has signed in before (see `sessions::known_device`).
pub const DEVICE_COOKIE: &str = "gopy_thiet_bi";
/// A session's last use is written at most this often (the idle timeout is counted in
/// minutes; a write per request would be a write per page view).
const TOUCH_EVERY_SECONDS: i64 = 60;

/// A staff member signed in to the console.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    /// The session this request belongs to.
    pub session_id: i64,
}

/// The CSRF token of the request's session, for the forms a console page renders and
/// for the check of a form sent back.
#[derive(Debug, Clone)]
pub struct SessionCsrf(pub String);

impl Staff {
    pub fn actor(&self) -> Actor {
        Actor {
            role: self.role,
            agency_id: self.agency_id,
        }
    }

    pub fn can(&self, action: Action) -> bool {
        policy::allows(self.actor(), action)
    }

    /// Ok when allowed. Refused: 404 for a draft of another agency (its existence is
    /// not theirs to know), 403 for anything else.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.can(action) {
            return Ok(());
        }
        if let Action::SeeDraft { .. } = action {
            return Err(AppError::NotFound);
        }
        // Seeing the draft but not allowed this: say so plainly.
        Err(AppError::refused(
            actix_web::http::StatusCode::FORBIDDEN,
            VI.not_allowed,
        ))
    }
}

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/quan-tri")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// The cookie of a new session (a browser-session cookie: the server decides when the
/// session ends, and the browser forgets it when it closes).
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    cookie(SESSION_COOKIE, token, secure)
}

/// The cookie that tells this browser apart at the next sign-in, for a year.
pub fn device_cookie(token: String, secure: bool) -> Cookie<'static> {
    let mut c = cookie(DEVICE_COOKIE, token, secure);
    c.set_max_age(actix_web::cookie::time::Duration::days(365));
    c
}

/// The cookie that removes the session's from the browser.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut c = cookie(SESSION_COOKIE, String::new(), secure);
    c.make_removal();
    c
}

/// The raw token of a cookie, when it has the shape of one.
pub fn token_in(req: &HttpRequest, name: &str) -> Option<String> {
    req.cookie(name)
        .map(|c| c.value().to_string())
        .filter(|v| super::token::looks_like_token(v))
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
            let idle = Duration::minutes(state.config.session_idle_minutes);
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
                role: Role::parse(&a.role).unwrap_or(Role::Organiser),
                email: a.email,
                name: a.name,
                agency_id: a.agency_id,
                session_id: live.id,
            })
        })
    }
}
