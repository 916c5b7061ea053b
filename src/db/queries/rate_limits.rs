//! Rate limits kept in the database, so that every portal process on it shares them.
//!
//! The algorithm is governor's (GCRA): each key has a theoretical arrival time `tat`.
//! With an emission interval `T` (the period divided by the count) and a burst of `b`
//! (tolerance `τ = (b - 1)·T`), a request at `now` is allowed when
//! `max(tat, now) + T - now <= τ + T`, and then moves `tat` to `max(tat, now) + T`.
//! One conditional upsert decides and records it, so that two processes asking at the
//! same moment are ordered by the row's lock and never both take the last place.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

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

/// Forgets keys whose quota has fully recovered: the same as keys never seen.
pub fn forget_recovered(conn: &mut DbConnection, now_us: i64) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::tat.lt(now_us))).execute(conn)
}
