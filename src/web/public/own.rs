//! A commenter's own pages, reached only through links given to them (see
//! `views::own`): the receipt and its "send the mail again", confirming, the private
//! page and withdrawing, and the form that mails lost links again. Every one of these
//! routes is limited per client address, and the mails per address too.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use serde::Deserialize;

use crate::auth::csrf;
use crate::auth::token;
use crate::db::queries::comments::{self as q, Confirmed, OwnComment, Pending, Resent, Withdrawn};
use crate::domain::comment::{Email, parse_tracking_number, tracking_number};
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::mail::templates;
use crate::views::own as view;
use crate::web::AppState;
use crate::web::form::{CsrfChecked, NoFields};
use crate::web::ratelimit::{PerAddress, per_address, text_key};
use crate::web::{POST, READ_POST, html, not_allowed, page, page_and_form, read};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Pages keyed by a 256-bit token cannot be guessed; what sends mail or uses a
    // confirmation link is limited per client address.
    let limited = |path: &str, which: PerAddress| {
        web::resource(path.to_string())
            .app_data(crate::web::form_limit(crate::web::SMALL_FORM))
            .wrap(from_fn(move |req, next| per_address(which, req, next)))
    };
    cfg.service(page("/y-kien/da-gui/{token}", receipt))
        .service(
            limited("/y-kien/da-gui/{token}/gui-lai", PerAddress::MailAgain)
                .route(web::post().to(resend))
                .default_service(not_allowed(POST)),
        )
        .service(
            limited("/y-kien/xac-nhan/{token}", PerAddress::Confirm)
                .route(read().to(confirm_form))
                .route(web::post().to(confirm))
                .default_service(not_allowed(READ_POST)),
        )
        .service(page("/y-kien/cua-toi/{token}", own))
        .service(
            page_and_form("/y-kien/cua-toi/{token}/rut", withdraw_form, withdraw)
                .app_data(crate::web::form_limit(crate::web::SMALL_FORM)),
        )
        .service(
            web::resource("/y-kien/cua-toi/{token}/an-ten")
                .app_data(crate::web::form_limit(crate::web::SMALL_FORM))
                .route(web::post().to(hide_name))
                .default_service(not_allowed(POST)),
        )
        .service(
            web::resource("/y-kien/cua-toi/{token}/xoa-danh-tinh")
                .app_data(crate::web::form_limit(crate::web::SMALL_FORM))
                .route(web::post().to(erase_identity))
                .default_service(not_allowed(POST)),
        )
        .service(
            limited("/y-kien/tim-lai", PerAddress::MailAgain)
                .route(read().to(lost_form))
                .route(web::post().to(lost))
                .default_service(not_allowed(READ_POST)),
        );
}

