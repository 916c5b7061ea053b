//! Answering comments: one or a group, with a disposition and a reason.

use crate::domain::ids::*;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ConsoleForm, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::DbConnection;
use crate::db::models::Draft;
use crate::db::queries::answers::{self, AnswerFilter};
use crate::db::queries::{console, similar};
use crate::domain::comment::Disposition;
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::services;
use crate::views::Ctx;
use crate::views::console::moderation::{self as view, AnswersPage};
use crate::web::AppState;
use crate::web::public::params::{is_slug, page_number};

fn answerable(c: &mut DbConnection, staff: &Staff, id: DraftId) -> Result<Draft, AppError> {
    super::draft_for(c, staff, id, Some(|agency_id| Action::Answer { agency_id })).map(|f| f.draft)
}

#[derive(Debug, Default, Deserialize)]
pub struct AnswerQuery {
    loc: Option<String>,
    muc: Option<String>,
    trang: Option<String>,
    #[serde(rename = "ket-qua")]
    result: Option<String>,
    /// A group of near-identical opinions: only its comments, and its answer form.
    nhom: Option<String>,
}

/// The group a query or a form names, if any; a value that is not a number is refused.
fn group_of(raw: Option<&str>) -> Result<Option<CommentId>, AppError> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(|n| Some(CommentId(n)))
            .ok_or_else(|| AppError::bad_request(VI.invalid_filter)),
    }
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
    query: web::Query<AnswerQuery>,
) -> Result<HttpResponse, AppError> {
    answers_page(&req, &state, &staff, path.into_inner(), &query, None).await
}

/// The answers page of draft `id`; with `typed`, sent back (400) with the answer that
/// had a problem, beside what was typed.
async fn answers_page(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    id: DraftId,
    query: &AnswerQuery,
    typed: Option<view::Typed>,
) -> Result<HttpResponse, AppError> {
    let filter = match query.loc.as_deref().filter(|s| !s.is_empty()) {
        None => AnswerFilter::default(),
        Some(s) => {
            AnswerFilter::from_slug(s).ok_or_else(|| AppError::bad_request(VI.invalid_filter))?
        }
    };
    let anchor = query.muc.clone().filter(|s| !s.is_empty());
    if anchor.as_deref().is_some_and(|a| !is_slug(a)) {
        return Err(AppError::bad_request(VI.invalid_filter));
    }
    let page = page_number(&query.trang)?;
    let group = group_of(query.nhom.as_deref())?;
    let who = staff.clone();
    let a = anchor.clone();
    let (draft, items, counts, similar) = state
        .db
        .run(move |c| {
            let d = answerable(c, &who, id)?;
            let items = answers::list(c, id, filter, a.as_deref(), group, page, 50)?;
            let counts = console::counts(c, &[id])?.remove(&id).unwrap_or_default();
            let (unique, total) = similar::unique_and_total(c, id)?;
            let similar = view::Similar {
                unique,
                total,
                groups: if group.is_none() {
                    similar::groups(c, id, 20)?
                } else {
                    Vec::new()
                },
                chosen: match group {
                    Some(g) => Some((g, similar::unanswered_count(c, id, g)?)),
                    None => None,
                },
            };
            Ok::<_, AppError>((d, items, counts, similar))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let message = match query.result.as_deref() {
        Some(n) if n.parse::<usize>().is_ok() => {
            Some(ctx.t.console.answered_n(n.parse().unwrap_or(0)))
        }
        Some("da-sua") => Some(ctx.t.console.saved.to_string()),
        _ => None,
    };
    let back = serde_urlencoded::to_string([
        ("loc", filter.slug().to_string()),
        ("muc", anchor.clone().unwrap_or_default()),
        ("nhom", group.map(|g| g.to_string()).unwrap_or_default()),
        ("trang", page.to_string()),
    ])
    .unwrap_or_default();
    let status = if typed.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(req, state, status, |csrf| {
        view::answers(
            &ctx,
            staff,
            csrf,
            &AnswersPage {
                draft: &draft,
                items: &items,
                filter,
                anchor: anchor.as_deref().unwrap_or(""),
                answered: counts.answered,
                unanswered: counts.unanswered(),
                message: message.as_deref(),
                typed: typed.as_ref(),
                back: &back,
                similar: &similar,
            },
        )
    })
}

/// The reason of an answer, or None when it is too short or too long.
fn reason_of(raw: &str) -> Option<String> {
    let reason = crate::text::nfc(raw.trim());
    (3..=5000)
        .contains(&reason.chars().count())
        .then_some(reason)
}

/// The query a form came from (its hidden `quay_lai`), to show the same page again.
fn query_of(back: &str) -> AnswerQuery {
    serde_urlencoded::from_str(back).unwrap_or_default()
}

pub async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let get = |k: &str| crate::web::form::first(&f, k);
    // Whose draft it is comes first: a refusal must not depend on what was typed.
    let who = staff.clone();
    state.db.run(move |c| answerable(c, &who, id)).await?;
    let group = group_of(Some(get("nhom")))?;
    let ids: Vec<CommentId> = match group {
        // A group's answer covers its published comments not answered yet, however
        // many: the form names the group, not each comment.
        Some(g) => {
            state
                .db
                .run(move |c| Ok::<_, AppError>(similar::unanswered_in(c, id, g)?))
                .await?
        }
        None => f
            .iter()
            .filter(|(k, _)| k == "chon")
            .filter_map(|(_, v)| v.parse().ok())
            .take(5000)
            .collect(),
    };
    let disposition = Disposition::parse(get("hinh_thuc"))
        .ok_or_else(|| AppError::bad_request(VI.invalid_filter))?;
    let c = Ctx::new(time::now_utc()).t.console;
    let reason = reason_of(get("ly_do"));
    let problem = match (&reason, ids.is_empty()) {
        (_, true) => Some(("tra-loi-chon", c.nothing_selected)),
        (None, false) => Some(("f-ly-do", c.answer_reason_needed)),
        _ => None,
    };
    let (Some(reason), None) = (reason, problem) else {
        let (field, error) = problem.unwrap_or(("f-ly-do", c.answer_reason_needed));
        let typed = view::Typed {
            error: error.to_string(),
            field: field.to_string(),
            chosen: ids,
            choice: get("hinh_thuc").chars().take(50).collect(),
            text: get("ly_do").chars().take(5000).collect(),
            ..view::Typed::default()
        };
        return answers_page(
            &req,
            &state,
            &staff,
            id,
            &query_of(get("quay_lai")),
            Some(typed),
        )
        .await;
    };
    let who = staff.clone();
    let now = time::now_utc();
    let base = state.config.server.base_url.clone();
    let n = state
        .db
        .write(move |c| {
            answerable(c, &who, id)?;
            Ok::<_, AppError>(services::answers::answer(
                c,
                id,
                &ids,
                answers::AnswerText {
                    disposition,
                    reason: &reason,
                },
                &who.by(),
                &base,
                now,
            )?)
        })
        .await?;
    // Each commenter answered has a mail waiting.
    state.mail_wakeup.notify_one();
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::answers(id),
        &n.to_string(),
        None,
    )))
}

