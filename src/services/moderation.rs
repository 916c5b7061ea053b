//! Moderation: a moderator approves a comment, rejects it with a reason, or hides a span
//! of personal data in its public text. Each decision is checked here (the comment's
//! agency is the moderator's, its state allows it), written with its audit entry, its
//! search change and the commenter's mail in one transaction.

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::authoring::bump_revision;
use crate::db::queries::comments::{enter_public_record, set_published};
use crate::db::queries::moderation::{self as rows, DecisionTarget};
use crate::db::queries::outbox::{self, Purpose};
use crate::db::queries::search_outbox;
use crate::domain::comment::{CommentStatus, RejectionReason, redact, tracking_number};
use crate::domain::ids::{AgencyId, CommentId};
use crate::domain::staff::By;
use crate::mail::templates;
use crate::paths;

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

/// Applies `decision` to each comment in `ids` that `may_moderate` allows (given its
/// draft's agency); the others are counted as skipped.
pub fn decide(
    conn: &mut DbConnection,
    ids: &[CommentId],
    decision: &Decision,
    who: &By<'_>,
    may_moderate: impl Fn(AgencyId) -> bool,
    base_url: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<Decided> {
    conn.transaction(|conn| {
        let targets = rows::targets(conn, ids)?;
        let mut out = Decided {
            skipped: ids.len().saturating_sub(targets.len()),
            ..Decided::default()
        };
        for t in targets {
            let decidable = matches!(
                t.status,
                CommentStatus::Pending | CommentStatus::Published | CommentStatus::Rejected
            );
            if !may_moderate(t.agency_id) || !decidable {
                out.skipped += 1;
                continue;
            }
            let Some(after) = apply(conn, &t, decision, who, base_url, now)? else {
                out.skipped += 1;
                continue;
            };
            search_outbox::enqueue(conn, t.id, now)?;
            let id = Some(t.id.get());
            let entry = Entry::by(who, decision.action(), "comment", id, Some(t.draft_id)).change(
                // Never the text: what a moderator hides must not live on in the log.
                serde_json::json!({
                    "status": t.status.as_str(),
                    "redacted": t.public_body.is_some(),
                }),
                after,
            );
            audit::record(conn, &entry, now)?;
            out.changed += 1;
        }
        Ok(out)
    })
}

/// One decision on one comment; returns the audit entry's "after", or None when there
/// was nothing to do (a span not in the text).
fn apply(
    conn: &mut DbConnection,
    t: &DecisionTarget,
    decision: &Decision,
    who: &By<'_>,
    base_url: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<Option<serde_json::Value>> {
    let tracking = tracking_number(t.id, t.created_at);
    // The comment's own page: a list's page 1 holds only the first comments.
    let link = paths::absolute(base_url, &paths::public::comment(&t.draft_slug, t.id));
    Ok(Some(match decision {
        Decision::Approve => {
            rows::approve(conn, t.id, who.account_id, now)?;
            if t.status != CommentStatus::Published {
                set_published(conn, t.id, t.draft_id, t.section_id, 1, now)?;
                if let Some(to) = &t.email {
                    let mail = templates::decision(to, &tracking, None, &link);
                    outbox::enqueue(conn, Some(t.id), Purpose::CommentPublished, &mail, now)?;
                }
            }
            serde_json::json!({ "status": "published" })
        }
        Decision::Reject { reason, note } => {
            rows::reject(conn, t.id, who.account_id, *reason, note, now)?;
            if t.status == CommentStatus::Published {
                set_published(conn, t.id, t.draft_id, t.section_id, -1, now)?;
            } else {
                // The public placeholder takes a place in the record, and changes the
                // draft's page too.
                enter_public_record(conn, t.id, t.draft_id, t.section_id)?;
                bump_revision(conn, t.draft_id, now)?;
            }
            if t.status != CommentStatus::Rejected
                && let Some(to) = &t.email
            {
                let mail =
                    templates::decision(to, &tracking, Some((*reason, note.as_str())), &link);
                outbox::enqueue(conn, Some(t.id), Purpose::CommentRejected, &mail, now)?;
            }
            serde_json::json!({ "status": "rejected", "reason": reason.as_str(), "note": note })
        }
        Decision::Redact { span } => {
            let current = t.public_body.clone().unwrap_or_else(|| t.body.clone());
            let Some(redacted) = redact(&current, span) else {
                return Ok(None);
            };
            rows::set_public_body(conn, t.id, &redacted, now)?;
            bump_revision(conn, t.draft_id, now)?;
            // How much was hidden, never what: the log is read by more people than the
            // comment's own page was meant for.
            serde_json::json!({
                "hidden_characters": span.chars().count(),
                "public_length": redacted.chars().count(),
            })
        }
    }))
}