/// A private page: never stored by a cache, and its address never sent on as a referrer.
fn private(
    mut resp: HttpResponse,
    cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> Result<HttpResponse, AppError> {
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if let Some(c) = cookie {
        resp.add_cookie(&c)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(resp)
}

fn token_hash(raw: &str, unknown: &'static str) -> Result<String, AppError> {
    if token::looks_like_token(raw) {
        Ok(token::hash(raw))
    } else {
        Err(AppError::refused(StatusCode::NOT_FOUND, unknown))
    }
}

async fn own_comment(state: &AppState, raw: &str) -> Result<OwnComment, AppError> {
    let hash = token_hash(raw, VI.own_unknown)?;
    state
        .db
        .run(move |c| Ok::<_, AppError>(q::own(c, &hash)?))
        .await?
        .ok_or_else(|| AppError::refused(StatusCode::NOT_FOUND, VI.own_unknown))
}

#[derive(Debug, Deserialize)]
pub struct ResultQuery {
    #[serde(rename = "ket-qua")]
    result: Option<String>,
}

/// The receipt, for the browser that sent the comment (its address has the private
/// token in it): what was received, where the mail went, and the mail again.
pub async fn receipt(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let comment = own_comment(&state, &raw).await?;
    let message = match query.result.as_deref() {
        Some("da-gui-lai") => Some(VI.own.resend_done),
        Some("da-xac-nhan") => Some(VI.own.resend_not_needed),
        _ => None,
    };
    let (csrf, cookie) = csrf::token_for(&req, state.config.is_https());
    let markup = view::receipt(
        &state.ctx(time::now_utc()),
        &view::Receipt {
            comment: &comment,
            own_url: &crate::paths::public::own(&raw),
            resend_url: &crate::paths::public::resend(&raw),
            csrf: &csrf,
            confirm_hours: state.config.comments.confirm_hours,
            message,
        },
    );
    private(html(markup), cookie)
}

/// The confirmation mail again, with a new link (the old one stops working). Limited
/// per client address (the route) and per mail address, as submissions are.
pub async fn resend(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfChecked(NoFields {}): CsrfChecked<NoFields>,
) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let hash = token_hash(&raw, VI.own_unknown)?;
    let comment = own_comment(&state, &raw).await?;
    if let Some(address) = comment.email.as_deref().and_then(|a| Email::parse(a).ok())
        && let Err(wait) = state
            .limits
            .submit_email
            .check(&text_key("mail", &address.limiter_key()))
            .await
    {
        return Err(AppError::TooManyRequests(wait));
    }
    let now = time::now_utc();
    let base = state.config.server.base_url.clone();
    let confirm_for = Duration::hours(state.config.comments.confirm_hours);
    let status_url = crate::paths::absolute(&base, &crate::paths::public::own(&raw));
    let outcome = state
        .db
        .write_unpublished(move |c| {
            Ok::<_, AppError>(q::resend_confirmation(
                c,
                &hash,
                confirm_for,
                now,
                |own, token, expires| {
                    templates::confirmation(&templates::Confirmation {
                        to: own.email.as_deref().unwrap_or_default(),
                        tracking_number: &tracking_number(own.id, own.created_at),
                        draft_title: &own.draft.title,
                        section: own.section_label.as_deref(),
                        confirm_url: &crate::paths::absolute(
                            &base,
                            &crate::paths::public::confirm(token),
                        ),
                        status_url: &status_url,
                        expires: &time::date_time(expires),
                        body: &own.body,
                    })
                },
            )?)
        })
        .await?;
    let result = match outcome {
        Resent::Queued => {
            state.mail_wakeup.notify_one();
            "da-gui-lai"
        }
        Resent::NotNeeded => "da-xac-nhan",
        Resent::Unknown => return Err(AppError::refused(StatusCode::NOT_FOUND, VI.own_unknown)),
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("{}?ket-qua={result}", crate::paths::public::sent(&raw)),
        ))
        .finish())
}

/// The page a confirmation link opens: a button to confirm. A link used before says so
/// (200): the comment counts, nothing is wrong.
pub async fn confirm_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let hash = token_hash(&raw, VI.confirm_unknown)?;
    let now = time::now_utc();
    let pending = state
        .db
        .run(move |c| Ok::<_, AppError>(q::pending(c, &hash, now)?))
        .await?;
    let ctx = state.ctx(now);
    match pending {
        Pending::Waiting {
            id,
            created_at,
            draft,
        } => {
            let (csrf, cookie) = csrf::token_for(&req, state.config.is_https());
            let markup = view::confirm_page(
                &ctx,
                &tracking_number(id, created_at),
                &draft,
                &csrf,
                &crate::paths::public::confirm(&raw),
            );
            private(html(markup), cookie)
        }
        Pending::Confirmed {
            id,
            created_at,
            draft,
        } => private(
            html(view::confirmed_page(
                &ctx,
                &tracking_number(id, created_at),
                &draft,
                false,
                true,
            )),
            None,
        ),
        Pending::Expired => Err(AppError::refused(
            StatusCode::GONE,
            VI.confirm_expired(state.config.comments.confirm_hours),
        )),
        Pending::Unknown => Err(AppError::refused(StatusCode::NOT_FOUND, VI.confirm_unknown)),
    }
}

