//! Signing in and out, and changing one's password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ConsoleForm, NoFields, render, see_other};
use crate::auth::csrf;
use crate::auth::session::{self, Staff};
use crate::db::queries::{accounts, sessions};
use crate::domain::time;
use crate::error::AppError;
use crate::services::sign_in::{self, AttemptLimit, PasswordField};
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

/// Signs in, by the rules of `services::sign_in`: the same answer whatever went wrong,
/// limited per client address and per account, failures answered slowly.
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
                &form
                    .email
                    .chars()
                    .take(sign_in::MAX_NAME)
                    .collect::<String>(),
                Some(message),
            )
        })
    };
    if csrf::verify(&req, &form.csrf, &state.config.server.base_url).is_err() {
        return again(StatusCode::FORBIDDEN, crate::i18n::VI.csrf_failed);
    }
    let name = match sign_in::account_name(&form.email) {
        Some(n) if form.mat_khau.len() <= sign_in::MAX_PASSWORD => n,
        _ => return again(StatusCode::BAD_REQUEST, c.login_failed),
    };
    let ip = address_key(client_ip(&req, state.config.server.trust_proxy));
    state
        .limits
        .login_ip
        .check(&ip)
        .await
        .map_err(AppError::TooManyRequests)?;
    let device = session::token_in(&req, session::DEVICE_COOKIE);

    let (lookup, device_token) = (name.clone(), device.clone());
    let candidate = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(sign_in::candidate(conn, &lookup, device_token.as_deref())?)
        })
        .await?;
    let limited = match candidate.limit() {
        AttemptLimit::Device => {
            let device = device.as_deref().unwrap_or_default();
            let key = text_key("device", &format!("{name}\n{device}"));
            state.limits.login_device.check(&key).await
        }
        AttemptLimit::AccountFromAddress => {
            let key = text_key("account", &format!("{name}\n{ip}"));
            state.limits.login_account.check(&key).await
        }
    };
    limited.map_err(AppError::TooManyRequests)?;

    let typed = form.mat_khau.clone();
    let account = tokio::task::spawn_blocking(move || candidate.verify(&typed))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let Some(account) = account else {
        tokio::time::sleep(FAILED_SIGN_IN_DELAY).await;
        return again(StatusCode::UNAUTHORIZED, c.login_failed);
    };

    let now = time::now_utc();
    let absolute = chrono::Duration::hours(state.config.console.session_hours);
    let device_token = device.unwrap_or_else(crate::auth::token::new_token);
    let device_raw = device_token.clone();
    let started = state
        .db
        .write_unpublished(move |conn| {
            Ok::<_, AppError>(sign_in::start(conn, &account, &device_raw, absolute, now)?)
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
        .await
        .map_err(AppError::TooManyRequests)?;
    let id = staff.id;
    let account = state
        .db
        .run(move |conn| Ok::<_, AppError>(accounts::by_id(conn, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let (current, new) = (form.cu.clone(), form.moi.clone());
    let checked =
        tokio::task::spawn_blocking(move || sign_in::new_password(&account, &current, &new))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
    let hash = match checked {
        Ok(h) => h,
        Err((field, message)) => {
            let name = match field {
                PasswordField::Current => "cu",
                PasswordField::New => "moi",
            };
            let problem = [(name.to_string(), message)];
            return render(&req, &state, StatusCode::BAD_REQUEST, |csrf| {
                view::password(&Ctx::new(time::now_utc()), &staff, csrf, &problem, false)
            });
        }
    };
    let now = time::now_utc();
    let who = staff.clone();
    state
        .db
        .write_unpublished(move |conn| {
            let (id, session) = (who.id, who.session_id);
            Ok::<_, AppError>(sign_in::set_password(
                conn,
                id,
                session,
                &hash,
                &who.by(),
                now,
            )?)
        })
        .await?;
    Ok(see_other(&crate::paths::with_result(
        crate::paths::console::PASSWORD,
        "da-doi",
        None,
    )))
}
