//! Search with Meilisearch, through meilisearch-sdk, against its documented HTTP API.
//!
//! Meilisearch is used as an inverted index, and the portal ranks, as it does with the
//! database backends (`rank`): a search asks for the same windows (the newest matches,
//! and the newest matching drafts and clauses) and for which of their matches carry
//! each ranking signal, and `rank::rank` orders and pages them. So every backend finds,
//! counts and orders the same documents, and pages never overlap.
//!
//! Each document is sent with fields made for that:
//! - `folded_title`, `folded_body`: the text folded (no diacritics, đ as d), so that
//!   "dat dai" finds "đất đai" whatever the server's own normalisation does;
//! - `spelled`: each word of the text as written, encoded in ASCII letters (`spell`),
//!   because Meilisearch strips diacritics from every word it indexes, and the exact
//!   spelling typed is a ranking signal;
//! - `date_ts` and `seq` (kind and id), whose order is `SearchDoc::order_key`'s.
//!   Meilisearch keeps numbers as doubles, which hold neither the order key nor its
//!   bounds exactly, so the order is kept in two fields that each fit.
//!
//! Every word of a query is sent quoted, as a phrase: then Meilisearch matches it whole,
//! with neither typos nor prefixes, as the database backends do.
//!
//! Every write is an asynchronous task, index creation and settings included: nothing
//! relies on one before it has succeeded. The settings job (`setup`, run by the index
//! worker until it succeeds) waits for its tasks, and searches wait (a little) until it
//! has; `/readyz` reports the state and the last task that failed. Every request is
//! bounded by a timeout: a hung server makes search fail with a clear error and the
//! outbox retry later, never a request that waits forever.

use crate::domain::ids::*;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::documents::DocumentDeletionQuery;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, SearchQuery, SearchResults};
use meilisearch_sdk::settings::{
    MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::{Task, TaskType};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::docs::Changes;
use super::query::{self, Word};
use super::rank::{Found, Match, Ranked, STRUCTURAL, rank};
use super::{BackendAnswer, DocKind, MATCH_WINDOW, SearchDoc, SearchError, SearchRequest};
use crate::text;

/// A search or a small update answers well within this; beyond it the server is
/// treated as down.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Waiting for an indexing task (a batch of a reindex can take a while).
const TASK_TIMEOUT: Duration = Duration::from_secs(120);
const TASK_POLL: Duration = Duration::from_millis(25);
/// A search that arrives before the index's settings have succeeded waits this long for
/// them before it is answered "unavailable".
const READY_WAIT: Duration = Duration::from_secs(3);

/// The shape of the documents this code writes and reads. It is part of the index's
/// name, so that a portal whose documents changed shape starts on a new index, which it
/// fills from the database, instead of searching fields that the old documents lack.
pub const SHAPE: &str = "v2";

#[derive(Clone)]
pub struct MeiliSearch {
    client: Client,
    uid: String,
    status: Arc<Status>,
}

/// Whether the index can be searched, and the last task that failed.
struct Status {
    state: watch::Sender<IndexState>,
    last_failed: Mutex<Option<FailedTask>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexState {
    /// The index, or its settings, have not been confirmed yet: searches wait, then are
    /// answered "unavailable".
    Preparing,
    /// The settings task has succeeded in this process's sight.
    Ready,
}

/// A Meilisearch task that failed, as `/readyz` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedTask {
    pub uid: u32,
    #[serde(rename = "type")]
    pub kind: String,
    pub index: Option<String>,
    pub code: String,
    pub message: String,
}

/// What `/readyz` says of the index.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    pub index: String,
    pub state: IndexState,
    pub last_failed_task: Option<FailedTask>,
}

/// What is sent to Meilisearch: the document and the fields the search reads.
#[derive(Serialize)]
struct MeiliDoc<'a> {
    #[serde(flatten)]
    doc: &'a SearchDoc,
    seq: i64,
    folded_title: String,
    folded_body: String,
    spelled: String,
}

