//! The moderation queue, and the page where the agency answers comments.

use maud::{Markup, html};

use super::{Area, flash, page};
use crate::auth::session::Staff;
use crate::db::models::{Draft, Locality};
use crate::db::queries::Page;
use crate::db::queries::answers::{AnswerFilter, AnswerItem};
use crate::db::queries::moderation::{QueueItem, QueueStatus};
use crate::domain::comment::{
    CommentStatus, CommenterKind, Disposition, RejectionReason, tracking_number,
};
use crate::domain::time;
use crate::views::Ctx;
use crate::views::components::pager;

pub struct QueuePage<'a> {
    pub items: &'a Page<QueueItem>,
    /// Drafts the moderator may filter by: (id, title).
    pub drafts: &'a [(i64, String)],
    pub localities: &'a [Locality],
    pub params: &'a [(&'a str, String)],
    pub message: Option<&'a str>,
}

fn param<'a>(params: &'a [(&str, String)], key: &str) -> &'a str {
    params
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn reason_select(ctx: &Ctx, id: &str) -> Markup {
    let c = ctx.t.console;
    html! {
        label for=(id) { (c.reject_reason) }
        select id=(id) name="ly_do" {
            @for r in RejectionReason::ALL { option value=(r.as_str()) { (ctx.t.rejection_reason(*r)) } }
        }
    }
}

