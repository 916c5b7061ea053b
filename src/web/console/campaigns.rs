//! Mobilisation campaigns (issue 16, point 2): an organiser starts one on an open draft
//! for their organisation or one under it, takes it through its states, and prints its
//! poster with the QR code of its short link (`services::campaigns`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::front::{chain_in, in_scope};
use actix_multipart::form::bytes::Bytes as FilePart;
use actix_multipart::form::text::Text;

use super::{ConsoleForm, CsrfPart, Mobilisers, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::models::Locality;
use crate::db::queries::{campaigns as q, front, reference};
use crate::domain::campaign::{CampaignFields, CampaignInput, CampaignProblem, CampaignStep};
use crate::domain::ids::{CampaignId, DraftId, MeetingId, OrganisationId};
use crate::domain::meeting::{MeetingEntry, MeetingFields};
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
    let (campaigns, published) = state
        .db
        .run(move |c| {
            let campaigns = q::of_organisations(c, ids.as_deref(), LIST_LIMIT)?;
            let listed: Vec<CampaignId> = campaigns.iter().map(|x| x.id).collect();
            let published = crate::db::queries::participation::of_campaigns(c, &listed)?;
            Ok::<_, AppError>((campaigns, published))
        })
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
                published: &published,
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
    let ctx = Ctx::new(time::now_utc());
    let t = ctx.t.campaigns;
    let notice = match query.result.as_deref() {
        Some("da-tao") => Some(t.created),
        Some("da-cap-nhat") => Some(t.stepped),
        Some("khong-doi-duoc") => Some(t.step_refused),
        Some("du-thao-da-dong") => Some(t.step_draft_closed),
        Some("da-ghi-hop") => Some(ctx.t.meetings.recorded),
        _ => None,
    };
    show_page(
        &req,
        &state,
        &staff,
        campaign,
        notice,
        view::MeetingForm::default(),
        Vec::new(),
    )
    .await
}

/// The campaign's published opinions per day and per commune as CSV, for its
/// organisers: counts as the page shows them ("dưới 5" below five), never who.
pub async fn participation_csv(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let campaign = scoped(&state, &staff, CampaignId(path.into_inner())).await?;
    let id = campaign.id;
    let (by_day, by_commune) = state
        .db
        .run(move |c| {
            Ok::<_, AppError>((
                crate::db::queries::participation::of_campaign_by_day(c, id)?,
                crate::db::queries::participation::of_campaign(c, id)?,
            ))
        })
        .await?;
    let t = &crate::i18n::VI;
    let p = t.participation;
    let shown = |n: i64| t.campaigns.count(n);
    let dimensions = vec![
        (
            p.dimension_day,
            by_day
                .iter()
                .map(|(d, n)| (d.format("%d/%m/%Y").to_string(), shown(*n)))
                .collect(),
        ),
        (
            p.dimension_commune,
            by_commune
                .iter()
                .map(|(c, n)| {
                    (
                        c.clone().unwrap_or_else(|| p.no_commune.to_string()),
                        shown(*n),
                    )
                })
                .collect(),
        ),
    ];
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-store"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"chien-dich-{id}-tham-gia.csv\""),
        ))
        .body(crate::report::counts_csv(t, &campaign.title, &dimensions)))
}

/// The campaign's page; with `errors`, sent back (400) with the meeting form as typed.
async fn show_page(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    campaign: q::Campaign,
    notice: Option<&str>,
    form: view::MeetingForm,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, org, draft) = (campaign.id, campaign.organisation_id, campaign.draft_id);
    let (communes, sections, organisation, counts, meetings, places, clauses, by_commune, by_day) =
        state
            .db
            .run(move |c| {
                let targets = q::commune_codes(c, id)?;
                // A meeting is held in one of the communes targeted, or any when none is.
                let places: Vec<(String, String)> = if targets.is_empty() {
                    match reference::jurisdiction(c)? {
                        Some(j) => reference::localities(c, j.id)?
                            .into_iter()
                            .map(|l| (l.code, l.name))
                            .collect(),
                        None => Vec::new(),
                    }
                } else {
                    targets
                };
                Ok::<_, AppError>((
                    q::communes(c, id)?,
                    q::sections(c, id)?,
                    front::find(c, org)?,
                    q::counts(c, id)?,
                    crate::db::queries::meetings::of_campaign(c, id)?,
                    places,
                    crate::db::queries::received::sections_of(c, draft)?,
                    crate::db::queries::participation::of_campaign(c, id)?,
                    crate::db::queries::participation::of_campaign_by_day(c, id)?,
                ))
            })
            .await?;
    let ctx = Ctx::new(time::now_utc());
    let link = short_link(state, &campaign.code);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(req, state, status, |csrf| {
        view::show(
            &ctx,
            staff,
            csrf,
            &view::CampaignPage {
                campaign: &campaign,
                organisation: organisation.as_ref(),
                communes: &communes,
                sections: &sections,
                link: &link,
                counts,
                notice,
                meetings: &meetings,
                places: &places,
                clauses: &clauses,
                meeting_form: &form,
                by_commune: &by_commune,
                by_day: &by_day,
                errors: &errors,
            },
        )
    })
}

#[derive(actix_multipart::form::MultipartForm)]
pub struct MeetingUpload {
    csrf: Text<String>,
    ngay_hop: Option<Text<String>>,
    xa: Option<Text<String>>,
    so_nguoi: Option<Text<String>>,
    tom_tat: Option<Text<String>>,
    #[multipart(limit = "100KB")]
    dieu_khoan: Vec<Text<String>>,
    #[multipart(limit = "100KB")]
    y_kien: Vec<Text<String>>,
    #[multipart(limit = "50MB")]
    bien_ban: Option<FilePart>,
}