impl<'a> MeiliDoc<'a> {
    fn new(doc: &'a SearchDoc) -> Self {
        MeiliDoc {
            doc,
            seq: doc.order_key() & SEQ_MASK,
            folded_title: text::fold(&doc.title),
            folded_body: text::fold(&doc.body),
            spelled: spelled(&format!("{}\n{}", doc.title, doc.body)),
        }
    }
}

/// The part of the order key below the date: kind and id (30 bits, exact as a double).
const SEQ_MASK: i64 = (1 << 30) - 1;

/// A match as a window reads it.
#[derive(Deserialize)]
struct Hit {
    date_ts: i64,
    seq: i64,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    draft_id: Option<DraftId>,
}

impl Hit {
    fn order_key(&self) -> i64 {
        (self.date_ts.clamp(0, (1 << 32) - 1) << 30) | (self.seq & SEQ_MASK)
    }
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

fn is_code(e: &MeiliError, code: ErrorCode) -> bool {
    matches!(e, MeiliError::Meilisearch(m) if m.error_code == code)
}

/// The fields the search reads, in the order the title matters.
const SEARCHABLE: [&str; 3] = ["folded_title", "folded_body", "spelled"];

/// The index settings the application relies on.
pub fn settings() -> Settings {
    Settings::new()
        .with_searchable_attributes(SEARCHABLE)
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
            "seq",
        ])
        .with_filterable_attributes([
            "id",
            "kind",
            "draft_id",
            "commenter_kind",
            "commune",
            "date_ts",
            "seq",
        ])
        .with_sortable_attributes(["date_ts", "seq"])
        // "sort" first: every search sorts by the order key, so the windows are the
        // newest matches, as on the database backends. Relevance is the portal's.
        .with_ranking_rules([
            "sort",
            "words",
            "typo",
            "proximity",
            "attributeRank",
            "exactness",
        ])
        // Words are sent as phrases, which never take typos; the encoded spellings
        // must never match one another by a typo either.
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: Some(vec!["spelled".into()]),
            disable_on_words: Some(Vec::new()),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(5),
                two_typos: Some(9),
            }),
            disable_on_numbers: None,
        })
        // One more than the window, to know that there are more.
        .with_pagination(PaginationSetting {
            max_total_hits: MATCH_WINDOW as usize + 1,
        })
}

/// Each word of `text` (lower case, NFC) as a word of ASCII letters that no
/// normalisation changes: a word of ASCII letters and digits as it is, any other
/// character as `q` and its code point in five letters. "học" → "hqaalpnc". The words
/// stay whole words for Meilisearch (letters only), and two spellings never meet.
pub fn spelled(text: &str) -> String {
    let lower = text::nfc(text).to_lowercase();
    let mut out = String::with_capacity(lower.len() * 2);
    for word in query::tokens(&lower) {
        if !out.is_empty() {
            out.push(' ');
        }
        push_spelled(&mut out, word);
    }
    out
}

fn push_spelled(out: &mut String, word: &str) {
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('q');
            let mut n = c as u32;
            let mut code = [b'a'; 5];
            for slot in code.iter_mut().rev() {
                *slot = b'a' + (n % 26) as u8;
                n /= 26;
            }
            out.extend(code.iter().map(|b| *b as char));
        }
    }
}

/// A query's words as Meilisearch phrases: each whole, with no typo and no prefix.
fn phrases(words: &[Word], pick: impl Fn(&Word) -> String) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", pick(w)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn kinds_filter(kinds: &[DocKind]) -> String {
    let list: Vec<String> = kinds
        .iter()
        .map(|k| format!("\"{}\"", k.as_str()))
        .collect();
    format!("kind IN [{}]", list.join(", "))
}

/// Matches at or after `key` in the order: `date_ts`, then `seq`, as the order key.
fn from_filter(key: i64) -> String {
    let (ts, seq) = (key >> 30, key & SEQ_MASK);
    format!("(date_ts > {ts} OR (date_ts = {ts} AND seq >= {seq}))")
}