/// Uses a confirmation link: the comment now counts (and is published at once when the
/// portal is set to publish without moderation).
pub async fn confirm(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfChecked(NoFields {}): CsrfChecked<NoFields>,
) -> Result<HttpResponse, AppError> {
    let hash = token_hash(&path.into_inner(), VI.confirm_unknown)?;
    let now = time::now_utc();
    let publish = state.config.comments.publish_on_confirm;
    let run = move |c: &mut crate::db::DbConnection| {
        Ok::<_, AppError>(q::confirm(c, &hash, now, publish)?)
    };
    // A confirmation may publish (per setting or per draft): caches look again.
    let outcome = state.db.write(run).await?;
    let (id, created_at, published, before) = match outcome {
        Confirmed::Done {
            id,
            created_at,
            published,
        } => (id, created_at, published, false),
        Confirmed::Already { id, created_at } => (id, created_at, false, true),
        Confirmed::Expired => {
            return Err(AppError::refused(
                StatusCode::GONE,
                VI.confirm_expired(state.config.comments.confirm_hours),
            ));
        }
        Confirmed::Unknown => {
            return Err(AppError::refused(StatusCode::NOT_FOUND, VI.confirm_unknown));
        }
    };
    let info = state
        .db
        .run(move |c| Ok::<_, AppError>(q::receipt(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    private(
        html(view::confirmed_page(
            &state.ctx(now),
            &tracking_number(id, created_at),
            &info.draft,
            published,
            before,
        )),
        None,
    )
}

/// The author's private page of their comment.
pub async fn own(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let comment = own_comment(&state, &raw).await?;
    let message = match query.result.as_deref() {
        Some("da-rut") => Some(VI.withdraw_done),
        Some("rut-truoc-do") => Some(VI.withdraw_already),
        Some("da-an-ten") => Some(VI.own.name_hidden),
        Some("da-xoa-danh-tinh") => Some(VI.own.identity_erased),
        _ => None,
    };
    let (csrf, cookie) = csrf::token_for(&req, state.config.is_https());
    let markup = view::own_page(
        &state.ctx(time::now_utc()),
        &comment,
        &view::OwnActions {
            withdraw: &crate::paths::public::withdraw(&raw),
            hide_name: &format!("{}/an-ten", crate::paths::public::own(&raw)),
            erase: &format!("{}/xoa-danh-tinh", crate::paths::public::own(&raw)),
            csrf: &csrf,
        },
        message,
    );
    private(html(markup), cookie)
}

/// The author takes back the consent to publish their name (Law 91/2025/QH15).
pub async fn hide_name(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfChecked(NoFields {}): CsrfChecked<NoFields>,
) -> Result<HttpResponse, AppError> {
    change_identity(state, path.into_inner(), false).await
}

/// The author erases their identity; the text stays as an anonymous opinion.
pub async fn erase_identity(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfChecked(NoFields {}): CsrfChecked<NoFields>,
) -> Result<HttpResponse, AppError> {
    change_identity(state, path.into_inner(), true).await
}

async fn change_identity(
    state: web::Data<AppState>,
    raw: String,
    erase: bool,
) -> Result<HttpResponse, AppError> {
    let hash = token_hash(&raw, VI.own_unknown)?;
    let now = time::now_utc();
    let outcome = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(if erase {
                q::erase_identity(c, &hash, now)?
            } else {
                q::hide_name(c, &hash, now)?
            })
        })
        .await?;
    if outcome == q::IdentityChange::Unknown {
        return Err(AppError::refused(StatusCode::NOT_FOUND, VI.own_unknown));
    }
    let result = if erase {
        "da-xoa-danh-tinh"
    } else {
        "da-an-ten"
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("{}?ket-qua={result}", crate::paths::public::own(&raw)),
        ))
        .finish())
}

/// Withdrawing asks first.
pub async fn withdraw_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let comment = own_comment(&state, &raw).await?;
    let (csrf, cookie) = csrf::token_for(&req, state.config.is_https());
    let markup = view::withdraw_confirm(
        &state.ctx(time::now_utc()),
        &comment,
        &csrf,
        &crate::paths::public::withdraw(&raw),
        &crate::paths::public::own(&raw),
    );
    private(html(markup), cookie)
}

