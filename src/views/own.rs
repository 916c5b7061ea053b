//! A commenter's own pages, each reached only through a link given to them: the receipt
//! after sending, confirming, the private page of their comment (its status, the
//! agency's answer, withdrawing), and the form that mails lost links again.

use maud::{Markup, html};

use super::Ctx;
use super::components::described_by;
use super::layout::{Nav, PageMeta, page};
use crate::db::models::Draft;
use crate::db::queries::comments::OwnComment;
use crate::domain::PeriodStatus;
use crate::domain::comment::{CommentStatus, mask_email, tracking_number};
use crate::domain::time;

fn private(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    page(
        ctx,
        PageMeta {
            title,
            description: None,
            nav: Nav::None,
        },
        body,
    )
}

/// What the receipt page says besides the comment.
pub struct Receipt<'a> {
    pub comment: &'a OwnComment,
    /// The private page (the same token as the receipt's).
    pub own_url: &'a str,
    pub resend_url: &'a str,
    pub csrf: &'a str,
    pub confirm_hours: i64,
    pub message: Option<&'a str>,
}

/// Shown after sending, to the browser that sent: the tracking number, where the
/// confirmation mail went (masked), a way to have it sent again, and the private page.
pub fn receipt(ctx: &Ctx, r: &Receipt<'_>) -> Markup {
    let t = ctx.t;
    let o = t.own;
    let c = r.comment;
    let tracking = tracking_number(c.id, c.created_at);
    let body = html! {
        div.panel role="status" {
            h1 { (t.receipt_title) }
            p { (t.receipt_number) }
            p.tracking { strong { (tracking) } }
        }
        @if let Some(m) = r.message { p.notice role="status" { (m) } }
        p {
            (t.receipt_about) " "
            @if let Some(l) = &c.section_label { (l) " – " }
            a href=(crate::paths::public::draft(&c.draft.slug)) { (c.draft.title) }
        }
        @if let Some(address) = &c.email {
            p { (o.sent_to_before) " " strong { (mask_email(address)) } "." }
        }
        @if c.status == CommentStatus::Unconfirmed {
            h2 { (t.receipt_next_title) }
            ol {
                li { (t.receipt_step_mail) }
                li { (t.receipt_step_confirm(r.confirm_hours)) }
                li { (t.receipt_step_answer) }
            }
            h2 { (o.resend_title) }
            p { (o.resend_text) }
            form method="post" action=(r.resend_url) {
                input type="hidden" name="csrf" value=(r.csrf);
                button.secondary type="submit" { (o.resend_button) }
            }
        } @else {
            p { strong { (t.comment_status(c.status)) } }
        }
        h2 { (o.private_page) }
        p { (o.private_page_hint) }
        p { a href=(r.own_url) { (o.private_page) } }
        p { a href=(crate::paths::public::draft(&c.draft.slug)) { (t.back_to_draft) } }
    };
    private(ctx, t.receipt_title, body)
}

/// The same text from the same address was sent before: it is kept once. Nothing of the
/// first comment but its number is shown, to someone who typed its text and address.
pub fn duplicate(ctx: &Ctx, tracking: &str, draft: &Draft) -> Markup {
    let t = ctx.t;
    let o = t.own;
    let body = html! {
        h1 { (o.duplicate_title) }
        p { (o.duplicate_text) }
        p { (t.receipt_number) " " strong { (tracking) } }
        p { a href=(format!("{}?ma-so={tracking}", crate::paths::public::FIND_MY_COMMENTS)) { (o.lost_link) } }
        p { a href=(crate::paths::public::draft(&draft.slug)) { (t.back_to_draft) } }
    };
    private(ctx, o.duplicate_title, body)
}

/// The page a confirmation link opens: one button, so that a mail scanner following the
/// link does not confirm on the reader's behalf.
pub fn confirm_page(ctx: &Ctx, tracking: &str, draft: &Draft, csrf: &str, action: &str) -> Markup {
    let t = ctx.t;
    let body = html! {
        h1 { (t.confirm_title) }
        p { (t.confirm_text(tracking)) " " a href=(crate::paths::public::draft(&draft.slug)) { (draft.title) } }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            button type="submit" { (t.confirm_button) }
        }
    };
    private(ctx, t.confirm_title, body)
}

