//! The SQLite engine of the database search: FTS5 beside each row of `search_docs`.

use super::*;

pub(super) fn found_sqlite(
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
