//! Search with the database's own full-text index: FTS5 on SQLite, tsvectors with a GIN
//! index on PostgreSQL. Documents live in `search_docs`; on SQLite `apply_in` writes
//! `search_fts` beside each row, on PostgreSQL each row's `fsv` (matching) and `tsv`
//! (ranking), built by `tsvector`.
//!
//! Queries are built from `query::words` (letters and digits only) and from values of
//! our own (enum spellings, ids), so no text from a user reaches the SQL except as the
//! one bound full-text query.

mod postgres;
mod sqlite;

use crate::domain::ids::*;
use postgres::{
    REBUILD_SCHEMA, build_in, copy_postgres, found_postgres, rebuild_definitions, swap_in,
};
use sqlite::found_sqlite;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text, Timestamp};

use super::docs::Changes;
use super::planning::PlanningCache;
use super::query::{self, Word};
use super::rank::{Found, Match, Ranked, STRUCTURAL, rank};
use super::tsvector::TsVector;
use super::{BackendAnswer, DocKind, MATCH_WINDOW, SearchDoc, SearchError, SearchRequest, Sort};
use crate::db::schema::search_docs;
use crate::db::{Db, DbConnection, DbError};
use crate::text;

#[derive(Clone)]
pub struct DatabaseSearch {
    pub db: Db,
    planning: PlanningCache,
}

#[derive(Insertable)]
#[diesel(table_name = search_docs)]
struct NewDoc<'a> {
    id: i64,
    doc_id: &'a str,
    kind: &'a str,
    draft_id: DraftId,
    title: &'a str,
    body: &'a str,
    folded_title: String,
    folded: String,
    link: &'a str,
    commenter_kind: &'a str,
    commune: &'a str,
    date: NaiveDateTime,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    doc_id: String,
    #[diesel(sql_type = Text)]
    kind: DocKind,
    #[diesel(sql_type = BigInt)]
    draft_id: DraftId,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    body: String,
    #[diesel(sql_type = Text)]
    link: String,
    #[diesel(sql_type = Text)]
    commenter_kind: String,
    #[diesel(sql_type = Text)]
    commune: String,
    #[diesel(sql_type = Timestamp)]
    date: NaiveDateTime,
}

#[derive(QueryableByName)]
pub(super) struct Id {
    #[diesel(sql_type = BigInt)]
    pub(super) id: i64,
}

#[derive(QueryableByName)]
struct SignalRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Bool)]
    phrase: bool,
    #[diesel(sql_type = Bool)]
    exact: bool,
    #[diesel(sql_type = Bool)]
    title: bool,
}

/// A match with its ranking signals, as `newest_together` reads them.
#[derive(QueryableByName)]
struct SignalledMatch {
    #[diesel(embed)]
    found: Match,
    #[diesel(embed)]
    signals: SignalRow,
}

const COLUMNS: &str = "d.id, d.doc_id, d.kind, d.draft_id, d.title, d.body, d.link, d.commenter_kind, d.commune, d.date";

/// Writes the changes in one transaction. Called by the index worker and by a reindex.
/// On SQLite the full-text index is written here too, beside each row (see the
/// migration: no triggers).
pub fn apply_in(conn: &mut DbConnection, changes: &Changes) -> QueryResult<()> {
    conn.transaction(|conn| {
        for draft in &changes.drafts_replaced {
            let own = format!("draft_id = {draft} AND kind IN ('draft', 'section')");
            remove(conn, &own, &[])?;
        }
        let gone: Vec<&str> = changes
            .deletes
            .iter()
            .map(String::as_str)
            .chain(changes.upserts.iter().map(|d| d.id.as_str()))
            .collect();
        for chunk in gone.chunks(500) {
            let marks: Vec<String> = match conn {
                DbConnection::Sqlite(_) => vec!["?".to_string(); chunk.len()],
                DbConnection::Postgres(_) => (1..=chunk.len()).map(|i| format!("${i}")).collect(),
            };
            remove(conn, &format!("doc_id IN ({})", marks.join(", ")), chunk)?;
        }
        insert(conn, &changes.upserts, Existing::Replaced)
    })
}

/// Adds documents to the index a full reindex builds (see `begin_rebuild_in`), in one
/// transaction: nothing is looked up to be replaced first.
pub fn fill_in(conn: &mut DbConnection, docs: &[SearchDoc]) -> QueryResult<()> {
    conn.transaction(|conn| match conn {
        // The cleared live index: a document the index worker has written meanwhile is
        // newer than the reindex's copy and is kept.
        DbConnection::Sqlite(_) => insert(conn, docs, Existing::Kept),
        // The table being built, which only the reindex writes. Unqualified, `search_docs`
        // now names it (for this transaction only).
        DbConnection::Postgres(c) => {
            c.batch_execute(&format!("SET LOCAL search_path TO {REBUILD_SCHEMA}"))?;
            insert(conn, docs, Existing::Replaced)
        }
    })
}

