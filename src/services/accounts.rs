//! Staff accounts: created by an administrator in the console, or the first one from the
//! command line (`gopy create-admin`), by the same rules and with the same audit entry.

use crate::domain::ids::*;
use chrono::NaiveDateTime;
use diesel::Connection;

use crate::auth::password;
use crate::db::queries::audit::{self, Entry};
use crate::db::queries::{accounts, reference};
use crate::db::{DbConnection, DbError};
use crate::domain::comment::Email;
use crate::domain::staff::{By, Role};

/// An account as typed.
pub struct AccountInput<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// None when what was chosen is not a role.
    pub role: Option<Role>,
    pub agency_id: Option<AgencyId>,
    pub organisation_id: Option<OrganisationId>,
    pub password: &'a str,
}

/// The part of the input a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountField {
    Name,
    Email,
    Role,
    Agency,
    Organisation,
    Password,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountProblem {
    NameNeeded,
    EmailInvalid,
    RoleNeeded,
    /// Editors and moderators act for one agency, which must exist.
    AgencyNeeded,
    /// An organiser acts for one Front organisation, which must exist.
    OrganisationNeeded,
    WeakPassword(&'static str),
    Exists,
}

/// An account that passed `check`, ready to be stored once its password is hashed.
#[derive(Debug, Clone)]
pub struct ValidAccount {
    pub name: String,
    /// Normalised, as sign-in looks it up.
    pub email: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    pub organisation_id: Option<OrganisationId>,
}

/// The rules of a new account, every problem at once: a name of 1 to 100 characters, a
/// mail address, a role, an agency for the roles that act for one, a strong password.
pub fn check(input: &AccountInput) -> Result<ValidAccount, Vec<(AccountField, AccountProblem)>> {
    let mut problems = Vec::new();
    let name = crate::text::nfc(input.name.trim());
    if name.is_empty() || name.chars().count() > 100 {
        problems.push((AccountField::Name, AccountProblem::NameNeeded));
    }
    let email = Email::parse(input.email).ok();
    if email.is_none() {
        problems.push((AccountField::Email, AccountProblem::EmailInvalid));
    }
    match input.role {
        None => problems.push((AccountField::Role, AccountProblem::RoleNeeded)),
        Some(r) if r.needs_agency() && input.agency_id.is_none() => {
            problems.push((AccountField::Agency, AccountProblem::AgencyNeeded))
        }
        Some(r) if r.needs_organisation() && input.organisation_id.is_none() => problems.push((
            AccountField::Organisation,
            AccountProblem::OrganisationNeeded,
        )),
        _ => {}
    }
    if let Some(w) = password::weakness(input.password, input.email) {
        problems.push((AccountField::Password, AccountProblem::WeakPassword(w)));
    }
    match (email, input.role) {
        (Some(email), Some(role)) if problems.is_empty() => Ok(ValidAccount {
            name,
            email: email.normalized(),
            role,
            agency_id: input.agency_id.filter(|_| role.needs_agency()),
            organisation_id: input.organisation_id.filter(|_| role.needs_organisation()),
        }),
        _ => Err(problems),
    }
}

/// Stores the account and its audit entry in one transaction. Refused when an account
/// has that address already, or the agency does not exist.
pub fn create(
    conn: &mut DbConnection,
    account: &ValidAccount,
    password_hash: &str,
    by: &By,
    now: NaiveDateTime,
) -> Result<Result<AccountId, (AccountField, AccountProblem)>, DbError> {
    Ok(conn.transaction(|c| {
        if accounts::by_email(c, &account.email)?.is_some() {
            return Ok(Err((AccountField::Email, AccountProblem::Exists)));
        }
        if let Some(a) = account.agency_id
            && !reference::agencies(c)?.iter().any(|x| x.id == a)
        {
            return Ok(Err((AccountField::Agency, AccountProblem::AgencyNeeded)));
        }
        if let Some(o) = account.organisation_id
            && crate::db::queries::front::find(c, o)?.is_none()
        {
            return Ok(Err((
                AccountField::Organisation,
                AccountProblem::OrganisationNeeded,
            )));
        }
        let id = accounts::create(
            c,
            &accounts::NewAccount {
                email: &account.email,
                name: &account.name,
                password_hash,
                role: account.role,
                agency_id: account.agency_id,
                organisation_id: account.organisation_id,
            },
            now,
        )?;
        audit::record(
            c,
            &Entry::by(by, "account.create", "account", Some(id.get()), None).change(
                serde_json::Value::Null,
                serde_json::json!({
                    "email": account.email,
                    "name": account.name,
                    "role": account.role.as_str(),
                    "agency_id": account.agency_id,
                    "organisation_id": account.organisation_id,
                }),
            ),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Ok(id))
    })?)
}

/// Why an account's activation was not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationRefusal {
    /// No one deactivates (or reactivates) their own account: the last administrator
    /// could lock everyone out.
    Yourself,
    NoSuchAccount,
}

