//! The synthesis report: preview as the answers stand, then publish.

use crate::domain::ids::*;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{ConsoleForm, DraftInContext, NoFields, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::domain::time;
use crate::error::AppError;
use crate::services::report;
use crate::services::report::Unpublishable;
use crate::views::Ctx;
use crate::views::console::report as view;
use crate::views::report::Heading;
use crate::web::AppState;

/// The draft, if this staff member may publish its report.
fn reportable(
    c: &mut crate::db::DbConnection,
    staff: &Staff,
    id: DraftId,
) -> Result<DraftInContext, AppError> {
    super::draft_for(
        c,
        staff,
        id,
        Some(|agency_id| Action::PublishReport { agency_id }),
    )
}

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
            let DraftInContext {
                draft: d,
                agency: a,
                ..
            } = reportable(c, &who, id)?;
            let r = report::generate(c, id)?;
            let published = crate::db::queries::report::published_at(c, id)?;
            use diesel::prelude::*;
            let place: String = crate::db::schema::jurisdictions::table
                .find(a.jurisdiction_id)
                .select(crate::db::schema::jurisdictions::place_name)
                .first(c)?;
            Ok::<_, AppError>((d, (a, place), r, published))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let message =
        (query.result.as_deref() == Some("da-cong-bo")).then_some(ctx.t.console.report_published);
    let (agency, place) = agency;
    // As it would be signed today.
    let formal = agency.report_heading(&place, time::local_date(ctx.now));
    let heading = Heading {
        formal: &formal,
        draft_title: &draft.title,
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
            reportable(c, &who, id)?;
            let t = Ctx::new(now).t.console;
            let published = crate::services::report::publish(c, id, &who.by(), &base, now)?;
            match published {
                Ok(_) => Ok(()),
                Err(Unpublishable::Unanswered(n)) => Err(AppError::refused(
                    StatusCode::CONFLICT,
                    t.report_unanswered(n),
                )),
                Err(Unpublishable::Empty) => {
                    Err(AppError::refused(StatusCode::CONFLICT, t.report_empty))
                }
                Err(Unpublishable::PeriodOpen) => Err(AppError::refused(
                    StatusCode::CONFLICT,
                    t.report_period_open,
                )),
                Err(Unpublishable::AwaitingModeration(n)) => Err(AppError::refused(
                    StatusCode::CONFLICT,
                    t.report_awaiting_moderation(n),
                )),
            }
        })
        .await?;
    state.mail_wakeup.notify_one();
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::report(id),
        "da-cong-bo",
        None,
    )))
}
