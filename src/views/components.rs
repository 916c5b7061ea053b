//! Pieces shared by several pages: a draft's card, its deadline, pagination.

use maud::{Markup, html};

use super::Ctx;
use crate::db::models::Draft;
use crate::db::queries::Page;
use crate::db::queries::drafts::DraftListItem;
use crate::domain::PeriodStatus;
use crate::domain::time;

/// The ids that describe field `name`: its hint (`h-…`) when it has one, its error
/// (`e-…`) only when there is one, so that no reference points at nothing.
pub fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "h-"), (error, "e-")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, prefix)| format!("{prefix}{name}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The state of the comment period in a few words: a badge and the deadline.
pub fn period_line(ctx: &Ctx, d: &Draft) -> Markup {
    let t = ctx.t;
    let status = d.period_status(ctx.now);
    let (class, label) = match status {
        PeriodStatus::Open => ("badge open", t.period(status)),
        PeriodStatus::Upcoming => ("badge upcoming", t.period(status)),
        PeriodStatus::Closed => ("badge closed", t.period(status)),
        PeriodStatus::NotScheduled => ("badge closed", t.period(status)),
    };
    html! {
        span class=(class) { (label) }
        " "
        @match (status, d.opens_at, d.closes_at) {
            (PeriodStatus::Open, _, Some(c)) => {
                @let days = time::calendar_days_until(ctx.now, c);
                span.deadline.soon[days <= 3] { (t.days_left(days)) }
                " · "
                span { "đến " time datetime=(time::iso(c)) { (t.deadline(c)) } }
            }
            (PeriodStatus::Upcoming, Some(o), _) => {
                span.deadline { (t.opens_in(time::calendar_days_until(ctx.now, o))) }
                " · "
                time datetime=(time::iso(o)) { (t.opens_on(&time::date(o))) }
            }
            (PeriodStatus::Closed, _, Some(c)) => {
                time datetime=(time::iso(c)) { (t.closed_on(&time::date(c))) }
            }
            _ => {}
        }
    }
}

pub fn draft_card(ctx: &Ctx, item: &DraftListItem, heading_level: u8) -> Markup {
    let d = &item.draft;
    let title = html! { a href=(crate::paths::public::draft(&d.slug)) { (d.title) } };
    html! {
        li.card {
            p.eyebrow { (item.doc_type.name) }
            @match heading_level {
                2 => h2 { (title) },
                _ => h3 { (title) },
            }
            p.meta {
                a href=(crate::paths::public::agency(&item.agency.slug)) { (item.agency.name) }
            }
            p { (period_line(ctx, d)) }
        }
    }
}

pub fn draft_cards(ctx: &Ctx, items: &[DraftListItem], heading_level: u8) -> Markup {
    html! {
        ul.cards.two {
            @for item in items { (draft_card(ctx, item, heading_level)) }
        }
    }
}

/// Links to the previous and next page, keeping the other query parameters.
pub fn pager<T>(ctx: &Ctx, page: &Page<T>, path: &str, params: &[(&str, String)]) -> Markup {
    let t = ctx.t;
    let pages = page.pages();
    if pages <= 1 {
        return html! {};
    }
    let link = |n: i64| {
        let mut q: Vec<(&str, String)> = params
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .cloned()
            .collect();
        if n > 1 {
            q.push(("trang", n.to_string()));
        }
        let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
        if qs.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{qs}")
        }
    };
    html! {
        nav.pager aria-label=(t.pagination_label) {
            ul {
                @if page.number > 1 {
                    li { a href=(link(page.number - 1)) rel="prev" { "‹ " (t.page_prev) } }
                }
                li { (t.page_of(page.number.min(pages), pages)) }
                @if page.number < pages {
                    li { a href=(link(page.number + 1)) rel="next" { (t.page_next) " ›" } }
                }
            }
        }
    }
}

/// A horizontal bar chart drawn on the server: one bar a row, its label on the left and
/// its value after it. It shows the table that must stand beside it (`chart_table`),
/// which is what screen readers read; the drawing is hidden from them, so nothing is
/// read twice. Works without JavaScript or CSS.
pub fn bar_chart(rows: &[(String, i64)]) -> Markup {
    const ROW: i64 = 26;
    const LABEL: i64 = 210;
    const BARS: i64 = 330;
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as i64 + 4;
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 620 " (height) } width="100%"
            preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false" {
            @for (i, (label, value)) in rows.iter().enumerate() {
                @let y = ROW * i as i64 + 2;
                @let w = (BARS * value / max).max(if *value > 0 { 2 } else { 0 });
                text x=(LABEL - 8) y=(y + 17) text-anchor="end" font-size="13" fill="#1a1a1a" {
                    (crate::text::excerpt(label, 28))
                }
                rect x=(LABEL) y=(y + 3) width=(w) height=(ROW - 8) fill="#0b5cab" {}
                text x=(LABEL + w + 6) y=(y + 17) font-size="13" fill="#1a1a1a" {
                    (crate::i18n::number(*value))
                }
            }
        }
    }
}

/// The table beside a chart: the same rows, for everyone and for screen readers.
pub fn chart_table(
    caption: &str,
    label_header: &str,
    count_header: &str,
    rows: &[(String, i64)],
) -> Markup {
    html! {
        div.table-wrap {
            table.data {
                caption { (caption) }
                thead { tr { th scope="col" { (label_header) } th scope="col" { (count_header) } } }
                tbody {
                    @for (label, value) in rows {
                        tr { th scope="row" { (label) } td { (crate::i18n::number(*value)) } }
                    }
                }
            }
        }
    }
}
