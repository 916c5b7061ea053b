//! Rows of the search outbox: a change to something searchable records here, in the
//! transaction of the change, what changed (see `search::outbox` for the worker that
//! applies them to the index).

use crate::domain::ids::*;
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

/// The ids of searchable things: each knows which `Entity` it names.
pub trait Searchable: Copy {
    const ENTITY: Entity;
    fn raw(self) -> i64;
}

impl Searchable for DraftId {
    const ENTITY: Entity = Entity::Draft;
    fn raw(self) -> i64 {
        self.get()
    }
}

impl Searchable for CommentId {
    const ENTITY: Entity = Entity::Comment;
    fn raw(self) -> i64 {
        self.get()
    }
}

impl Searchable for AnswerId {
    const ENTITY: Entity = Entity::Answer;
    fn raw(self) -> i64 {
        self.get()
    }
}

/// Records that `id` changed; call it inside the transaction of the change.
pub fn enqueue<T: Searchable>(
    conn: &mut DbConnection,
    id: T,
    now: NaiveDateTime,
) -> QueryResult<()> {
    enqueue_many(conn, &[id], now)
}

pub fn enqueue_many<T: Searchable>(
    conn: &mut DbConnection,
    ids: &[T],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let raw: Vec<i64> = ids.iter().map(|id| id.raw()).collect();
    enqueue_raw(conn, T::ENTITY, &raw, now)
}

/// Rows already named by entity and number (a replay of the outbox itself).
pub fn enqueue_raw(
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
                    search_outbox::entity.eq(entity),
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
    draft_id: DraftId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    use crate::db::schema::comments;
    let ids: Vec<CommentId> = comments::table
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::status.eq(crate::domain::comment::CommentStatus::Published))
        .select(comments::id)
        .load(conn)?;
    enqueue_many(conn, &ids, now)
}

/// A row of the queue, as the search queue works it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = search_outbox)]
pub struct Due {
    pub id: i64,
    pub entity: Entity,
    pub entity_id: i64,
    pub attempts: i32,
}

/// Up to `limit` rows that are due, oldest first.
pub fn due(conn: &mut DbConnection, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<Due>> {
    search_outbox::table
        .filter(search_outbox::done_at.is_null())
        .filter(search_outbox::dead_at.is_null())
        .filter(search_outbox::next_attempt_at.le(now))
        .select(Due::as_select())
        .order(search_outbox::id)
        .limit(limit)
        .load(conn)
}

pub fn mark_done(conn: &mut DbConnection, ids: &[i64], now: NaiveDateTime) -> QueryResult<()> {
    for chunk in ids.chunks(500) {
        diesel::update(search_outbox::table.filter(search_outbox::id.eq_any(chunk)))
            .set(search_outbox::done_at.eq(now))
            .execute(conn)?;
    }
    Ok(())
}

/// The batch failed: one more attempt for each row, due again at `retry_at`, or (None)
/// given up as dead letters.
pub fn mark_failed(
    conn: &mut DbConnection,
    ids: &[i64],
    retry_at: Option<NaiveDateTime>,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let error: String = error.chars().take(500).collect();
    for chunk in ids.chunks(500) {
        diesel::update(search_outbox::table.filter(search_outbox::id.eq_any(chunk)))
            .set((
                search_outbox::attempts.eq(search_outbox::attempts + 1),
                search_outbox::next_attempt_at.eq(retry_at.unwrap_or(now)),
                search_outbox::dead_at.eq(retry_at.is_none().then_some(now)),
                search_outbox::last_error.eq(&error),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Rows given up: what /readyz and the console report.
pub fn dead(conn: &mut DbConnection) -> QueryResult<i64> {
    search_outbox::table
        .filter(search_outbox::done_at.is_null())
        .filter(search_outbox::dead_at.is_not_null())
        .count()
        .get_result(conn)
}

/// Dead letters go back in the queue, with their attempts counted from zero.
pub fn requeue_dead(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        search_outbox::table
            .filter(search_outbox::done_at.is_null())
            .filter(search_outbox::dead_at.is_not_null()),
    )
    .set((
        search_outbox::dead_at.eq(None::<NaiveDateTime>),
        search_outbox::attempts.eq(0),
        search_outbox::next_attempt_at.eq(now),
    ))
    .execute(conn)
}
