//! A draft's participation dashboard for its agency, and its CSV (issue 16, point 6).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::render;
use crate::auth::session::Staff;
use crate::db::models::Draft;
use crate::db::queries::participation::{self as q, Participation};
use crate::domain::ids::DraftId;
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::participation as view;
use crate::web::AppState;

/// The draft and its participation, for staff who may see the draft.
async fn load(
    state: &AppState,
    staff: &Staff,
    id: DraftId,
) -> Result<(Draft, Participation), AppError> {
    let who = staff.clone();
    state
        .db
        .run(move |c| {
            let d = super::draft_for(c, &who, id, None)?.draft;
            Ok::<_, AppError>((d, q::of_draft(c, id)?))
        })
        .await
}

pub async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
) -> Result<HttpResponse, AppError> {
    let (draft, p) = load(&state, &staff, path.into_inner()).await?;
    let ctx = Ctx::new(time::now_utc());
    render(&req, &state, StatusCode::OK, |csrf| {
        view::dashboard(&ctx, &staff, csrf, &draft, &p)
    })
}

pub async fn csv(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
) -> Result<HttpResponse, AppError> {
    let (draft, p) = load(&state, &staff, path.into_inner()).await?;
    let ctx = Ctx::new(time::now_utc());
    let t = ctx.t.participation;
    let names = [
        t.dimension_day,
        t.dimension_commune,
        t.dimension_kind,
        t.dimension_campaign,
    ];
    let dimensions: Vec<(&str, Vec<(String, i64)>)> = names
        .into_iter()
        .zip(
            view::dimensions(&ctx, &p)
                .into_iter()
                .map(|(_, _, rows)| rows),
        )
        .collect();
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-store"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}-tham-gia.csv\"", draft.slug),
        ))
        .body(crate::report::participation_csv(
            ctx.t,
            &draft.title,
            &dimensions,
        )))
}
