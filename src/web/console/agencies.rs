//! For administrators: the agencies of the jurisdiction and of its communes, added and
//! corrected (`services::agencies`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{Administrators, ConsoleForm, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::models::{Agency, Locality};
use crate::db::queries::{agencies as q, reference};
use crate::domain::agency::{AgencyFields, AgencyInput, AgencyProblem};
use crate::domain::ids::AgencyId;
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::agencies::{self as view, AgenciesPage, AgencyForm};
use crate::web::AppState;
use crate::web::form::first;

/// The communes of the jurisdiction, for the form's list.
fn communes(c: &mut crate::db::DbConnection) -> Result<Vec<Locality>, AppError> {
    Ok(match reference::jurisdiction(c)? {
        Some(j) => reference::localities(c, j.id)?,
        None => Vec::new(),
    })
}

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::Administer)?;
    let ctx = Ctx::new(time::now_utc());
    let notice = match query.result.as_deref() {
        Some("da-them") => Some(ctx.t.agencies.created),
        Some("da-luu") => Some(ctx.t.agencies.saved),
        _ => None,
    };
    show_list(
        &req,
        &state,
        &staff,
        notice,
        AgencyForm::default(),
        Vec::new(),
    )
    .await
}

async fn show_list(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    notice: Option<&str>,
    form: AgencyForm,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (list, communes) = state
        .db
        .run(|c| Ok::<_, AppError>((q::all(c)?, communes(c)?)))
        .await?;
    let ctx = Ctx::new(time::now_utc());
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
            &AgenciesPage {
                list: &list,
                communes: &communes,
                form: &form,
                errors: &errors,
                notice,
            },
        )
    })
}

/// The form as typed.
fn typed(f: &[(String, String)]) -> AgencyForm {
    let get = |k: &str| first(f, k).to_string();
    AgencyForm {
        slug: get("ma"),
        name: get("ten"),
        short_name: get("ten_ngan"),
        abbreviation: get("viet_tat"),
        parent_body: get("co_quan_cap_tren"),
        signer_title: get("chuc_danh_ky"),
        address: get("dia_chi"),
        website: get("trang_web"),
        description: get("mo_ta"),
        commune: get("xa"),
    }
}

fn parse(f: &AgencyForm) -> Result<AgencyInput, Vec<AgencyProblem>> {
    AgencyInput::parse(&AgencyFields {
        slug: &f.slug,
        name: &f.name,
        short_name: &f.short_name,
        abbreviation: &f.abbreviation,
        parent_body: &f.parent_body,
        signer_title: &f.signer_title,
        address: &f.address,
        website: &f.website,
        description: &f.description,
        commune: &f.commune,
    })
}

fn messages(problems: &[AgencyProblem]) -> Vec<(String, String)> {
    let t = Ctx::new(time::now_utc()).t.agencies;
    problems
        .iter()
        .map(|p| (p.field().to_string(), t.problem(*p).to_string()))
        .collect()
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>, Administrators>,
) -> Result<HttpResponse, AppError> {
    let form = typed(&f);
    let input = match parse(&form) {
        Ok(i) => i,
        Err(p) => return show_list(&req, &state, &staff, None, form, messages(&p)).await,
    };
    let (who, now) = (staff.clone(), time::now_utc());
    // The public lists of agencies show it: caches look again.
    let made = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(crate::services::agencies::create(
                c,
                &input,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match made {
        Ok(_) => Ok(see_other(&crate::paths::with_result(
            crate::paths::console::AGENCIES,
            "da-them",
            None,
        ))),
        Err(p) => show_list(&req, &state, &staff, None, form, messages(&[p])).await,
    }
}

async fn show_edit(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    id: AgencyId,
    form: Option<AgencyForm>,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (agency, communes, code): (Agency, Vec<Locality>, Option<String>) = state
        .db
        .run(move |c| {
            let a = q::find(c, id)?.ok_or(AppError::NotFound)?;
            let code = match a.locality_id {
                Some(l) => q::commune_code(c, l)?,
                None => None,
            };
            Ok::<_, AppError>((a, communes(c)?, code))
        })
        .await?;
    let form = form.unwrap_or_else(|| AgencyForm {
        slug: agency.slug.clone(),
        name: agency.name.clone(),
        short_name: agency.short_name.clone(),
        abbreviation: agency.abbreviation.clone(),
        parent_body: agency.parent_body.clone(),
        signer_title: agency.signer_title.clone(),
        address: agency.address.clone(),
        website: agency.website.clone(),
        description: agency.description.clone(),
        commune: code.unwrap_or_default(),
    });
    let ctx = Ctx::new(time::now_utc());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(req, state, status, |csrf| {
        view::edit(&ctx, staff, csrf, &agency, &communes, &form, &errors)
    })
}

pub async fn edit_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::Administer)?;
    show_edit(
        &req,
        &state,
        &staff,
        AgencyId(path.into_inner()),
        None,
        Vec::new(),
    )
    .await
}

pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    ConsoleForm(staff, f, _): ConsoleForm<Vec<(String, String)>, Administrators>,
) -> Result<HttpResponse, AppError> {
    let id = AgencyId(path.into_inner());
    let form = typed(&f);
    let input = match parse(&form) {
        Ok(i) => i,
        Err(p) => return show_edit(&req, &state, &staff, id, Some(form), messages(&p)).await,
    };
    let (who, now) = (staff.clone(), time::now_utc());
    let saved = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(crate::services::agencies::update(
                c,
                id,
                &input,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match saved {
        Ok(true) => Ok(see_other(&crate::paths::with_result(
            crate::paths::console::AGENCIES,
            "da-luu",
            None,
        ))),
        Ok(false) => Err(AppError::NotFound),
        Err(p) => show_edit(&req, &state, &staff, id, Some(form), messages(&[p])).await,
    }
}
