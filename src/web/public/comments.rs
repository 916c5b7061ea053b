//! Commenting: the form, submitting, the receipt, confirming by e-mail, the author's own
//! page (with withdrawal), the published comments of a draft, and the privacy notice.

use crate::domain::ids::*;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::params::{is_slug, page_number};
use crate::auth::csrf::{self, CsrfFailure};
use crate::db::queries::comments::{self as q, CommentTarget, Scope, Stored, Target};
use crate::db::queries::reference;
use crate::domain::comment::{CommentForm, CommentRules, Problem, tracking_number};
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::services::comments::{self as services, Checked, Submission, SubmitRules, Submitted};
use crate::views::comments as view;
use crate::web::AppState;
use crate::web::ratelimit::{PerAddress, per_address, text_key};
use crate::web::{READ_POST, html, not_allowed, page, read, rendered};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/du-thao/{slug}/gop-y")
            .wrap(from_fn(|req, next| {
                per_address(PerAddress::Submit, req, next)
            }))
            .route(read().to(form))
            .route(web::post().to(submit))
            .default_service(not_allowed(READ_POST)),
    )
    .service(page("/du-thao/{slug}/y-kien", list))
    .service(page("/du-thao/{slug}/y-kien/{id}", one))
    .configure(super::own::routes)
    .service(page("/quyen-rieng-tu", privacy));
}

#[derive(Debug, Deserialize)]
pub struct SectionQuery {
    muc: Option<String>,
    trang: Option<String>,
}

/// The anchor asked for, if any; a malformed one is an unknown section.
fn anchor(raw: Option<&str>) -> Result<Option<String>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(a) if is_slug(a) => Ok(Some(a.to_string())),
        Some(_) => Err(AppError::refused(StatusCode::NOT_FOUND, VI.unknown_section)),
    }
}

fn rules(state: &AppState) -> CommentRules {
    CommentRules {
        min_chars: state.config.comments.comment_min_chars,
        max_chars: state.config.comments.comment_max_chars,
    }
}

/// The comment form, opened at a section (?muc=dieu-5-khoan-2) or for the whole draft.
pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<SectionQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let anchor = anchor(query.muc.as_deref())?;
    let target = state
        .db
        .run(move |c| Ok::<_, AppError>(q::target(c, &slug, anchor.as_deref())?))
        .await?;
    let target = match target {
        Target::Found(t) => t,
        Target::UnknownSection => {
            return Err(AppError::refused(StatusCode::NOT_FOUND, VI.unknown_section));
        }
        Target::NotFound => return Err(AppError::NotFound),
    };
    let form = CommentForm {
        muc: target
            .section
            .as_ref()
            .map(|s| s.anchor.clone())
            .unwrap_or_default(),
        ..CommentForm::default()
    };
    render_form(&req, &state, target, &form, &[], None, StatusCode::OK).await
}

