//! Search with the database's own full-text index: FTS5 on SQLite, tsvectors with a GIN
//! index on PostgreSQL. Documents live in `search_docs`; on SQLite `apply_in` writes
//! `search_fts` beside each row, on PostgreSQL each row's `fsv` (matching) and `tsv`
//! (ranking), built by `tsvector`.
//!
//! Queries are built from `query::words` (letters and digits only) and from values of
//! our own (enum spellings, ids), so no text from a user reaches the SQL except as the
//! one bound full-text query.

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
    draft_id: i64,
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
    kind: String,
    #[diesel(sql_type = BigInt)]
    draft_id: i64,
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

/// PostgreSQL's ranking signals of a row `d`, from the tsqueries bound as $2 (phrase),
/// $3 (exact) and $4 (title); $1 is the matching query.
const SIGNALS: &str =
    "d.fsv @@ $2::tsquery AS phrase, d.tsv @@ $3::tsquery AS exact, d.tsv @@ $4::tsquery AS title";

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

/// The PostgreSQL schema a full reindex builds its table in.
const REBUILD_SCHEMA: &str = "search_rebuild";

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

/// How a full rebuild ends on PostgreSQL: the new table gets the live one's constraints
/// and indexes under the same names. Their definitions are read from the catalog, so a
/// migration that changes them changes rebuilds too. Nothing on SQLite.
fn rebuild_definitions(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    let DbConnection::Postgres(c) = conn else {
        return Ok(Vec::new());
    };
    #[derive(QueryableByName)]
    struct Definition {
        #[diesel(sql_type = Text)]
        sql: String,
    }
    // Constraints backed by an index (primary key, unique), then the other indexes.
    let definitions = diesel::sql_query(format!(
        "SELECT format('ALTER TABLE {REBUILD_SCHEMA}.search_docs ADD CONSTRAINT %I %s', k.conname, \
                       pg_get_constraintdef(k.oid)) AS sql \
         FROM pg_constraint k WHERE k.conrelid = 'search_docs'::regclass AND k.contype IN ('p', 'u', 'x') \
         UNION ALL \
         SELECT format('CREATE %sINDEX %I ON {REBUILD_SCHEMA}.search_docs %s', \
                       CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END, x.relname, \
                       substring(pg_get_indexdef(i.indexrelid) from 'USING .*$')) \
         FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid \
         WHERE i.indrelid = 'search_docs'::regclass \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
    ))
    .load::<Definition>(c)?;
    Ok(definitions.into_iter().map(|d| d.sql).collect())
}

/// Runs some of `rebuild_definitions`, in one transaction.
fn build_in(conn: &mut DbConnection, definitions: &[String]) -> QueryResult<()> {
    let DbConnection::Postgres(c) = conn else {
        return Ok(());
    };
    c.transaction(|c| {
        // Sorting a million documents' words in memory rather than in runs on disk.
        c.batch_execute("SET LOCAL maintenance_work_mem = '256MB'")?;
        for sql in definitions {
            c.batch_execute(sql)?;
        }
        Ok(())
    })
}

