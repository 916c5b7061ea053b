//! What anyone can read: the home page, the drafts and their files, the agencies.

mod agencies;
mod drafts;
mod home;
pub mod params;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::show))
        .route("/du-thao", web::get().to(drafts::list))
        .route("/du-thao/{slug}", web::get().to(drafts::show))
        .route("/du-thao/{slug}/toan-van.txt", web::get().to(drafts::full_text))
        .route("/du-thao/{slug}/tep/{id}/{name}", web::get().to(drafts::attachment))
        .route("/co-quan", web::get().to(agencies::list))
        .route("/co-quan/{slug}", web::get().to(agencies::show));
}
