//! The legal rules as an administrator sees them: every figure the portal enforces with
//! its citation and source, the unconfirmed first, and the form to correct and confirm one.

use maud::{Markup, html};

use super::{Area, flash, page, problem_for, problems, text_field};
use crate::auth::session::Staff;
use crate::db::models::LegalRule;
use crate::db::queries::calendar::{CalendarDay, CalendarYear};
use crate::views::Ctx;

/// The working-day calendar as entered: the years whose decision is in, and the days
/// from the start of this year.
pub struct Calendar<'a> {
    pub this_year: i32,
    pub years: &'a [CalendarYear],
    pub days: &'a [CalendarDay],
}

pub fn list(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    rules: &[LegalRule],
    calendar: &Calendar<'_>,
    notice: Option<&str>,
) -> Markup {
    let c = ctx.t.console;
    let body = html! {
        h1 { (c.legal_title) }
        (flash(notice))
        p { (c.legal_intro) }
        table.data {
            thead { tr {
                th scope="col" { (c.legal_col_subject) }
                th scope="col" { (c.legal_col_days) }
                th scope="col" { (c.legal_col_citation) }
                th scope="col" { (c.legal_col_status) }
            } }
            tbody {
                @for r in rules {
                    tr {
                        th scope="row" {
                            a href=(crate::paths::console::legal_rule(r.id)) { (r.subject) }
                        }
                        td { (r.days) }
                        td {
                            (r.citation)
                            @if !r.source_url.is_empty() {
                                br;
                                a href=(r.source_url) rel="noopener noreferrer" { (c.legal_source_label) }
                            }
                        }
                        td {
                            @if r.confirmed { (c.legal_confirmed) } @else { strong { (c.rule_unconfirmed) } }
                        }
                    }
                }
            }
        }
        (calendar_section(ctx, calendar))
    };
    page(ctx, Some(staff), csrf, Area::Legal, c.legal_title, body)
}

/// What the form shows: the rule as stored, or as typed when refused.
pub struct RuleForm<'a> {
    pub days: &'a str,
    pub citation: &'a str,
    pub source_url: &'a str,
    pub confirmed: bool,
}

pub fn form(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    rule: &LegalRule,
    f: &RuleForm<'_>,
    errors: &[(String, String)],
) -> Markup {
    let c = ctx.t.console;
    let body = html! {
        p { a href=(crate::paths::console::LEGAL_RULES) { "← " (c.legal_title) } }
        h1 { (rule.subject) }
        (problems(ctx, errors))
        form method="post" action=(crate::paths::console::legal_rule(rule.id)) {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("so_ngay", c.legal_col_days, f.days, None, problem_for(errors, "so_ngay"), "number"))
            (text_field("can_cu", c.legal_col_citation, f.citation, Some(c.legal_citation_hint), problem_for(errors, "can_cu"), "text"))
            (text_field("nguon", c.legal_source_label, f.source_url, Some(c.legal_source_hint), problem_for(errors, "nguon"), "url"))
            div.field {
                div.check {
                    input #f-xac_nhan type="checkbox" name="xac_nhan" value="1" checked[f.confirmed];
                    label for="f-xac_nhan" { (c.legal_confirm_label) }
                }
            }
            div.actions { button type="submit" { (c.legal_save) } }
        }
    };
    page(ctx, Some(staff), csrf, Area::Legal, &rule.subject, body)
}

/// The calendar the minimum periods are counted with (Civil Code Art. 148(5)): this year
/// and the next, each either entered with its decision or marked as missing.
fn calendar_section(ctx: &Ctx, cal: &Calendar<'_>) -> Markup {
    let c = ctx.t.console;
    html! {
        h2 { (c.calendar_title) }
        p { (c.calendar_intro) }
        ul {
            @for year in [cal.this_year, cal.this_year + 1] {
                li {
                    @match cal.years.iter().find(|y| y.year == year) {
                        Some(y) => {
                            (c.calendar_year_entered(year)) " " (y.decision)
                            @if !y.source_url.is_empty() {
                                " (" a href=(y.source_url) rel="noopener noreferrer" { (c.legal_source_label) } ")"
                            }
                        }
                        None => strong { (c.calendar_year_missing(year)) },
                    }
                }
            }
        }
        table.data {
            thead { tr {
                th scope="col" { (c.calendar_col_day) }
                th scope="col" { (c.calendar_col_name) }
                th scope="col" { (c.legal_col_citation) }
                th scope="col" { (c.legal_col_status) }
            } }
            tbody {
                @for d in cal.days {
                    tr {
                        th scope="row" { (d.day.format("%d/%m/%Y")) }
                        td { (d.name) " – " (c.day_kind(d.kind)) }
                        td {
                            (d.source)
                            @if !d.source_url.is_empty() {
                                br;
                                a href=(d.source_url) rel="noopener noreferrer" { (c.legal_source_label) }
                            }
                        }
                        td {
                            @if d.confirmed { (c.legal_confirmed) } @else { strong { (c.rule_unconfirmed) } }
                        }
                    }
                }
            }
        }
    }
}
