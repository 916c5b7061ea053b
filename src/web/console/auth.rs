//! Signing in and out, and changing one's password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::Connection;
use serde::Deserialize;

use super::{ConsoleForm, NoFields, entry, render, see_other};
use crate::auth::session::{self, Staff};
use crate::auth::{csrf, password};
use crate::db::queries::{accounts, audit, sessions};
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::accounts as view;
use crate::web::AppState;
use crate::web::ratelimit::{address_key, client_ip, text_key};

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    tiep: Option<String>,
}

/// Where to go after signing in: a console page, never another site, and never a
/// value that would break the Location header (control characters).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with(crate::paths::console::HOME)
                && !n.starts_with("//")
                && !n.contains("://")
                && !n.contains('\\')
                && n.len() <= 2000
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => crate::paths::console::HOME.to_string(),
    }
}

/// The longest account name (an e-mail address) there can be. A longer one is refused
/// before any limiter or database sees it.
const MAX_NAME: usize = 254;

/// A failed sign-in is answered after this: guessing slows down for everyone, and no
/// account is ever locked.
const FAILED_SIGN_IN_DELAY: std::time::Duration = std::time::Duration::from_millis(750);

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
/// exists.
///
/// Limits: per client address; and per account, in a way its owner cannot be locked
/// out by someone who knows the account's name. A browser that has signed in to the
/// account before (its device cookie) has a limit of its own; any other browser shares
/// a limit per account and client address. Failures are answered slowly.
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: crate::web::form::Form<LoginForm>,
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
                &form.email.chars().take(MAX_NAME).collect::<String>(),
                Some(message),
            )
        })
    };
    if csrf::verify(&req, &form.csrf, &state.config.server.base_url).is_err() {
        return again(StatusCode::FORBIDDEN, crate::i18n::VI.csrf_failed);
    }
    let name = form.email.trim().to_lowercase();
    if name.len() > MAX_NAME || form.mat_khau.len() > 1024 {
        return again(StatusCode::BAD_REQUEST, c.login_failed);
    }
    let ip = address_key(client_ip(&req, state.config.server.trust_proxy));
    state
        .limits
        .login_ip
        .check(&ip)
        .map_err(AppError::TooManyRequests)?;
    let device = session::token_in(&req, session::DEVICE_COOKIE);

    let (lookup, device_token) = (name.clone(), device.clone());
    let (account, known) = state
        .db
        .run(move |conn| {
            let account = accounts::by_email(conn, &lookup)?;
            let known = match (&account, &device_token) {
                (Some(a), Some(d)) => sessions::known_device(conn, a.id, d)?,
                _ => false,
            };
            Ok::<_, AppError>((account, known))
        })
        .await?;
    let limited = if known {
        let device = device.as_deref().unwrap_or_default();
        state
            .limits
            .login_device
            .check(&text_key("device", &format!("{name}\n{device}")))
    } else {
        state
            .limits
            .login_account
            .check(&text_key("account", &format!("{name}\n{ip}")))
    };
    limited.map_err(AppError::TooManyRequests)?;

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
        tokio::time::sleep(FAILED_SIGN_IN_DELAY).await;
        return again(StatusCode::UNAUTHORIZED, c.login_failed);
    };

    let now = time::now_utc();
    let absolute = chrono::Duration::hours(state.config.console.session_hours);
    let device_token = device.unwrap_or_else(crate::auth::token::new_token);
    let (id, email, who, device_raw) = (
        account.id,
        account.email.clone(),
        account.clone(),
        device_token.clone(),
    );
    let started = state
        .db
        .write_unpublished(move |conn| {
            conn.transaction(|conn| {
                accounts::logged_in(conn, id, now)?;
                sessions::remember_device(conn, id, &device_raw, now)?;
                let started = sessions::start(conn, &who, absolute, now)?;
                audit::record(
                    conn,
                    &audit::Entry {
                        account_id: Some(id),
                        actor: &email,
                        action: "staff.sign_in",
                        object_type: "account",
                        object_id: Some(id.get()),
                        draft_id: None,
                        before: serde_json::Value::Null,
                        after: serde_json::Value::Null,
                    },
                    now,
                )?;
                Ok::<_, diesel::result::Error>(started)
            })
            .map_err(AppError::from)
        })
        .await?;
    let secure = state.config.is_https();
    let mut resp = see_other(&next);
    resp.add_cookie(&session::session_cookie(started.token, secure))
        .and_then(|_| resp.add_cookie(&session::device_cookie(device_token, secure)))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(resp)
}

/// Signs out: the session ends on the server, so its cookie, wherever a copy of it is,
/// opens nothing any more.
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(_staff, NoFields {}, _): ConsoleForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    if let Some(raw) = session::token_in(&req, session::SESSION_COOKIE) {
        state
            .db
            .write_unpublished(move |c| Ok::<_, AppError>(sessions::end(c, &raw)?))
            .await?;
    }
    let mut resp = see_other(crate::paths::console::SIGN_IN);
    resp.add_cookie(&session::removal_cookie(state.config.is_https()))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(resp)
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
    cu: String,
    #[serde(default)]
    moi: String,
}

/// A new password ends every other session of the account.
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(staff, form, _): ConsoleForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    // The current password is a password guess like any other: limited per account.
    state
        .limits
        .password_check
        .check(&staff.id)
        .map_err(AppError::TooManyRequests)?;
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
    state
        .db
        .write_unpublished(move |conn| {
            conn.transaction(|conn| {
                let epoch = accounts::set_password(conn, who.id, &hash, now)?;
                // Every other session of the account ends; this one goes on.
                sessions::keep_only(conn, who.session_id, who.id, epoch)?;
                audit::record(
                    conn,
                    &entry(
                        &who,
                        "staff.password_change",
                        "account",
                        Some(who.id.get()),
                        None,
                    ),
                    now,
                )
            })
            .map_err(AppError::from)
        })
        .await?;
    Ok(see_other(&crate::paths::with_result(
        crate::paths::console::PASSWORD,
        "da-doi",
        None,
    )))
}
