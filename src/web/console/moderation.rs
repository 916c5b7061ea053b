//! The moderation queue and the decisions taken on it.

use crate::domain::ids::*;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ConsoleForm, QueueKeepers, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::queries::moderation::{self, QueueFilter, QueueStatus};
use crate::db::queries::{console, reference};
use crate::domain::comment::{CommenterKind, RejectionReason};
use crate::domain::staff::Role;
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::services::moderation::{self as decisions, Decision};
use crate::views::Ctx;
use crate::views::console::moderation::{self as view, QueuePage};
use crate::web::AppState;
use crate::web::public::params::{is_slug, page_number};

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(rename = "du-thao")]
    draft: Option<String>,
    muc: Option<String>,
    #[serde(rename = "trang-thai")]
    status: Option<String>,
    loai: Option<String>,
    xa: Option<String>,
    #[serde(rename = "lien-ket")]
    links: Option<String>,
    /// A group of near-identical opinions.
    nhom: Option<String>,
    trang: Option<String>,
    #[serde(rename = "ket-qua")]
    result: Option<String>,
}

fn may_see_queue(staff: &Staff) -> Result<Option<AgencyId>, AppError> {
    match staff.role {
        Role::Admin => Ok(None),
        Role::Moderator => Ok(Some(staff.agency_id.unwrap_or(AgencyId(-1)))),
        _ => Err(AppError::refused(StatusCode::FORBIDDEN, VI.not_allowed)),
    }
}

pub async fn queue(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    queue_page(&req, &state, &staff, &query, None).await
}

