//! The agency console under /quan-tri: staff sign in, author and publish drafts,
//! moderate, answer and publish the synthesis report; administrators manage accounts and
//! read the audit log.
//!
//! Every route is behind the session middleware (scoped to /quan-tri) and a guard that
//! refuses cross-site POSTs; every handler takes a `Staff` (signed in, or redirected to
//! the sign-in page) and asks `Staff::require` before acting.

mod admin;
mod agencies;
mod answers;
mod auth;
mod campaigns;
mod critiques;
mod drafts;
mod front;
mod jobs;
mod legal;
mod moderation;
mod participation;
mod received;
mod report;
mod text;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{Next, from_fn};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use maud::Markup;

use crate::auth::csrf;
use crate::auth::session::{SessionCsrf, Staff};
use crate::error::AppError;
use crate::i18n::VI;
use crate::web::AppState;
use crate::web::{action, page, page_and_form};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/quan-tri")
            .wrap(from_fn(refuse_cross_site))
            .wrap(from_fn(console_errors))
            // Console forms are small; the pasted text of a draft has its own limit.
            .app_data(crate::web::form_limit(64 * 1024))
            .service(page("", drafts::dashboard))
            .service(
                page_and_form("/dang-nhap", auth::login_form, auth::login)
                    .app_data(crate::web::form_limit(crate::web::SMALL_FORM)),
            )
            .service(action("/dang-xuat", auth::logout))
            .service(page_and_form(
                "/mat-khau",
                auth::password_form,
                auth::change_password,
            ))
            .service(page_and_form(
                "/tai-khoan",
                admin::accounts,
                admin::create_account,
            ))
            .service(action("/tai-khoan/{id}/trang-thai", admin::set_active))
            .service(page("/nhat-ky", admin::audit))
            .service(page_and_form(
                "/co-quan-van-hanh",
                admin::operator,
                admin::set_operator,
            ))
            .service(page_and_form("/co-quan", agencies::list, agencies::create))
            .service(page_and_form(
                "/co-quan/{id}",
                agencies::edit_form,
                agencies::save,
            ))
            .service(page_and_form("/to-chuc", front::list, front::create))
            .service(page_and_form(
                "/chien-dich",
                campaigns::list,
                campaigns::create,
            ))
            .service(page("/chien-dich/{id}", campaigns::show))
            .service(page("/chien-dich/{id}/ap-phich", campaigns::poster))
            .service(page("/chien-dich/{id}/ma-qr.png", campaigns::qr_png))
            .service(page(
                "/chien-dich/{id}/tham-gia.csv",
                campaigns::participation_csv,
            ))
            .service(action("/chien-dich/{id}/trang-thai", campaigns::step))
            .service(action(
                "/chien-dich/{id}/hop-dan",
                campaigns::record_meeting,
            ))
            .service(page("/hop-dan/{id}/bien-ban", campaigns::minutes))
            .service(page("/phan-bien", critiques::list))
            .service(page("/phan-bien/{id}", critiques::show))
            .service(page("/phan-bien/{id}/van-ban", critiques::document))
            .service(action("/phan-bien/{id}/nhan", critiques::receive))
            .service(action("/phan-bien/{id}/gui", critiques::submit))
            .service(action(
                "/phan-bien/{id}/diem/{point}",
                critiques::answer_point,
            ))
            .service(action("/phan-bien/{id}/tra-loi", critiques::answer))
            .service(action("/phan-bien/{id}/cong-bo", critiques::publish))
            .service(action("/phan-bien/{id}/rut", critiques::withdraw))
            .service(page_and_form("/to-chuc/{id}", front::show, front::save))
            .service(page("/cong-viec", jobs::status))
            .service(page("/can-cu-phap-ly", legal::list))
            .service(page_and_form(
                "/can-cu-phap-ly/{id}",
                legal::form,
                legal::save,
            ))
            .service(action("/cong-viec/{queue}/thu-lai", jobs::requeue))
            .service(page("/du-thao", drafts::list))
            .service(page_and_form(
                "/du-thao/moi",
                drafts::new_form,
                drafts::create,
            ))
            .service(page_and_form("/du-thao/{id}", drafts::show, drafts::update))
            .service(action("/du-thao/{id}/cong-bo", drafts::publish))
            .service(action("/du-thao/{id}/gia-han", drafts::extend))
            .service(action("/du-thao/{id}/ket-thuc", drafts::close_early))
            .service(page("/du-thao/{id}/van-ban", text::form))
            .service(action("/du-thao/{id}/van-ban/xem-truoc", text::preview))
            .service(
                action("/du-thao/{id}/van-ban/luu", text::save)
                    .app_data(crate::web::form_limit(8 * 1024 * 1024)),
            )
            .service(action("/du-thao/{id}/tep", text::upload_attachment))
            .service(action(
                "/du-thao/{id}/tep/{file}/xoa",
                text::delete_attachment,
            ))
            .service(action(
                "/du-thao/{id}/tep/{file}/rut",
                text::withdraw_attachment,
            ))
            .service(action("/du-thao/{id}/lien-ket", text::add_link))
            .service(action(
                "/du-thao/{id}/lien-ket/{link}/xoa",
                text::remove_link,
            ))
            .service(page_and_form(
                "/kiem-duyet",
                moderation::queue,
                moderation::decide,
            ))
            .service(page_and_form(
                "/du-thao/{id}/tra-loi",
                answers::page,
                answers::answer,
            ))
            .service(action("/tra-loi/{id}", answers::edit))
            .service(page("/du-thao/{id}/tham-gia", participation::dashboard))
            .service(page("/du-thao/{id}/tham-gia.csv", participation::csv))
            .service(page_and_form(
                "/du-thao/{id}/phan-bien",
                critiques::draft_page,
                critiques::request,
            ))
            .service(page_and_form(
                "/du-thao/{id}/y-kien-khac",
                received::page,
                received::record,
            ))
            .service(action(
                "/du-thao/{id}/y-kien-khac/xin-y-kien",
                received::letter,
            ))
            .service(action(
                "/du-thao/{id}/y-kien-khac/{opinion}/tra-loi",
                received::answer,
            ))
            .service(page_and_form(
                "/du-thao/{id}/bao-cao",
                report::preview,
                report::publish,
            )),
    );
}

