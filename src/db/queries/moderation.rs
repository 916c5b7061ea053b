//! Moderation's rows: the queue of comments waiting for a decision, and the writes of a
//! decision (approve, reject with a reason, hide a span of personal data). The rules,
//! the mail and the audit entry of a decision are `services::moderation`'s.

pub use crate::domain::comment::QueueStatus;
use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Page;
use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::{CommentStatus, CommenterKind, RejectionReason};

#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Only this agency's drafts (moderators); None for administrators.
    pub agency: Option<AgencyId>,
    pub draft_id: Option<DraftId>,
    pub section_anchor: Option<String>,
    pub status: QueueStatus,
    pub links_only: bool,
    pub kind: Option<CommenterKind>,
    pub locality: Option<String>,
    /// Only this group of near-identical opinions.
    pub group: Option<CommentId>,
}

#[derive(Debug, Clone)]
pub struct QueueItem {
    pub id: CommentId,
    pub draft_id: DraftId,
    pub draft_title: String,
    pub section_label: Option<String>,
    /// What the public sees (after any redaction).
    pub text: String,
    pub status: CommentStatus,
    pub reviewed: bool,
    pub has_links: bool,
    /// What the text seems to hold of personal data.
    pub personal_data: Vec<crate::domain::comment::PersonalData>,
    pub redacted: bool,
    pub kind: CommenterKind,
    pub commune: Option<String>,
    pub rejection: Option<RejectionReason>,
    pub created_at: NaiveDateTime,
    /// The name (and organisation) the public page will show, when its author agreed
    /// to have it published: what the moderator approves along with the text.
    pub public_name: Option<String>,
    /// Its group of near-identical opinions and the group's size (published or
    /// waiting), when it has others.
    pub group: Option<(CommentId, i64)>,
}

/// A comment in the queue, as `queue` selects it.
#[derive(Queryable)]
struct QueueRow {
    id: CommentId,
    draft_id: DraftId,
    draft_title: String,
    section_label: Option<String>,
    body: String,
    public_body: Option<String>,
    status: CommentStatus,
    moderated_at: Option<NaiveDateTime>,
    has_links: bool,
    personal_data: String,
    kind: CommenterKind,
    commune: Option<String>,
    rejection: Option<RejectionReason>,
    created_at: NaiveDateTime,
    author: (String, bool, String),
    group: Option<i64>,
}

