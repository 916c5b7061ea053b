//! The moderation queue, and the page where the agency answers comments.

use crate::domain::ids::*;
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
    pub drafts: &'a [(DraftId, String)],
    pub localities: &'a [Locality],
    pub params: &'a [(&'a str, String)],
    pub message: Option<&'a str>,
    /// A decision sent back with a problem: what was typed, and where the problem is.
    pub typed: Option<&'a Typed>,
}

/// What a moderator or an editor sent, shown again beside its problem.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    pub error: String,
    /// The id of the field the problem is at (the summary links to it).
    pub field: String,
    /// The comment whose own form was sent; None for the form of the whole list.
    pub item: Option<CommentId>,
    pub chosen: Vec<CommentId>,
    /// The rejection reason, or the disposition of an answer.
    pub choice: String,
    /// The moderator's note, or the answer's reason.
    pub text: String,
    /// The words to hide.
    pub span: String,
}

impl Typed {
    fn error_at(&self, field: &str) -> Option<&str> {
        (self.field == field).then_some(self.error.as_str())
    }
}

/// The error summary of a form sent back with a problem.
fn summary(ctx: &Ctx, typed: Option<&Typed>) -> Markup {
    html! {
        @if let Some(t) = typed {
            div.error-summary role="alert" aria-labelledby="loi-tieu-de" tabindex="-1" autofocus {
                h2 #loi-tieu-de { (ctx.t.error_summary_title) }
                ul { li { a href={ "#" (t.field) } { (t.error) } } }
            }
        }
    }
}

fn err(error: Option<&str>, id: &str) -> Markup {
    html! {
        @if let Some(e) = error { p.err id=(id) { span.vh { "Lỗi: " } (e) } }
    }
}

