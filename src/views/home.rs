//! The home page: what is open for comment now, what closes soon, what just closed.

use maud::{Markup, html};

use super::Ctx;
use super::components::draft_cards;
use super::layout::{Nav, PageMeta, page};
use crate::db::queries::drafts::DraftListItem;

pub struct HomeData {
    pub closing_soon: Vec<DraftListItem>,
    pub open: Vec<DraftListItem>,
    /// Every open draft, including those closing soon.
    pub open_total: i64,
    pub upcoming: Vec<DraftListItem>,
    pub recently_closed: Vec<DraftListItem>,
}

pub fn render(ctx: &Ctx, d: &HomeData) -> Markup {
    let t = ctx.t;
    let shown_open = (d.closing_soon.len() + d.open.len()) as i64;
    let body = html! {
        h1 { (t.home_title) }
        p.lead { (t.home_lead) }
        (super::search::search_box(ctx, "", false))
        @if d.open_total == 0 {
            p.notice { (t.home_none_open) }
        }
        @if !d.closing_soon.is_empty() {
            section aria-labelledby="sap-het-han" {
                h2 #sap-het-han { (t.home_closing_soon) }
                (draft_cards(ctx, &d.closing_soon, 3))
            }
        }
        @if !d.open.is_empty() {
            section aria-labelledby="dang-lay-y-kien" {
                h2 #dang-lay-y-kien { (t.home_open) }
                (draft_cards(ctx, &d.open, 3))
            }
        }
        @if d.open_total > shown_open {
            p.more { a href=(format!("{}?trang-thai=dang-lay-y-kien", crate::paths::public::DRAFTS)) { (t.see_all_open(d.open_total)) } }
        }
        @if !d.upcoming.is_empty() {
            section aria-labelledby="sap-lay-y-kien" {
                h2 #sap-lay-y-kien { (t.home_upcoming) }
                (draft_cards(ctx, &d.upcoming, 3))
            }
        }
        @if !d.recently_closed.is_empty() {
            section aria-labelledby="vua-ket-thuc" {
                h2 #vua-ket-thuc { (t.home_recently_closed) }
                (draft_cards(ctx, &d.recently_closed, 3))
            }
        }
        p.more { a.button.secondary href=(crate::paths::public::DRAFTS) { (t.see_all) } }
    };
    page(
        ctx,
        PageMeta {
            title: t.home_title,
            description: Some(t.home_lead),
            nav: Nav::Home,
        },
        body,
    )
}