pub fn queue(ctx: &Ctx, staff: &Staff, csrf: &str, q: &QueuePage<'_>) -> Markup {
    let c = ctx.t.console;
    let p = |k: &str| param(q.params, k);
    let statuses = [
        QueueStatus::Waiting,
        QueueStatus::Published,
        QueueStatus::Rejected,
        QueueStatus::All,
    ];
    let back = {
        let qs = serde_urlencoded::to_string(
            q.params
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        if qs.is_empty() {
            "/quan-tri/kiem-duyet".to_string()
        } else {
            format!("/quan-tri/kiem-duyet?{qs}")
        }
    };
    let body = html! {
        h1 { (c.nav_moderation) }
        (flash(q.message))
        form.filters method="get" action="/quan-tri/kiem-duyet" {
            fieldset {
                legend { (c.filter) }
                div {
                    label for="f-du-thao" { (c.col_draft) }
                    select #f-du-thao name="du-thao" {
                        option value="" { (ctx.t.filter_all) }
                        @for (id, title) in q.drafts { option value=(id) selected[p("du-thao") == id.to_string()] { (title) } }
                    }
                }
                div {
                    label for="f-muc" { (c.filter_section) }
                    input #f-muc type="text" name="muc" value=(p("muc")) placeholder="dieu-5-khoan-2";
                }
                div {
                    label for="f-trang-thai" { (ctx.t.own_status) }
                    select #f-trang-thai name="trang-thai" {
                        @for s in statuses { option value=(s.slug()) selected[p("trang-thai") == s.slug()] { (c.queue_status(s)) } }
                    }
                }
                div {
                    label for="f-loai" { (c.filter_kind) }
                    select #f-loai name="loai" {
                        option value="" { (ctx.t.filter_all) }
                        @for k in CommenterKind::ALL { option value=(k.as_str()) selected[p("loai") == k.as_str()] { (ctx.t.commenter_kind(*k)) } }
                    }
                }
                div {
                    label for="f-xa" { (c.filter_locality) }
                    select #f-xa name="xa" {
                        option value="" { (ctx.t.filter_all) }
                        @for l in q.localities { option value=(l.code) selected[p("xa") == l.code] { (l.name) } }
                    }
                }
                div.check {
                    input #f-lien-ket type="checkbox" name="lien-ket" value="1" checked[p("lien-ket") == "1"];
                    label for="f-lien-ket" { (c.filter_links) }
                }
                div.actions { button type="submit" { (ctx.t.filter_apply) } a href="/quan-tri/kiem-duyet" { (ctx.t.filter_clear) } }
            }
        }
        p role="status" { (c.comments_found(q.items.total)) }
        @if !q.items.items.is_empty() {
            form #hang-loat method="post" action="/quan-tri/kiem-duyet" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="quay_lai" value=(back);
                fieldset.bulk {
                    legend { (c.bulk_title) }
                    p.hint { (c.bulk_hint) }
                    div.actions {
                        button type="submit" name="hanh_dong" value="duyet" { (c.approve_selected) }
                    }
                    div.field { (reason_select(ctx, "f-ly-do-hang-loat")) }
                    div.field { label for="f-ghi-chu-hang-loat" { (c.reject_note) } input #f-ghi-chu-hang-loat type="text" name="ghi_chu" maxlength="500"; }
                    div.actions { button.secondary type="submit" name="hanh_dong" value="tu_choi" { (c.reject_selected) } }
                }
            }
        }
        ol.queue {
            @for item in &q.items.items {
                li.queue-item id={ "y-" (item.id) } {
                    div.check {
                        input type="checkbox" form="hang-loat" name="chon" value=(item.id) id={ "chon-" (item.id) };
                        label for={ "chon-" (item.id) } {
                            strong { (tracking_number(item.id, item.created_at)) }
                            " · " (item.draft_title)
                            @if let Some(l) = &item.section_label { " · " (l) }
                        }
                    }
                    p.meta {
                        (ctx.t.commenter_kind(item.kind))
                        @if let Some(cm) = &item.commune { " · " (cm) }
                        " · " (time::date_time(item.created_at))
                        " · " strong { (c.item_status(item.status, item.reviewed)) }
                        @if let Some(r) = item.rejection { " (" (ctx.t.rejection_reason(r)) ")" }
                        @if item.has_links { " · " span.flag { (c.flag_links) } }
                        @if item.redacted { " · " span.flag { (c.flag_redacted) } }
                    }
                    blockquote.comment-text { @for line in item.text.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                    div.decide {
                        @if item.status != CommentStatus::Published || !item.reviewed {
                            form.inline method="post" action="/quan-tri/kiem-duyet" {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="quay_lai" value=(back);
                                input type="hidden" name="chon" value=(item.id);
                                button type="submit" name="hanh_dong" value="duyet" { (c.approve) span.vh { " " (tracking_number(item.id, item.created_at)) } }
                            }
                        }
                        details {
                            summary { (c.reject_or_redact) }
                            form method="post" action="/quan-tri/kiem-duyet" {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="quay_lai" value=(back);
                                input type="hidden" name="chon" value=(item.id);
                                div.field { (reason_select(ctx, &format!("f-ly-do-{}", item.id))) }
                                div.field {
                                    label for={ "f-ghi-chu-" (item.id) } { (c.reject_note) }
                                    input id={ "f-ghi-chu-" (item.id) } type="text" name="ghi_chu" maxlength="500";
                                }
                                button.secondary type="submit" name="hanh_dong" value="tu_choi" { (c.reject) }
                            }
                            form method="post" action="/quan-tri/kiem-duyet" {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="quay_lai" value=(back);
                                input type="hidden" name="chon" value=(item.id);
                                div.field {
                                    label for={ "f-an-" (item.id) } { (c.redact_span) }
                                    p.hint { (c.redact_hint) }
                                    input id={ "f-an-" (item.id) } type="text" name="an" maxlength="500";
                                }
                                button.secondary type="submit" name="hanh_dong" value="an" { (c.redact) }
                            }
                        }
                    }
                }
            }
        }
        (pager(ctx, q.items, "/quan-tri/kiem-duyet", q.params))
    };
    page(
        ctx,
        Some(staff),
        csrf,
        Area::Moderation,
        c.nav_moderation,
        body,
    )
}

