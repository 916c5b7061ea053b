//! Staff of the portal and their roles.

use super::text_enum;

text_enum! {
    pub enum Role {
        Admin = "admin",
        Editor = "editor",
        Moderator = "moderator",
        /// Fatherland Front organiser: reserved for the mobilisation work.
        Organiser = "organiser",
    }
}

impl Role {
    /// Roles that act for one agency.
    pub fn needs_agency(self) -> bool {
        matches!(self, Role::Editor | Role::Moderator)
    }
}