#[derive(Debug, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    hinh_thuc: String,
    #[serde(default)]
    ly_do: String,
    /// The comment whose answer's form was sent, and the page it was on.
    #[serde(default)]
    mot: String,
    #[serde(default)]
    quay_lai: String,
}

pub async fn edit(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<AnswerId>,
    ConsoleForm(staff, form, _): ConsoleForm<EditForm>,
) -> Result<HttpResponse, AppError> {
    let response_id = path.into_inner();
    let who = staff.clone();
    let draft_id = state
        .db
        .run(move |c| {
            let draft_id = answers::draft_of(c, response_id)?.ok_or(AppError::NotFound)?;
            answerable(c, &who, draft_id).map(|_| draft_id)
        })
        .await?;
    let disposition = Disposition::parse(&form.hinh_thuc)
        .ok_or_else(|| AppError::bad_request(VI.invalid_filter))?;
    let Some(reason) = reason_of(&form.ly_do) else {
        let item: Option<CommentId> = form.mot.parse().ok();
        let typed = view::Typed {
            error: Ctx::new(time::now_utc())
                .t
                .console
                .answer_reason_needed
                .to_string(),
            field: item.map_or("f-ly-do".to_string(), |i| format!("f-ld-{i}")),
            item,
            choice: form.hinh_thuc.chars().take(50).collect(),
            text: form.ly_do.chars().take(5000).collect(),
            ..view::Typed::default()
        };
        return answers_page(
            &req,
            &state,
            &staff,
            draft_id,
            &query_of(&form.quay_lai),
            Some(typed),
        )
        .await;
    };
    let who = staff.clone();
    let now = time::now_utc();
    let base = state.config.server.base_url.clone();
    let draft_id = state
        .db
        .write(move |c| {
            let draft_id = answers::draft_of(c, response_id)?.ok_or(AppError::NotFound)?;
            answerable(c, &who, draft_id)?;
            services::answers::edit(
                c,
                response_id,
                answers::AnswerText {
                    disposition,
                    reason: &reason,
                },
                &who.by(),
                &base,
                now,
            )?;
            Ok::<_, AppError>(draft_id)
        })
        .await?;
    state.mail_wakeup.notify_one();
    Ok(see_other(&crate::paths::with_result(
        &format!(
            "{}?loc=da-tra-loi",
            crate::paths::console::answers(draft_id)
        ),
        "da-sua",
        None,
    )))
}
