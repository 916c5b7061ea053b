//! The citizen's side of commenting: the form, the receipt, confirming, their own
//! comment's page, the published comments of a draft, and the privacy notice.

use maud::{Markup, html};

use super::Ctx;
use super::components::{described_by, pager};
use super::layout::{Nav, PageMeta, crumbs, page};
use crate::db::models::{Draft, Locality, Section};
use crate::db::queries::Page;
use crate::db::queries::comments::PublicComment;
use crate::domain::comment::{CommentForm, CommenterKind, Problem, tracking_number};
use crate::domain::time;
use crate::domain::{PeriodStatus, SectionKind};

/// Everything the comment form page shows.
pub struct FormPage<'a> {
    pub draft: &'a Draft,
    pub section: Option<&'a Section>,
    /// The section and its clauses and points, quoted above the form.
    pub quoted: &'a [Section],
    pub localities: &'a [Locality],
    pub form: &'a CommentForm,
    pub problems: &'a [Problem],
    /// A problem with the form as a whole (an expired page).
    pub form_problem: Option<&'a str>,
    pub csrf: &'a str,
    /// The length limits (settings), for the hint.
    pub min_chars: usize,
    pub max_chars: usize,
}

pub fn form_page(ctx: &Ctx, p: &FormPage<'_>) -> Markup {
    let t = ctx.t;
    let d = p.draft;
    let heading = match p.section {
        Some(s) => t.comment_on(&s.label),
        None => t.comment_on_whole.to_string(),
    };
    let status = d.period_status(ctx.now);
    let error_for = |field: &str| {
        p.problems
            .iter()
            .find(|pr| pr.field() == field)
            .map(|pr| t.problem(pr))
    };
    let f = p.form;
    let body = html! {
        (crumbs(ctx, &[(t.drafts_title, crate::paths::public::DRAFTS), (&d.title, &crate::paths::public::draft(&d.slug))], t.comment))
        h1 { (heading) }
        p.lead { a href=(crate::paths::public::draft(&d.slug)) { (d.title) } }
        @if !p.quoted.is_empty() {
            figure.quoted {
                figcaption { (t.comment_quoted) }
                blockquote {
                    @for s in p.quoted {
                        @let class = match s.kind { SectionKind::Point => "point", SectionKind::Clause => "clause", _ => "" };
                        p class=[(!class.is_empty()).then_some(class)] {
                            @if s.kind == SectionKind::Article { strong { (s.heading) } } @else { span.num { (s.heading) } " " }
                            @if !s.body.is_empty() { @if s.kind == SectionKind::Article { br; } (s.body) }
                        }
                    }
                }
            }
        }
        @match status {
            PeriodStatus::Open => {
                @if let Some(c) = d.closes_at {
                    p { (t.comment_until(&t.deadline(c))) }
                }
                @if !p.problems.is_empty() || p.form_problem.is_some() {
                    div.error-summary role="alert" aria-labelledby="loi-tieu-de" tabindex="-1" autofocus {
                        h2 #loi-tieu-de { (t.error_summary_title) }
                        ul {
                            @if let Some(m) = p.form_problem { li { (m) } }
                            @for pr in p.problems {
                                li { a href={ "#f-" (pr.field()) } { (t.problem(pr)) } }
                            }
                        }
                    }
                }
                form method="post" action=(crate::paths::public::comment_form(&d.slug, None)) novalidate {
                    input type="hidden" name="csrf" value=(p.csrf);
                    input type="hidden" name="muc" value=(p.section.map(|s| s.anchor.as_str()).unwrap_or(""));
                    div.hp aria-hidden="true" {
                        label for="f-trang_web" { (t.honeypot_label) }
                        input #f-trang_web type="text" name="trang_web" value="" tabindex="-1" autocomplete="off";
                    }
                    (field(error_for("noi_dung"), "noi_dung", t.field_body, Some(&t.field_body_hint(p.min_chars, p.max_chars)), html! {
                        textarea #f-noi_dung name="noi_dung" rows="10" maxlength="20000" required
                            aria-describedby=[described_by("noi_dung", true, error_for("noi_dung").is_some())] aria-invalid=[error_for("noi_dung").map(|_| "true")] { (f.noi_dung) }
                    }))
                    (choice_field(ctx, error_for("loai"), f))
                    (field(error_for("to_chuc"), "to_chuc", t.field_organisation, Some(t.field_organisation_hint), html! {
                        input #f-to_chuc type="text" name="to_chuc" value=(f.to_chuc) maxlength="200" autocomplete="organization"
                            aria-describedby=[described_by("to_chuc", true, error_for("to_chuc").is_some())] aria-invalid=[error_for("to_chuc").map(|_| "true")];
                    }))
                    (field(error_for("xa"), "xa", t.field_locality, Some(t.field_locality_hint), html! {
                        select #f-xa name="xa" aria-describedby=[described_by("xa", true, error_for("xa").is_some())] aria-invalid=[error_for("xa").map(|_| "true")] {
                            option value="" { (t.field_locality_none) }
                            @for l in p.localities {
                                option value=(l.code) selected[f.xa == l.code] { (l.name) }
                            }
                        }
                    }))
                    (field(error_for("email"), "email", t.field_email, Some(t.field_email_hint), html! {
                        input #f-email type="email" name="email" value=(f.email) maxlength="254" autocomplete="email" spellcheck="false" required
                            aria-describedby=[described_by("email", true, error_for("email").is_some())] aria-invalid=[error_for("email").map(|_| "true")];
                    }))
                    (field(error_for("ho_ten"), "ho_ten", t.field_name, Some(t.field_name_hint), html! {
                        input #f-ho_ten type="text" name="ho_ten" value=(f.ho_ten) maxlength="100" autocomplete="name"
                            aria-describedby=[described_by("ho_ten", true, error_for("ho_ten").is_some())] aria-invalid=[error_for("ho_ten").map(|_| "true")];
                    }))
                    div.field.check {
                        input #f-cong_khai_ten type="checkbox" name="cong_khai_ten" value="1" checked[f.cong_khai_ten.is_some()];
                        label for="f-cong_khai_ten" { (t.field_publish_name) }
                    }
                    (checkbox_field(error_for("dong_y"), html! {
                        input #f-dong_y type="checkbox" name="dong_y" value="1" checked[f.dong_y.is_some()]
                            aria-describedby=[described_by("dong_y", false, error_for("dong_y").is_some())] aria-invalid=[error_for("dong_y").map(|_| "true")];
                        label for="f-dong_y" {
                            (t.field_consent_before) a href="/quyen-rieng-tu" target="_blank" { (t.privacy_title) } (t.field_consent_after)
                        }
                    }))
                    div.actions { button type="submit" { (t.submit_comment) } }
                }
            }
            PeriodStatus::Upcoming => {
                p.notice { (t.comment_not_open(&d.opens_at.map(time::date_time).unwrap_or_default())) }
            }
            _ => {
                p.notice { (t.comment_closed(&d.closes_at.map(|c| t.deadline(c)).unwrap_or_default())) }
            }
        }
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

/// A labelled field with its hint and its error, GOV.UK style: the error is said above
/// the input and tied to it with aria-describedby.
fn field(
    error: Option<String>,
    name: &str,
    label: &str,
    hint: Option<&str>,
    input: Markup,
) -> Markup {
    html! {
        div.field.error[error.is_some()] {
            label for={ "f-" (name) } { (label) }
            @if let Some(h) = hint { p.hint id={ "h-" (name) } { (h) } }
            @if let Some(e) = &error { p.err id={ "e-" (name) } { span.vh { "Lỗi: " } (e) } }
            (input)
        }
    }
}

fn checkbox_field(error: Option<String>, input: Markup) -> Markup {
    html! {
        div.field.check.error[error.is_some()] {
            @if let Some(e) = &error { p.err id="e-dong_y" { span.vh { "Lỗi: " } (e) } }
            (input)
        }
    }
}

fn choice_field(ctx: &Ctx, error: Option<String>, f: &CommentForm) -> Markup {
    let t = ctx.t;
    html! {
        div.field.error[error.is_some()] id="f-loai" tabindex="-1" {
            fieldset aria-describedby=[described_by("loai", false, error.is_some())] {
                legend { (t.field_kind) }
                @if let Some(e) = &error { p.err id="e-loai" { span.vh { "Lỗi: " } (e) } }
                @for k in CommenterKind::ALL {
                    div.radio {
                        input type="radio" name="loai" id={ "f-loai-" (k.as_str()) } value=(k.as_str()) checked[f.loai == k.as_str()];
                        label for={ "f-loai-" (k.as_str()) } { (t.commenter_kind(*k)) }
                    }
                }
            }
        }
    }
}

/// Who said it, as the public may know: the organisation always, the person's name with
/// consent, otherwise the kind of commenter; and their commune.
pub fn commenter(ctx: &Ctx, c: &PublicComment) -> String {
    let t = ctx.t;
    let mut who = match (&c.name, &c.organisation) {
        (Some(n), Some(o)) => format!("{n} ({o})"),
        (Some(n), None) => n.clone(),
        (None, Some(o)) => format!("{} ({o})", t.commenter_kind(c.kind)),
        (None, None) => t.commenter_kind(c.kind).to_string(),
    };
    if let Some(commune) = &c.commune {
        who.push_str(" · ");
        who.push_str(commune);
    }
    who
}

/// One public comment. In a list of a draft's comments (`listed_in`: the draft's slug)
/// it also says which article, clause or point it is about, with a link there, and
/// links its tracking number to its own page.
pub fn comment_item(ctx: &Ctx, c: &PublicComment, listed_in: Option<&str>) -> Markup {
    let t = ctx.t;
    let tracking = tracking_number(c.id, c.created_at);
    html! {
        article.comment id={ "y-kien-" (c.id) } {
            @if let Some(slug) = listed_in {
                p.about {
                    @match &c.section {
                        Some((label, anchor)) => {
                            (t.search.comment_page_section) " "
                            a href={ (crate::paths::public::draft(slug)) "#" (anchor) } { (label) }
                        }
                        None => a href=(crate::paths::public::draft(slug)) { (t.search.comment_page_whole) },
                    }
                }
            }
            @match c.rejected {
                Some(reason) => {
                    p.who.placeholder {
                        (t.rejected_placeholder) " (" (t.rejection_reason(reason)) ")"
                        " · " span.meta { (tracking) }
                    }
                }
                None => {
                    p.who {
                        strong { (commenter(ctx, c)) }
                        " · " time datetime=(time::iso(c.published_at)) { (time::date(c.published_at)) }
                        " · "
                        @match listed_in {
                            Some(slug) => a.meta href=(crate::paths::public::comment(slug, c.id)) { (tracking) },
                            None => span.meta { (tracking) },
                        }
                    }
                    @for line in c.body.lines().filter(|l| !l.trim().is_empty()) { p { (line) } }
                    @if c.redacted { p.meta { (t.redacted_note) } }
                    @if c.section_changed { p.meta { (t.changed_since) } }
                    @if let Some((disposition, reason)) = &c.answer {
                        div.answer {
                            p { strong { (t.answer_label) ": " (t.disposition(*disposition)) } }
                            @for line in reason.lines().filter(|l| !l.trim().is_empty()) { p { (line) } }
                        }
                    }
                }
            }
        }
    }
}

pub struct CommentsPage<'a> {
    pub draft: &'a Draft,
    /// The section listed, or None for the whole draft; `all` lists everything.
    pub section: Option<&'a Section>,
    pub all: bool,
    pub comments: &'a Page<PublicComment>,
    pub param: &'a str,
}

