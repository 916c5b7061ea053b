//! What anyone can read: the home page, the drafts and their files, the agencies.

mod agencies;
mod campaigns;
mod comments;
pub(crate) mod critiques;
pub(crate) mod drafts;
mod home;
mod own;
pub mod params;
mod participation;
mod report;
pub use report::ReportCache;
mod search;

use actix_web::web;

use crate::web::page;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(page("/", home::show))
        .service(page("/du-thao", drafts::list))
        .service(page("/du-thao/{slug}", drafts::show))
        .service(page("/du-thao/{slug}/toan-van.txt", drafts::full_text))
        .service(page("/du-thao/{slug}/bao-cao", report::page))
        .service(page("/du-thao/{slug}/tham-gia", participation::page))
        .service(page("/du-thao/{slug}/phan-bien/{id}", critiques::page))
        .service(page(
            "/du-thao/{slug}/phan-bien/{id}/van-ban",
            critiques::document,
        ))
        .service(page("/du-thao/{slug}/bao-cao.csv", report::csv))
        .service(page("/du-thao/{slug}/bao-cao.docx", report::docx))
        .service(page("/du-thao/{slug}/tep/{id}/{name}", drafts::attachment))
        .service(page("/co-quan", agencies::list))
        .service(page("/co-quan/{slug}", agencies::show))
        .service(page("/v/{code}", campaigns::follow))
        .configure(comments::routes)
        .configure(search::routes);
}