/// PostgreSQL, once the new table is indexed: gathers its statistics, then in one short
/// transaction drops the live table and moves the new one in its place. The index
/// worker's changes to the old table meanwhile are replayed by the reindex afterwards.
fn swap_in(conn: &mut DbConnection) -> QueryResult<()> {
    let DbConnection::Postgres(c) = conn else {
        return Ok(());
    };
    // The planner's statistics, and the visibility map that index-only counts read
    // (`newest_together`); VACUUM cannot run in a transaction.
    c.batch_execute(&format!("VACUUM (ANALYZE) {REBUILD_SCHEMA}.search_docs"))?;
    c.transaction(|c| {
        c.batch_execute(&format!(
            "DROP TABLE search_docs; \
             DO $$ BEGIN EXECUTE format('ALTER TABLE {REBUILD_SCHEMA}.search_docs SET SCHEMA %I', current_schema()); END $$; \
             DROP SCHEMA {REBUILD_SCHEMA}"
        ))
    })
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

/// `search_docs` as PostgreSQL has it: with the two tsvectors, which SQLite's table
/// (and so the shared schema) does not have.
mod postgres_table {
    diesel::table! {
        use diesel::sql_types::*;
        use crate::search::tsvector::TsVectorSql;

        #[sql_name = "search_docs"]
        search_docs_with_vectors (id) {
            id -> BigInt,
            doc_id -> Text,
            kind -> Text,
            draft_id -> BigInt,
            title -> Text,
            body -> Text,
            folded_title -> Text,
            folded -> Text,
            link -> Text,
            commenter_kind -> Text,
            commune -> Text,
            date -> Timestamp,
            fsv -> TsVectorSql,
            tsv -> TsVectorSql,
        }
    }
}

/// PostgreSQL: the rows, with their two tsvectors built here (see `tsvector`), in one
/// COPY in the binary format: no statement to parse and plan for every few hundred
/// rows, which a full reindex of a million documents felt.
fn copy_postgres(c: &mut diesel::PgConnection, rows: &[NewDoc<'_>]) -> QueryResult<usize> {
    use postgres_table::search_docs_with_vectors as t;
    #[derive(Debug, thiserror::Error)]
    enum CopyError {
        #[error(transparent)]
        Database(#[from] diesel::result::Error),
        #[error("writing the COPY data: {0}")]
        Write(#[from] std::io::Error),
    }
    // Microseconds from PostgreSQL's epoch, as its binary timestamps count them.
    let epoch = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    diesel::copy_from(t::table)
        .from_raw_data(t::table, |out: &mut dyn std::io::Write| {
            let mut buf = Vec::with_capacity(64 * 1024);
            buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
            buf.extend_from_slice(&[0; 8]); // no flags, no header extension
            let field = |buf: &mut Vec<u8>, bytes: &[u8]| {
                buf.extend_from_slice(&(bytes.len() as i32).to_be_bytes());
                buf.extend_from_slice(bytes);
            };
            for r in rows {
                buf.extend_from_slice(&14i16.to_be_bytes());
                field(&mut buf, &r.id.to_be_bytes());
                field(&mut buf, r.doc_id.as_bytes());
                field(&mut buf, r.kind.as_bytes());
                field(&mut buf, &r.draft_id.to_be_bytes());
                field(&mut buf, r.title.as_bytes());
                field(&mut buf, r.body.as_bytes());
                field(&mut buf, r.folded_title.as_bytes());
                field(&mut buf, r.folded.as_bytes());
                field(&mut buf, r.link.as_bytes());
                field(&mut buf, r.commenter_kind.as_bytes());
                field(&mut buf, r.commune.as_bytes());
                let micros = (r.date - epoch).num_microseconds().unwrap_or(0);
                field(&mut buf, &micros.to_be_bytes());
                field(
                    &mut buf,
                    TsVector::matching(&r.folded_title, &r.folded).as_bytes(),
                );
                let ranking = TsVector::ranking(r.title, r.body, &r.folded_title);
                field(&mut buf, ranking.as_bytes());
                if buf.len() >= 60 * 1024 {
                    out.write_all(&buf).map_err(CopyError::from)?;
                    buf.clear();
                }
            }
            buf.extend_from_slice(&(-1i16).to_be_bytes());
            out.write_all(&buf).map_err(CopyError::from)
        })
        .with_format(diesel::pg::CopyFormat::Binary)
        .execute(c)
        .map_err(|e| match e {
            CopyError::Database(e) => e,
            CopyError::Write(e) => diesel::result::Error::SerializationError(Box::new(e)),
        })
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
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
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
        kind: DocKind::parse(&r.kind).unwrap_or(DocKind::Comment),
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

fn found_sqlite(
    c: &mut diesel::SqliteConnection,
    words: &[Word],
    req: &SearchRequest,
    drafts: &str,
) -> QueryResult<Found> {
    if words.is_empty() {
        let window = diesel::sql_query(newest_sql(req, drafts)).load::<Match>(c)?;
        return Ok(Found {
            window,
            ..Found::default()
        });
    }
    let e = query::fts5(words);
    // The kind is a token of the tags column: filtering by it is an index lookup.
    let of_kinds = |expr: &str, kinds: &[DocKind]| {
        let tags: Vec<String> = kinds.iter().map(|k| format!("k{}", k.as_str())).collect();
        format!("({expr}) AND {{tags}} : ({})", tags.join(" OR "))
    };
    let window_sql = |limit: i64| {
        format!(
            "SELECT d.id, d.kind, d.draft_id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid \
             WHERE search_fts MATCH ?{drafts} ORDER BY search_fts.rowid DESC LIMIT {limit}"
        )
    };
    let kinds: Option<Vec<DocKind>> = req.kind.map(|k| vec![k]);
    let restrict = |expr: &str, kinds: &Option<Vec<DocKind>>| match kinds {
        Some(k) => of_kinds(expr, k),
        None => expr.to_string(),
    };
    let window = diesel::sql_query(window_sql(MATCH_WINDOW + 1))
        .bind::<Text, _>(restrict(&e.matches, &kinds))
        .load::<Match>(c)?;
    let structural = if req.kind.is_none() {
        diesel::sql_query(window_sql(MATCH_WINDOW))
            .bind::<Text, _>(of_kinds(&e.matches, &STRUCTURAL))
            .load::<Match>(c)?
    } else {
        Vec::new()
    };
    let mut found = Found {
        window,
        structural,
        ..Found::default()
    };
    if req.sort != Sort::Relevance {
        return Ok(found);
    }
    // Each signal is a lookup in the index from the oldest match of a window on, so it
    // reads about as many entries as the window holds.
    let mut ranges = vec![(kinds, found.window.last().map(|m| m.id))];
    let oldest = found.window.last().map_or(i64::MAX, |m| m.id);
    if let Some(s) = found.structural.last().filter(|s| s.id < oldest) {
        ranges.push((Some(STRUCTURAL.to_vec()), Some(s.id)));
    }
    let mut lookup =
        |expr: &str, kinds: &Option<Vec<DocKind>>, from: i64, into: &mut HashSet<i64>| {
            let sql = "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH ? AND rowid >= ?";
            let ids = diesel::sql_query(sql)
                .bind::<Text, _>(restrict(expr, kinds))
                .bind::<BigInt, _>(from)
                .load::<Id>(c)?;
            into.extend(ids.into_iter().map(|r| r.id));
            QueryResult::Ok(())
        };
    let signals = &mut found.signals;
    for (kinds, from) in ranges {
        let Some(from) = from else { continue };
        if let Some(phrase) = &e.phrase {
            lookup(
                phrase,
                &kinds,
                from,
                signals.phrase.get_or_insert_with(HashSet::new),
            )?;
        }
        lookup(&e.exact, &kinds, from, &mut signals.exact)?;
        lookup(&e.title, &kinds, from, &mut signals.title)?;
    }
    Ok(found)
}

fn found_postgres(
    c: &mut diesel::PgConnection,
    words: &[Word],
    req: &SearchRequest,
    drafts: &str,
    planning: &PlanningCache,
) -> QueryResult<Found> {
    if words.is_empty() {
        let window = diesel::sql_query(newest_sql(req, drafts)).load::<Match>(c)?;
        return Ok(Found {
            window,
            ..Found::default()
        });
    }
    let e = query::tsquery(words);
    let kind = kinds_sql(req.kind.as_slice());
    // Walking the primary key backwards, PostgreSQL stops at the window's end for a
    // common word; for a rare one it reads the few matches from the GIN index.
    let window_sql = |filter: &str, limit: i64| {
        format!(
            "SELECT d.id, d.kind, d.draft_id FROM search_docs d \
             WHERE d.fsv @@ $1::tsquery{filter}{drafts} ORDER BY d.id DESC LIMIT {limit}"
        )
    };
    let planning = planning.current(c, [WALK_SAMPLE, NEWEST_TOGETHER])?;
    let together = if planning.rarest_share(words) >= COMMON_SHARE {
        newest_together(c, &format!("{kind}{drafts}"), &e, planning.bounds)?
    } else {
        None
    };
    // Signals already read, by id.
    let mut known: Vec<SignalRow> = Vec::new();
    let window = match together {
        Some(rows) => rows
            .into_iter()
            .map(|r| {
                known.push(r.signals);
                r.found
            })
            .collect(),
        None => diesel::sql_query(window_sql(&kind, MATCH_WINDOW + 1))
            .bind::<Text, _>(&e.matches)
            .load::<Match>(c)?,
    };
    let structural = if req.kind.is_none() {
        diesel::sql_query(window_sql(&kinds_sql(&STRUCTURAL), MATCH_WINDOW))
            .bind::<Text, _>(&e.matches)
            .load::<Match>(c)?
    } else {
        Vec::new()
    };
    let mut found = Found {
        window,
        structural,
        ..Found::default()
    };
    if req.sort != Sort::Relevance || (found.window.is_empty() && found.structural.is_empty()) {
        return Ok(found);
    }
    // The signals of the candidates not read yet, from their tsvectors in one statement.
    let read: HashSet<i64> = known.iter().map(|r| r.id).collect();
    let ids: Vec<String> = found
        .window
        .iter()
        .chain(&found.structural)
        .filter(|m| !read.contains(&m.id))
        .map(|m| m.id.to_string())
        .collect();
    let mut rows = known;
    if !ids.is_empty() {
        let sql = format!(
            "SELECT d.id, {SIGNALS} FROM search_docs d WHERE d.id IN ({})",
            ids.join(", ")
        );
        rows.extend(with_expressions(sql, &e).load::<SignalRow>(c)?);
    }
    let signals = &mut found.signals;
    let mut phrase = HashSet::new();
    for r in rows {
        if r.phrase {
            phrase.insert(r.id);
        }
        if r.exact {
            signals.exact.insert(r.id);
        }
        if r.title {
            signals.title.insert(r.id);
        }
    }
    signals.phrase = e.phrase.is_some().then_some(phrase);
    Ok(found)
}

/// The share of documents that, by PostgreSQL's statistics, hold each word: at least
/// this for the rarest word of a query means every word is common.
const COMMON_SHARE: f64 = 0.07;

/// How many of the newest documents `newest_together` reads at most: enough to fill the
/// window when the words come together in COMMON_SHARE of them.
const NEWEST_TOGETHER: i64 = 30_000;

/// How many of the newest documents a walk reads first, to see whether the words come
/// together often enough for the whole walk to fill the window.
const WALK_SAMPLE: i64 = 3_000;

/// The window of a query whose words are each common, read by walking the newest
/// documents down to `lowest` (the NEWEST_TOGETHER-th newest), or None when they do not
/// fill it. `sample` is the WALK_SAMPLE-th newest document.
///
/// PostgreSQL estimates an AND of words as if they were independent, but the words of a
/// query mostly come together (a phrase, a place name): for "giải phóng mặt bằng" it
/// expected 685 of a million documents where 134,330 match, and read every one of them
/// through the GIN index and the heap (660 ms). Walking the primary key down from the
/// newest stops at the window's end (27 ms). The walk is bounded, and words that are
/// common apart but rare together cost only the walk of a sample before the planner's
/// own plan.
///
/// One common word is walked too. The planner would choose the same walk for it, but
/// here the ranking signals are read on the way, not by a second statement.
fn newest_together(
    c: &mut diesel::PgConnection,
    filter: &str,
    e: &query::Expressions,
    (sample, lowest): (i64, i64),
) -> QueryResult<Option<Vec<SignalledMatch>>> {
    c.transaction(|c| {
        // Sorting is off too: the walk must follow the primary key. Where the table's
        // order on disk strays from the key's, PostgreSQL priced that walk high and read
        // every entry of `search_docs_by_kind` above the bound, then sorted (96 ms for
        // "thạnh an" at a million, where the walk takes 48).
        c.batch_execute(
            "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off",
        )?;
        let wanted = MATCH_WINDOW + 1;
        // First the newest WALK_SAMPLE documents. When the words come together in too
        // few of them to fill the window within NEWEST_TOGETHER, the rest of the walk
        // would be wasted: "metro ngập" (0.9% of documents) walked 30,000 documents
        // (about 27 ms at a million), then took the planner's plan anyway.
        let mut window = walk(c, filter, e, sample, None, wanted)?;
        let found = window.len() as i64;
        let expected = found * (NEWEST_TOGETHER / WALK_SAMPLE);
        if found < wanted && lowest < sample && expected * 4 >= MATCH_WINDOW * 3 {
            window.extend(walk(c, filter, e, lowest, Some(sample), wanted - found)?);
        }
        // The settings end with this transaction, or with the caller's if it is nested.
        c.batch_execute(
            "SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on; SET LOCAL enable_sort = on",
        )?;
        Ok(Some(window).filter(|w| w.len() as i64 > MATCH_WINDOW))
    })
}

/// The newest `limit` matches with ids from `lowest` up to `below` (excluded), walking
/// the primary key down. The ranking signals are read from each match's row as the walk
/// passes it (with no sort in the plan, only for the rows returned), instead of by a
/// second statement looking the 2,001 rows up again (about 20 ms at a million).
fn walk(
    c: &mut diesel::PgConnection,
    filter: &str,
    e: &query::Expressions,
    lowest: i64,
    below: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<SignalledMatch>> {
    // The bounds are literals in the SQL: as subqueries the planner cannot see that
    // they make the primary key's range short.
    let below = below.map_or(String::new(), |b| format!(" AND d.id < {b}"));
    let sql = format!(
        "SELECT d.id, d.kind, d.draft_id, {SIGNALS} FROM search_docs d \
         WHERE d.fsv @@ $1::tsquery{filter} AND d.id >= {lowest}{below} \
         ORDER BY d.id DESC LIMIT {limit}"
    );
    with_expressions(sql, e).load::<SignalledMatch>(c)
}

/// `sql` with the query's tsqueries bound: $1 the matching one, $2–$4 those of
/// `SIGNALS` (a statement that reads only the signals leaves $1 unused).
fn with_expressions<'a>(
    sql: String,
    e: &'a query::Expressions,
) -> diesel::query_builder::BoxedSqlQuery<'a, diesel::pg::Pg, diesel::query_builder::SqlQuery> {
    diesel::sql_query(sql)
        .into_boxed()
        .bind::<Text, _>(e.matches.as_str())
        .bind::<Text, _>(e.phrase.as_deref().unwrap_or(&e.matches))
        .bind::<Text, _>(e.exact.as_str())
        .bind::<Text, _>(e.title.as_str())
}
