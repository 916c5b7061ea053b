//! The Front's social critique of a draft (issue 16, points 7 and 8;
//! `services::critiques`). The drafting agency's staff who answer the draft ask for
//! it, answer it and publish it; the organisers of the organisation asked (and those
//! above it) record that it arrived and give the critique. Whoever is neither gets 404:
//! a critique is not theirs to know of.

use actix_multipart::form::bytes::Bytes as FilePart;
use actix_multipart::form::text::Text;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::front::chain_in;
use super::{ConsoleForm, CsrfPart, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::models::Draft;
use crate::db::queries::critiques::{self as q, Named};
use crate::db::queries::{front, received};
use crate::domain::critique::{
    Clocks, CritiqueProblem, CritiqueRefusal, RequestEntry, RequestFields, SubmissionEntry,
    SubmissionFields, WrittenAnswer,
};
use crate::domain::ids::*;
use crate::domain::received::OpinionAnswer;
use crate::domain::time;
use crate::error::AppError;
use crate::services::critiques as services;
use crate::views::Ctx;
use crate::views::console::critiques::{self as view, RequestTyped, StepTyped};
use crate::web::AppState;
use crate::web::form::first;

fn clocks(state: &AppState) -> Clocks {
    Clocks {
        front_reply_days: state.config.console.critique_reply_days,
        agency_answer_days: state.config.console.critique_answer_days,
    }
}

fn messages(problems: &[CritiqueProblem]) -> Vec<(String, String)> {
    let t = crate::i18n::VI.critiques;
    problems
        .iter()
        .map(|p| (p.field().to_string(), t.problem(*p)))
        .collect()
}

fn refused(r: CritiqueRefusal) -> Vec<(String, String)> {
    let (field, message) = crate::i18n::VI.critiques.refusal(r);
    vec![(field.to_string(), message.to_string())]
}

// ---------------------------------------------------------------------------------
// The draft's critiques, and the agency's request.

fn answerable(
    c: &mut crate::db::DbConnection,
    staff: &Staff,
    id: DraftId,
) -> Result<Draft, AppError> {
    super::draft_for(c, staff, id, Some(|agency_id| Action::Answer { agency_id })).map(|f| f.draft)
}

pub async fn draft_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let notice = match query.result.as_deref() {
        Some("da-de-nghi") => Some(crate::i18n::VI.critiques.requested),
        _ => None,
    };
    show_draft(
        &req,
        &state,
        &staff,
        path.into_inner(),
        notice,
        RequestTyped::default(),
        Vec::new(),
    )
    .await
}