/// Activates or deactivates an account, with its audit entry. Deactivating ends its
/// sessions at once (the epoch moves on).
pub fn set_active(
    conn: &mut DbConnection,
    id: AccountId,
    active: bool,
    by: &By<'_>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(), ActivationRefusal>> {
    if by.account_id == Some(id) {
        return Ok(Err(ActivationRefusal::Yourself));
    }
    conn.transaction(|conn| {
        let Some(before) = accounts::by_id(conn, id)? else {
            return Ok(Err(ActivationRefusal::NoSuchAccount));
        };
        accounts::set_active(conn, id, active, now)?;
        let action = if active {
            "account.activate"
        } else {
            "account.deactivate"
        };
        let e = Entry::by(by, action, "account", Some(id.get()), None).change(
            serde_json::json!({ "active": before.active }),
            serde_json::json!({ "active": active }),
        );
        audit::record(conn, &e, now)?;
        Ok(Ok(()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(
        role: Option<Role>,
        agency: Option<AgencyId>,
        password: &'a str,
    ) -> AccountInput<'a> {
        AccountInput {
            name: " Nguyễn Văn An ",
            email: "An.Nguyen@So.Example.VN",
            role,
            agency_id: agency,
            organisation_id: None,
            password,
        }
    }

    #[test]
    fn an_account_needs_every_part() {
        let strong = "một mật khẩu đủ dài và khó đoán";
        let ok = check(&input(Some(Role::Editor), Some(AgencyId(3)), strong)).unwrap();
        assert_eq!(ok.name, "Nguyễn Văn An");
        assert_eq!(ok.agency_id, Some(AgencyId(3)));
        // An administrator acts for no agency, whatever was chosen.
        assert_eq!(
            check(&input(Some(Role::Admin), Some(AgencyId(3)), strong))
                .unwrap()
                .agency_id,
            None
        );
        let fields = |r: Result<ValidAccount, Vec<(AccountField, AccountProblem)>>| {
            r.unwrap_err()
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(check(&input(Some(Role::Moderator), None, strong))),
            [AccountField::Agency]
        );
        assert_eq!(
            fields(check(&input(Some(Role::Organiser), None, strong))),
            [AccountField::Organisation]
        );
        let organiser = AccountInput {
            organisation_id: Some(OrganisationId(4)),
            ..input(Some(Role::Organiser), Some(AgencyId(3)), strong)
        };
        let organiser = check(&organiser).unwrap();
        assert_eq!(
            (organiser.organisation_id, organiser.agency_id),
            (Some(OrganisationId(4)), None),
            "an organiser acts for an organisation, not an agency"
        );
        assert_eq!(
            fields(check(&input(None, None, "ngắn"))),
            [AccountField::Role, AccountField::Password]
        );
        let nameless = AccountInput {
            name: " ",
            email: "khong-phai",
            ..input(Some(Role::Admin), None, strong)
        };
        assert_eq!(
            fields(check(&nameless)),
            [AccountField::Name, AccountField::Email]
        );
    }
}
