//! Search with the database's own full-text index: FTS5 on SQLite, a tsvector with a GIN
//! index on PostgreSQL. Documents live in `search_docs`; SQLite keeps `search_fts` in
//! step with triggers, PostgreSQL computes `tsv` itself.
//!
//! Queries are built from `query::words` (letters and digits only) and from values of
//! our own (enum spellings, ids), so no text from a user reaches the SQL except as the
//! one bound full-text query.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::docs::Changes;
use super::query::{self, Word};
use super::{BackendAnswer, DocKind, FACET_CAP, SearchDoc, SearchError, SearchRequest, Sort};
use crate::db::schema::search_docs;
use crate::db::{Db, DbConnection, DbError};
use crate::text;

#[derive(Clone)]
pub struct DatabaseSearch {
    pub db: Db,
}

#[derive(Insertable)]
#[diesel(table_name = search_docs)]
struct NewDoc<'a> {
    doc_id: &'a str,
    kind: &'a str,
    draft_id: i64,
    title: &'a str,
    body: &'a str,
    folded: String,
    link: &'a str,
    commenter_kind: &'a str,
    commune: &'a str,
    date: NaiveDateTime,
}

#[derive(QueryableByName)]
struct Row {
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
struct FacetRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = BigInt)]
    draft_id: i64,
}

const COLUMNS: &str =
    "d.doc_id, d.kind, d.draft_id, d.title, d.body, d.link, d.commenter_kind, d.commune, d.date";

/// Writes the changes in one transaction. Called by the index worker.
pub fn apply_in(conn: &mut DbConnection, changes: &Changes) -> QueryResult<()> {
    conn.transaction(|conn| {
        for draft in &changes.drafts_replaced {
            diesel::delete(
                search_docs::table
                    .filter(search_docs::draft_id.eq(draft))
                    .filter(search_docs::kind.eq_any(["draft", "section"])),
            )
            .execute(conn)?;
        }
        let gone: Vec<&str> = changes
            .deletes
            .iter()
            .map(String::as_str)
            .chain(changes.upserts.iter().map(|d| d.id.as_str()))
            .collect();
        for chunk in gone.chunks(500) {
            diesel::delete(search_docs::table.filter(search_docs::doc_id.eq_any(chunk)))
                .execute(conn)?;
        }
        let rows: Vec<NewDoc<'_>> = changes
            .upserts
            .iter()
            .map(|d| NewDoc {
                doc_id: &d.id,
                kind: d.kind.as_str(),
                draft_id: d.draft_id,
                title: &d.title,
                body: &d.body,
                folded: text::fold(&format!("{}\n{}", d.title, d.body)),
                link: &d.link,
                commenter_kind: &d.commenter_kind,
                commune: &d.commune,
                date: chrono::DateTime::from_timestamp(d.date_ts, 0)
                    .unwrap_or_default()
                    .naive_utc(),
            })
            .collect();
        for chunk in rows.chunks(400) {
            crate::with_backend!(&mut *conn, |c| diesel::insert_into(search_docs::table)
                .values(chunk)
                .execute(c))?;
        }
        Ok(())
    })
}

impl DatabaseSearch {
    pub async fn apply(&self, changes: Changes) -> Result<(), SearchError> {
        Ok(self
            .db
            .write_unpublished(move |c| apply_in(c, &changes).map_err(DbError::from))
            .await?)
    }

    pub async fn clear(&self) -> Result<(), SearchError> {
        Ok(self
            .db
            .write_unpublished(|c| {
                diesel::delete(search_docs::table)
                    .execute(c)
                    .map(|_| ())
                    .map_err(DbError::from)
            })
            .await?)
    }

    pub async fn search(&self, req: &SearchRequest) -> Result<BackendAnswer, SearchError> {
        let req = req.clone();
        Ok(self
            .db
            .run(move |c| search_in(c, &req).map_err(DbError::from))
            .await?)
    }
}