/// After confirming; `before` when the link had been used already.
pub fn confirmed_page(
    ctx: &Ctx,
    tracking: &str,
    draft: &Draft,
    published: bool,
    before: bool,
) -> Markup {
    let t = ctx.t;
    let title = if before {
        t.own.confirmed_before_title
    } else {
        t.confirmed_title
    };
    let body = html! {
        div.panel role="status" {
            h1 { (title) }
            p { (t.confirmed_text(tracking)) }
        }
        @if before {
            p { (t.own.confirmed_before_text) }
        } @else {
            p { (if published { t.confirmed_published } else { t.confirmed_moderation }) }
        }
        p { a href=(crate::paths::public::draft(&draft.slug)) { (t.back_to_draft) } }
    };
    private(ctx, title, body)
}

/// The commenter's private page: the comment, its status, the agency's answer, and the
/// way to withdraw it while the period is open.
/// Where the own page's actions go, and the token their forms carry.
pub struct OwnActions<'a> {
    pub withdraw: &'a str,
    pub hide_name: &'a str,
    pub erase: &'a str,
    pub csrf: &'a str,
}

pub fn own_page(
    ctx: &Ctx,
    c: &OwnComment,
    actions: &OwnActions<'_>,
    message: Option<&str>,
) -> Markup {
    let withdraw_url = actions.withdraw;
    let t = ctx.t;
    let o = t.own;
    let d = &c.draft;
    let can_withdraw =
        c.status != CommentStatus::Withdrawn && d.period_status(ctx.now) == PeriodStatus::Open;
    let tracking = tracking_number(c.id, c.created_at);
    let body = html! {
        h1 { (t.own_title(&tracking)) }
        @if let Some(m) = message { p.notice role="status" { (m) } }
        dl.facts {
            dt { (t.own_draft) }
            dd { a href=(crate::paths::public::draft(&d.slug)) { (d.title) } }
            dt { (t.own_section) }
            dd {
                @match (&c.section_label, &c.section_anchor) {
                    (Some(l), Some(a)) => a href={ (crate::paths::public::draft(&d.slug)) "#" (a) } { (l) },
                    _ => (t.whole_draft),
                }
            }
            dt { (t.own_sent) }
            dd { (time::date_time(c.created_at)) }
            dt { (t.own_status) }
            dd { strong { (t.comment_status(c.status)) } }
        }
        @if c.status != CommentStatus::Withdrawn {
            h2 { (t.own_text) }
            div.comment-body { @for line in c.body.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
        }
        @if c.status == CommentStatus::Published {
            h2 { (o.answer_title) }
            @match &c.answer {
                Some((disposition, reason)) => {
                    div.answer {
                        p { strong { (t.disposition(*disposition)) } }
                        @for line in reason.lines().filter(|l| !l.trim().is_empty()) { p { (line) } }
                    }
                }
                None => p { (o.answer_waiting) },
            }
            p { a href=(crate::paths::public::comment(&d.slug, c.id)) { (o.answer_public_link) } }
        }
        @if can_withdraw {
            h2 { (t.withdraw_title) }
            p { (t.withdraw_text) }
            p { a.button.secondary href=(withdraw_url) { (o.withdraw_start) } }
        } @else if c.status != CommentStatus::Withdrawn {
            p.meta { (t.withdraw_closed) }
        }
        // Law 91/2025/QH15: the consent to publish a name is taken back at any time, and
        // after the period the author may erase who they are, the opinion staying.
        @if c.status != CommentStatus::Withdrawn && (c.publish_name || (!can_withdraw && c.email.is_some())) {
            h2 { (o.identity_title) }
            @if c.publish_name {
                form method="post" action=(actions.hide_name) {
                    input type="hidden" name="csrf" value=(actions.csrf);
                    p { (o.hide_name_text) }
                    button.secondary type="submit" { (o.hide_name_button) }
                }
            }
            @if !can_withdraw && c.email.is_some() {
                form method="post" action=(actions.erase) {
                    input type="hidden" name="csrf" value=(actions.csrf);
                    p { (o.erase_text) }
                    button.secondary type="submit" { (o.erase_button) }
                }
            }
        }
    };
    private(ctx, &tracking, body)
}

/// Withdrawing asks first: it erases the comment and cannot be undone.
pub fn withdraw_confirm(ctx: &Ctx, c: &OwnComment, csrf: &str, action: &str, back: &str) -> Markup {
    let t = ctx.t;
    let o = t.own;
    let tracking = tracking_number(c.id, c.created_at);
    let body = html! {
        h1 { (o.withdraw_confirm_heading(&tracking)) }
        p { (t.withdraw_text) }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            div.actions {
                button type="submit" { (o.withdraw_confirm_button) }
                a href=(back) { (o.withdraw_keep) }
            }
        }
    };
    private(ctx, o.withdraw_confirm_title, body)
}

