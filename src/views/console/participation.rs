//! A draft's participation dashboard for its agency (issue 16, point 6): every
//! dimension as a chart drawn on the server with its table beside it, and as CSV.

use maud::{Markup, html};

use super::{Area, page};
use crate::auth::session::Staff;
use crate::db::models::Draft;
use crate::db::queries::participation::Participation;
use crate::views::Ctx;
use crate::views::components::{bar_chart, chart_table};

/// One dimension of participation: its heading, its label column's header, its rows.
pub type Dimension = (&'static str, &'static str, Vec<(String, i64)>);

/// The dimensions of a draft's participation as labelled rows, in the order shown.
pub fn dimensions(ctx: &Ctx, p: &Participation) -> Vec<Dimension> {
    let t = ctx.t.participation;
    vec![
        (
            t.by_day,
            t.col_day,
            p.by_day
                .iter()
                .map(|(d, n)| (d.format("%d/%m/%Y").to_string(), *n))
                .collect(),
        ),
        (
            t.by_commune,
            t.col_commune,
            p.by_commune
                .iter()
                .map(|(c, n)| (c.clone().unwrap_or_else(|| t.no_commune.to_string()), *n))
                .collect(),
        ),
        (
            t.by_kind,
            t.col_kind,
            p.by_kind
                .iter()
                .map(|(k, n)| (ctx.t.commenter_kind(*k).to_string(), *n))
                .collect(),
        ),
        (
            t.by_campaign,
            t.col_campaign,
            p.by_campaign
                .iter()
                .map(|(org, title, n)| (format!("{title} ({org})"), *n))
                .collect(),
        ),
    ]
}

pub fn dashboard(ctx: &Ctx, staff: &Staff, csrf: &str, draft: &Draft, p: &Participation) -> Markup {
    let t = ctx.t.participation;
    let body = html! {
        p.eyebrow { a href=(crate::paths::console::draft(draft.id)) { (draft.title) } }
        h1 { (t.title) }
        p { (t.intro) }
        @if p.total == 0 {
            p { (t.none_yet) }
        } @else {
            p role="status" { strong { (t.total(p.total)) } }
            @if p.unique < p.total { p { (ctx.t.similar.unique_of_total(p.unique, p.total)) } }
            p { a href=(crate::paths::console::participation_csv(draft.id)) download { (t.csv) } }
            @for (heading, label, rows) in dimensions(ctx, p) {
                @if !rows.is_empty() {
                    section.chart-block {
                        h2 { (heading) }
                        (bar_chart(&rows))
                        (chart_table(heading, label, t.col_count, &rows))
                    }
                }
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Drafts, t.title, body)
}
