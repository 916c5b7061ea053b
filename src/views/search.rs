//! The search page: one box, the filters as one form (working without JavaScript), the
//! counts of each filter value, and the highlighted results.

use maud::{Markup, html};

use super::Ctx;
use super::components::pager;
use super::drafts::filter_params;
use super::layout::{Nav, PageMeta, crumbs, page};
use crate::i18n::number;
use crate::i18n::search::SearchText;
use crate::search::highlight::Segment;
use crate::search::results::{PublicQuery, Results};
use crate::search::{DocKind, Sort};

/// The query as URL parameters, for pagination and for removing a filter.
pub fn query_params(q: &PublicQuery) -> Vec<(&'static str, String)> {
    let mut params = vec![("q", q.q.clone())];
    params.push((
        "ket-qua",
        q.kind
            .map(|k| SearchText::kind_slug(k).to_string())
            .unwrap_or_default(),
    ));
    params.extend(filter_params(&q.filter));
    params.push((
        "sap-xep",
        if q.sort == Sort::Newest {
            "moi-nhat".into()
        } else {
            String::new()
        },
    ));
    params
}

/// Text with the matched words in `mark`; maud escapes every piece.
pub fn marked(segments: &[Segment]) -> Markup {
    html! {
        @for s in segments {
            @if s.mark { mark { (s.text) } } @else { (s.text) }
        }
    }
}

/// The search box, on this page and on the home page.
pub fn search_box(ctx: &Ctx, q: &str, autofocus: bool) -> Markup {
    let s = ctx.t.search;
    html! {
        form.search method="get" action=(crate::paths::public::SEARCH) role="search" {
            label for="q" { (s.box_label) }
            p.hint #q-hint { (s.box_hint) }
            div.searchbox {
                input #q type="search" name="q" value=(q) maxlength="200" aria-describedby="q-hint" autofocus[autofocus];
                button type="submit" { (s.submit) }
            }
        }
    }
}

fn option_count(label: &str, n: i64) -> String {
    format!("{label} ({})", number(n))
}

fn filters(ctx: &Ctx, q: &PublicQuery, r: &Results) -> Markup {
    let t = ctx.t;
    let s = t.search;
    let f = &q.filter;
    let fa = &r.facets;
    html! {
        form.filters.facets method="get" action=(crate::paths::public::SEARCH) {
            input type="hidden" name="q" value=(q.q);
            fieldset {
                legend { (s.facets_heading) }
                @if r.total_is_floor {
                    p.hint { (s.counts_of_newest(r.hits.total)) }
                }
                div {
                    label for="f-ket-qua" { (s.kind_label) }
                    select #f-ket-qua name="ket-qua" {
                        option value="" { (s.kind_all) }
                        @for k in DocKind::ALL {
                            @let n = fa.kinds.iter().find(|(x, _)| x == k).map(|(_, n)| *n);
                            @if n.is_some() || q.kind == Some(*k) {
                                option value=(SearchText::kind_slug(*k)) selected[q.kind == Some(*k)] {
                                    (option_count(s.kind(*k), n.unwrap_or(0)))
                                }
                            }
                        }
                    }
                }
                div {
                    label for="f-co-quan" { (s.facet_agency) }
                    select #f-co-quan name="co-quan" {
                        option value="" { (t.filter_all) }
                        @for (slug, name, n) in &fa.agencies {
                            option value=(slug) selected[f.agency.as_deref() == Some(slug.as_str())] { (option_count(name, *n)) }
                        }
                        @if let Some(a) = f.agency.as_deref().filter(|a| !fa.agencies.iter().any(|(s, _, _)| s == a)) {
                            option value=(a) selected { (a) }
                        }
                    }
                }
                div {
                    label for="f-loai" { (s.facet_doc_type) }
                    select #f-loai name="loai" {
                        option value="" { (t.filter_all) }
                        @for (code, name, n) in &fa.doc_types {
                            option value=(code) selected[f.doc_type.as_deref() == Some(code.as_str())] { (option_count(name, *n)) }
                        }
                        @if let Some(c) = f.doc_type.as_deref().filter(|c| !fa.doc_types.iter().any(|(s, _, _)| s == c)) {
                            option value=(c) selected { (c) }
                        }
                    }
                }
                div {
                    label for="f-trang-thai" { (s.facet_status) }
                    select #f-trang-thai name="trang-thai" {
                        option value="" { (t.filter_all) }
                        @for (st, n) in &fa.statuses {
                            option value=(st.slug()) selected[f.status == Some(*st)] { (option_count(t.period(*st), *n)) }
                        }
                        @if let Some(st) = f.status.filter(|st| !fa.statuses.iter().any(|(x, _)| x == st)) {
                            option value=(st.slug()) selected { (t.period(st)) }
                        }
                    }
                }
                div {
                    label for="f-nam" { (s.facet_year) }
                    select #f-nam name="nam" {
                        option value="" { (t.filter_all) }
                        @for (y, n) in &fa.years {
                            option value=(y) selected[f.year == Some(*y)] { (option_count(&y.to_string(), *n)) }
                        }
                        @if let Some(y) = f.year.filter(|y| !fa.years.iter().any(|(x, _)| x == y)) {
                            option value=(y) selected { (y) }
                        }
                    }
                }
                div {
                    label for="f-sap-xep" { (s.sort_label) }
                    select #f-sap-xep name="sap-xep" {
                        option value="" selected[q.sort == Sort::Relevance] { (s.sort_relevance) }
                        option value="moi-nhat" selected[q.sort == Sort::Newest] { (s.sort_newest) }
                    }
                }
                div.actions {
                    button type="submit" { (t.filter_apply) }
                    @if !q.q.is_empty() {
                        a href={ (crate::paths::public::SEARCH) "?" (serde_urlencoded::to_string([("q", &q.q)]).unwrap_or_default()) } { (t.filter_clear) }
                    }
                }
            }
        }
    }
}

