//! Answers: the agency disposes of each published comment (tiếp thu, tiếp thu một phần,
//! không tiếp thu – giải trình, ghi nhận) with a reason, one comment at a time or a group
//! of like comments at once.

use super::search_outbox as search_index;
use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Page;
use super::audit::{self, Entry};
use super::authoring::bump_revision;
use crate::db::DbConnection;
use crate::db::schema::*;
pub use crate::domain::comment::AnswerFilter;
use crate::domain::comment::{CommentStatus, CommenterKind, Disposition};

#[derive(Debug, Clone)]
pub struct AnswerItem {
    pub id: CommentId,
    pub section_label: Option<String>,
    pub text: String,
    pub name: Option<String>,
    pub kind: CommenterKind,
    pub commune: Option<String>,
    pub created_at: NaiveDateTime,
    pub response: Option<(AnswerId, Disposition, String)>,
}

/// A comment to answer, as `list` selects it.
#[derive(Queryable)]
struct Row {
    id: CommentId,
    section_label: Option<String>,
    body: String,
    public_body: Option<String>,
    name: String,
    publish_name: bool,
    kind: CommenterKind,
    commune: Option<String>,
    created_at: NaiveDateTime,
    response: Option<(AnswerId, Disposition, String)>,
}

/// A draft's published comments to answer, in document order (whole-draft comments
/// first), oldest first within a section.
pub fn list(
    conn: &mut DbConnection,
    draft_id: DraftId,
    filter: AnswerFilter,
    anchor: Option<&str>,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<AnswerItem>> {
    let filtered = || {
        let mut q = comments::table
            .left_join(sections::table)
            .left_join(localities::table)
            .left_join(responses::table)
            .filter(comments::draft_id.eq(draft_id))
            .filter(comments::status.eq(CommentStatus::Published))
            .into_boxed();
        q = match filter {
            AnswerFilter::Unanswered => q.filter(comments::response_id.is_null()),
            AnswerFilter::Answered => q.filter(comments::response_id.is_not_null()),
            AnswerFilter::All => q,
        };
        if let Some(a) = anchor {
            q = q.filter(sections::anchor.eq(a.to_string()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows: Vec<Row> = filtered()
        .select((
            comments::id,
            sections::label.nullable(),
            comments::body,
            comments::public_body,
            comments::name,
            comments::publish_name,
            comments::commenter_kind,
            localities::name.nullable(),
            comments::created_at,
            (responses::id, responses::disposition, responses::reason).nullable(),
        ))
        .order((sections::position.nullable().asc(), comments::id.asc()))
        .offset(Page::<()>::offset(page, per_page))
        .limit(per_page)
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|r| AnswerItem {
            id: r.id,
            section_label: r.section_label,
            text: r.public_body.unwrap_or(r.body),
            name: (r.publish_name && !r.name.is_empty()).then_some(r.name),
            kind: r.kind,
            commune: r.commune,
            created_at: r.created_at,
            response: r.response,
        })
        .collect();
    Ok(Page {
        items,
        number: page.clamp(1, 1_000_000),
        per_page,
        total,
    })
}

/// What an answer says: how the comment is disposed of, and why.
#[derive(Debug, Clone, Copy)]
pub struct AnswerText<'a> {
    pub disposition: Disposition,
    pub reason: &'a str,
}

/// Answers the given published comments of the draft together. Returns how many were
/// answered (comments that are not this draft's, or not published, are left alone).
pub fn answer(
    conn: &mut DbConnection,
    draft_id: DraftId,
    ids: &[CommentId],
    text: AnswerText<'_>,
    who: &Entry<'_>,
    base_url: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let AnswerText {
        disposition,
        reason,
    } = text;
    conn.transaction(|conn| {
        let eligible: Vec<CommentId> = comments::table
            .filter(comments::id.eq_any(ids))
            .filter(comments::draft_id.eq(draft_id))
            .filter(comments::status.eq(CommentStatus::Published))
            .select(comments::id)
            .load(conn)?;
        if eligible.is_empty() {
            return Ok(0);
        }
        // Answers these comments had lose them: their documents change too.
        let previous: Vec<AnswerId> = comments::table
            .filter(comments::id.eq_any(&eligible))
            .filter(comments::response_id.is_not_null())
            .select(comments::response_id.assume_not_null())
            .distinct()
            .load(conn)?;
        let response_id: AnswerId = diesel::insert_into(responses::table)
            .values((
                responses::draft_id.eq(draft_id),
                responses::disposition.eq(disposition),
                responses::reason.eq(reason),
                responses::answered_by.eq(who.account_id),
                responses::created_at.eq(now),
                responses::updated_at.eq(now),
            ))
            .returning(responses::id)
            .get_result(conn)?;
        diesel::update(comments::table.filter(comments::id.eq_any(&eligible)))
            .set(comments::response_id.eq(response_id))
            .execute(conn)?;
        search_index::enqueue(conn, response_id, now)?;
        search_index::enqueue_many(conn, &previous, now)?;
        bump_revision(conn, draft_id, now)?;
        tell_commenters(conn, response_id, false, base_url, now)?;
        let e = Entry {
            account_id: who.account_id,
            actor: who.actor,
            action: "response.create",
            object_type: "response",
            object_id: Some(response_id.get()),
            draft_id: Some(draft_id),
            before: serde_json::Value::Null,
            after: serde_json::json!({ "disposition": disposition.as_str(), "reason": reason, "comments": eligible }),
        };
        audit::record(conn, &e, now)?;
        Ok(eligible.len())
    })
}

/// The draft an answer belongs to.
pub fn draft_of(conn: &mut DbConnection, response_id: AnswerId) -> QueryResult<Option<DraftId>> {
    responses::table
        .find(response_id)
        .select(responses::draft_id)
        .first(conn)
        .optional()
}

/// Changes an answer's disposition and reason.
pub fn edit(
    conn: &mut DbConnection,
    response_id: AnswerId,
    disposition: Disposition,
    reason: &str,
    who: &Entry<'_>,
    base_url: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    conn.transaction(|conn| {
        let (draft_id, before_d, before_r): (DraftId, Disposition, String) = responses::table
            .find(response_id)
            .select((
                responses::draft_id,
                responses::disposition,
                responses::reason,
            ))
            .first(conn)?;
        diesel::update(responses::table.find(response_id))
            .set((
                responses::disposition.eq(disposition),
                responses::reason.eq(reason),
                responses::answered_by.eq(who.account_id),
                responses::updated_at.eq(now),
            ))
            .execute(conn)?;
        search_index::enqueue(conn, response_id, now)?;
        bump_revision(conn, draft_id, now)?;
        if before_d != disposition || before_r != reason {
            tell_commenters(conn, response_id, true, base_url, now)?;
        }
        let e = Entry {
            account_id: who.account_id,
            actor: who.actor,
            action: "response.edit",
            object_type: "response",
            object_id: Some(response_id.get()),
            draft_id: Some(draft_id),
            before: serde_json::json!({ "disposition": before_d.as_str(), "reason": before_r }),
            after: serde_json::json!({ "disposition": disposition.as_str(), "reason": reason }),
        };
        audit::record(conn, &e, now)
    })
}

/// Mails each commenter whose published comment the answer covers: the answer, and a
/// link to their comment's page where it shows (the comment form promises "nhận trả
/// lời"). Queued in the transaction of the answer, so a written answer is never left
/// unannounced.
fn tell_commenters(
    conn: &mut DbConnection,
    response_id: AnswerId,
    updated: bool,
    base_url: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let (disposition, reason): (Disposition, String) = responses::table
        .find(response_id)
        .select((responses::disposition, responses::reason))
        .first(conn)?;
    let to_tell: Vec<(CommentId, NaiveDateTime, Option<String>, String, String)> = comments::table
        .inner_join(drafts::table)
        .filter(comments::response_id.eq(response_id))
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(comments::email.is_not_null())
        .select((
            comments::id,
            comments::created_at,
            comments::email,
            drafts::slug,
            drafts::title,
        ))
        .load(conn)?;
    for (id, created_at, email, slug, title) in to_tell {
        let Some(to) = email else { continue };
        let mail = crate::mail::templates::answered(&crate::mail::templates::Answered {
            to: &to,
            tracking: &crate::domain::comment::tracking_number(id, created_at),
            draft_title: &title,
            disposition,
            reason: &reason,
            link: &crate::paths::absolute(base_url, &crate::paths::public::comment(&slug, id)),
            updated,
        });
        super::outbox::enqueue(conn, Some(id), super::outbox::Purpose::Answer, &mail, now)?;
    }
    Ok(())
}
