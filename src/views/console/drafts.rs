//! Drafts in the console: the list, the metadata form, the overview with its actions, and
//! the text of a version with its parsed structure.

use maud::{Markup, html};

use super::{Area, flash, page, problem_for, problems, text_field};
use crate::auth::policy::Action;
use crate::auth::session::Staff;
use crate::db::models::{Agency, Attachment, DocumentType, Draft, VersionMeta};
use crate::db::queries::Page;
use crate::db::queries::console::{Counts, ListedDraft};
use crate::domain::time;
use crate::domain::{AttachmentKind, PeriodStatus, Publication, Stage};
use crate::parse::ParsedDocument;
use crate::views::Ctx;
use crate::views::components::pager;

pub fn list(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    drafts: &Page<ListedDraft>,
    can_create: bool,
) -> Markup {
    let c = ctx.t.console;
    let body = html! {
        h1 { (c.drafts_title) }
        @if can_create { p { a.button href=(crate::paths::console::NEW_DRAFT) { (c.draft_new) } } }
        p role="status" { (ctx.t.drafts_found(drafts.total)) }
        table.data {
            thead { tr {
                th scope="col" { (c.col_draft) } th scope="col" { (c.col_agency) } th scope="col" { (c.col_doc_type) }
                th scope="col" { (c.col_publication) } th scope="col" { (c.col_period) }
            } }
            tbody {
                @for ListedDraft { draft: d, agency, doc_type } in &drafts.items {
                    tr {
                        td { a href=(crate::paths::console::draft(d.id)) { (d.title) } }
                        td { (agency) }
                        td { (doc_type) }
                        td { (if d.publication == Publication::Published { c.published } else { c.unpublished }) }
                        td { (ctx.t.period(d.period_status(ctx.now))) }
                    }
                }
            }
        }
        (pager(ctx, drafts, crate::paths::console::DRAFTS, &[]))
    };
    page(ctx, Some(staff), csrf, Area::Drafts, c.drafts_title, body)
}

/// What the metadata form shows, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub tieu_de: String,
    #[serde(default)]
    pub duong_dan: String,
    #[serde(default)]
    pub so_hieu: String,
    #[serde(default)]
    pub loai: String,
    #[serde(default)]
    pub co_quan: String,
    #[serde(default)]
    pub tom_tat: String,
    #[serde(default)]
    pub giai_doan: String,
    #[serde(default)]
    pub kiem_duyet: String,
    #[serde(default)]
    pub mo_tu: String,
    #[serde(default)]
    pub dong_den: String,
    /// Criterion 1 differs from the document type (with `ly_do_tc_de_nghi`).
    pub tc_de_nghi_khac: Option<String>,
    #[serde(default)]
    pub ly_do_tc_de_nghi: String,
    #[serde(default)]
    pub ngay_giai_doan: String,
    #[serde(default)]
    pub ghi_chu_giai_doan: String,
    #[serde(default)]
    pub van_ban_giai_doan: String,
    pub tc_quyen: Option<String>,
    pub tc_nhay_cam: Option<String>,
    pub tc_pham_vi: Option<String>,
    #[serde(default)]
    pub rut_gon: String,
}

impl DraftForm {
    pub fn of(d: &Draft) -> Self {
        let day = |t: Option<chrono::NaiveDateTime>| {
            t.map(|t| time::day(time::local_date(t)))
                .unwrap_or_default()
        };
        let flag = |b: bool| b.then(|| "1".to_string());
        DraftForm {
            csrf: String::new(),
            tieu_de: d.title.clone(),
            duong_dan: d.slug.clone(),
            so_hieu: d.number.clone().unwrap_or_default(),
            loai: d.document_type_id.to_string(),
            co_quan: d.agency_id.to_string(),
            tom_tat: d.summary.clone(),
            giai_doan: d.stage.as_str().to_string(),
            kiem_duyet: d.moderation.as_str().to_string(),
            mo_tu: day(d.opens_at),
            dong_den: day(d.closes_at),
            tc_de_nghi_khac: flag(!d.needs_proposal_reason.is_empty()),
            ly_do_tc_de_nghi: d.needs_proposal_reason.clone(),
            ngay_giai_doan: String::new(),
            ghi_chu_giai_doan: String::new(),
            van_ban_giai_doan: String::new(),
            tc_quyen: flag(d.impact_rights),
            tc_nhay_cam: flag(d.impact_sensitive),
            tc_pham_vi: flag(d.impact_wide),
            rut_gon: d.shortened_basis.clone(),
        }
    }
}

