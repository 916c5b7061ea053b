//! The Front's social critique in the console (issue 16, points 7 and 8): a draft's
//! critiques with the form to ask for one, one critique with the step its state
//! allows to whoever may take it, and the list of critiques with their deadlines.

use maud::{Markup, html};

use super::{Area, date_field, flash, page, problem_for, problems, text_field};
use crate::auth::session::Staff;
use crate::db::models::{Attachment, Draft, LegalRule};
use crate::db::queries::critiques::{Named, Point};
use crate::domain::comment::Disposition;
use crate::domain::critique::{Clocks, CritiqueForm, CritiqueState};
use crate::domain::ids::{AttachmentId, OrganisationId};
use crate::views::Ctx;
use crate::views::components::described_by;

/// The request form as typed.
#[derive(Debug, Clone, Default)]
pub struct RequestTyped {
    pub organisation: String,
    pub number: String,
    pub request_date: String,
    pub dossier_sent_on: String,
    pub planned_submission: String,
    pub shortened_reason: String,
    pub files: Vec<String>,
}

pub struct DraftCritiques<'a> {
    pub draft: &'a Draft,
    pub critiques: &'a [Named],
    /// (id, name) of every organisation of the Front.
    pub organisations: &'a [(OrganisationId, String)],
    pub files: &'a [Attachment],
    pub lead: &'a LegalRule,
    pub shortened: bool,
    pub clocks: Clocks,
    pub notice: Option<&'a str>,
    pub typed: &'a RequestTyped,
    pub errors: &'a [(String, String)],
}

/// The deadline now running on a critique, as a cell says it.
fn deadline_cell(ctx: &Ctx, clocks: Clocks, n: &Named) -> Markup {
    let t = ctx.t.critiques;
    let today = crate::domain::time::local_date(ctx.now);
    let c = &n.critique;
    html! {
        @if matches!(c.state, CritiqueState::Requested | CritiqueState::Received | CritiqueState::Submitted) {
            @match clocks.running(&c.dates()) {
                Some((which, due)) => {
                    (t.deadline(which)) ": " (due.format("%d/%m/%Y"))
                    @if due < today { " " strong.overdue { (t.overdue) } }
                }
                None => { (t.no_deadline) }
            }
        } @else { "—" }
    }
}

fn critiques_table(ctx: &Ctx, clocks: Clocks, rows: &[(&Named, Option<&str>)]) -> Markup {
    let t = ctx.t.critiques;
    html! {
        div.table-wrap {
            table.data {
                thead { tr {
                    th scope="col" { (t.col_request) }
                    @if rows.iter().any(|(_, d)| d.is_some()) { th scope="col" { (t.col_draft) } }
                    th scope="col" { (t.col_organisation) }
                    th scope="col" { (t.col_state) }
                    th scope="col" { (t.col_deadline) }
                } }
                tbody {
                    @for (n, draft) in rows {
                        @let c = &n.critique;
                        tr {
                            th scope="row" {
                                a href=(crate::paths::console::critique(c.id)) { (c.request_number) }
                                " (" (c.request_date.format("%d/%m/%Y")) ")"
                            }
                            @if let Some(d) = draft { td { (d) } }
                            td { (n.organisation) }
                            td { (t.state(c.state)) }
                            td { (deadline_cell(ctx, clocks, n)) }
                        }
                    }
                }
            }
        }
    }
}

