//! Opinions received outside the portal and consultation letters of a draft
//! (`services::received`): for those who answer the draft's comments.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{ConsoleForm, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::DbConnection;
use crate::db::models::Draft;
use crate::db::queries::received as q;
use crate::domain::ids::*;
use crate::domain::received::{LetterEntry, OpinionAnswer, OpinionEntry, OpinionFields};
use crate::domain::time;
use crate::error::AppError;
use crate::services::received::{self as services, Refusal, Targets};
use crate::views::Ctx;
use crate::views::console::received::{self as view, OpinionTyped, ReceivedPage, Typed};
use crate::web::AppState;
use crate::web::form::first;

fn answerable(c: &mut DbConnection, staff: &Staff, id: DraftId) -> Result<Draft, AppError> {
    super::draft_for(c, staff, id, Some(|agency_id| Action::Answer { agency_id })).map(|f| f.draft)
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let ctx = Ctx::new(time::now_utc());
    let r = ctx.t.received;
    let notice = match query.result.as_deref() {
        Some("da-ghi-van-ban") => Some(r.letter_added),
        Some("da-ghi-y-kien") => Some(r.opinion_added),
        Some("da-tra-loi") => Some(r.opinion_answered),
        _ => None,
    };
    show(
        &req,
        &state,
        &staff,
        path.into_inner(),
        notice,
        Typed::Nothing,
        Vec::new(),
    )
    .await
}

/// The page of draft `id`, with a notice, or with what was typed and its problems (then
/// with status 400, or 404 for a target that is not the draft's).
async fn show(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    id: DraftId,
    notice: Option<&str>,
    typed: Typed,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let who = staff.clone();
    let (draft, letters, opinions, sections, files, rule) = state
        .db
        .run(move |c| {
            let d = answerable(c, &who, id)?;
            Ok::<_, AppError>((
                d,
                q::letters(c, id)?,
                q::list(c, id)?,
                q::sections_of(c, id)?,
                q::files_of(c, id)?,
                Some(services::reply_rule(c, id)?),
            ))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(req, state, status, |csrf| {
        view::received_page(
            &ctx,
            staff,
            csrf,
            &ReceivedPage {
                draft: &draft,
                letters: &letters,
                opinions: &opinions,
                sections: &sections,
                files: &files,
                rule: rule.as_ref(),
                notice,
                typed: &typed,
                errors: &errors,
            },
        )
    })
}

fn back(id: DraftId, result: &str, fragment: &str) -> HttpResponse {
    see_other(&format!(
        "{}#{fragment}",
        crate::paths::with_result(&crate::paths::console::received(id), result, None)
    ))
}

/// A number typed in a select: none when blank, an error when it is not one.
fn chosen<T>(raw: &str, make: fn(i64) -> T) -> Result<Option<T>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>().map(|n| Some(make(n))).map_err(|_| ())
}

/// Records an opinion received outside the portal.
pub async fn record(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    // Whose draft it is comes first: a refusal must not depend on what was typed.
    let who = staff.clone();
    state
        .db
        .run(move |c| answerable(c, &who, id).map(|_| ()))
        .await?;
    let get = |k: &str| first(&f, k).to_string();
    let typed = OpinionTyped {
        source: get("nguon"),
        organisation: get("co_quan"),
        recipient: get("tra_loi_cho"),
        document_number: get("so_van_ban"),
        document_date: get("ngay_van_ban"),
        received_on: get("ngay_nhan"),
        section: get("muc"),
        file: get("tep"),
        body: get("noi_dung"),
    };
    let now = time::now_utc();
    let ctx = Ctx::new(now);
    let r = ctx.t.received;
    let fields = OpinionFields {
        source: &typed.source,
        organisation: &typed.organisation,
        document_number: &typed.document_number,
        document_date: &typed.document_date,
        received_on: &typed.received_on,
        body: &typed.body,
    };
    let mut errors: Vec<(String, String)> = Vec::new();
    let entry = match OpinionEntry::parse(&fields, time::local_date(now)) {
        Ok(e) => Some(e),
        Err(problems) => {
            errors.extend(
                problems
                    .iter()
                    .map(|p| (p.field().to_string(), r.problem(*p).to_string())),
            );
            None
        }
    };
    let anchor = Some(typed.section.trim().to_string()).filter(|a| !a.is_empty());
    if anchor.as_deref().is_some_and(|a| !crate::text::is_slug(a)) {
        errors.push(("muc".into(), r.refusal(Refusal::UnknownSection).into()));
    }
    let attachment = chosen(&typed.file, AttachmentId).unwrap_or_else(|()| {
        errors.push(("tep".into(), r.refusal(Refusal::UnknownFile).into()));
        None
    });
    let recipient = chosen(&typed.recipient, RecipientId).unwrap_or_else(|()| {
        errors.push((
            "tra_loi_cho".into(),
            r.refusal(Refusal::UnknownRecipient).into(),
        ));
        None
    });
    let Some(entry) = entry.filter(|_| errors.is_empty()) else {
        return show(
            &req,
            &state,
            &staff,
            id,
            None,
            Typed::Opinion(typed),
            errors,
        )
        .await;
    };
    let targets = Targets {
        anchor,
        attachment,
        recipient,
    };
    let who = staff.clone();
    let stored = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(services::record(c, id, &entry, &targets, &who.by(), now)?)
        })
        .await?;
    match stored {
        Ok(opinion) => Ok(back(id, "da-ghi-y-kien", &format!("y-kien-{opinion}"))),
        Err(refusal) => {
            let field = match refusal {
                Refusal::UnknownSection => "muc",
                Refusal::UnknownFile => "tep",
                Refusal::UnknownRecipient => "tra_loi_cho",
                Refusal::TooMany => "noi_dung",
            };
            let errors = vec![(field.to_string(), r.refusal(refusal).to_string())];
            show(
                &req,
                &state,
                &staff,
                id,
                None,
                Typed::Opinion(typed),
                errors,
            )
            .await
        }
    }
}