pub fn list_page(ctx: &Ctx, p: &CommentsPage<'_>) -> Markup {
    let t = ctx.t;
    let d = p.draft;
    let title = match (p.all, p.section) {
        (true, _) => t.comments_all.to_string(),
        (false, Some(s)) => t.comments_on(&s.label),
        (false, None) => t.comments_on_whole.to_string(),
    };
    // The counters kept with every publication; the pages are numbered by places in the
    // record, which also hold the placeholders of rejected comments.
    let published = match (p.all, p.section) {
        (true, _) => d.published_comments,
        (false, Some(s)) => s.published_comments,
        (false, None) => d.whole_draft_comments,
    };
    let path = format!("{}/y-kien", crate::paths::public::draft(&d.slug));
    let body = html! {
        (crumbs(ctx, &[(t.drafts_title, crate::paths::public::DRAFTS), (&d.title, &crate::paths::public::draft(&d.slug))], &title))
        h1 { (title) }
        p.lead { a href=(crate::paths::public::draft(&d.slug)) { (d.title) } }
        p role="status" { (t.comments_count(published)) }
        @if p.comments.items.is_empty() {
            p { (t.comments_none) }
        }
        @for c in &p.comments.items { (comment_item(ctx, c, Some(&d.slug))) }
        (pager(ctx, p.comments, &path, &[("muc", p.param.to_string())]))
        @if d.period_status(ctx.now) == PeriodStatus::Open && !p.all {
            p { a.button href=(crate::paths::public::comment_form(&d.slug, p.section.map(|s| s.anchor.as_str()))) { (t.comment) } }
        }
    };
    page(
        ctx,
        PageMeta {
            title: &title,
            description: None,
            nav: Nav::Drafts,
        },
        body,
    )
}