/// Refuses any state-changing request that the browser says comes from another site,
/// whatever its token; the token is checked again by each handler.
async fn refuse_cross_site(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if req.method() == Method::POST
        && let Some(state) = req.app_data::<web::Data<AppState>>()
        && !csrf::same_origin(req.request(), &state.config.server.base_url)
    {
        let resp = crate::error::error_page(StatusCode::FORBIDDEN, None);
        return Ok(req.into_response(resp).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// An error in the console is shown in the console: its header, its way back, never
/// the public site's error page with the public site's links. The status and headers
/// (Retry-After) are kept; the message is the error's own.
async fn console_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let back = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            r.split_once("/quan-tri")
                .map(|(_, rest)| format!("/quan-tri{rest}"))
        })
        .filter(|p| !p.contains(['\r', '\n', '"', '<']) && p.len() < 2000);
    let res = next.call(req).await?;
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // Only errors: a page a handler sends back with a 400 (a form with its problems) is
    // a console page already.
    let is_error = res.response().error().is_some();
    if !(status.is_client_error() || status.is_server_error()) || !is_html || !is_error {
        return Ok(res.map_into_left_body());
    }
    let message = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .and_then(|e| match e {
            AppError::BadRequest(m) | AppError::Refused { message: m, .. } => Some(m.clone()),
            AppError::TooManyRequests(wait) => {
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                Some(VI.too_many_text(secs.max(1)))
            }
            _ => None,
        });
    let ctx = crate::views::Ctx::new(crate::domain::time::now_utc());
    let markup =
        crate::views::console::error_page(&ctx, status, message.as_deref(), back.as_deref());
    let (req, old) = res.into_parts();
    let mut resp = HttpResponse::build(status);
    for (name, value) in old.headers() {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            resp.append_header((name.clone(), value.clone()));
        }
    }
    let resp = resp
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ))
        .body(markup.into_string());
    Ok(ServiceResponse::new(req, resp).map_into_right_body())
}

/// The outcome an action sends its page back with (`?ket-qua=da-luu`), for the notice.
#[derive(Debug, serde::Deserialize)]
pub struct ResultQuery {
    #[serde(rename = "ket-qua")]
    pub result: Option<String>,
}

