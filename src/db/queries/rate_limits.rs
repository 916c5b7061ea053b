//! Rate limits kept in the database, so that every portal process on it shares them.
//!
//! The algorithm is governor's (GCRA): each key has a theoretical arrival time `tat`.
//! With an emission interval `T` (the period divided by the count) and a burst of `b`
//! (tolerance `τ = (b - 1)·T`), a request at `now` is allowed when
//! `max(tat, now) + T - now <= τ + T`, and then moves `tat` to `max(tat, now) + T`.
//! One conditional upsert decides and records it, so that two processes asking at the
//! same moment are ordered by the row's lock and never both take the last place.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text};

use crate::db::DbConnection;
use crate::db::schema::rate_limits;

/// A limit's parameters, in microseconds.
#[derive(Debug, Clone, Copy)]
pub struct Gcra {
    pub interval_us: i64,
    pub tolerance_us: i64,
}

/// Takes one request of `key` in `bucket` at `now_us`: Ok, or how many microseconds to
/// wait until the next is allowed.
pub fn take(
    conn: &mut DbConnection,
    bucket: &str,
    key: &str,
    now_us: i64,
    g: Gcra,
) -> QueryResult<Result<(), i64>> {
    // GREATEST on PostgreSQL, the two-argument MAX on SQLite: the same statement else.
    let greatest = match conn {
        DbConnection::Postgres(_) => "GREATEST",
        DbConnection::Sqlite(_) => "MAX",
    };
    let sql = format!(
        "INSERT INTO rate_limits (bucket, key, tat) VALUES ($1, $2, $3 + $4)
         ON CONFLICT (bucket, key) DO UPDATE
             SET tat = {greatest}(rate_limits.tat, $3) + $4
             WHERE {greatest}(rate_limits.tat, $3) + $4 - $3 <= $5 + $4"
    );
    // A row written (inserted, or updated because the condition held) is a request
    // allowed; none is a request refused. A limit's state is worth no wait for the disk:
    // on PostgreSQL the caller passes a connection whose commits do not wait
    // (`Db::run_unhurried`; on a crash the last few decisions are forgotten and those
    // clients get a few requests more). One statement, committed on its own.
    let written = crate::with_backend!(conn, |c| diesel::sql_query(&sql)
        .bind::<Text, _>(bucket)
        .bind::<Text, _>(key)
        .bind::<BigInt, _>(now_us)
        .bind::<BigInt, _>(g.interval_us)
        .bind::<BigInt, _>(g.tolerance_us)
        .execute(c))?;
    if written > 0 {
        return Ok(Ok(()));
    }
    let tat: i64 = rate_limits::table
        .find((bucket, key))
        .select(rate_limits::tat)
        .first(conn)?;
    Ok(Err((tat - g.tolerance_us - now_us).max(1)))
}

/// One request for [`take_many`]: its bucket, its key and its limit.
#[derive(Debug, Clone)]
pub struct Request {
    pub bucket: &'static str,
    pub key: String,
    pub gcra: Gcra,
}

#[derive(QueryableByName)]
struct Held {
    #[diesel(sql_type = Text)]
    bucket: String,
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    tat: i64,
}

/// Takes every request at `now_us`, the answer of each in its place: what [`take`] would
/// answer for them one after another, in a few statements whatever their number. A
/// busy portal asks for the same keys again and again (every client behind one proxy
/// is one address), so on PostgreSQL one transaction
///
/// 1. locks the row of every key asked (creating the missing ones), and reads its
///    theoretical arrival time, in one statement;
/// 2. decides the requests in order here, as governor would, the same key's second
///    request seeing its first;
/// 3. writes the keys' new times back in one statement.
///
/// Rows are locked in the order of their keys, so that two batches running side by side
/// (in this process or another) wait for each other in line, never in a circle; a key
/// new to both is created once and the second batch waits for the first's decision.
pub fn take_many(
    conn: &mut DbConnection,
    now_us: i64,
    requests: &[Request],
) -> QueryResult<Vec<Result<(), i64>>> {
    let DbConnection::Postgres(pg) = conn else {
        // SQLite serves one process: nothing to share. Each request on its own.
        return requests
            .iter()
            .map(|r| take(conn, r.bucket, &r.key, now_us, r.gcra))
            .collect();
    };
    let keys: BTreeMap<(&str, &str), ()> = requests
        .iter()
        .map(|r| ((r.bucket, r.key.as_str()), ()))
        .collect();
    let (buckets, names): (Vec<&str>, Vec<&str>) = keys.keys().copied().unzip();
    pg.transaction(|pg| {
        // A row's time of 0 is a key never seen: the same as a time in the past.
        let held: Vec<Held> = diesel::sql_query(
            "INSERT INTO rate_limits (bucket, key, tat)
             SELECT b, k, 0 FROM unnest($1::text[], $2::text[]) AS t(b, k) ORDER BY b, k
             ON CONFLICT (bucket, key) DO UPDATE SET tat = rate_limits.tat
             RETURNING bucket, key, tat",
        )
        .bind::<Array<Text>, _>(&buckets)
        .bind::<Array<Text>, _>(&names)
        .load(pg)?;
        let mut tat: HashMap<(String, String), i64> = held
            .into_iter()
            .map(|h| ((h.bucket, h.key), h.tat))
            .collect();
        let answers = requests
            .iter()
            .map(|r| {
                let t = tat
                    .entry((r.bucket.to_string(), r.key.clone()))
                    .or_insert(0);
                decide(t, now_us, r.gcra)
            })
            .collect();
        let (mut keys, mut times): ((Vec<&str>, Vec<&str>), Vec<i64>) = Default::default();
        for ((b, k), t) in &tat {
            keys.0.push(b);
            keys.1.push(k);
            times.push(*t);
        }
        diesel::sql_query(
            "UPDATE rate_limits SET tat = v.tat
             FROM unnest($1::text[], $2::text[], $3::bigint[]) AS v(b, k, tat)
             WHERE rate_limits.bucket = v.b AND rate_limits.key = v.k",
        )
        .bind::<Array<Text>, _>(&keys.0)
        .bind::<Array<Text>, _>(&keys.1)
        .bind::<Array<BigInt>, _>(&times)
        .execute(pg)?;
        Ok(answers)
    })
}

/// One request at `now_us` against a key's theoretical arrival time `tat`, moved when
/// the request is allowed: GCRA as the statement of [`take`] decides it.
fn decide(tat: &mut i64, now_us: i64, g: Gcra) -> Result<(), i64> {
    let base = (*tat).max(now_us);
    if base + g.interval_us - now_us <= g.tolerance_us + g.interval_us {
        *tat = base + g.interval_us;
        Ok(())
    } else {
        Err((*tat - g.tolerance_us - now_us).max(1))
    }
}

/// Forgets keys whose quota has fully recovered: the same as keys never seen.
pub fn forget_recovered(conn: &mut DbConnection, now_us: i64) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::tat.lt(now_us))).execute(conn)
}
