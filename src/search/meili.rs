//! Search with Meilisearch, through meilisearch-sdk, against its documented HTTP API.
//!
//! The index holds `SearchDoc`s plus a `folded` field (the text without diacritics, as
//! the database backend folds it), so that "dat dai" finds "đất đai" whatever the
//! server's own normalisation does with "đ". The settings are applied at start, every
//! time: the PATCH is idempotent and Meilisearch skips work when nothing changed.
//!
//! Every request is bounded by a timeout: a hung server makes search fail with a clear
//! error and the outbox retry later, never a request that waits forever.

use std::collections::BTreeMap;
use std::time::Duration;

use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::documents::DocumentDeletionQuery;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::settings::{
    FacetingSettings, MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::Serialize;

use super::docs::Changes;
use super::{BackendAnswer, MATCH_WINDOW, SearchDoc, SearchError, SearchRequest, Sort};
use crate::text;

/// A search or a small update answers well within this; beyond it the server is
/// treated as down.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Waiting for an indexing task (a batch of a reindex can take a while).
const TASK_TIMEOUT: Duration = Duration::from_secs(120);
const TASK_POLL: Duration = Duration::from_millis(25);

#[derive(Clone)]
pub struct MeiliSearch {
    client: Client,
    uid: String,
}

/// What is sent to Meilisearch: the document and its folded text.
#[derive(Serialize)]
struct MeiliDoc<'a> {
    #[serde(flatten)]
    doc: &'a SearchDoc,
    folded: String,
}

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Meili(e.to_string())
}

async fn bounded<T>(
    limit: Duration,
    f: impl std::future::Future<Output = Result<T, MeiliError>>,
) -> Result<T, SearchError> {
    match tokio::time::timeout(limit, f).await {
        Ok(r) => r.map_err(err),
        Err(_) => Err(SearchError::Meili(format!(
            "no answer within {} s",
            limit.as_secs()
        ))),
    }
}

/// The index settings the application relies on.
pub fn settings() -> Settings {
    Settings::new()
        // Title first: the attribute rule ranks a match in a title above one in a body.
        .with_searchable_attributes(["title", "body", "folded"])
        .with_displayed_attributes([
            "id",
            "kind",
            "draft_id",
            "title",
            "body",
            "link",
            "commenter_kind",
            "commune",
            "date_ts",
        ])
        .with_filterable_attributes(["kind", "draft_id", "commenter_kind", "commune"])
        .with_sortable_attributes(["date_ts"])
        // "sort" first, so that "newest first" is by date alone; with no sort asked
        // for, the rule does nothing and relevance decides.
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            "proximity",
            "attribute",
            "exactness",
        ])
        // Vietnamese syllables are short: a typo in a 3- or 4-letter syllable is
        // another word ("dat", "dan"), so typos are allowed from 5 letters, two from 9.
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: Some(Vec::new()),
            disable_on_words: Some(Vec::new()),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            disable_on_numbers: None,
        })
        .with_pagination(PaginationSetting {
            max_total_hits: MATCH_WINDOW as usize,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: 1000,
            sort_facet_values_by: None,
        })
}

impl MeiliSearch {
    pub fn new(url: &str, key: Option<&str>, uid: &str) -> Result<Self, SearchError> {
        let client = Client::new(url.trim_end_matches('/'), key).map_err(err)?;
        Ok(MeiliSearch {
            client,
            uid: uid.to_string(),
        })
    }

    pub fn index_uid(&self) -> &str {
        &self.uid
    }

    fn index(&self) -> Index {
        self.client.index(&self.uid)
    }