pub struct FormChoices<'a> {
    pub doc_types: &'a [DocumentType],
    /// The agencies the staff member may choose (one for an editor).
    pub agencies: &'a [Agency],
    /// The period can no longer be edited here once the draft is published.
    pub period_locked: bool,
}

fn metadata_form(
    ctx: &Ctx,
    action: &str,
    csrf: &str,
    f: &DraftForm,
    choices: &FormChoices<'_>,
    errors: &[(String, String)],
    button: &str,
) -> Markup {
    let c = ctx.t.console;
    let err = |name: &str| problem_for(errors, name);
    html! {
        (problems(ctx, errors))
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            (text_field("tieu_de", c.field_title, &f.tieu_de, None, err("tieu_de"), "text"))
            (text_field("duong_dan", c.field_slug, &f.duong_dan, Some(c.field_slug_hint), err("duong_dan"), "text"))
            (text_field("so_hieu", c.field_number, &f.so_hieu, Some(c.field_number_hint), err("so_hieu"), "text"))
            div.field.error[err("loai").is_some()] {
                label for="f-loai" { (c.col_doc_type) }
                @if let Some(e) = err("loai") { p.err { (e) } }
                select #f-loai name="loai" {
                    @for t in choices.doc_types {
                        option value=(t.id) selected[f.loai == t.id.to_string()] {
                            (t.name) " – " (ctx.t.min_days(t.min_comment_days))
                            @if !t.min_days_confirmed { " (" (c.rule_unconfirmed) ")" }
                        }
                    }
                }
            }
            div.field.error[err("co_quan").is_some()] {
                label for="f-co_quan" { (c.col_agency) }
                @if let Some(e) = err("co_quan") { p.err { (e) } }
                select #f-co_quan name="co_quan" {
                    @for a in choices.agencies {
                        option value=(a.id) selected[f.co_quan == a.id.to_string()] { (a.name) }
                    }
                }
            }
            div.field {
                label for="f-tom_tat" { (ctx.t.draft_summary) }
                textarea #f-tom_tat name="tom_tat" rows="4" { (f.tom_tat) }
            }
            fieldset.field {
                legend { (ctx.t.draft_stage) }
                p.hint { (c.stage_hint) }
                div.field.error[err("giai_doan").is_some()] {
                    label for="f-giai_doan" { (ctx.t.draft_stage) }
                    @if let Some(e) = err("giai_doan") { p.err { (e) } }
                    select #f-giai_doan name="giai_doan" {
                        @for s in Stage::ALL {
                            option value=(s.as_str()) selected[f.giai_doan == s.as_str()] { (ctx.t.stage(*s)) }
                        }
                    }
                }
                (super::date_field("ngay_giai_doan", c.stage_on_label, &f.ngay_giai_doan, err("ngay_giai_doan")))
                (super::text_field("ghi_chu_giai_doan", c.stage_note_label, &f.ghi_chu_giai_doan, None, err("ghi_chu_giai_doan"), "text"))
                (super::text_field("van_ban_giai_doan", c.stage_document_label, &f.van_ban_giai_doan, Some(c.stage_document_hint), None, "text"))
            }
            fieldset.field {
                legend { (ctx.t.draft_impact_heading) }
                p.hint { (c.needs_proposal_hint) }
                div.check {
                    input #f-tc_de_nghi_khac type="checkbox" name="tc_de_nghi_khac" value="1" checked[f.tc_de_nghi_khac.is_some()];
                    label for="f-tc_de_nghi_khac" { (c.needs_proposal_differs) }
                }
                (super::text_field("ly_do_tc_de_nghi", c.needs_proposal_reason_label, &f.ly_do_tc_de_nghi, None, err("ly_do_tc_de_nghi"), "text"))
                @for (name, label, value) in [
                    ("tc_quyen", ctx.t.draft_impact_rights, &f.tc_quyen),
                    ("tc_nhay_cam", ctx.t.draft_impact_sensitive, &f.tc_nhay_cam),
                    ("tc_pham_vi", ctx.t.draft_impact_wide, &f.tc_pham_vi),
                ] {
                    div.check {
                        input id={ "f-" (name) } type="checkbox" name=(name) value="1" checked[value.is_some()];
                        label for={ "f-" (name) } { (label) }
                    }
                }
            }
            fieldset.field {
                legend { (c.field_moderation) }
                div.radio {
                    input #f-kd-pre type="radio" name="kiem_duyet" value="pre" checked[f.kiem_duyet != "post"];
                    label for="f-kd-pre" { (c.moderation_pre) }
                }
                div.radio {
                    input #f-kd-post type="radio" name="kiem_duyet" value="post" checked[f.kiem_duyet == "post"];
                    label for="f-kd-post" { (c.moderation_post) }
                }
            }
            div.field.error[err("rut_gon").is_some()] {
                label for="f-rut_gon" { (c.shortened_label) }
                p.hint #h-rut_gon { (c.shortened_hint) }
                @if let Some(e) = err("rut_gon") { p.err #e-rut_gon { span.vh { "Lỗi: " } (e) } }
                input #f-rut_gon type="text" name="rut_gon" value=(f.rut_gon) maxlength="500"
                    aria-describedby=[Some(if err("rut_gon").is_some() { "h-rut_gon e-rut_gon" } else { "h-rut_gon" })];
            }
            fieldset.field {
                legend { (ctx.t.draft_period) }
                @if choices.period_locked {
                    p.hint { (c.period_locked) }
                    input type="hidden" name="mo_tu" value=(f.mo_tu);
                    input type="hidden" name="dong_den" value=(f.dong_den);
                    p { (f.mo_tu) " – " (f.dong_den) }
                } @else {
                    p.hint { (c.period_hint) }
                    (super::date_field("mo_tu", c.field_opens, &f.mo_tu, err("mo_tu")))
                    (super::date_field("dong_den", c.field_closes, &f.dong_den, err("dong_den")))
                }
            }
            div.actions { button type="submit" { (button) } }
        }
    }
}