/// The search itself, on a connection.
pub fn search_in(conn: &mut DbConnection, req: &SearchRequest) -> QueryResult<BackendAnswer> {
    let words = query::words(&req.q);
    let mut filters = String::new();
    if let Some(k) = req.kind {
        filters.push_str(&format!(" AND d.kind = '{}'", k.as_str()));
    }
    match &req.drafts {
        Some(ids) if ids.is_empty() => filters.push_str(" AND 1 = 0"),
        Some(ids) => {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            filters.push_str(&format!(" AND d.draft_id IN ({})", list.join(", ")));
        }
        None => {}
    }
    let page = format!(
        " LIMIT {} OFFSET {}",
        req.limit.clamp(1, 100),
        req.offset.clamp(0, 100_000)
    );
    let cap = format!(" LIMIT {}", FACET_CAP + 1);

    let (rows, facets): (Vec<Row>, Vec<FacetRow>) = match (conn, words.is_empty()) {
        (conn, true) => {
            let order = " ORDER BY d.date DESC, d.id DESC";
            let sql =
                format!("SELECT {COLUMNS} FROM search_docs d WHERE 1 = 1{filters}{order}{page}");
            let facet_sql =
                format!("SELECT d.kind, d.draft_id FROM search_docs d WHERE 1 = 1{filters}{cap}");
            crate::with_backend!(conn, |c| (
                diesel::sql_query(&sql).load::<Row>(c)?,
                diesel::sql_query(&facet_sql).load::<FacetRow>(c)?
            ))
        }
        (DbConnection::Sqlite(c), false) => {
            let m = query::fts5(&words);
            let order = match req.sort {
                Sort::Relevance => " ORDER BY bm25(search_fts, 10.0, 4.0, 1.0), d.id DESC",
                Sort::Newest => " ORDER BY d.date DESC, d.id DESC",
            };
            let from = "FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH ?";
            let sql = format!("SELECT {COLUMNS} {from}{filters}{order}{page}");
            let facet_sql = format!("SELECT d.kind, d.draft_id {from}{filters}{cap}");
            (
                diesel::sql_query(sql).bind::<Text, _>(&m).load::<Row>(c)?,
                diesel::sql_query(facet_sql)
                    .bind::<Text, _>(&m)
                    .load::<FacetRow>(c)?,
            )
        }
        (DbConnection::Postgres(c), false) => {
            let q = query::tsquery(&words);
            // Every word in its exact spelling first; then ts_rank, with weight A (as
            // written) far above B (folded), divided by 1 + log(length) so that a long
            // text does not win by repeating a common folded word.
            let order = match req.sort {
                Sort::Relevance => {
                    " ORDER BY (d.tsv @@ to_tsquery('simple', $2)) DESC, \
                     ts_rank('{0.01, 0.02, 0.1, 1.0}', d.tsv, to_tsquery('simple', $1), 1) DESC, d.id DESC"
                }
                Sort::Newest => " ORDER BY d.date DESC, d.id DESC",
            };
            let from = "FROM search_docs d WHERE d.tsv @@ to_tsquery('simple', $1)";
            let sql = format!("SELECT {COLUMNS} {from}{filters}{order}{page}");
            let facet_sql = format!("SELECT d.kind, d.draft_id {from}{filters}{cap}");
            let exact = query::tsquery_exact(&words);
            let hits = if req.sort == Sort::Relevance {
                diesel::sql_query(sql)
                    .bind::<Text, _>(&q)
                    .bind::<Text, _>(&exact)
                    .load::<Row>(c)?
            } else {
                diesel::sql_query(sql).bind::<Text, _>(&q).load::<Row>(c)?
            };
            (
                hits,
                diesel::sql_query(facet_sql)
                    .bind::<Text, _>(&q)
                    .load::<FacetRow>(c)?,
            )
        }
    };
    Ok(answer(rows, facets))
}

fn answer(rows: Vec<Row>, facets: Vec<FacetRow>) -> BackendAnswer {
    let total_is_floor = facets.len() as i64 > FACET_CAP;
    let mut by_kind = BTreeMap::new();
    let mut by_draft = BTreeMap::new();
    for f in facets.iter().take(FACET_CAP as usize) {
        *by_kind.entry(f.kind.clone()).or_insert(0) += 1;
        *by_draft.entry(f.draft_id).or_insert(0) += 1;
    }
    BackendAnswer {
        total: facets.len().min(FACET_CAP as usize) as i64,
        total_is_floor,
        by_kind,
        by_draft,
        hits: rows
            .into_iter()
            .map(|r| SearchDoc {
                id: r.doc_id,
                kind: DocKind::parse(&r.kind).unwrap_or(DocKind::Comment),
                draft_id: r.draft_id,
                title: r.title,
                body: r.body,
                link: r.link,
                commenter_kind: r.commenter_kind,
                commune: r.commune,
                date_ts: super::docs::ts(r.date),
            })
            .collect(),
    }
}

/// The words of a query, for highlighting.
pub fn words_of(q: &str) -> Vec<Word> {
    query::words(q)
}
