//! Signing in, one's own password, staff accounts and the audit log.

use maud::{Markup, html};

use super::{Area, flash, page, problem_for, problems, text_field};
use crate::auth::session::Staff;
use crate::db::models::Agency;
use crate::db::queries::Page;
use crate::db::queries::accounts::ListedAccount;
use crate::db::queries::audit::LogRow;
use crate::domain::staff::Role;
use crate::domain::time;
use crate::views::Ctx;
use crate::views::components::pager;

pub fn login(ctx: &Ctx, csrf: &str, next: &str, email: &str, error: Option<&str>) -> Markup {
    let c = ctx.t.console;
    let body = html! {
        h1 { (c.login_title) }
        @if let Some(e) = error {
            div.error-summary role="alert" tabindex="-1" autofocus { p { (e) } }
        }
        form method="post" action=(crate::paths::console::SIGN_IN) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="tiep" value=(next);
            div.field {
                label for="f-email" { (c.login_email) }
                input #f-email type="email" name="email" value=(email) autocomplete="email" required spellcheck="false";
            }
            div.field {
                label for="f-mat_khau" { (c.login_password) }
                input #f-mat_khau type="password" name="mat_khau" autocomplete="current-password" required;
            }
            div.actions { button type="submit" { (c.login_button) } }
        }
    };
    page(ctx, None, csrf, Area::Home, c.login_title, body)
}

pub fn dashboard(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    summary: &[(String, String, i64, i64, i64)],
    unconfirmed_rules: i64,
) -> Markup {
    let c = ctx.t.console;
    let admin = staff.can(crate::auth::policy::Action::Administer);
    let body = html! {
        h1 { (c.dashboard_title) }
        @if ctx.operator.is_none() && admin {
            p.notice { (c.site_missing) " " a href=(crate::paths::console::OPERATOR) { (c.site_title) } }
        }
        @if unconfirmed_rules > 0 && admin {
            p.notice {
                a href=(crate::paths::console::LEGAL_RULES) { (unconfirmed_rules) " " (c.legal_unconfirmed_count_suffix) }
            }
        }
        @if summary.is_empty() {
            p { (c.dashboard_empty) }
        } @else {
            table.data {
                caption { (c.dashboard_caption) }
                thead { tr { th scope="col" { (c.col_draft) } th scope="col" { (c.col_waiting_moderation) } th scope="col" { (c.col_unanswered) } th scope="col" { (c.col_answered) } } }
                tbody {
                    @for (title, href, pending, unanswered, answered) in summary {
                        tr {
                            td { a href=(href) { (title) } }
                            td.num { (pending) }
                            td.num { (unanswered) }
                            td.num { (answered) }
                        }
                    }
                }
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Home, c.dashboard_title, body)
}

pub fn password(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    errors: &[(String, String)],
    done: bool,
) -> Markup {
    let c = ctx.t.console;
    let body = html! {
        h1 { (c.password_title) }
        (flash(done.then_some(c.password_changed)))
        (problems(ctx, errors))
        p { (c.password_hint) }
        form method="post" action=(crate::paths::console::PASSWORD) {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("cu", c.password_current, "", None, problem_for(errors, "cu"), "password"))
            (text_field("moi", c.password_new, "", Some(c.password_rules), problem_for(errors, "moi"), "password"))
            div.actions { button type="submit" { (c.password_button) } }
        }
    };
    page(
        ctx,
        Some(staff),
        csrf,
        Area::Account,
        c.password_title,
        body,
    )
}

pub struct AccountForm<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub agency: &'a str,
    pub organisation: &'a str,
}

pub struct AccountsPage<'a> {
    pub list: &'a [ListedAccount],
    pub agencies: &'a [Agency],
    pub organisations: &'a [crate::db::queries::front::Organisation],
    pub form: &'a AccountForm<'a>,
    pub errors: &'a [(String, String)],
    pub message: Option<&'a str>,
}

