//! For administrators: the legal rules behind the figures the portal enforces, listed
//! and confirmed (`services::legal`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use serde::Deserialize;

use super::{Administrators, ConsoleForm, ResultQuery, render, see_other};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::queries::legal;
use crate::domain::ids::LegalRuleId;
use crate::domain::legal::RuleEdit;
use crate::domain::time;
use crate::error::AppError;
use crate::views::Ctx;
use crate::views::console::legal::{self as view, RuleForm};
use crate::web::AppState;

pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ResultQuery>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::Administer)?;
    let now = time::now_utc();
    // The calendar from the start of this year: the years to come are the ones whose
    // decision an administrator may still have to enter.
    let this_year =
        chrono::NaiveDate::from_ymd_opt(time::local_date(now).year(), 1, 1).unwrap_or_default();
    let (rules, years, days) = state
        .db
        .run(move |c| {
            Ok::<_, AppError>((
                legal::all(c)?,
                crate::db::queries::calendar::years(c)?,
                crate::db::queries::calendar::days_from(c, this_year)?,
            ))
        })
        .await?;
    let ctx = Ctx::new(now);
    let calendar = view::Calendar {
        this_year: this_year.year(),
        years: &years,
        days: &days,
    };
    let notice = (query.result.as_deref() == Some("da-luu")).then_some(ctx.t.console.saved);
    render(&req, &state, StatusCode::OK, |csrf| {
        view::list(&ctx, &staff, csrf, &rules, &calendar, notice)
    })
}

pub async fn form(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    staff.require(Action::Administer)?;
    let id = LegalRuleId(path.into_inner());
    let rule = state
        .db
        .run(move |c| Ok::<_, AppError>(legal::find(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = Ctx::new(time::now_utc());
    let days = rule.days.to_string();
    let f = RuleForm {
        days: &days,
        citation: &rule.citation,
        source_url: &rule.source_url,
        confirmed: rule.confirmed,
    };
    render(&req, &state, StatusCode::OK, |csrf| {
        view::form(&ctx, &staff, csrf, &rule, &f, &[])
    })
}

#[derive(Debug, Deserialize)]
pub struct RuleFields {
    #[serde(default)]
    so_ngay: String,
    #[serde(default)]
    can_cu: String,
    #[serde(default)]
    nguon: String,
    #[serde(default)]
    xac_nhan: Option<String>,
}

pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    ConsoleForm(staff, f, _): ConsoleForm<RuleFields, Administrators>,
) -> Result<HttpResponse, AppError> {
    let id = LegalRuleId(path.into_inner());
    let confirmed = f.xac_nhan.is_some();
    let edit = match RuleEdit::parse(&f.so_ngay, &f.can_cu, &f.nguon, confirmed) {
        Ok(edit) => edit,
        Err(found) => {
            let rule = state
                .db
                .run(move |c| Ok::<_, AppError>(legal::find(c, id)?))
                .await?
                .ok_or(AppError::NotFound)?;
            let ctx = Ctx::new(time::now_utc());
            let errors: Vec<(String, String)> = found
                .iter()
                .map(|p| {
                    (
                        p.field().to_string(),
                        ctx.t.console.rule_problem(*p).to_string(),
                    )
                })
                .collect();
            let form = RuleForm {
                days: &f.so_ngay,
                citation: &f.can_cu,
                source_url: &f.nguon,
                confirmed,
            };
            return render(&req, &state, StatusCode::BAD_REQUEST, |csrf| {
                view::form(&ctx, &staff, csrf, &rule, &form, &errors)
            });
        }
    };
    let by = staff.clone();
    let now = time::now_utc();
    // Draft pages show a confirmed citation: caches look again.
    let found = state
        .db
        .write(move |c| {
            Ok::<_, AppError>(crate::services::legal::save(c, id, &edit, &by.by(), now)?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&crate::paths::with_result(
        crate::paths::console::LEGAL_RULES,
        "da-luu",
        None,
    )))
}
