//! The grouping queue: puts each new comment in its group of near-identical opinions
//! (`domain::similarity`), a batch at a time, in the order comments came.
//!
//! One process at a time groups, under the `similar-opinions` job's lease: a comment
//! joins the group of a comment grouped before it, so two processes grouping side by
//! side could each start a group for the same text. There is nothing to retry: a
//! batch that fails is rolled back whole and taken again at the next turn.

use std::collections::{HashMap, HashSet};

use diesel::{Connection, RunQueryDsl};

use super::{JobError, Queue};
use crate::db::queries::{jobs, similar as rows};
use crate::db::{Db, DbConnection, DbError};
use crate::domain::ids::{CommentId, DraftId};
use crate::domain::similarity::{Signature, Threshold};
use crate::domain::time;

pub const JOB: &str = "similar-opinions";
/// Comments a batch takes: one transaction of a few statements (see `group_batch`),
/// short enough not to hold SQLite's writer long.
pub const BATCH: i64 = 1000;
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

pub struct SimilarQueue {
    pub db: Db,
    pub threshold: Threshold,
}

impl SimilarQueue {
    /// Groups one batch under the queue's lease; returns how many comments it grouped
    /// (0 when none waits or another process holds the lease).
    pub async fn group_due(&self) -> Result<usize, JobError> {
        let waiting = self
            .db
            .run(|c| rows::any_ungrouped(c).map_err(DbError::from))
            .await?;
        if !waiting {
            return Ok(0);
        }
        let now = time::now_utc();
        let token = crate::auth::token::new_token();
        let t = token.clone();
        let leased = self
            .db
            .write_unpublished(move |c| {
                jobs::ensure(c, JOB)?;
                jobs::take_lease(c, JOB, &t, now, now + LEASE).map_err(DbError::from)
            })
            .await?;
        if !leased {
            return Ok(0);
        }
        let threshold = self.threshold;
        let result = self
            .db
            .write_unpublished(move |c| match group_batch(c, threshold, BATCH) {
                // Gave way to a portal write (see `group_batch`): nothing was grouped,
                // and the next turn takes the batch again.
                Err(diesel::result::Error::DatabaseError(_, info))
                    if info.message().contains("lock timeout") =>
                {
                    tracing::debug!("grouping gave way to a write; trying again");
                    Ok(0)
                }
                other => other.map_err(DbError::from),
            })
            .await;
        let ok = result.as_ref().is_ok_and(|n| *n > 0);
        self.db
            .write_unpublished(move |c| {
                jobs::release_lease(c, JOB, &token, ok.then(time::now_utc)).map_err(DbError::from)
            })
            .await?;
        Ok(result?)
    }
}

impl Queue for SimilarQueue {
    fn name(&self) -> &'static str {
        JOB
    }

    async fn work(&self) -> Result<usize, JobError> {
        self.group_due().await
    }

    async fn woken(&self) {
        self.db.published_change().await
    }
}

/// Groups up to `limit` of the oldest comments not grouped yet; returns how many.
///
/// The band keys the batch brings are looked up once per draft, and the comments they
/// lead to are read once, so a batch costs a few statements whatever its size; a
/// comment of the batch is also compared with the comments before it in the batch.
pub fn group_batch(
    conn: &mut DbConnection,
    threshold: Threshold,
    limit: i64,
) -> diesel::QueryResult<usize> {
    // On SQLite a batch claims a band key per band of each comment, each at a random
    // place in a B-tree of a key per band per comment of the draft (a few hundred MB at
    // a million comments). With the pool's small page cache each one was a read() of
    // the page and a copy: a third of the batch's time.
    // For the batch alone, its connection reads the file through a larger map and keeps
    // the pages it touched, then goes back to the pool's figures. One process groups at
    // a time (the job's lease), so this is one connection's memory, for a moment.
    let restore = match conn {
        DbConnection::Sqlite(c) => Some(widen_sqlite_cache(c)?),
        DbConnection::Postgres(_) => None,
    };
    let result = group_batch_in_transaction(conn, threshold, limit);
    if let (Some((cache, mmap)), DbConnection::Sqlite(c)) = (restore, &mut *conn) {
        diesel::sql_query(format!("PRAGMA cache_size = {cache}")).execute(c)?;
        diesel::sql_query(format!("PRAGMA mmap_size = {mmap}")).execute(c)?;
    }
    result
}

/// The page cache (KiB, negative) and map (bytes) a grouping batch uses on SQLite.
const BATCH_CACHE: i64 = -65_536;
const BATCH_MMAP: i64 = 1 << 30;

/// The page cache's size as `PRAGMA cache_size` gives it (negative: KiB).
#[derive(diesel::QueryableByName)]
struct CacheSize {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    cache_size: i64,
}

/// The map's size in bytes, as `PRAGMA mmap_size` gives it.
#[derive(diesel::QueryableByName)]
struct MmapSize {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    mmap_size: i64,
}

