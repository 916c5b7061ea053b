//! The dashboard, the drafts list, a draft's metadata and its comment period.

use crate::domain::ids::*;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ConsoleForm, DraftInContext, NoFields, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::DbConnection;
use crate::db::models::{Agency, DocumentType};
use crate::db::queries::console;
use crate::db::queries::reference;
use crate::domain::staff::Role;
use crate::domain::time;
use crate::domain::{Moderation, Publication, Stage};
use crate::error::AppError;
use crate::services;
use crate::services::drafts::{
    DraftField, DraftInput, DraftProblem, DraftProblems, PeriodChange, PeriodRefusal,
    PublishProblem,
};
use crate::views::Ctx;
use crate::views::console::accounts as account_views;
use crate::views::console::drafts::{self as view, DraftForm, FormChoices, Overview};
use crate::web::AppState;
use crate::web::public::params::page_number;

pub async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::UseConsole)?;
    let agency = scope(&staff);
    let visible = staff.role != Role::Organiser;
    let admin = staff.can(Action::Administer);
    let (rows, unconfirmed_rules) = state
        .db
        .run(move |c| {
            let rows = if visible {
                console::dashboard(c, agency)?
            } else {
                Vec::new()
            };
            let unconfirmed = if admin {
                crate::db::queries::legal::unconfirmed(c)?
            } else {
                0
            };
            Ok::<_, AppError>((rows, unconfirmed))
        })
        .await?;
    let summary: Vec<(String, String, i64, i64, i64)> = rows
        .into_iter()
        .map(|(d, n)| {
            (
                d.title,
                crate::paths::console::draft(d.id),
                n.pending + n.unreviewed,
                n.unanswered(),
                n.answered,
            )
        })
        .collect();
    render(&req, &state, StatusCode::OK, |csrf| {
        account_views::dashboard(
            &state.ctx(time::now_utc()),
            &staff,
            csrf,
            &summary,
            unconfirmed_rules,
        )
    })
}

/// The agency whose drafts a staff member works on; None for administrators (all).
fn scope(staff: &Staff) -> Option<AgencyId> {
    match staff.role {
        Role::Admin => None,
        _ => Some(staff.agency_id.unwrap_or(AgencyId(-1))),
    }
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    trang: Option<String>,
    #[serde(rename = "ket-qua")]
    result: Option<String>,
}

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    if staff.role == Role::Organiser {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            crate::i18n::VI.not_allowed,
        ));
    }
    let page = page_number(&query.trang)?;
    let agency = scope(&staff);
    let drafts = state
        .db
        .run(move |c| Ok::<_, AppError>(console::drafts(c, agency, page, 50)?))
        .await?;
    let can_create = match staff.agency_id {
        Some(a) => staff.can(Action::CreateDraft { agency_id: a }),
        None => staff.can(Action::Administer),
    };
    render(&req, &state, StatusCode::OK, |csrf| {
        view::list(
            &Ctx::new(time::now_utc()),
            &staff,
            csrf,
            &drafts,
            can_create,
        )
    })
}

/// Document types, and the agencies this staff member may file a draft under.
fn choices(
    c: &mut DbConnection,
    staff: &Staff,
) -> Result<(Vec<DocumentType>, Vec<Agency>), AppError> {
    let agencies = reference::agencies(c)?
        .into_iter()
        .filter(|a| staff.can(Action::CreateDraft { agency_id: a.id }))
        .collect();
    Ok((reference::document_types(c)?, agencies))
}

pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
) -> Result<HttpResponse, AppError> {
    let who = staff.clone();
    let (doc_types, agencies) = state.db.run(move |c| choices(c, &who)).await?;
    if agencies.is_empty() {
        return Err(AppError::refused(
            StatusCode::FORBIDDEN,
            crate::i18n::VI.not_allowed,
        ));
    }
    let form = DraftForm {
        giai_doan: Stage::Draft.as_str().into(),
        kiem_duyet: "pre".into(),
        co_quan: staff.agency_id.map(|a| a.to_string()).unwrap_or_default(),
        ..DraftForm::default()
    };
    new_draft_page(&req, &state, &staff, &form, (&doc_types, &agencies), &[])
}

/// The form for a new draft, as typed, with its problems (400) or none (200).
fn new_draft_page(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    form: &DraftForm,
    (doc_types, agencies): (&[DocumentType], &[Agency]),
    errors: &[(String, String)],
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let choices = FormChoices {
        doc_types,
        agencies,
        period_locked: false,
    };
    render(req, state, status, |csrf| {
        view::new_form(
            &Ctx::new(time::now_utc()),
            staff,
            csrf,
            form,
            &choices,
            errors,
        )
    })
}