    async fn wait(&self, task: TaskInfo) -> Result<(), SearchError> {
        let done = bounded(
            TASK_TIMEOUT + Duration::from_secs(1),
            task.wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT)),
        )
        .await?;
        match done {
            Task::Failed { content } => Err(SearchError::Meili(content.error.to_string())),
            _ => Ok(()),
        }
    }

    /// Creates the index if it is missing and applies the settings. Safe to run at
    /// every start. True when the index was created just now (and so is empty).
    pub async fn setup(&self) -> Result<bool, SearchError> {
        self.setup_index(&self.uid).await
    }

    async fn setup_index(&self, uid: &str) -> Result<bool, SearchError> {
        let created = bounded(REQUEST_TIMEOUT, self.client.create_index(uid, Some("id"))).await?;
        let created = match bounded(
            TASK_TIMEOUT,
            created.wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT)),
        )
        .await?
        {
            Task::Failed { content }
                if content.error.error_code == ErrorCode::IndexAlreadyExists =>
            {
                false
            }
            Task::Failed { content } => return Err(SearchError::Meili(content.error.to_string())),
            _ => true,
        };
        let index = self.client.index(uid);
        let task = bounded(REQUEST_TIMEOUT, index.set_settings(&settings())).await?;
        self.wait(task).await?;
        Ok(created)
    }

    pub async fn apply(&self, changes: Changes) -> Result<(), SearchError> {
        self.apply_to(&self.index(), &changes).await
    }

    async fn apply_to(&self, index: &Index, changes: &Changes) -> Result<(), SearchError> {
        // Tasks of one index run in the order they were sent, so the deletions are done
        // before the new documents arrive; each is still checked.
        let mut tasks = Vec::new();
        if !changes.drafts_replaced.is_empty() {
            let ids: Vec<String> = changes.drafts_replaced.iter().map(i64::to_string).collect();
            let filter = format!(
                "kind IN [\"draft\", \"section\"] AND draft_id IN [{}]",
                ids.join(", ")
            );
            let mut query = DocumentDeletionQuery::new(index);
            query.with_filter(&filter);
            tasks.push(bounded(REQUEST_TIMEOUT, index.delete_documents_with(&query)).await?);
        }
        if !changes.deletes.is_empty() {
            tasks.push(bounded(REQUEST_TIMEOUT, index.delete_documents(&changes.deletes)).await?);
        }
        if !changes.upserts.is_empty() {
            let docs: Vec<MeiliDoc<'_>> = changes
                .upserts
                .iter()
                .map(|doc| MeiliDoc {
                    doc,
                    folded: text::fold(&format!("{}\n{}", doc.title, doc.body)),
                })
                .collect();
            tasks
                .push(bounded(REQUEST_TIMEOUT * 6, index.add_or_replace(&docs, Some("id"))).await?);
        }
        for task in tasks {
            self.wait(task).await?;
        }
        Ok(())
    }

    pub async fn clear(&self) -> Result<(), SearchError> {
        let task = bounded(REQUEST_TIMEOUT, self.index().delete_all_documents()).await?;
        self.wait(task).await
    }

    /// A full rebuild goes into a new index that replaces the live one in one step, so
    /// search keeps answering from the old index until the new one is complete.
    pub async fn begin_rebuild(&self) -> Result<String, SearchError> {
        let uid = format!("{}_rebuild", self.uid);
        let gone = bounded(REQUEST_TIMEOUT, self.client.delete_index(&uid)).await?;
        // A missing index is what we want; any other failure shows up in setup below.
        let _ = bounded(
            TASK_TIMEOUT,
            gone.wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT)),
        )
        .await?;
        self.setup_index(&uid).await?;
        Ok(uid)
    }

    pub async fn put_rebuild(&self, uid: &str, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        let changes = Changes {
            upserts: docs,
            ..Changes::default()
        };
        self.apply_to(&self.client.index(uid), &changes).await
    }

    pub async fn finish_rebuild(&self, uid: &str) -> Result<(), SearchError> {
        self.setup().await?;
        let swap = SwapIndexes {
            indexes: (self.uid.clone(), uid.to_string()),
            rename: None,
        };
        let task = bounded(REQUEST_TIMEOUT, self.client.swap_indexes([&swap])).await?;
        self.wait(task).await?;
        let task = bounded(REQUEST_TIMEOUT, self.client.delete_index(uid)).await?;
        self.wait(task).await
    }

    pub async fn search(&self, req: &SearchRequest) -> Result<BackendAnswer, SearchError> {
        let mut filters: Vec<String> = Vec::new();
        if let Some(k) = req.kind {
            filters.push(format!("kind = \"{}\"", k.as_str()));
        }
        match &req.drafts {
            Some(ids) if ids.is_empty() => return Ok(BackendAnswer::default()),
            Some(ids) => {
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                filters.push(format!("draft_id IN [{}]", list.join(", ")));
            }
            None => {}
        }
        let filter = filters.join(" AND ");
        // The words folded (no diacritics, đ as d), letters and digits only: they match
        // the `folded` field whatever the server's own normalisation does, so every
        // spelling finds the same documents, as in the database backend.
        let q = super::query::words(&req.q)
            .iter()
            .map(|w| w.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let index = self.index();
        let mut query = index.search();
        query
            .with_query(&q)
            .with_offset(req.offset.clamp(0, MATCH_WINDOW) as usize)
            .with_limit(req.limit.clamp(1, 100) as usize)
            .with_facets(Selectors::Some(&["kind", "draft_id"]))
            // Every word must match, as in the database backend (the default drops
            // words from the end until something matches).
            .with_matching_strategy(MatchingStrategies::ALL);
        if !filter.is_empty() {
            query.with_filter(&filter);
        }
        // With no words, the newest come first, as in the database backend.
        let newest: &[&str] = &["date_ts:desc"];
        if req.sort == Sort::Newest || q.is_empty() {
            query.with_sort(newest);
        }
        let found = bounded(REQUEST_TIMEOUT, query.execute::<SearchDoc>()).await?;
        let total = found
            .estimated_total_hits
            .or(found.total_hits)
            .unwrap_or(found.hits.len()) as i64;
        let facets = found.facet_distribution.unwrap_or_default();
        let by_kind: BTreeMap<String, i64> = facets
            .get("kind")
            .map(|m| m.iter().map(|(k, v)| (k.clone(), *v as i64)).collect())
            .unwrap_or_default();
        let by_draft: BTreeMap<i64, i64> = facets
            .get("draft_id")
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.parse().ok()?, *v as i64)))
                    .collect()
            })
            .unwrap_or_default();
        Ok(BackendAnswer {
            hits: found.hits.into_iter().map(|h| h.result).collect(),
            total: total.min(MATCH_WINDOW),
            total_is_floor: total >= MATCH_WINDOW,
            by_kind,
            by_draft,
        })
    }
}
