//! For administrators: staff accounts and the audit log.

use crate::domain::ids::*;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use super::{Administrators, ConsoleForm, ResultQuery, render, see_other};
use crate::auth::password;
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::queries::accounts;
use crate::db::queries::audit::{self, LogFilter};
use crate::db::queries::reference;
use crate::domain::staff::Role;
use crate::domain::time;
use crate::error::AppError;
use crate::services::accounts::{
    self as accounts_service, AccountField, AccountInput, AccountProblem, ActivationRefusal,
};
use crate::views::Ctx;
use crate::views::console::accounts::{self as view, AccountForm, AccountsPage};
use crate::web::AppState;
use crate::web::public::params::page_number;

pub async fn accounts(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::Administer)?;
    let (list, agencies, organisations) = state
        .db
        .run(|c| {
            Ok::<_, AppError>((
                accounts::all(c)?,
                reference::agencies(c)?,
                crate::db::queries::front::all(c)?,
            ))
        })
        .await?;
    let ctx = Ctx::new(time::now_utc());
    let message = match query.result.as_deref() {
        Some("da-tao") => Some(ctx.t.console.account_created),
        Some("da-cap-nhat") => Some(ctx.t.console.saved),
        _ => None,
    };
    let form = AccountForm {
        email: "",
        name: "",
        role: "editor",
        agency: "",
        organisation: "",
    };
    render(&req, &state, StatusCode::OK, |csrf| {
        view::accounts(
            &ctx,
            &staff,
            csrf,
            &AccountsPage {
                list: &list,
                agencies: &agencies,
                organisations: &organisations,
                form: &form,
                errors: &[],
                message,
            },
        )
    })
}

#[derive(Debug, Deserialize)]
pub struct NewAccountForm {
    #[serde(default)]
    ten: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    vai_tro: String,
    #[serde(default)]
    co_quan: String,
    #[serde(default)]
    to_chuc: String,
    #[serde(default)]
    mat_khau: String,
}

pub async fn create_account(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(staff, form, _): ConsoleForm<NewAccountForm, Administrators>,
) -> Result<HttpResponse, AppError> {
    let ctx = Ctx::new(time::now_utc());
    let c = ctx.t.console;
    let input = AccountInput {
        name: &form.ten,
        email: &form.email,
        role: Role::parse(&form.vai_tro),
        agency_id: form.co_quan.trim().parse().ok(),
        organisation_id: form.to_chuc.trim().parse().ok(),
        password: &form.mat_khau,
    };
    let word = |(field, problem): (AccountField, AccountProblem)| {
        let field = match field {
            AccountField::Name => "ten",
            AccountField::Email => "email",
            AccountField::Role => "vai_tro",
            AccountField::Agency => "co_quan",
            AccountField::Organisation => "to_chuc",
            AccountField::Password => "mat_khau",
        };
        let text = match problem {
            AccountProblem::NameNeeded => c.account_name_needed.to_string(),
            AccountProblem::EmailInvalid => ctx
                .t
                .problem(&crate::domain::comment::Problem::EmailInvalid),
            AccountProblem::RoleNeeded => c.account_role_needed.to_string(),
            AccountProblem::AgencyNeeded => c.account_agency_needed.to_string(),
            AccountProblem::OrganisationNeeded => c.account_organisation_needed.to_string(),
            AccountProblem::WeakPassword(w) => w.to_string(),
            AccountProblem::Exists => c.account_exists.to_string(),
        };
        (field.to_string(), text)
    };
    let mut errors: Vec<(String, String)> = Vec::new();
    match accounts_service::check(&input) {
        Err(problems) => errors.extend(problems.into_iter().map(word)),
        Ok(account) => {
            let pw = form.mat_khau.clone();
            let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(AppError::Internal)?;
            let who = staff.clone();
            let now = time::now_utc();
            let created = state
                .db
                .write_unpublished(move |conn| {
                    Ok::<_, AppError>(accounts_service::create(
                        conn,
                        &account,
                        &hash,
                        &who.by(),
                        now,
                    )?)
                })
                .await?;
            match created {
                Ok(_) => {
                    return Ok(see_other(&crate::paths::with_result(
                        crate::paths::console::ACCOUNTS,
                        "da-tao",
                        None,
                    )));
                }
                Err(problem) => errors.push(word(problem)),
            }
        }
    }
    let (list, agencies, organisations) = state
        .db
        .run(|c| {
            Ok::<_, AppError>((
                accounts::all(c)?,
                reference::agencies(c)?,
                crate::db::queries::front::all(c)?,
            ))
        })
        .await?;
    let form_values = AccountForm {
        email: &form.email,
        name: &form.ten,
        role: &form.vai_tro,
        agency: &form.co_quan,
        organisation: &form.to_chuc,
    };
    render(&req, &state, StatusCode::BAD_REQUEST, |csrf| {
        view::accounts(
            &ctx,
            &staff,
            csrf,
            &AccountsPage {
                list: &list,
                agencies: &agencies,
                organisations: &organisations,
                form: &form_values,
                errors: &errors,
                message: None,
            },
        )
    })
}

#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    hoat_dong: String,
}

