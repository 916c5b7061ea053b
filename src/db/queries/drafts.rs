//! Reading published drafts: lists with filters, and everything a draft page shows.

use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Page;
use super::comments::PublicComment;
use crate::db::DbConnection;
use crate::db::models::{
    Agency, AgencyRef, Attachment, DocumentType, Draft, DraftLink, DraftVersion, Section,
    StageEvent, VersionMeta,
};
use crate::db::schema::*;
use crate::domain::PeriodStatus;
use crate::domain::time;

/// What a list of drafts shows of the document type.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = document_types)]
pub struct DocTypeRef {
    pub id: DocumentTypeId,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct DraftListItem {
    pub draft: Draft,
    pub agency: AgencyRef,
    pub doc_type: DocTypeRef,
}

/// Which published drafts to list. The public filters come from the URL; the bounds on
/// `closes_at` serve the home page's "closing soon".
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DraftFilter {
    pub agency: Option<String>,
    pub doc_type: Option<String>,
    pub status: Option<PeriodStatus>,
    pub year: Option<i32>,
    pub closes_before: Option<NaiveDateTime>,
    pub closes_from: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftOrder {
    /// Soonest deadline first: what needs comments now.
    ClosingFirst,
    /// Most recently closed first.
    RecentlyClosed,
    /// Soonest opening first.
    OpeningFirst,
    /// Newest comment period first: the default of the full list.
    Newest,
}

/// The filtered query, built twice (to count and to load) from one definition.
macro_rules! filtered {
    ($filter:expr, $now:expr) => {{
        let f: &DraftFilter = $filter;
        let now: NaiveDateTime = $now;
        let mut q = drafts::table
            .inner_join(agencies::table)
            .inner_join(document_types::table)
            .filter(drafts::publication.eq(crate::domain::Publication::Published))
            .into_boxed();
        if let Some(a) = &f.agency {
            q = q.filter(agencies::slug.eq(a.clone()));
        }
        if let Some(t) = &f.doc_type {
            q = q.filter(document_types::code.eq(t.clone()));
        }
        match f.status {
            Some(PeriodStatus::Upcoming) => q = q.filter(drafts::opens_at.gt(now)),
            Some(PeriodStatus::Open) => {
                q = q
                    .filter(drafts::opens_at.le(now))
                    .filter(drafts::closes_at.gt(now))
            }
            Some(PeriodStatus::Closed) => q = q.filter(drafts::closes_at.le(now)),
            Some(PeriodStatus::NotScheduled) => q = q.filter(drafts::opens_at.is_null()),
            None => {}
        }
        if let Some((start, end)) = f.year.and_then(time::year_range_utc) {
            q = q
                .filter(drafts::opens_at.ge(start))
                .filter(drafts::opens_at.lt(end));
        }
        if let Some(b) = f.closes_before {
            q = q.filter(drafts::closes_at.le(b));
        }
        if let Some(b) = f.closes_from {
            q = q.filter(drafts::closes_at.gt(b));
        }
        q
    }};
}

pub fn list(
    conn: &mut DbConnection,
    filter: &DraftFilter,
    order: DraftOrder,
    now: NaiveDateTime,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<DraftListItem>> {
    let total: i64 = filtered!(filter, now).count().get_result(conn)?;
    let items = load(
        conn,
        filter,
        order,
        now,
        Page::<()>::offset(page, per_page),
        per_page,
    )?;
    Ok(Page::of(items, page, per_page, total))
}

/// The ids of every draft the filter allows: what search narrows its results to.
pub fn ids(
    conn: &mut DbConnection,
    filter: &DraftFilter,
    now: NaiveDateTime,
) -> QueryResult<Vec<DraftId>> {
    filtered!(filter, now)
        .select(drafts::id)
        .order(drafts::id)
        .load(conn)
}

/// Published drafts by id, with their agency and type (in no particular order).
pub fn items_by_id(conn: &mut DbConnection, ids: &[DraftId]) -> QueryResult<Vec<DraftListItem>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(Draft, AgencyRef, DocTypeRef)> = drafts::table
            .inner_join(agencies::table)
            .inner_join(document_types::table)
            .filter(drafts::publication.eq(crate::domain::Publication::Published))
            .filter(drafts::id.eq_any(chunk))
            .select((
                Draft::as_select(),
                AgencyRef::as_select(),
                DocTypeRef::as_select(),
            ))
            .load(conn)?;
        out.extend(
            rows.into_iter()
                .map(|(draft, agency, doc_type)| DraftListItem {
                    draft,
                    agency,
                    doc_type,
                }),
        );
    }
    Ok(out)
}

/// The first `limit` drafts, without a count: for the home page's short lists.
pub fn top(
    conn: &mut DbConnection,
    filter: &DraftFilter,
    order: DraftOrder,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<DraftListItem>> {
    load(conn, filter, order, now, 0, limit)
}

pub fn count(
    conn: &mut DbConnection,
    filter: &DraftFilter,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    filtered!(filter, now).count().get_result(conn)
}

fn load(
    conn: &mut DbConnection,
    filter: &DraftFilter,
    order: DraftOrder,
    now: NaiveDateTime,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<DraftListItem>> {
    let q = filtered!(filter, now).select((
        Draft::as_select(),
        AgencyRef::as_select(),
        DocTypeRef::as_select(),
    ));
    let q = match order {
        DraftOrder::ClosingFirst => q.order((drafts::closes_at.asc(), drafts::id.asc())),
        DraftOrder::RecentlyClosed => q.order((drafts::closes_at.desc(), drafts::id.desc())),
        DraftOrder::OpeningFirst => q.order((drafts::opens_at.asc(), drafts::id.asc())),
        DraftOrder::Newest => q.order((drafts::opens_at.desc(), drafts::id.desc())),
    };
    let rows: Vec<(Draft, AgencyRef, DocTypeRef)> = q.offset(offset).limit(limit).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(draft, agency, doc_type)| DraftListItem {
            draft,
            agency,
            doc_type,
        })
        .collect())
}

/// The years in which comment periods opened, newest first, for the year filter.
pub fn years(conn: &mut DbConnection) -> QueryResult<Vec<i32>> {
    // Bounded by the oldest and newest opening: two indexed lookups, not a scan.
    let bounds: (Option<NaiveDateTime>, Option<NaiveDateTime>) = drafts::table
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select((
            diesel::dsl::min(drafts::opens_at),
            diesel::dsl::max(drafts::opens_at),
        ))
        .first(conn)?;
    Ok(match bounds {
        (Some(first), Some(last)) => (time::local_year(first)..=time::local_year(last))
            .rev()
            .collect(),
        _ => Vec::new(),
    })
}

/// Everything the public page of a draft shows, in a fixed number of queries whatever
/// the size of the draft.
#[derive(Debug, Clone)]
pub struct DraftPageData {
    pub draft: Draft,
    /// The stages it entered, oldest first (Decision 407's timeline).
    pub stage_events: Vec<StageEvent>,
    /// Where else it is posted for comment.
    pub links: Vec<DraftLink>,
    pub agency: Agency,
    pub doc_type: DocumentType,
    /// Published versions, oldest first.
    pub versions: Vec<VersionMeta>,
    /// The version shown; None when the draft has no published text yet.
    pub version: Option<DraftVersion>,
    /// The sections of the version shown, in document order.
    pub sections: Vec<Section>,
    pub attachments: Vec<Attachment>,
    /// The most recent published comments, newest first, for showing under sections.
    pub recent: Vec<PublicComment>,
    /// For a later version: the previous version's text of each changed section (by the
    /// changed section's id), and the sections it dropped.
    pub previous: std::collections::HashMap<SectionId, Section>,
    pub removed: Vec<Section>,
    /// When the synthesis report was last published, if it was.
    pub report_published_at: Option<NaiveDateTime>,
    /// The Front's social critiques published on it, oldest first.
    pub critiques: Vec<super::critiques::Named>,
}

/// How many recent comments a draft page loads: enough to show the latest few under
/// every active section, bounded whatever the number of comments.
const RECENT_COMMENTS: i64 = 500;

/// The published draft at `slug`, showing version `version` (the latest when None).
/// Returns None when there is no such published draft or version.
/// The first file the dossier of a draft of this type at this stage lacks (a file
/// withdrawn does not count), with the citation of the requirement and whether it is
/// confirmed. The policy-proposal stage has its own dossier; every later stage the
/// draft's.
pub fn missing_from_dossier(
    conn: &mut DbConnection,
    draft_id: DraftId,
    document_type_id: DocumentTypeId,
    stage: crate::domain::Stage,
) -> QueryResult<Option<(crate::domain::AttachmentKind, String, bool)>> {
    let stage = match stage {
        crate::domain::Stage::Proposal => "proposal",
        _ => "draft",
    };
    let present = attachments::table
        .filter(attachments::draft_id.eq(draft_id))
        .filter(attachments::withdrawn_at.is_null())
        .select(attachments::kind);
    dossier_requirements::table
        .filter(dossier_requirements::document_type_id.eq(document_type_id))
        .filter(dossier_requirements::stage.eq(stage))
        .filter(dossier_requirements::kind.ne_all(present))
        .select((
            dossier_requirements::kind,
            dossier_requirements::citation,
            dossier_requirements::confirmed,
        ))
        .order(dossier_requirements::id.asc())
        .first::<(crate::domain::AttachmentKind, String, bool)>(conn)
        .optional()
}

/// The other places the draft is posted, in the order they were added.
pub fn links(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<DraftLink>> {
    draft_links::table
        .filter(draft_links::draft_id.eq(draft_id))
        .select(DraftLink::as_select())
        .order(draft_links::id.asc())
        .limit(super::authoring::MAX_LINKS)
        .load(conn)
}

/// The most stages a timeline shows: a draft enters each stage once or twice.
const MAX_STAGE_EVENTS: i64 = 50;

/// The stages the draft entered, oldest first.
pub fn stage_events(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<StageEvent>> {
    draft_stage_events::table
        .filter(draft_stage_events::draft_id.eq(draft_id))
        .select(StageEvent::as_select())
        .order((
            draft_stage_events::occurred_on.asc(),
            draft_stage_events::id.asc(),
        ))
        .limit(MAX_STAGE_EVENTS)
        .load(conn)
}

pub fn page(
    conn: &mut DbConnection,
    slug: &str,
    version: Option<i32>,
) -> QueryResult<Option<DraftPageData>> {
    let found: Option<(Draft, Agency, DocumentType)> = drafts::table
        .inner_join(agencies::table)
        .inner_join(document_types::table.inner_join(legal_rules::table))
        .filter(drafts::slug.eq(slug))
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select((
            Draft::as_select(),
            Agency::as_select(),
            DocumentType::as_select(),
        ))
        .first(conn)
        .optional()?;
    let Some((draft, agency, doc_type)) = found else {
        return Ok(None);
    };
    let versions: Vec<VersionMeta> = draft_versions::table
        .filter(draft_versions::draft_id.eq(draft.id))
        .filter(draft_versions::published_at.is_not_null())
        .select(VersionMeta::as_select())
        .order(draft_versions::number.asc())
        .load(conn)?;
    let shown = match version {
        Some(n) => versions.iter().find(|v| v.number == n),
        None => versions.last(),
    };
    if version.is_some() && shown.is_none() {
        return Ok(None);
    }
    let (version, sections) = match shown {
        Some(meta) => {
            let v: DraftVersion = draft_versions::table
                .find(meta.id)
                .select(DraftVersion::as_select())
                .first(conn)?;
            let s: Vec<Section> = sections::table
                .filter(sections::version_id.eq(meta.id))
                .select(Section::as_select())
                .order(sections::position.asc())
                .load(conn)?;
            (Some(v), s)
        }
        None => (None, Vec::new()),
    };
    let attachments = attachments::table
        .filter(attachments::draft_id.eq(draft.id))
        .select(Attachment::as_select())
        .order((attachments::position.asc(), attachments::id.asc()))
        .load(conn)?;
    let recent = super::comments::recent_published(conn, draft.id, RECENT_COMMENTS)?;
    let (previous, removed) = match (&sections.first(), shown.map(|v| v.number)) {
        (Some(_), Some(n)) if n > 1 => {
            let changed: Vec<(SectionId, SectionId)> = sections
                .iter()
                .filter(|s| s.change == crate::domain::SectionChange::Changed)
                .filter_map(|s| Some((s.previous_id?, s.id)))
                .collect();
            let old: Vec<Section> = sections::table
                .filter(
                    sections::id.eq_any(changed.iter().map(|(old, _)| *old).collect::<Vec<_>>()),
                )
                .select(Section::as_select())
                .load(conn)?;
            let by_new: std::collections::HashMap<SectionId, Section> = old
                .into_iter()
                .filter_map(|o| {
                    changed
                        .iter()
                        .find(|(old, _)| *old == o.id)
                        .map(|(_, new)| (*new, o))
                })
                .collect();
            let kept: Vec<SectionId> = sections.iter().filter_map(|s| s.previous_id).collect();
            let removed: Vec<Section> = sections::table
                .inner_join(draft_versions::table)
                .filter(draft_versions::draft_id.eq(draft.id))
                .filter(draft_versions::number.eq(n - 1))
                .filter(sections::id.ne_all(kept))
                .filter(sections::kind.eq_any([
                    crate::domain::SectionKind::Article,
                    crate::domain::SectionKind::Clause,
                    crate::domain::SectionKind::Point,
                ]))
                .select(Section::as_select())
                .order(sections::position)
                .load(conn)?;
            (by_new, removed)
        }
        _ => (std::collections::HashMap::new(), Vec::new()),
    };
    let report_published_at = super::report::published_at(conn, draft.id)?;
    let critiques = super::critiques::published_of_draft(conn, draft.id)?;
    let stage_events = stage_events(conn, draft.id)?;
    let links = links(conn, draft.id)?;
    Ok(Some(DraftPageData {
        stage_events,
        links,
        recent,
        previous,
        removed,
        report_published_at,
        critiques,
        draft,
        agency,
        doc_type,
        versions,
        version,
        sections,
        attachments,
    }))
}

/// The revision of a published draft: a cached page of it is good while this is unchanged.
pub fn revision(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<(DraftId, i64)>> {
    drafts::table
        .filter(drafts::slug.eq(slug))
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select((drafts::id, drafts::revision))
        .first(conn)
        .optional()
}

/// One attachment of a published draft.
pub fn attachment(
    conn: &mut DbConnection,
    slug: &str,
    id: AttachmentId,
) -> QueryResult<Option<Attachment>> {
    attachments::table
        .inner_join(drafts::table)
        .filter(attachments::id.eq(id))
        .filter(drafts::slug.eq(slug))
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select(Attachment::as_select())
        .first(conn)
        .optional()
}

/// The full text of the latest published version, for download.
pub fn latest_text(
    conn: &mut DbConnection,
    slug: &str,
) -> QueryResult<Option<(Draft, DraftVersion)>> {
    drafts::table
        .inner_join(draft_versions::table)
        .filter(drafts::slug.eq(slug))
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .filter(draft_versions::published_at.is_not_null())
        .select((Draft::as_select(), DraftVersion::as_select()))
        .order(draft_versions::number.desc())
        .first(conn)
        .optional()
}

/// Every version of a draft, published or not, oldest first (for the console).
pub fn versions_of(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<Vec<VersionMeta>> {
    draft_versions::table
        .filter(draft_versions::draft_id.eq(draft_id))
        .select(VersionMeta::as_select())
        .order(draft_versions::number.asc())
        .load(conn)
}
