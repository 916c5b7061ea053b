//! HTTP: routes and handlers, grouped by who uses them. Handlers parse the request,
//! call queries through `Db::run`, and hand data to a view.

pub mod assets;
pub mod body;
pub mod cache;
pub mod compress;
pub mod console;
pub mod form;
pub mod health;
pub mod public;
pub mod ratelimit;
pub mod site;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, guard, web};
use maud::Markup;

use crate::error::error_page;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", read().to(health::healthz))
        .route("/readyz", read().to(health::readyz))
        .route("/static/{file}", read().to(assets::serve))
        .configure(public::routes);
}

/// A route for reading: GET, and HEAD (answered with the same headers and no body).
pub fn read() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// An HTML page that may not be stored by shared caches (it can change at any moment).
pub fn html(markup: Markup) -> HttpResponse {
    html_bytes(markup.into_string().into())
}

pub fn html_bytes(body: bytes::Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .body(body)
}

/// A cached page, gzipped when the client accepts it. Sets `Content-Encoding` itself, so
/// the compression middleware leaves it alone.
pub fn cached_page(req: &actix_web::HttpRequest, page: cache::CachedPage) -> HttpResponse {
    let mut resp = html_bytes(page.html.clone());
    resp.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if accepts_gzip(req) && !page.gzip.is_empty() {
        resp.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        return resp.set_body(actix_web::body::BoxBody::new(page.gzip));
    }
    resp
}

/// A public page kept in the render cache under its address (see `cache::RenderCache`):
/// `render` runs only when no render of it from the current data is at hand.
pub async fn rendered<F, Fut>(
    req: &actix_web::HttpRequest,
    state: &crate::app::AppState,
    render: F,
) -> Result<HttpResponse, crate::error::AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Markup, crate::error::AppError>>,
{
    rendered_in(&state.renders, req, state, render).await
}

/// As [`rendered`], in a cache of its own.
pub async fn rendered_in<F, Fut>(
    cache: &cache::RenderCache,
    req: &actix_web::HttpRequest,
    state: &crate::app::AppState,
    render: F,
) -> Result<HttpResponse, crate::error::AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Markup, crate::error::AppError>>,
{
    let key = req.uri().path_and_query().map_or("", |p| p.as_str());
    let page = cache
        .get_or_render(key, state.db.generation(), render)
        .await?;
    Ok(cached_page(req, page))
}

/// Whether Accept-Encoding lists gzip without refusing it (q=0).
pub(crate) fn accepts_gzip(req: &actix_web::HttpRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.replace(' ', "").starts_with("q=0")
                    && !p.contains(|c: char| ('1'..='9').contains(&c))
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// The form body limit of a route, with the page that says what went wrong. Each route
/// gets what its form needs: a comment 256 KB, a sign-in 4 KB, a pasted draft 8 MB.
pub fn form_limit(bytes: usize) -> web::FormConfig {
    web::FormConfig::default()
        .limit(bytes)
        .error_handler(|err, _| {
            let resp = match &err {
                actix_web::error::UrlencodedError::Overflow { .. } => error_page(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    Some(crate::i18n::VI.too_large_text),
                ),
                _ => error_page(StatusCode::BAD_REQUEST, Some(crate::i18n::VI.form_invalid)),
            };
            actix_web::error::InternalError::from_response(err, resp).into()
        })
}

/// Small forms: a button with its token, an address and a number.
pub const SMALL_FORM: usize = 4 * 1024;

/// Any route not matched: the helpful 404 page.
pub async fn not_found() -> HttpResponse {
    error_page(StatusCode::NOT_FOUND, None)
}