/// What the lost-links form was sent with, and its problems.
#[derive(Debug, Default)]
pub struct LostForm {
    pub email: String,
    pub tracking: String,
    pub email_error: bool,
    pub tracking_error: bool,
}

pub fn lost_form(ctx: &Ctx, f: &LostForm, csrf: &str) -> Markup {
    let t = ctx.t;
    let o = t.own;
    let problems: Vec<(&str, &str)> = [
        (f.email_error, ("email", o.lost_email_invalid)),
        (f.tracking_error, ("ma_so", o.lost_tracking_invalid)),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, p)| p)
    .collect();
    let body = html! {
        h1 { (o.lost_title) }
        @if !problems.is_empty() {
            div.error-summary role="alert" aria-labelledby="loi-tieu-de" tabindex="-1" autofocus {
                h2 #loi-tieu-de { (t.error_summary_title) }
                ul { @for (field, m) in &problems { li { a href={ "#f-" (field) } { (m) } } } }
            }
        }
        p { (o.lost_intro) }
        form method="post" action=(crate::paths::public::FIND_MY_COMMENTS) novalidate {
            input type="hidden" name="csrf" value=(csrf);
            div.field.error[f.email_error] {
                label for="f-email" { (o.lost_email) }
                p.hint id="h-email" { (o.lost_email_hint) }
                @if f.email_error { p.err id="e-email" { span.vh { "Lỗi: " } (o.lost_email_invalid) } }
                input #f-email type="email" name="email" value=(f.email) maxlength="254" autocomplete="email" spellcheck="false" required
                    aria-describedby=[described_by("email", true, f.email_error)] aria-invalid=[f.email_error.then_some("true")];
            }
            div.field.error[f.tracking_error] {
                label for="f-ma_so" { (o.lost_tracking) }
                p.hint id="h-ma_so" { (o.lost_tracking_hint) }
                @if f.tracking_error { p.err id="e-ma_so" { span.vh { "Lỗi: " } (o.lost_tracking_invalid) } }
                input #f-ma_so type="text" name="ma_so" value=(f.tracking) maxlength="30" autocomplete="off" spellcheck="false" required
                    aria-describedby=[described_by("ma_so", true, f.tracking_error)] aria-invalid=[f.tracking_error.then_some("true")];
            }
            div.actions { button type="submit" { (o.lost_button) } }
        }
    };
    private(ctx, o.lost_title, body)
}

/// The same answer whether or not the address and the number matched.
pub fn lost_done(ctx: &Ctx) -> Markup {
    let t = ctx.t;
    let o = t.own;
    let body = html! {
        div.panel role="status" {
            h1 { (o.lost_done_title) }
            p { (o.lost_done) }
        }
        p { a href="/" { (t.nav_home) } }
    };
    private(ctx, o.lost_done_title, body)
}
