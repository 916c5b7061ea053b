//! A campaign's short link (`/v/{code}`), printed on its posters: it leads to the draft
//! while the campaign runs (and after it ends), and nowhere before it starts or once it
//! is cancelled.

use actix_web::{HttpResponse, web};

use crate::db::queries::campaigns as q;
use crate::domain::campaign::{CampaignState, looks_like_code};
use crate::error::AppError;
use crate::web::AppState;

pub async fn follow(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let code = path.into_inner();
    // Anything but a code is refused before the database is asked.
    if !looks_like_code(&code) {
        return Err(AppError::NotFound);
    }
    let campaign = state
        .db
        .run(move |c| Ok::<_, AppError>(q::by_code(c, &code)?))
        .await?
        .ok_or(AppError::NotFound)?;
    match campaign.state {
        CampaignState::Active | CampaignState::Ended => Ok(HttpResponse::SeeOther()
            .insert_header((
                "Location",
                crate::paths::public::draft(&campaign.draft_slug),
            ))
            // The campaign may be cancelled: a browser asks again.
            .insert_header(("Cache-Control", "no-store"))
            .finish()),
        CampaignState::Draft | CampaignState::Cancelled => Err(AppError::NotFound),
    }
}
