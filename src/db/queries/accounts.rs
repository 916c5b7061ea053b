//! Staff accounts.

use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{accounts, agencies};
use crate::domain::staff::Role;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    pub active: bool,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
    /// The Front organisation an organiser acts for (with those under it).
    pub organisation_id: Option<OrganisationId>,
}

pub fn by_id(conn: &mut DbConnection, id: AccountId) -> QueryResult<Option<Account>> {
    accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()
}

pub fn by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::email.eq(email.trim().to_lowercase()))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// An account in the administrators' list, with its agency's short name.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct ListedAccount {
    #[diesel(embed)]
    pub account: Account,
    #[diesel(select_expression = agencies::short_name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<agencies::short_name>)]
    pub agency: Option<String>,
}

/// Every account with its agency's short name, by name.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<ListedAccount>> {
    accounts::table
        .left_join(agencies::table)
        .select(ListedAccount::as_select())
        .order((accounts::name, accounts::id))
        .load(conn)
}

/// A new account's row (`services::accounts` checks it and records it in the audit log).
#[derive(Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    pub organisation_id: Option<OrganisationId>,
}

pub fn create(
    conn: &mut DbConnection,
    a: &NewAccount<'_>,
    now: NaiveDateTime,
) -> QueryResult<AccountId> {
    diesel::insert_into(accounts::table)
        .values((
            a,
            accounts::created_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .returning(accounts::id)
        .get_result(conn)
}

/// A new password ends every session of the account: the epoch moves on. Returns the
/// new epoch.
pub fn set_password(
    conn: &mut DbConnection,
    id: AccountId,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::password_hash.eq(hash),
            accounts::session_epoch.eq(accounts::session_epoch + 1),
            accounts::updated_at.eq(now),
        ))
        .returning(accounts::session_epoch)
        .get_result(conn)
}

pub fn set_active(
    conn: &mut DbConnection,
    id: AccountId,
    active: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::active.eq(active),
            accounts::session_epoch.eq(accounts::session_epoch + 1),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn logged_in(conn: &mut DbConnection, id: AccountId, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(accounts::table.find(id))
        .set(accounts::last_login_at.eq(now))
        .execute(conn)
        .map(|_| ())
}