pub fn draft_page(ctx: &Ctx, staff: &Staff, csrf: &str, p: &DraftCritiques<'_>) -> Markup {
    let t = ctx.t.critiques;
    let f = p.typed;
    let e = |field: &str| problem_for(p.errors, field);
    let rows: Vec<(&Named, Option<&str>)> = p.critiques.iter().map(|n| (n, None)).collect();
    let body = html! {
        p { a href=(crate::paths::console::draft(p.draft.id)) { "← " (p.draft.title) } }
        h1 { (t.title) }
        (flash(p.notice))
        p { (t.intro) }
        @if rows.is_empty() { p { (t.none_yet) } } @else { (critiques_table(ctx, p.clocks, &rows)) }
        h2 #de-nghi { (t.request_title) }
        (problems(ctx, p.errors))
        p.hint {
            (t.lead_days(p.lead.days))
            @if let Some(citation) = p.lead.public_citation() { " (" (citation) ")." }
            @else { " (" (p.lead.citation) "; " (t.lead_unconfirmed) ")." }
        }
        form method="post" action=(crate::paths::console::critiques_of(p.draft.id)) {
            input type="hidden" name="csrf" value=(csrf);
            @let oe = e("to_chuc");
            div.field.error[oe.is_some()] {
                label for="f-to_chuc" { (t.organisation) }
                @if let Some(msg) = oe { p.err id="e-to_chuc" { span.vh { "Lỗi: " } (msg) } }
                select #f-to_chuc name="to_chuc" aria-describedby=[oe.map(|_| "e-to_chuc")] aria-invalid=[oe.map(|_| "true")] {
                    option value="" { (t.choose_organisation) }
                    @for (id, name) in p.organisations {
                        option value=(id) selected[f.organisation == id.to_string()] { (name) }
                    }
                }
            }
            (text_field("so", t.number, &f.number, None, e("so"), "text"))
            (date_field("ngay", t.request_date, &f.request_date, e("ngay")))
            (date_field("ngay_gui", t.dossier_sent_on, &f.dossier_sent_on, e("ngay_gui")))
            (date_field("ngay_trinh", t.planned_submission, &f.planned_submission, e("ngay_trinh")))
            @if p.shortened {
                @let re = e("ly_do_rut_gon");
                div.field.error[re.is_some()] {
                    label for="f-ly_do_rut_gon" { (t.shortened_reason) }
                    p.hint id="h-ly_do_rut_gon" { (t.shortened_hint) }
                    @if let Some(msg) = re { p.err id="e-ly_do_rut_gon" { span.vh { "Lỗi: " } (msg) } }
                    textarea #f-ly_do_rut_gon name="ly_do_rut_gon" rows="3" aria-describedby=[described_by("ly_do_rut_gon", true, re.is_some())] aria-invalid=[re.map(|_| "true")] { (f.shortened_reason) }
                }
            }
            @let fe = e("tep");
            fieldset.field.error[fe.is_some()] {
                legend { (t.files) }
                p.hint { (t.files_hint) }
                @if let Some(msg) = fe { p.err { span.vh { "Lỗi: " } (msg) } }
                @if p.files.is_empty() { p { (t.no_files) } }
                @for a in p.files {
                    div.check {
                        input type="checkbox" id={ "f-tep-" (a.id) } name="tep" value=(a.id) checked[f.files.contains(&a.id.to_string())];
                        label for={ "f-tep-" (a.id) } { (a.title) }
                    }
                }
            }
            div.actions { button type="submit" { (t.request_button) } }
        }
    };
    page(ctx, Some(staff), csrf, Area::Drafts, t.title, body)
}

/// What was typed in a refused step, to show again.
#[derive(Debug, Clone, Default)]
pub struct StepTyped {
    pub received_on: String,
    pub form: String,
    pub critiqued_on: String,
    pub document_number: String,
    /// (anchor, point, recommendation) rows.
    pub points: Vec<(String, String, String)>,
    pub answer_number: String,
    pub answered_on: String,
    pub withdraw_reason: String,
    /// The point whose answer was refused, with what was typed.
    pub point_answer: Option<(i64, String, String)>,
}

pub struct CritiquePage<'a> {
    pub critique: &'a Named,
    pub draft: &'a Draft,
    /// The dossier's files: (id, title, file name).
    pub files: &'a [(AttachmentId, String, String)],
    pub points: &'a [Point],
    /// (anchor, label) of the draft's commentable sections, for the Front's form.
    pub sections: &'a [(String, String)],
    /// The staff member acts for the organisation asked / for the drafting agency.
    pub for_front: bool,
    pub for_agency: bool,
    pub clocks: Clocks,
    pub notice: Option<&'a str>,
    pub typed: &'a StepTyped,
    pub errors: &'a [(String, String)],
}

