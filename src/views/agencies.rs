//! The list of drafting agencies, and one agency's page with its drafts.

use maud::{Markup, html};

use super::Ctx;
use super::components::{draft_cards, pager};
use super::layout::{Nav, PageMeta, crumbs, page};
use crate::db::models::Agency;
use crate::db::queries::Page;
use crate::db::queries::drafts::DraftListItem;

pub fn list(ctx: &Ctx, agencies: &Page<Agency>) -> Markup {
    let t = ctx.t;
    let body = html! {
        (crumbs(ctx, &[], t.agencies_title))
        h1 { (t.agencies_title) }
        ul.agencies {
            @for a in &agencies.items {
                li {
                    a href=(crate::paths::public::agency(&a.slug)) { strong { (a.name) } }
                    @if !a.description.is_empty() { p.meta { (a.description) } }
                }
            }
        }
        (pager(ctx, agencies, crate::paths::public::AGENCIES, &[]))
    };
    page(
        ctx,
        PageMeta {
            title: t.agencies_title,
            description: None,
            nav: Nav::Agencies,
        },
        body,
    )
}

pub fn show(ctx: &Ctx, agency: &Agency, drafts: &Page<DraftListItem>) -> Markup {
    let t = ctx.t;
    let body = html! {
        (crumbs(ctx, &[(t.agencies_title, crate::paths::public::AGENCIES)], &agency.name))
        h1 { (agency.name) }
        @if !agency.description.is_empty() { p.lead { (agency.description) } }
        dl.facts {
            @if !agency.address.is_empty() {
                dt { (t.agency_address) }
                dd { (agency.address) }
            }
            @if agency.website.starts_with("https://") || agency.website.starts_with("http://") {
                dt { (t.agency_website) }
                dd { a href=(agency.website) rel="noopener" { (agency.website) } }
            }
        }
        h2 { (t.agency_drafts) }
        p role="status" { (t.drafts_found(drafts.total)) }
        @if drafts.items.is_empty() {
            p { (t.no_drafts) }
        } @else {
            (draft_cards(ctx, &drafts.items, 3))
        }
        (pager(ctx, drafts, &crate::paths::public::agency(&agency.slug), &[]))
    };
    page(
        ctx,
        PageMeta {
            title: &agency.name,
            description: None,
            nav: Nav::Agencies,
        },
        body,
    )
}
