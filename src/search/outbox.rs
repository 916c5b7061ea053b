//! The search outbox: every change to something searchable writes a row here in its own
//! transaction (`enqueue`), and the search queue (`jobs::search`) applies the rows to
//! the search backend in batches, retrying with backoff while the backend is down. A submission never waits
//! for the index, and nothing is lost when the index is unavailable.
//!
//! A row names the thing that changed, not its document: the worker builds documents
//! from the database as they are when it runs, so replaying a row is always safe and a
//! burst of changes to one comment costs one document.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::docs::{self, Changes};
use super::{Search, SearchDoc, SearchError};
/// Kept in `db` beside the table, so that every write can queue its change in its own
/// transaction; named here too, where the worker reads them back.
pub use crate::db::queries::search_outbox::{
    Entity, Searchable, enqueue, enqueue_many, enqueue_published_comments, enqueue_raw,
};
use crate::db::schema::search_outbox;
use crate::db::{Db, DbConnection, DbError};
use crate::domain::ids::{AnswerId, CommentId, DraftId};
use crate::domain::time;

/// Applied rows are kept this long, for a reindex to replay (see `reindex`).
const KEEP_DONE: chrono::Duration = chrono::Duration::hours(24);
/// Documents per batch of a full reindex.
pub const REINDEX_BATCH: i64 = 5_000;

/// Queues everything public (after loading content in bulk, such as the demo).
pub fn enqueue_everything(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<()> {
    use crate::db::schema::{comments, drafts, responses};
    let drafts: Vec<DraftId> = drafts::table
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .select(drafts::id)
        .load(conn)?;
    enqueue_many(conn, &drafts, now)?;
    let comments: Vec<CommentId> = comments::table
        .filter(comments::status.eq(crate::domain::comment::CommentStatus::Published))
        .select(comments::id)
        .load(conn)?;
    enqueue_many(conn, &comments, now)?;
    let answers: Vec<AnswerId> = responses::table.select(responses::id).load(conn)?;
    enqueue_many(conn, &answers, now)
}

/// How far the index is behind the database: changes not yet applied, and the time of
/// the oldest. /readyz reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Lag {
    pub pending: i64,
    pub oldest: Option<NaiveDateTime>,
}

impl Lag {
    pub fn seconds(&self, now: NaiveDateTime) -> i64 {
        self.oldest
            .map(|t| (now - t).num_seconds().max(0))
            .unwrap_or(0)
    }
}

pub fn lag(conn: &mut DbConnection) -> QueryResult<Lag> {
    let (pending, oldest): (i64, Option<NaiveDateTime>) = search_outbox::table
        .filter(search_outbox::done_at.is_null())
        .filter(search_outbox::dead_at.is_null())
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(search_outbox::created_at),
        ))
        .first(conn)?;
    Ok(Lag { pending, oldest })
}

/// The documents for a set of changed things, as the database holds them now.
pub fn changes_for(
    conn: &mut DbConnection,
    things: &BTreeSet<(Entity, i64)>,
) -> QueryResult<Changes> {
    let mut changes = Changes::default();
    for &(entity, id) in things {
        changes.extend(match entity {
            // The outbox names things by entity and number; here they get their types.
            Entity::Draft => docs::for_draft(conn, DraftId(id))?,
            Entity::Comment => docs::for_comment(conn, CommentId(id))?,
            Entity::Answer => docs::for_answer(conn, AnswerId(id))?,
        });
    }
    Ok(changes)
}

/// Removes applied rows older than a reindex needs (the daily `prune-outboxes` job).
pub fn prune_done(conn: &mut DbConnection, now: NaiveDateTime, limit: usize) -> QueryResult<usize> {
    let ids: Vec<i64> = search_outbox::table
        .filter(search_outbox::done_at.lt(now - KEEP_DONE))
        .select(search_outbox::id)
        .order(search_outbox::id.asc())
        .limit(limit as i64)
        .load(conn)?;
    diesel::delete(search_outbox::table.filter(search_outbox::id.eq_any(&ids))).execute(conn)
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Applies the index settings, retrying until Meilisearch answers; a new (empty) index
/// is filled from the database. Changes meanwhile wait in the outbox.
pub async fn prepare_meili(db: &Db, search: &Search, m: &super::meili::MeiliSearch) {
    let mut delay = Duration::from_secs(1);
    let mut fill = false;
    loop {
        let step = match m.setup().await {
            Ok(created) => {
                fill |= created;
                if fill {
                    tracing::info!(
                        index = m.index_uid(),
                        "new Meilisearch index: filling it from the database"
                    );
                    reindex(db, search, |_, _| {}).await.map(|n| {
                        tracing::info!(documents = n, "Meilisearch index filled");
                    })
                } else {
                    Ok(())
                }
            }
            Err(e) => Err(e.into()),
        };
        match step {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, retry_in_s = delay.as_secs(), "Meilisearch not ready; search updates wait in the outbox");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(60));
            }
        }
    }
}

/// Where a full reindex writes: the database backend (see `begin_rebuild_in`: a new
/// table on PostgreSQL, the live index on SQLite) or a new Meilisearch index; the new
/// index replaces the live one at the end.
enum Target<'a> {
    Database(&'a super::database::DatabaseSearch),
    Meili(&'a super::meili::MeiliSearch, String),
}

impl Target<'_> {
    async fn put(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        match self {
            Target::Database(d) => d.fill(docs).await,
            Target::Meili(m, uid) => m.put_rebuild(uid, docs).await,
        }
    }
}

