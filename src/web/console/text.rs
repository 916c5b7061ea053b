//! A draft's text and versions, and its attached files.

use crate::domain::ids::*;
use actix_multipart::form::MultipartForm;
use actix_multipart::form::bytes::Bytes as FilePart;
use actix_multipart::form::text::Text;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ConsoleForm, CsrfPart, NoFields, check_csrf, render, see_other};
use crate::auth::session::Staff;
use crate::db::DbConnection;
use crate::db::models::{Draft, NewAttachment};
use crate::domain::AttachmentKind;
use crate::domain::time;
use crate::error::AppError;
use crate::parse;
use crate::services;
use crate::upload;
use crate::views::Ctx;
use crate::views::console::drafts as view;
use crate::web::AppState;

/// The draft, if this staff member may edit it.
fn editable(c: &mut DbConnection, staff: &Staff, id: DraftId) -> Result<Draft, AppError> {
    super::drafts::editable_draft(c, staff, id).map(|f| f.draft)
}

async fn load(state: &AppState, staff: &Staff, id: DraftId) -> Result<Draft, AppError> {
    let who = staff.clone();
    state.db.run(move |c| editable(c, &who, id)).await
}

pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
) -> Result<HttpResponse, AppError> {
    let draft = load(&state, &staff, path.into_inner()).await?;
    render(&req, &state, StatusCode::OK, |csrf| {
        view::text_page(
            &Ctx::new(time::now_utc()),
            &staff,
            csrf,
            &draft,
            "",
            None,
            None,
        )
    })
}

/// Reads a multipart form once the request is known to be allowed (the body's size is
/// bounded by the app's MultipartFormConfig, its time by `web::body`), and accepts it
/// only with the session's CSRF token among its parts.
pub(super) async fn read_multipart<T>(
    req: &HttpRequest,
    state: &AppState,
    payload: web::Payload,
) -> Result<MultipartForm<T>, AppError>
where
    T: actix_multipart::form::MultipartCollect + CsrfPart,
    MultipartForm<T>: FromRequest,
    <MultipartForm<T> as FromRequest>::Error: Into<actix_web::Error>,
{
    let form = MultipartForm::<T>::from_request(req, &mut payload.into_inner())
        .await
        .map_err(|e| {
            let e: actix_web::Error = e.into();
            let status = e.as_response_error().status_code();
            let c = Ctx::new(time::now_utc()).t;
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::refused(status, c.too_large_text)
            } else if status == StatusCode::REQUEST_TIMEOUT {
                AppError::refused(status, c.body_too_slow)
            } else {
                AppError::refused(StatusCode::BAD_REQUEST, c.form_invalid)
            }
        })?;
    check_csrf(req, state, form.csrf())?;
    Ok(form)
}

#[derive(MultipartForm)]
pub struct TextUpload {
    csrf: Text<String>,
    van_ban: Option<Text<String>>,
    #[multipart(limit = "20MB")]
    tep: Option<FilePart>,
}

impl CsrfPart for TextUpload {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Reads pasted or uploaded text and shows the structure the parser finds, before
/// anything is saved.
pub async fn preview(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    // Whose draft it is comes first: the body is read only for someone who may use it.
    let draft = load(&state, &staff, path.into_inner()).await?;
    let form = read_multipart::<TextUpload>(&req, &state, payload).await?;
    let c = Ctx::new(time::now_utc()).t.console;
    let file = form.tep.as_ref().filter(|f| !f.data.is_empty());
    let text = match file {
        Some(f) => upload::draft_text(f.file_name.as_deref().unwrap_or(""), &f.data)
            .map_err(|e| e.to_string()),
        None => Ok(form
            .van_ban
            .as_ref()
            .map(|t| t.0.clone())
            .unwrap_or_default()),
    };
    let text = text.map(|t| parse::normalize(&t)).and_then(|t| {
        if t.trim().is_empty() {
            Err(c.text_empty.to_string())
        } else {
            Ok(t)
        }
    });
    match text {
        Ok(text) => {
            let doc = parse::parse(&text);
            render(&req, &state, StatusCode::OK, |csrf| {
                view::text_page(
                    &Ctx::new(time::now_utc()),
                    &staff,
                    csrf,
                    &draft,
                    &text,
                    Some(&doc),
                    None,
                )
            })
        }
        Err(e) => render(&req, &state, StatusCode::BAD_REQUEST, |csrf| {
            view::text_page(
                &Ctx::new(time::now_utc()),
                &staff,
                csrf,
                &draft,
                "",
                None,
                Some(&e),
            )
        }),
    }
}

#[derive(Debug, Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    van_ban: String,
    #[serde(default)]
    ghi_chu: String,
}

