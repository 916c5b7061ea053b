//! The rows of near-identical grouping (`domain::similarity`): the comments the queue
//! has not seen yet, the band keys seen on each draft, and the groups as the console
//! counts them.

use std::collections::HashMap;

use crate::domain::ids::*;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::*;
use crate::domain::comment::CommentStatus;
use crate::domain::similarity::Signature;

/// Keys per query: far below either database's limit on bound parameters.
const CHUNK: usize = 1000;

/// A comment the grouping queue has still to see.
#[derive(Debug, Clone, Queryable)]
pub struct Ungrouped {
    pub id: CommentId,
    pub draft_id: DraftId,
    pub body: String,
}

/// The oldest comments not grouped yet, whatever their status: a comment is grouped
/// once, in the order it came, so that a group's first comment is its oldest.
pub fn ungrouped(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<Ungrouped>> {
    comments::table
        .filter(comments::similar_group.is_null())
        .order(comments::id.asc())
        .limit(limit)
        .select((comments::id, comments::draft_id, comments::body))
        .load(conn)
}

/// Whether any comment waits to be grouped.
pub fn any_ungrouped(conn: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        comments::table.filter(comments::similar_group.is_null()),
    ))
    .get_result(conn)
}

/// Of `keys`, those already seen on the draft, with the comment that brought each.
pub fn bands(
    conn: &mut DbConnection,
    draft_id: DraftId,
    keys: &[i64],
) -> QueryResult<Vec<(i64, CommentId)>> {
    let mut out = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        out.extend(
            similar_bands::table
                .filter(similar_bands::draft_id.eq(draft_id))
                .filter(similar_bands::band_key.eq_any(chunk))
                .select((similar_bands::band_key, similar_bands::comment_id))
                .load::<(i64, CommentId)>(conn)?,
        );
    }
    Ok(out)
}

/// The group and the stored signature of each of these comments (the comments that
/// brought a band key first: the only ones ever candidates).
pub fn signatures(
    conn: &mut DbConnection,
    ids: &[CommentId],
) -> QueryResult<Vec<(CommentId, CommentId, Signature)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(i64, i64, Vec<u8>, Vec<u8>)> = similar_signatures::table
            .filter(similar_signatures::comment_id.eq_any(chunk))
            .select((
                similar_signatures::comment_id,
                similar_signatures::similar_group,
                similar_signatures::slots,
                similar_signatures::negated,
            ))
            .load(conn)?;
        for (id, group, slots, negated) in rows {
            // Written by `add_signatures` alone; a row that does not read back is
            // skipped (its comment is then not a candidate), never a failed batch.
            match Signature::from_stored(&slots, &negated) {
                Some(sig) => out.push((CommentId(id), CommentId(group), sig)),
                None => tracing::warn!(comment = id, "a stored signature does not read back"),
            }
        }
    }
    Ok(out)
}