/// Rebuilds the whole index from the database. `progress` is told the number of
/// documents written so far and the number expected. Changes made while it runs are
/// applied by the worker as usual and replayed at the end, so the rebuilt index misses
/// none of them.
pub async fn reindex(
    db: &Db,
    search: &Search,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64, ApplyError> {
    // A change committed just before this started may not have been applied yet, or may
    // have been applied to the old index only: replay from a little earlier.
    let since = time::now_utc() - chrono::Duration::seconds(60);
    let expected = db.run(|c| expected_docs(c).map_err(DbError::from)).await?;
    progress(0, expected);
    let target = match search {
        Search::Database(d) => {
            d.begin_rebuild().await?;
            Target::Database(d)
        }
        Search::Meili(m) => Target::Meili(m, m.begin_rebuild().await?),
    };
    let mut written = 0u64;

    let drafts = db
        .run(|c| docs::published_draft_ids(c).map_err(DbError::from))
        .await?;
    for chunk in drafts.chunks(20) {
        let ids: BTreeSet<(Entity, i64)> =
            chunk.iter().map(|id| (Entity::Draft, id.get())).collect();
        let changes = db
            .run(move |c| changes_for(c, &ids).map_err(DbError::from))
            .await?;
        written += changes.upserts.len() as u64;
        target.put(changes.upserts).await?;
        progress(written, expected);
    }
    // Comments and answers, in the order of their documents' ids (see
    // `docs::reindex_order`); each batch is read (on a reading connection) while the one
    // before it is written.
    let order = db
        .run(|c| docs::reindex_order(c).map_err(DbError::from))
        .await?;
    let read = |things: &[(Entity, i64)]| {
        let (db, things) = (db.clone(), things.to_vec());
        async move {
            db.run(move |c| docs::docs_of(c, &things).map_err(DbError::from))
                .await
        }
    };
    let mut batches = order.chunks(REINDEX_BATCH as usize);
    let mut batch = match batches.next() {
        Some(first) => Some(read(first).await?),
        None => None,
    };
    while let Some(docs) = batch {
        let n = docs.len() as u64;
        let next = async {
            match batches.next() {
                Some(things) => read(things).await.map(Some),
                None => Ok(None),
            }
        };
        let (next, wrote) = tokio::join!(next, target.put(docs));
        wrote?;
        written += n;
        progress(written, expected);
        batch = next?;
    }
    match &target {
        Target::Meili(m, uid) => m.finish_rebuild(uid).await?,
        Target::Database(d) => d.finish_rebuild().await?,
    }
    // The replay: everything changed since the start is queued again, and the worker
    // (or the next start) applies it to the rebuilt index.
    db.write_unpublished(move |c| {
        let replay = |c: &mut DbConnection| -> QueryResult<()> {
            let changed: Vec<(Entity, i64)> = search_outbox::table
                .filter(search_outbox::created_at.ge(since))
                .select((search_outbox::entity, search_outbox::entity_id))
                .distinct()
                .load(c)?;
            // In batches: after a migration that queued everything, this is every document.
            let mut by_entity: std::collections::BTreeMap<Entity, Vec<i64>> = Default::default();
            for (entity, id) in changed {
                by_entity.entry(entity).or_default().push(id);
            }
            let now = time::now_utc();
            for (entity, ids) in by_entity {
                enqueue_raw(c, entity, &ids, now)?;
            }
            Ok(())
        };
        replay(c).map_err(DbError::from)
    })
    .await?;
    Ok(written)
}

/// About how many documents a reindex writes, for its progress bar.
fn expected_docs(conn: &mut DbConnection) -> QueryResult<u64> {
    use crate::db::schema::{comments, draft_versions, drafts, responses, sections};
    let drafts_n: i64 = drafts::table
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .count()
        .get_result(conn)?;
    // Sections of each public draft's latest published version, as `docs::for_draft`.
    let versions: Vec<(i64, i64, i32)> = draft_versions::table
        .inner_join(drafts::table)
        .filter(drafts::publication.eq(crate::domain::Publication::Published))
        .filter(draft_versions::published_at.is_not_null())
        .select((
            draft_versions::draft_id,
            draft_versions::id,
            draft_versions::number,
        ))
        .load(conn)?;
    let mut latest: std::collections::HashMap<i64, (i32, i64)> = std::collections::HashMap::new();
    for (draft, id, number) in versions {
        let e = latest.entry(draft).or_insert((number, id));
        if number > e.0 {
            *e = (number, id);
        }
    }
    let latest: Vec<i64> = latest.values().map(|v| v.1).collect();
    let mut sections_n = 0i64;
    for chunk in latest.chunks(500) {
        let n: i64 = sections::table
            .filter(sections::version_id.eq_any(chunk))
            .count()
            .get_result(conn)?;
        sections_n += n;
    }
    let comments_n: i64 = comments::table
        .filter(comments::status.eq(crate::domain::comment::CommentStatus::Published))
        .count()
        .get_result(conn)?;
    let answers_n: i64 = responses::table.count().get_result(conn)?;
    Ok((drafts_n + sections_n + comments_n + answers_n).max(0) as u64)
}