fn and(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| format!("({p})"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The camelCase type of a task, as Meilisearch names it.
fn task_type(t: &TaskType) -> &'static str {
    match t {
        TaskType::DocumentAdditionOrUpdate { .. } => "documentAdditionOrUpdate",
        TaskType::DocumentDeletion { .. } => "documentDeletion",
        TaskType::IndexCreation { .. } => "indexCreation",
        TaskType::IndexUpdate { .. } => "indexUpdate",
        TaskType::IndexDeletion { .. } => "indexDeletion",
        TaskType::SettingsUpdate { .. } => "settingsUpdate",
        TaskType::IndexSwap { .. } => "indexSwap",
        _ => "other",
    }
}

/// One query of a multi-search: a window of matches, newest first.
struct Ask {
    q: String,
    on: &'static [&'static str],
    filter: String,
    limit: usize,
    /// Only the order is needed (signals), or also kind and draft (windows).
    full: bool,
}

const ORDER: [&str; 2] = ["date_ts:desc", "seq:desc"];
const ORDER_FIELDS: [&str; 2] = ["date_ts", "seq"];
const MATCH_FIELDS: [&str; 4] = ["date_ts", "seq", "kind", "draft_id"];
const FOLDED: [&str; 2] = ["folded_title", "folded_body"];
const TITLE: [&str; 1] = ["folded_title"];
const SPELLED: [&str; 1] = ["spelled"];

impl MeiliSearch {
    /// `name` is GOPY_MEILI_INDEX; the index is `{name}_{SHAPE}`.
    pub fn new(url: &str, key: Option<&str>, name: &str) -> Result<Self, SearchError> {
        let client = Client::new(url.trim_end_matches('/'), key).map_err(err)?;
        Ok(MeiliSearch {
            client,
            uid: format!("{name}_{SHAPE}"),
            status: Arc::new(Status {
                state: watch::Sender::new(IndexState::Preparing),
                last_failed: Mutex::new(None),
            }),
        })
    }

    pub fn index_uid(&self) -> &str {
        &self.uid
    }

    fn index(&self) -> Index {
        self.client.index(&self.uid)
    }

    pub fn health(&self) -> Health {
        Health {
            index: self.uid.clone(),
            state: *self.status.state.borrow(),
            last_failed_task: self
                .status
                .last_failed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        }
    }

    /// Waits for the settings (at most `READY_WAIT`).
    async fn ready(&self) -> Result<(), SearchError> {
        let mut rx = self.status.state.subscribe();
        match tokio::time::timeout(READY_WAIT, rx.wait_for(|s| *s == IndexState::Ready)).await {
            Ok(Ok(_)) => Ok(()),
            _ => Err(SearchError::NotReady),
        }
    }

    /// Waits for a task to end; a failed task is an error, and is recorded for
    /// `/readyz`. Gone when the task has not ended within `TASK_TIMEOUT`.
    async fn wait(&self, task: TaskInfo) -> Result<(), SearchError> {
        let deadline = tokio::time::Instant::now() + TASK_TIMEOUT;
        loop {
            let t = bounded(REQUEST_TIMEOUT, self.client.get_task(&task)).await?;
            match t {
                Task::Succeeded { .. } => return Ok(()),
                Task::Failed { content } => {
                    let failed = FailedTask {
                        uid: content.task.uid,
                        kind: task_type(&content.task.update_type).to_string(),
                        index: content.task.index_uid.clone(),
                        code: content.error.error_code.to_string(),
                        message: content.error.error_message.clone(),
                    };
                    tracing::warn!(task = ?failed, "Meilisearch task failed");
                    *self
                        .status
                        .last_failed
                        .lock()
                        .unwrap_or_else(|e| e.into_inner()) = Some(failed);
                    return Err(SearchError::Meili(content.error.to_string()));
                }
                Task::Enqueued { .. } | Task::Processing { .. } => {
                    if tokio::time::Instant::now() >= deadline {
                        return Err(SearchError::Meili(format!(
                            "task {} not done within {} s",
                            task.get_task_uid(),
                            TASK_TIMEOUT.as_secs()
                        )));
                    }
                    tokio::time::sleep(TASK_POLL).await;
                }
            }
        }
    }

    /// The settings job: makes sure the index exists with its settings and waits for
    /// both tasks to succeed; then searches may run. Safe to run at every start and in
    /// every replica. True when the index was created just now (and so is empty).
    pub async fn setup(&self) -> Result<bool, SearchError> {
        let created = self.setup_index(&self.uid).await?;
        self.status.state.send_replace(IndexState::Ready);
        Ok(created)
    }

