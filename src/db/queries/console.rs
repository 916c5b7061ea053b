//! What the console reads and writes about drafts: lists for staff, counts of comments
//! waiting, and the writes of a draft's life cycle (`services::drafts` decides them and
//! records them in the audit log, in the same transaction).

use crate::domain::ids::*;
use std::collections::HashMap;

use super::search_outbox as search_index;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Page;
use super::authoring::bump_revision;
use crate::db::DbConnection;
use crate::db::models::{Agency, DocumentType, Draft, DraftFields};
use crate::db::schema::*;
use crate::domain::Publication;
use crate::domain::comment::CommentStatus;

/// A draft in the console's lists, with its agency's short name and its type's name.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = drafts)]
pub struct ListedDraft {
    #[diesel(embed)]
    pub draft: Draft,
    #[diesel(select_expression = agencies::short_name)]
    pub agency: String,
    #[diesel(select_expression = document_types::name)]
    pub doc_type: String,
}

/// A draft with its document type and agency, as the console's pages show it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = drafts)]
pub struct DraftInContext {
    #[diesel(embed)]
    pub draft: Draft,
    #[diesel(embed)]
    pub doc_type: DocumentType,
    #[diesel(embed)]
    pub agency: Agency,
}

/// Drafts as staff see them (published or not), newest first; `agency` limits them to
/// one agency's.
pub fn drafts(
    conn: &mut DbConnection,
    agency: Option<AgencyId>,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<ListedDraft>> {
    let scoped = || {
        let q = drafts::table
            .inner_join(agencies::table)
            .inner_join(document_types::table)
            .into_boxed();
        match agency {
            Some(a) => q.filter(drafts::agency_id.eq(a)),
            None => q,
        }
    };
    let total = scoped().count().get_result(conn)?;
    let items = scoped()
        .select(ListedDraft::as_select())
        .order((drafts::created_at.desc(), drafts::id.desc()))
        .offset(Page::<()>::offset(page, per_page))
        .limit(per_page)
        .load(conn)?;
    Ok(Page::of(items, page, per_page, total))
}

pub fn draft(conn: &mut DbConnection, id: DraftId) -> QueryResult<Option<DraftInContext>> {
    drafts::table
        .find(id)
        .inner_join(document_types::table.inner_join(legal_rules::table))
        .inner_join(agencies::table)
        .select(DraftInContext::as_select())
        .first(conn)
        .optional()
}

/// Comments of a draft by where they stand, for the console.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Confirmed, waiting for a moderator (pre-moderation).
    pub pending: i64,
    /// Published but not yet looked at (publish first, moderate after).
    pub unreviewed: i64,
    pub published: i64,
    pub rejected: i64,
    /// Published comments with an answer.
    pub answered: i64,
}

impl Counts {
    pub fn unanswered(&self) -> i64 {
        self.published - self.answered
    }
}

pub fn counts(
    conn: &mut DbConnection,
    draft_ids: &[DraftId],
) -> QueryResult<HashMap<DraftId, Counts>> {
    let mut out: HashMap<DraftId, Counts> = draft_ids
        .iter()
        .map(|&id| (id, Counts::default()))
        .collect();
    let by_status: Vec<(DraftId, CommentStatus, i64)> = comments::table
        .filter(comments::draft_id.eq_any(draft_ids))
        .group_by((comments::draft_id, comments::status))
        .select((
            comments::draft_id,
            comments::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    for (draft, status, n) in by_status {
        let c = out.entry(draft).or_default();
        match status {
            CommentStatus::Pending => c.pending = n,
            CommentStatus::Published => c.published = n,
            CommentStatus::Rejected => c.rejected = n,
            CommentStatus::Unconfirmed | CommentStatus::Withdrawn => {}
        }
    }
    let answered: Vec<(DraftId, i64)> = comments::table
        .filter(comments::draft_id.eq_any(draft_ids))
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(comments::response_id.is_not_null())
        .group_by(comments::draft_id)
        .select((comments::draft_id, diesel::dsl::count_star()))
        .load(conn)?;
    for (draft, n) in answered {
        out.entry(draft).or_default().answered = n;
    }
    let unreviewed: Vec<(DraftId, i64)> = comments::table
        .filter(comments::draft_id.eq_any(draft_ids))
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(comments::moderated_at.is_null())
        .group_by(comments::draft_id)
        .select((comments::draft_id, diesel::dsl::count_star()))
        .load(conn)?;
    for (draft, n) in unreviewed {
        out.entry(draft).or_default().unreviewed = n;
    }
    Ok(out)
}

pub fn slug_taken(
    conn: &mut DbConnection,
    slug: &str,
    except: Option<DraftId>,
) -> QueryResult<bool> {
    let mut q = drafts::table.filter(drafts::slug.eq(slug)).into_boxed();
    if let Some(id) = except {
        q = q.filter(drafts::id.ne(id));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

/// Stores a new, unpublished draft. The caller records it in the audit log.
pub fn create(
    conn: &mut DbConnection,
    f: &DraftFields,
    now: NaiveDateTime,
) -> QueryResult<DraftId> {
    super::authoring::create_draft(conn, f, Publication::Unpublished, now)
}

/// Writes the draft's metadata; returns what it was before.
pub fn update(
    conn: &mut DbConnection,
    id: DraftId,
    f: &DraftFields,
    now: NaiveDateTime,
) -> QueryResult<Draft> {
    let before: Draft = drafts::table
        .find(id)
        .select(Draft::as_select())
        .first(conn)?;
    diesel::update(drafts::table.find(id))
        .set(f)
        .execute(conn)?;
    search_index::enqueue(conn, id, now)?;
    bump_revision(conn, id, now)?;
    Ok(before)
}

/// Publishes the draft and its text: the public sees it from now on.
/// Publishes the draft at `now`, its period opening at `opens_at` (the moment of
/// posting, unless it was set to open later).
pub fn publish(
    conn: &mut DbConnection,
    id: DraftId,
    opens_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(drafts::table.find(id))
        .set((
            drafts::publication.eq(Publication::Published),
            drafts::published_at.eq(now),
            drafts::opens_at.eq(opens_at),
        ))
        .execute(conn)?;
    diesel::update(
        draft_versions::table
            .filter(draft_versions::draft_id.eq(id))
            .filter(draft_versions::published_at.is_null()),
    )
    .set(draft_versions::published_at.eq(now))
    .execute(conn)?;
    search_index::enqueue(conn, id, now)?;
    bump_revision(conn, id, now)
}

/// A new end of the comment period and the public reason for it (extension or early
/// close).
pub fn change_period(
    conn: &mut DbConnection,
    id: DraftId,
    closes_at: NaiveDateTime,
    note: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(drafts::table.find(id))
        .set((
            drafts::closes_at.eq(closes_at),
            drafts::period_note.eq(note),
        ))
        .execute(conn)?;
    bump_revision(conn, id, now)
}

/// Recent drafts with their counts, for the dashboard.
pub fn dashboard(
    conn: &mut DbConnection,
    agency: Option<AgencyId>,
) -> QueryResult<Vec<(Draft, Counts)>> {
    let page = drafts(conn, agency, 1, 30)?;
    let ids: Vec<DraftId> = page.items.iter().map(|l| l.draft.id).collect();
    let counts = counts(conn, &ids)?;
    Ok(page
        .items
        .into_iter()
        .map(|l| {
            let c = counts.get(&l.draft.id).copied().unwrap_or_default();
            (l.draft, c)
        })
        .collect())
}