/// Oldest first: the order they came in.
pub fn queue(
    conn: &mut DbConnection,
    f: &QueueFilter,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<QueueItem>> {
    let filtered = || {
        let mut q = comments::table
            .inner_join(drafts::table)
            .left_join(sections::table)
            .left_join(localities::table)
            .into_boxed();
        if let Some(a) = f.agency {
            q = q.filter(drafts::agency_id.eq(a));
        }
        if let Some(d) = f.draft_id {
            q = q.filter(comments::draft_id.eq(d));
        }
        if let Some(a) = &f.section_anchor {
            q = q.filter(sections::anchor.eq(a.clone()));
        }
        q = match f.status {
            QueueStatus::Waiting => q.filter(
                comments::status
                    .eq(CommentStatus::Pending.as_str())
                    .or(comments::status
                        .eq(CommentStatus::Published.as_str())
                        .and(comments::moderated_at.is_null())),
            ),
            QueueStatus::Published => q.filter(comments::status.eq(CommentStatus::Published)),
            QueueStatus::Rejected => q.filter(comments::status.eq(CommentStatus::Rejected)),
            QueueStatus::All => q.filter(comments::status.eq_any([
                CommentStatus::Pending.as_str(),
                CommentStatus::Published.as_str(),
                CommentStatus::Rejected.as_str(),
            ])),
        };
        if f.links_only {
            q = q.filter(comments::has_links.eq(true));
        }
        if let Some(k) = f.kind {
            q = q.filter(comments::commenter_kind.eq(k));
        }
        if let Some(l) = &f.locality {
            q = q.filter(localities::code.eq(l.clone()));
        }
        if let Some(g) = f.group {
            q = q.filter(comments::similar_group.eq(g.get()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows: Vec<QueueRow> = filtered()
        .select((
            comments::id,
            comments::draft_id,
            drafts::title,
            sections::label.nullable(),
            comments::body,
            comments::public_body,
            comments::status,
            comments::moderated_at,
            comments::has_links,
            comments::personal_data,
            comments::commenter_kind,
            localities::name.nullable(),
            comments::rejection_reason,
            comments::created_at,
            (
                comments::name,
                comments::publish_name,
                comments::organisation,
            ),
            comments::similar_group,
        ))
        .order(comments::id.asc())
        .offset(Page::<()>::offset(page, per_page))
        .limit(per_page)
        .load(conn)?;
    let groups: Vec<CommentId> = rows.iter().filter_map(|r| r.group.map(CommentId)).collect();
    let sizes = super::similar::sizes(conn, &groups)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let (name, publish_name, organisation) = r.author;
            let public_name = (publish_name && !name.trim().is_empty()).then(|| {
                if organisation.trim().is_empty() {
                    name.clone()
                } else {
                    format!("{name} ({organisation})")
                }
            });
            QueueItem {
                id: r.id,
                draft_id: r.draft_id,
                draft_title: r.draft_title,
                section_label: r.section_label,
                redacted: r.public_body.is_some(),
                text: r.public_body.unwrap_or(r.body),
                status: r.status,
                reviewed: r.moderated_at.is_some(),
                has_links: r.has_links,
                personal_data: crate::domain::comment::PersonalData::split(&r.personal_data),
                kind: r.kind,
                commune: r.commune,
                rejection: r.rejection,
                public_name,
                created_at: r.created_at,
                group: r
                    .group
                    .map(CommentId)
                    .and_then(|g| sizes.get(&g).map(|n| (g, *n)))
                    .filter(|(_, n)| *n > 1),
            }
        })
        .collect();
    Ok(Page::of(items, page, per_page, total))
}

/// A comment a decision was asked for, with what the decision needs to know.
#[derive(Debug, Clone, Queryable)]
pub struct DecisionTarget {
    pub id: CommentId,
    pub draft_id: DraftId,
    pub agency_id: AgencyId,
    pub section_id: Option<SectionId>,
    pub status: CommentStatus,
    pub email: Option<String>,
    pub body: String,
    pub public_body: Option<String>,
    pub created_at: NaiveDateTime,
    pub draft_slug: String,
}

/// The comments of `ids` that exist, with their drafts.
pub fn targets(conn: &mut DbConnection, ids: &[CommentId]) -> QueryResult<Vec<DecisionTarget>> {
    comments::table
        .inner_join(drafts::table)
        .filter(comments::id.eq_any(ids))
        .select((
            comments::id,
            comments::draft_id,
            drafts::agency_id,
            comments::section_id,
            comments::status,
            comments::email,
            comments::body,
            comments::public_body,
            comments::created_at,
            drafts::slug,
        ))
        .load(conn)
}

/// Publishes the comment as approved by `by`.
pub fn approve(
    conn: &mut DbConnection,
    id: CommentId,
    by: Option<AccountId>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(comments::table.find(id))
        .set((
            comments::status.eq(CommentStatus::Published),
            comments::published_at.eq(now),
            comments::moderated_at.eq(now),
            comments::moderated_by.eq(by),
            comments::rejection_reason.eq(None::<RejectionReason>),
            comments::rejection_note.eq(""),
            comments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Rejects the comment with a reason (public) and a note (for the commenter).
pub fn reject(
    conn: &mut DbConnection,
    id: CommentId,
    by: Option<AccountId>,
    reason: RejectionReason,
    note: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(comments::table.find(id))
        .set((
            comments::status.eq(CommentStatus::Rejected),
            comments::moderated_at.eq(now),
            comments::moderated_by.eq(by),
            comments::rejection_reason.eq(Some(reason)),
            comments::rejection_note.eq(note),
            comments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// What the public sees of the comment from now on (after a redaction).
pub fn set_public_body(
    conn: &mut DbConnection,
    id: CommentId,
    public_body: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(comments::table.find(id))
        .set((
            comments::public_body.eq(public_body),
            comments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