pub fn new_form(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    f: &DraftForm,
    choices: &FormChoices<'_>,
    errors: &[(String, String)],
) -> Markup {
    let c = ctx.t.console;
    let body = html! {
        h1 { (c.draft_new) }
        (metadata_form(ctx, crate::paths::console::NEW_DRAFT, csrf, f, choices, errors, c.draft_create))
    };
    page(ctx, Some(staff), csrf, Area::Drafts, c.draft_new, body)
}

pub struct Overview<'a> {
    pub draft: &'a Draft,
    pub doc_type: &'a DocumentType,
    pub versions: &'a [VersionMeta],
    pub attachments: &'a [Attachment],
    pub links: &'a [crate::db::models::DraftLink],
    pub counts: Counts,
    pub form: &'a DraftForm,
    pub choices: FormChoices<'a>,
    pub errors: &'a [(String, String)],
    pub message: Option<&'a str>,
    pub period_errors: &'a [(String, String)],
}

pub fn overview(ctx: &Ctx, staff: &Staff, csrf: &str, o: &Overview<'_>) -> Markup {
    let c = ctx.t.console;
    let d = o.draft;
    let (id, base) = (d.id, crate::paths::console::draft(d.id));
    let edit = staff.can(Action::EditDraft {
        agency_id: d.agency_id,
    });
    let status = d.period_status(ctx.now);
    let published = d.publication == Publication::Published;
    let body = html! {
        p.eyebrow { (o.doc_type.name) }
        h1 { (d.title) }
        (flash(o.message))
        dl.facts {
            dt { (c.col_publication) }
            dd {
                (if published { c.published } else { c.unpublished })
                @if published { " · " a href=(crate::paths::public::draft(&d.slug)) { (c.view_public) } }
            }
            dt { (ctx.t.draft_period) }
            dd {
                (ctx.t.period(status))
                @if let (Some(o), Some(cl)) = (d.opens_at, d.closes_at) { " · " (ctx.t.period_range(&time::date_time(o), &ctx.t.deadline(cl))) }
                @if !d.period_note.is_empty() { br; em { (d.period_note) } }
            }
            dt { (c.comments_label) }
            dd {
                (c.counts(o.counts.pending, o.counts.published, o.counts.answered, o.counts.unanswered(), o.counts.rejected))
            }
        }
        nav.actions aria-label=(c.draft_actions) {
            @if edit { a.button.secondary href=(crate::paths::console::text(id)) { (c.text_and_versions) } }
            a.button.secondary href=(crate::paths::console::participation(id)) { (ctx.t.participation.title) }
            @if staff.can(Action::Moderate { agency_id: d.agency_id }) {
                a.button.secondary href=(crate::paths::console::moderation_of(d.id)) { (c.nav_moderation) }
            }
            @if staff.can(Action::Answer { agency_id: d.agency_id }) {
                a.button.secondary href=(crate::paths::console::answers(id)) { (c.answers_title) }
                a.button.secondary href=(crate::paths::console::received(id)) { (ctx.t.received.title) }
                a.button.secondary href=(crate::paths::console::critiques_of(id)) { (ctx.t.critiques.title) }
            }
            @if staff.can(Action::PublishReport { agency_id: d.agency_id }) {
                a.button.secondary href=(crate::paths::console::report(id)) { (c.report_title) }
            }
        }
        @if edit {
            section aria-labelledby="cong-bo" {
                h2 #cong-bo { (c.publication_heading) }
                (problems(ctx, o.period_errors))
                @if !published {
                    p { (c.publish_hint) }
                    form method="post" action=(crate::paths::console::publish(id)) {
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" { (c.publish_button) }
                    }
                } @else if status == PeriodStatus::Open || status == PeriodStatus::Upcoming {
                    form method="post" action=(crate::paths::console::extend(id)) {
                        input type="hidden" name="csrf" value=(csrf);
                        (super::date_field("dong_den_moi", c.extend_until, "", problem_for(o.period_errors, "dong_den_moi")))
                        div.field {
                            label for="f-ly_do_gia_han" { (c.public_reason) }
                            textarea #f-ly_do_gia_han name="ly_do" rows="2" required {}
                        }
                        button.secondary type="submit" { (c.extend_button) }
                    }
                    @if status == PeriodStatus::Open {
                        form method="post" action=(crate::paths::console::close_early(id)) {
                            input type="hidden" name="csrf" value=(csrf);
                            div.field {
                                label for="f-ly_do_ket_thuc" { (c.public_reason) }
                                @if let Some(e) = problem_for(o.period_errors, "ly_do") { p.err { (e) } }
                                textarea #f-ly_do_ket_thuc name="ly_do" rows="2" required {}
                            }
                            button.secondary type="submit" { (c.close_button) }
                        }
                    }
                }
            }
            section aria-labelledby="phien-ban" {
                h2 #phien-ban { (ctx.t.draft_versions) }
                @if o.versions.is_empty() { p { (c.no_text_yet) " " a href=(crate::paths::console::text(id)) { (c.add_text) } } }
                ul {
                    @for v in o.versions {
                        li {
                            (ctx.t.version_label(v.number)) " · " (time::date_time(v.created_at))
                            " · " (if v.published_at.is_some() { c.published } else { c.unpublished })
                            @if !v.change_note.is_empty() { " – " (v.change_note) }
                        }
                    }
                }
            }
            section aria-labelledby="tep" {
                h2 #tep { (ctx.t.draft_attachments) }
                @if o.attachments.is_empty() { p.meta { (ctx.t.draft_no_attachments) } }
                ul.files {
                    @for a in o.attachments {
                        li {
                            (ctx.t.attachment_kind(a.kind)) ": " (a.title) " (" (a.file_name) ", " (ctx.t.file_size(a.size_bytes)) ")"
                            @if let Some(when) = a.withdrawn_at {
                                " " strong { (ctx.t.attachment_withdrawn(&time::date(when), &a.withdrawn_reason)) }
                            } @else if d.publication == crate::domain::Publication::Published {
                                // A posted draft's file is withdrawn with a public reason,
                                // never removed (issue 15).
                                form.inline method="post" action=(crate::paths::console::withdraw_attachment(id, a.id)) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    label for={ "f-rut-" (a.id) } { (c.withdraw_file_reason) }
                                    input id={ "f-rut-" (a.id) } type="text" name="ly_do" maxlength="1000" required;
                                    button.link type="submit" { (c.withdraw_file) span.vh { " " (a.file_name) } }
                                }
                            } @else {
                                form.inline method="post" action=(crate::paths::console::remove_attachment(id, a.id)) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button.link type="submit" { (c.remove) span.vh { " " (a.file_name) } }
                                }
                            }
                        }
                    }
                }
                form method="post" action=(crate::paths::console::attach(id)) enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(csrf);
                    div.field {
                        label for="f-loai_tep" { (c.attachment_kind) }
                        select #f-loai_tep name="loai" {
                            @for k in AttachmentKind::ALL { option value=(k.as_str()) { (ctx.t.attachment_kind(*k)) } }
                        }
                    }
                    div.field {
                        label for="f-ten_tep" { (c.attachment_title) }
                        input #f-ten_tep type="text" name="tieu_de" maxlength="300";
                    }
                    div.field {
                        label for="f-tep" { (c.attachment_file) }
                        p.hint { (c.attachment_hint) }
                        input #f-tep type="file" name="tep" accept=".pdf,.docx,.odt,application/pdf";
                    }
                    button.secondary type="submit" { (c.upload) }
                }
            }
            section aria-labelledby="noi-khac" {
                h2 #noi-khac { (c.links_heading) }
                p.hint { (c.links_hint) }
                @if !o.links.is_empty() {
                    ul.files {
                        @for l in o.links {
                            li {
                                (ctx.t.link_place(l.place)) ": " a href=(l.url) rel="noopener noreferrer" { (l.url) }
                                form.inline method="post" action=(crate::paths::console::remove_link(id, l.id)) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button.link type="submit" { (c.remove) span.vh { " " (l.url) } }
                                }
                            }
                        }
                    }
                }
                form method="post" action=(crate::paths::console::add_link(id)) {
                    input type="hidden" name="csrf" value=(csrf);
                    div.field {
                        label for="f-noi" { (c.link_place_label) }
                        select #f-noi name="noi" {
                            @for p in crate::domain::draft::LinkPlace::ALL { option value=(p.as_str()) { (ctx.t.link_place(*p)) } }
                        }
                    }
                    div.field {
                        label for="f-dia_chi_lien_ket" { (c.link_url_label) }
                        input #f-dia_chi_lien_ket type="url" name="dia_chi" maxlength="500";
                    }
                    button.secondary type="submit" { (c.link_add) }
                }
            }
            section aria-labelledby="thong-tin" {
                h2 #thong-tin { (ctx.t.draft_info) }
                (metadata_form(ctx, &base, csrf, o.form, &o.choices, o.errors, c.save))
            }
        }
    };
    page(ctx, Some(staff), csrf, Area::Drafts, &d.title, body)
}

