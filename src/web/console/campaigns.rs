//! Mobilisation campaigns (issue 16, point 2): an organiser starts one on an open draft
//! for their organisation or one under it, takes it through its states, and prints its
//! poster with the QR code of its short link (`services::campaigns`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::front::{chain_in, in_scope};
use super::{ConsoleForm, Mobilisers, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::models::Locality;
use crate::db::queries::{campaigns as q, front, reference};
use crate::domain::campaign::{CampaignFields, CampaignInput, CampaignProblem, CampaignStep};
use crate::domain::ids::{CampaignId, DraftId, OrganisationId};
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::campaigns::{self as view, CampaignForm, CampaignsPage};
use crate::web::AppState;
use crate::web::form::first;

/// The most campaigns a list shows (newest first).
const LIST_LIMIT: i64 = 500;

/// The short link a campaign's posters and messages carry.
pub fn short_link(state: &AppState, code: &str) -> String {
    format!(
        "{}{}",
        state.config.server.base_url,
        crate::paths::public::campaign(code)
    )
}

/// The campaign, once the staff member is known to act for its organisation (404
/// otherwise: another organisation's campaign is not theirs to know).
async fn scoped(state: &AppState, staff: &Staff, id: CampaignId) -> Result<q::Campaign, AppError> {
    let (campaign, all) = state
        .db
        .run(move |c| Ok::<_, AppError>((q::find(c, id)?, front::all(c)?)))
        .await?;
    let campaign = campaign.ok_or(AppError::NotFound)?;
    staff.require(Action::ActForOrganisation {
        chain: chain_in(&all, campaign.organisation_id),
    })?;
    Ok(campaign)
}

/// The list's query: a notice, and the draft chosen for a new campaign (its clauses are
/// then listed in the form, with no script).
#[derive(Debug, serde::Deserialize)]
pub struct ListQuery {
    #[serde(rename = "ket-qua")]
    result: Option<String>,
    du_thao: Option<String>,
}

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    <Mobilisers as super::Gate>::check(&staff)?;
    let ctx = Ctx::new(time::now_utc());
    let notice = match query.result.as_deref() {
        Some("da-tao") => Some(ctx.t.campaigns.created),
        _ => None,
    };
    let form = CampaignForm {
        draft: query
            .du_thao
            .as_deref()
            .filter(|d| d.len() <= 20)
            .unwrap_or_default()
            .to_string(),
        via_link: true,
        ..CampaignForm::default()
    };
    show_list(&req, &state, &staff, notice, form, Vec::new()).await
}

async fn show_list(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    notice: Option<&str>,
    form: CampaignForm,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let now = time::now_utc();
    let (all, drafts, communes) = state
        .db
        .run(move |c| {
            let communes: Vec<Locality> = match reference::jurisdiction(c)? {
                Some(j) => reference::localities(c, j.id)?,
                None => Vec::new(),
            };
            Ok::<_, AppError>((front::all(c)?, q::open_drafts(c, now)?, communes))
        })
        .await?;
    let mine: Vec<front::Organisation> = in_scope(staff, &all).into_iter().cloned().collect();
    let ids: Option<Vec<OrganisationId>> =
        (!staff.can(Action::Administer)).then(|| mine.iter().map(|o| o.id).collect());
    let campaigns = state
        .db
        .run(move |c| Ok::<_, AppError>(q::of_organisations(c, ids.as_deref(), LIST_LIMIT)?))
        .await?;
    // The clauses of the draft chosen, once one is (the form is sent again to list them).
    // Only a draft open for comments: its clauses are public; another's are not ours to list.
    let draft: Option<DraftId> = form
        .draft
        .parse()
        .ok()
        .filter(|d| drafts.iter().any(|x| x.id == *d));
    let sections = match draft {
        Some(d) => {
            state
                .db
                .run(move |c| Ok::<_, AppError>(crate::db::queries::received::sections_of(c, d)?))
                .await?
        }
        None => Vec::new(),
    };
    let ctx = Ctx::new(now);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(req, state, status, |csrf| {
        view::list(
            &ctx,
            staff,
            csrf,
            &CampaignsPage {
                campaigns: &campaigns,
                organisations: &mine,
                drafts: &drafts,
                communes: &communes,
                sections: &sections,
                form: &form,
                errors: &errors,
                notice,
            },
        )
    })
}

fn typed(f: &[(String, String)]) -> CampaignForm {
    let get = |k: &str| first(f, k).to_string();
    let all = |k: &str| -> Vec<String> {
        f.iter()
            .filter(|(key, _)| key == k)
            .take(crate::domain::campaign::MAX_COMMUNES + 1)
            .map(|(_, v)| v.clone())
            .collect()
    };
    CampaignForm {
        draft: get("du_thao"),
        organisation: get("to_chuc"),
        title: get("tieu_de"),
        goal: get("muc_tieu"),
        target_count: get("chi_tieu"),
        starts_on: get("tu_ngay"),
        ends_on: get("den_ngay"),
        via_link: first(f, "kenh_lien_ket") == "1",
        via_meetings: first(f, "kenh_hop") == "1",
        via_groups: first(f, "kenh_to_dan_pho") == "1",
        via_social: first(f, "kenh_mang_xa_hoi") == "1",
        communes: all("xa"),
        sections: all("dieu_khoan"),
    }
}

fn parse(f: &CampaignForm) -> Result<CampaignInput, Vec<CampaignProblem>> {
    CampaignInput::parse(&CampaignFields {
        title: &f.title,
        goal: &f.goal,
        target_count: &f.target_count,
        starts_on: &f.starts_on,
        ends_on: &f.ends_on,
        via_link: f.via_link,
        via_meetings: f.via_meetings,
        via_groups: f.via_groups,
        via_social: f.via_social,
        communes: f.communes.iter().map(String::as_str).collect(),
        sections: f.sections.iter().map(String::as_str).collect(),
    })
}

