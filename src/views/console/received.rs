//! Opinions received outside the portal and consultation letters, as staff see them on
//! a draft: the letters with each body's reply and deadline, the opinions with their
//! answers, and the forms to record both.

use maud::{Markup, html};

use super::{Area, date_field, flash, page, problem_for, problems, text_field};
use crate::auth::session::Staff;
use crate::db::models::{Attachment, Draft, LegalRule};
use crate::db::queries::received::{Letter, Listed};
use crate::domain::comment::Disposition;
use crate::domain::ids::ReceivedOpinionId;
use crate::domain::received::{OpinionSource, ReplyState};
use crate::views::Ctx;

/// What was typed in the form that was refused, to show again beside its problems.
#[derive(Debug, Clone, Default)]
pub enum Typed {
    #[default]
    Nothing,
    Letter {
        number: String,
        sent_on: String,
        recipients: String,
    },
    Opinion(OpinionTyped),
    Answer {
        id: ReceivedOpinionId,
        choice: String,
        reason: String,
    },
}

/// The opinion form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct OpinionTyped {
    pub source: String,
    pub organisation: String,
    pub recipient: String,
    pub document_number: String,
    pub document_date: String,
    pub received_on: String,
    pub section: String,
    pub file: String,
    pub body: String,
}

pub struct ReceivedPage<'a> {
    pub draft: &'a Draft,
    pub letters: &'a [Letter],
    pub opinions: &'a [Listed],
    /// (anchor, label) of the commentable sections of the latest version.
    pub sections: &'a [(String, String)],
    pub files: &'a [Attachment],
    /// The rule that sets the reply deadline.
    pub rule: Option<&'a LegalRule>,
    pub notice: Option<&'a str>,
    pub typed: &'a Typed,
    pub errors: &'a [(String, String)],
}

