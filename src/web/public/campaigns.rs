//! A campaign's short link (`/v/{code}`), printed on its posters: it leads to the draft
//! while the campaign runs (and after it ends), and nowhere before it starts or once it
//! is cancelled. While it is active, the link leaves a cookie on the browser, valid on
//! that draft's pages until the campaign's last day, so that a comment sent from there
//! records the campaign (issue 16, point 3): the campaign's code and nothing else, not
//! tied to anyone.

use actix_web::{HttpResponse, web};

use crate::db::queries::campaigns as q;
use crate::domain::campaign::{CampaignState, looks_like_code};
use crate::error::AppError;
use crate::web::AppState;

/// The cookie a campaign's link leaves: its code.
pub(super) const CAMPAIGN_COOKIE: &str = "gopy_chien_dich";

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
    let draft = crate::paths::public::draft(&campaign.draft_slug);
    let mut resp = HttpResponse::SeeOther();
    resp.insert_header(("Location", draft.as_str()))
        // The campaign may be cancelled: a browser asks again.
        .insert_header(("Cache-Control", "no-store"));
    let today = crate::domain::time::local_date(crate::domain::time::now_utc());
    match campaign.state {
        // Active but past its last day: to the draft, with nothing to count.
        CampaignState::Active if today > campaign.ends_on => Ok(resp.finish()),
        CampaignState::Active => {
            let until = crate::domain::period::end_of(campaign.ends_on);
            let seconds = (until - crate::domain::time::now_utc())
                .num_seconds()
                .max(3600);
            let cookie = actix_web::cookie::Cookie::build(CAMPAIGN_COOKIE, campaign.code)
                .path(draft)
                .http_only(true)
                .same_site(actix_web::cookie::SameSite::Lax)
                .secure(state.config.server.base_url.starts_with("https://"))
                .max_age(actix_web::cookie::time::Duration::seconds(seconds))
                .finish();
            Ok(resp.cookie(cookie).finish())
        }
        CampaignState::Ended => Ok(resp.finish()),
        CampaignState::Draft | CampaignState::Cancelled => Err(AppError::NotFound),
    }
}
