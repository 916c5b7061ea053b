//! The Front's organisations in the console: the tree (all of it for an administrator,
//! an organiser's own part for an organiser), the form to add or correct one, and an
//! organisation's page as an organiser reads it.

use maud::{Markup, html};

use super::{Area, flash, page, problem_for, problems, text_field};
use crate::auth::session::Staff;
use crate::db::models::Locality;
use crate::db::queries::front::Organisation;
use crate::domain::front::OrganisationKind;
use crate::views::Ctx;

/// The form's fields as shown: an organisation as stored, or as typed when refused.
#[derive(Debug, Clone, Default)]
pub struct OrganisationForm {
    pub kind: String,
    pub name: String,
    pub short_name: String,
    pub parent: String,
    pub commune: String,
    pub office_address: String,
    pub office_phone: String,
    pub office_email: String,
}

/// The organisations in the tree's order, each with its depth (0: the jurisdiction's
/// committee): a committee, then those under it, by name.
pub fn tree(all: &[Organisation]) -> Vec<(usize, &Organisation)> {
    fn walk<'a>(
        all: &'a [Organisation],
        parent: Option<crate::domain::ids::OrganisationId>,
        depth: usize,
        out: &mut Vec<(usize, &'a Organisation)>,
    ) {
        if depth >= crate::domain::front::MAX_DEPTH {
            return;
        }
        // Committees first, then member organisations; each by name (`all` is by name).
        let mut children: Vec<&Organisation> =
            all.iter().filter(|o| o.parent_id == parent).collect();
        children.sort_by_key(|o| !o.kind.is_committee());
        for o in children {
            out.push((depth, o));
            walk(all, Some(o.id), depth + 1, out);
        }
    }
    let mut out = Vec::with_capacity(all.len());
    walk(all, None, 0, &mut out);
    out
}