/// The metadata form as the service takes it.
fn input(form: &DraftForm) -> DraftInput<'_> {
    // Both come from a drop-down (left out: the first choice). Anything else was not
    // typed by a person, but is still said at its field rather than stored as
    // something it was not.
    let stage = match form.giai_doan.as_str() {
        "" => Some(Stage::Draft),
        s => Stage::parse(s),
    };
    let moderation = match form.kiem_duyet.as_str() {
        "" => Some(Moderation::Pre),
        s => Moderation::parse(s),
    };
    DraftInput {
        title: &form.tieu_de,
        slug: &form.duong_dan,
        number: &form.so_hieu,
        document_type: form.loai.parse().ok(),
        agency: form.co_quan.parse().ok(),
        summary: &form.tom_tat,
        opens: &form.mo_tu,
        closes: &form.dong_den,
        stage,
        moderation,
        needs_proposal_differs: form.tc_de_nghi_khac.is_some(),
        needs_proposal_reason: &form.ly_do_tc_de_nghi,
        stage_on: &form.ngay_giai_doan,
        stage_note: &form.ghi_chu_giai_doan,
        stage_document: &form.van_ban_giai_doan,
        impact_rights: form.tc_quyen.is_some(),
        impact_sensitive: form.tc_nhay_cam.is_some(),
        impact_wide: form.tc_pham_vi.is_some(),
        shortened_basis: &form.rut_gon,
    }
}

/// Each problem at its field of the form, said in Vietnamese.
fn said(problems: DraftProblems) -> Vec<(String, String)> {
    let t = crate::i18n::VI.console;
    problems
        .into_iter()
        .map(|(field, problem)| {
            let name = match field {
                DraftField::Title => "tieu_de",
                DraftField::Slug => "duong_dan",
                DraftField::DocumentType => "loai",
                DraftField::Agency => "co_quan",
                DraftField::Opens => "mo_tu",
                DraftField::Closes => "dong_den",
                DraftField::Stage => "giai_doan",
                DraftField::Moderation => "kiem_duyet",
                DraftField::ShortenedBasis => "rut_gon",
                DraftField::NeedsProposal => "ly_do_tc_de_nghi",
                DraftField::StageOn => "ngay_giai_doan",
                DraftField::StageNote => "ghi_chu_giai_doan",
            };
            let message = match problem {
                DraftProblem::TitleLength => t.title_needed.to_string(),
                DraftProblem::SlugInvalid => t.slug_invalid.to_string(),
                DraftProblem::SlugTaken => t.slug_taken.to_string(),
                DraftProblem::DocumentTypeNeeded => t.doc_type_needed.to_string(),
                DraftProblem::AgencyNeeded => t.agency_needed.to_string(),
                DraftProblem::PeriodDatesNeeded => t.period_dates_needed.to_string(),
                DraftProblem::Period { problem, rule } => {
                    t.period_problem(problem, rule.as_deref())
                }
                DraftProblem::ChoiceUnknown => t.choice_unknown.to_string(),
                DraftProblem::ShortenedBasisLength => t.shortened_too_long.to_string(),
                DraftProblem::StageNotForType => t.stage_not_for_type.to_string(),
                DraftProblem::NeedsProposalReason => t.needs_proposal_reason_needed.to_string(),
                DraftProblem::StageDate => t.stage_date_invalid.to_string(),
                DraftProblem::StageNoteLength => t.stage_note_too_long.to_string(),
            };
            (name.to_string(), message)
        })
        .collect()
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(staff, form, _): ConsoleForm<DraftForm>,
) -> Result<HttpResponse, AppError> {
    let (who, typed) = (staff.clone(), form.clone());
    let now = time::now_utc();
    let outcome = state
        .db
        .write(move |c| {
            let may_file = |agency_id| who.can(Action::CreateDraft { agency_id });
            match services::drafts::create(c, &input(&typed), may_file, &who.by(), now)? {
                Ok(id) => Ok(Ok(id)),
                Err(problems) => {
                    let (doc_types, agencies) = choices(c, &who)?;
                    Ok::<_, AppError>(Err((said(problems), doc_types, agencies)))
                }
            }
        })
        .await?;
    match outcome {
        Ok(id) => Ok(see_other(&crate::paths::with_result(
            &crate::paths::console::draft(id),
            "da-tao",
            None,
        ))),
        Err((_, _, agencies)) if agencies.is_empty() => Err(AppError::refused(
            StatusCode::FORBIDDEN,
            crate::i18n::VI.not_allowed,
        )),
        Err((errors, doc_types, agencies)) => new_draft_page(
            &req,
            &state,
            &staff,
            &form,
            (&doc_types, &agencies),
            &errors,
        ),
    }
}

