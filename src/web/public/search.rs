//! Search: the page (/tim-kiem) and the same results as JSON (/api/tim-kiem), both
//! rate-limited per client address.

use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use super::params::{ListQuery, page_number};
use crate::domain::time;
use crate::error::AppError;
use crate::i18n::VI;
use crate::i18n::search::SearchText;
use crate::search::results::{self, MAX_PAGE, MAX_QUERY_CHARS, PublicQuery, Results};
use crate::search::{SearchError, Sort};
use crate::views::search as view;
use crate::web::AppState;
use crate::web::ratelimit::{PerAddress, per_address};
use crate::web::{READ, error_for, html, not_allowed, read, rendered_in};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/tim-kiem")
            .wrap(from_fn(|req, next| {
                per_address(PerAddress::Search, req, next)
            }))
            .route(read().to(page))
            .default_service(not_allowed(READ)),
    )
    .service(
        web::resource("/api/tim-kiem")
            .wrap(from_fn(|req, next| {
                per_address(PerAddress::Search, req, next)
            }))
            .wrap(from_fn(crate::web::json_errors))
            .route(read().to(json))
            .default_service(not_allowed(READ)),
    );
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    #[serde(rename = "ket-qua")]
    kind: Option<String>,
    #[serde(rename = "sap-xep")]
    sort: Option<String>,
    #[serde(flatten)]
    list: ListQuery,
}

impl SearchParams {
    /// The query as typed values; each mistake refused with its own message.
    pub fn parse(&self) -> Result<PublicQuery, AppError> {
        let s = VI.search;
        // NFC, so that text typed in NFD searches the same; control characters are
        // separators like any other non-letter.
        let q: String = self
            .q
            .as_deref()
            .unwrap_or("")
            .nfc()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_string();
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::bad_request(s.query_too_long));
        }
        let kind = match self
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            None => None,
            Some(k) => Some(
                SearchText::kind_from_slug(k)
                    .ok_or_else(|| AppError::bad_request(s.invalid_kind))?,
            ),
        };
        let sort = match self.sort.as_deref().map(str::trim).unwrap_or("") {
            "" | "lien-quan" => Sort::Relevance,
            "moi-nhat" => Sort::Newest,
            _ => return Err(AppError::bad_request(s.invalid_sort)),
        };
        let page = page_number(&self.list.trang)?;
        if page > MAX_PAGE {
            return Err(AppError::bad_request(s.page_too_far(MAX_PAGE)));
        }
        Ok(PublicQuery {
            q,
            kind,
            filter: self.list.filter()?,
            sort,
            page,
        })
    }
}

fn unavailable(e: &SearchError) -> AppError {
    tracing::warn!(error = %e, "search failed");
    let text = match e {
        SearchError::NotReady => VI.search.preparing_text,
        _ => VI.search.unavailable_text,
    };
    AppError::refused(StatusCode::SERVICE_UNAVAILABLE, text)
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, AppError> {
    let q = params.parse()?;
    let now = time::now_utc();
    let ctx = state.ctx(now);
    if q.is_empty() {
        return Ok(html(view::render(&ctx, &q, None)));
    }
    rendered_in(&state.searches, &req, &state, || async {
        let found = results::run(&state.db, &state.search, &q, now)
            .await
            .map_err(|e| unavailable(&e))?;
        Ok(view::render(&ctx, &q, Some(&found)))
    })
    .await
}

/// The same search as JSON, for anyone building on the portal's open data. Errors are
/// JSON too: {"error": "…"} with the status.
pub async fn json(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: web::Query<SearchParams>,
) -> HttpResponse {
    let q = match params.parse() {
        Ok(q) => q,
        Err(e) => return error_for(&req, &e),
    };
    let now = time::now_utc();
    match results::run(&state.db, &state.search, &q, now).await {
        Ok(found) => HttpResponse::Ok()
            .insert_header(("cache-control", "no-cache"))
            .insert_header(("access-control-allow-origin", "*"))
            .json(to_json(&state.config.server.base_url, &q, &found)),
        Err(e) => error_for(&req, &unavailable(&e)),
    }
}

fn to_json(base_url: &str, q: &PublicQuery, r: &Results) -> serde_json::Value {
    use serde_json::json;
    let plain = |segments: &[crate::search::highlight::Segment]| {
        segments.iter().map(|s| s.text.as_str()).collect::<String>()
    };
    let hits: Vec<serde_json::Value> = r
        .hits
        .items
        .iter()
        .map(|h| {
            json!({
                "kind": h.kind.as_str(),
                "title": plain(&h.title),
                "title_highlighted": h.title,
                "excerpt": plain(&h.excerpt),
                "excerpt_highlighted": h.excerpt,
                "url": format!("{base_url}{}", h.url),
                "date": h.date.and_utc().to_rfc3339(),
                "draft": {
                    "slug": h.draft.slug,
                    "title": h.draft.title,
                    "agency": h.draft.agency,
                    "document_type": h.draft.doc_type,
                    "status": h.draft.status.slug(),
                },
            })
        })
        .collect();
    let f = &r.facets;
    json!({
        "q": q.q,
        "page": r.hits.number,
        "per_page": r.hits.per_page,
        "total": r.hits.total,
        "total_is_lower_bound": r.total_is_floor,
        "hits": hits,
        "facets": {
            "kind": f.kinds.iter().map(|(k, n)| (k.as_str().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "agency": f.agencies.iter().map(|(slug, name, n)| json!({ "slug": slug, "name": name, "count": n })).collect::<Vec<_>>(),
            "document_type": f.doc_types.iter().map(|(code, name, n)| json!({ "code": code, "name": name, "count": n })).collect::<Vec<_>>(),
            "status": f.statuses.iter().map(|(s, n)| (s.slug().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "year": f.years.iter().map(|(y, n)| (y.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
        },
    })
}
