//! Rows of the search outbox: a change to something searchable records here, in the
//! transaction of the change, what changed (see `search::outbox` for the worker that
//! applies them to the index).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::search_outbox;
use crate::domain::text_enum;

text_enum! {
    /// What a search outbox row names.
    #[derive(PartialOrd, Ord)]
    pub enum Entity {
        Draft = "draft",
        Comment = "comment",
        Answer = "answer",
    }
}

/// Records that `entity` `id` changed; call it inside the transaction of the change.
pub fn enqueue(
    conn: &mut DbConnection,
    entity: Entity,
    id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    enqueue_many(conn, entity, &[id], now)
}

pub fn enqueue_many(
    conn: &mut DbConnection,
    entity: Entity,
    ids: &[i64],
    now: NaiveDateTime,
) -> QueryResult<()> {
    for chunk in ids.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|id| {
                (
                    search_outbox::entity.eq(entity.as_str()),
                    search_outbox::entity_id.eq(*id),
                    search_outbox::created_at.eq(now),
                    search_outbox::next_attempt_at.eq(now),
                )
            })
            .collect();
        crate::with_backend!(&mut *conn, |c| diesel::insert_into(search_outbox::table)
            .values(&rows)
            .execute(c))?;
    }
    Ok(())
}

/// Queues every published comment of a draft (a new version moved them).
pub fn enqueue_published_comments(
    conn: &mut DbConnection,
    draft_id: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    use crate::db::schema::comments;
    let ids: Vec<i64> = comments::table
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::status.eq(crate::domain::comment::CommentStatus::Published.as_str()))
        .select(comments::id)
        .load(conn)?;
    enqueue_many(conn, Entity::Comment, &ids, now)
}
