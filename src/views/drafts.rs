//! The list of all published drafts, with filters that work without JavaScript.

use maud::{Markup, html};

use super::Ctx;
use super::components::{draft_cards, pager};
use super::layout::{Nav, PageMeta, crumbs, page};
use crate::db::models::{Agency, DocumentType};
use crate::db::queries::Page;
use crate::db::queries::drafts::{DraftFilter, DraftListItem};
use crate::domain::PeriodStatus;

pub struct DraftsData {
    pub filter: DraftFilter,
    pub page: Page<DraftListItem>,
    pub agencies: Vec<Agency>,
    pub doc_types: Vec<DocumentType>,
    pub years: Vec<i32>,
}

/// The filter as query parameters, for pagination links.
pub fn filter_params(f: &DraftFilter) -> Vec<(&'static str, String)> {
    vec![
        ("co-quan", f.agency.clone().unwrap_or_default()),
        ("loai", f.doc_type.clone().unwrap_or_default()),
        (
            "trang-thai",
            f.status.map(|s| s.slug().to_string()).unwrap_or_default(),
        ),
        ("nam", f.year.map(|y| y.to_string()).unwrap_or_default()),
    ]
}

pub fn render(ctx: &Ctx, d: &DraftsData) -> Markup {
    let t = ctx.t;
    let f = &d.filter;
    let statuses = [
        PeriodStatus::Open,
        PeriodStatus::Upcoming,
        PeriodStatus::Closed,
    ];
    let body = html! {
        (crumbs(ctx, &[], t.drafts_title))
        h1 { (t.drafts_title) }
        form.filters method="get" action=(crate::paths::public::DRAFTS) {
            fieldset {
                legend { (t.filter_heading) }
                div {
                    label for="f-co-quan" { (t.filter_agency) }
                    select #f-co-quan name="co-quan" {
                        option value="" { (t.filter_all) }
                        @for a in &d.agencies {
                            option value=(a.slug) selected[f.agency.as_deref() == Some(a.slug.as_str())] { (a.name) }
                        }
                    }
                }
                div {
                    label for="f-loai" { (t.filter_doc_type) }
                    select #f-loai name="loai" {
                        option value="" { (t.filter_all) }
                        @for dt in &d.doc_types {
                            option value=(dt.code) selected[f.doc_type.as_deref() == Some(dt.code.as_str())] { (dt.name) }
                        }
                    }
                }
                div {
                    label for="f-trang-thai" { (t.filter_status) }
                    select #f-trang-thai name="trang-thai" {
                        option value="" { (t.filter_all) }
                        @for s in statuses {
                            option value=(s.slug()) selected[f.status == Some(s)] { (t.period(s)) }
                        }
                    }
                }
                div {
                    label for="f-nam" { (t.filter_year) }
                    select #f-nam name="nam" {
                        option value="" { (t.filter_all) }
                        @for y in &d.years {
                            option value=(y) selected[f.year == Some(*y)] { (y) }
                        }
                    }
                }
                div.actions {
                    button type="submit" { (t.filter_apply) }
                    a href=(crate::paths::public::DRAFTS) { (t.filter_clear) }
                }
            }
        }
        p role="status" { (t.drafts_found(d.page.total)) }
        @if d.page.items.is_empty() {
            p { (t.no_drafts) }
        } @else {
            (draft_cards(ctx, &d.page.items, 2))
        }
        (pager(ctx, &d.page, crate::paths::public::DRAFTS, &filter_params(f)))
    };
    page(
        ctx,
        PageMeta {
            title: t.drafts_title,
            description: None,
            nav: Nav::Drafts,
        },
        body,
    )
}