/// One public comment on its own page. `section` is the label and anchor of the clause
/// it was made on (None: the whole draft).
pub fn one_page(
    ctx: &Ctx,
    d: &Draft,
    c: &PublicComment,
    section: Option<&(String, String)>,
) -> Markup {
    let t = ctx.t;
    let s = t.search;
    let tracking = tracking_number(c.id, c.created_at);
    let title = s.comment_title(&tracking);
    let (about, about_url, more_url) = match section {
        Some((label, anchor)) => (
            format!("{} {label}", s.comment_page_section),
            format!("{}#{anchor}", crate::paths::public::draft(&d.slug)),
            format!(
                "{}/y-kien?muc={anchor}",
                crate::paths::public::draft(&d.slug)
            ),
        ),
        None => (
            s.comment_page_whole.to_string(),
            crate::paths::public::draft(&d.slug),
            format!(
                "{}/y-kien?muc=toan-bo",
                crate::paths::public::draft(&d.slug)
            ),
        ),
    };
    let body = html! {
        (crumbs(ctx, &[(t.drafts_title, crate::paths::public::DRAFTS), (&d.title, &crate::paths::public::draft(&d.slug))], &tracking))
        h1 { (title) }
        p.lead { a href=(about_url) { (about) } " · " a href=(crate::paths::public::draft(&d.slug)) { (d.title) } }
        (comment_item(ctx, c, None))
        p { a href=(more_url) { (s.comment_page_more) } }
    };
    page(
        ctx,
        PageMeta {
            title: &title,
            description: None,
            nav: Nav::Drafts,
        },
        body,
    )
}

