//! Error pages that help: what happened, and where to go next.

use maud::{Markup, html};

use super::Ctx;
use super::layout::{Nav, PageMeta, page};

pub fn render(ctx: &Ctx, title: &str, message: &str) -> Markup {
    let t = ctx.t;
    let body = html! {
        div.error-page {
            h1 { (title) }
            p { (message) }
            ul {
                li { a href="/" { (t.error_go_home) } }
                li { a href=(crate::paths::public::DRAFTS) { (t.error_see_drafts) } }
            }
        }
    };
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
