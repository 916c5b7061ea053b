//! Signing in, and changing one's password.
//!
//! Whatever goes wrong at sign-in (no such account, wrong password, deactivated), the
//! outcome is the same and costs the same work, so it never tells whether an account
//! exists. Guessing is limited per client address (the handler's, before any of this)
//! and per account, in a way the owner cannot be locked out by someone who knows the
//! account's name: a browser that has signed in to the account before (its device
//! token) has a limit of its own; any other browser shares one per account and address.
//!
//! Checking a password is slow by design: `Candidate::verify` and `new_password` are to
//! be run off the async threads.

use chrono::{Duration, NaiveDateTime};
use diesel::Connection;

use crate::auth::password;
use crate::db::DbConnection;
use crate::db::queries::accounts::{self, Account};
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::sessions::{self, Started};
use crate::domain::ids::AccountId;
use crate::domain::staff::By;
use crate::i18n::VI;

/// The longest account name (an e-mail address) there can be. A longer one is refused
/// before any limiter or database sees it.
pub const MAX_NAME: usize = 254;

/// The longest password checked.
pub const MAX_PASSWORD: usize = 1024;

/// The account name as sign-in looks it up, or None when it cannot be one.
pub fn account_name(typed: &str) -> Option<String> {
    let name = typed.trim().to_lowercase();
    (name.len() <= MAX_NAME).then_some(name)
}

/// The account a sign-in names (if any), and whether this browser signed in to it before.
pub struct Candidate {
    account: Option<Account>,
    known_device: bool,
}

/// Which per-account limit a sign-in attempt counts against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptLimit {
    /// The device's own: its key is the account name and the device token.
    Device,
    /// The one shared by every other browser from the same address: its key is the
    /// account name and the address.
    AccountFromAddress,
}

/// Looks up the account named and whether `device` (the browser's device token) is one
/// it signed in from.
pub fn candidate(
    conn: &mut DbConnection,
    name: &str,
    device: Option<&str>,
) -> diesel::QueryResult<Candidate> {
    let account = accounts::by_email(conn, name)?;
    let known_device = match (&account, device) {
        (Some(a), Some(d)) => sessions::known_device(conn, a.id, d)?,
        _ => false,
    };
    Ok(Candidate {
        account,
        known_device,
    })
}

impl Candidate {
    pub fn limit(&self) -> AttemptLimit {
        if self.known_device {
            AttemptLimit::Device
        } else {
            AttemptLimit::AccountFromAddress
        }
    }

    /// The account, if it is active and `password` is its password. The same work is
    /// done when there is no such account.
    pub fn verify(self, password: &str) -> Option<Account> {
        match self.account.filter(|a| a.active) {
            Some(a) if password::verify(password, &a.password_hash) => Some(a),
            Some(_) => None,
            None => {
                password::verify(password, password::decoy_hash());
                None
            }
        }
    }
}

/// Starts a session for the account that ends at the latest `absolute` from now, and
/// remembers the browser's device token; records the sign-in.
pub fn start(
    conn: &mut DbConnection,
    account: &Account,
    device_token: &str,
    absolute: Duration,
    now: NaiveDateTime,
) -> diesel::QueryResult<Started> {
    conn.transaction(|conn| {
        accounts::logged_in(conn, account.id, now)?;
        sessions::remember_device(conn, account.id, device_token, now)?;
        let started = sessions::start(conn, account, absolute, now)?;
        let by = By {
            account_id: Some(account.id),
            name: &account.email,
        };
        let id = Some(account.id.get());
        audit::record(
            conn,
            &Entry::by(&by, "staff.sign_in", "account", id, None),
            now,
        )?;
        Ok(started)
    })
}

/// The part of the password form a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordField {
    Current,
    New,
}

/// Checks a change of password (the current one is right, the new one strong) and
/// returns the new one's hash, or the problem in Vietnamese at its field.
pub fn new_password(
    account: &Account,
    current: &str,
    new: &str,
) -> Result<String, (PasswordField, String)> {
    if current.len() > MAX_PASSWORD || !password::verify(current, &account.password_hash) {
        return Err((
            PasswordField::Current,
            VI.console.password_wrong.to_string(),
        ));
    }
    if let Some(w) = password::weakness(new, &account.email) {
        return Err((PasswordField::New, w.to_string()));
    }
    password::hash(new).map_err(|e| (PasswordField::New, e))
}

/// Stores the new password's hash. Every other session of the account ends; the one
/// `session_id` goes on.
pub fn set_password(
    conn: &mut DbConnection,
    account_id: AccountId,
    session_id: i64,
    hash: &str,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    conn.transaction(|conn| {
        let epoch = accounts::set_password(conn, account_id, hash, now)?;
        sessions::keep_only(conn, session_id, account_id, epoch)?;
        let id = Some(account_id.get());
        let e = Entry::by(by, "staff.password_change", "account", id, None);
        audit::record(conn, &e, now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_name_is_looked_up_trimmed_and_in_lower_case_and_bounded() {
        assert_eq!(
            account_name("  Ban.Bien.Tap@SoXayDung.gov.vn "),
            Some("ban.bien.tap@soxaydung.gov.vn".to_string())
        );
        assert_eq!(
            account_name(&"a".repeat(MAX_NAME)).map(|n| n.len()),
            Some(MAX_NAME)
        );
        assert_eq!(account_name(&"a".repeat(MAX_NAME + 1)), None);
    }
}
