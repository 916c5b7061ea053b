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
    built: std::sync::Arc<BuiltVersion>,
}

/// A version of a report as built: the report, its number, when it was published, and
/// every publication of the draft's report.
struct BuiltVersion {
    report: Report,
    version: i32,
    at: chrono::NaiveDateTime,
    all: Vec<crate::domain::report::Publication>,
}

impl Published {
    /// The Decree 30 heading, dated the day the report was published.
    fn heading(&self) -> crate::domain::report::FormalHeading {
        self.agency
            .report_heading(&self.place, time::local_date(self.built.at))
    }
}

/// Published reports as last built, each with the revision of its draft then: built
/// from every comment of the draft, so built again only when the draft's revision moves
/// (every answer, redaction, withdrawal or rejection moves it).
#[derive(Default)]
pub struct ReportCache {
    built: std::sync::Mutex<std::collections::HashMap<(DraftId, Option<i32>), Built>>,
}

/// A built report: the draft's revision then, and the version (the latest for None).
type Built = (i64, std::sync::Arc<BuiltVersion>);

/// Drafts whose report is kept built (a report is a table of answers: small).
const REPORTS_KEPT: usize = 200;

impl ReportCache {
    fn get(
        &self,
        key: (DraftId, Option<i32>),
        revision: i64,
    ) -> Option<std::sync::Arc<BuiltVersion>> {
        let built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        built
            .get(&key)
            .filter(|(r, _)| *r == revision)
            .map(|(_, b)| b.clone())
    }

    fn put(&self, key: (DraftId, Option<i32>), revision: i64, b: std::sync::Arc<BuiltVersion>) {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if built.len() >= REPORTS_KEPT && !built.contains_key(&key) {
            built.clear();
        }
        built.insert(key, (revision, b));
    }
}

async fn load(state: &AppState, slug: String, version: Option<i32>) -> Result<Published, AppError> {
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
    // Only versions that exist are kept (a number that is not one answers 404 first),
    // so the keys clients choose stay bounded.
    let built = match state.reports.get((id, version), revision) {
        Some(hit) => hit,
        None => {
            let v = state
                .db
                .run(move |c| Ok::<_, AppError>(report::published(c, id, version)?))
                .await?
                .ok_or(AppError::NotFound)?;
            let built = std::sync::Arc::new(BuiltVersion {
                report: v.report,
                version: v.version,
                at: v.at,
                all: v.all,
            });
            state.reports.put((id, version), revision, built.clone());
            built
        }
    };
    Ok(Published {
        title,
        agency,
        place,
        built,
    })
}

/// `?lan=N`: a version of the report; none for the latest.
fn version_of(raw: &Option<String>) -> Result<Option<i32>, AppError> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => match s.parse::<i32>() {
            Ok(n) if (1..=10_000).contains(&n) => Ok(Some(n)),
            _ => Err(AppError::bad_request(VI.invalid_version)),
        },
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct ReportQuery {
    trang: Option<String>,
    lan: Option<String>,
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let number = super::params::page_number(&query.trang)?;
    let version = version_of(&query.lan)?;
    crate::web::rendered(&req, &state, || async {
        let p = load(&state, slug.clone(), version).await?;
        let formal = p.heading();
        let heading = Heading {
            formal: &formal,
            draft_title: &p.title,
        };
        Ok(public_page(
            &state.ctx(time::now_utc()),
            &slug,
            &heading,
            &p.built.report,
            number,
            &crate::views::report::Versions {
                shown: p.built.version,
                all: &p.built.all,
                asked: version,
            },
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

/// `?lan=N` of a download.
#[derive(Debug, serde::Deserialize)]
pub struct VersionQuery {
    lan: Option<String>,
}

/// The file name of a download: the latest version's, or "…-lan-2" for an earlier one.
fn file_name(slug: &str, p: &Published, asked: Option<i32>, extension: &str) -> String {
    match asked {
        None => format!("{slug}-bao-cao-tong-hop.{extension}"),
        Some(_) => format!(
            "{slug}-bao-cao-tong-hop-lan-{}.{extension}",
            p.built.version
        ),
    }
}

pub async fn csv(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let version = version_of(&query.lan)?;
    let p = load(&state, slug.clone(), version).await?;
    Ok(download(
        crate::report::csv(&VI, &p.heading(), &p.title, &p.built.report),
        "text/csv; charset=utf-8",
        file_name(&slug, &p, version, "csv"),
    ))
}

pub async fn docx(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<VersionQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let version = version_of(&query.lan)?;
    let p = load(&state, slug.clone(), version).await?;
    let formal = p.heading();
    let heading = crate::report::docx::Heading {
        formal: &formal,
        draft_title: &p.title,
    };
    Ok(download(
        crate::report::docx::build(&VI, &heading, &p.built.report),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        file_name(&slug, &p, version, "docx"),
    ))
}
