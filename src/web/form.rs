//! Forms, checked at the edge. Every field of every form is checked by `text::check`
//! before a handler sees it: no control character (line breaks and tabs only in the
//! fields that are text areas), no noncharacter, no unclosed direction override, no
//! pile of combining marks. A form with one is refused with a 400 that says which field
//! and what is wrong, so nothing of the kind reaches a page, a document or a database
//! (PostgreSQL refuses NUL in text with an error).
//!
//! The citizen's comment form is checked field by field by `ValidComment` instead, so
//! that its problems show beside its fields.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::text::{self, TextProblem};

/// The fields that are text areas: they may hold line breaks and tabs.
const MULTILINE: [&str; 6] = [
    "noi_dung", "ly_do", "tom_tat", "van_ban", "noi_nhan", "mo_ta",
];

/// Checks every field of a decoded form.
pub fn check_fields<'a>(
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), AppError> {
    for (name, value) in fields {
        // A field's name is typed by nobody; one that breaks the rules is refused too.
        let problem = text::check(name, false)
            .err()
            .or_else(|| text::check(value, MULTILINE.contains(&name)).err());
        if let Some(p) = problem {
            return Err(AppError::bad_request(message(name, p)));
        }
    }
    Ok(())
}

fn message(field: &str, p: TextProblem) -> String {
    let what = match p {
        TextProblem::Control => "có ký tự điều khiển (thường do sao chép từ văn bản khác)",
        TextProblem::Noncharacter => "có ký tự không dùng trong văn bản (như U+FFFF)",
        TextProblem::UnclosedDirection => "có ký tự đổi chiều chữ không được đóng lại",
        TextProblem::StackedMarks => "có quá nhiều dấu chồng lên một chữ",
    };
    let field: String = field.chars().filter(|c| !c.is_control()).take(40).collect();
    format!("Ô “{field}” {what}. Hãy xóa các ký tự đó rồi gửi lại.")
}

/// A urlencoded form whose every field passed `check_fields`, read within the route's
/// body limit (its `web::FormConfig`).
pub struct Form<T>(pub T);

impl<T> std::ops::Deref for Form<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Form<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fields = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let fields = fields.await?.into_inner();
            check_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
            Ok(Form(decode(&fields)?))
        })
    }
}

/// A citizen's form, accepted only with the CSRF token of the browser's cookie in its
/// `csrf` field (see `auth::csrf`); refused with a 403 before the handler runs.
pub struct CsrfChecked<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfChecked<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fields = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let fields = fields.await?.into_inner();
            check_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
            let token = first(&fields, "csrf");
            let base = req
                .app_data::<web::Data<crate::web::AppState>>()
                .map(|s| s.config.server.base_url.clone())
                .ok_or_else(|| AppError::Internal("no application state".into()))?;
            crate::auth::csrf::verify(&req, token, &base).map_err(|_| {
                AppError::refused(StatusCode::FORBIDDEN, crate::i18n::VI.forbidden_text)
            })?;
            Ok(CsrfChecked(decode(&fields)?))
        })
    }
}

/// A form with nothing but its CSRF token (confirm, withdraw, publish, sign out …).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}

/// The first value of the field `name`, or "" when the form has none.
pub fn first<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The form `T` from fields already read and checked.
pub fn decode<T: DeserializeOwned>(fields: &[(String, String)]) -> Result<T, AppError> {
    let encoded =
        serde_urlencoded::to_string(fields).map_err(|e| AppError::Internal(e.to_string()))?;
    serde_urlencoded::from_str::<T>(&encoded)
        .map_err(|_| AppError::refused(StatusCode::BAD_REQUEST, crate::i18n::VI.form_invalid))
}

/// Refuses a request whose query string holds what no form field may (see
/// `check_fields`): filters and search words reach pages and queries.
pub async fn check_query(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let query = req.query_string();
    if !query.is_empty() {
        let fields: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        // Search words may hold anything printable; the rest are filters.
        if let Err(e) = check_fields(
            fields
                .iter()
                .filter(|(k, _)| k != "q")
                .map(|(k, v)| (k.as_str(), v.as_str())),
        ) {
            let resp = crate::web::error_for(req.request(), &e);
            return Ok(req.into_response(resp).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(actix_web::dev::ServiceResponse::map_into_left_body)
}