async fn show_draft(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    id: DraftId,
    notice: Option<&str>,
    typed: RequestTyped,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let who = staff.clone();
    let (draft, critiques, organisations, files, lead) = state
        .db
        .run(move |c| {
            let d = answerable(c, &who, id)?;
            let organisations: Vec<(OrganisationId, String)> =
                front::all(c)?.into_iter().map(|o| (o.id, o.name)).collect();
            Ok::<_, AppError>((
                d,
                q::of_draft(c, id)?,
                organisations,
                received::files_of(c, id)?,
                services::lead_rule(c)?,
            ))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let shortened = !draft.shortened_basis.trim().is_empty();
    render(req, state, status, |csrf| {
        view::draft_page(
            &ctx,
            staff,
            csrf,
            &view::DraftCritiques {
                draft: &draft,
                critiques: &critiques,
                organisations: &organisations,
                files: &files,
                lead: &lead,
                shortened,
                clocks: clocks(state),
                notice,
                typed: &typed,
                errors: &errors,
            },
        )
    })
}

/// Records the agency's request for a critique: refused when the planned submission
/// leaves the Front fewer days than the rule, unless the draft is under the shortened
/// procedure and a reason is given.
pub async fn request(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let who = staff.clone();
    let (draft, lead) = state
        .db
        .run(move |c| Ok::<_, AppError>((answerable(c, &who, id)?, services::lead_rule(c)?)))
        .await?;
    let typed = RequestTyped {
        organisation: first(&f, "to_chuc").to_string(),
        number: first(&f, "so").to_string(),
        request_date: first(&f, "ngay").to_string(),
        dossier_sent_on: first(&f, "ngay_gui").to_string(),
        planned_submission: first(&f, "ngay_trinh").to_string(),
        shortened_reason: first(&f, "ly_do_rut_gon").to_string(),
        files: f
            .iter()
            .filter(|(k, _)| k == "tep")
            .map(|(_, v)| v.clone())
            .take(200)
            .collect(),
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for raw in &typed.files {
        match raw.trim().parse::<i64>() {
            Ok(n) => files.push(AttachmentId(n)),
            Err(_) => errors.extend(refused(CritiqueRefusal::UnknownFile)),
        }
    }
    let today = time::local_date(time::now_utc());
    let parsed = RequestEntry::parse(
        &RequestFields {
            organisation: &typed.organisation,
            number: &typed.number,
            request_date: &typed.request_date,
            dossier_sent_on: &typed.dossier_sent_on,
            planned_submission: &typed.planned_submission,
            shortened_reason: &typed.shortened_reason,
        },
        i64::from(lead.days),
        !draft.shortened_basis.trim().is_empty(),
        today,
    );
    let entry = match parsed {
        Ok(e) if errors.is_empty() => e,
        Ok(_) => return show_draft(&req, &state, &staff, id, None, typed, errors).await,
        Err(problems) => {
            errors.extend(messages(&problems));
            return show_draft(&req, &state, &staff, id, None, typed, errors).await;
        }
    };
    let (who, now) = (staff.clone(), time::now_utc());
    let done = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(services::request(
                c,
                id,
                &entry,
                lead.days,
                &files,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match done {
        Ok(critique) => Ok(see_other(&crate::paths::with_result(
            &crate::paths::console::critique(critique),
            "da-de-nghi",
            None,
        ))),
        Err(r) => show_draft(&req, &state, &staff, id, None, typed, refused(r)).await,
    }
}

// ---------------------------------------------------------------------------------
// One critique.

/// Who the staff member is to this critique.
struct Standing {
    critique: Named,
    draft: Draft,
    for_front: bool,
    for_agency: bool,
}

/// The critique, if the staff member acts for the organisation asked or may see the
/// draft (404 otherwise).
/// Which side of a critique a step is taken by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Front,
    Agency,
}

/// The critique, for a step only `side` may take (404 for anyone else, as for a
/// critique not theirs to know of).
async fn standing_for(
    state: &AppState,
    staff: &Staff,
    id: CritiqueId,
    side: Side,
) -> Result<Standing, AppError> {
    let s = standing(state, staff, id).await?;
    let may = match side {
        Side::Front => s.for_front,
        Side::Agency => s.for_agency,
    };
    if may { Ok(s) } else { Err(AppError::NotFound) }
}

async fn standing(state: &AppState, staff: &Staff, id: CritiqueId) -> Result<Standing, AppError> {
    let who = staff.clone();
    state
        .db
        .run(move |c| {
            let critique = q::find(c, id)?.ok_or(AppError::NotFound)?;
            let all = front::all(c)?;
            let for_front = who.can(Action::ActForOrganisation {
                chain: chain_in(&all, critique.critique.organisation_id),
            });
            let draft = crate::db::queries::console::draft(c, critique.critique.draft_id)?
                .ok_or(AppError::NotFound)?
                .draft;
            let sees = who.can(Action::SeeDraft {
                agency_id: draft.agency_id,
            });
            if !for_front && !sees {
                return Err(AppError::NotFound);
            }
            let for_agency = who.can(Action::Answer {
                agency_id: draft.agency_id,
            });
            Ok(Standing {
                critique,
                draft,
                for_front,
                for_agency,
            })
        })
        .await
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<CritiqueId>,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let t = crate::i18n::VI.critiques;
    let notice = match query.result.as_deref() {
        Some("da-de-nghi") => Some(t.requested),
        Some("da-nhan") => Some(t.received_notice),
        Some("da-gui") => Some(t.submitted_notice),
        Some("da-tra-loi-y-kien") => Some(t.point_answered),
        Some("da-tra-loi") => Some(t.answered_notice),
        Some("da-cong-bo") => Some(t.published_notice),
        Some("da-rut") => Some(t.withdrawn_notice),
        _ => None,
    };
    let s = standing(&state, &staff, path.into_inner()).await?;
    show_critique(
        &req,
        &state,
        &staff,
        s,
        notice,
        StepTyped::default(),
        Vec::new(),
    )
    .await
}

async fn show_critique(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    s: Standing,
    notice: Option<&str>,
    typed: StepTyped,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, draft_id) = (s.critique.critique.id, s.draft.id);
    let (files, points, sections) = state
        .db
        .run(move |c| {
            Ok::<_, AppError>((
                q::files(c, id)?,
                q::points(c, id)?,
                received::sections_of(c, draft_id)?,
            ))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else if errors.iter().any(|(f, _)| f == "trang_thai") {
        StatusCode::CONFLICT
    } else {
        StatusCode::BAD_REQUEST
    };
    render(req, state, status, |csrf| {
        view::critique_page(
            &ctx,
            staff,
            csrf,
            &view::CritiquePage {
                critique: &s.critique,
                draft: &s.draft,
                files: &files,
                points: &points,
                sections: &sections,
                for_front: s.for_front,
                for_agency: s.for_agency,
                clocks: clocks(state),
                notice,
                typed: &typed,
                errors: &errors,
            },
        )
    })
}

fn back(id: CritiqueId, result: &str) -> HttpResponse {
    see_other(&crate::paths::with_result(
        &crate::paths::console::critique(id),
        result,
        None,
    ))
}

/// Takes one step of the critique (`step`, a service call in its own transaction) as
/// the staff member, then goes back to its page with `result`, or shows the page again
/// with what was typed and why the step was refused.
async fn take_step<F>(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    s: Standing,
    typed: StepTyped,
    result: &str,
    step: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(
            &mut crate::db::DbConnection,
            &q::Critique,
            &crate::domain::staff::By<'_>,
            chrono::NaiveDateTime,
        ) -> diesel::QueryResult<Result<(), CritiqueRefusal>>
        + Send
        + 'static,
{
    let (who, now, c) = (staff.clone(), time::now_utc(), s.critique.critique.clone());
    let done = state
        .db
        .write(move |conn| Ok::<_, AppError>(step(conn, &c, &who.by(), now)?))
        .await?;
    match done {
        Ok(()) => Ok(back(s.critique.critique.id, result)),
        Err(r) => show_critique(req, state, staff, s, None, typed, refused(r)).await,
    }
}

/// The Front records that the dossier reached it.
pub async fn receive(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<CritiqueId>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let s = standing_for(&state, &staff, path.into_inner(), Side::Front).await?;
    let typed = StepTyped {
        received_on: first(&f, "ngay_nhan").to_string(),
        ..StepTyped::default()
    };
    let c = s.critique.critique.clone();
    let today = time::local_date(time::now_utc());
    let on = time::parse_day(&typed.received_on).filter(|d| *d >= c.dossier_sent_on && *d <= today);
    let Some(on) = on else {
        let message = format!(
            "Nhập ngày nhận hồ sơ theo dạng dd/mm/yyyy, từ ngày gửi {} đến hôm nay.",
            c.dossier_sent_on.format("%d/%m/%Y")
        );
        let errors = vec![("ngay_nhan".to_string(), message)];
        return show_critique(&req, &state, &staff, s, None, typed, errors).await;
    };
    take_step(
        &req,
        &state,
        &staff,
        s,
        typed,
        "da-nhan",
        move |conn, c, by, now| services::receive(conn, c, on, by, now),
    )
    .await
}

#[derive(actix_multipart::form::MultipartForm)]
pub struct SubmissionUpload {
    csrf: Text<String>,
    hinh_thuc: Option<Text<String>>,
    ngay_phan_bien: Option<Text<String>>,
    so_van_ban: Option<Text<String>>,
    #[multipart(limit = "100KB")]
    dieu_khoan: Vec<Text<String>>,
    #[multipart(limit = "700KB")]
    noi_dung: Vec<Text<String>>,
    #[multipart(limit = "700KB")]
    kien_nghi: Vec<Text<String>>,
    #[multipart(limit = "50MB")]
    van_ban: Option<FilePart>,
}

impl CsrfPart for SubmissionUpload {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn text_of(t: &Option<Text<String>>) -> String {
    t.as_ref().map(|t| t.0.clone()).unwrap_or_default()
}

/// The Front gives its critique: the form, the date, the document and its points.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<CritiqueId>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    // Whose critique it is comes first: the body is read only for someone who may use it.
    let s = standing_for(&state, &staff, path.into_inner(), Side::Front).await?;
    let upload = super::text::read_multipart::<SubmissionUpload>(&req, &state, payload).await?;
    let cell = |v: &[Text<String>], i: usize| v.get(i).map(|t| t.0.clone()).unwrap_or_default();
    let n = upload
        .noi_dung
        .len()
        .min(crate::domain::critique::MAX_POINTS + 1);
    let typed = StepTyped {
        form: text_of(&upload.hinh_thuc),
        critiqued_on: text_of(&upload.ngay_phan_bien),
        document_number: text_of(&upload.so_van_ban),
        points: (0..n)
            .map(|i| {
                (
                    cell(&upload.dieu_khoan, i),
                    cell(&upload.noi_dung, i),
                    cell(&upload.kien_nghi, i),
                )
            })
            .collect(),
        ..StepTyped::default()
    };
    let c = s.critique.critique.clone();
    let today = time::local_date(time::now_utc());
    let parsed = SubmissionEntry::parse(
        &SubmissionFields {
            form: &typed.form,
            critiqued_on: &typed.critiqued_on,
            document_number: &typed.document_number,
            points: typed
                .points
                .iter()
                .map(|(a, p, r)| (a.as_str(), p.as_str(), r.as_str()))
                .collect(),
        },
        c.dossier_sent_on,
        today,
    );
    let mut errors = match &parsed {
        Ok(_) => Vec::new(),
        Err(problems) => messages(problems),
    };
    let ctx_t = crate::i18n::VI.console;
    let max = state.config.console.attachment_max_mb * 1024 * 1024;
    let document = match upload.van_ban.as_ref().filter(|f| !f.data.is_empty()) {
        None => {
            errors.extend(messages(&[CritiqueProblem::DocumentMissing]));
            None
        }
        Some(f) if f.data.len() as u64 > max => {
            errors.push((
                "van_ban".into(),
                ctx_t.attachment_too_large(state.config.console.attachment_max_mb),
            ));
            None
        }
        Some(f) => {
            let name = crate::upload::clean_file_name(f.file_name.as_deref().unwrap_or(""));
            match crate::upload::sniff(&name, &f.data) {
                None => {
                    errors.push(("van_ban".into(), ctx_t.attachment_wrong_type.into()));
                    None
                }
                Some(kind) => Some((name, kind, f.data.clone())),
            }
        }
    };
    let (Ok(entry), Some((name, kind, data)), true) = (parsed, document, errors.is_empty()) else {
        return show_critique(&req, &state, &staff, s, None, typed, errors).await;
    };
    let files = state.files.clone();
    let size = data.len() as i64;
    let sha = tokio::task::spawn_blocking(move || files.put(&data))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("storing a critique's document: {e}")))?;
    let document = q::Document {
        sha256: sha,
        name,
        content_type: kind.content_type().to_string(),
        size,
    };
    take_step(
        &req,
        &state,
        &staff,
        s,
        typed,
        "da-gui",
        move |conn, c, by, now| services::submit(conn, c, &entry, &document, by, now),
    )
    .await
}

/// The agency answers one point.
pub async fn answer_point(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(CritiqueId, CritiquePointId)>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (id, point) = path.into_inner();
    let s = standing_for(&state, &staff, id, Side::Agency).await?;
    let choice = first(&f, "hinh_thuc").to_string();
    let reason_typed = first(&f, "ly_do").to_string();
    let answer = OpinionAnswer::parse(&choice, &reason_typed);
    let typed = StepTyped {
        point_answer: Some((point.get(), choice, reason_typed)),
        ..StepTyped::default()
    };
    let Some(OpinionAnswer {
        disposition,
        reason,
    }) = answer
    else {
        let errors = vec![(
            "ly_do".to_string(),
            crate::i18n::VI.console.answer_reason_needed.to_string(),
        )];
        return show_critique(&req, &state, &staff, s, None, typed, errors).await;
    };
    let (who, now, c) = (staff.clone(), time::now_utc(), s.critique.critique.clone());
    let done = state
        .db
        .write(move |conn| {
            Ok::<_, AppError>(services::answer_point(
                conn,
                &c,
                point,
                disposition,
                &reason,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match done {
        Ok(()) => Ok(see_other(&format!(
            "{}#diem-{point}",
            crate::paths::with_result(
                &crate::paths::console::critique(id),
                "da-tra-loi-y-kien",
                None
            )
        ))),
        Err(CritiqueRefusal::NotFound) => Err(AppError::NotFound),
        Err(r) => show_critique(&req, &state, &staff, s, None, typed, refused(r)).await,
    }
}

/// The agency records its written answer (its number and date).
pub async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<CritiqueId>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let s = standing_for(&state, &staff, path.into_inner(), Side::Agency).await?;
    let typed = StepTyped {
        answer_number: first(&f, "so_tra_loi").to_string(),
        answered_on: first(&f, "ngay_tra_loi").to_string(),
        ..StepTyped::default()
    };
    let c = s.critique.critique.clone();
    let from = c.critiqued_on.unwrap_or(c.dossier_sent_on);
    let today = time::local_date(time::now_utc());
    let answer = match WrittenAnswer::parse(&typed.answer_number, &typed.answered_on, from, today) {
        Ok(a) => a,
        Err(problems) => {
            return show_critique(&req, &state, &staff, s, None, typed, messages(&problems)).await;
        }
    };
    take_step(
        &req,
        &state,
        &staff,
        s,
        typed,
        "da-tra-loi",
        move |conn, c, by, now| services::send_answer(conn, c, &answer, by, now),
    )
    .await
}

/// The agency publishes the critique beside its answer.
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<CritiqueId>,
    ConsoleForm(staff, _f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let s = standing_for(&state, &staff, path.into_inner(), Side::Agency).await?;
    take_step(
        &req,
        &state,
        &staff,
        s,
        StepTyped::default(),
        "da-cong-bo",
        services::publish,
    )
    .await
}

/// The agency withdraws its request, with its reason.
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<CritiqueId>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let s = standing_for(&state, &staff, path.into_inner(), Side::Agency).await?;
    let typed = StepTyped {
        withdraw_reason: first(&f, "ly_do_rut").to_string(),
        ..StepTyped::default()
    };
    let reason = crate::text::nfc(typed.withdraw_reason.trim());
    let ok = (3..=crate::domain::critique::MAX_REASON).contains(&reason.chars().count())
        && crate::text::check(&reason, true).is_ok();
    if !ok {
        let errors = vec![(
            "ly_do_rut".to_string(),
            crate::i18n::VI.critiques.reason_needed.to_string(),
        )];
        return show_critique(&req, &state, &staff, s, None, typed, errors).await;
    }
    take_step(
        &req,
        &state,
        &staff,
        s,
        typed,
        "da-rut",
        move |conn, c, by, now| services::withdraw(conn, c, &reason, by, now),
    )
    .await
}

/// The critique document, for the agency and the Front (the public has its own route
/// once the critique is published).
pub async fn document(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<CritiqueId>,
) -> Result<HttpResponse, AppError> {
    let s = standing(&state, &staff, path.into_inner()).await?;
    let mut resp =
        crate::web::public::critiques::send_document(&req, &state, &s.critique.critique).await?;
    resp.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
}

/// The critiques the staff member follows: an organiser's organisations' (and those
/// under them), an agency's for its staff, all for an administrator.
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
) -> Result<HttpResponse, AppError> {
    let who = staff.clone();
    let rows = state
        .db
        .run(move |c| {
            let all = front::all(c)?;
            let mine: Vec<OrganisationId> = super::front::in_scope(&who, &all)
                .into_iter()
                .map(|o| o.id)
                .collect();
            let mut rows = q::of_organisations(c, &mine)?;
            // Staff of an agency follow the critiques of its drafts.
            if let Some(agency) = who.agency_id {
                rows.extend(q::of_agency(c, agency)?);
            }
            rows.sort_by_key(|(n, _)| std::cmp::Reverse(n.critique.id));
            rows.dedup_by_key(|(n, _)| n.critique.id);
            Ok::<_, AppError>(rows)
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    render(&req, &state, StatusCode::OK, |csrf| {
        view::list_page(&ctx, &staff, csrf, &rows, clocks(&state))
    })
}
