//! The published synthesis report: a printable page, CSV and .docx.

use crate::domain::ids::*;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;

use super::params::is_slug;
use crate::db::schema::{agencies, drafts};
use crate::domain::report::Report;
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::services::report;
use crate::views::report::{Heading, public_page};
use crate::web::AppState;

struct Published {
    title: String,
    agency: crate::db::models::Agency,
    place: String,
    report: std::sync::Arc<Report>,
    at: chrono::NaiveDateTime,
}

impl Published {
    /// The Decree 30 heading, dated the day the report was published.
    fn heading(&self) -> crate::domain::report::FormalHeading {
        self.agency
            .report_heading(&self.place, time::local_date(self.at))
    }
}

/// Published reports as last built, each with the revision of its draft then: built
/// from every comment of the draft, so built again only when the draft's revision moves
/// (every answer, redaction, withdrawal or rejection moves it).
#[derive(Default)]
pub struct ReportCache {
    built: std::sync::Mutex<std::collections::HashMap<DraftId, Built>>,
}

/// A built report: the draft's revision then, the report, and when it was published.
type Built = (i64, std::sync::Arc<Report>, chrono::NaiveDateTime);

/// Drafts whose report is kept built (a report is a table of answers: small).
const REPORTS_KEPT: usize = 200;

impl ReportCache {
    fn get(
        &self,
        draft: DraftId,
        revision: i64,
    ) -> Option<(std::sync::Arc<Report>, chrono::NaiveDateTime)> {
        let built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        built
            .get(&draft)
            .filter(|(r, _, _)| *r == revision)
            .map(|(_, report, at)| (report.clone(), *at))
    }

    fn put(
        &self,
        draft: DraftId,
        revision: i64,
        report: std::sync::Arc<Report>,
        at: chrono::NaiveDateTime,
    ) {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if built.len() >= REPORTS_KEPT && !built.contains_key(&draft) {
            built.clear();
        }
        built.insert(draft, (revision, report, at));
    }
}

async fn load(state: &AppState, slug: String) -> Result<Published, AppError> {
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let (id, title, agency, place, revision) = state
        .db
        .run(move |c| {
            let found: (DraftId, String, crate::db::models::Agency, String, i64) = drafts::table
                .inner_join(agencies::table.inner_join(crate::db::schema::jurisdictions::table))
                .filter(drafts::slug.eq(&slug))
                .filter(drafts::publication.eq(crate::domain::Publication::Published))
                .select((
                    drafts::id,
                    drafts::title,
                    crate::db::models::Agency::as_select(),
                    crate::db::schema::jurisdictions::place_name,
                    drafts::revision,
                ))
                .first(c)
                .optional()?
                .ok_or(AppError::NotFound)?;
            Ok::<_, AppError>(found)
        })
        .await?;
    let (report, at) = match state.reports.get(id, revision) {
        Some(hit) => hit,
        None => {
            let (report, at) = state
                .db
                .run(move |c| Ok::<_, AppError>(report::latest(c, id)?))
                .await?
                .ok_or(AppError::NotFound)?;
            let report = std::sync::Arc::new(report);
            state.reports.put(id, revision, report.clone(), at);
            (report, at)
        }
    };
    Ok(Published {
        title,
        agency,
        place,
        report,
        at,
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct ReportQuery {
    trang: Option<String>,
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let number = super::params::page_number(&query.trang)?;
    crate::web::rendered(&req, &state, || async {
        let p = load(&state, slug.clone()).await?;
        let formal = p.heading();
        let heading = Heading {
            formal: &formal,
            draft_title: &p.title,
        };
        Ok(public_page(
            &state.ctx(time::now_utc()),
            &slug,
            &heading,
            &p.report,
            number,
        ))
    })
    .await
}

fn download(bytes: Vec<u8>, content_type: &'static str, name: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(content_type)))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes)
}

pub async fn csv(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let p = load(&state, slug.clone()).await?;
    Ok(download(
        crate::report::csv(&VI, &p.heading(), &p.title, &p.report),
        "text/csv; charset=utf-8",
        format!("{slug}-bao-cao-tong-hop.csv"),
    ))
}

pub async fn docx(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let p = load(&state, slug.clone()).await?;
    let formal = p.heading();
    let heading = crate::report::docx::Heading {
        formal: &formal,
        draft_title: &p.title,
    };
    Ok(download(
        crate::report::docx::build(&VI, &heading, &p.report),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        format!("{slug}-bao-cao-tong-hop.docx"),
    ))
}
