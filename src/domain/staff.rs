//! Staff of the portal and their roles.

use super::text_enum;

text_enum! {
    pub enum Role {
        Admin = "admin",
        Editor = "editor",
        Moderator = "moderator",
        /// Fatherland Front organiser: acts for one organisation and those under it.
        Organiser = "organiser",
    }
}

impl Role {
    /// Roles that act for one agency.
    pub fn needs_agency(self) -> bool {
        matches!(self, Role::Editor | Role::Moderator)
    }

    /// Roles that act for one Front organisation (and those under it).
    pub fn needs_organisation(self) -> bool {
        self == Role::Organiser
    }
}

/// Who does something, as the audit log records it: a staff account (its e-mail at the
/// time), or a named process with no account ("demo", "dòng lệnh").
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub account_id: Option<super::ids::AccountId>,
    pub name: &'a str,
}

impl<'a> By<'a> {
    /// A process acting on its own, with no account.
    pub const fn process(name: &'a str) -> Self {
        By {
            account_id: None,
            name,
        }
    }
}
