//! A published social critique beside the agency's answer, and its document, for
//! everyone (issue 16, point 7). Until the agency publishes it, a critique is not
//! public: 404.

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;

use crate::db::queries::critiques as q;
use crate::db::schema::drafts;
use crate::domain::critique::CritiqueState;
use crate::domain::ids::{CritiqueId, DraftId};
use crate::domain::time;
use crate::error::AppError;
use crate::web::AppState;
use crate::web::public::params::is_slug;

/// The published critique `id` of the published draft `slug`, with the draft's title.
async fn published(state: &AppState, slug: &str, id: i64) -> Result<(String, q::Named), AppError> {
    let s = slug.to_string();
    state
        .db
        .run(move |c| {
            let (draft, title): (DraftId, String) = drafts::table
                .filter(drafts::slug.eq(&s))
                .filter(drafts::publication.eq(crate::domain::Publication::Published))
                .select((drafts::id, drafts::title))
                .first(c)
                .optional()?
                .ok_or(AppError::NotFound)?;
            let n = q::find(c, CritiqueId(id))?
                .filter(|n| n.critique.draft_id == draft)
                .filter(|n| n.critique.state == CritiqueState::Published)
                .ok_or(AppError::NotFound)?;
            Ok((title, n))
        })
        .await
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    crate::web::rendered(&req, &state, || async {
        let (title, n) = published(&state, &slug, id).await?;
        let cid = n.critique.id;
        let points = state
            .db
            .run(move |c| Ok::<_, AppError>(q::points(c, cid)?))
            .await?;
        Ok(crate::views::critique::public_page(
            &state.ctx(time::now_utc()),
            &slug,
            &title,
            &n,
            &points,
        ))
    })
    .await
}

pub async fn document(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    if !is_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let (_, n) = published(&state, &slug, id).await?;
    send_document(&req, &state, &n.critique).await
}

/// The critique's document from the file store, as a download.
pub(crate) async fn send_document(
    req: &HttpRequest,
    state: &AppState,
    c: &q::Critique,
) -> Result<HttpResponse, AppError> {
    let (Some(sha), Some(name), Some(kind)) = (
        c.document_sha256.clone(),
        c.document_name.clone(),
        c.document_type.clone(),
    ) else {
        return Err(AppError::NotFound);
    };
    let id = c.id;
    let files = state.files.clone();
    let path = tokio::task::spawn_blocking(move || files.local(&sha))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("document of critique {id}: {e}")))?
        .ok_or(AppError::NotFound)?;
    let file = actix_files::NamedFile::open_async(&path)
        .await
        .map_err(|e| AppError::Internal(format!("document of critique {id}: {e}")))?;
    let mime: mime::Mime = kind.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let (_, disposition) = super::drafts::attachment_disposition(&name);
    Ok(file
        .set_content_type(mime)
        .set_content_disposition(disposition)
        .into_response(req))
}