/// The form again, with what was typed, each problem at its field, and a fresh token.
async fn render_form(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    target: Box<CommentTarget>,
    form: &CommentForm,
    problems: &[Problem],
    form_problem: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let section = target.section.clone();
    let jurisdiction = target.jurisdiction_id;
    let (quoted, localities) = state
        .db
        .run(move |c| {
            let quoted = match &section {
                Some(s) => q::subtree(c, s)?,
                None => Vec::new(),
            };
            Ok::<_, AppError>((quoted, reference::localities(c, jurisdiction)?))
        })
        .await?;
    let (csrf, cookie) = csrf::token_for(req, state.config.is_https());
    let markup = view::form_page(
        &state.ctx(time::now_utc()),
        &view::FormPage {
            draft: &target.draft,
            section: target.section.as_ref(),
            quoted: &quoted,
            localities: &localities,
            form,
            problems,
            form_problem,
            csrf: &csrf,
            min_chars: state.config.comments.comment_min_chars,
            max_chars: state.config.comments.comment_max_chars,
        },
    );
    let mut resp = html(markup);
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(c) = cookie {
        resp.add_cookie(&c)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(resp)
}

/// Receives a comment. Every refusal says why in Vietnamese with a 4xx; a comment that
/// passes is stored with its confirmation mail in one transaction before the answer.
///
/// Everything after the CSRF check runs in one trip to the blocking pool (look up the
/// draft and section, check the period and the fields, store), so a submission costs
/// one hand-off and one pooled connection.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<CommentForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let slug = slug.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    if !form.trang_web.trim().is_empty() {
        return Err(AppError::bad_request(VI.honeypot_filled));
    }
    let anchor = anchor(Some(&form.muc)).map_err(|_| AppError::bad_request(VI.unknown_section))?;

    match csrf::verify(&req, &form.csrf, &state.config.server.base_url) {
        Ok(()) => {}
        Err(CsrfFailure::CrossSite) => {
            return Err(AppError::refused(StatusCode::FORBIDDEN, VI.forbidden_text));
        }
        Err(CsrfFailure::BadToken) => {
            let target = state
                .db
                .run(move |c| Ok::<_, AppError>(q::target(c, &slug, anchor.as_deref())?))
                .await?;
            return match target {
                Target::Found(t) => {
                    render_form(
                        &req,
                        &state,
                        t,
                        &form,
                        &[],
                        Some(VI.csrf_failed),
                        StatusCode::FORBIDDEN,
                    )
                    .await
                }
                Target::UnknownSection => Err(AppError::bad_request(VI.unknown_section)),
                Target::NotFound => Err(AppError::NotFound),
            };
        }
    }

    let rules = SubmitRules {
        comment: rules(&state),
        confirm_hours: state.config.comments.confirm_hours,
        base_url: &state.config.server.base_url,
    };
    let sub = Submission {
        slug: &slug,
        anchor: anchor.as_deref(),
        form: &form,
    };
    // Where the comment goes was most likely looked up for the one before it: then
    // nothing is asked of the database before the shared commit.
    let generation = state.db.generation();
    let destination = match state.destinations.get(&sub, generation) {
        Some(to) => Ok(to),
        None => {
            let (slug, anchor, typed) = (slug.clone(), anchor.clone(), form.clone());
            let found = state
                .db
                .run(move |c| {
                    let sub = Submission {
                        slug: &slug,
                        anchor: anchor.as_deref(),
                        form: &typed,
                    };
                    Ok::<_, AppError>(services::destination(c, &sub)?)
                })
                .await?;
            if let Ok(to) = &found {
                state.destinations.put(&sub, generation, to.clone());
            }
            found
        }
    };
    let checked = match destination {
        Ok(to) => services::check_at(&to, &rules, &form, time::now_utc()),
        Err(answer) => Checked::Answered(answer),
    };
    // Unconfirmed, the comment is on no public page yet: no cache needs to look again.
    let outcome = match checked {
        Checked::Answered(outcome) => outcome,
        Checked::Ready(mut ready) => {
            // Through a campaign's link (its cookie): the campaign is recorded if it is
            // still active and about this draft. Only a code-shaped value is looked up.
            let code = req
                .cookie(super::campaigns::CAMPAIGN_COOKIE)
                .map(|c| c.value().to_string())
                .filter(|c| crate::domain::campaign::looks_like_code(c));
            if let Some(code) = code {
                let campaign = state
                    .db
                    .run(move |c| {
                        Ok::<_, AppError>(crate::db::queries::campaigns::by_code(c, &code)?)
                    })
                    .await?;
                let today = time::local_date(time::now_utc());
                if let Some(campaign) = campaign.filter(|c| {
                    crate::domain::campaign::counts_on(c.state, c.starts_on, c.ends_on, today)
                }) {
                    ready.through_campaign(campaign.id, campaign.draft_id);
                }
            }
            let mail = text_key("mail", &ready.mail_key());
            match state.limits.submit_email.check(&mail).await {
                Err(wait) => Submitted::TooMany(wait),
                Ok(()) => services::store(&state.db, ready).await?,
            }
        }
    };
    let status_token = match outcome {
        Submitted::Stored(Stored::New { .. }, Some(token)) => {
            state.mail_wakeup.notify_one();
            token
        }
        Submitted::Stored(Stored::New { id, .. }, None) => {
            return Err(AppError::Internal(format!(
                "comment {id} stored without its token"
            )));
        }
        Submitted::Stored(Stored::Duplicate { id, created_at }, _) => {
            let draft = state
                .db
                .run(move |c| Ok::<_, AppError>(q::receipt(c, id)?))
                .await?
                .ok_or(AppError::NotFound)?
                .draft;
            let mut resp = html(crate::views::own::duplicate(
                &state.ctx(time::now_utc()),
                &tracking_number(id, created_at),
                &draft,
            ));
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return Ok(resp);
        }
        Submitted::NotFound => return Err(AppError::NotFound),
        Submitted::UnknownSection => return Err(AppError::bad_request(VI.unknown_section)),
        Submitted::OutOfPeriod { status, when } => {
            let message =
                VI.period_closed_post(status, &when.map(time::date_time).unwrap_or_default());
            return Err(AppError::refused(StatusCode::CONFLICT, message));
        }
        Submitted::TooMany(wait) => return Err(AppError::TooManyRequests(wait)),
        Submitted::Invalid(target, problems) => {
            return render_form(
                &req,
                &state,
                target,
                &form,
                &problems,
                None,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    // The receipt is shown only through this link, given to the browser that sent.
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, crate::paths::public::sent(&status_token)))
        .finish())
}

