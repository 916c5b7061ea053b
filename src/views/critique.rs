//! A published social critique of the Front, for everyone (issue 16, point 7): the
//! request and the critique's particulars, then each point beside the agency's answer,
//! each linked to the clause it is about.

use maud::{Markup, html};

use super::Ctx;
use super::layout::{Nav, PageMeta, page};
use crate::db::queries::critiques::{Named, Point};

pub fn public_page(ctx: &Ctx, slug: &str, title: &str, n: &Named, points: &[Point]) -> Markup {
    let t = ctx.t;
    let ct = t.critiques;
    let c = &n.critique;
    let heading = format!("{}: {}", ct.public_title, n.organisation);
    let body = html! {
        nav.crumbs aria-label=(t.crumbs_label) {
            ol {
                li { a href="/" { (t.nav_home) } }
                li { a href=(crate::paths::public::DRAFTS) { (t.drafts_title) } }
                li { a href=(crate::paths::public::draft(slug)) { (title) } }
                li aria-current="page" { (ct.title) }
            }
        }
        h1 { (heading) }
        p { (ct.public_intro) }
        dl {
            dt { (ct.number) } dd { (c.request_number) " (" (c.request_date.format("%d/%m/%Y")) ")" }
            dt { (ct.dossier_sent_on) } dd { (c.dossier_sent_on.format("%d/%m/%Y")) }
            dt { (ct.planned_submission) } dd { (c.planned_submission.format("%d/%m/%Y")) }
            @if !c.shortened_reason.is_empty() {
                dt { (ct.shortened_label) } dd { (c.shortened_reason) }
            }
            @if let Some(form) = c.form { dt { (ct.form) } dd { (ct.form_name(form)) } }
            @if let Some(d) = c.critiqued_on { dt { (ct.critiqued_on) } dd { (d.format("%d/%m/%Y")) } }
            @if !c.document_number.is_empty() { dt { (ct.document_number) } dd { (c.document_number) } }
            @if let Some(d) = c.answered_on {
                dt { (ct.answer_number) } dd { (c.answer_number) " (" (d.format("%d/%m/%Y")) ")" }
            }
        }
        @if c.document_sha256.is_some() {
            p { a href=(crate::paths::public::critique_document(slug, c.id)) { (ct.public_document) } }
        }
        div.table-wrap {
            table.data {
                caption { (heading) }
                thead { tr {
                    th scope="col" { (ct.public_col_clause) }
                    th scope="col" { (ct.public_col_point) }
                    th scope="col" { (ct.public_col_answer) }
                } }
                tbody {
                    @for p in points {
                        tr id={ "y-kien-" (p.position) } {
                            th scope="row" {
                                @match (&p.anchor, &p.label) {
                                    (Some(a), Some(l)) => a href={ (crate::paths::public::draft(slug)) "#" (a) } { (l) },
                                    _ => (ct.whole_draft),
                                }
                            }
                            td {
                                @for line in p.body.lines().filter(|l| !l.trim().is_empty()) { p { (line) } }
                                @if !p.recommendation.is_empty() { p { strong { (ct.recommendation) ": " } (p.recommendation) } }
                            }
                            td {
                                @if let Some(d) = p.disposition { p { strong { (t.disposition(d)) } } }
                                @for line in p.reason.lines().filter(|l| !l.trim().is_empty()) { p { (line) } }
                            }
                        }
                    }
                }
            }
        }
        p { a href=(crate::paths::public::draft(slug)) { "← " (ct.back_to_draft) } }
    };
    page(
        ctx,
        PageMeta {
            title: &heading,
            description: None,
            nav: Nav::Drafts,
        },
        body,
    )
}
