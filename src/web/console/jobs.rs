//! The background work, for administrators: /quan-tri/cong-viec shows the queues and
//! scheduled jobs; a queue's dead letters can be sent again once their cause is mended.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{Administrators, ConsoleForm, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::domain::time;
use crate::error::AppError;
use crate::jobs::status::{self, QueueName};
use crate::views::Ctx;
use crate::views::console::jobs as view;
use crate::web::AppState;
use crate::web::form::NoFields;

pub async fn status(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::Administer)?;
    let status = status::load(&state.db).await?;
    let ctx = Ctx::new(time::now_utc());
    // ?ket-qua=N after sending N dead letters again.
    let notice = query
        .result
        .as_deref()
        .and_then(|r| r.parse::<usize>().ok())
        .map(|n| ctx.t.console.jobs_requeued(n));
    render(&req, &state, StatusCode::OK, |csrf| {
        view::jobs(&ctx, &staff, csrf, &status, notice.as_deref())
    })
}

/// Puts a queue's dead letters back in it, with an audit entry.
pub async fn requeue(
    state: web::Data<AppState>,
    path: web::Path<String>,
    ConsoleForm(staff, NoFields {}, _): ConsoleForm<NoFields, Administrators>,
) -> Result<HttpResponse, AppError> {
    let queue = QueueName::parse(&path.into_inner()).ok_or(AppError::NotFound)?;
    let now = time::now_utc();
    let who = staff.clone();
    let n = state
        .db
        .write_unpublished(move |conn| {
            Ok::<_, AppError>(status::requeue(conn, queue, &who.by(), now)?)
        })
        .await?;
    state.mail_wakeup.notify_one();
    Ok(see_other(&crate::paths::with_result(
        crate::paths::console::JOBS,
        &n.to_string(),
        None,
    )))
}
