//! The public page of a draft: its facts (Decree 42/2022), its comment period, its
//! Decision 407 stage, its files, a table of contents, and every article, clause and
//! point at its own anchor with a link to comment on it.

use crate::domain::ids::*;
use maud::{Markup, html};

use super::Ctx;
use super::components::period_line;
use super::layout::{Nav, PageMeta, crumbs, page};
use std::collections::HashMap;

use super::comments::comment_item;
use crate::db::models::Section;
use crate::db::queries::comments::PublicComment;
use crate::db::queries::drafts::DraftPageData;
use crate::domain::time;
use crate::domain::{PeriodStatus, SectionKind, Stage};

/// How many of a section's latest comments its page shows inline.
const INLINE: usize = 3;

pub fn render(ctx: &Ctx, d: &DraftPageData) -> Markup {
    let t = ctx.t;
    let draft = &d.draft;
    let status = draft.period_status(ctx.now);
    let open = status == PeriodStatus::Open;
    let latest = d.versions.last().map(|v| v.number);
    let shown = d.version.as_ref().map(|v| v.number);
    let tree = Tree::new(&d.sections);
    // The newest published comments, at most INLINE under each section.
    let mut recent: HashMap<SectionId, Vec<&PublicComment>> = HashMap::new();
    let mut whole: Vec<&PublicComment> = Vec::new();
    for c in &d.recent {
        let list = match c.section_id {
            Some(id) => recent.entry(id).or_default(),
            None => &mut whole,
        };
        if list.len() < INLINE {
            list.push(c);
        }
    }

    let body = html! {
        (crumbs(ctx, &[(t.drafts_title, crate::paths::public::DRAFTS)], &draft.title))
        header.draft-head {
            p.eyebrow { (d.doc_type.name) " · " (d.agency.short_name) }
            h1 { (draft.title) }
            div.period {
                p { (period_line(ctx, draft)) }
                @if let (Some(o), Some(c)) = (draft.opens_at, draft.closes_at) {
                    p { (t.draft_period) ": " (t.period_range(&time::date_time(o), &t.deadline(c))) }
                }
                @if !draft.period_note.is_empty() {
                    p { strong { (draft.period_note) } }
                }
                @if draft.published_comments > 0 {
                    p { a href=(crate::paths::public::comments(&draft.slug, None)) { (t.comments_count(draft.published_comments)) } }
                    p { a href=(crate::paths::public::participation(&draft.slug)) { (t.participation.title) } }
                }
                @if d.report_published_at.is_some() {
                    p { a href={ (crate::paths::public::draft(&draft.slug)) "/bao-cao" } { strong { (t.report_link) } } }
                }
                @for n in &d.critiques {
                    p {
                        a href=(crate::paths::public::critique(&draft.slug, n.critique.id)) {
                            (t.critiques.public_title) ": " (n.organisation)
                        }
                    }
                }
                @if open {
                    div.actions {
                        a.button href=(crate::paths::public::comment_form(&draft.slug, None)) { (t.comment_on_whole) }
                    }
                }
            }
        }
        @if shown.is_some() && shown != latest {
            div.notice role="note" {
                p { (t.draft_viewing_old_version) " " a href=(crate::paths::public::draft(&draft.slug)) { (t.draft_see_latest) } }
            }
        }
        @if !draft.summary.is_empty() {
            section aria-labelledby="tom-tat" {
                h2 #tom-tat { (t.draft_summary) }
                @for para in draft.summary.split("\n\n") { p { (para) } }
            }
        }
        section aria-labelledby="thong-tin" {
            h2 #thong-tin { (t.draft_info) }
            dl.facts {
                dt { (t.draft_number) }
                dd { (draft.number.as_deref().unwrap_or(t.draft_number_pending)) }
                dt { (t.draft_doc_type) }
                dd { (d.doc_type.name) }
                dt { (t.draft_agency) }
                dd { a href=(crate::paths::public::agency(&d.agency.slug)) { (d.agency.name) } }
                dt { (t.draft_period) }
                dd {
                    @match (draft.opens_at, draft.closes_at) {
                        (Some(o), Some(c)) => {
                            (t.period_range(&time::date(o), &time::date(c)))
                            " (" (t.period(status)) ")"
                        }
                        _ => (t.draft_period_not_set),
                    }
                }
                dt { (t.draft_min_days) }
                dd {
                    @if draft.shortened_basis.is_empty() {
                        (t.min_days(d.doc_type.min_comment_days))
                        // Only a confirmed rule is cited in public (issue 15).
                        @if let Some(rule) = d.doc_type.public_rule() { " – " (rule) }
                    } @else {
                        (t.draft_shortened) " – " (draft.shortened_basis)
                    }
                }
                @if let Some(p) = draft.published_at {
                    dt { (t.draft_published_at) }
                    dd { time datetime=(time::iso(p)) { (time::date(p)) } }
                }
                dt { (t.draft_stage) }
                dd { (stages(ctx, draft.stage, d.doc_type.needs_policy_proposal)) }
                @if !d.stage_events.is_empty() {
                    dt { (t.draft_stage_history) }
                    dd {
                        ol.timeline {
                            @for e in &d.stage_events {
                                li {
                                    time datetime=(e.occurred_on.format("%Y-%m-%d")) { (time::day(e.occurred_on)) }
                                    ": " strong { (t.stage(e.stage)) }
                                    @if !e.note.is_empty() { " – " (e.note) }
                                    @if !e.document_ref.is_empty() { " (" (e.document_ref) ")" }
                                }
                            }
                        }
                    }
                }
                @if d.versions.len() > 1 {
                    dt { (t.draft_versions) }
                    dd {
                        ul.stages {
                            @for v in &d.versions {
                                @let label = t.version_label(v.number);
                                @if Some(v.number) == shown {
                                    li aria-current="step" { (label) }
                                } @else {
                                    li { a href=(format!("{}?lan={}", crate::paths::public::draft(&draft.slug), v.number)) { (label) } }
                                }
                            }
                        }
                    }
                }
                dt { (t.draft_large_impact) }
                dd {
                    @let impact = draft.impact();
                    (if impact.is_large_impact() { t.yes } else { t.no })
                    details {
                        summary { (t.draft_impact_heading) }
                        ul {
                            @for (label, holds) in t.impact_items(impact) {
                                li { (label) ": " (if holds { t.yes } else { t.no }) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="tai-lieu" {
            h2 #tai-lieu { (t.draft_attachments) }
            ul.files {
                @if shown.is_some() {
                    li { a href=(format!("{}/toan-van.txt", crate::paths::public::draft(&draft.slug))) download { (t.draft_download_text) } }
                }
                @for a in &d.attachments {
                    li {
                        a href=(format!("{}/tep/{}/{}", crate::paths::public::draft(&draft.slug), a.id, a.file_name)) {
                            (t.attachment_kind(a.kind)) ": " (a.title)
                        }
                        " " span.meta { "(" (a.file_name) ", " (t.file_size(a.size_bytes)) ")" }
                        @if let Some(when) = a.withdrawn_at {
                            " " strong { (t.attachment_withdrawn(&time::date(when), &a.withdrawn_reason)) }
                        }
                    }
                }
            }
            @if d.attachments.is_empty() { p.meta { (t.draft_no_attachments) } }
            @if !d.links.is_empty() {
                h3 { (t.draft_elsewhere) }
                ul.files {
                    @for l in &d.links {
                        li { (t.link_place(l.place)) ": " a href=(l.url) rel="noopener noreferrer" { (l.url) } }
                    }
                }
            }
        }
        div.draft-body {
            // The table of contents: beside the text on a wide screen, where it stays in
            // view; on a phone out of the way until the "Mục lục" control opens it
            // (:target, so that it works without JavaScript).
            @if !tree.roots.is_empty() {
                nav.toc #muc-luc aria-labelledby="muc-luc-tieu-de" {
                    h2 #muc-luc-tieu-de { (t.draft_toc) }
                    (toc(ctx, &tree, &tree.roots))
                    p.toc-close { a href="#toan-van" { (t.draft_toc_close) } }
                }
            }
            article.text aria-labelledby="toan-van" {
                @if draft.whole_draft_comments > 0 {
                    aside.cmts aria-labelledby="y-kien-toan-bo" {
                        h2 #y-kien-toan-bo { (t.comments_whole_heading) }
                        @for c in &whole { (comment_item(ctx, c, None)) }
                        p.more {
                            a href=(crate::paths::public::comments(&draft.slug, Some("toan-bo"))) { (t.see_all_comments(draft.whole_draft_comments)) }
                        }
                    }
                }
                h2 #toan-van { (t.draft_text) }
                @if !tree.roots.is_empty() {
                    p.toc-open { a.button.secondary href="#muc-luc" { (t.draft_toc) } }
                }
                @match &d.version {
                    None => p { (t.draft_no_text) },
                    Some(v) => {
                        @if !v.preamble.is_empty() {
                            (preamble(ctx, &v.preamble))
                        }
                        @if !d.removed.is_empty() {
                            div.notice role="note" {
                                p { strong { (t.version_removed) ": " } (d.removed.iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join("; ")) }
                            }
                        }
                        @let r = Renderer { ctx, slug: &draft.slug, tree: &tree, open, recent: &recent, previous: &d.previous };
                        @for &i in &tree.roots { (r.node(i, 0)) }
                        @if !v.signature.is_empty() {
                            section.signature aria-label=(t.draft_signature) { (v.signature) }
                        }
                    }
                }
                p.top { a href="#noi-dung" { (t.back_to_top) } }
            }
        }
    };
    page(
        ctx,
        PageMeta {
            title: &draft.title,
            description: Some(&draft.summary),
            nav: Nav::Drafts,
        },
        body,
    )
}

/// The preamble as the document lays it out: the heading block in two columns, the
/// name and title, the legal bases folded (a reader comes for the articles), the
/// enacting words.
fn preamble(ctx: &Ctx, text: &str) -> Markup {
    let t = ctx.t;
    let p = crate::parse::preamble::preamble(text);
    html! {
        div.preamble {
            @if p.has_heading_block() {
                div.doc-head {
                    div.doc-issuer {
                        @for line in &p.issuer { p { strong { (line) } } }
                        @if let Some(n) = p.number { p.doc-number { (n) } }
                    }
                    div.doc-motto {
                        @for (i, line) in p.motto.iter().enumerate() {
                            @if i == 0 { p { strong { (line) } } } @else { p { strong.motto { (line) } } }
                        }
                        @if let Some(pd) = p.place_date { p.place-date { em { (pd) } } }
                    }
                }
            }
            @for m in &p.marks { p.doc-mark { span { (m) } } }
            @if !p.intro.is_empty() {
                div.doc-intro { @for line in &p.intro { p { (line) } } }
            }
            @if !p.bases.is_empty() {
                details.bases {
                    summary { (t.draft_bases) " (" (p.bases.len()) ")" }
                    @for line in &p.bases { p { (line) } }
                }
            }
            @for line in &p.enacting { p.doc-enact { strong { (line) } } }
        }
    }
}

/// The Decision 407 life cycle with the current stage marked.
/// The life cycle's steps, the current one marked; a type without a policy-proposal
/// stage starts at the draft.
fn stages(ctx: &Ctx, current: Stage, with_proposal: bool) -> Markup {
    let t = ctx.t;
    let steps = [
        Stage::Proposal,
        Stage::Draft,
        Stage::Appraisal,
        Stage::Adopted,
    ];
    let steps = if with_proposal {
        &steps[..]
    } else {
        &steps[1..]
    };
    html! {
        @if current == Stage::Withdrawn {
            (t.stage(current))
        } @else {
            ol.stages {
                @for &s in steps {
                    li aria-current=[(s == current).then_some("step")] { (t.stage(s)) }
                }
            }
        }
    }
}

/// The flat, ordered list of sections with each node's children.
struct Tree<'a> {
    sections: &'a [Section],
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
    /// Published comments on each section and everything under it.
    totals: Vec<i64>,
}

impl<'a> Tree<'a> {
    fn new(sections: &'a [Section]) -> Self {
        let by_position: HashMap<i32, usize> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.position, i))
            .collect();
        let mut children = vec![Vec::new(); sections.len()];
        let mut roots = Vec::new();
        for (i, s) in sections.iter().enumerate() {
            match s.parent_position.and_then(|p| by_position.get(&p)) {
                Some(&parent) => children[parent].push(i),
                None => roots.push(i),
            }
        }
        // Children come after their parent in document order: sum from the end.
        let mut totals: Vec<i64> = sections.iter().map(|s| s.published_comments).collect();
        for i in (0..sections.len()).rev() {
            let sum: i64 = children[i].iter().map(|&c| totals[c]).sum();
            totals[i] += sum;
        }
        Tree {
            sections,
            children,
            roots,
            totals,
        }
    }
}

/// Parts, chapters, sections and articles, each with the published comments on it and
/// everything under it; clauses and points are too fine for a table of contents.
fn toc(ctx: &Ctx, tree: &Tree<'_>, nodes: &[usize]) -> Markup {
    html! {
        ol {
            @for &i in nodes {
                @let s = &tree.sections[i];
                @let n = tree.totals[i];
                @match s.kind {
                    SectionKind::Article => {
                        li {
                            a href={ "#" (s.anchor) } { (first_line(&s.heading)) }
                            @if n > 0 { " " span.count { (ctx.t.comments_short(n)) } }
                        }
                    }
                    SectionKind::Clause | SectionKind::Point => {}
                    _ => {
                        li.grp {
                            a href={ "#" (s.anchor) } { (s.heading.replace('\n', ". ")) }
                            @if n > 0 { " " span.count { (ctx.t.comments_short(n)) } }
                            @let sub = &tree.children[i];
                            @if sub.iter().any(|&c| !matches!(tree.sections[c].kind, SectionKind::Clause | SectionKind::Point)) {
                                (toc(ctx, tree, sub))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

struct Renderer<'a> {
    ctx: &'a Ctx,
    slug: &'a str,
    tree: &'a Tree<'a>,
    open: bool,
    /// The latest published comments of each section.
    recent: &'a HashMap<SectionId, Vec<&'a PublicComment>>,
    /// The previous version's text of changed sections.
    previous: &'a HashMap<SectionId, Section>,
}

impl Renderer<'_> {
    /// One section and everything under it; `groups` counts enclosing parts, chapters and
    /// sections, to choose heading levels.
    fn node(&self, i: usize, groups: u8) -> Markup {
        let s = &self.tree.sections[i];
        let kind = s.kind;
        let children = &self.tree.children[i];
        match kind {
            SectionKind::Part | SectionKind::Chapter | SectionKind::Section => {
                let level = (2 + groups).min(6);
                html! {
                    section id=(s.anchor) class="grp" {
                        (heading(level, "grp-head", &s.heading))
                        @if !s.body.is_empty() { (paragraphs(&s.body, None)) }
                        @for &c in children { (self.node(c, groups + 1)) }
                    }
                }
            }
            SectionKind::Article => {
                let level = (2 + groups).min(6);
                html! {
                    section.article id=(s.anchor) {
                        (heading(level, "", &s.heading))
                        (self.change(s))
                        @if !s.body.is_empty() { (paragraphs(&s.body, None)) }
                        @if self.open { p { (self.comment_link(s)) } }
                        @for &c in children { (self.node(c, groups)) }
                        (self.comments(s))
                    }
                }
            }
            SectionKind::Clause | SectionKind::Point => {
                let class = if kind == SectionKind::Clause {
                    "clause"
                } else {
                    "point"
                };
                let link = self.open.then(|| self.comment_link(s));
                html! {
                    div class=(class) id=(s.anchor) {
                        (self.change(s))
                        @if s.body.is_empty() {
                            p { span.num { (s.heading) } @if let Some(l) = &link { " " (l) } }
                        } @else {
                            (paragraphs(&s.body, Some((&s.heading, link.as_ref()))))
                        }
                        @for &c in children { (self.node(c, groups)) }
                        (self.comments(s))
                    }
                }
            }
        }
    }

    /// What changed since the previous version: a mark for a new section, and for a
    /// changed one the words removed and added.
    fn change(&self, s: &Section) -> Markup {
        let t = self.ctx.t;
        match s.change.as_str() {
            "new" => html! { p.change { span.badge.upcoming { (t.version_new) } } },
            "changed" => match self.previous.get(&s.id) {
                Some(old) => html! {
                    details.change {
                        summary { span.badge.upcoming { (t.version_changed) } }
                        p.diff aria-label=(t.version_previous_text) { (word_diff(&format!("{} {}", old.heading, old.body), &format!("{} {}", s.heading, s.body))) }
                    }
                },
                None => html! { p.change { span.badge.upcoming { (t.version_changed) } } },
            },
            _ => html! {},
        }
    }

    fn comment_link(&self, s: &Section) -> Markup {
        let t = self.ctx.t;
        html! {
            a.cm href=(crate::paths::public::comment_form(self.slug, Some(&s.anchor))) {
                (t.comment) span.vh { " " (s.label) }
            }
        }
    }

    /// The section's latest published comments and a link to all of them.
    fn comments(&self, s: &Section) -> Markup {
        if s.published_comments == 0 {
            return html! {};
        }
        let t = self.ctx.t;
        let shown = self
            .recent
            .get(&s.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        html! {
            aside.cmts aria-label=(t.comments_on(&s.label)) {
                @for c in shown { (comment_item(self.ctx, c, None)) }
                p.more {
                    a href=(crate::paths::public::comments(self.slug, Some(&s.anchor))) {
                        (t.see_all_comments(s.published_comments)) span.vh { " " (t.comments_on(&s.label)) }
                    }
                }
            }
        }
    }
}

fn heading(level: u8, class: &str, text: &str) -> Markup {
    let inner = html! {
        @for (n, line) in text.split('\n').enumerate() {
            @if n > 0 { br; }
            (line)
        }
    };
    let class = (!class.is_empty()).then_some(class);
    match level {
        2 => html! { h2 class=[class] { (inner) } },
        3 => html! { h3 class=[class] { (inner) } },
        4 => html! { h4 class=[class] { (inner) } },
        5 => html! { h5 class=[class] { (inner) } },
        _ => html! { h6 class=[class] { (inner) } },
    }
}

/// Body text, a paragraph a line. A clause or point puts its number before the first
/// line and its comment link after the last.
fn paragraphs(body: &str, marker: Option<(&str, Option<&Markup>)>) -> Markup {
    let lines: Vec<&str> = body.split('\n').filter(|l| !l.trim().is_empty()).collect();
    let last = lines.len().saturating_sub(1);
    html! {
        @for (n, line) in lines.iter().enumerate() {
            p {
                @if n == 0 { @if let Some((num, _)) = marker { span.num { (num) } " " } }
                (line)
                @if n == last { @if let Some((_, Some(link))) = marker { " " (link) } }
            }
        }
    }
}

/// Word by word: removed words struck through, added words marked.
fn word_diff(old: &str, new: &str) -> Markup {
    let diff = similar::TextDiff::from_words(old, new);
    html! {
        @for change in diff.iter_all_changes() {
            @match change.tag() {
                similar::ChangeTag::Equal => (change.value()),
                similar::ChangeTag::Delete => del { (change.value()) },
                similar::ChangeTag::Insert => ins { (change.value()) },
            }
        }
    }
}