    /// Whether the index exists; asked first, so that no task is sent that would fail
    /// because the index is already there, or already gone.
    async fn exists(&self, uid: &str) -> Result<bool, SearchError> {
        match tokio::time::timeout(REQUEST_TIMEOUT, self.client.get_raw_index(uid)).await {
            Ok(Ok(_)) => Ok(true),
            Ok(Err(e)) if is_code(&e, ErrorCode::IndexNotFound) => Ok(false),
            Ok(Err(e)) => Err(err(e)),
            Err(_) => Err(SearchError::Meili("no answer".into())),
        }
    }

    async fn setup_index(&self, uid: &str) -> Result<bool, SearchError> {
        let mut created = false;
        if !self.exists(uid).await? {
            let task = bounded(REQUEST_TIMEOUT, self.client.create_index(uid, Some("id"))).await?;
            match self.wait(task).await {
                Ok(()) => created = true,
                // Another replica created it between the question and the creation.
                Err(e) if self.exists(uid).await? => {
                    tracing::info!(index = uid, error = %e, "index created elsewhere meanwhile");
                }
                Err(e) => return Err(e),
            }
        }
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
            let ids: Vec<String> = changes
                .drafts_replaced
                .iter()
                .map(DraftId::to_string)
                .collect();
            let filter = format!(
                "{} AND draft_id IN [{}]",
                kinds_filter(&STRUCTURAL),
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
            let docs: Vec<MeiliDoc<'_>> = changes.upserts.iter().map(MeiliDoc::new).collect();
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

    fn rebuild_uid(&self) -> String {
        format!("{}_rebuild", self.uid)
    }

    /// A full rebuild goes into a new index that replaces the live one in one step, so
    /// search keeps answering from the old index until the new one is complete. A
    /// rebuild left over from an interrupted run is deleted first.
    pub async fn begin_rebuild(&self) -> Result<String, SearchError> {
        let uid = self.rebuild_uid();
        if self.exists(&uid).await? {
            let task = bounded(REQUEST_TIMEOUT, self.client.delete_index(&uid)).await?;
            self.wait(task).await?;
        }
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

    /// Swaps the rebuilt index in and deletes the old one (now under the rebuild's name).
    pub async fn finish_rebuild(&self, uid: &str) -> Result<(), SearchError> {
        // The swap needs both indexes; the live one exists unless it was deleted by hand.
        self.setup().await?;
        let swap = SwapIndexes {
            indexes: (self.uid.clone(), uid.to_string()),
            rename: None,
        };
        let task = bounded(REQUEST_TIMEOUT, self.client.swap_indexes([&swap])).await?;
        self.wait(task).await?;
        if self.exists(uid).await? {
            let task = bounded(REQUEST_TIMEOUT, self.client.delete_index(uid)).await?;
            self.wait(task).await?;
        }
        Ok(())
    }

    /// Runs the queries in one multi-search; each answer's hits, in the queries' order.
    async fn windows(&self, asks: &[Ask]) -> Result<Vec<Vec<Hit>>, SearchError> {
        if asks.is_empty() {
            return Ok(Vec::new());
        }
        let index = self.index();
        let mut multi = self.client.multi_search();
        for a in asks {
            let mut q = SearchQuery::new(&index);
            q.with_query(&a.q)
                .with_attributes_to_search_on(a.on)
                .with_sort(&ORDER)
                .with_limit(a.limit)
                .with_attributes_to_retrieve(meilisearch_sdk::search::Selectors::Some(if a.full {
                    &MATCH_FIELDS
                } else {
                    &ORDER_FIELDS
                }))
                .with_matching_strategy(MatchingStrategies::ALL);
            if !a.filter.is_empty() {
                q.with_filter(&a.filter);
            }
            multi.with_search_query(q);
        }
        let answer = bounded(REQUEST_TIMEOUT, multi.execute::<Hit>()).await?;
        Ok(answer
            .results
            .into_iter()
            .map(|r: SearchResults<Hit>| r.hits.into_iter().map(|h| h.result).collect())
            .collect())
    }

    pub async fn search(&self, req: &SearchRequest) -> Result<BackendAnswer, SearchError> {
        self.ready().await?;
        let drafts = match &req.drafts {
            Some(ids) if ids.is_empty() => return Ok(BackendAnswer::default()),
            Some(ids) => {
                let list: Vec<String> = ids.iter().map(DraftId::to_string).collect();
                format!("draft_id IN [{}]", list.join(", "))
            }
            None => String::new(),
        };
        let kind = req.kind.map(|k| kinds_filter(&[k])).unwrap_or_default();
        let words = query::words(&req.q);
        let matching = phrases(&words, |w| w.folded.clone());

        // The windows: the newest matches and, with words and no kind asked for, the
        // newest matching drafts and clauses.
        let mut asks = vec![Ask {
            q: matching.clone(),
            on: &FOLDED,
            filter: and(&[&kind, &drafts]),
            limit: MATCH_WINDOW as usize + 1,
            full: true,
        }];
        let structural_asked = !words.is_empty() && req.kind.is_none();
        if structural_asked {
            asks.push(Ask {
                q: matching.clone(),
                on: &FOLDED,
                filter: and(&[&kinds_filter(&STRUCTURAL), &drafts]),
                limit: MATCH_WINDOW as usize,
                full: true,
            });
        }
        let mut answers = self.windows(&asks).await?.into_iter();
        let to_match = |h: Hit| {
            Some(Match {
                id: h.order_key(),
                kind: h.kind?,
                draft_id: h.draft_id?,
            })
        };
        let mut found = Found {
            window: answers
                .next()
                .unwrap_or_default()
                .into_iter()
                .filter_map(to_match)
                .collect(),
            structural: answers
                .next()
                .unwrap_or_default()
                .into_iter()
                .filter_map(to_match)
                .collect(),
            ..Found::default()
        };

        if !words.is_empty() && req.sort == super::Sort::Relevance {
            self.signals(&words, &kind, &drafts, &mut found).await?;
        }
        let Ranked {
            page,
            total,
            total_is_floor,
            by_kind,
            by_draft,
        } = rank(found, req, !words.is_empty());
        let hits = self.documents(&page).await?;
        Ok(BackendAnswer {
            hits,
            total,
            total_is_floor,
            by_kind,
            by_draft,
        })
    }

    /// Which matches of the windows have each signal: a search per signal, from the
    /// oldest match of each window on, so that each reads about as many matches as the
    /// window holds (as the database backends' lookups do).
    async fn signals(
        &self,
        words: &[Word],
        kind: &str,
        drafts: &str,
        found: &mut Found,
    ) -> Result<(), SearchError> {
        let mut ranges: Vec<(String, i64)> = Vec::new();
        let oldest = found.window.last().map(|m| m.id);
        if let Some(o) = oldest {
            ranges.push((kind.to_string(), o));
        }
        if let Some(s) = found
            .structural
            .last()
            .filter(|s| Some(s.id) < oldest || oldest.is_none())
        {
            ranges.push((kinds_filter(&STRUCTURAL), s.id));
        }
        let phrase = (words.len() > 1).then(|| {
            let joined: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
            format!("\"{}\"", joined.join(" "))
        });
        let exact = words
            .iter()
            .map(|w| {
                let mut s = String::new();
                push_spelled(&mut s, &w.exact);
                format!("\"{s}\"")
            })
            .collect::<Vec<_>>()
            .join(" ");
        let title = phrases(words, |w| w.folded.clone());
        // (signal, query, fields) for each range.
        let mut asks = Vec::new();
        let mut which = Vec::new();
        for (filter, from) in &ranges {
            let filter = and(&[filter, drafts, &from_filter(*from)]);
            if let Some(p) = &phrase {
                which.push(0);
                asks.push(Ask {
                    q: p.clone(),
                    on: &FOLDED,
                    filter: filter.clone(),
                    limit: MATCH_WINDOW as usize + 1,
                    full: false,
                });
            }
            which.push(1);
            asks.push(Ask {
                q: exact.clone(),
                on: &SPELLED,
                filter: filter.clone(),
                limit: MATCH_WINDOW as usize + 1,
                full: false,
            });
            which.push(2);
            asks.push(Ask {
                q: title.clone(),
                on: &TITLE,
                filter,
                limit: MATCH_WINDOW as usize + 1,
                full: false,
            });
        }
        let answers = self.windows(&asks).await?;
        let signals = &mut found.signals;
        if phrase.is_some() {
            signals.phrase = Some(HashSet::new());
        }
        for (signal, hits) in which.into_iter().zip(answers) {
            let keys = hits.iter().map(Hit::order_key);
            match signal {
                0 => signals.phrase.get_or_insert_with(HashSet::new).extend(keys),
                1 => signals.exact.extend(keys),
                _ => signals.title.extend(keys),
            }
        }
        Ok(())
    }

    /// The page's documents, in the page's order.
    async fn documents(&self, page: &[i64]) -> Result<Vec<SearchDoc>, SearchError> {
        if page.is_empty() {
            return Ok(Vec::new());
        }
        let filter = page
            .iter()
            .map(|k| format!("(date_ts = {} AND seq = {})", k >> 30, k & SEQ_MASK))
            .collect::<Vec<_>>()
            .join(" OR ");
        let index = self.index();
        let mut q = SearchQuery::new(&index);
        q.with_filter(&filter).with_limit(page.len());
        #[derive(Deserialize)]
        struct Full {
            #[serde(flatten)]
            doc: SearchDoc,
            seq: i64,
        }
        let found = bounded(REQUEST_TIMEOUT, q.execute::<Full>()).await?;
        let mut by_key: HashMap<i64, SearchDoc> = found
            .hits
            .into_iter()
            .map(|h| {
                let key = (h.result.doc.date_ts.clamp(0, (1 << 32) - 1) << 30)
                    | (h.result.seq & SEQ_MASK);
                (key, h.result.doc)
            })
            .collect();
        Ok(page.iter().filter_map(|k| by_key.remove(k)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_stay_apart_and_words_stay_whole() {
        assert_eq!(
            spelled("Học phí 2025"),
            format!("h{}c ph{} 2025", code('ọ'), code('í'))
        );
        assert_ne!(
            spelled("hòa"),
            spelled("hoà"),
            "the spelling typed, as the database keeps it"
        );
        assert_eq!(spelled("hoc"), "hoc", "a word without diacritics is itself");
        assert_ne!(spelled("học"), spelled("hoc"));
        assert!(
            spelled("Đất đai, quyền-sử-dụng!")
                .split(' ')
                .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
        );
        assert_eq!(spelled("Đất").split(' ').count(), 1);
        let mut one = String::new();
        push_spelled(&mut one, "đất");
        assert_eq!(spelled("ĐẤT"), one, "lower case, as a query's words");
    }

    fn code(c: char) -> String {
        let mut s = String::new();
        push_spelled(&mut s, &c.to_string());
        s
    }

    #[test]
    fn the_order_is_kept_exactly_in_two_doubles() {
        let doc = SearchDoc {
            id: "comment-268435455".into(),
            kind: DocKind::Comment,
            draft_id: DraftId(1),
            title: String::new(),
            body: String::new(),
            link: String::new(),
            commenter_kind: String::new(),
            commune: String::new(),
            date_ts: 1_900_000_000,
        };
        let m = MeiliDoc::new(&doc);
        assert!((m.seq as f64) as i64 == m.seq && m.seq < (1 << 53));
        let hit = Hit {
            date_ts: doc.date_ts,
            seq: m.seq,
            kind: None,
            draft_id: None,
        };
        assert_eq!(hit.order_key(), doc.order_key());
        assert_eq!(
            from_filter(doc.order_key()),
            format!(
                "(date_ts > 1900000000 OR (date_ts = 1900000000 AND seq >= {}))",
                m.seq
            )
        );
    }

    #[test]
    fn query_words_are_phrases_of_letters_and_digits() {
        let w = query::words("\"đất\" OR hoc* phí");
        assert_eq!(
            phrases(&w, |w| w.folded.clone()),
            "\"dat\" \"or\" \"hoc\" \"phi\""
        );
    }
}
