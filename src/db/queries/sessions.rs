//! Staff sessions and the browsers staff have signed in from, kept on the server (see
//! the migration). Tokens arrive raw from cookies and are looked up by their hash.

use crate::domain::ids::*;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::accounts::Account;
use crate::auth::token;
use crate::db::DbConnection;
use crate::db::schema::{accounts, staff_devices, staff_sessions};

/// A live session and its account.
pub struct Live {
    pub id: i64,
    pub csrf_token: String,
    pub last_seen_at: NaiveDateTime,
    pub account: Account,
}

/// A new session's raw token (for the cookie) and its CSRF token.
pub struct Started {
    pub token: String,
    pub csrf_token: String,
}

/// Starts a session for `account` that ends at the latest `absolute` from now. Expired
/// sessions of the account are cleared on the way.
pub fn start(
    conn: &mut DbConnection,
    account: &Account,
    absolute: Duration,
    now: NaiveDateTime,
) -> QueryResult<Started> {
    let token = token::new_token();
    let csrf_token = token::new_token();
    diesel::delete(
        staff_sessions::table
            .filter(staff_sessions::account_id.eq(account.id))
            .filter(staff_sessions::expires_at.le(now)),
    )
    .execute(conn)?;
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::token_hash.eq(token::hash(&token)),
            staff_sessions::account_id.eq(account.id),
            staff_sessions::epoch.eq(account.session_epoch),
            staff_sessions::csrf_token.eq(&csrf_token),
            staff_sessions::created_at.eq(now),
            staff_sessions::last_seen_at.eq(now),
            staff_sessions::expires_at.eq(now + absolute),
        ))
        .execute(conn)?;
    Ok(Started { token, csrf_token })
}

/// The session whose raw token is `raw`, if it is live at `now`: not past its absolute
/// end, not idle for `idle` or more, of an active account whose sessions have not all
/// been ended since (password change, deactivation).
pub fn live(
    conn: &mut DbConnection,
    raw: &str,
    idle: Duration,
    now: NaiveDateTime,
) -> QueryResult<Option<Live>> {
    let row: Option<(i64, i32, String, NaiveDateTime, NaiveDateTime, Account)> =
        staff_sessions::table
            .inner_join(accounts::table)
            .filter(staff_sessions::token_hash.eq(token::hash(raw)))
            .select((
                staff_sessions::id,
                staff_sessions::epoch,
                staff_sessions::csrf_token,
                staff_sessions::last_seen_at,
                staff_sessions::expires_at,
                Account::as_select(),
            ))
            .first(conn)
            .optional()?;
    Ok(row.and_then(
        |(id, epoch, csrf_token, last_seen_at, expires_at, account)| {
            let live = now < expires_at
                && now < last_seen_at + idle
                && account.active
                && account.session_epoch == epoch;
            live.then_some(Live {
                id,
                csrf_token,
                last_seen_at,
                account,
            })
        },
    ))
}

/// Marks the session as used now (the idle timeout counts from here).
pub fn touch(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(staff_sessions::table.find(id))
        .set(staff_sessions::last_seen_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Ends the session with this raw token (signing out).
pub fn end(conn: &mut DbConnection, raw: &str) -> QueryResult<()> {
    diesel::delete(staff_sessions::table.filter(staff_sessions::token_hash.eq(token::hash(raw))))
        .execute(conn)
        .map(|_| ())
}

/// After the account's own password change: every other session ends, this one
/// follows the account's new epoch.
pub fn keep_only(
    conn: &mut DbConnection,
    id: i64,
    account_id: AccountId,
    epoch: i32,
) -> QueryResult<()> {
    diesel::delete(
        staff_sessions::table
            .filter(staff_sessions::account_id.eq(account_id))
            .filter(staff_sessions::id.ne(id)),
    )
    .execute(conn)?;
    diesel::update(staff_sessions::table.find(id))
        .set(staff_sessions::epoch.eq(epoch))
        .execute(conn)
        .map(|_| ())
}

/// Clears every session past its absolute end (a periodic chore; a dead session is
/// refused whether or not it has been cleared).
pub fn clear_expired(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(staff_sessions::table.filter(staff_sessions::expires_at.le(now))).execute(conn)
}

/// Whether the browser with this raw device token has signed in to `account_id`.
pub fn known_device(
    conn: &mut DbConnection,
    account_id: AccountId,
    raw: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        staff_devices::table
            .filter(staff_devices::account_id.eq(account_id))
            .filter(staff_devices::token_hash.eq(token::hash(raw))),
    ))
    .get_result(conn)
}

/// Remembers that the browser with this raw device token signed in to `account_id`.
pub fn remember_device(
    conn: &mut DbConnection,
    account_id: AccountId,
    raw: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let hash = token::hash(raw);
    let updated = diesel::update(
        staff_devices::table
            .filter(staff_devices::account_id.eq(account_id))
            .filter(staff_devices::token_hash.eq(&hash)),
    )
    .set(staff_devices::last_used_at.eq(now))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(staff_devices::table)
            .values((
                staff_devices::token_hash.eq(&hash),
                staff_devices::account_id.eq(account_id),
                staff_devices::created_at.eq(now),
                staff_devices::last_used_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