/// Deactivating an account ends its sessions at once (the epoch moves on).
pub async fn set_active(
    state: web::Data<AppState>,
    path: web::Path<AccountId>,
    ConsoleForm(staff, form, _): ConsoleForm<ActiveForm, Administrators>,
) -> Result<HttpResponse, AppError> {
    let (id, active) = (path.into_inner(), form.hoat_dong == "1");
    let now = time::now_utc();
    let who = staff.clone();
    let changed = state
        .db
        .write_unpublished(move |conn| {
            Ok::<_, AppError>(accounts_service::set_active(
                conn,
                id,
                active,
                &who.by(),
                now,
            )?)
        })
        .await?;
    match changed {
        Ok(()) => {}
        Err(ActivationRefusal::Yourself) => {
            return Err(AppError::bad_request(
                Ctx::new(time::now_utc()).t.console.not_yourself,
            ));
        }
        Err(ActivationRefusal::NoSuchAccount) => return Err(AppError::NotFound),
    }
    Ok(see_other(&crate::paths::with_result(
        crate::paths::console::ACCOUNTS,
        "da-cap-nhat",
        None,
    )))
}

#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    nguoi: Option<String>,
    #[serde(rename = "hanh-dong")]
    action: Option<String>,
    #[serde(rename = "du-thao")]
    draft: Option<String>,
    tu: Option<String>,
    den: Option<String>,
    trang: Option<String>,
}

pub async fn audit(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::ReadAudit)?;
    let page = page_number(&query.trang)?;
    let set = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let bad = || AppError::bad_request(crate::i18n::VI.invalid_filter);
    let date = |v: &Option<String>| -> Result<Option<NaiveDate>, AppError> {
        set(v)
            .map(|s| time::parse_day(&s).ok_or_else(bad))
            .transpose()
    };
    let filter = LogFilter {
        actor: set(&query.nguoi).map(|s| s.chars().take(100).collect()),
        action: set(&query.action).map(|s| s.chars().take(100).collect()),
        draft_id: set(&query.draft)
            .map(|s| s.parse::<DraftId>().map_err(|_| bad()))
            .transpose()?,
        from: date(&query.tu)?
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(time::local_to_utc),
        until: date(&query.den)?
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(time::local_to_utc),
    };
    let params: Vec<(&str, String)> = vec![
        ("nguoi", set(&query.nguoi).unwrap_or_default()),
        ("hanh-dong", set(&query.action).unwrap_or_default()),
        ("du-thao", set(&query.draft).unwrap_or_default()),
        ("tu", set(&query.tu).unwrap_or_default()),
        ("den", set(&query.den).unwrap_or_default()),
    ];
    let rows = state
        .db
        .run(move |c| Ok::<_, AppError>(audit::list(c, &filter, page, 50)?))
        .await?;
    render(&req, &state, StatusCode::OK, |csrf| {
        view::audit(&Ctx::new(time::now_utc()), &staff, csrf, &rows, &params)
    })
}

#[derive(Debug, Deserialize)]
pub struct OperatorFields {
    #[serde(default)]
    ten: String,
    #[serde(default)]
    dia_chi: String,
    #[serde(default)]
    dien_thoai: String,
    #[serde(default)]
    thu_dien_tu: String,
    #[serde(default)]
    trang_web: String,
}

/// The site's operating authority: shown in every page's footer and named as the data
/// controller in the privacy notice.
pub async fn operator(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::Administer)?;
    let current = state.site.operator();
    let empty = String::new();
    let pick = |f: fn(&crate::domain::site::Operator) -> &String| {
        current.as_deref().map(f).unwrap_or(&empty).as_str()
    };
    let form = view::OperatorForm {
        name: pick(|o| &o.name),
        address: pick(|o| &o.address),
        phone: pick(|o| &o.phone),
        email: pick(|o| &o.email),
        website: pick(|o| &o.website),
    };
    let ctx = Ctx::new(time::now_utc());
    let saved = query.result.as_deref() == Some("da-luu");
    render(&req, &state, StatusCode::OK, |csrf| {
        view::operator(&ctx, &staff, csrf, &form, &[], saved)
    })
}

pub async fn set_operator(
    req: HttpRequest,
    state: web::Data<AppState>,
    ConsoleForm(staff, form, _): ConsoleForm<OperatorFields, Administrators>,
) -> Result<HttpResponse, AppError> {
    let f = form;
    let parsed = crate::domain::site::Operator::parse(
        &f.ten,
        &f.dia_chi,
        &f.dien_thoai,
        &f.thu_dien_tu,
        &f.trang_web,
    );
    let ctx = Ctx::new(time::now_utc());
    let operator = match parsed {
        Ok(o) => o,
        Err(problems) => {
            let errors: Vec<(String, String)> = problems
                .iter()
                .map(|p| {
                    (
                        p.field().to_string(),
                        ctx.t.console.operator_problem(*p).to_string(),
                    )
                })
                .collect();
            let form = view::OperatorForm {
                name: &f.ten,
                address: &f.dia_chi,
                phone: &f.dien_thoai,
                email: &f.thu_dien_tu,
                website: &f.trang_web,
            };
            return render(&req, &state, StatusCode::BAD_REQUEST, |csrf| {
                view::operator(&ctx, &staff, csrf, &form, &errors, false)
            });
        }
    };
    let who = staff.clone();
    let now = time::now_utc();
    // Every public page names it: caches look again.
    let stored = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(crate::services::site::set_operator(
                c,
                &operator,
                &who.by(),
                now,
            )?)
        })
        .await?;
    state.site.set(Some(stored));
    Ok(see_other(&crate::paths::with_result(
        crate::paths::console::OPERATOR,
        "da-luu",
        None,
    )))
}