fn messages(problems: &[CampaignProblem]) -> Vec<(String, String)> {
    let t = Ctx::new(time::now_utc()).t.campaigns;
    problems
        .iter()
        .map(|p| (p.field().to_string(), t.problem(*p)))
        .collect()
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>, Mobilisers>,
) -> Result<HttpResponse, AppError> {
    let form = typed(&f);
    let t = Ctx::new(time::now_utc()).t.campaigns;
    let mut errors = Vec::new();
    let draft: Option<DraftId> = form.draft.trim().parse().ok();
    if draft.is_none() {
        errors.push(("du_thao".to_string(), t.draft_needed.to_string()));
    }
    // The organisation must be one the organiser acts for.
    let organisation: Option<OrganisationId> = form.organisation.trim().parse().ok();
    let all = state.db.run(|c| Ok::<_, AppError>(front::all(c)?)).await?;
    let allowed = organisation.filter(|o| {
        all.iter().any(|x| x.id == *o)
            && staff.can(Action::ActForOrganisation {
                chain: chain_in(&all, *o),
            })
    });
    if allowed.is_none() {
        errors.push(("to_chuc".to_string(), t.organisation_needed.to_string()));
    }
    let input = match parse(&form) {
        Ok(i) => Some(i),
        Err(p) => {
            errors.extend(messages(&p));
            None
        }
    };
    let (Some(draft), Some(organisation), Some(input), true) =
        (draft, allowed, input, errors.is_empty())
    else {
        return show_list(&req, &state, &staff, None, form, errors).await;
    };
    let (who, now) = (staff.clone(), time::now_utc());
    let made = state
        .db
        .write_unpublished(move |c| {
            Ok::<_, AppError>(crate::services::campaigns::create(
                c,
                draft,
                organisation,
                &input,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match made {
        Ok(id) => Ok(see_other(&crate::paths::with_result(
            &crate::paths::console::campaign(id),
            "da-tao",
            None,
        ))),
        Err(p) => show_list(&req, &state, &staff, None, form, messages(&[p])).await,
    }
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let campaign = scoped(&state, &staff, CampaignId(path.into_inner())).await?;
    let (id, org) = (campaign.id, campaign.organisation_id);
    let (communes, sections, organisation, counts) = state
        .db
        .run(move |c| {
            Ok::<_, AppError>((
                q::communes(c, id)?,
                q::sections(c, id)?,
                front::find(c, org)?,
                q::counts(c, id)?,
            ))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let t = ctx.t.campaigns;
    let notice = match query.result.as_deref() {
        Some("da-tao") => Some(t.created),
        Some("da-cap-nhat") => Some(t.stepped),
        Some("khong-doi-duoc") => Some(t.step_refused),
        Some("du-thao-da-dong") => Some(t.step_draft_closed),
        _ => None,
    };
    let link = short_link(&state, &campaign.code);
    render(&req, &state, StatusCode::OK, |csrf| {
        view::show(
            &ctx,
            &staff,
            csrf,
            &view::CampaignPage {
                campaign: &campaign,
                organisation: organisation.as_ref(),
                communes: &communes,
                sections: &sections,
                link: &link,
                counts,
                notice,
            },
        )
    })
}

/// The poster: an A4 page made for print, with the QR code of the short link.
pub async fn poster(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let campaign = scoped(&state, &staff, CampaignId(path.into_inner())).await?;
    let org = campaign.organisation_id;
    let organisation = state
        .db
        .run(move |c| Ok::<_, AppError>(front::find(c, org)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = Ctx::new(time::now_utc());
    let link = short_link(&state, &campaign.code);
    let html = view::poster(&ctx, &campaign, &organisation, &link).into_string();
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-store"))
        .body(html))
}

/// The QR code of the short link, as a PNG for the poster and for printing elsewhere.
pub async fn qr_png(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let campaign = scoped(&state, &staff, CampaignId(path.into_inner())).await?;
    let link = short_link(&state, &campaign.code);
    let png = crate::qr::png(&link).map_err(AppError::Internal)?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(("Cache-Control", "private, max-age=3600"))
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"chien-dich-{}.png\"", campaign.code),
        ))
        .body(png))
}

pub async fn step(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>, Mobilisers>,
) -> Result<HttpResponse, AppError> {
    let campaign = scoped(&state, &staff, CampaignId(path.into_inner())).await?;
    let step = match first(&f, "buoc") {
        "bat-dau" => CampaignStep::Start,
        "ket-thuc" => CampaignStep::End,
        "huy" => CampaignStep::Cancel,
        _ => {
            return Err(AppError::refused(
                StatusCode::BAD_REQUEST,
                Ctx::new(time::now_utc()).t.campaigns.step_unknown,
            ));
        }
    };
    let (who, now, id) = (staff.clone(), time::now_utc(), campaign.id);
    let done = state
        .db
        .write_unpublished(move |c| {
            Ok::<_, AppError>(crate::services::campaigns::step(
                c,
                &campaign,
                step,
                &who.by(),
                now,
            )?)
        })
        .await?;
    let result = match done {
        Ok(()) => "da-cap-nhat",
        Err(crate::services::campaigns::StepRefusal::NotFromState) => "khong-doi-duoc",
        Err(crate::services::campaigns::StepRefusal::DraftNotOpen) => "du-thao-da-dong",
    };
    Ok(see_other(&crate::paths::with_result(
        &crate::paths::console::campaign(id),
        result,
        None,
    )))
}