pub fn render(ctx: &Ctx, q: &PublicQuery, results: Option<&Results>) -> Markup {
    let t = ctx.t;
    let s = t.search;
    let title = s.page_title(&q.q);
    let body = html! {
        (crumbs(ctx, &[], s.title))
        h1 { (s.title) }
        (search_box(ctx, &q.q, results.is_none()))
        @match results {
            None => {
                p { (s.start_hint) }
                p {
                    (s.examples_label) " "
                    @for (i, e) in s.examples.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href={ (crate::paths::public::SEARCH) "?" (serde_urlencoded::to_string([("q", e)]).unwrap_or_default()) } { (e) }
                    }
                }
            }
            Some(r) => {
                div.search-layout {
                    (filters(ctx, q, r))
                    section.results aria-labelledby="ket-qua" {
                        h2 #ket-qua .visually-hidden { (s.results_heading) }
                        p role="status" { (s.found(r.hits.total, r.total_is_floor, &q.q)) }
                        @if r.hits.items.is_empty() {
                            p { (s.nothing_found) }
                            p.hint { (s.nothing_found_hint) }
                        }
                        ol.hits start=((r.hits.number - 1) * r.hits.per_page + 1) {
                            @for h in &r.hits.items {
                                li.hit {
                                    p.kind { (s.kind(h.kind)) }
                                    h3 { a href=(h.url) { (marked(&h.title)) } }
                                    @if !h.excerpt.is_empty() {
                                        p.excerpt { (marked(&h.excerpt)) }
                                    }
                                    p.meta {
                                        @if h.kind != DocKind::Draft {
                                            (s.in_draft) " " a href=(crate::paths::public::draft(&h.draft.slug)) { (h.draft.title) } " · "
                                        }
                                        (h.draft.agency) " · " (t.period(h.draft.status))
                                        " · " time datetime=(crate::domain::time::iso(h.date)) { (crate::domain::time::date(h.date)) }
                                    }
                                }
                            }
                        }
                        (pager(ctx, &r.hits, crate::paths::public::SEARCH, &query_params(q)))
                    }
                }
            }
        }
    };
    page(
        ctx,
        PageMeta {
            title: &title,
            description: None,
            nav: Nav::Search,
        },
        body,
    )
}
