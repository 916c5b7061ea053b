use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;

use crate::db::queries::drafts::{self, DraftFilter, DraftOrder};
use crate::domain::PeriodStatus;
use crate::domain::time;
use crate::error::AppError;
use crate::views::home;
use crate::web::AppState;
use crate::web::rendered;

/// How many drafts each list on the home page shows before "see all".
const SHORT_LIST: i64 = 6;

pub async fn show(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    rendered(&req, &state, || render(&state)).await
}

async fn render(state: &AppState) -> Result<maud::Markup, AppError> {
    let now = time::now_utc();
    let soon = now + Duration::days(state.config.pages.closing_soon_days);
    let data = state
        .db
        .run(move |c| {
            let open = DraftFilter {
                status: Some(PeriodStatus::Open),
                ..Default::default()
            };
            let closing = DraftFilter {
                closes_before: Some(soon),
                ..open.clone()
            };
            let later = DraftFilter {
                closes_from: Some(soon),
                ..open.clone()
            };
            let upcoming = DraftFilter {
                status: Some(PeriodStatus::Upcoming),
                ..Default::default()
            };
            let closed = DraftFilter {
                status: Some(PeriodStatus::Closed),
                ..Default::default()
            };
            Ok::<_, AppError>(home::HomeData {
                closing_soon: drafts::top(c, &closing, DraftOrder::ClosingFirst, now, SHORT_LIST)?,
                open: drafts::top(c, &later, DraftOrder::ClosingFirst, now, SHORT_LIST)?,
                open_total: drafts::count(c, &open, now)?,
                upcoming: drafts::top(c, &upcoming, DraftOrder::OpeningFirst, now, SHORT_LIST)?,
                recently_closed: drafts::top(
                    c,
                    &closed,
                    DraftOrder::RecentlyClosed,
                    now,
                    SHORT_LIST,
                )?,
            })
        })
        .await?;
    Ok(home::render(&state.ctx(now), &data))
}