/// The queue as `query` filters it; with `typed`, sent back (400) with the decision
/// that had a problem, beside what was typed.
async fn queue_page(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    query: &QueueQuery,
    typed: Option<view::Typed>,
) -> Result<HttpResponse, AppError> {
    let agency = may_see_queue(staff)?;
    let set = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let bad = || AppError::bad_request(VI.invalid_filter);
    let page = page_number(&query.trang)?;
    let filter = QueueFilter {
        agency,
        draft_id: set(&query.draft)
            .map(|s| s.parse::<DraftId>().map_err(|_| bad()))
            .transpose()?,
        section_anchor: set(&query.muc)
            .map(|s| if is_slug(&s) { Ok(s) } else { Err(bad()) })
            .transpose()?,
        status: set(&query.status)
            .map(|s| QueueStatus::from_slug(&s).ok_or_else(bad))
            .transpose()?
            .unwrap_or_default(),
        links_only: query.links.as_deref() == Some("1"),
        kind: set(&query.loai)
            .map(|s| CommenterKind::parse(&s).ok_or_else(bad))
            .transpose()?,
        locality: set(&query.xa)
            .map(|s| if is_slug(&s) { Ok(s) } else { Err(bad()) })
            .transpose()?,
        group: set(&query.nhom)
            .map(|s| {
                s.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map(CommentId)
                    .ok_or_else(bad)
            })
            .transpose()?,
    };
    let params: Vec<(&str, String)> = vec![
        ("du-thao", set(&query.draft).unwrap_or_default()),
        ("muc", set(&query.muc).unwrap_or_default()),
        ("trang-thai", filter.status.slug().to_string()),
        ("loai", set(&query.loai).unwrap_or_default()),
        ("xa", set(&query.xa).unwrap_or_default()),
        ("nhom", set(&query.nhom).unwrap_or_default()),
        (
            "lien-ket",
            if filter.links_only {
                "1".into()
            } else {
                String::new()
            },
        ),
    ];
    let (items, drafts, localities) = state
        .db
        .run(move |c| {
            let items = moderation::queue(c, &filter, page, 50)?;
            let drafts = console::drafts(c, agency, 1, 200)?
                .items
                .into_iter()
                .map(|l| (l.draft.id, l.draft.title))
                .collect::<Vec<_>>();
            let localities = match reference::jurisdiction(c)? {
                Some(j) => reference::localities(c, j.id)?,
                None => Vec::new(),
            };
            Ok::<_, AppError>((items, drafts, localities))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let message = query
        .result
        .as_deref()
        .and_then(|r| r.split_once('-'))
        .and_then(|(done, skipped)| {
            Some(
                ctx.t
                    .console
                    .decided(done.parse().ok()?, skipped.parse().ok()?),
            )
        });
    let status = if typed.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    render(req, state, status, |csrf| {
        view::queue(
            &ctx,
            staff,
            csrf,
            &QueuePage {
                items: &items,
                drafts: &drafts,
                localities: &localities,
                params: &params,
                message: message.as_deref(),
                typed: typed.as_ref(),
            },
        )
    })
}

/// A form with repeated fields (`chon=1&chon=2`), which serde_urlencoded cannot read
/// into a struct: read by hand.
pub async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>, QueueKeepers>,
) -> Result<HttpResponse, AppError> {
    let get = |k: &str| crate::web::form::first(&f, k);
    let ids: Vec<CommentId> = f
        .iter()
        .filter(|(k, _)| k == "chon")
        .filter_map(|(_, v)| v.parse().ok())
        .take(500)
        .collect();
    let c = Ctx::new(time::now_utc()).t.console;
    let back = match get("quay_lai") {
        b if b.starts_with(crate::paths::console::MODERATION) && !b.contains(['\r', '\n']) => {
            b.to_string()
        }
        _ => crate::paths::console::MODERATION.to_string(),
    };
    // A problem sends the queue back as it was, with what was typed beside it.
    let item: Option<CommentId> = get("mot").parse().ok();
    let typed = |field: String, error: &str| view::Typed {
        error: error.to_string(),
        field,
        item,
        chosen: ids.clone(),
        choice: get("ly_do").chars().take(50).collect(),
        text: get("ghi_chu").chars().take(500).collect(),
        span: get("an").chars().take(500).collect(),
    };
    let problem = |field: String, error: &str| {
        let query: QueueQuery = back
            .split_once('?')
            .and_then(|(_, q)| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        (query, typed(field, error))
    };
    let field_of = |bulk: &str, own: &str| match item {
        Some(id) => format!("{own}-{id}"),
        None => bulk.to_string(),
    };
    let refused = if ids.is_empty() {
        Some(problem(
            field_of("hang-loat-chon", "f-ly-do"),
            c.nothing_selected,
        ))
    } else {
        None
    };
    let decision = match (refused, get("hanh_dong")) {
        (Some(p), _) => Err(p),
        (None, "duyet") => Ok(Decision::Approve),
        (None, "tu_choi") => match RejectionReason::parse(get("ly_do")) {
            Some(reason) => Ok(Decision::Reject {
                reason,
                note: crate::text::nfc(get("ghi_chu").trim())
                    .chars()
                    .take(500)
                    .collect(),
            }),
            None => Err(problem(
                field_of("f-ly-do-hang-loat", "f-ly-do"),
                c.reason_needed,
            )),
        },
        (None, "an") => {
            let span = crate::text::nfc(get("an").trim());
            if span.chars().count() < 2 {
                Err(problem(field_of("f-an", "f-an"), c.redact_span_needed))
            } else {
                Ok(Decision::Redact { span })
            }
        }
        (None, _) => return Err(AppError::bad_request(VI.invalid_filter)),
    };
    let decision = match decision {
        Ok(d) => d,
        Err((query, typed)) => return queue_page(&req, &state, &staff, &query, Some(typed)).await,
    };
    let (who, base) = (staff.clone(), state.config.server.base_url.clone());
    let now = time::now_utc();
    let decided = state
        .db
        .write(move |conn| {
            Ok::<_, AppError>(decisions::decide(
                conn,
                &ids,
                &decision,
                &who.by(),
                |agency_id| who.can(Action::Moderate { agency_id }),
                &base,
                now,
            )?)
        })
        .await?;
    state.mail_wakeup.notify_one();
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(see_other(&format!(
        "{back}{sep}ket-qua={}-{}",
        decided.changed, decided.skipped
    )))
}
