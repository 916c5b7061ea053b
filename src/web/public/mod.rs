//! What anyone can read: the home page, the drafts and their files, the agencies.

mod agencies;
mod comments;
mod drafts;
mod home;
mod own;
pub mod params;
mod report;
pub use report::ReportCache;
mod search;

use actix_web::web;

use crate::web::read;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", read().to(home::show))
        .route("/du-thao", read().to(drafts::list))
        .route("/du-thao/{slug}", read().to(drafts::show))
        .route("/du-thao/{slug}/toan-van.txt", read().to(drafts::full_text))
        .route("/du-thao/{slug}/bao-cao", read().to(report::page))
        .route("/du-thao/{slug}/bao-cao.csv", read().to(report::csv))
        .route("/du-thao/{slug}/bao-cao.docx", read().to(report::docx))
        .route(
            "/du-thao/{slug}/tep/{id}/{name}",
            read().to(drafts::attachment),
        )
        .route("/co-quan", read().to(agencies::list))
        .route("/co-quan/{slug}", read().to(agencies::show))
        .configure(comments::routes)
        .configure(search::routes);
}