fn param<'a>(params: &'a [(&str, String)], key: &str) -> &'a str {
    params
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn reason_select(ctx: &Ctx, id: &str, chosen: &str, error: Option<&str>) -> Markup {
    let c = ctx.t.console;
    let error_id = format!("e-{id}");
    html! {
        label for=(id) { (c.reject_reason) }
        (err(error, &error_id))
        select id=(id) name="ly_do" aria-describedby=[error.map(|_| error_id.as_str())] aria-invalid=[error.map(|_| "true")] {
            @for r in RejectionReason::ALL { option value=(r.as_str()) selected[chosen == r.as_str()] { (ctx.t.rejection_reason(*r)) } }
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
            crate::paths::console::MODERATION.to_string()
        } else {
            format!("{}?{qs}", crate::paths::console::MODERATION)
        }
    };
    let typed = q.typed;
    let bulk = typed.filter(|t| t.item.is_none());
    let body = html! {
        h1 { (c.nav_moderation) }
        (summary(ctx, typed))
        (flash(q.message))
        @if !p("nhom").is_empty() {
            p.hint { (ctx.t.similar.groups_intro) " " a href=(crate::paths::console::MODERATION) { (ctx.t.similar.leave_group) } }
        }
        form.filters method="get" action=(crate::paths::console::MODERATION) {
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
                div.actions { button type="submit" { (ctx.t.filter_apply) } a href=(crate::paths::console::MODERATION) { (ctx.t.filter_clear) } }
            }
        }
        p role="status" { (c.comments_found(q.items.total)) }
        @if !q.items.items.is_empty() {
            form #hang-loat method="post" action=(crate::paths::console::MODERATION) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="quay_lai" value=(back);
                fieldset.bulk {
                    legend { (c.bulk_title) }
                    p.hint { (c.bulk_hint) }
                    @let choose_error = bulk.and_then(|t| t.error_at("hang-loat-chon"));
                    (err(choose_error, "hang-loat-chon"))
                    div.actions {
                        button type="submit" name="hanh_dong" value="duyet" { (c.approve_selected) }
                    }
                    div.field.error[bulk.and_then(|t| t.error_at("f-ly-do-hang-loat")).is_some()] {
                        (reason_select(ctx, "f-ly-do-hang-loat", bulk.map_or("", |t| t.choice.as_str()), bulk.and_then(|t| t.error_at("f-ly-do-hang-loat"))))
                    }
                    div.field { label for="f-ghi-chu-hang-loat" { (c.reject_note) } input #f-ghi-chu-hang-loat type="text" name="ghi_chu" maxlength="500" value=(bulk.map_or("", |t| t.text.as_str())); }
                    div.actions { button.secondary type="submit" name="hanh_dong" value="tu_choi" { (c.reject_selected) } }
                }
            }
        }
        ol.queue {
            @for item in &q.items.items {
                @let mine = typed.filter(|t| t.item == Some(item.id));
                li.queue-item id={ "y-" (item.id) } {
                    div.check {
                        input type="checkbox" form="hang-loat" name="chon" value=(item.id) id={ "chon-" (item.id) }
                            checked[bulk.is_some_and(|t| t.chosen.contains(&item.id))];
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
                        @if !item.personal_data.is_empty() { " · " span.flag { (c.flag_personal_data(&item.personal_data)) } }
                        @if item.redacted { " · " span.flag { (c.flag_redacted) } }
                        @if let Some((g, n)) = item.group {
                            @if p("nhom").is_empty() {
                                " · " a href={ (crate::paths::console::MODERATION) "?trang-thai=" (p("trang-thai")) "&nhom=" (g) } { (ctx.t.similar.in_group(n)) }
                            }
                        }
                    }
                    p.meta {
                        @match &item.public_name {
                            Some(n) => { (c.name_published) ": " strong { (n) } }
                            None => (c.name_not_published),
                        }
                    }
                    blockquote.comment-text { @for line in item.text.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                    div.decide {
                        @if item.status != CommentStatus::Published || !item.reviewed {
                            form.inline method="post" action=(crate::paths::console::MODERATION) {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="quay_lai" value=(back);
                                input type="hidden" name="chon" value=(item.id);
                                button type="submit" name="hanh_dong" value="duyet" { (c.approve) span.vh { " " (tracking_number(item.id, item.created_at)) } }
                            }
                        }
                        details open[mine.is_some()] {
                            summary { (c.reject_or_redact) }
                            @let reason_id = format!("f-ly-do-{}", item.id);
                            @let span_id = format!("f-an-{}", item.id);
                            @let span_error = mine.and_then(|t| t.error_at(&span_id));
                            form method="post" action=(crate::paths::console::MODERATION) {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="quay_lai" value=(back);
                                input type="hidden" name="chon" value=(item.id);
                                input type="hidden" name="mot" value=(item.id);
                                div.field.error[mine.and_then(|t| t.error_at(&reason_id)).is_some()] {
                                    (reason_select(ctx, &reason_id, mine.map_or("", |t| t.choice.as_str()), mine.and_then(|t| t.error_at(&reason_id))))
                                }
                                div.field {
                                    label for={ "f-ghi-chu-" (item.id) } { (c.reject_note) }
                                    input id={ "f-ghi-chu-" (item.id) } type="text" name="ghi_chu" maxlength="500" value=(mine.map_or("", |t| t.text.as_str()));
                                }
                                button.secondary type="submit" name="hanh_dong" value="tu_choi" { (c.reject) }
                            }
                            form method="post" action=(crate::paths::console::MODERATION) {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="quay_lai" value=(back);
                                input type="hidden" name="chon" value=(item.id);
                                input type="hidden" name="mot" value=(item.id);
                                div.field.error[span_error.is_some()] {
                                    label for=(span_id) { (c.redact_span) }
                                    p.hint id={ "h-" (span_id) } { (c.redact_hint) }
                                    (err(span_error, &format!("e-{span_id}")))
                                    input id=(span_id) type="text" name="an" maxlength="500" value=(mine.map_or("", |t| t.span.as_str()))
                                        aria-describedby=(if span_error.is_some() { format!("h-{span_id} e-{span_id}") } else { format!("h-{span_id}") })
                                        aria-invalid=[span_error.map(|_| "true")];
                                }
                                button.secondary type="submit" name="hanh_dong" value="an" { (c.redact) }
                            }
                        }
                    }
                }
            }
        }
        (pager(ctx, q.items, crate::paths::console::MODERATION, q.params))
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
    /// An answer sent back with a problem.
    pub typed: Option<&'a Typed>,
    /// The page's own query, for the forms to come back to.
    pub back: &'a str,
    pub similar: &'a Similar,
}

/// Near-identical opinions on the answers page.
#[derive(Debug, Default)]
pub struct Similar {
    /// Distinct opinions among the published comments, and the published comments.
    pub unique: i64,
    pub total: i64,
    /// The largest groups (when no group is chosen).
    pub groups: Vec<crate::db::queries::similar::Group>,
    /// The group the page shows, and its published comments not answered yet.
    pub chosen: Option<(CommentId, i64)>,
}

pub fn answers(ctx: &Ctx, staff: &Staff, csrf: &str, a: &AnswersPage<'_>) -> Markup {
    let c = ctx.t.console;
    let d = a.draft;
    let base = crate::paths::console::answers(d.id);
    let sim = ctx.t.similar;
    let chosen = a.similar.chosen;
    let params = [
        ("loc", a.filter.slug().to_string()),
        ("muc", a.anchor.to_string()),
        (
            "nhom",
            chosen.map(|(g, _)| g.to_string()).unwrap_or_default(),
        ),
    ];
    let group_link = |g: CommentId| format!("{base}?loc=tat-ca&nhom={g}");
    let typed = a.typed;
    let bulk = typed.filter(|t| t.item.is_none());
    let body = html! {
        p.eyebrow { a href=(crate::paths::console::draft(d.id)) { (d.title) } }
        h1 { (c.answers_title) }
        (summary(ctx, typed))
        (flash(a.message))
        p role="status" { (c.answer_counts(a.answered, a.unanswered)) }
        p { (sim.unique_of_total(a.similar.unique, a.similar.total)) }
        @if !a.similar.groups.is_empty() {
            section aria-labelledby="nhom-giong-nhau" {
                h2 #nhom-giong-nhau { (sim.groups_title) }
                p.hint { (sim.groups_intro) }
                div.table-wrap {
                    table {
                        thead { tr {
                            th scope="col" { (sim.col_group) }
                            th scope="col" { (sim.col_count) }
                            th scope="col" { (sim.col_unanswered) }
                            th scope="col" { (sim.col_text) }
                        } }
                        tbody {
                            @for g in &a.similar.groups {
                                tr {
                                    td { a href=(group_link(g.id)) { (sim.open_group) " " (g.id) } }
                                    td { (crate::i18n::number(g.published)) }
                                    td { (crate::i18n::number(g.unanswered)) }
                                    td { (crate::text::excerpt(&g.text, 200)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some((g, _)) = chosen {
            h2 { (sim.group_heading(g.get(), a.items.total)) }
            p.hint { (sim.groups_intro) }
            p { a href={ (base) "?loc=" (a.filter.slug()) } { (sim.leave_group) } }
        }
        nav.tabs aria-label=(c.filter) {
            ul {
                @for f in [AnswerFilter::Unanswered, AnswerFilter::Answered, AnswerFilter::All] {
                    li { a href={ (base) "?loc=" (f.slug()) } aria-current=[(f == a.filter).then_some("page")] { (c.answer_filter(f)) } }
                }
            }
        }
        form #tra-loi method="post" action=(base) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="quay_lai" value=(a.back);
            @if let Some((g, _)) = chosen { input type="hidden" name="nhom" value=(g); }
            fieldset.bulk {
                legend { @if let Some((_, n)) = chosen { (sim.answer_group(n)) } @else { (c.answer_selected) } }
                @if let Some((_, n)) = chosen {
                    p.hint { @if n == 0 { (sim.group_answered_all) } @else { (sim.group_answer_hint) } }
                } @else {
                    p.hint { (c.answer_hint) }
                }
                (err(bulk.and_then(|t| t.error_at("tra-loi-chon")), "tra-loi-chon"))
                div.field {
                    label for="f-hinh-thuc" { (c.disposition) }
                    select #f-hinh-thuc name="hinh_thuc" {
                        @for disp in Disposition::ALL { option value=(disp.as_str()) selected[bulk.is_some_and(|t| t.choice == disp.as_str())] { (ctx.t.disposition(*disp)) } }
                    }
                }
                @let reason_error = bulk.and_then(|t| t.error_at("f-ly-do"));
                div.field.error[reason_error.is_some()] {
                    label for="f-ly-do" { (c.answer_reason) }
                    (err(reason_error, "e-f-ly-do"))
                    textarea #f-ly-do name="ly_do" rows="3" aria-describedby=[reason_error.map(|_| "e-f-ly-do")] aria-invalid=[reason_error.map(|_| "true")] { (bulk.map_or("", |t| t.text.as_str())) }
                }
                button type="submit" { (c.answer_button) }
            }
        }
        ol.queue {
            @for item in &a.items.items {
                @let mine = typed.filter(|t| t.item == Some(item.id));
                li.queue-item {
                    div.check {
                        input type="checkbox" form="tra-loi" name="chon" value=(item.id) id={ "chon-" (item.id) }
                            checked[bulk.is_some_and(|t| t.chosen.contains(&item.id))];
                        label for={ "chon-" (item.id) } {
                            strong { (tracking_number(item.id, item.created_at)) }
                            " · " (item.section_label.as_deref().unwrap_or(ctx.t.whole_draft))
                        }
                    }
                    p.meta {
                        (item.name.as_deref().unwrap_or(ctx.t.commenter_kind(item.kind)))
                        @if let Some(cm) = &item.commune { " · " (cm) }
                        @if let Some((g, n)) = item.group { @if chosen.is_none() { " · " a href=(group_link(g)) { (sim.in_group(n)) } } }
                    }
                    blockquote.comment-text { @for line in item.text.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                    @if let Some((rid, disp, reason)) = &item.response {
                        details.answer open[mine.is_some()] {
                            summary { strong { (ctx.t.disposition(*disp)) } ": " (reason) }
                            @let reason_id = format!("f-ld-{}", item.id);
                            @let reason_error = mine.and_then(|t| t.error_at(&reason_id));
                            form method="post" action=(crate::paths::console::edit_answer(*rid)) {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="quay_lai" value=(a.back);
                                input type="hidden" name="mot" value=(item.id);
                                div.field {
                                    label for={ "f-ht-" (item.id) } { (c.disposition) }
                                    select id={ "f-ht-" (item.id) } name="hinh_thuc" {
                                        @for dd in Disposition::ALL {
                                            option value=(dd.as_str()) selected[mine.map_or(dd == disp, |t| t.choice == dd.as_str())] { (ctx.t.disposition(*dd)) }
                                        }
                                    }
                                }
                                div.field.error[reason_error.is_some()] {
                                    label for=(reason_id) { (c.answer_reason) }
                                    (err(reason_error, &format!("e-{reason_id}")))
                                    textarea id=(reason_id) name="ly_do" rows="2" aria-describedby=[reason_error.map(|_| format!("e-{reason_id}"))] aria-invalid=[reason_error.map(|_| "true")] {
                                        (mine.map_or(reason.as_str(), |t| t.text.as_str()))
                                    }
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
