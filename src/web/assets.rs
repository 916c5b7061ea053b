//! Serves the files compiled in from static/ under their hashed names.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};

use crate::assets::by_hashed_name;
use crate::error::AppError;

pub async fn serve(file: web::Path<String>) -> Result<HttpResponse, AppError> {
    let asset = by_hashed_name(&file).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        ))
        // The name changes with the content, so the file may be kept for a year.
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .body(asset.bytes))
}