/// Saves the previewed text as the next version. On a published draft the version is
/// published at once, its sections matched to the previous version's and the comments
/// carried over.
pub async fn save(
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, form, _): ConsoleForm<SaveForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let text = parse::normalize(&form.van_ban);
    let who = staff.clone();
    let now = time::now_utc();
    let added = state
        .db
        .write(move |c| {
            // Whose draft it is comes first: a refusal must not depend on what was typed.
            let d = editable(c, &who, id)?;
            let by = who.by();
            Ok::<_, AppError>(services::drafts::add_version(
                c,
                &d,
                &text,
                &form.ghi_chu,
                &by,
                now,
            )?)
        })
        .await?;
    if added.is_none() {
        return Err(AppError::bad_request(
            Ctx::new(time::now_utc()).t.console.text_empty,
        ));
    }
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::draft(id),
        "da-luu-van-ban",
        None,
    )))
}

#[derive(MultipartForm)]
pub struct AttachmentUpload {
    csrf: Text<String>,
    loai: Text<String>,
    tieu_de: Option<Text<String>>,
    #[multipart(limit = "200MB")]
    tep: FilePart,
}

impl CsrfPart for AttachmentUpload {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Attaches a PDF, DOCX or ODT file, stored once under its SHA-256.
pub async fn upload_attachment(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    // Whose draft it is comes first: the body is read only for someone who may use it.
    load(&state, &staff, id).await?;
    let form = read_multipart::<AttachmentUpload>(&req, &state, payload).await?;
    let c = Ctx::new(time::now_utc()).t.console;
    let max = state.config.console.attachment_max_mb * 1024 * 1024;
    let file = &form.tep;
    if file.data.len() as u64 > max {
        return Err(AppError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            c.attachment_too_large(state.config.console.attachment_max_mb),
        ));
    }
    let name = upload::clean_file_name(file.file_name.as_deref().unwrap_or(""));
    let kind = upload::sniff(&name, &file.data).ok_or_else(|| {
        AppError::refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, c.attachment_wrong_type)
    })?;
    let attachment_kind = AttachmentKind::parse(&form.loai).unwrap_or(AttachmentKind::Other);
    let title = form
        .tieu_de
        .as_ref()
        .map(|t| crate::text::nfc(t.trim()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| name.clone());
    let files = state.files.clone();
    let data = file.data.clone();
    let sha = tokio::task::spawn_blocking(move || files.put(&data))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("storing an attachment: {e}")))?;
    let (who, size) = (staff.clone(), file.data.len() as i64);
    let now = time::now_utc();
    state
        .db
        .write(move |c| {
            editable(c, &who, id)?;
            let new = NewAttachment {
                draft_id: id,
                kind: attachment_kind,
                title: &title,
                file_name: &name,
                content_type: kind.content_type(),
                size_bytes: size,
                sha256: &sha,
                // After the others: the service counts them.
                position: 0,
                created_at: now,
            };
            Ok::<_, AppError>(services::drafts::attach(c, &new, &who.by())?)
        })
        .await?;
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::draft(id),
        "da-tai-len",
        Some("tep"),
    )))
}