/// The privacy notice; `retention_days` is how long commenters' contacts are kept.
pub fn privacy_page(ctx: &Ctx, retention_days: i64) -> Markup {
    let t = ctx.t;
    let body = html! {
        h1 { (t.privacy_title) }
        p.meta { (t.privacy_version_label) " " (crate::domain::comment::PRIVACY_VERSION) }
        h2 { (t.privacy_controller_title) }
        @match &ctx.operator {
            Some(o) => {
                p { (t.privacy_controller_text) }
                address.controller {
                    strong { (o.name) } br;
                    (o.address) br;
                    (t.footer_phone) ": " (o.phone) br;
                    (t.footer_email) ": " a href={ "mailto:" (o.email) } { (o.email) }
                }
            }
            None => p { (t.privacy_controller_missing) },
        }
        @for (i, (heading, paragraphs)) in t.privacy_sections.iter().enumerate() {
            h2 { (heading) }
            // The retention period opens the last section, on storage.
            @if i + 1 == t.privacy_sections.len() { p { (t.privacy_retention(retention_days)) } }
            @for para in *paragraphs { p { (para) } }
        }
    };
    page(
        ctx,
        PageMeta {
            title: t.privacy_title,
            description: None,
            nav: Nav::None,
        },
        body,
    )
}
