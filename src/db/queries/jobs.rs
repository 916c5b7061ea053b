//! The jobs table: one row per background job, with the lease of the process running it
//! and, for a scheduled job, which slot ran last (see `jobs` for the runner).
//!
//! Every claim is one conditional UPDATE: of several processes that try at once, the
//! database lets exactly one change the row (PostgreSQL re-checks the condition on the
//! row it waited for; SQLite has one writer), and only that one runs the job.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::jobs;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub name: String,
    pub lease_until: Option<NaiveDateTime>,
    pub done_slot: Option<NaiveDateTime>,
    pub failures: i32,
    pub retry_at: Option<NaiveDateTime>,
    pub last_error: String,
    pub given_up: i32,
    pub last_started_at: Option<NaiveDateTime>,
    pub last_ok_at: Option<NaiveDateTime>,
}

/// Makes sure the job has its row (every process does this at start).
pub fn ensure(conn: &mut DbConnection, name: &str) -> QueryResult<()> {
    crate::with_backend!(&mut *conn, |c| diesel::insert_into(jobs::table)
        .values(jobs::name.eq(name))
        .on_conflict(jobs::name)
        .do_nothing()
        .execute(c))?;
    Ok(())
}

/// Takes the job's lease until `until` if nobody holds it (or it lapsed). True when
/// this caller holds it now.
pub fn take_lease(
    conn: &mut DbConnection,
    name: &str,
    token: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        jobs::table
            .filter(jobs::name.eq(name))
            .filter(jobs::lease_until.is_null().or(jobs::lease_until.lt(now))),
    )
    .set((
        jobs::lease_token.eq(token),
        jobs::lease_until.eq(until),
        jobs::last_started_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives the lease back, after a batch or a run; `ok` records a success.
pub fn release_lease(
    conn: &mut DbConnection,
    name: &str,
    token: &str,
    ok: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let mine = jobs::table
        .filter(jobs::name.eq(name))
        .filter(jobs::lease_token.eq(token));
    match ok {
        Some(now) => diesel::update(mine)
            .set((
                jobs::lease_token.eq(None::<String>),
                jobs::lease_until.eq(None::<NaiveDateTime>),
                jobs::last_ok_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(mine)
            .set((
                jobs::lease_token.eq(None::<String>),
                jobs::lease_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// Claims `slot` of a scheduled job: only if no later-or-equal slot has run, nobody
/// holds the job and no retry wait is running. True when this caller is to run it.
pub fn claim_slot(
    conn: &mut DbConnection,
    name: &str,
    slot: NaiveDateTime,
    token: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        jobs::table
            .filter(jobs::name.eq(name))
            .filter(jobs::done_slot.is_null().or(jobs::done_slot.lt(slot)))
            .filter(jobs::lease_until.is_null().or(jobs::lease_until.lt(now)))
            .filter(jobs::retry_at.is_null().or(jobs::retry_at.le(now))),
    )
    .set((
        jobs::lease_token.eq(token),
        jobs::lease_until.eq(until),
        jobs::running_slot.eq(slot),
        jobs::last_started_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The claimed slot ran.
pub fn slot_done(
    conn: &mut DbConnection,
    name: &str,
    token: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        jobs::table
            .filter(jobs::name.eq(name))
            .filter(jobs::lease_token.eq(token)),
    )
    .set((
        jobs::done_slot.eq(jobs::running_slot),
        jobs::lease_token.eq(None::<String>),
        jobs::lease_until.eq(None::<NaiveDateTime>),
        jobs::failures.eq(0),
        jobs::retry_at.eq(None::<NaiveDateTime>),
        jobs::last_error.eq(""),
        jobs::last_ok_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

/// The claimed slot failed: try again at `retry_at`, or, with None, give the slot up
/// (it counts as run; the next slot runs as usual).
pub fn slot_failed(
    conn: &mut DbConnection,
    name: &str,
    token: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    let error: String = error.chars().take(500).collect();
    let mine = jobs::table
        .filter(jobs::name.eq(name))
        .filter(jobs::lease_token.eq(token));
    let free = (
        jobs::lease_token.eq(None::<String>),
        jobs::lease_until.eq(None::<NaiveDateTime>),
        jobs::last_error.eq(error),
    );
    match retry_at {
        Some(at) => diesel::update(mine)
            .set((
                free,
                jobs::failures.eq(jobs::failures + 1),
                jobs::retry_at.eq(at),
            ))
            .execute(conn)?,
        None => diesel::update(mine)
            .set((
                free,
                jobs::done_slot.eq(jobs::running_slot),
                jobs::failures.eq(0),
                jobs::retry_at.eq(None::<NaiveDateTime>),
                jobs::given_up.eq(jobs::given_up + 1),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// How many times in a row the job has failed (read by the runner that just failed).
pub fn failures(conn: &mut DbConnection, name: &str) -> QueryResult<i32> {
    jobs::table
        .find(name)
        .select(jobs::failures)
        .first(conn)
        .optional()
        .map(Option::unwrap_or_default)
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<JobRow>> {
    jobs::table
        .select(JobRow::as_select())
        .order(jobs::name)
        .load(conn)
}
