//! The Front's organisations (issue 16, point 1): administrators add and correct them
//! (`services::front`); an organiser sees their own organisation and those under it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{Administrators, ConsoleForm, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::models::Locality;
use crate::db::queries::{front as q, reference};
use crate::domain::front::{OrgChain, OrganisationFields, OrganisationInput, OrganisationProblem};
use crate::domain::ids::OrganisationId;
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::front::{self as view, OrganisationForm, OrganisationsPage};
use crate::web::AppState;
use crate::web::form::first;

/// The organisation and those above it, from the list in memory (the tree has three
/// levels: no query per organisation).
pub(super) fn chain_in(all: &[q::Organisation], id: OrganisationId) -> OrgChain {
    let mut ids = Vec::new();
    let mut next = Some(id);
    while let Some(current) = next {
        if ids.len() == crate::domain::front::MAX_DEPTH {
            break;
        }
        ids.push(current);
        next = all
            .iter()
            .find(|o| o.id == current)
            .and_then(|o| o.parent_id);
    }
    OrgChain::new(&ids)
}

/// The organisations the staff member acts for: all for an administrator, an
/// organiser's own and those under it.
pub(super) fn in_scope<'a>(staff: &Staff, all: &'a [q::Organisation]) -> Vec<&'a q::Organisation> {
    all.iter()
        .filter(|o| {
            staff.can(Action::ActForOrganisation {
                chain: chain_in(all, o.id),
            })
        })
        .collect()
}

/// Everything a page of organisations needs: all of them, the communes, and the
/// committees a new one may sit under.
fn load(
    c: &mut crate::db::DbConnection,
) -> Result<(Vec<q::Organisation>, Vec<Locality>), AppError> {
    let communes = match reference::jurisdiction(c)? {
        Some(j) => reference::localities(c, j.id)?,
        None => Vec::new(),
    };
    Ok((q::all(c)?, communes))
}

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    let ctx = Ctx::new(time::now_utc());
    let notice = match query.result.as_deref() {
        Some("da-them") => Some(ctx.t.front.created),
        Some("da-luu") => Some(ctx.t.front.saved),
        _ => None,
    };
    show_list(
        &req,
        &state,
        &staff,
        notice,
        OrganisationForm::default(),
        Vec::new(),
    )
    .await
}

async fn show_list(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    notice: Option<&str>,
    form: OrganisationForm,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let admin = staff.can(Action::Administer);
    // An organiser without an organisation, or anyone else, has nothing here.
    if !admin && staff.organisation_id.is_none() {
        staff.require(Action::Administer)?;
    }
    let (all, communes) = state.db.run(load).await?;
    let tree: Vec<(usize, &q::Organisation)> = view::tree(&all)
        .into_iter()
        .filter(|(_, o)| {
            admin
                || staff.can(Action::ActForOrganisation {
                    chain: chain_in(&all, o.id),
                })
        })
        .collect();
    let committees: Vec<q::Organisation> = all
        .iter()
        .filter(|o| o.kind.is_committee())
        .cloned()
        .collect();
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
            &OrganisationsPage {
                list: &tree,
                form: admin.then_some((&form, communes.as_slice(), committees.as_slice())),
                errors: &errors,
                notice,
            },
        )
    })
}

/// The form as typed.
fn typed(f: &[(String, String)]) -> OrganisationForm {
    let get = |k: &str| first(f, k).to_string();
    OrganisationForm {
        kind: get("loai"),
        name: get("ten"),
        short_name: get("ten_ngan"),
        parent: get("truc_thuoc"),
        commune: get("xa"),
        office_address: get("dia_chi"),
        office_phone: get("dien_thoai"),
        office_email: get("thu"),
    }
}

fn parse(f: &OrganisationForm) -> Result<OrganisationInput, Vec<OrganisationProblem>> {
    OrganisationInput::parse(&OrganisationFields {
        kind: &f.kind,
        name: &f.name,
        short_name: &f.short_name,
        parent: &f.parent,
        commune: &f.commune,
        office_address: &f.office_address,
        office_phone: &f.office_phone,
        office_email: &f.office_email,
    })
}

fn messages(problems: &[OrganisationProblem]) -> Vec<(String, String)> {
    let t = Ctx::new(time::now_utc()).t.front;
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
    let made = state
        .db
        .write_unpublished(move |c| {
            Ok::<_, AppError>(crate::services::front::create(c, &input, &who.by(), now)?)
        })
        .await?;
    match made {
        Ok(_) => Ok(see_other(&crate::paths::with_result(
            crate::paths::console::ORGANISATIONS,
            "da-them",
            None,
        ))),
        Err(p) => show_list(&req, &state, &staff, None, form, messages(&[p])).await,
    }
}

async fn show_one(
    req: &HttpRequest,
    state: &AppState,
    staff: &Staff,
    id: OrganisationId,
    form: Option<OrganisationForm>,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (all, communes) = state.db.run(load).await?;
    let Some(o) = all.iter().find(|o| o.id == id) else {
        return Err(AppError::NotFound);
    };
    // Another organisation's existence is not an organiser's to know: 404.
    staff.require(Action::ActForOrganisation {
        chain: chain_in(&all, id),
    })?;
    let ctx = Ctx::new(time::now_utc());
    if !staff.can(Action::Administer) {
        let under: Vec<&q::Organisation> = all.iter().filter(|x| x.parent_id == Some(id)).collect();
        return render(req, state, StatusCode::OK, |csrf| {
            view::show(&ctx, staff, csrf, o, &under)
        });
    }
    let form = form.unwrap_or_else(|| OrganisationForm {
        kind: o.kind.as_str().to_string(),
        name: o.name.clone(),
        short_name: o.short_name.clone(),
        parent: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        commune: o.commune_code.clone().unwrap_or_default(),
        office_address: o.office_address.clone(),
        office_phone: o.office_phone.clone(),
        office_email: o.office_email.clone(),
    });
    let committees: Vec<q::Organisation> = all
        .iter()
        .filter(|x| x.kind.is_committee() && x.id != id)
        .cloned()
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(req, state, status, |csrf| {
        view::edit(&ctx, staff, csrf, o, &communes, &committees, &form, &errors)
    })
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    show_one(
        &req,
        &state,
        &staff,
        OrganisationId(path.into_inner()),
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
    let id = OrganisationId(path.into_inner());
    let form = typed(&f);
    let input = match parse(&form) {
        Ok(i) => i,
        Err(p) => return show_one(&req, &state, &staff, id, Some(form), messages(&p)).await,
    };
    let (who, now) = (staff.clone(), time::now_utc());
    let saved = state
        .db
        .write_unpublished(move |c| {
            Ok::<_, AppError>(crate::services::front::update(
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
            crate::paths::console::ORGANISATIONS,
            "da-luu",
            None,
        ))),
        Ok(false) => Err(AppError::NotFound),
        Err(p) => show_one(&req, &state, &staff, id, Some(form), messages(&[p])).await,
    }
}