/// The text form: paste or upload, then see the structure before saving.
pub fn text_page(
    ctx: &Ctx,
    staff: &Staff,
    csrf: &str,
    draft: &Draft,
    text: &str,
    preview: Option<&ParsedDocument>,
    error: Option<&str>,
) -> Markup {
    let c = ctx.t.console;
    let (id, base) = (draft.id, crate::paths::console::draft(draft.id));
    let body = html! {
        p.eyebrow { a href=(base) { (draft.title) } }
        h1 { (c.text_and_versions) }
        @if let Some(e) = error { div.error-summary role="alert" tabindex="-1" autofocus { p { (e) } } }
        @match preview {
            None => {
                p { (c.text_hint) }
                form method="post" action=(crate::paths::console::preview_text(id)) enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(csrf);
                    div.field {
                        label for="f-van_ban" { (c.text_paste) }
                        textarea #f-van_ban name="van_ban" rows="16" { (text) }
                    }
                    div.field {
                        label for="f-tep" { (c.text_upload) }
                        p.hint { (c.text_upload_hint) }
                        input #f-tep type="file" name="tep" accept=".txt,.md,.docx";
                    }
                    button type="submit" { (c.preview_button) }
                }
            }
            Some(doc) => {
                @let kinds = [
                    (c.count_chapters, doc.count(crate::domain::SectionKind::Chapter)),
                    (c.count_sections, doc.count(crate::domain::SectionKind::Section)),
                    (c.count_articles, doc.count(crate::domain::SectionKind::Article)),
                    (c.count_clauses, doc.count(crate::domain::SectionKind::Clause)),
                    (c.count_points, doc.count(crate::domain::SectionKind::Point)),
                ];
                h2 { (c.preview_title) }
                ul.inline-list { @for (label, n) in kinds { li { (label) ": " strong { (n) } } } }
                @if doc.count(crate::domain::SectionKind::Article) == 0 { p.notice { (c.no_articles_found) } }
                details open {
                    summary { (c.preview_tree) }
                    ol.tree {
                        @for (depth, _, s) in doc.flatten() {
                            li class={ "d" (depth.min(5)) } {
                                code { "#" (s.anchor) } " " (s.heading.replace('\n', " · "))
                                @if !s.body.is_empty() { " – " span.meta { (s.body.chars().take(90).collect::<String>()) } }
                            }
                        }
                    }
                }
                @if !doc.preamble.is_empty() { details { summary { (ctx.t.draft_preamble) } pre.pre { (doc.preamble) } } }
                @if !doc.signature.is_empty() { details { summary { (ctx.t.draft_signature) } pre.pre { (doc.signature) } } }
                form method="post" action=(crate::paths::console::save_text(id)) {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="van_ban" value=(text);
                    div.field {
                        label for="f-ghi_chu" { (c.change_note) }
                        p.hint { (c.change_note_hint) }
                        input #f-ghi_chu type="text" name="ghi_chu" maxlength="500";
                    }
                    div.actions {
                        button type="submit" { (c.save_version) }
                        a href=(crate::paths::console::text(id)) { (c.start_over) }
                    }
                }
            }
        }
    };
    page(
        ctx,
        Some(staff),
        csrf,
        Area::Drafts,
        c.text_and_versions,
        body,
    )
}