pub struct AnswersPage<'a> {
    pub draft: &'a Draft,
    pub items: &'a Page<AnswerItem>,
    pub filter: AnswerFilter,
    pub anchor: &'a str,
    pub answered: i64,
    pub unanswered: i64,
    pub message: Option<&'a str>,
    pub error: Option<&'a str>,
}

pub fn answers(ctx: &Ctx, staff: &Staff, csrf: &str, a: &AnswersPage<'_>) -> Markup {
    let c = ctx.t.console;
    let d = a.draft;
    let base = format!("/quan-tri/du-thao/{}/tra-loi", d.id);
    let params = [
        ("loc", a.filter.slug().to_string()),
        ("muc", a.anchor.to_string()),
    ];
    let body = html! {
        p.eyebrow { a href={ "/quan-tri/du-thao/" (d.id) } { (d.title) } }
        h1 { (c.answers_title) }
        (flash(a.message))
        @if let Some(e) = a.error { div.error-summary role="alert" tabindex="-1" autofocus { p { (e) } } }
        p role="status" { (c.answer_counts(a.answered, a.unanswered)) }
        nav.tabs aria-label=(c.filter) {
            ul {
                @for f in [AnswerFilter::Unanswered, AnswerFilter::Answered, AnswerFilter::All] {
                    li { a href={ (base) "?loc=" (f.slug()) } aria-current=[(f == a.filter).then_some("page")] { (c.answer_filter(f)) } }
                }
            }
        }
        form #tra-loi method="post" action=(base) {
            input type="hidden" name="csrf" value=(csrf);
            fieldset.bulk {
                legend { (c.answer_selected) }
                p.hint { (c.answer_hint) }
                div.field {
                    label for="f-hinh-thuc" { (c.disposition) }
                    select #f-hinh-thuc name="hinh_thuc" {
                        @for disp in Disposition::ALL { option value=(disp.as_str()) { (ctx.t.disposition(*disp)) } }
                    }
                }
                div.field {
                    label for="f-ly-do" { (c.answer_reason) }
                    textarea #f-ly-do name="ly_do" rows="3" {}
                }
                button type="submit" { (c.answer_button) }
            }
        }
        ol.queue {
            @for item in &a.items.items {
                li.queue-item {
                    div.check {
                        input type="checkbox" form="tra-loi" name="chon" value=(item.id) id={ "chon-" (item.id) };
                        label for={ "chon-" (item.id) } {
                            strong { (tracking_number(item.id, item.created_at)) }
                            " · " (item.section_label.as_deref().unwrap_or(ctx.t.comment_on_whole))
                        }
                    }
                    p.meta {
                        (item.name.as_deref().unwrap_or(ctx.t.commenter_kind(item.kind)))
                        @if let Some(cm) = &item.commune { " · " (cm) }
                    }
                    blockquote.comment-text { @for line in item.text.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                    @if let Some((rid, disp, reason)) = &item.response {
                        details.answer {
                            summary { strong { (ctx.t.disposition(*disp)) } ": " (reason) }
                            form method="post" action={ "/quan-tri/tra-loi/" (rid) } {
                                input type="hidden" name="csrf" value=(csrf);
                                div.field {
                                    label for={ "f-ht-" (item.id) } { (c.disposition) }
                                    select id={ "f-ht-" (item.id) } name="hinh_thuc" {
                                        @for dd in Disposition::ALL { option value=(dd.as_str()) selected[dd == disp] { (ctx.t.disposition(*dd)) } }
                                    }
                                }
                                div.field {
                                    label for={ "f-ld-" (item.id) } { (c.answer_reason) }
                                    textarea id={ "f-ld-" (item.id) } name="ly_do" rows="2" { (reason) }
                                }
                                button.secondary type="submit" { (c.answer_edit) }
                            }
                        }
                    }
                }
            }
        }
        (pager(ctx, a.items, &base, &params))
    };
    page(ctx, Some(staff), csrf, Area::Drafts, c.answers_title, body)
}
