//! The synthesis report as a page: the Vietnamese heading block, the title, the table of
//! answers in document order, and the totals. Prints on A4 landscape.

use maud::{Markup, html};

use super::Ctx;
use super::layout::{Nav, PageMeta, page};
use crate::domain::report::Report;

pub struct Heading<'a> {
    /// The heading block and signature of Decree 30/2020.
    pub formal: &'a crate::domain::report::FormalHeading,
    pub draft_title: &'a str,
}

/// Rows of the report on one page of the public view: a national consultation's report
/// has thousands, and the page must cost the same whatever their number. The .docx and
/// the CSV hold every row.
pub const ROWS_PER_PAGE: usize = 100;

/// The report itself, shared by the public page and the console's preview; `shown` is
/// the range of rows on this page (numbered as in the whole report).
pub fn document(ctx: &Ctx, h: &Heading<'_>, r: &Report, shown: std::ops::Range<usize>) -> Markup {
    let t = ctx.t;
    let groups = r.groups();
    html! {
        div.report {
            div.report-head {
                div {
                    @if !h.formal.parent_body.is_empty() { (h.formal.parent_body) br; }
                    strong.motto { (h.formal.agency) } br;
                    (h.formal.number_line)
                }
                div {
                    strong { (t.report_motto_1) } br;
                    strong.motto { (t.report_motto_2) } br;
                    em { (h.formal.place_date) }
                }
            }
            h1.report-title { (t.report_heading) }
            p.report-sub { (t.report_subheading(h.draft_title)) }
            // One table for wide screens and print; on a phone each row is a card whose
            // cells say their column (CSS, from data-label).
            table.data.report-table {
                thead { tr {
                    th scope="col" { (t.report_col_number) }
                    th scope="col" { (t.report_col_section) }
                    th scope="col" { (t.report_col_commenter) }
                    th scope="col" { (t.report_col_content) }
                    th scope="col" { (t.report_col_disposition) }
                    th scope="col" { (t.report_col_reason) }
                } }
                tbody {
                    @for (i, row) in r.rows.iter().enumerate().skip(shown.start).take(shown.len()) {
                        @if let Some(heading) = crate::report::group_heading(t, &groups, i) {
                            tr.report-group { th colspan="6" scope="colgroup" { (heading) } }
                        }
                        tr {
                            td.num data-label=(t.report_col_number) { (i + 1) }
                            td data-label=(t.report_col_section) { (row.sections) }
                            td data-label=(t.report_col_commenter) { (row.commenters) }
                            td data-label=(t.report_col_content) { @for line in row.content.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                            td data-label=(t.report_col_disposition) { (t.disposition(row.disposition)) }
                            td data-label=(t.report_col_reason) {
                                @for line in row.reason.lines().filter(|l| !l.trim().is_empty()) { p { (line) } }
                                @if row.changed { p { em { (t.report_answer_changed) } } }
                            }
                        }
                    }
                }
            }
            p.report-totals { strong { (t.report_totals_line(&r.totals)) } }
            @if let Some(stats) = &r.stats { p.report-totals { (t.report_stats_line(stats)) } }
            @if !h.formal.signer_title.is_empty() {
                div.report-sign {
                    strong { (h.formal.signer_title) } br;
                    em { (t.report_signature_note) }
                }
            }
        }
    }
}

/// Which version of a report a page shows, among all that were published.
pub struct Versions<'a> {
    pub shown: i32,
    pub all: &'a [crate::domain::report::Publication],
    /// The version the address asked for (None: the latest).
    pub asked: Option<i32>,
}

/// The published report, page `number` of its rows (clamped to the last).
pub fn public_page(
    ctx: &Ctx,
    slug: &str,
    h: &Heading<'_>,
    r: &Report,
    number: i64,
    v: &Versions<'_>,
) -> Markup {
    let t = ctx.t;
    let per_page = ROWS_PER_PAGE as i64;
    let rows = r.rows.len() as i64;
    let number = number.clamp(1, ((rows + per_page - 1) / per_page).max(1));
    let first = ((number - 1) * per_page) as usize;
    let shown = first..(first + ROWS_PER_PAGE).min(r.rows.len());
    // The pager counts rows; it needs no items of its own.
    let pages = crate::db::queries::Page::of(Vec::<()>::new(), number, per_page, rows);
    let path = crate::paths::public::report(slug);
    let lan = v.asked.map(|n| format!("?lan={n}")).unwrap_or_default();
    let latest = v.all.last().map(|p| p.version);
    let pager_params: Vec<(&str, String)> = v
        .asked
        .map(|n| ("lan", n.to_string()))
        .into_iter()
        .collect();
    let body = html! {
        nav.crumbs aria-label=(t.crumbs_label) {
            ol {
                li { a href="/" { (t.nav_home) } }
                li { a href=(crate::paths::public::DRAFTS) { (t.drafts_title) } }
                li { a href=(crate::paths::public::draft(slug)) { (h.draft_title) } }
                li aria-current="page" { (t.report_short) }
            }
        }
        p.actions.no-print {
            a href={ (crate::paths::public::draft(slug)) "/bao-cao.docx" (lan) } { (t.report_download_docx) }
            a href={ (crate::paths::public::draft(slug)) "/bao-cao.csv" (lan) } { (t.report_download_csv) }
        }
        @if v.all.len() > 1 {
            nav.no-print.report-versions aria-label=(t.report_versions_label) {
                p {
                    @if Some(v.shown) != latest { strong { (t.report_old_version(v.shown)) } " " }
                    (t.report_versions_label) ": "
                    @for (i, p) in v.all.iter().enumerate() {
                        @if i > 0 { "; " }
                        @let label = t.report_version_item(p.version, &crate::domain::time::date(p.at));
                        @if p.version == v.shown { span aria-current="page" { (label) } }
                        @else if Some(p.version) == latest { a href=(path) { (label) } }
                        @else { a href={ (path) "?lan=" (p.version) } { (label) } }
                    }
                }
            }
        }
        (document(ctx, h, r, shown))
        (super::components::pager(ctx, &pages, &path, &pager_params))
    };
    page(
        ctx,
        PageMeta {
            title: t.report_short,
            description: None,
            nav: Nav::Drafts,
        },
        body,
    )
}