pub fn accounts(ctx: &Ctx, staff: &Staff, csrf: &str, p: &AccountsPage<'_>) -> Markup {
    let c = ctx.t.console;
    let (list, agencies, form, errors, message) = (p.list, p.agencies, p.form, p.errors, p.message);
    let body = html! {
        h1 { (c.accounts_title) }
        (flash(message))
        table.data {
            caption { (c.accounts_caption) }
            thead { tr {
                th scope="col" { (c.col_name) } th scope="col" { (c.col_email) } th scope="col" { (c.col_role) }
                th scope="col" { (c.col_agency) } th scope="col" { (c.col_state) } th scope="col" { span.vh { (c.col_actions) } }
            } }
            tbody {
                @for ListedAccount { account: a, agency } in list {
                    tr {
                        td { (a.name) }
                        td { (a.email) }
                        td { (c.role(a.role)) }
                        td {
                            @match a.organisation_id.and_then(|o| p.organisations.iter().find(|x| x.id == o)) {
                                Some(o) => (o.short_name),
                                None => (agency.as_deref().unwrap_or("—")),
                            }
                        }
                        td { (if a.active { c.active } else { c.inactive }) }
                        td {
                            @if a.id != staff.id {
                                form method="post" action=(crate::paths::console::account_active(a.id)) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    input type="hidden" name="hoat_dong" value=(if a.active { "0" } else { "1" });
                                    button.secondary type="submit" { (if a.active { c.deactivate } else { c.activate }) span.vh { " " (a.email) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 #tao-moi { (c.account_new_title) }
        (problems(ctx, errors))
        form method="post" action=(crate::paths::console::ACCOUNTS) {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("ten", c.col_name, form.name, None, problem_for(errors, "ten"), "text"))
            (text_field("email", c.col_email, form.email, None, problem_for(errors, "email"), "email"))
            div.field.error[problem_for(errors, "vai_tro").is_some()] {
                label for="f-vai_tro" { (c.col_role) }
                @if let Some(e) = problem_for(errors, "vai_tro") { p.err { (e) } }
                select #f-vai_tro name="vai_tro" {
                    @for r in Role::ALL {
                        option value=(r.as_str()) selected[form.role == r.as_str()] { (c.role(*r)) }
                    }
                }
            }
            div.field.error[problem_for(errors, "co_quan").is_some()] {
                label for="f-co_quan" { (c.col_agency) }
                p.hint { (c.account_agency_hint) }
                @if let Some(e) = problem_for(errors, "co_quan") { p.err { (e) } }
                select #f-co_quan name="co_quan" {
                    option value="" { "—" }
                    @for a in agencies {
                        option value=(a.id) selected[form.agency == a.id.to_string()] { (a.name) }
                    }
                }
            }
            div.field.error[problem_for(errors, "to_chuc").is_some()] {
                label for="f-to_chuc" { (c.col_organisation) }
                p.hint { (c.account_organisation_hint) }
                @if let Some(e) = problem_for(errors, "to_chuc") { p.err { (e) } }
                select #f-to_chuc name="to_chuc" {
                    option value="" { "—" }
                    @for o in p.organisations {
                        option value=(o.id) selected[form.organisation == o.id.to_string()] { (o.name) }
                    }
                }
            }
            (text_field("mat_khau", c.account_initial_password, "", Some(c.password_rules), problem_for(errors, "mat_khau"), "password"))
            div.actions { button type="submit" { (c.account_create) } }
        }
    };
    page(
        ctx,
        Some(staff),
        csrf,
        Area::Accounts,
        c.accounts_title,
        body,
    )
}

pub fn audit(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    rows: &Page<LogRow>,
    params: &[(&str, String)],
) -> Markup {
    let c = ctx.t.console;
    let value = |k: &str| {
        params
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let body = html! {
        h1 { (c.audit_title) }
        form.filters method="get" action=(crate::paths::console::AUDIT) {
            fieldset {
                legend { (c.filter) }
                div { label for="f-nguoi" { (c.audit_actor) } input #f-nguoi type="text" name="nguoi" value=(value("nguoi")); }
                div { label for="f-hanh-dong" { (c.audit_action) } input #f-hanh-dong type="text" name="hanh-dong" value=(value("hanh-dong")); }
                div { label for="f-du-thao" { (c.audit_draft_id) } input #f-du-thao type="text" inputmode="numeric" name="du-thao" value=(value("du-thao")); }
                div { label for="f-tu" { (c.audit_from) } input #f-tu type="text" inputmode="numeric" name="tu" value=(value("tu")) placeholder="dd/mm/yyyy" maxlength="10"; }
                div { label for="f-den" { (c.audit_until) } input #f-den type="text" inputmode="numeric" name="den" value=(value("den")) placeholder="dd/mm/yyyy" maxlength="10"; }
                div.actions { button type="submit" { (ctx.t.filter_apply) } a href=(crate::paths::console::AUDIT) { (ctx.t.filter_clear) } }
            }
        }
        p role="status" { (c.entries(rows.total)) }
        table.data.audit {
            thead { tr {
                th scope="col" { (c.col_time) } th scope="col" { (c.audit_actor) } th scope="col" { (c.audit_action) }
                th scope="col" { (c.col_object) } th scope="col" { (c.col_before) } th scope="col" { (c.col_after) }
            } }
            tbody {
                @for r in &rows.items {
                    tr {
                        td { (time::date_time(r.at)) }
                        td { (r.actor) }
                        td { code { (r.action) } }
                        td { (r.object_type) @if let Some(id) = r.object_id { " #" (id) } @if let Some(d) = r.draft_id { " (" (c.audit_draft_id) " " (d) ")" } }
                        td { @if !r.before_json.is_empty() { code.json { (r.before_json) } } }
                        td { @if !r.after_json.is_empty() { code.json { (r.after_json) } } }
                    }
                }
            }
        }
        (pager(ctx, rows, crate::paths::console::AUDIT, params))
    };
    page(ctx, Some(staff), csrf, Area::Audit, c.audit_title, body)
}

/// The site's operating authority, as typed (or as stored).
pub struct OperatorForm<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub website: &'a str,
}

pub fn operator(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    f: &OperatorForm<'_>,
    errors: &[(String, String)],
    saved: bool,
) -> Markup {
    let c = ctx.t.console;
    let body = html! {
        h1 { (c.site_title) }
        (flash(saved.then_some(c.saved)))
        (problems(ctx, errors))
        p { (c.site_intro) }
        form method="post" action=(crate::paths::console::OPERATOR) {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("ten", c.site_name, f.name, None, problem_for(errors, "ten"), "text"))
            (text_field("dia_chi", c.site_address, f.address, None, problem_for(errors, "dia_chi"), "text"))
            (text_field("dien_thoai", c.site_phone, f.phone, None, problem_for(errors, "dien_thoai"), "tel"))
            (text_field("thu_dien_tu", c.site_email, f.email, None, problem_for(errors, "thu_dien_tu"), "email"))
            (text_field("trang_web", c.site_website, f.website, Some(c.site_website_hint), problem_for(errors, "trang_web"), "url"))
            div.actions { button type="submit" { (c.site_save) } }
        }
    };
    page(ctx, Some(staff), csrf, Area::Site, c.site_title, body)
}