/// Sets the batch's cache and map on the connection; returns the pool's, to restore.
fn widen_sqlite_cache(c: &mut diesel::sqlite::SqliteConnection) -> diesel::QueryResult<(i64, i64)> {
    let cache = diesel::sql_query("PRAGMA cache_size")
        .get_result::<CacheSize>(c)?
        .cache_size;
    let mmap = diesel::sql_query("PRAGMA mmap_size")
        .get_result::<MmapSize>(c)?
        .mmap_size;
    diesel::sql_query(format!("PRAGMA cache_size = {BATCH_CACHE}")).execute(c)?;
    diesel::sql_query(format!("PRAGMA mmap_size = {}", BATCH_MMAP.max(mmap))).execute(c)?;
    Ok((cache, mmap))
}

fn group_batch_in_transaction(
    conn: &mut DbConnection,
    threshold: Threshold,
    limit: i64,
) -> diesel::QueryResult<usize> {
    conn.transaction(|conn| {
        // The batch updates many comments and reads their drafts' keys; a citizen's
        // confirmation or a moderator's decision locks a comment and then its draft.
        // Waiting long on one of those could deadlock with it, and PostgreSQL might
        // then cancel the citizen's transaction: the batch gives up first instead
        // (`group_due` takes it again at the next turn).
        if let DbConnection::Postgres(pg) = conn {
            diesel::sql_query("SET LOCAL lock_timeout = '200ms'").execute(pg)?;
        }
        let todo = rows::ungrouped(conn, limit)?;
        if todo.is_empty() {
            return Ok(0);
        }
        let signed: Vec<(rows::Ungrouped, Signature)> = todo
            .into_iter()
            .map(|c| {
                let s = Signature::of(&c.body);
                (c, s)
            })
            .collect();
        // The first comment of the batch to bring each key.
        let mut batch_first: HashMap<(DraftId, i64), CommentId> = HashMap::new();
        for (c, s) in &signed {
            for k in s.band_keys() {
                batch_first.entry((c.draft_id, k)).or_insert(c.id);
            }
        }
        // Each key is claimed for that comment, in key order (keys on one page of the
        // B-tree written together): a key nobody had is the batch's from now on, and
        // only the keys some earlier comment holds are then looked up. For distinct
        // opinions, most keys are new, and each costs one walk down the B-tree instead
        // of a lookup and then an insert.
        let mut claims: Vec<(DraftId, i64, CommentId)> =
            batch_first.iter().map(|(&(d, k), &c)| (d, k, c)).collect();
        claims.sort_unstable_by_key(|(d, k, _)| (d.get(), *k));
        let claimed: HashSet<(DraftId, i64)> = rows::claim_bands(conn, &claims)?;
        let mut taken_by_draft: HashMap<DraftId, Vec<i64>> = HashMap::new();
        for (d, k, _) in &claims {
            if !claimed.contains(&(*d, *k)) {
                taken_by_draft.entry(*d).or_default().push(*k);
            }
        }
        // The keys held before the batch, with the comment that brought each.
        let mut seen: HashMap<(DraftId, i64), CommentId> = HashMap::new();
        for (draft, keys) in &taken_by_draft {
            for (k, c) in rows::bands(conn, *draft, keys)? {
                seen.insert((*draft, k), c);
            }
        }
        // The comments those keys lead to: their group and stored signature.
        let earlier: Vec<CommentId> = seen
            .values()
            .copied()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut known: HashMap<CommentId, (CommentId, Signature)> =
            rows::signatures(conn, &earlier)?
                .into_iter()
                .map(|(id, group, sig)| (id, (group, sig)))
                .collect();
        let mut leaders = Vec::new();
        let mut assigned = Vec::with_capacity(signed.len());
        for (c, sig) in signed {
            let keys = sig.band_keys();
            // A key leads to the comment that held it before the batch, or to the
            // batch's first comment with it if that came before this one.
            let mut candidates: Vec<CommentId> = keys
                .iter()
                .filter_map(|k| {
                    seen.get(&(c.draft_id, *k)).copied().or_else(|| {
                        batch_first
                            .get(&(c.draft_id, *k))
                            .copied()
                            .filter(|first| *first != c.id)
                    })
                })
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            let group = threshold
                .closest(
                    &sig,
                    candidates
                        .iter()
                        .filter_map(|id| known.get(id).map(|(g, s)| (*g, s))),
                )
                .unwrap_or(c.id);
            // Only a comment that brought a key can be a candidate later: only its
            // signature is kept.
            if keys.iter().any(|k| {
                claimed.contains(&(c.draft_id, *k))
                    && batch_first.get(&(c.draft_id, *k)) == Some(&c.id)
            }) {
                leaders.push(c.id);
            }
            known.insert(c.id, (group, sig));
            assigned.push((c.id, group));
        }
        let kept: Vec<(CommentId, CommentId, &Signature)> = leaders
            .iter()
            .filter_map(|id| known.get(id).map(|(g, s)| (*id, *g, s)))
            .collect();
        rows::add_signatures(conn, &kept)?;
        rows::assign(conn, &assigned)?;
        Ok(assigned.len())
    })
}
