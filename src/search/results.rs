//! A search as the public asks it: the words, the kind of result, the draft filters
//! (agency, type, status, year), the order and the page; answered with highlighted
//! hits that lead to their draft, clause or comment, and facet counts. The same for the
//! search page and the JSON endpoint, whichever backend runs.

use crate::domain::ids::*;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;

use super::highlight::{self, Segment};
use super::{DocKind, Search, SearchError, SearchRequest, Sort, query};
use crate::db::queries::Page;
use crate::db::queries::drafts::{self, DraftFilter, DraftListItem};
use crate::db::{Db, DbError};
use crate::domain::PeriodStatus;
use crate::domain::time;

pub const PER_PAGE: i64 = 20;
/// A longer query is refused: nobody types more to find a clause.
pub const MAX_QUERY_CHARS: usize = 200;
/// Pages beyond this are not served (backends count matches only so far).
pub const MAX_PAGE: i64 = super::MATCH_WINDOW / PER_PAGE;
const EXCERPT_CHARS: usize = 240;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicQuery {
    pub q: String,
    pub kind: Option<DocKind>,
    pub filter: DraftFilter,
    pub sort: Sort,
    pub page: i64,
}

impl PublicQuery {
    /// Whether there is anything to search for: words or a filter.
    pub fn is_empty(&self) -> bool {
        query::words(&self.q).is_empty()
            && self.kind.is_none()
            && self.filter == DraftFilter::default()
    }
}

/// The draft a hit belongs to, as a result shows it.
#[derive(Debug, Clone)]
pub struct DraftRef {
    pub slug: String,
    pub title: String,
    pub agency: String,
    pub doc_type: String,
    pub status: PeriodStatus,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: DocKind,
    pub title: Vec<Segment>,
    pub excerpt: Vec<Segment>,
    /// The page and anchor the result leads to.
    pub url: String,
    pub draft: DraftRef,
    pub date: NaiveDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub kinds: Vec<(DocKind, i64)>,
    /// (slug, name, count), most results first.
    pub agencies: Vec<(String, String, i64)>,
    /// (code, name, count), most results first.
    pub doc_types: Vec<(String, String, i64)>,
    pub statuses: Vec<(PeriodStatus, i64)>,
    /// Newest year first.
    pub years: Vec<(i32, i64)>,
}

#[derive(Debug)]
pub struct Results {
    pub hits: Page<Hit>,
    /// The number of matches is at least `hits.total` (counting stopped there).
    pub total_is_floor: bool,
    pub facets: Facets,
}

/// Runs the search: the draft filters become a set of draft ids, the backend finds the
/// page of documents and the counts, and the drafts of both are read in one query.
pub async fn run(
    db: &Db,
    search: &Search,
    q: &PublicQuery,
    now: NaiveDateTime,
) -> Result<Results, SearchError> {
    let filter = q.filter.clone();
    let drafts = if filter == DraftFilter::default() {
        None
    } else {
        Some(
            db.run(move |c| drafts::ids(c, &filter, now).map_err(DbError::from))
                .await?,
        )
    };
    let page = q.page.clamp(1, MAX_PAGE);
    let req = SearchRequest {
        q: q.q.clone(),
        kind: q.kind,
        drafts,
        sort: q.sort,
        offset: (page - 1) * PER_PAGE,
        limit: PER_PAGE,
    };
    let found = search.search(&req).await?;
    let mut wanted: Vec<DraftId> = found.by_draft.keys().copied().collect();
    wanted.extend(found.hits.iter().map(|h| h.draft_id));
    wanted.sort_unstable();
    wanted.dedup();
    let items: HashMap<DraftId, DraftListItem> = db
        .run(move |c| drafts::items_by_id(c, &wanted).map_err(DbError::from))
        .await?
        .into_iter()
        .map(|i| (i.draft.id, i))
        .collect();

    let words = query::words(&q.q);
    let hits = found
        .hits
        .into_iter()
        .filter_map(|doc| {
            // A draft withdrawn from public view since it was indexed: its documents are
            // on their way out of the index; never show them meanwhile.
            let item = items.get(&doc.draft_id)?;
            let d = &item.draft;
            Some(Hit {
                kind: doc.kind,
                title: highlight::excerpt(&doc.title, &words, 400),
                excerpt: highlight::excerpt(&doc.body, &words, EXCERPT_CHARS),
                url: format!("{}{}", crate::paths::public::draft(&d.slug), doc.link),
                draft: DraftRef {
                    slug: d.slug.clone(),
                    title: d.title.clone(),
                    agency: item.agency.name.clone(),
                    doc_type: item.doc_type.name.clone(),
                    status: d.period_status(now),
                },
                date: chrono::DateTime::from_timestamp(doc.date_ts, 0)
                    .unwrap_or_default()
                    .naive_utc(),
            })
        })
        .collect();
    Ok(Results {
        hits: Page {
            items: hits,
            number: page,
            per_page: PER_PAGE,
            total: found.total,
        },
        total_is_floor: found.total_is_floor,
        facets: facets(&found.by_kind, &found.by_draft, &items, now),
    })
}

fn facets(
    by_kind: &BTreeMap<String, i64>,
    by_draft: &BTreeMap<DraftId, i64>,
    items: &HashMap<DraftId, DraftListItem>,
    now: NaiveDateTime,
) -> Facets {
    let mut agencies: HashMap<&str, (&str, i64)> = HashMap::new();
    let mut doc_types: HashMap<&str, (&str, i64)> = HashMap::new();
    let mut statuses: HashMap<PeriodStatus, i64> = HashMap::new();
    let mut years: BTreeMap<i32, i64> = BTreeMap::new();
    for (id, n) in by_draft {
        let Some(item) = items.get(id) else { continue };
        agencies
            .entry(&item.agency.slug)
            .or_insert((&item.agency.name, 0))
            .1 += n;
        doc_types
            .entry(&item.doc_type.code)
            .or_insert((&item.doc_type.name, 0))
            .1 += n;
        *statuses.entry(item.draft.period_status(now)).or_default() += n;
        if let Some(opens) = item.draft.opens_at {
            use chrono::Datelike;
            *years.entry(time::local_date(opens).year()).or_default() += n;
        }
    }
    let ranked = |m: HashMap<&str, (&str, i64)>| {
        let mut v: Vec<(String, String, i64)> = m
            .into_iter()
            .map(|(k, (name, n))| (k.to_string(), name.to_string(), n))
            .collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        v
    };
    let mut statuses: Vec<(PeriodStatus, i64)> = statuses.into_iter().collect();
    const ORDER: [PeriodStatus; 4] = [
        PeriodStatus::Open,
        PeriodStatus::Upcoming,
        PeriodStatus::Closed,
        PeriodStatus::NotScheduled,
    ];
    statuses.sort_by_key(|(s, _)| ORDER.iter().position(|x| x == s));
    Facets {
        kinds: DocKind::ALL
            .iter()
            .filter_map(|k| {
                by_kind
                    .get(k.as_str())
                    .filter(|n| **n > 0)
                    .map(|n| (*k, *n))
            })
            .collect(),
        agencies: ranked(agencies),
        doc_types: ranked(doc_types),
        statuses,
        years: years.into_iter().rev().collect(),
    }
}