/// The published comments of a draft: all of them, those on the whole draft
/// (?muc=toan-bo), or those on one section (?muc=dieu-5-khoan-2); 20 a page.
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<SectionQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let page = page_number(&query.trang)?;
    let param = query.muc.clone().unwrap_or_default().trim().to_string();
    let (all, whole) = (param.is_empty(), param == "toan-bo");
    let section_anchor = if all || whole {
        None
    } else {
        anchor(Some(&param))?
    };
    rendered(&req, &state, || async {
        let (target, comments) = state
            .db
            .run(move |c| {
                let target = match q::target(c, &slug, section_anchor.as_deref())? {
                    Target::Found(t) => t,
                    Target::UnknownSection => {
                        return Err(AppError::refused(StatusCode::NOT_FOUND, VI.unknown_section));
                    }
                    Target::NotFound => return Err(AppError::NotFound),
                };
                let scope = Scope::of(&target.draft, target.section.as_ref(), whole);
                let comments =
                    q::published_page(c, target.draft.id, scope, page, COMMENTS_PER_PAGE)?;
                Ok((target, comments))
            })
            .await?;
        Ok(view::list_page(
            &state.ctx(time::now_utc()),
            &view::CommentsPage {
                draft: &target.draft,
                section: target.section.as_ref(),
                all,
                comments: &comments,
                param: &param,
            },
        ))
    })
    .await
}

const COMMENTS_PER_PAGE: i64 = 20;

/// One public comment on a page of its own, with its section and the agency's answer:
/// where search results and links to a comment lead.
pub async fn one(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let id: CommentId = match id.parse() {
        Ok(n) if n > CommentId(0) && is_slug(&slug) => n,
        _ => return Err(AppError::NotFound),
    };
    rendered(&req, &state, || async {
        let (draft, comment, section) = state
            .db
            .run(move |c| {
                let Target::Found(target) = q::target(c, &slug, None)? else {
                    return Err(AppError::NotFound);
                };
                let (comment, section) =
                    q::public_one(c, target.draft.id, id)?.ok_or(AppError::NotFound)?;
                Ok((target.draft, comment, section))
            })
            .await?;
        Ok(view::one_page(
            &state.ctx(time::now_utc()),
            &draft,
            &comment,
            section.as_ref(),
        ))
    })
    .await
}

pub async fn privacy(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    // Names the operator: cached with it like every list.
    rendered(&req, &state, || async {
        Ok(view::privacy_page(
            &state.ctx(time::now_utc()),
            state.config.comments.contact_retention_days,
        ))
    })
    .await
}