/// Keeps the group and signature of comments that brought a band key first. One
/// statement per few hundred rows, as `claim_bands`.
pub fn add_signatures(
    conn: &mut DbConnection,
    rows: &[(CommentId, CommentId, &Signature)],
) -> QueryResult<()> {
    // Only integers and hexadecimal digits are written into the statement.
    let blob = |bytes: &[u8], postgres: bool| {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        if postgres {
            format!("'\\x{hex}'::bytea")
        } else {
            format!("X'{hex}'")
        }
    };
    let postgres = matches!(conn, DbConnection::Postgres(_));
    for chunk in rows.chunks(300) {
        let values: Vec<String> = chunk
            .iter()
            .map(|(c, g, sig)| {
                format!(
                    "({},{},{},{})",
                    c.get(),
                    g.get(),
                    blob(&sig.slot_bytes(), postgres),
                    blob(&sig.negated_bytes(), postgres)
                )
            })
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO similar_signatures (comment_id, similar_group, slots, negated) VALUES {} ON CONFLICT DO NOTHING",
            values.join(",")
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// A band key a claim wrote.
#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    draft_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    band_key: i64,
}

/// Claims band keys on their drafts, each for the comment that brings it: a key no
/// comment held is written and returned; one already held keeps its first comment and
/// is not returned. One statement per few hundred keys: a batch brings thousands, and
/// one statement each would be most of the queue's time on PostgreSQL.
pub fn claim_bands(
    conn: &mut DbConnection,
    rows: &[(DraftId, i64, CommentId)],
) -> QueryResult<std::collections::HashSet<(DraftId, i64)>> {
    let mut claimed = std::collections::HashSet::with_capacity(rows.len());
    for chunk in rows.chunks(300) {
        // Only integers are written into the statement: nothing here is text.
        let values: Vec<String> = chunk
            .iter()
            .map(|(d, k, c)| format!("({},{},{})", d.get(), k, c.get()))
            .collect();
        let written: Vec<Claimed> = diesel::sql_query(format!(
            "INSERT INTO similar_bands (draft_id, band_key, comment_id) VALUES {} \
             ON CONFLICT DO NOTHING RETURNING draft_id, band_key",
            values.join(",")
        ))
        .load(conn)?;
        claimed.extend(
            written
                .into_iter()
                .map(|w| (DraftId(w.draft_id), w.band_key)),
        );
    }
    Ok(claimed)
}

/// Puts each comment in its group (a comment whose group is itself starts one).
pub fn assign(conn: &mut DbConnection, to: &[(CommentId, CommentId)]) -> QueryResult<()> {
    let mut by_group: HashMap<CommentId, Vec<CommentId>> = HashMap::new();
    for &(c, g) in to {
        by_group.entry(g).or_default().push(c);
    }
    // Comments that start their own group: one statement for all of them.
    let own: Vec<CommentId> = to.iter().filter(|(c, g)| c == g).map(|(c, _)| *c).collect();
    for chunk in own.chunks(CHUNK) {
        diesel::update(comments::table.filter(comments::id.eq_any(chunk)))
            .set(comments::similar_group.eq(comments::id.nullable()))
            .execute(conn)?;
    }
    for (g, members) in by_group {
        let joining: Vec<CommentId> = members.into_iter().filter(|c| *c != g).collect();
        for chunk in joining.chunks(CHUNK) {
            diesel::update(comments::table.filter(comments::id.eq_any(chunk)))
                .set(comments::similar_group.eq(Some(g.get())))
                .execute(conn)?;
        }
    }
    count_grouped(conn, to)
}

/// Moves `delta` published comments into (or out of) a group, and the draft's count of
/// groups that have any when the group gains its first or loses its last. Called in the
/// transaction of the change (`comments::set_published`, the grouping queue).
pub fn count_group(
    conn: &mut DbConnection,
    draft_id: DraftId,
    group: CommentId,
    delta: i64,
) -> QueryResult<()> {
    if delta == 0 {
        return Ok(());
    }
    // Only integers are written into the statement.
    diesel::sql_query(format!(
        "INSERT INTO similar_group_counts (group_id, draft_id, published) VALUES ({}, {}, {delta}) \
         ON CONFLICT (group_id) DO UPDATE SET published = similar_group_counts.published + {delta}",
        group.get(),
        draft_id.get()
    ))
    .execute(conn)?;
    let now: i64 = similar_group_counts::table
        .find(group.get())
        .select(similar_group_counts::published)
        .first(conn)?;
    let before = now - delta;
    let change = match (before > 0, now > 0) {
        (false, true) => 1,
        (true, false) => -1,
        _ => 0,
    };
    if change != 0 {
        diesel::update(drafts::table.find(draft_id))
            .set(drafts::unique_published.eq(drafts::unique_published + change))
            .execute(conn)?;
    }
    Ok(())
}

/// After a batch is grouped: counts its published comments in their groups. A comment
/// that starts its group makes a new group with one; the others join theirs.
fn count_grouped(conn: &mut DbConnection, to: &[(CommentId, CommentId)]) -> QueryResult<()> {
    let ids: Vec<i64> = to.iter().map(|(c, _)| c.get()).collect();
    let mut published: Vec<(i64, DraftId)> = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        published.extend(
            comments::table
                .filter(comments::id.eq_any(chunk))
                .filter(comments::status.eq(CommentStatus::Published))
                .select((comments::id, comments::draft_id))
                .load::<(i64, DraftId)>(conn)?,
        );
    }
    let group_of: HashMap<i64, CommentId> = to.iter().map(|(c, g)| (c.get(), *g)).collect();
    let mut new_groups: Vec<(i64, DraftId)> = Vec::new();
    let mut joining: HashMap<(DraftId, CommentId), i64> = HashMap::new();
    for (id, draft) in published {
        match group_of.get(&id) {
            Some(g) if g.get() == id => new_groups.push((id, draft)),
            Some(g) => *joining.entry((draft, *g)).or_default() += 1,
            None => {}
        }
    }
    // New groups: one row each and one more group on their draft, a statement per few
    // hundred (a batch of distinct opinions is a thousand new groups).
    for chunk in new_groups.chunks(300) {
        let values: Vec<String> = chunk
            .iter()
            .map(|(g, d)| format!("({g},{},1)", d.get()))
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO similar_group_counts (group_id, draft_id, published) VALUES {} \
             ON CONFLICT (group_id) DO UPDATE SET published = similar_group_counts.published + 1",
            values.join(",")
        ))
        .execute(conn)?;
    }
    let mut per_draft: HashMap<DraftId, i64> = HashMap::new();
    for (_, d) in &new_groups {
        *per_draft.entry(*d).or_default() += 1;
    }
    for (d, n) in per_draft {
        diesel::update(drafts::table.find(d))
            .set(drafts::unique_published.eq(drafts::unique_published + n))
            .execute(conn)?;
    }
    let mut joined: Vec<_> = joining.into_iter().collect();
    joined.sort_unstable_by_key(|((d, g), _)| (d.get(), g.get()));
    for ((d, g), n) in joined {
        count_group(conn, d, g, n)?;
    }
    Ok(())
}