/// Answers an opinion received outside the portal, or changes its answer.
pub async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(DraftId, ReceivedOpinionId)>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (id, opinion) = path.into_inner();
    let who = staff.clone();
    state
        .db
        .run(move |c| answerable(c, &who, id).map(|_| ()))
        .await?;
    let choice = first(&f, "hinh_thuc").to_string();
    let reason_typed = first(&f, "ly_do").to_string();
    let ctx = Ctx::new(time::now_utc());
    let Some(answer) = OpinionAnswer::parse(&choice, &reason_typed) else {
        let typed = Typed::Answer {
            id: opinion,
            choice,
            reason: reason_typed,
        };
        let errors = vec![(
            "ly_do".to_string(),
            ctx.t.console.answer_reason_needed.to_string(),
        )];
        return show(&req, &state, &staff, id, None, typed, errors).await;
    };
    let now = time::now_utc();
    let who = staff.clone();
    let found = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(services::answer(c, id, opinion, &answer, &who.by(), now)?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(back(id, "da-tra-loi", &format!("y-kien-{opinion}")))
}

/// Records a consultation letter sent to named bodies.
pub async fn letter(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let who = staff.clone();
    state
        .db
        .run(move |c| answerable(c, &who, id).map(|_| ()))
        .await?;
    let (number, sent_on, recipients) = (
        first(&f, "so").to_string(),
        first(&f, "ngay_gui").to_string(),
        first(&f, "noi_nhan").to_string(),
    );
    let now = time::now_utc();
    let ctx = Ctx::new(now);
    let typed = || Typed::Letter {
        number: number.clone(),
        sent_on: sent_on.clone(),
        recipients: recipients.clone(),
    };
    let entry = match LetterEntry::parse(&number, &sent_on, &recipients, time::local_date(now)) {
        Ok(e) => e,
        Err(problems) => {
            let errors = problems
                .iter()
                .map(|p| {
                    (
                        p.field().to_string(),
                        ctx.t.received.problem(*p).to_string(),
                    )
                })
                .collect();
            return show(&req, &state, &staff, id, None, typed(), errors).await;
        }
    };
    let who = staff.clone();
    let stored = state
        .db
        .write(move |c| Ok::<_, AppError>(services::send_letter(c, id, &entry, &who.by(), now)?))
        .await?;
    match stored {
        Ok(_) => Ok(back(id, "da-ghi-van-ban", "van-ban-xin-y-kien")),
        Err(refusal) => {
            let errors = vec![(
                "so".to_string(),
                ctx.t.received.refusal(refusal).to_string(),
            )];
            show(&req, &state, &staff, id, None, typed(), errors).await
        }
    }
}