pub struct OrganisationsPage<'a> {
    /// In the tree's order, already narrowed to what the reader may see.
    pub list: &'a [(usize, &'a Organisation)],
    /// The form (administrators only): the committees a new one may sit under.
    pub form: Option<(&'a OrganisationForm, &'a [Locality], &'a [Organisation])>,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

pub fn list(ctx: &Ctx, staff: &Staff, csrf: &str, p: &OrganisationsPage<'_>) -> Markup {
    let t = ctx.t.front;
    let body = html! {
        h1 { (t.title) }
        (flash(p.notice))
        p { (if p.form.is_some() { t.intro } else { t.intro_organiser }) }
        @if p.list.is_empty() {
            p { (t.none_yet) }
        } @else {
            div.table-wrap {
                table.data {
                    thead { tr {
                        th scope="col" { (t.name) }
                        th scope="col" { (t.kind) }
                        th scope="col" { (t.col_level) }
                    } }
                    tbody {
                        @for (depth, o) in p.list {
                            tr {
                                th scope="row" {
                                    // The depth as indentation and, for screen readers, as words.
                                    span class=(format!("tree-{depth}")) {
                                        @if *depth > 0 { span aria-hidden="true" { "└ " } }
                                        a href=(crate::paths::console::organisation(o.id)) { (o.name) }
                                    }
                                }
                                td { (t.kind_name(o.kind)) }
                                td { (o.commune.as_deref().unwrap_or(t.level_city)) }
                            }
                        }
                    }
                }
            }
        }
        @if let Some((form, communes, committees)) = p.form {
            h2 #them-to-chuc { (t.new_title) }
            (problems(ctx, p.errors))
            (organisation_form(ctx, csrf, crate::paths::console::ORGANISATIONS, communes, committees, form, p.errors, t.create))
        }
    };
    page(ctx, Some(staff), csrf, Area::Organisations, t.title, body)
}

/// An administrator's form to correct an organisation.
#[allow(clippy::too_many_arguments)]
pub fn edit(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    o: &Organisation,
    communes: &[Locality],
    committees: &[Organisation],
    f: &OrganisationForm,
    errors: &[(String, String)],
) -> Markup {
    let t = ctx.t.front;
    let body = html! {
        p { a href=(crate::paths::console::ORGANISATIONS) { "← " (t.title) } }
        h1 { (o.name) }
        (problems(ctx, errors))
        (organisation_form(ctx, csrf, &crate::paths::console::organisation(o.id), communes, committees, f, errors, t.save))
    };
    page(ctx, Some(staff), csrf, Area::Organisations, &o.name, body)
}

/// An organisation as an organiser reads it: what it is, its office, those under it.
pub fn show(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    o: &Organisation,
    under: &[&Organisation],
) -> Markup {
    let t = ctx.t.front;
    let body = html! {
        p { a href=(crate::paths::console::ORGANISATIONS) { "← " (t.title) } }
        h1 { (o.name) }
        dl {
            dt { (t.kind) } dd { (t.kind_name(o.kind)) }
            dt { (t.commune) } dd { (o.commune.as_deref().unwrap_or(t.level_city)) }
            @if !o.office_address.is_empty() { dt { (t.office_address) } dd { (o.office_address) } }
            @if !o.office_phone.is_empty() { dt { (t.office_phone) } dd { (o.office_phone) } }
            @if !o.office_email.is_empty() { dt { (t.office_email) } dd { (o.office_email) } }
        }
        @if !under.is_empty() {
            h2 { (t.under) }
            ul {
                @for u in under {
                    li { a href=(crate::paths::console::organisation(u.id)) { (u.name) } }
                }
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Organisations, &o.name, body)
}

#[allow(clippy::too_many_arguments)]
fn organisation_form(
    ctx: &Ctx,
    csrf: &str,
    action: &str,
    communes: &[Locality],
    committees: &[Organisation],
    f: &OrganisationForm,
    errors: &[(String, String)],
    button: &str,
) -> Markup {
    let t = ctx.t.front;
    let e = |name: &str| problem_for(errors, name);
    let select = |name: &'static str,
                  label: &'static str,
                  hint: Option<&'static str>,
                  options: Markup| {
        let err = e(name);
        let id = format!("f-{name}");
        let described = super::super::components::described_by(name, hint.is_some(), err.is_some());
        html! {
            div.field.error[err.is_some()] {
                label for=(id) { (label) }
                @if let Some(h) = hint { p.hint id={ "h-" (name) } { (h) } }
                @if let Some(m) = err { p.err id={ "e-" (name) } { span.vh { "Lỗi: " } (m) } }
                select id=(id) name=(name) aria-describedby=[described] aria-invalid=[err.map(|_| "true")] {
                    (options)
                }
            }
        }
    };
    html! {
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            (select("loai", t.kind, None, html! {
                @for k in OrganisationKind::ALL {
                    option value=(k.as_str()) selected[f.kind == k.as_str()] { (t.kind_name(*k)) }
                }
            }))
            (text_field("ten", t.name, &f.name, None, e("ten"), "text"))
            (text_field("ten_ngan", t.short_name, &f.short_name, Some(t.short_name_hint), e("ten_ngan"), "text"))
            (select("truc_thuoc", t.parent, Some(t.parent_hint), html! {
                option value="" { (t.parent_none) }
                @for c in committees {
                    option value=(c.id) selected[f.parent == c.id.to_string()] { (c.name) }
                }
            }))
            (select("xa", t.commune, Some(t.commune_hint), html! {
                option value="" { (t.commune_none) }
                @for l in communes {
                    option value=(l.code) selected[f.commune == l.code] { (l.name) }
                }
            }))
            (text_field("dia_chi", t.office_address, &f.office_address, None, e("dia_chi"), "text"))
            (text_field("dien_thoai", t.office_phone, &f.office_phone, Some(t.office_phone_hint), e("dien_thoai"), "tel"))
            (text_field("thu", t.office_email, &f.office_email, Some(t.office_email_hint), e("thu"), "email"))
            div.actions { button type="submit" { (button) } }
        }
    }
}