/// Starts a full rebuild of the index.
///
/// SQLite clears the live index, which the rebuild then fills: searches meanwhile see
/// part of it. PostgreSQL creates an empty `search_docs` in a schema of its own, like the
/// live one but without its indexes and unique constraints: building those once at the
/// end (`DatabaseSearch::finish_rebuild`) is far cheaper than updating a GIN index row by row, and
/// searches meanwhile read the old index until the new one replaces it.
pub fn begin_rebuild_in(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(_) => conn.transaction(clear_in),
        // A schema left by a reindex that stopped half-way goes first.
        DbConnection::Postgres(c) => c.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {REBUILD_SCHEMA} CASCADE; CREATE SCHEMA {REBUILD_SCHEMA}; \
             CREATE TABLE {REBUILD_SCHEMA}.search_docs (LIKE search_docs INCLUDING ALL EXCLUDING INDEXES)"
        )),
    }
}

/// Removes every document (on SQLite from the full-text index too), in the caller's
/// transaction.
fn clear_in(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")?;
    }
    crate::with_backend!(conn, |c| diesel::delete(search_docs::table).execute(c))?;
    Ok(())
}

/// What `insert` finds in place of a document it writes (`Kept` is for SQLite's
/// in-place rebuild).
#[derive(Clone, Copy)]
enum Existing {
    /// Nothing: the caller removed it.
    Replaced,
    /// Maybe a newer copy, which stays.
    Kept,
}

fn insert(conn: &mut DbConnection, docs: &[SearchDoc], existing: Existing) -> QueryResult<()> {
    let rows: Vec<NewDoc<'_>> = docs
        .iter()
        .map(|d| NewDoc {
            id: d.order_key(),
            doc_id: &d.id,
            kind: d.kind.as_str(),
            draft_id: d.draft_id,
            title: &d.title,
            body: &d.body,
            folded_title: text::fold(&d.title),
            folded: text::fold(&d.body),
            link: &d.link,
            commenter_kind: &d.commenter_kind,
            commune: &d.commune,
            date: chrono::DateTime::from_timestamp(d.date_ts, 0)
                .unwrap_or_default()
                .naive_utc(),
        })
        .collect();
    // SQLite binds at most 32,766 values per statement; COPY on PostgreSQL has no limit.
    let per_statement = match conn {
        DbConnection::Sqlite(_) => 400,
        DbConnection::Postgres(_) => rows.len().max(1),
    };
    for chunk in rows.chunks(per_statement) {
        let written: Vec<i64> = match (&mut *conn, existing) {
            (DbConnection::Postgres(c), Existing::Replaced) => {
                copy_postgres(c, chunk)?;
                continue;
            }
            // COPY cannot skip a row; nothing on PostgreSQL asks it to (a rebuild writes
            // a table of its own).
            (DbConnection::Postgres(_), Existing::Kept) => {
                return Err(diesel::result::Error::QueryBuilderError(
                    "PostgreSQL search documents are written only in place of removed ones".into(),
                ));
            }
            (DbConnection::Sqlite(c), Existing::Replaced) => {
                diesel::insert_into(search_docs::table)
                    .values(chunk)
                    .execute(c)?;
                chunk.iter().map(|r| r.id).collect()
            }
            (DbConnection::Sqlite(c), Existing::Kept) => diesel::insert_into(search_docs::table)
                .values(chunk)
                .on_conflict_do_nothing()
                .returning(search_docs::id)
                .get_results(c)?,
        };
        // SQLite: the full-text index gets exactly the rows written.
        if let (DbConnection::Sqlite(c), false) = (&mut *conn, written.is_empty()) {
            let ids: Vec<String> = written.iter().map(i64::to_string).collect();
            diesel::sql_query(format!(
                "INSERT INTO search_fts (rowid, title, body, folded_title, folded, tags) \
                 SELECT id, title, body, folded_title, folded, 'k' || kind FROM search_docs WHERE id IN ({})",
                ids.join(", ")
            ))
            .execute(c)?;
        }
    }
    Ok(())
}

/// Removes the documents `condition` selects (its placeholders bound to `binds`), from the
/// full-text index first on SQLite, which needs the text it indexed to remove it.
fn remove(conn: &mut DbConnection, condition: &str, binds: &[&str]) -> QueryResult<()> {
    let mut statements = Vec::new();
    if matches!(conn, DbConnection::Sqlite(_)) {
        statements.push(format!(
            "INSERT INTO search_fts (search_fts, rowid, title, body, folded_title, folded, tags) \
             SELECT 'delete', id, title, body, folded_title, folded, 'k' || kind FROM search_docs WHERE {condition}"
        ));
    }
    statements.push(format!("DELETE FROM search_docs WHERE {}", condition));
    for sql in statements {
        crate::with_backend!(&mut *conn, |c| {
            let mut q = diesel::sql_query(sql).into_boxed();
            for b in binds {
                q = q.bind::<Text, _>(*b);
            }
            q.execute(c)
        })?;
    }
    Ok(())
}