/// The author withdraws their comment, which erases its text and their personal data.
pub async fn withdraw(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfChecked(NoFields {}): CsrfChecked<NoFields>,
) -> Result<HttpResponse, AppError> {
    let raw = path.into_inner();
    let hash = token_hash(&raw, VI.own_unknown)?;
    let now = time::now_utc();
    let outcome = state
        .db
        .write(move |c| Ok::<_, AppError>(q::withdraw(c, &hash, now)?))
        .await?;
    let result = match outcome {
        Withdrawn::Done => "da-rut",
        Withdrawn::AlreadyWithdrawn => "rut-truoc-do",
        Withdrawn::PeriodClosed => {
            return Err(AppError::refused(StatusCode::CONFLICT, VI.withdraw_closed));
        }
        Withdrawn::Unknown => return Err(AppError::refused(StatusCode::NOT_FOUND, VI.own_unknown)),
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((
            header::LOCATION,
            format!("{}?ket-qua={result}", crate::paths::public::own(&raw)),
        ))
        .finish())
}

#[derive(Debug, Deserialize)]
pub struct LostQuery {
    #[serde(rename = "ma-so")]
    tracking: Option<String>,
}

/// The form that mails a comment's private links again.
pub async fn lost_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<LostQuery>,
) -> Result<HttpResponse, AppError> {
    let form = view::LostForm {
        tracking: query
            .tracking
            .as_deref()
            .filter(|t| parse_tracking_number(t).is_some())
            .unwrap_or_default()
            .to_string(),
        ..view::LostForm::default()
    };
    let (csrf, cookie) = csrf::token_for(&req, state.config.is_https());
    private(
        html(view::lost_form(&state.ctx(time::now_utc()), &form, &csrf)),
        cookie,
    )
}

#[derive(Debug, Deserialize)]
pub struct LostFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    ma_so: String,
}

/// Mails new private links when the address and the tracking number match a comment.
/// The answer is the same whether they match or not, so that the form tells nobody
/// which addresses commented; the mail goes only to the address on record.
pub async fn lost(
    req: HttpRequest,
    state: web::Data<AppState>,
    CsrfChecked(form): CsrfChecked<LostFields>,
) -> Result<HttpResponse, AppError> {
    let email = Email::parse(&form.email).ok();
    let tracking = parse_tracking_number(&form.ma_so);
    let (Some(email), Some((_, id))) = (email.clone(), tracking) else {
        let f = view::LostForm {
            email: form.email.chars().take(254).collect(),
            tracking: form.ma_so.chars().take(30).collect(),
            email_error: email.is_none(),
            tracking_error: tracking.is_none(),
        };
        let (csrf, cookie) = csrf::token_for(&req, state.config.is_https());
        let mut resp = html(view::lost_form(&state.ctx(time::now_utc()), &f, &csrf));
        *resp.status_mut() = StatusCode::BAD_REQUEST;
        return private(resp, cookie);
    };
    // Counted whether or not the address has a comment, like every mail to it.
    if let Err(wait) = state
        .limits
        .submit_email
        .check(&text_key("mail", &email.limiter_key()))
        .await
    {
        return Err(AppError::TooManyRequests(wait));
    }
    let now = time::now_utc();
    let base = state.config.server.base_url.clone();
    let confirm_for = Duration::hours(state.config.comments.confirm_hours);
    let sent = state
        .db
        .write_unpublished(move |c| {
            Ok::<_, AppError>(q::reissue_links(
                c,
                id,
                email.as_str(),
                confirm_for,
                now,
                |own, status, confirm| {
                    let confirm_url = confirm.map(|(t, _)| {
                        crate::paths::absolute(&base, &crate::paths::public::confirm(t))
                    });
                    let expires = confirm.map(|(_, e)| time::date_time(e));
                    templates::links(&templates::Links {
                        to: own.email.as_deref().unwrap_or_default(),
                        tracking: &tracking_number(own.id, own.created_at),
                        draft_title: &own.draft.title,
                        status_url: &crate::paths::absolute(
                            &base,
                            &crate::paths::public::own(status),
                        ),
                        confirm: confirm_url.as_deref().zip(expires.as_deref()),
                    })
                },
            )?)
        })
        .await?;
    if sent {
        state.mail_wakeup.notify_one();
    }
    private(html(view::lost_done(&state.ctx(now))), None)
}
