//! Signing in and out, and changing one's password.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::Connection;
use serde::Deserialize;

use super::{check_csrf, entry, render, see_other};
use crate::app::AppState;
use crate::auth::session::{self, Staff};
use crate::auth::{csrf, password};
use crate::db::queries::{accounts, audit};
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::accounts as view;
use crate::web::ratelimit::client_ip;

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    tiep: Option<String>,
}

fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/quan-tri") && !n.starts_with("//") && !n.contains("://") => {
            n.to_string()
        }
        _ => "/quan-tri".to_string(),
    }
}

pub async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.tiep.as_deref());
    render(&req, &state, StatusCode::OK, |csrf| {
        view::login(&Ctx::new(time::now_utc()), csrf, &next, "", None)
    })
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    mat_khau: String,
    tiep: Option<String>,
}

/// Signs in. Whatever went wrong (no such account, wrong password, deactivated), the
/// answer is the same and takes the same time, so it never tells whether an account
/// exists. Limited per client address and per account name.
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let next = safe_next(form.tiep.as_deref());
    let c = Ctx::new(time::now_utc()).t.console;
    let again = |status: StatusCode, message: &str| {
        render(&req, &state, status, |token| {
            view::login(
                &Ctx::new(time::now_utc()),
                token,
                &next,
                &form.email,
                Some(message),
            )
        })
    };
    if csrf::verify(&req, &form.csrf, &state.config.base_url).is_err() {
        return again(StatusCode::FORBIDDEN, crate::i18n::VI.csrf_failed);
    }
    let ip = client_ip(&req, state.config.trust_proxy);
    let name = form.email.trim().to_lowercase();
    state
        .limits
        .login_ip
        .check(&ip)
        .map_err(AppError::TooManyRequests)?;
    state
        .limits
        .login_account
        .check(&name)
        .map_err(AppError::TooManyRequests)?;

    let lookup = name.clone();
    let account = state
        .db
        .run(move |conn| Ok::<_, AppError>(accounts::by_email(conn, &lookup)?))
        .await?;
    let candidate = form.mat_khau.clone();
    let stored = account
        .as_ref()
        .filter(|a| a.active)
        .map(|a| a.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || match stored {
        Some(hash) => password::verify(&candidate, &hash),
        None => {
            // Same work as a real check, then no.
            password::verify(&candidate, password::decoy_hash());
            false
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let Some(account) = account.filter(|_| ok) else {
        return again(StatusCode::UNAUTHORIZED, c.login_failed);
    };

    let now = time::now_utc();
    let (id, email) = (account.id, account.email.clone());
    state
        .db
        .write_unpublished(move |conn| {
            conn.transaction(|conn| {
                accounts::logged_in(conn, id, now)?;
                audit::record(
                    conn,
                    &audit::Entry {
                        account_id: Some(id),
                        actor: &email,
                        action: "staff.sign_in",
                        object_type: "account",
                        object_id: Some(id),
                        draft_id: None,
                        before: serde_json::Value::Null,
                        after: serde_json::Value::Null,
                    },
                    now,
                )
            })
            .map_err(AppError::from)
        })
        .await?;
    session::sign_in(&session, account.id, account.session_epoch)?;
    Ok(see_other(&next))
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&req, &state, &form.csrf)?;
    session::sign_out(&session);
    Ok(see_other("/quan-tri/dang-nhap"))
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    #[serde(rename = "ket-qua")]
    result: Option<String>,
}

pub async fn password_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
    let done = query.result.as_deref() == Some("da-doi");
    render(&req, &state, StatusCode::OK, |csrf| {
        view::password(&Ctx::new(time::now_utc()), &staff, csrf, &[], done)
    })
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    cu: String,
    #[serde(default)]
    moi: String,
}

/// A new password ends every other session of the account.
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    staff: Staff,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    check_csrf(&req, &state, &form.csrf)?;
    let c = Ctx::new(time::now_utc()).t.console;
    let id = staff.id;
    let account = state
        .db
        .run(move |conn| Ok::<_, AppError>(accounts::by_id(conn, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let (current, new, email) = (form.cu.clone(), form.moi.clone(), staff.email.clone());
    let checked = tokio::task::spawn_blocking(move || {
        if !password::verify(&current, &account.password_hash) {
            return Err(("cu".to_string(), c.password_wrong.to_string()));
        }
        if let Some(w) = password::weakness(&new, &email) {
            return Err(("moi".to_string(), w.to_string()));
        }
        password::hash(&new).map_err(|e| ("moi".to_string(), e))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let hash = match checked {
        Ok(h) => h,
        Err(problem) => {
            return render(&req, &state, StatusCode::BAD_REQUEST, |csrf| {
                view::password(&Ctx::new(time::now_utc()), &staff, csrf, &[problem], false)
            });
        }
    };
    let now = time::now_utc();
    let who = staff.clone();
    let epoch = state
        .db
        .write_unpublished(move |conn| {
            conn.transaction(|conn| {
                let epoch = accounts::set_password(conn, who.id, &hash, now)?;
                audit::record(
                    conn,
                    &entry(&who, "staff.password_change", "account", Some(who.id), None),
                    now,
                )?;
                Ok::<_, diesel::result::Error>(epoch)
            })
            .map_err(AppError::from)
        })
        .await?;
    session::refresh_epoch(&session, epoch)?;
    Ok(see_other("/quan-tri/mat-khau?ket-qua=da-doi"))
}