impl CsrfPart for MeetingUpload {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn text_of(t: &Option<Text<String>>) -> String {
    t.as_ref().map(|t| t.0.clone()).unwrap_or_default()
}

/// Records a meeting's result in the campaign (issue 16, point 5): its opinions enter
/// the draft as opinions received outside the portal, from the Front.
pub async fn record_meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    <Mobilisers as super::Gate>::check(&staff)?;
    // Whose campaign it is comes first: the body is read only for someone who may use it.
    let campaign = scoped(&state, &staff, CampaignId(path.into_inner())).await?;
    let upload = super::text::read_multipart::<MeetingUpload>(&req, &state, payload).await?;
    let ctx = Ctx::new(time::now_utc());
    let t = ctx.t.meetings;
    let rows: Vec<(String, String)> = upload
        .dieu_khoan
        .iter()
        .map(|a| a.0.clone())
        .chain(std::iter::repeat(String::new()))
        .zip(upload.y_kien.iter().map(|y| y.0.clone()))
        .take(crate::domain::meeting::MAX_OPINIONS + 1)
        .collect();
    let form = view::MeetingForm {
        held_on: text_of(&upload.ngay_hop),
        commune: text_of(&upload.xa),
        participants: text_of(&upload.so_nguoi),
        summary: text_of(&upload.tom_tat),
        rows,
    };
    let today = time::local_date(time::now_utc());
    let parsed = MeetingEntry::parse(
        &MeetingFields {
            held_on: &form.held_on,
            commune: &form.commune,
            participants: &form.participants,
            summary: &form.summary,
            opinions: form
                .rows
                .iter()
                .map(|(a, y)| (a.as_str(), y.as_str()))
                .collect(),
        },
        campaign.starts_on,
        campaign.ends_on.min(today),
    );
    let mut errors: Vec<(String, String)> = match &parsed {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .iter()
            .map(|p| (p.field().to_string(), t.problem(*p)))
            .collect(),
    };
    let max = state.config.console.attachment_max_mb * 1024 * 1024;
    let file = upload.bien_ban.as_ref().filter(|f| !f.data.is_empty());
    let minutes = match file {
        None => {
            errors.push(("bien_ban".into(), t.minutes_missing.into()));
            None
        }
        Some(f) if f.data.len() as u64 > max => {
            errors.push((
                "bien_ban".into(),
                ctx.t
                    .console
                    .attachment_too_large(state.config.console.attachment_max_mb),
            ));
            None
        }
        Some(f) => {
            let name = crate::upload::clean_file_name(f.file_name.as_deref().unwrap_or(""));
            match crate::upload::sniff(&name, &f.data) {
                None => {
                    errors.push((
                        "bien_ban".into(),
                        ctx.t.console.attachment_wrong_type.into(),
                    ));
                    None
                }
                Some(kind) => Some((name, kind, f.data.clone())),
            }
        }
    };
    let (Ok(entry), Some((name, kind, data)), true) = (parsed, minutes, errors.is_empty()) else {
        return show_page(&req, &state, &staff, campaign, None, form, errors).await;
    };
    let files = state.files.clone();
    let size = data.len() as i64;
    let sha = tokio::task::spawn_blocking(move || files.put(&data))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("storing a meeting's minutes: {e}")))?;
    let minutes = crate::db::queries::meetings::Minutes {
        sha256: sha,
        name,
        content_type: kind.content_type().to_string(),
        size,
    };
    let (who, now, c2) = (staff.clone(), time::now_utc(), campaign.clone());
    let done = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(crate::services::campaigns::record_meeting(
                c,
                &c2,
                &entry,
                &minutes,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match done {
        Ok(_) => Ok(see_other(&crate::paths::with_result(
            &crate::paths::console::campaign(campaign.id),
            "da-ghi-hop",
            Some("hop-dan"),
        ))),
        Err(refusal) => {
            let (field, message) = t.refusal(refusal);
            show_page(
                &req,
                &state,
                &staff,
                campaign,
                None,
                form,
                vec![(field.to_string(), message.to_string())],
            )
            .await
        }
    }
}

/// A meeting's minutes, for the organisers of its organisation, the staff of the
/// draft's agency and administrators; never public (minutes name people).
pub async fn minutes(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = MeetingId(path.into_inner());
    let (meeting, all, agency) = state
        .db
        .run(move |c| {
            let m = crate::db::queries::meetings::find(c, id)?.ok_or(AppError::NotFound)?;
            let agency =
                crate::db::queries::console::draft(c, m.draft_id)?.map(|d| d.draft.agency_id);
            Ok::<_, AppError>((m, front::all(c)?, agency))
        })
        .await?;
    let allowed = staff.can(Action::ActForOrganisation {
        chain: chain_in(&all, meeting.organisation_id),
    }) || agency.is_some_and(|agency_id| staff.can(Action::SeeDraft { agency_id }));
    if !allowed {
        return Err(AppError::NotFound);
    }
    let (files, sha) = (state.files.clone(), meeting.minutes_sha256.clone());
    let path = tokio::task::spawn_blocking(move || files.local(&sha))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(format!("minutes of meeting {id}: {e}")))?
        .ok_or(AppError::NotFound)?;
    let file = actix_files::NamedFile::open_async(&path)
        .await
        .map_err(|e| AppError::Internal(format!("minutes of meeting {id}: {e}")))?;
    let mime: mime::Mime = meeting
        .minutes_type
        .parse()
        .unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let (_, disposition) =
        crate::web::public::drafts::attachment_disposition(&meeting.minutes_name);
    let mut resp = file
        .set_content_type(mime)
        .set_content_disposition(disposition)
        .into_response(&req);
    resp.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("private, no-store"),
    );
    Ok(resp)
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
