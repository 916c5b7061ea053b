//! The published synthesis report: a printable page, CSV and .docx.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;

use super::params::is_slug;
use crate::app::AppState;
use crate::db::queries::report::{self, Report};
use crate::db::schema::{agencies, drafts};
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::views::report::{Heading, public_page};

struct Published {
    title: String,
    agency: String,
    report: Report,
    at: chrono::NaiveDateTime,
}

async fn load(state: &AppState, slug: String) -> Result<Published, AppError> {
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    state
        .db
        .run(move |c| {
            let (id, title, agency): (i64, String, String) = drafts::table
                .inner_join(agencies::table)
                .filter(drafts::slug.eq(&slug))
                .filter(drafts::publication.eq("published"))
                .select((drafts::id, drafts::title, agencies::name))
                .first(c)
                .optional()?
                .ok_or(AppError::NotFound)?;
            let (report, at) = report::latest(c, id)?.ok_or(AppError::NotFound)?;
            Ok(Published {
                title,
                agency,
                report,
                at,
            })
        })
        .await
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    crate::web::rendered(&req, &state, || async {
        let p = load(&state, slug.clone()).await?;
        let heading = Heading {
            agency: &p.agency,
            draft_title: &p.title,
            published_at: Some(p.at),
        };
        Ok(public_page(
            &state.ctx(time::now_utc()),
            &slug,
            &heading,
            &p.report,
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
        crate::report::csv(&VI, &p.report),
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
    let date = VI.report_date_line(p.at);
    let heading = crate::report::docx::Heading {
        agency: &p.agency,
        draft_title: &p.title,
        date_line: &date,
    };
    Ok(download(
        crate::report::docx::build(&VI, &heading, &p.report),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        format!("{slug}-bao-cao-tong-hop.docx"),
    ))
}
