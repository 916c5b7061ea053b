//! The PostgreSQL engine of the database search: tsvectors with a GIN index, rows
//! written by COPY, and the walk over the newest documents for common words.

use super::*;

/// PostgreSQL's ranking signals of a row `d`, from the tsqueries bound as $2 (phrase),
/// $3 (exact) and $4 (title); $1 is the matching query.
pub(super) const SIGNALS: &str =
    "d.fsv @@ $2::tsquery AS phrase, d.tsv @@ $3::tsquery AS exact, d.tsv @@ $4::tsquery AS title";

/// `search_docs` as PostgreSQL has it: with the two tsvectors, which SQLite's table
/// (and so the shared schema) does not have.
pub(super) mod postgres_table {
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
pub(super) fn copy_postgres(
    c: &mut diesel::PgConnection,
    rows: &[NewDoc<'_>],
) -> QueryResult<usize> {
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
                field(&mut buf, &r.draft_id.get().to_be_bytes());
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

pub(super) fn found_postgres(
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
pub(super) const COMMON_SHARE: f64 = 0.07;

/// How many of the newest documents `newest_together` reads at most: enough to fill the
/// window when the words come together in COMMON_SHARE of them.
pub(super) const NEWEST_TOGETHER: i64 = 30_000;

/// How many of the newest documents a walk reads first, to see whether the words come
/// together often enough for the whole walk to fill the window.
pub(super) const WALK_SAMPLE: i64 = 3_000;

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
pub(super) fn newest_together(
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
pub(super) fn walk(
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
pub(super) fn with_expressions<'a>(
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

/// The PostgreSQL schema a full reindex builds its table in.
pub(super) const REBUILD_SCHEMA: &str = "search_rebuild";

/// How a full rebuild ends on PostgreSQL: the new table gets the live one's constraints
/// and indexes under the same names. Their definitions are read from the catalog, so a
/// migration that changes them changes rebuilds too. Nothing on SQLite.
pub(super) fn rebuild_definitions(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
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
pub(super) fn build_in(conn: &mut DbConnection, definitions: &[String]) -> QueryResult<()> {
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
pub(super) fn swap_in(conn: &mut DbConnection) -> QueryResult<()> {
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