pub fn critique_page(ctx: &Ctx, staff: &Staff, csrf: &str, p: &CritiquePage<'_>) -> Markup {
    let t = ctx.t.critiques;
    let con = ctx.t.console;
    let n = p.critique;
    let c = &n.critique;
    let f = p.typed;
    let e = |field: &str| problem_for(p.errors, field);
    let step_path = |s: &str| crate::paths::console::critique_step(c.id, s);
    let rows = crate::domain::critique::MAX_POINTS.min(8);
    let body = html! {
        p { a href=(crate::paths::console::critiques_of(p.draft.id)) { "← " (t.title) ": " (p.draft.title) } }
        h1 { (t.title) ": " (n.organisation) }
        (flash(p.notice))
        (problems(ctx, p.errors))
        h2 { (t.request_section) }
        dl {
            dt { (t.col_state) } dd { (t.state(c.state)) }
            dt { (t.number) } dd { (c.request_number) " (" (c.request_date.format("%d/%m/%Y")) ")" }
            dt { (t.dossier_sent_on) } dd { (c.dossier_sent_on.format("%d/%m/%Y")) }
            dt { (t.planned_submission) } dd { (c.planned_submission.format("%d/%m/%Y")) }
            @if !c.shortened_reason.is_empty() {
                dt { (t.shortened_label) } dd { (c.shortened_reason) }
            }
            @if let Some(r) = c.received_on { dt { (t.received_on) } dd { (r.format("%d/%m/%Y")) } }
            dt { (t.col_deadline) } dd { (deadline_cell(ctx, p.clocks, n)) }
            dt { (t.files) }
            dd {
                @if p.files.is_empty() { "—" }
                ul { @for (_, title, name) in p.files { li { (title) " (" (name) ")" } } }
            }
            @if c.state == CritiqueState::Withdrawn {
                dt { (t.withdrawn_reason) } dd { (c.withdrawn_reason) }
            }
        }
        @if p.for_front && c.state == CritiqueState::Requested {
            h2 { (t.receive_title) }
            form method="post" action=(step_path("nhan")) {
                input type="hidden" name="csrf" value=(csrf);
                (date_field("ngay_nhan", t.received_on, &f.received_on, e("ngay_nhan")))
                div.actions { button type="submit" { (t.receive_button) } }
            }
        }
        @if p.for_front && matches!(c.state, CritiqueState::Requested | CritiqueState::Received) {
            h2 #gui-phan-bien { (t.submit_title) }
            form method="post" action=(step_path("gui")) enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(csrf);
                @let he = e("hinh_thuc");
                div.field.error[he.is_some()] {
                    label for="f-hinh_thuc" { (t.form) }
                    @if let Some(msg) = he { p.err id="e-hinh_thuc" { span.vh { "Lỗi: " } (msg) } }
                    select #f-hinh_thuc name="hinh_thuc" aria-describedby=[he.map(|_| "e-hinh_thuc")] aria-invalid=[he.map(|_| "true")] {
                        option value="" { (t.form) }
                        @for fm in CritiqueForm::ALL { option value=(fm.as_str()) selected[f.form == fm.as_str()] { (t.form_name(*fm)) } }
                    }
                }
                (date_field("ngay_phan_bien", t.critiqued_on, &f.critiqued_on, e("ngay_phan_bien")))
                (text_field("so_van_ban", t.document_number, &f.document_number, None, e("so_van_ban"), "text"))
                @let ve = e("van_ban");
                div.field.error[ve.is_some()] {
                    label for="f-van_ban" { (t.document) }
                    p.hint id="h-van_ban" { (t.document_hint) }
                    @if let Some(msg) = ve { p.err id="e-van_ban" { span.vh { "Lỗi: " } (msg) } }
                    input #f-van_ban type="file" name="van_ban" accept=".pdf,.docx,.odt" aria-describedby=[described_by("van_ban", true, ve.is_some())] aria-invalid=[ve.map(|_| "true")];
                }
                @let pe = e("noi_dung_1");
                fieldset.field.error[pe.is_some()] {
                    legend { (t.points) }
                    p.hint { (t.points_hint) }
                    @if let Some(msg) = pe { p.err id="e-noi_dung_1" { span.vh { "Lỗi: " } (msg) } }
                    @for i in 0..rows.max(f.points.len()) {
                        @let (anchor, point, rec) = f.points.get(i).cloned().unwrap_or_default();
                        div.opinion-row {
                            label for={ "f-dieu_khoan_" (i + 1) } { (t.clause) " (" (t.point_n(i + 1)) ")" }
                            select id={ "f-dieu_khoan_" (i + 1) } name="dieu_khoan" {
                                option value="" { (t.whole_draft) }
                                @for (a, label) in p.sections { option value=(a) selected[anchor == *a] { (label) } }
                            }
                            label for={ "f-noi_dung_" (i + 1) } { (t.point_n(i + 1)) }
                            textarea id={ "f-noi_dung_" (i + 1) } name="noi_dung" rows="3" { (point) }
                            label for={ "f-kien_nghi_" (i + 1) } { (t.recommendation) " (" (t.point_n(i + 1)) ")" }
                            textarea id={ "f-kien_nghi_" (i + 1) } name="kien_nghi" rows="2" { (rec) }
                        }
                    }
                }
                div.actions { button type="submit" { (t.submit_button) } }
            }
        }
        @if let Some(form) = c.form {
            h2 #y-kien-phan-bien { (t.critique_section) }
            dl {
                dt { (t.form) } dd { (t.form_name(form)) }
                @if let Some(d) = c.critiqued_on { dt { (t.critiqued_on) } dd { (d.format("%d/%m/%Y")) } }
                @if !c.document_number.is_empty() { dt { (t.document_number) } dd { (c.document_number) } }
                dt { (t.document) }
                dd { a href=(crate::paths::console::critique_document(c.id)) { (c.document_name.as_deref().unwrap_or("")) } }
                @if let Some(d) = c.answered_on {
                    dt { (t.answer_number) } dd { (c.answer_number) " (" (d.format("%d/%m/%Y")) ")" }
                }
            }
            ol.queue {
                @for pt in p.points {
                    @let mine = f.point_answer.as_ref().filter(|(id, _, _)| *id == pt.id.get());
                    li.queue-item id={ "diem-" (pt.id) } {
                        p { strong { (pt.label.as_deref().unwrap_or(t.whole_draft)) } }
                        blockquote.comment-text { @for line in pt.body.lines().filter(|l| !l.trim().is_empty()) { p { (line) } } }
                        @if !pt.recommendation.is_empty() { p { strong { (t.recommendation) ": " } (pt.recommendation) } }
                        @match pt.disposition {
                            Some(d) => p { strong { (ctx.t.disposition(d)) } ": " (pt.reason) },
                            None => p { strong { (t.point_unanswered) } },
                        }
                        @if p.for_agency && c.state.points_answerable() {
                            @let reason_id = format!("f-ld-{}", pt.id);
                            @let reason_error = mine.and_then(|_| e("ly_do"));
                            details.answer open[mine.is_some() || pt.disposition.is_none()] {
                                summary { (if pt.disposition.is_some() { t.change_answer } else { t.answer_point }) }
                                form method="post" action=(crate::paths::console::critique_point(c.id, pt.id)) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    div.field {
                                        label for={ "f-ht-" (pt.id) } { (con.disposition) }
                                        select id={ "f-ht-" (pt.id) } name="hinh_thuc" {
                                            @for dd in Disposition::ALL {
                                                option value=(dd.as_str()) selected[mine.map_or(pt.disposition == Some(*dd), |m| m.1 == dd.as_str())] { (ctx.t.disposition(*dd)) }
                                            }
                                        }
                                    }
                                    div.field.error[reason_error.is_some()] {
                                        label for=(reason_id) { (con.answer_reason) }
                                        @if let Some(msg) = reason_error { p.err id={ "e-" (reason_id) } { span.vh { "Lỗi: " } (msg) } }
                                        textarea id=(reason_id) name="ly_do" rows="3" aria-describedby=[reason_error.map(|_| format!("e-{reason_id}"))] aria-invalid=[reason_error.map(|_| "true")] {
                                            (mine.map_or(pt.reason.as_str(), |m| m.2.as_str()))
                                        }
                                    }
                                    button.secondary type="submit" { (con.answer_button) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if p.for_agency && c.state == CritiqueState::Submitted {
            h2 { (t.answer_title) }
            form method="post" action=(step_path("tra-loi")) {
                input type="hidden" name="csrf" value=(csrf);
                (text_field("so_tra_loi", t.answer_number, &f.answer_number, None, e("so_tra_loi"), "text"))
                (date_field("ngay_tra_loi", t.answered_on, &f.answered_on, e("ngay_tra_loi")))
                div.actions { button type="submit" { (t.answer_button) } }
            }
        }
        @if p.for_agency && c.state == CritiqueState::Answered {
            h2 { (t.publish_title) }
            p { (t.publish_hint) }
            form method="post" action=(step_path("cong-bo")) {
                input type="hidden" name="csrf" value=(csrf);
                div.actions { button type="submit" { (t.publish_button) } }
            }
        }
        @if c.state == CritiqueState::Published {
            p { a href=(crate::paths::public::critique(&p.draft.slug, c.id)) { (t.public_link) } }
        }
        @if p.for_agency && c.state.after(crate::domain::critique::CritiqueStep::Withdraw).is_some() {
            h2 { (t.withdraw_title) }
            form method="post" action=(step_path("rut")) {
                input type="hidden" name="csrf" value=(csrf);
                @let we = e("ly_do_rut");
                div.field.error[we.is_some()] {
                    label for="f-ly_do_rut" { (t.withdraw_reason) }
                    @if let Some(msg) = we { p.err id="e-ly_do_rut" { span.vh { "Lỗi: " } (msg) } }
                    textarea #f-ly_do_rut name="ly_do_rut" rows="2" aria-describedby=[we.map(|_| "e-ly_do_rut")] aria-invalid=[we.map(|_| "true")] { (f.withdraw_reason) }
                }
                div.actions { button.secondary type="submit" { (t.withdraw_button) } }
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Drafts, t.title, body)
}

/// The critiques a staff member follows (an organiser's organisations', an agency's),
/// newest first, with what is overdue first.
pub fn list_page(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    rows: &[(Named, String)],
    clocks: Clocks,
) -> Markup {
    let t = ctx.t.critiques;
    let listed: Vec<(&Named, Option<&str>)> =
        rows.iter().map(|(n, d)| (n, Some(d.as_str()))).collect();
    let body = html! {
        h1 { (t.list_title) }
        p { (t.front_intro) }
        @if listed.is_empty() { p { (t.none_yet) } } @else { (critiques_table(ctx, clocks, &listed)) }
    };
    page(ctx, Some(staff), csrf, Area::Critiques, t.list_title, body)
}