/// How many comments, published or waiting, each of these groups has (a group's
/// comments are all on one draft).
pub fn sizes(
    conn: &mut DbConnection,
    groups: &[CommentId],
) -> QueryResult<HashMap<CommentId, i64>> {
    let mut ids: Vec<i64> = groups.iter().map(|g| g.get()).collect();
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<(Option<i64>, i64)> = comments::table
        .filter(comments::similar_group.eq_any(&ids))
        .filter(comments::status.eq_any([
            CommentStatus::Pending.as_str(),
            CommentStatus::Published.as_str(),
        ]))
        .group_by(comments::similar_group)
        .select((comments::similar_group, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(g, n)| g.map(|g| (CommentId(g), n)))
        .collect())
}

/// A group of like published opinions on a draft, as the answerer sees it.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: CommentId,
    pub published: i64,
    pub unanswered: i64,
    /// The text of its oldest published comment.
    pub text: String,
}

/// The draft's groups of two or more published comments, largest first.
pub fn groups(conn: &mut DbConnection, draft_id: DraftId, limit: i64) -> QueryResult<Vec<Group>> {
    // The largest groups from their kept counts; then, for those few only, how many of
    // each are answered and which comment came first.
    let largest: Vec<i64> = similar_group_counts::table
        .filter(similar_group_counts::draft_id.eq(draft_id))
        .filter(similar_group_counts::published.gt(1))
        .order((
            similar_group_counts::published.desc(),
            similar_group_counts::group_id.asc(),
        ))
        .limit(limit)
        .select(similar_group_counts::group_id)
        .load(conn)?;
    let mut rows: Vec<(Option<i64>, i64, i64, Option<i64>)> = comments::table
        .filter(comments::similar_group.eq_any(&largest))
        .filter(comments::status.eq(CommentStatus::Published))
        .group_by(comments::similar_group)
        .select((
            comments::similar_group,
            diesel::dsl::count_star(),
            diesel::dsl::count(comments::response_id),
            diesel::dsl::min(comments::id),
        ))
        .load(conn)?;
    rows.sort_by_key(|r| (std::cmp::Reverse(r.1), r.0));
    let first: Vec<i64> = rows.iter().filter_map(|r| r.3).collect();
    let texts: HashMap<i64, String> = comments::table
        .filter(comments::id.eq_any(&first))
        .select((
            comments::id,
            diesel::dsl::sql::<diesel::sql_types::Text>("COALESCE(public_body, body)"),
        ))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(g, n, answered, first)| {
            Some(Group {
                id: CommentId(g?),
                published: n,
                unanswered: n - answered,
                text: texts.get(&first?).cloned().unwrap_or_default(),
            })
        })
        .collect())
}

/// A draft's published comments, and how many distinct opinions they are (a group
/// counts once; a comment not grouped yet counts alone).
pub fn unique_and_total(conn: &mut DbConnection, draft_id: DraftId) -> QueryResult<(i64, i64)> {
    // The counters kept as comments are published and grouped; the published comments
    // the queue has not reached yet each count as their own (they are few: the queue's
    // backlog, found through its partial index).
    let (groups, total): (i64, i64) = drafts::table
        .find(draft_id)
        .select((drafts::unique_published, drafts::published_comments))
        .first(conn)?;
    // Through the queue's partial index, named on SQLite: its planner would otherwise
    // take the index of the draft's comments and read them all.
    let hint = match conn {
        DbConnection::Sqlite(_) => "INDEXED BY comments_to_group",
        DbConnection::Postgres(_) => "",
    };
    let waiting: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
        "(SELECT COUNT(*) FROM comments {hint} WHERE similar_group IS NULL AND draft_id = {} AND status = '{}')",
        draft_id.get(),
        CommentStatus::Published.as_str()
    )))
    .get_result(conn)?;
    Ok(((groups + waiting).min(total), total))
}

/// How many published comments of a group on the draft have no answer yet.
pub fn unanswered_count(
    conn: &mut DbConnection,
    draft_id: DraftId,
    group: CommentId,
) -> QueryResult<i64> {
    comments::table
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::similar_group.eq(group.get()))
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(comments::response_id.is_null())
        .count()
        .get_result(conn)
}

/// The published comments of a group on the draft that have no answer yet.
pub fn unanswered_in(
    conn: &mut DbConnection,
    draft_id: DraftId,
    group: CommentId,
) -> QueryResult<Vec<CommentId>> {
    comments::table
        .filter(comments::draft_id.eq(draft_id))
        .filter(comments::similar_group.eq(group.get()))
        .filter(comments::status.eq(CommentStatus::Published))
        .filter(comments::response_id.is_null())
        .order(comments::id.asc())
        .select(comments::id)
        .load(conn)
}