/// Renders a console page with a CSRF token for its forms, never cached: the session's
/// own token when signed in, otherwise (the sign-in page) the browser's token cookie,
/// set the first time.
pub fn render(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    view: impl FnOnce(&str) -> Markup,
) -> Result<HttpResponse, AppError> {
    let session = req.extensions().get::<SessionCsrf>().map(|c| c.0.clone());
    let (token, cookie) = match session {
        Some(token) => (token, None),
        None => csrf::token_for(req, state.config.is_https()),
    };
    let mut resp = HttpResponse::build(status)
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .body(view(&token).into_string());
    if let Some(c) = cookie {
        resp.add_cookie(&c)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(resp)
}

/// Whether `token` is the CSRF token of the request's session (or, before sign-in, of
/// the browser's cookie). Only the form extractors below call it.
fn check_csrf(req: &HttpRequest, state: &AppState, token: &str) -> Result<(), AppError> {
    let session = req.extensions().get::<SessionCsrf>().map(|c| c.0.clone());
    let checked = match session {
        Some(expected) => {
            csrf::verify_against(req, token, &expected, &state.config.server.base_url)
        }
        None => csrf::verify(req, token, &state.config.server.base_url),
    };
    checked.map_err(|_| AppError::refused(StatusCode::FORBIDDEN, VI.forbidden_text))
}

/// Who may send a form at all, checked from the session before its body is read. What a
/// staff member may do with one draft needs the draft, and is asked by the handler.
pub trait Gate {
    fn check(staff: &Staff) -> Result<(), AppError>;
}

/// Any signed-in staff member.
pub struct SignedIn;

impl Gate for SignedIn {
    fn check(_: &Staff) -> Result<(), AppError> {
        Ok(())
    }
}

/// Administrators only.
pub struct Administrators;

impl Gate for Administrators {
    fn check(staff: &Staff) -> Result<(), AppError> {
        staff.require(crate::auth::policy::Action::Administer)
    }
}

/// Those who mobilise: administrators, and organisers who act for an organisation
/// (which one a campaign belongs to is the handler's to check).
pub struct Mobilisers;

impl Gate for Mobilisers {
    fn check(staff: &Staff) -> Result<(), AppError> {
        match staff.role {
            crate::domain::staff::Role::Admin => Ok(()),
            crate::domain::staff::Role::Organiser if staff.organisation_id.is_some() => Ok(()),
            _ => Err(AppError::refused(StatusCode::FORBIDDEN, VI.not_allowed)),
        }
    }
}

/// Those who keep a moderation queue: administrators and moderators.
pub struct QueueKeepers;

impl Gate for QueueKeepers {
    fn check(staff: &Staff) -> Result<(), AppError> {
        match staff.role {
            crate::domain::staff::Role::Admin | crate::domain::staff::Role::Moderator => Ok(()),
            _ => Err(AppError::refused(StatusCode::FORBIDDEN, VI.not_allowed)),
        }
    }
}

/// A console form, sent by a signed-in staff member whom `G` lets through, with their
/// session's own CSRF token in its `csrf` field. In that order: the session first, the
/// gate before the body is read, the token before the handler runs. Handlers take it
/// as `ConsoleForm(staff, form)` and check nothing of this themselves.
pub struct ConsoleForm<T, G: Gate = SignedIn>(pub Staff, pub T, std::marker::PhantomData<G>);

impl<T: serde::de::DeserializeOwned + 'static, G: Gate + 'static> actix_web::FromRequest
    for ConsoleForm<T, G>
{
    type Error = AppError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let staff = <Staff as actix_web::FromRequest>::from_request(req, payload);
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let staff = staff.await?;
            G::check(&staff)?;
            let fields = web::Form::<Vec<(String, String)>>::from_request(&req, &mut payload)
                .await
                .map_err(|e| {
                    let status = e.as_response_error().status_code();
                    if status == StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::refused(status, VI.too_large_text)
                    } else {
                        AppError::refused(StatusCode::BAD_REQUEST, VI.form_invalid)
                    }
                })?
                .into_inner();
            crate::web::form::check_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
            let token = crate::web::form::first(&fields, "csrf");
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::Internal("no application state".into()))?;
            check_csrf(&req, state, token)?;
            Ok(ConsoleForm(
                staff,
                crate::web::form::decode(&fields)?,
                std::marker::PhantomData,
            ))
        })
    }
}

pub use crate::web::form::NoFields;

/// An uploaded (multipart) console form, whose CSRF token is one of its parts.
pub trait CsrfPart {
    fn csrf(&self) -> &str;
}

/// 303 to `path` with a result code the page turns into a notice.
pub fn see_other(path: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, path.to_string()))
        .finish()
}

pub use crate::db::queries::console::DraftInContext;

/// The draft (with its type and agency) if this staff member may see it and may `act`
/// on it (`act` is given the draft's agency, as the policy needs).
pub fn draft_for(
    c: &mut crate::db::DbConnection,
    staff: &Staff,
    id: crate::domain::ids::DraftId,
    act: Option<fn(crate::domain::ids::AgencyId) -> crate::auth::policy::Action>,
) -> Result<DraftInContext, AppError> {
    use crate::auth::policy::Action;
    let found = crate::db::queries::console::draft(c, id)?.ok_or(AppError::NotFound)?;
    let agency_id = found.draft.agency_id;
    staff.require(Action::SeeDraft { agency_id })?;
    if let Some(act) = act {
        staff.require(act(agency_id))?;
    }
    Ok(found)
}