impl DatabaseSearch {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            planning: PlanningCache::default(),
        }
    }

    pub async fn apply(&self, changes: Changes) -> Result<(), SearchError> {
        Ok(self
            .db
            .write_unpublished(move |c| apply_in(c, &changes).map_err(DbError::from))
            .await?)
    }

    pub async fn fill(&self, docs: Vec<SearchDoc>) -> Result<(), SearchError> {
        Ok(self
            .db
            .write_unpublished(move |c| fill_in(c, &docs).map_err(DbError::from))
            .await?)
    }

    pub async fn clear(&self) -> Result<(), SearchError> {
        Ok(self
            .db
            .write_unpublished(|c| c.transaction(clear_in).map_err(DbError::from))
            .await?)
    }

    pub async fn begin_rebuild(&self) -> Result<(), SearchError> {
        Ok(self
            .db
            .write_unpublished(|c| begin_rebuild_in(c).map_err(DbError::from))
            .await?)
    }

    /// Ends a full rebuild (see `begin_rebuild_in`): on PostgreSQL, indexes the new table
    /// and swaps it in.
    pub async fn finish_rebuild(&self) -> Result<(), SearchError> {
        let definitions = self
            .db
            .run(|c| rebuild_definitions(c).map_err(DbError::from))
            .await?;
        // The GIN index takes most of the time, on one core: the others are built beside
        // it, on a second connection.
        let (gin, rest): (Vec<String>, Vec<String>) = definitions
            .into_iter()
            .partition(|sql| sql.contains("USING gin"));
        let build = |definitions: Vec<String>| {
            self.db
                .write_unpublished(move |c| build_in(c, &definitions).map_err(DbError::from))
        };
        let (gin, rest) = tokio::join!(build(gin), build(rest));
        gin?;
        rest?;
        Ok(self
            .db
            .write_unpublished(|c| swap_in(c).map_err(DbError::from))
            .await?)
    }

    pub async fn search(&self, req: &SearchRequest) -> Result<BackendAnswer, SearchError> {
        let (req, planning) = (req.clone(), self.planning.clone());
        Ok(self
            .db
            .run(move |c| search_in(c, &req, &planning).map_err(DbError::from))
            .await?)
    }
}

/// The search itself, on a connection. Every statement is bounded: the index yields
/// matches newest first (ids are ordered by date, see `SearchDoc::order_key`) and the
/// windows stop at `MATCH_WINDOW`; ranking signals are index lookups limited to the
/// windows' id ranges; only the page's documents are read in full.
pub fn search_in(
    conn: &mut DbConnection,
    req: &SearchRequest,
    planning: &PlanningCache,
) -> QueryResult<BackendAnswer> {
    let words = query::words(&req.q);
    let drafts = match &req.drafts {
        Some(ids) if ids.is_empty() => return Ok(BackendAnswer::default()),
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(DraftId::to_string).collect();
            format!(" AND d.draft_id IN ({})", list.join(", "))
        }
        None => String::new(),
    };
    let found = match conn {
        DbConnection::Sqlite(c) => found_sqlite(c, &words, req, &drafts)?,
        DbConnection::Postgres(c) => found_postgres(c, &words, req, &drafts, planning)?,
    };
    let has_words = !words.is_empty();
    let Ranked {
        page,
        total,
        total_is_floor,
        by_kind,
        by_draft,
    } = rank(found, req, has_words);

    let mut rows: HashMap<i64, Row> = if page.is_empty() {
        HashMap::new()
    } else {
        let list: Vec<String> = page.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM search_docs d WHERE d.id IN ({})",
            list.join(", ")
        );
        crate::with_backend!(conn, |c| diesel::sql_query(sql).load::<Row>(c))?
            .into_iter()
            .map(|r| (r.id, r))
            .collect()
    };
    Ok(BackendAnswer {
        total,
        total_is_floor,
        by_kind,
        by_draft,
        hits: page
            .iter()
            .filter_map(|id| rows.remove(id))
            .map(doc)
            .collect(),
    })
}

fn doc(r: Row) -> SearchDoc {
    SearchDoc {
        id: r.doc_id,
        kind: r.kind,
        draft_id: r.draft_id,
        title: r.title,
        body: r.body,
        link: r.link,
        commenter_kind: r.commenter_kind,
        commune: r.commune,
        date_ts: super::docs::ts(r.date),
    }
}

/// " AND d.kind IN (…)" for these kinds (our own spellings, never user text); nothing
/// for none.
fn kinds_sql(kinds: &[DocKind]) -> String {
    if kinds.is_empty() {
        return String::new();
    }
    let list: Vec<String> = kinds.iter().map(|k| format!("'{}'", k.as_str())).collect();
    format!(" AND d.kind IN ({})", list.join(", "))
}

/// The newest documents the filters allow, when there are no words.
fn newest_sql(req: &SearchRequest, drafts: &str) -> String {
    let kind = kinds_sql(req.kind.as_slice());
    format!(
        "SELECT d.id, d.kind, d.draft_id FROM search_docs d WHERE 1 = 1{kind}{drafts} ORDER BY d.id DESC LIMIT {}",
        MATCH_WINDOW + 1
    )
}
