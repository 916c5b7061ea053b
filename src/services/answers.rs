//! Answers: the agency disposes of each published comment (tiếp thu, tiếp thu một phần,
//! không tiếp thu – giải trình, ghi nhận) with a reason, one comment at a time or a group
//! of like comments at once; changing an answer tells its commenters again. Each write
//! goes with its audit entry, its search changes and the commenters' mail in one
//! transaction.

use chrono::NaiveDateTime;
use diesel::Connection;

use crate::db::DbConnection;
use crate::db::queries::answers::{self as rows, AnswerText};
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::authoring::bump_revision;
use crate::db::queries::outbox::{self, Purpose};
use crate::db::queries::search_outbox;
use crate::domain::comment::tracking_number;
use crate::domain::ids::{AnswerId, CommentId, DraftId};
use crate::domain::staff::By;
use crate::mail::templates;
use crate::paths;

/// Answers the given published comments of the draft together. Returns how many were
/// answered (comments that are not this draft's, or not published, are left alone).
pub fn answer(
    conn: &mut DbConnection,
    draft_id: DraftId,
    ids: &[CommentId],
    text: AnswerText<'_>,
    who: &By<'_>,
    base_url: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    conn.transaction(|conn| {
        let covered = rows::answerable(conn, draft_id, ids)?;
        if covered.is_empty() {
            return Ok(0);
        }
        // Answers these comments had lose them: their documents change too.
        let previous = rows::previous_answers(conn, &covered)?;
        let id = rows::create(conn, draft_id, &covered, text, who.account_id, now)?;
        search_outbox::enqueue(conn, id, now)?;
        search_outbox::enqueue_many(conn, &previous, now)?;
        bump_revision(conn, draft_id, now)?;
        crate::services::report::new_version_after_change(conn, draft_id, who, now)?;
        tell_commenters(conn, id, text, false, base_url, now)?;
        let e = Entry::by(
            who,
            "response.create",
            "response",
            Some(id.get()),
            Some(draft_id),
        )
        .change(
            serde_json::Value::Null,
            serde_json::json!({
                "disposition": text.disposition.as_str(),
                "reason": text.reason,
                "comments": covered,
            }),
        );
        audit::record(conn, &e, now)?;
        Ok(covered.len())
    })
}

/// Changes an answer's disposition and reason; its commenters are told when either
/// changed.
pub fn edit(
    conn: &mut DbConnection,
    id: AnswerId,
    text: AnswerText<'_>,
    who: &By<'_>,
    base_url: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    conn.transaction(|conn| {
        let before = rows::get(conn, id)?;
        let draft_id = before.draft_id;
        rows::update(conn, id, text, who.account_id, now)?;
        search_outbox::enqueue(conn, id, now)?;
        bump_revision(conn, draft_id, now)?;
        crate::services::report::new_version_after_change(conn, draft_id, who, now)?;
        if before.disposition != text.disposition || before.reason != text.reason {
            tell_commenters(conn, id, text, true, base_url, now)?;
        }
        let e = Entry::by(
            who,
            "response.edit",
            "response",
            Some(id.get()),
            Some(draft_id),
        )
        .change(
            serde_json::json!({ "disposition": before.disposition.as_str(), "reason": before.reason }),
            serde_json::json!({
                "disposition": text.disposition.as_str(),
                "reason": text.reason,
            }),
        );
        audit::record(conn, &e, now)
    })
}

/// Mails each commenter whose published comment the answer covers: the answer, and a
/// link to their comment's page where it shows (the comment form promises "nhận trả
/// lời").
fn tell_commenters(
    conn: &mut DbConnection,
    id: AnswerId,
    text: AnswerText<'_>,
    updated: bool,
    base_url: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    for c in rows::to_tell(conn, id)? {
        let Some(to) = c.email else { continue };
        let mail = templates::answered(&templates::Answered {
            to: &to,
            tracking: &tracking_number(c.id, c.created_at),
            draft_title: &c.draft_title,
            disposition: text.disposition,
            reason: text.reason,
            link: &paths::absolute(base_url, &paths::public::comment(&c.draft_slug, c.id)),
            updated,
        });
        outbox::enqueue(conn, Some(c.id), Purpose::Answer, &mail, now)?;
    }
    Ok(())
}
