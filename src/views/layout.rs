//! The page shell: head, skip link, header with navigation, footer.

use maud::{DOCTYPE, Markup, html};

use super::Ctx;
use crate::assets;

/// Which item of the main navigation the page belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Drafts,
    Agencies,
    Search,
    None,
}

pub struct PageMeta<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub nav: Nav,
}

/// How an error summary starts in the markup (`div.error-summary`).
pub const ERROR_SUMMARY: &str = "<div class=\"error-summary\"";

pub fn page(ctx: &Ctx, meta: PageMeta<'_>, body: Markup) -> Markup {
    let t = ctx.t;
    // A page sent back with problems says so first in its title, which a screen reader
    // reads first. The error summary is the one place a page lists its problems.
    let prefix = if body.0.contains(ERROR_SUMMARY) {
        t.error_title_prefix
    } else {
        ""
    };
    let full_title = if meta.nav == Nav::Home {
        format!("{} – {}", t.site_name, t.tagline)
    } else {
        format!("{prefix}{} – {}", meta.title, t.site_name)
    };
    let current = |n: Nav| if meta.nav == n { Some("page") } else { None };
    html! {
        (DOCTYPE)
        html lang=(t.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (full_title) }
                @if let Some(d) = meta.description {
                    meta name="description" content=(d);
                }
                link rel="stylesheet" href=(assets::url("gopy.css"));
                link rel="icon" href=(assets::url("favicon.svg")) type="image/svg+xml";
            }
            body {
                a.skip href="#noi-dung" { (t.skip_to_content) }
                header.site-head {
                    div.wrap {
                        a.brand href="/" {
                            span { (t.site_name) }
                            small { (t.tagline) }
                        }
                        nav.site-nav aria-label=(t.nav_label) {
                            ul {
                                li { a href="/" aria-current=[current(Nav::Home)] { (t.nav_home) } }
                                li { a href=(crate::paths::public::DRAFTS) aria-current=[current(Nav::Drafts)] { (t.nav_drafts) } }
                                li { a href=(crate::paths::public::AGENCIES) aria-current=[current(Nav::Agencies)] { (t.nav_agencies) } }
                                li { a href=(crate::paths::public::SEARCH) aria-current=[current(Nav::Search)] { (t.search.nav) } }
                            }
                        }
                    }
                }
                main #noi-dung.wrap tabindex="-1" { (body) }
                footer.site-foot {
                    div.wrap {
                        (operator_block(ctx))
                        p { (t.footer_about) }
                        p { (t.footer_open_data) }
                        ul.foot-links {
                            li { a href="/quyen-rieng-tu" { (t.footer_privacy) } }
                        }
                    }
                }
            }
        }
    }
}

/// Whose site this is, with its contacts (Decree 42/2022 on state portals).
pub fn operator_block(ctx: &Ctx) -> Markup {
    let t = ctx.t;
    html! {
        @if let Some(o) = &ctx.operator {
            section.operator aria-labelledby="co-quan-van-hanh" {
                h2 #co-quan-van-hanh { (t.footer_operator) ": " (o.name) }
                p { (t.footer_address) ": " (o.address) }
                p {
                    (t.footer_phone) ": " a href={ "tel:" (o.phone_link()) } { (o.phone) }
                    " · " (t.footer_email) ": " a href={ "mailto:" (o.email) } { (o.email) }
                }
                @if !o.website.is_empty() { p { a href=(o.website) { (o.website) } } }
            }
        }
    }
}

/// A trail of links from the home page; the last item is the current page.
pub fn crumbs(ctx: &Ctx, trail: &[(&str, &str)], current: &str) -> Markup {
    html! {
        nav.crumbs aria-label=(ctx.t.crumbs_label) {
            ol {
                li { a href="/" { (ctx.t.nav_home) } }
                @for (label, href) in trail {
                    li { a href=(href) { (label) } }
                }
                li aria-current="page" { (current) }
            }
        }
    }
}
