//! A draft's participation in aggregate, for everyone (issue 16, point 6).

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;

use crate::db::queries::participation as q;
use crate::db::schema::drafts;
use crate::domain::ids::DraftId;
use crate::domain::time;
use crate::error::AppError;
use crate::web::AppState;
use crate::web::public::params::is_slug;

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let min = state.config.pages.public_min_count;
    crate::web::rendered(&req, &state, || async {
        let s = slug.clone();
        let (title, p) = state
            .db
            .run(move |c| {
                let (id, title): (DraftId, String) = drafts::table
                    .filter(drafts::slug.eq(&s))
                    .filter(drafts::publication.eq(crate::domain::Publication::Published))
                    .select((drafts::id, drafts::title))
                    .first(c)
                    .optional()?
                    .ok_or(AppError::NotFound)?;
                Ok::<_, AppError>((title, q::of_draft(c, id)?))
            })
            .await?;
        Ok(crate::views::participation::public_page(
            &state.ctx(time::now_utc()),
            &slug,
            &title,
            &p,
            min,
        ))
    })
    .await
}