pub fn received_page(ctx: &Ctx, staff: &Staff, csrf: &str, p: &ReceivedPage<'_>) -> Markup {
    let r = ctx.t.received;
    let c = ctx.t.console;
    let id = p.draft.id;
    let today = crate::domain::time::local_date(ctx.now);
    let letter = match p.typed {
        Typed::Letter {
            number,
            sent_on,
            recipients,
        } => Some((number, sent_on, recipients)),
        _ => None,
    };
    let blank = OpinionTyped::default();
    let opinion = match p.typed {
        Typed::Opinion(o) => o,
        _ => &blank,
    };
    let opinion_errors: &[(String, String)] = if matches!(p.typed, Typed::Opinion(_)) {
        p.errors
    } else {
        &[]
    };
    let letter_errors: &[(String, String)] = if letter.is_some() { p.errors } else { &[] };
    let body = html! {
        p { a href=(crate::paths::console::draft(id)) { "← " (p.draft.title) } }
        h1 { (r.title) }
        (flash(p.notice))
        (problems(ctx, p.errors))
        p { (r.intro) }

        h2 #van-ban-xin-y-kien { (r.letters_title) }
        p { (r.letters_intro) }
        @if p.letters.is_empty() {
            p { (r.letters_none) }
        } @else {
            div.table-wrap {
                table.data {
                    thead { tr {
                        th scope="col" { (r.letter_number) }
                        th scope="col" { (r.letter_sent_on) }
                        th scope="col" { (r.letter_due) }
                        th scope="col" { (r.letter_recipients) }
                    } }
                    tbody {
                        @for l in p.letters {
                            tr {
                                th scope="row" { (l.number) }
                                td { (l.sent_on.format("%d/%m/%Y")) }
                                td { (l.reply_due.format("%d/%m/%Y")) }
                                td {
                                    ul {
                                        @for (_, body, replied) in &l.recipients {
                                            @let state = ReplyState::of(*replied, l.reply_due, today);
                                            li {
                                                (body) ": "
                                                @if state == ReplyState::Overdue { strong { (r.reply_state(state)) } }
                                                @else { (r.reply_state(state)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(rule) = p.rule {
            p.hint {
                (r.letter_due) ": "
                (rule.days) (r.letter_days_counted)
                @if let Some(citation) = rule.public_citation() { " (" (citation) ")." }
                @else { " " (r.letter_rule_unconfirmed) "." }
            }
        }
        form method="post" action=(crate::paths::console::received_letters(id)) {
            input type="hidden" name="csrf" value=(csrf);
            fieldset {
                legend { (r.letter_add) }
                (text_field("so", r.letter_number, letter.map_or("", |l| l.0.as_str()), None, problem_for(letter_errors, "so"), "text"))
                (date_field("ngay_gui", r.letter_sent_on, letter.map_or("", |l| l.1.as_str()), problem_for(letter_errors, "ngay_gui")))
                @let e = problem_for(letter_errors, "noi_nhan");
                div.field.error[e.is_some()] {
                    label for="f-noi_nhan" { (r.letter_recipients) }
                    p.hint id="h-noi_nhan" { (r.letter_recipients_hint) }
                    @if let Some(e) = e { p.err id="e-noi_nhan" { span.vh { "Lỗi: " } (e) } }
                    textarea #f-noi_nhan name="noi_nhan" rows="4" aria-describedby=(if e.is_some() { "h-noi_nhan e-noi_nhan" } else { "h-noi_nhan" }) aria-invalid=[e.map(|_| "true")] {
                        (letter.map_or("", |l| l.2.as_str()))
                    }
                }
                div.actions { button type="submit" { (r.letter_add) } }
            }
        }

        h2 #y-kien-da-nhan { (r.opinions_title) }
        @if p.opinions.is_empty() {
            p { (r.opinions_none) }
        } @else {
            ol.queue {
                @for o in p.opinions {
                    @let op = &o.opinion;
                    @let mine = match p.typed { Typed::Answer { id, choice, reason } if *id == op.id => Some((choice, reason)), _ => None };
                    li.queue-item id={ "y-kien-" (op.id) } {
                        p.meta {
                            strong { (r.source(op.source)) } " · "
                            (r.who(&op.organisation, &op.document_number, op.document_date))
                            " · " (r.opinion_received_on) " " (op.received_on.format("%d/%m/%Y"))
                            @if let Some(m) = op.meeting_id {
                                " · " a href=(crate::paths::console::meeting_minutes(m)) { (ctx.t.meetings.col_minutes) }
                            }
                        }
                        p { strong { (o.section.as_ref().map_or(r.opinion_whole_draft, |(_, l)| l.as_str())) } }
                        blockquote.comment-text { @for line in op.body.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                        @match op.disposition {
                            Some(d) => p { strong { (ctx.t.disposition(d)) } ": " (op.reason) },
                            None => p { strong { (r.opinion_unanswered) } },
                        }
                        @let reason_id = format!("f-ld-{}", op.id);
                        @let reason_error = mine.and_then(|_| problem_for(p.errors, "ly_do"));
                        details.answer open[mine.is_some() || op.disposition.is_none()] {
                            summary { (if op.disposition.is_some() { r.opinion_answer_change } else { r.opinion_answer }) }
                            form method="post" action=(crate::paths::console::received_answer(id, op.id)) {
                                input type="hidden" name="csrf" value=(csrf);
                                div.field {
                                    label for={ "f-ht-" (op.id) } { (c.disposition) }
                                    select id={ "f-ht-" (op.id) } name="hinh_thuc" {
                                        @for dd in Disposition::ALL {
                                            option value=(dd.as_str()) selected[mine.map_or(op.disposition == Some(*dd), |t| t.0 == dd.as_str())] { (ctx.t.disposition(*dd)) }
                                        }
                                    }
                                }
                                div.field.error[reason_error.is_some()] {
                                    label for=(reason_id) { (c.answer_reason) }
                                    @if let Some(e) = reason_error { p.err id={ "e-" (reason_id) } { span.vh { "Lỗi: " } (e) } }
                                    textarea id=(reason_id) name="ly_do" rows="3" aria-describedby=[reason_error.map(|_| format!("e-{reason_id}"))] aria-invalid=[reason_error.map(|_| "true")] {
                                        (mine.map_or(op.reason.as_str(), |t| t.1.as_str()))
                                    }
                                }
                                button.secondary type="submit" { (c.answer_button) }
                            }
                        }
                    }
                }
            }
        }

        form method="post" action=(crate::paths::console::received(id)) {
            input type="hidden" name="csrf" value=(csrf);
            fieldset {
                legend { (r.opinion_add_title) }
                @let e = problem_for(opinion_errors, "nguon");
                div.field.error[e.is_some()] {
                    label for="f-nguon" { (r.opinion_source) }
                    @if let Some(e) = e { p.err id="e-nguon" { span.vh { "Lỗi: " } (e) } }
                    select #f-nguon name="nguon" aria-describedby=[e.map(|_| "e-nguon")] aria-invalid=[e.map(|_| "true")] {
                        @for s in OpinionSource::ALL {
                            option value=(s.as_str()) selected[opinion.source == s.as_str()] { (r.source(*s)) }
                        }
                    }
                }
                (text_field("co_quan", r.opinion_organisation, &opinion.organisation, Some(r.opinion_organisation_hint), problem_for(opinion_errors, "co_quan"), "text"))
                @if !p.letters.is_empty() {
                    div.field {
                        label for="f-tra_loi_cho" { (r.opinion_reply_to) }
                        select #f-tra_loi_cho name="tra_loi_cho" {
                            option value="" { (r.opinion_reply_to_none) }
                            @for l in p.letters {
                                @for (rid, body, _) in &l.recipients {
                                    option value=(rid) selected[opinion.recipient == rid.to_string()] { (l.number) " — " (body) }
                                }
                            }
                        }
                    }
                }
                (text_field("so_van_ban", r.opinion_document_number, &opinion.document_number, None, problem_for(opinion_errors, "so_van_ban"), "text"))
                (date_field("ngay_van_ban", r.opinion_document_date, &opinion.document_date, problem_for(opinion_errors, "ngay_van_ban")))
                (date_field("ngay_nhan", r.opinion_received_on, &opinion.received_on, problem_for(opinion_errors, "ngay_nhan")))
                @let e = problem_for(opinion_errors, "muc");
                div.field.error[e.is_some()] {
                    label for="f-muc" { (r.opinion_section) }
                    @if let Some(e) = e { p.err id="e-muc" { span.vh { "Lỗi: " } (e) } }
                    select #f-muc name="muc" aria-describedby=[e.map(|_| "e-muc")] aria-invalid=[e.map(|_| "true")] {
                        option value="" { (r.opinion_whole_draft) }
                        @for (anchor, label) in p.sections {
                            option value=(anchor) selected[opinion.section == *anchor] { (label) }
                        }
                    }
                }
                @let e = problem_for(opinion_errors, "tep");
                div.field.error[e.is_some()] {
                    label for="f-tep" { (r.opinion_file) }
                    @if let Some(e) = e { p.err id="e-tep" { span.vh { "Lỗi: " } (e) } }
                    select #f-tep name="tep" aria-describedby=[e.map(|_| "e-tep")] aria-invalid=[e.map(|_| "true")] {
                        option value="" { (r.opinion_file_none) }
                        @for f in p.files {
                            option value=(f.id) selected[opinion.file == f.id.to_string()] { (f.title) }
                        }
                    }
                }
                @let e = problem_for(opinion_errors, "noi_dung");
                div.field.error[e.is_some()] {
                    label for="f-noi_dung" { (r.opinion_body) }
                    p.hint id="h-noi_dung" { (r.opinion_body_hint) }
                    @if let Some(e) = e { p.err id="e-noi_dung" { span.vh { "Lỗi: " } (e) } }
                    textarea #f-noi_dung name="noi_dung" rows="6" aria-describedby=(if e.is_some() { "h-noi_dung e-noi_dung" } else { "h-noi_dung" }) aria-invalid=[e.map(|_| "true")] {
                        (opinion.body)
                    }
                }
                div.actions { button type="submit" { (r.opinion_add) } }
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Drafts, r.title, body)
}
