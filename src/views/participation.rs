//! A draft's participation for everyone (issue 16, point 6): the agency's dimensions,
//! except that opinions through campaigns are shown per organisation and only from
//! `min` up. A comment's commune and kind are public with the comment already; that it
//! came through a campaign is not, and a small count in a small commune could point
//! at a person.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::Ctx;
use super::components::{bar_chart, chart_table};
use super::layout::{Nav, PageMeta, page};
use crate::db::queries::participation::Participation;

pub fn public_page(ctx: &Ctx, slug: &str, title: &str, p: &Participation, min: i64) -> Markup {
    let t = ctx.t;
    let pt = t.participation;
    let mut by_organisation: BTreeMap<&str, i64> = BTreeMap::new();
    for (org, _, n) in &p.by_campaign {
        *by_organisation.entry(org.as_str()).or_default() += n;
    }
    let mut organisations: Vec<(String, i64)> = by_organisation
        .into_iter()
        .filter(|(_, n)| *n >= min)
        .map(|(o, n)| (o.to_string(), n))
        .collect();
    organisations.sort_by_key(|o| std::cmp::Reverse(o.1));
    let mut dimensions = super::console::participation::dimensions(ctx, p);
    dimensions.truncate(3);
    let body = html! {
        nav.crumbs aria-label=(t.crumbs_label) {
            ol {
                li { a href="/" { (t.nav_home) } }
                li { a href=(crate::paths::public::DRAFTS) { (t.drafts_title) } }
                li { a href=(crate::paths::public::draft(slug)) { (title) } }
                li aria-current="page" { (pt.title) }
            }
        }
        h1 { (pt.title) }
        p { (pt.intro) }
        @if p.total == 0 {
            p { (pt.none_yet) }
        } @else {
            p role="status" { strong { (pt.total(p.total)) } }
            @if p.unique < p.total { p { (ctx.t.similar.unique_of_total(p.unique, p.total)) } }
            @for (heading, label, rows) in &dimensions {
                @if !rows.is_empty() {
                    section.chart-block {
                        h2 { (heading) }
                        (bar_chart(rows))
                        (chart_table(heading, label, pt.col_count, rows))
                    }
                }
            }
            section.chart-block {
                h2 { (pt.by_campaign) }
                p.hint { (pt.public_threshold(min)) }
                @if !organisations.is_empty() {
                    (bar_chart(&organisations))
                    (chart_table(pt.by_campaign, pt.col_organisation, pt.col_count, &organisations))
                }
            }
        }
    };
    page(
        ctx,
        PageMeta {
            title: pt.title,
            description: None,
            nav: Nav::Drafts,
        },
        body,
    )
}
