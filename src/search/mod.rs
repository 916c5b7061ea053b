//! Search across drafts, sections, published comments and answers, in Vietnamese typed
//! with or without diacritics.
//!
//! Two backends behind one interface: Meilisearch when GOPY_MEILI_URL is set, otherwise
//! the database's own full-text index (FTS5 on SQLite, tsvector on PostgreSQL). Both are
//! fed the same documents (`docs`) from the same durable outbox (`outbox`), and asked the
//! same questions (`SearchRequest`); the conformance tests hold them to the same answers.
//!
//! A document names its draft by id only. Everything about the draft (agency, type,
//! comment period, year) is looked up in the drafts table when searching, so filters on
//! those are filters on a set of draft ids, and a change to a draft never means
//! reindexing its comments.

pub mod database;
pub mod docs;
pub mod highlight;
pub mod meili;
pub mod outbox;
pub mod planning;
pub mod query;
pub mod rank;
pub mod results;
pub mod tsvector;

use crate::domain::ids::*;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::domain::DocKind;

/// One searchable thing, as both backends store it. Never holds an e-mail address or
/// any other contact: only what the public pages show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// "draft-3", "section-120", "comment-57", "answer-9".
    pub id: String,
    pub kind: DocKind,
    pub draft_id: DraftId,
    pub title: String,
    pub body: String,
    /// Where in its draft the result leads, after the draft's own address: "" (the
    /// draft), "#dieu-5-khoan-2" (a clause), "/y-kien/57" (a comment and its answer).
    /// Relative, so that a draft's new address never leaves stale links in the index.
    pub link: String,
    /// For comments: the kind of commenter and the commune (public facts).
    pub commenter_kind: String,
    pub commune: String,
    /// Seconds since 1970 (UTC): what "newest first" sorts by.
    pub date_ts: i64,
}

impl SearchDoc {
    /// The document's row id in the database backend: its date (seconds), then its kind,
    /// then the id of the thing, packed so that id order is date order. The index then
    /// yields the newest matches first, and "newest first" or "the newest N" never sorts
    /// every match. Unique while ids of one kind stay below 2^28 (268 million).
    pub fn order_key(&self) -> i64 {
        let n = self
            .id
            .rsplit('-')
            .next()
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0);
        order_key(self.kind, n, self.date_ts)
    }
}

/// `SearchDoc::order_key` of the document of `kind` number `n` dated `date_ts`, known
/// before the document is built (a reindex writes documents in this order).
pub fn order_key(kind: DocKind, n: i64, date_ts: i64) -> i64 {
    let ts = date_ts.clamp(0, (1 << 32) - 1);
    let kind = match kind {
        DocKind::Draft => 0,
        DocKind::Section => 1,
        DocKind::Comment => 2,
        DocKind::Answer => 3,
    };
    (ts << 30) | (kind << 28) | (n & ((1 << 28) - 1))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
}

/// A question to either backend. `drafts` is the set of draft ids the draft-level
/// filters (agency, type, status, year) allow; None means no such filter.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub kind: Option<DocKind>,
    pub drafts: Option<Vec<DraftId>>,
    pub sort: Sort,
    pub offset: i64,
    pub limit: i64,
}

/// What a backend answers: a page of documents, the number of matches (exact up to
/// `MATCH_WINDOW`, then a floor), and how they spread over kinds and drafts.
#[derive(Debug, Clone, Default)]
pub struct BackendAnswer {
    pub hits: Vec<SearchDoc>,
    pub total: i64,
    pub total_is_floor: bool,
    pub by_kind: BTreeMap<String, i64>,
    pub by_draft: BTreeMap<DraftId, i64>,
}

/// A search looks at the newest this many matches, and on the database backends as
/// many of the newest matching drafts and clauses (which newer comments would otherwise
/// crowd out): counts, facets, ranking and pages stop there, so that a very common word
/// costs no more than a rare one. Beyond it the reader narrows the search, with more
/// words or a filter.
pub const MATCH_WINDOW: i64 = 2_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("database: {0}")]
    Db(#[from] crate::db::DbError),
    #[error("meilisearch: {0}")]
    Meili(String),
    /// Meilisearch's index or its settings are not confirmed yet (see `meili::setup`).
    #[error("meilisearch: the index is not ready yet")]
    NotReady,
}

impl From<diesel::result::Error> for SearchError {
    fn from(e: diesel::result::Error) -> Self {
        SearchError::Db(crate::db::DbError::Query(e))
    }
}

/// The configured backend.
#[derive(Clone)]
pub enum Search {
    Database(database::DatabaseSearch),
    Meili(meili::MeiliSearch),
}

impl Search {
    /// Meilisearch when GOPY_MEILI_URL is set, otherwise the database.
    pub fn from_config(
        config: &crate::config::Config,
        db: &crate::db::Db,
    ) -> Result<Search, SearchError> {
        Ok(match &config.search.meili_url {
            Some(url) => Search::Meili(meili::MeiliSearch::new(
                url,
                config.search.meili_key.as_deref(),
                &config.search.meili_index,
            )?),
            None => Search::Database(database::DatabaseSearch::new(db.clone())),
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Search::Database(_) => "database",
            Search::Meili(_) => "meilisearch",
        }
    }

    /// Whether searches can run, and (Meilisearch) the last task that failed.
    pub fn health(&self) -> serde_json::Value {
        match self {
            Search::Database(_) => serde_json::json!({ "state": "ready" }),
            Search::Meili(m) => serde_json::to_value(m.health()).unwrap_or_default(),
        }
    }

    pub async fn search(&self, req: &SearchRequest) -> Result<BackendAnswer, SearchError> {
        match self {
            Search::Database(d) => d.search(req).await,
            Search::Meili(m) => m.search(req).await,
        }
    }

    /// Makes the index hold exactly `upserts` for their ids, and drops `deletes` and the
    /// draft and section documents of the drafts in `drafts_replaced` first.
    pub async fn apply(&self, changes: docs::Changes) -> Result<(), SearchError> {
        let changes = changes.dedup();
        match self {
            Search::Database(d) => d.apply(changes).await,
            Search::Meili(m) => m.apply(changes).await,
        }
    }

    pub async fn clear(&self) -> Result<(), SearchError> {
        match self {
            Search::Database(d) => d.clear().await,
            Search::Meili(m) => m.clear().await,
        }
    }
}
