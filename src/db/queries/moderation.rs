//! Moderation: the queue of comments waiting for a decision, and the decisions
//! (approve, reject with a reason, hide a span of personal data), each audited and told
//! to the commenter by mail in the same transaction.

use super::search_outbox as search_index;
pub use crate::domain::comment::QueueStatus;
use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Page;
use super::audit::{self, Entry};
use super::authoring::bump_revision;
use super::comments::set_published;
use super::outbox;
use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::{
    CommentStatus, CommenterKind, RejectionReason, redact, tracking_number,
};
use crate::mail::templates;

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
    pub redacted: bool,
    pub kind: CommenterKind,
    pub commune: Option<String>,
    pub rejection: Option<RejectionReason>,
    pub created_at: NaiveDateTime,
    /// The name (and organisation) the public page will show, when its author agreed
    /// to have it published: what the moderator approves along with the text.
    pub public_name: Option<String>,
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
    kind: CommenterKind,
    commune: Option<String>,
    rejection: Option<RejectionReason>,
    created_at: NaiveDateTime,
    author: (String, bool, String),
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
            comments::commenter_kind,
            localities::name.nullable(),
            comments::rejection_reason,
            comments::created_at,
            (
                comments::name,
                comments::publish_name,
                comments::organisation,
            ),
        ))
        .order(comments::id.asc())
        .offset(Page::<()>::offset(page, per_page))
        .limit(per_page)
        .load(conn)?;
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
                kind: r.kind,
                commune: r.commune,
                rejection: r.rejection,
                public_name,
                created_at: r.created_at,
            }
        })
        .collect();
    Ok(Page {
        items,
        number: page.clamp(1, 1_000_000),
        per_page,
        total,
    })
}

#[derive(Debug, Clone)]
pub enum Decision {
    Approve,
    Reject {
        reason: RejectionReason,
        note: String,
    },
    /// Hide every occurrence of this text in the public version of the comment.
    Redact {
        span: String,
    },
}

impl Decision {
    fn action(&self) -> &'static str {
        match self {
            Decision::Approve => "comment.approve",
            Decision::Reject { .. } => "comment.reject",
            Decision::Redact { .. } => "comment.redact",
        }
    }
}

/// What came of a batch of decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Decided {
    pub changed: usize,
    /// Not theirs to moderate, not in a state to decide, or (redaction) the span was
    /// not in the text.
    pub skipped: usize,
}

type Target = (
    CommentId,
    DraftId,
    AgencyId,
    Option<SectionId>,
    CommentStatus,
    Option<String>,
    String,
    Option<String>,
    NaiveDateTime,
    String,
);

/// Applies `decision` to each comment in `ids` that `may_moderate` allows (given its
/// draft's agency). Mail to the commenter and the audit entries go in the same
/// transaction.
pub fn decide(
    conn: &mut DbConnection,
    ids: &[CommentId],
    decision: &Decision,
    who: &Entry<'_>,
    may_moderate: impl Fn(AgencyId) -> bool,
    base_url: &str,
    now: NaiveDateTime,
) -> QueryResult<Decided> {
    conn.transaction(|conn| {
        let targets: Vec<Target> = comments::table
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
            .load(conn)?;
        let mut out = Decided { skipped: ids.len().saturating_sub(targets.len()), ..Decided::default() };
        for (id, draft_id, agency_id, section_id, status, email, body, public_body, created_at, slug) in targets {
            let decidable = matches!(status, CommentStatus::Pending | CommentStatus::Published | CommentStatus::Rejected);
            if !may_moderate(agency_id) || !decidable {
                out.skipped += 1;
                continue;
            }
            let tracking = tracking_number(id, created_at);
            // The comment's own page: a list's page 1 holds only the first comments.
            let link = crate::paths::absolute(base_url, &crate::paths::public::comment(&slug, id));
            let mut entry = Entry { object_id: Some(id.get()), draft_id: Some(draft_id), ..clone_entry(who) };
            // Never the text: what a moderator hides must not live on in the log.
            entry.before = serde_json::json!({ "status": status.as_str(), "redacted": public_body.is_some() });
            match decision {
                Decision::Approve => {
                    diesel::update(comments::table.find(id))
                        .set((
                            comments::status.eq(CommentStatus::Published),
                            comments::published_at.eq(now),
                            comments::moderated_at.eq(now),
                            comments::moderated_by.eq(who.account_id),
                            comments::rejection_reason.eq(None::<RejectionReason>),
                            comments::rejection_note.eq(""),
                            comments::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    if status != CommentStatus::Published {
                        set_published(conn, draft_id, section_id, 1, now)?;
                        if let Some(to) = &email {
                            let mail = templates::decision(to, &tracking, None, &link);
                            outbox::enqueue(conn, Some(id), outbox::Purpose::CommentPublished, &mail, now)?;
                        }
                    }
                    entry.after = serde_json::json!({ "status": "published" });
                }
                Decision::Reject { reason, note } => {
                    diesel::update(comments::table.find(id))
                        .set((
                            comments::status.eq(CommentStatus::Rejected),
                            comments::moderated_at.eq(now),
                            comments::moderated_by.eq(who.account_id),
                            comments::rejection_reason.eq(Some(*reason)),
                            comments::rejection_note.eq(note),
                            comments::updated_at.eq(now),
                        ))
                        .execute(conn)?;
                    if status == CommentStatus::Published {
                        set_published(conn, draft_id, section_id, -1, now)?;
                    } else {
                        // The public placeholder changes the draft's page too.
                        bump_revision(conn, draft_id, now)?;
                    }
                    if status != CommentStatus::Rejected
                        && let Some(to) = &email
                    {
                        let mail = templates::decision(to, &tracking, Some((*reason, note.as_str())), &link);
                        outbox::enqueue(conn, Some(id), outbox::Purpose::CommentRejected, &mail, now)?;
                    }
                    entry.after = serde_json::json!({ "status": "rejected", "reason": reason.as_str(), "note": note });
                }
                Decision::Redact { span } => {
                    let current = public_body.clone().unwrap_or(body);
                    let Some(redacted) = redact(&current, span) else {
                        out.skipped += 1;
                        continue;
                    };
                    diesel::update(comments::table.find(id))
                        .set((comments::public_body.eq(&redacted), comments::updated_at.eq(now)))
                        .execute(conn)?;
                    bump_revision(conn, draft_id, now)?;
                    // How much was hidden, never what: the log is read by more people
                    // than the comment's own page was meant for.
                    entry.after = serde_json::json!({
                        "hidden_characters": span.chars().count(),
                        "public_length": redacted.chars().count(),
                    });
                }
            }
            search_index::enqueue(conn, id, now)?;
            entry.action = decision.action();
            audit::record(conn, &entry, now)?;
            out.changed += 1;
        }
        Ok(out)
    })
}

fn clone_entry<'a>(e: &Entry<'a>) -> Entry<'a> {
    Entry {
        account_id: e.account_id,
        actor: e.actor,
        action: e.action,
        object_type: e.object_type,
        object_id: e.object_id,
        draft_id: e.draft_id,
        before: serde_json::Value::Null,
        after: serde_json::Value::Null,
    }
}
