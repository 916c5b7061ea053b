//! The state every handler shares, one per application.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::Config;
use crate::db::Db;
use crate::search::Search;
use crate::storage::FileStore;
use crate::web::cache::{PageCache, RenderCache};
use crate::web::ratelimit::Limits;
use crate::web::site::SiteInfo;

/// Everything a handler may use. Held in `web::Data`, one per application, so that
/// every test gets its own.
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub pages: PageCache,
    /// Lists and other pages that show many records, rendered once per address at a time.
    pub renders: RenderCache,
    /// Search pages, apart: their addresses are whatever anonymous clients type, so they
    /// get a smaller share of memory and cannot push the lists out.
    pub searches: RenderCache,
    pub files: FileStore,
    pub limits: Limits,
    /// Where comments were sent lately: a submission's draft, clause and commune.
    pub destinations: crate::services::comments::DestinationCache,
    /// Rung after a request queues mail, so the worker sends it at once.
    pub mail_wakeup: Arc<Notify>,
    /// The search backend the settings chose.
    pub search: Search,
    /// Whose site this is, as the footer and the privacy notice say.
    pub site: Arc<SiteInfo>,
    /// Published synthesis reports, as last built.
    pub reports: crate::web::public::ReportCache,
    /// When a write last failed for want of space (0: not since the last success).
    pub storage: crate::web::health::StorageWatch,
}

impl AppState {
    /// What a view needs besides its data, at `now`.
    pub fn ctx(&self, now: chrono::NaiveDateTime) -> crate::views::Ctx {
        crate::views::Ctx::new(now).with_operator(self.site.operator())
    }
}
