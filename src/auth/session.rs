//! The signed-in staff member. Sessions live in an encrypted cookie (actix-session's
//! cookie store: HttpOnly, SameSite=Lax, Secure when the site is https) scoped to the
//! console; the cookie holds the account id and the account's session epoch, and every
//! request checks both against the database, so a password change or a deactivation
//! ends every session at once.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::policy::{self, Action, Actor};
use crate::app::AppState;
use crate::db::queries::accounts;
use crate::domain::staff::Role;
use crate::error::AppError;
use crate::i18n::VI;

const ACCOUNT: &str = "tai_khoan";
const EPOCH: &str = "phien";

/// A staff member signed in to the console.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub agency_id: Option<i64>,
}

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

/// Starts a session for `account` after a successful sign-in: a fresh session id, so a
/// session fixed before sign-in is worthless.
pub fn sign_in(session: &Session, account_id: i64, epoch: i32) -> Result<(), AppError> {
    session.renew();
    session
        .insert(ACCOUNT, account_id)
        .and_then(|_| session.insert(EPOCH, epoch))
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Keeps the current session valid after its own password change moved the epoch on.
pub fn refresh_epoch(session: &Session, epoch: i32) -> Result<(), AppError> {
    session.renew();
    session
        .insert(EPOCH, epoch)
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub fn sign_out(session: &Session) {
    session.purge();
}

impl FromRequest for Staff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = req.get_session();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let next = req
            .uri()
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default();
        Box::pin(async move {
            let login = || AppError::LoginRequired(next.clone());
            let state = state.ok_or_else(|| AppError::Internal("no application state".into()))?;
            let id: Option<i64> = session.get(ACCOUNT).unwrap_or(None);
            let epoch: Option<i32> = session.get(EPOCH).unwrap_or(None);
            let (Some(id), Some(epoch)) = (id, epoch) else {
                return Err(login());
            };
            let account = state
                .db
                .run(move |c| Ok::<_, AppError>(accounts::by_id(c, id)?))
                .await?;
            match account {
                Some(a) if a.active && a.session_epoch == epoch => Ok(Staff {
                    id: a.id,
                    role: Role::parse(&a.role).unwrap_or(Role::Organiser),
                    email: a.email,
                    name: a.name,
                    agency_id: a.agency_id,
                }),
                _ => {
                    session.purge();
                    Err(login())
                }
            }
        })
    }
}