/// The draft, if this staff member may see it (otherwise it does not exist for them).
fn visible_draft(
    c: &mut DbConnection,
    staff: &Staff,
    id: DraftId,
) -> Result<DraftInContext, AppError> {
    super::draft_for(c, staff, id, None)
}

/// The draft, with its type and agency, if this staff member may edit it.
pub(super) fn editable_draft(
    c: &mut DbConnection,
    staff: &Staff,
    id: DraftId,
) -> Result<DraftInContext, AppError> {
    super::draft_for(
        c,
        staff,
        id,
        Some(|agency_id| Action::EditDraft { agency_id }),
    )
}

/// After an action on a draft: back to its page with the notice of `result`, or (when
/// the action was refused) the page again with `status` and what was wrong.
async fn back_to_draft(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    staff: &Staff,
    id: DraftId,
    result: &str,
    refused: Option<(StatusCode, Shown)>,
) -> Result<HttpResponse, AppError> {
    match refused {
        None => Ok(see_other(&crate::paths::with_result(
            &crate::paths::console::draft(id),
            result,
            None,
        ))),
        Some((status, shown)) => show_with(req, state, staff, id, status, shown).await,
    }
}

/// What the overview shows besides the draft: the form as typed, its problems, and a
/// notice.
#[derive(Default)]
struct Shown {
    form: Option<DraftForm>,
    errors: Vec<(String, String)>,
    period_errors: Vec<(String, String)>,
    message: Option<&'static str>,
}

async fn show_with(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    staff: &Staff,
    id: DraftId,
    status: StatusCode,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let Shown {
        form,
        errors,
        period_errors,
        message,
    } = shown;
    let who = staff.clone();
    let (draft, doc_type, versions, (attachments, links), counts, doc_types, agencies) = state
        .db
        .run(move |c| {
            let DraftInContext {
                draft: d,
                doc_type: t,
                ..
            } = visible_draft(c, &who, id)?;
            let versions = crate::db::schema::draft_versions::table
                .filter(crate::db::schema::draft_versions::draft_id.eq(id))
                .select(crate::db::models::VersionMeta::as_select())
                .order(crate::db::schema::draft_versions::number.asc())
                .load(c)?;
            let attachments = crate::db::schema::attachments::table
                .filter(crate::db::schema::attachments::draft_id.eq(id))
                .select(crate::db::models::Attachment::as_select())
                .order(crate::db::schema::attachments::position)
                .load(c)?;
            let links = crate::db::queries::drafts::links(c, id)?;
            let counts = console::counts(c, &[id])?.remove(&id).unwrap_or_default();
            let (doc_types, mut agencies) = choices(c, &who)?;
            if !agencies.iter().any(|a| a.id == d.agency_id) {
                // A moderator sees the draft but files nothing; show its agency anyway.
                agencies = reference::agencies(c)?
                    .into_iter()
                    .filter(|a| a.id == d.agency_id)
                    .collect();
            }
            Ok::<_, AppError>((
                d,
                t,
                versions,
                (attachments, links),
                counts,
                doc_types,
                agencies,
            ))
        })
        .await?;
    let form = form.unwrap_or_else(|| DraftForm::of(&draft));
    let ctx = Ctx::new(time::now_utc());
    render(req, state, status, |csrf| {
        view::overview(
            &ctx,
            staff,
            csrf,
            &Overview {
                draft: &draft,
                doc_type: &doc_type,
                versions: &versions,
                attachments: &attachments,
                links: &links,
                counts,
                form: &form,
                choices: FormChoices {
                    doc_types: &doc_types,
                    agencies: &agencies,
                    period_locked: draft.publication == Publication::Published,
                },
                errors: &errors,
                message,
                period_errors: &period_errors,
            },
        )
    })
}

use diesel::prelude::*;

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<DraftId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let c = Ctx::new(time::now_utc()).t.console;
    let message = match query.result.as_deref() {
        Some("da-tao") => Some(c.draft_created),
        Some("da-luu") => Some(c.saved),
        Some("da-cong-bo") => Some(c.draft_published),
        Some("da-gia-han") => Some(c.period_extended),
        Some("da-ket-thuc") => Some(c.period_closed),
        Some("da-luu-van-ban") => Some(c.version_saved),
        Some("da-tai-len") => Some(c.attachment_uploaded),
        Some("da-xoa") => Some(c.attachment_removed),
        Some("da-rut-tep") => Some(c.file_withdrawn),
        Some("da-them-lien-ket") => Some(c.link_added),
        Some("da-xoa-lien-ket") => Some(c.link_removed),
        _ => None,
    };
    show_with(
        &req,
        &state,
        &staff,
        path.into_inner(),
        StatusCode::OK,
        Shown {
            message,
            ..Shown::default()
        },
    )
    .await
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, form, _): ConsoleForm<DraftForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();

    let (who, typed) = (staff.clone(), form.clone());
    let now = time::now_utc();
    let outcome = state
        .db
        .write(move |c| {
            let d = editable_draft(c, &who, id)?.draft;
            let may_file = |agency_id| who.can(Action::EditDraft { agency_id });
            let updated =
                services::drafts::update(c, &d, &input(&typed), may_file, &who.by(), now)?;
            Ok::<_, AppError>(updated.err().map(said))
        })
        .await?;
    let refused = outcome.map(|errors| {
        let shown = Shown {
            form: Some(form),
            errors,
            ..Shown::default()
        };
        (StatusCode::BAD_REQUEST, shown)
    });
    back_to_draft(&req, &state, &staff, id, "da-luu", refused).await
}