#[derive(Debug, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    noi: String,
    #[serde(default)]
    dia_chi: String,
}

/// Lists another place the draft is posted for comment.
pub async fn add_link(
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, form, _): ConsoleForm<LinkForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let Some(place) = crate::domain::draft::LinkPlace::parse(&form.noi) else {
        return Err(AppError::bad_request(
            crate::i18n::VI.console.choice_unknown,
        ));
    };
    let who = staff.clone();
    let now = time::now_utc();
    let outcome = state
        .db
        .write(move |c| {
            editable(c, &who, id)?;
            Ok::<_, AppError>(services::drafts::add_link(
                c,
                id,
                place,
                &form.dia_chi,
                &who.by(),
                now,
            )?)
        })
        .await?;
    let t = crate::i18n::VI.console;
    match outcome {
        Ok(()) => Ok(see_other(&crate::paths::with_result(
            &crate::paths::console::draft(id),
            "da-them-lien-ket",
            Some("noi-khac"),
        ))),
        Err(services::drafts::LinkRefusal::Url) => Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            t.link_url_invalid,
        )),
        Err(services::drafts::LinkRefusal::TooMany) => {
            Err(AppError::refused(StatusCode::CONFLICT, t.link_too_many))
        }
    }
}

pub async fn remove_link(
    state: web::Data<AppState>,
    path: web::Path<(DraftId, i64)>,
    ConsoleForm(staff, NoFields {}, _): ConsoleForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (id, link) = path.into_inner();
    let who = staff.clone();
    let now = time::now_utc();
    let removed = state
        .db
        .write(move |c| {
            editable(c, &who, id)?;
            Ok::<_, AppError>(services::drafts::remove_link(c, id, link, &who.by(), now)?)
        })
        .await?;
    if !removed {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::draft(id),
        "da-xoa-lien-ket",
        Some("noi-khac"),
    )))
}

#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    ly_do: String,
}

/// Withdraws a file of a posted draft with a public reason (it stays listed, marked).
pub async fn withdraw_attachment(
    state: web::Data<AppState>,
    path: web::Path<(DraftId, AttachmentId)>,
    ConsoleForm(staff, form, _): ConsoleForm<WithdrawForm>,
) -> Result<HttpResponse, AppError> {
    let (id, file) = path.into_inner();
    let who = staff.clone();
    let now = time::now_utc();
    let outcome = state
        .db
        .write(move |c| {
            editable(c, &who, id)?;
            Ok::<_, AppError>(services::drafts::withdraw_attachment(
                c,
                id,
                file,
                &form.ly_do,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match outcome {
        Ok(()) => Ok(see_other(&crate::paths::with_result(
            &crate::paths::console::draft(id),
            "da-rut-tep",
            Some("tep"),
        ))),
        Err(services::drafts::WithdrawRefusal::NotFound) => Err(AppError::NotFound),
        Err(services::drafts::WithdrawRefusal::ReasonNeeded) => Err(AppError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            crate::i18n::VI.console.withdraw_reason_needed,
        )),
    }
}

pub async fn delete_attachment(
    state: web::Data<AppState>,
    path: web::Path<(DraftId, AttachmentId)>,
    ConsoleForm(staff, NoFields {}, _): ConsoleForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let (id, file) = path.into_inner();
    let who = staff.clone();
    let now = time::now_utc();
    let removed = state
        .db
        .write(move |c| {
            let draft = editable(c, &who, id)?;
            Ok::<_, AppError>(services::drafts::detach(c, &draft, file, &who.by(), now)?)
        })
        .await?;
    match removed {
        services::drafts::Detached::Removed => {}
        services::drafts::Detached::NotFound => return Err(AppError::NotFound),
        services::drafts::Detached::Posted => {
            return Err(AppError::refused(
                StatusCode::CONFLICT,
                crate::i18n::VI.console.attachment_posted,
            ));
        }
    }
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::draft(id),
        "da-xoa",
        Some("tep"),
    )))
}
