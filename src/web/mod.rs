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
pub mod session;
pub mod site;
pub mod state;

pub use state::AppState;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, guard, web};
use maud::Markup;

use crate::error::error_page;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/healthz", health::healthz))
        .service(page("/readyz", health::readyz))
        .service(page("/static/{file}", assets::serve))
        .configure(public::routes);
}

/// A route for reading: GET, and HEAD (answered with the same headers and no body).
pub fn read() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// The methods of a page, of a page with a form, and of an action.
pub const READ: &str = "GET, HEAD";
pub const READ_POST: &str = "GET, HEAD, POST";
pub const POST: &str = "POST";

/// What a resource answers to a method it has no route for: 405 with the methods it
/// has (without it, the app's default answered 404, as if the address did not exist).
pub fn not_allowed(allow: &'static str) -> actix_web::Route {
    web::route().to(move || async move {
        let mut resp = error_page(StatusCode::METHOD_NOT_ALLOWED, None);
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
        resp
    })
}

/// A page: GET and HEAD, 405 for anything else.
pub fn page<F, Args>(path: &str, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    web::resource(path)
        .route(read().to(handler))
        .default_service(not_allowed(READ))
}

/// A page with its form: GET and HEAD show it, POST sends it; 405 for anything else.
pub fn page_and_form<F, A, G, B>(path: &str, show: F, send: G) -> actix_web::Resource
where
    F: actix_web::Handler<A>,
    A: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
    G: actix_web::Handler<B>,
    B: actix_web::FromRequest + 'static,
    G::Output: actix_web::Responder + 'static,
{
    web::resource(path)
        .route(read().to(show))
        .route(web::post().to(send))
        .default_service(not_allowed(READ_POST))
}

/// An action: POST only; 405 for anything else.
pub fn action<G, B>(path: &str, send: G) -> actix_web::Resource
where
    G: actix_web::Handler<B>,
    B: actix_web::FromRequest + 'static,
    G::Output: actix_web::Responder + 'static,
{
    web::resource(path)
        .route(web::post().to(send))
        .default_service(not_allowed(POST))
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
    state: &crate::web::AppState,
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
    state: &crate::web::AppState,
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

/// Any route not matched: the helpful 404 page (JSON under /api/).
pub async fn not_found(req: actix_web::HttpRequest) -> HttpResponse {
    if is_api(&req) {
        return json_error(StatusCode::NOT_FOUND, crate::i18n::VI.not_found_text, None);
    }
    error_page(StatusCode::NOT_FOUND, None)
}

/// Whether the request is for the JSON API, which answers errors in JSON too.
pub fn is_api(req: &actix_web::HttpRequest) -> bool {
    req.path().starts_with("/api/")
}

/// An API error: `{"error": "…"}` with its status (and Retry-After when given).
pub fn json_error(
    status: StatusCode,
    message: &str,
    retry_after: Option<&HeaderValue>,
) -> HttpResponse {
    let mut resp = HttpResponse::build(status);
    resp.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        // Like the API's answers, so that a page elsewhere can read why it failed.
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ));
    if let Some(r) = retry_after {
        resp.insert_header((header::RETRY_AFTER, r.clone()));
    }
    resp.json(serde_json::json!({ "error": message }))
}

/// The answer to `e` for this request: the error page, or JSON under /api/.
pub fn error_for(req: &actix_web::HttpRequest, e: &crate::error::AppError) -> HttpResponse {
    let page = actix_web::ResponseError::error_response(e);
    if !is_api(req) {
        return page;
    }
    json_error(
        page.status(),
        &crate::error::message_of(e),
        page.headers().get(header::RETRY_AFTER),
    )
}

/// Turns any error the API's handlers or middleware answer in HTML or text into JSON, whatever
/// produced it (a limit, a refusal, a 405), so that a program reading the API never gets
/// a page.
pub async fn json_errors(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let res = next.call(req).await?;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.as_u16() < 400 || is_json {
        return Ok(res.map_into_left_body());
    }
    let message = res
        .response()
        .error()
        .and_then(|e| e.as_error::<crate::error::AppError>())
        .map(crate::error::message_of)
        .unwrap_or_else(|| crate::i18n::VI.status_text(status).1.to_string());
    let retry = res.headers().get(header::RETRY_AFTER).cloned();
    let allow = res.headers().get(header::ALLOW).cloned();
    let mut resp = json_error(status, &message, retry.as_ref());
    if let Some(allow) = allow {
        resp.headers_mut().insert(header::ALLOW, allow);
    }
    Ok(res.into_response(resp).map_into_right_body())
}

/// Counts the statements a request sends to the database and says it in
/// `x-gopy-queries`. Only on when the test harness asks (`Config::count_queries`): a
/// test can then measure one request while background workers keep polling.
pub async fn count_queries(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let (res, queries) = crate::db::count_queries(next.call(req)).await;
    let mut res = res?;
    res.headers_mut().insert(
        header::HeaderName::from_static("x-gopy-queries"),
        HeaderValue::from(queries),
    );
    Ok(res)
}