/// Publishes a draft: it needs its text and a comment period long enough for its type.
pub async fn publish(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, NoFields {}, _): ConsoleForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let who = staff.clone();
    let now = time::now_utc();
    let problem = state
        .db
        .write(move |c| {
            let DraftInContext {
                draft: d,
                doc_type: t,
                ..
            } = editable_draft(c, &who, id)?;
            let msgs = Ctx::new(now).t.console;
            let problem = match services::drafts::publish(c, &d, &t, &who.by(), now)? {
                Ok(()) => None,
                Err(PublishProblem::NeedsText) => Some(msgs.publish_needs_text.to_string()),
                Err(PublishProblem::NeedsPeriod) => Some(msgs.publish_needs_period.to_string()),
                Err(PublishProblem::Period(p)) => Some(msgs.period_problem(p, t.public_rule())),
                Err(PublishProblem::DossierMissing { kind, rule }) => Some(
                    msgs.dossier_missing(Ctx::new(now).t.attachment_kind(kind), rule.as_deref()),
                ),
            };
            Ok::<_, AppError>(problem)
        })
        .await?;
    let refused = problem.map(|p| {
        let shown = Shown {
            period_errors: vec![("cong-bo".into(), p)],
            ..Shown::default()
        };
        (StatusCode::UNPROCESSABLE_ENTITY, shown)
    });
    back_to_draft(&req, &state, &staff, id, "da-cong-bo", refused).await
}

#[derive(Debug, Deserialize)]
pub struct PeriodForm {
    #[serde(default)]
    dong_den_moi: String,
    #[serde(default)]
    ly_do: String,
}

/// Extends the comment period to a later day, with a reason shown publicly.
pub async fn extend(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, form, _): ConsoleForm<PeriodForm>,
) -> Result<HttpResponse, AppError> {
    change_period(req, state, staff, path.into_inner(), form, false).await
}

/// Ends the comment period now, with a reason shown publicly.
pub async fn close_early(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<DraftId>,
    ConsoleForm(staff, form, _): ConsoleForm<PeriodForm>,
) -> Result<HttpResponse, AppError> {
    change_period(req, state, staff, path.into_inner(), form, true).await
}

async fn change_period(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    id: DraftId,
    form: PeriodForm,
    close: bool,
) -> Result<HttpResponse, AppError> {
    let who = staff.clone();
    let now = time::now_utc();
    let problem = state
        .db
        .write(move |c| {
            let found = editable_draft(c, &who, id)?;
            let rule = found.doc_type.public_rule().map(str::to_string);
            let (d, t) = (found.draft, found.doc_type);
            let msgs = Ctx::new(now).t.console;
            let change = if close {
                PeriodChange::CloseEarly
            } else {
                match time::parse_day(&form.dong_den_moi) {
                    Some(day) => PeriodChange::ExtendTo(day),
                    None => {
                        return Ok(Some((
                            "dong_den_moi".into(),
                            msgs.period_dates_needed.into(),
                        )));
                    }
                }
            };
            match services::drafts::change_period(c, &d, &t, change, &form.ly_do, &who.by(), now)? {
                Ok(()) => {}
                Err(PeriodRefusal::ReasonNeeded) => {
                    return Ok(Some(("ly_do".to_string(), msgs.reason_needed.to_string())));
                }
                Err(PeriodRefusal::Period(problem)) => {
                    // The field to mend: the new day for an extension, the reason else.
                    let field = if close { "ly_do" } else { "dong_den_moi" };
                    return Ok(Some((
                        field.to_string(),
                        msgs.period_problem(problem, rule.as_deref()),
                    )));
                }
            }
            Ok::<_, AppError>(None)
        })
        .await?;
    let refused = problem.map(|p| {
        let shown = Shown {
            period_errors: vec![p],
            ..Shown::default()
        };
        (StatusCode::UNPROCESSABLE_ENTITY, shown)
    });
    let result = if close { "da-ket-thuc" } else { "da-gia-han" };
    back_to_draft(&req, &state, &staff, id, result, refused).await
}
