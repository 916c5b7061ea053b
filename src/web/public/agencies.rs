use actix_web::{HttpRequest, HttpResponse, web};

use super::params::{ListQuery, PER_PAGE, is_slug, page_number};
use crate::db::queries::drafts::{self, DraftFilter, DraftOrder};
use crate::db::queries::reference;
use crate::domain::time;
use crate::error::AppError;
use crate::views::agencies;
use crate::web::AppState;
use crate::web::rendered;

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let page = page_number(&query.trang)?;
    rendered(&req, &state, || async {
        let all = state
            .db
            .run(move |c| Ok::<_, AppError>(reference::agencies_page(c, page, AGENCIES_PER_PAGE)?))
            .await?;
        Ok(agencies::list(&state.ctx(time::now_utc()), &all))
    })
    .await
}

const AGENCIES_PER_PAGE: i64 = 50;

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let page = page_number(&query.trang)?;
    rendered(&req, &state, || async {
        let now = time::now_utc();
        let (agency, list) = state
            .db
            .run(move |c| {
                let agency = reference::agency_by_slug(c, &slug)?.ok_or(AppError::NotFound)?;
                let filter = DraftFilter {
                    agency: Some(agency.slug.clone()),
                    ..Default::default()
                };
                let list = drafts::list(c, &filter, DraftOrder::Newest, now, page, PER_PAGE)?;
                Ok::<_, AppError>((agency, list))
            })
            .await?;
        Ok(agencies::show(&state.ctx(now), &agency, &list))
    })
    .await
}
