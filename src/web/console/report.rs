//! The synthesis report: preview as the answers stand, then publish.

use crate::domain::ids::*;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{ConsoleForm, NoFields, ResultQuery, entry, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::queries::{console, report};
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::report as view;
use crate::views::report::Heading;
use crate::web::AppState;

pub async fn preview(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let who = staff.clone();
    let (draft, agency, r, published) = state
        .db
        .run(move |c| {
            let (d, _, a) = console::draft(c, id)?.ok_or(AppError::NotFound)?;
            who.require(Action::SeeDraft {
                agency_id: d.agency_id,
            })?;
            who.require(Action::PublishReport {
                agency_id: d.agency_id,
            })?;
            let r = report::generate(c, id)?;
            let published = report::published_at(c, id)?;
            Ok::<_, AppError>((d, a, r, published))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let message =
        (query.result.as_deref() == Some("da-cong-bo")).then_some(ctx.t.console.report_published);
    let heading = Heading {
        agency: &agency.name,
        draft_title: &draft.title,
        published_at: Some(ctx.now),
    };
    render(&req, &state, StatusCode::OK, |csrf| {
        view::preview(
            &ctx,
            &staff,
            csrf,
            &view::Preview {
                draft: &draft,
                heading: &heading,
                report: &r,
                published,
                message,
            },
        )
    })
}

/// Publishes the report, only once every published comment has its answer.
pub async fn publish(
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, NoFields {}, _): ConsoleForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (who, base) = (staff.clone(), state.config.server.base_url.clone());
    let now = time::now_utc();
    state
        .db
        .write(move |c| {
            let (d, _, _) = console::draft(c, id)?.ok_or(AppError::NotFound)?;
            who.require(Action::SeeDraft {
                agency_id: d.agency_id,
            })?;
            who.require(Action::PublishReport {
                agency_id: d.agency_id,
            })?;
            let r = report::generate(c, id)?;
            let t = Ctx::new(now).t.console;
            if r.unanswered > 0 {
                return Err(AppError::refused(
                    StatusCode::CONFLICT,
                    t.report_unanswered(r.unanswered),
                ));
            }
            if r.rows.is_empty() {
                return Err(AppError::refused(StatusCode::CONFLICT, t.report_empty));
            }
            crate::services::report::publish(
                c,
                id,
                &r,
                &entry(&who, "report.publish", "synthesis_report", None, Some(id)),
                &base,
                now,
            )?;
            Ok::<_, AppError>(())
        })
        .await?;
    state.mail_wakeup.notify_one();
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::report(id),
        "da-cong-bo",
        None,
    )))
}
