//! The agencies as an administrator keeps them: the list, and the form to add one or
//! correct it.

use maud::{Markup, html};

use super::{Area, flash, page, problem_for, problems, text_field};
use crate::auth::session::Staff;
use crate::db::models::{Agency, Locality};
use crate::views::Ctx;

/// The form's fields as shown: an agency as stored, or as typed when refused.
#[derive(Debug, Clone, Default)]
pub struct AgencyForm {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub abbreviation: String,
    pub parent_body: String,
    pub signer_title: String,
    pub address: String,
    pub website: String,
    pub description: String,
    pub commune: String,
}

pub struct AgenciesPage<'a> {
    pub list: &'a [(Agency, Option<String>)],
    pub communes: &'a [Locality],
    pub form: &'a AgencyForm,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

pub fn list(ctx: &Ctx, staff: &Staff, csrf: &str, p: &AgenciesPage<'_>) -> Markup {
    let a = ctx.t.agencies;
    let body = html! {
        h1 { (a.title) }
        (flash(p.notice))
        p { (a.intro) }
        div.table-wrap {
            table.data {
                thead { tr {
                    th scope="col" { (a.name) }
                    th scope="col" { (a.col_level) }
                    th scope="col" { (a.abbreviation) }
                    th scope="col" { (a.signer_title) }
                } }
                tbody {
                    @for (agency, commune) in p.list {
                        tr {
                            th scope="row" {
                                a href=(crate::paths::console::agency(agency.id)) { (agency.name) }
                            }
                            td { (commune.as_deref().unwrap_or(a.level_city)) }
                            td { (agency.abbreviation) }
                            td { (agency.signer_title) }
                        }
                    }
                }
            }
        }
        h2 #them-co-quan { (a.new_title) }
        (problems(ctx, p.errors))
        (form(ctx, csrf, crate::paths::console::AGENCIES, p.communes, p.form, p.errors, a.create))
    };
    page(ctx, Some(staff), csrf, Area::Agencies, a.title, body)
}

pub fn edit(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    agency: &Agency,
    communes: &[Locality],
    f: &AgencyForm,
    errors: &[(String, String)],
) -> Markup {
    let a = ctx.t.agencies;
    let body = html! {
        p { a href=(crate::paths::console::AGENCIES) { "← " (a.title) } }
        h1 { (agency.name) }
        (problems(ctx, errors))
        (form(ctx, csrf, &crate::paths::console::agency(agency.id), communes, f, errors, a.save))
    };
    page(ctx, Some(staff), csrf, Area::Agencies, &agency.name, body)
}

fn form(
    ctx: &Ctx,
    csrf: &str,
    action: &str,
    communes: &[Locality],
    f: &AgencyForm,
    errors: &[(String, String)],
    button: &str,
) -> Markup {
    let a = ctx.t.agencies;
    let e = |name: &str| problem_for(errors, name);
    html! {
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("ten", a.name, &f.name, None, e("ten"), "text"))
            (text_field("ma", a.slug, &f.slug, Some(a.slug_hint), e("ma"), "text"))
            (text_field("ten_ngan", a.short_name, &f.short_name, Some(a.short_name_hint), e("ten_ngan"), "text"))
            (text_field("viet_tat", a.abbreviation, &f.abbreviation, Some(a.abbreviation_hint), e("viet_tat"), "text"))
            (text_field("co_quan_cap_tren", a.parent_body, &f.parent_body, Some(a.parent_body_hint), e("co_quan_cap_tren"), "text"))
            (text_field("chuc_danh_ky", a.signer_title, &f.signer_title, None, e("chuc_danh_ky"), "text"))
            @let ce = e("xa");
            div.field.error[ce.is_some()] {
                label for="f-xa" { (a.commune) }
                @if let Some(m) = ce { p.err id="e-xa" { span.vh { "Lỗi: " } (m) } }
                select #f-xa name="xa" aria-describedby=[ce.map(|_| "e-xa")] aria-invalid=[ce.map(|_| "true")] {
                    option value="" { (a.commune_none) }
                    @for l in communes {
                        option value=(l.code) selected[f.commune == l.code] { (l.name) }
                    }
                }
            }
            (text_field("dia_chi", a.address, &f.address, None, e("dia_chi"), "text"))
            (text_field("trang_web", a.website, &f.website, None, e("trang_web"), "url"))
            @let de = e("mo_ta");
            div.field.error[de.is_some()] {
                label for="f-mo_ta" { (a.description) }
                @if let Some(m) = de { p.err id="e-mo_ta" { span.vh { "Lỗi: " } (m) } }
                textarea #f-mo_ta name="mo_ta" rows="3" aria-describedby=[de.map(|_| "e-mo_ta")] aria-invalid=[de.map(|_| "true")] { (f.description) }
            }
            div.actions { button type="submit" { (button) } }
        }
    }
}
