//! The synthesis report as a page: the Vietnamese heading block, the title, the table of
//! answers in document order, and the totals. Prints on A4 landscape.

use maud::{Markup, html};

use super::Ctx;
use super::layout::{Nav, PageMeta, page};
use crate::domain::report::Report;

pub struct Heading<'a> {
    pub agency: &'a str,
    pub draft_title: &'a str,
    pub published_at: Option<chrono::NaiveDateTime>,
}

/// The report itself, shared by the public page and the console's preview.
pub fn document(ctx: &Ctx, h: &Heading<'_>, r: &Report) -> Markup {
    let t = ctx.t;
    html! {
        div.report {
            div.report-head {
                div { strong { (h.agency.to_uppercase()) } }
                div {
                    strong { (t.report_motto_1) } br;
                    strong.motto { (t.report_motto_2) }
                    @if let Some(at) = h.published_at { br; em { (t.report_date_line(at)) } }
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
                    @for (i, row) in r.rows.iter().enumerate() {
                        tr {
                            td.num data-label=(t.report_col_number) { (i + 1) }
                            td data-label=(t.report_col_section) { (row.sections) }
                            td data-label=(t.report_col_commenter) { (row.commenters) }
                            td data-label=(t.report_col_content) { @for line in row.content.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                            td data-label=(t.report_col_disposition) { (t.disposition(row.disposition)) }
                            td data-label=(t.report_col_reason) { @for line in row.reason.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                        }
                    }
                }
            }
            p.report-totals { strong { (t.report_totals_line(&r.totals)) } }
        }
    }
}

pub fn public_page(ctx: &Ctx, slug: &str, h: &Heading<'_>, r: &Report) -> Markup {
    let t = ctx.t;
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
            a href={ (crate::paths::public::draft(slug)) "/bao-cao.docx" } { (t.report_download_docx) }
            a href={ (crate::paths::public::draft(slug)) "/bao-cao.csv" } { (t.report_download_csv) }
        }
        (document(ctx, h, r))
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
