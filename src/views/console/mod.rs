//! The agency console's pages: server-rendered, usable on a phone, in Vietnamese.

pub mod accounts;
pub mod agencies;
pub mod campaigns;
pub mod critiques;
pub mod drafts;
pub mod front;
pub mod jobs;
pub mod legal;
pub mod moderation;
pub mod participation;
pub mod received;
pub mod report;

use maud::{DOCTYPE, Markup, html};

use super::Ctx;
use crate::assets;
use crate::auth::policy::Action;
use crate::auth::session::Staff;

/// Which part of the console a page belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Home,
    Drafts,
    Moderation,
    Accounts,
    Audit,
    Account,
    Site,
    Jobs,
    Legal,
    Agencies,
    Organisations,
    Campaigns,
    Critiques,
}

pub fn page(
    ctx: &Ctx,
    staff: Option<&Staff>,
    csrf: &str,
    area: Area,
    title: &str,
    body: Markup,
) -> Markup {
    let c = ctx.t.console;
    let current = |a: Area| (area == a).then_some("page");
    // A page sent back with problems says so first in its title, which a screen reader
    // reads first. The error summary is the one place a page lists its problems.
    let prefix = if body.0.contains(super::layout::ERROR_SUMMARY) {
        ctx.t.error_title_prefix
    } else {
        ""
    };
    html! {
        (DOCTYPE)
        html lang=(ctx.t.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (prefix) (title) " – " (c.console_name) }
                link rel="stylesheet" href=(assets::url("gopy.css"));
                link rel="icon" href=(assets::url("favicon.svg")) type="image/svg+xml";
            }
            body.console {
                a.skip href="#noi-dung" { (ctx.t.skip_to_content) }
                header.site-head {
                    div.wrap {
                        a.brand href=(crate::paths::console::HOME) { span { (c.console_name) } }
                        @if let Some(s) = staff {
                            nav.site-nav aria-label=(ctx.t.nav_label) {
                                ul {
                                    li { a href=(crate::paths::console::HOME) aria-current=[current(Area::Home)] { (c.nav_home) } }
                                    @if s.role != crate::domain::staff::Role::Organiser {
                                        li { a href=(crate::paths::console::DRAFTS) aria-current=[current(Area::Drafts)] { (c.nav_drafts) } }
                                        li { a href=(crate::paths::console::MODERATION) aria-current=[current(Area::Moderation)] { (c.nav_moderation) } }
                                    }
                                    @if s.role == crate::domain::staff::Role::Organiser {
                                        li { a href=(crate::paths::console::ORGANISATIONS) aria-current=[current(Area::Organisations)] { (ctx.t.front.nav) } }
                                    }
                                    @if s.role == crate::domain::staff::Role::Admin || (s.role == crate::domain::staff::Role::Organiser && s.organisation_id.is_some()) {
                                        li { a href=(crate::paths::console::CAMPAIGNS) aria-current=[current(Area::Campaigns)] { (ctx.t.campaigns.nav) } }
                                    }
                                    li { a href=(crate::paths::console::CRITIQUES) aria-current=[current(Area::Critiques)] { (ctx.t.critiques.title) } }
                                    @if s.can(Action::Administer) {
                                        li { a href=(crate::paths::console::ACCOUNTS) aria-current=[current(Area::Accounts)] { (c.nav_accounts) } }
                                        li { a href=(crate::paths::console::AGENCIES) aria-current=[current(Area::Agencies)] { (ctx.t.agencies.nav) } }
                                        li { a href=(crate::paths::console::ORGANISATIONS) aria-current=[current(Area::Organisations)] { (ctx.t.front.nav) } }
                                        li { a href=(crate::paths::console::AUDIT) aria-current=[current(Area::Audit)] { (c.nav_audit) } }
                                        li { a href=(crate::paths::console::OPERATOR) aria-current=[current(Area::Site)] { (c.nav_site) } }
                                        li { a href=(crate::paths::console::JOBS) aria-current=[current(Area::Jobs)] { (c.nav_jobs) } }
                                        li { a href=(crate::paths::console::LEGAL_RULES) aria-current=[current(Area::Legal)] { (c.nav_legal) } }
                                    }
                                    li { a href=(crate::paths::console::PASSWORD) aria-current=[current(Area::Account)] { (c.nav_password) } }
                                    li { a href="/" { (c.nav_public) } }
                                }
                            }
                        }
                    }
                }
                main #noi-dung.wrap tabindex="-1" {
                    @if let Some(s) = staff {
                        form.whoami method="post" action=(crate::paths::console::SIGN_OUT) {
                            span { (c.signed_in_as) " " strong { (s.name) } " (" (c.role(s.role)) ")" }
                            input type="hidden" name="csrf" value=(csrf);
                            button.link type="submit" { (c.sign_out) }
                        }
                    }
                    (body)
                }
            }
        }
    }
}

