use crate::domain::ids::*;
use actix_files::NamedFile;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
    HeaderValue,
};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::Deserialize;

use super::params::{ListQuery, PER_PAGE, is_slug, page_number};
use crate::db::models::Draft;
use crate::db::queries::drafts::{self, DraftOrder};
use crate::db::queries::reference;
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::views::{draft, drafts as list_view};
use crate::web::AppState;
use crate::web::cache::CachedPage;
use crate::web::{cached_page, rendered};

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = query.filter()?;
    let page = page_number(&query.trang)?;
    rendered(&req, &state, || async {
        let now = time::now_utc();
        let data = state
            .db
            .run(move |c| {
                Ok::<_, AppError>(list_view::DraftsData {
                    page: drafts::list(c, &filter, DraftOrder::Newest, now, page, PER_PAGE)?,
                    filter,
                    agencies: reference::agencies(c)?,
                    doc_types: reference::document_types(c)?,
                    years: drafts::years(c)?,
                })
            })
            .await?;
        Ok(list_view::render(&state.ctx(now), &data))
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct DraftQuery {
    /// Which version ("lần") to show; the latest when absent.
    lan: Option<String>,
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<DraftQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let version = match query
        .lan
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => match s.parse::<i32>() {
            Ok(n) if (1..=10_000).contains(&n) => Some(n),
            _ => return Err(AppError::bad_request(VI.invalid_version)),
        },
    };
    let now = time::now_utc();

    // Served from memory while nothing may have changed (see web::cache); otherwise one
    // cheap query decides whether the cached page is still the truth.
    // The operator is in the footer: a change to it is a new page too.
    let key = format!("{slug}:{}:{}", version.unwrap_or(0), state.site.revision());
    let generation = state.db.generation();
    if let Some(page) = state.pages.fresh(&key, now, generation) {
        return Ok(cached_page(&req, page));
    }
    let s = slug.clone();
    let (_, revision) = state
        .db
        .run(move |c| Ok::<_, AppError>(drafts::revision(c, &s)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(page) = state.pages.confirm(&key, revision, now, generation) {
        return Ok(cached_page(&req, page));
    }
    // A miss: one request renders, the others that missed at the same moment wait for
    // its page (the render reads a bounded number of rows, but 64 of them at once would
    // still be 64 times the work for one page).
    let _turn = state.pages.render_turn(&key).await;
    let rendered_meanwhile = state
        .pages
        .fresh(&key, now, generation)
        .or_else(|| state.pages.confirm(&key, revision, now, generation));
    if let Some(page) = rendered_meanwhile {
        return Ok(cached_page(&req, page));
    }

    let data = state
        .db
        .run(move |c| Ok::<_, AppError>(drafts::page(c, &slug, version)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let page = CachedPage::new(draft::render(&state.ctx(now), &data).into_string().into());
    state.pages.put(
        key,
        data.draft.revision,
        valid_until(&data.draft, now),
        now,
        generation,
        page.clone(),
    );
    Ok(cached_page(&req, page))
}

/// When a page rendered now would start to read differently with time alone.
fn valid_until(d: &Draft, now: NaiveDateTime) -> NaiveDateTime {
    [
        Some(time::next_local_midnight(now)),
        d.opens_at,
        d.closes_at,
    ]
    .into_iter()
    .flatten()
    .filter(|t| *t > now)
    .min()
    .unwrap_or_else(|| time::next_local_midnight(now))
}

/// The full text of the latest version as a plain-text file (Decree 42/2022 asks for a
/// downloadable document).
pub async fn full_text(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let (d, v) = state
        .db
        .run(move |c| Ok::<_, AppError>(drafts::latest_text(c, &slug)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let name = format!("{}-lan-{}.txt", d.slug, v.number);
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        ))
        .insert_header(attachment_disposition(&name))
        .body(v.source_text))
}

pub async fn attachment(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id, _name) = path.into_inner();
    let id: AttachmentId = id.parse().map_err(|_| AppError::NotFound)?;
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let a = state
        .db
        .run(move |c| Ok::<_, AppError>(drafts::attachment(c, &slug, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    // On this process's disk, or fetched from the database once if another process
    // received the file.
    let (files, sha) = (state.files.clone(), a.sha256.clone());
    let path = tokio::task::spawn_blocking(move || files.local(&sha))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("attachment {}: {e}", a.id)))?
        .ok_or(AppError::NotFound)?;
    let file = NamedFile::open_async(&path).await.map_err(|e| {
        AppError::Internal(format!(
            "attachment {} missing at {}: {e}",
            a.id,
            path.display()
        ))
    })?;
    let mime: mime::Mime = a
        .content_type
        .parse()
        .unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let (_, disposition) = attachment_disposition(&a.file_name);
    Ok(file
        .set_content_type(mime)
        .set_content_disposition(disposition)
        .into_response(&req))
}

/// `attachment; filename="…"; filename*=UTF-8''…`, so that a Vietnamese file name
/// arrives intact and an old client still gets an ASCII one.
pub(crate) fn attachment_disposition(name: &str) -> (header::HeaderName, ContentDisposition) {
    let ascii: String = crate::text::fold(name)
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        header::CONTENT_DISPOSITION,
        ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![
                DispositionParam::Filename(ascii),
                DispositionParam::FilenameExt(ExtendedValue {
                    charset: Charset::Ext("UTF-8".into()),
                    language_tag: None,
                    value: name.as_bytes().to_vec(),
                }),
            ],
        },
    )
}
