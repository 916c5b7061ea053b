//! The synthesis report in the console: preview, then publish.

use maud::{Markup, html};

use super::{Area, flash, page};
use crate::auth::session::Staff;
use crate::db::models::Draft;
use crate::domain::report::Report;
use crate::views::Ctx;
use crate::views::report::{Heading, document};

pub struct Preview<'a> {
    pub draft: &'a Draft,
    pub heading: &'a Heading<'a>,
    pub report: &'a Report,
    /// When a report was last published, if one was.
    pub published: Option<chrono::NaiveDateTime>,
    pub message: Option<&'a str>,
}

pub fn preview(ctx: &Ctx, staff: &Staff, csrf: &str, p: &Preview<'_>) -> Markup {
    let (draft, heading, report, published, message) =
        (p.draft, p.heading, p.report, p.published, p.message);
    let c = ctx.t.console;
    let body = html! {
        p.eyebrow { a href=(crate::paths::console::draft(draft.id)) { (draft.title) } }
        h1 { (c.report_title) }
        (flash(message))
        @if let Some(at) = published {
            p { (c.report_last_published(&crate::domain::time::date_time(at))) " " a href=(crate::paths::public::report(&draft.slug)) { (c.view_public) } }
        }
        @if report.unanswered > 0 {
            div.notice role="note" {
                p { (c.report_unanswered(report.unanswered)) " " a href=(crate::paths::console::answers(draft.id)) { (c.answers_title) } }
            }
        } @else if report.rows.is_empty() {
            p.notice { (c.report_empty) }
        } @else {
            form method="post" action=(crate::paths::console::report(draft.id)) {
                input type="hidden" name="csrf" value=(csrf);
                p { (c.report_publish_hint) }
                button type="submit" { (c.report_publish) }
            }
        }
        h2 { (c.report_preview) }
        (document(ctx, heading, report, 0..report.rows.len()))
    };
    page(ctx, Some(staff), csrf, Area::Drafts, c.report_title, body)
}