/// An error met in the console, in the console: what happened, and the way back to the
/// page the staff member came from (or the console's start).
pub fn error_page(
    ctx: &Ctx,
    status: actix_web::http::StatusCode,
    message: Option<&str>,
    back: Option<&str>,
) -> Markup {
    let t = ctx.t;
    let c = t.console;
    let (title, text) = t.status_text(status);
    let body = html! {
        div.error-page {
            h1 { (title) }
            p { (message.unwrap_or(text)) }
            ul {
                @if let Some(b) = back { li { a href=(b) { (c.error_back) } } }
                li { a href=(crate::paths::console::HOME) { (c.error_console_home) } }
            }
        }
    };
    page(ctx, None, "", Area::Home, title, body)
}

/// A notice at the top of a page after an action (?ket-qua=…).
pub fn flash(message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message {
            p.notice.ok role="status" { (m) }
        }
    }
}

/// An error summary for a console form.
pub fn problems(ctx: &Ctx, problems: &[(String, String)]) -> Markup {
    html! {
        @if !problems.is_empty() {
            div.error-summary role="alert" aria-labelledby="loi-tieu-de" tabindex="-1" autofocus {
                h2 #loi-tieu-de { (ctx.t.error_summary_title) }
                ul {
                    @for (field, message) in problems {
                        li { a href={ "#f-" (field) } { (message) } }
                    }
                }
            }
        }
    }
}

/// The message for `field`, if it has a problem.
pub fn problem_for<'a>(problems: &'a [(String, String)], field: &str) -> Option<&'a str> {
    problems
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.as_str())
}

/// A day, typed as readers write it (dd/mm/yyyy): a browser's date field shows the
/// browser's own format (mm/dd/yyyy in many), unlike every other date here.
pub fn date_field(name: &str, label: &str, value: &str, error: Option<&str>) -> Markup {
    html! {
        div.field.date.error[error.is_some()] {
            label for={ "f-" (name) } { (label) }
            p.hint id={ "h-" (name) } { "Ngày/tháng/năm, ví dụ 01/02/2027" }
            @if let Some(e) = error { p.err id={ "e-" (name) } { span.vh { "Lỗi: " } (e) } }
            input id={ "f-" (name) } type="text" inputmode="numeric" name=(name) value=(value)
                maxlength="10" autocomplete="off" spellcheck="false"
                aria-describedby=[super::components::described_by(name, true, error.is_some())] aria-invalid=[error.map(|_| "true")];
        }
    }
}

/// A labelled text input with its error.
pub fn text_field(
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    error: Option<&str>,
    kind: &str,
) -> Markup {
    html! {
        div.field.error[error.is_some()] {
            label for={ "f-" (name) } { (label) }
            @if let Some(h) = hint { p.hint id={ "h-" (name) } { (h) } }
            @if let Some(e) = error { p.err id={ "e-" (name) } { span.vh { "Lỗi: " } (e) } }
            input id={ "f-" (name) } type=(kind) name=(name) value=(value)
                aria-describedby=[super::components::described_by(name, hint.is_some(), error.is_some())] aria-invalid=[error.map(|_| "true")];
        }
    }
}
