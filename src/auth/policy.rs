//! What each role may do: the one place where authorisation is decided. Handlers name
//! the action and the agency it concerns; nothing else grants or refuses.

use crate::domain::front::OrgChain;
use crate::domain::ids::*;
use crate::domain::staff::Role;

/// Something a staff member asks to do, with the agency whose draft it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the console at all.
    UseConsole,
    /// Staff accounts, agencies and legal settings.
    Administer,
    ReadAudit,
    CreateDraft {
        agency_id: AgencyId,
    },
    /// See a draft in the console, published or not.
    SeeDraft {
        agency_id: AgencyId,
    },
    /// Metadata, text, versions, files, the comment period.
    EditDraft {
        agency_id: AgencyId,
    },
    Moderate {
        agency_id: AgencyId,
    },
    Answer {
        agency_id: AgencyId,
    },
    PublishReport {
        agency_id: AgencyId,
    },
    /// See and act for a Front organisation (its campaigns, its results): `chain` is
    /// the organisation and those above it.
    ActForOrganisation {
        chain: OrgChain,
    },
}

/// The staff member as far as permissions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    pub organisation_id: Option<OrganisationId>,
}

/// Whether `actor` may do `action`.
///
/// - administrator: everything;
/// - agency editor: the drafts of their own agency (write, publish, answer, report);
/// - moderator: moderation on their own agency's drafts;
/// - Front organiser: their organisation and every one under it.
pub fn allows(actor: Actor, action: Action) -> bool {
    let own = |agency_id: AgencyId| actor.agency_id == Some(agency_id);
    match (actor.role, action) {
        (Role::Admin, _) => true,
        (_, Action::UseConsole) => true,
        (Role::Editor, Action::CreateDraft { agency_id })
        | (Role::Editor, Action::SeeDraft { agency_id })
        | (Role::Editor, Action::EditDraft { agency_id })
        | (Role::Editor, Action::Answer { agency_id })
        | (Role::Editor, Action::PublishReport { agency_id }) => own(agency_id),
        (Role::Moderator, Action::SeeDraft { agency_id })
        | (Role::Moderator, Action::Moderate { agency_id }) => own(agency_id),
        (Role::Organiser, Action::ActForOrganisation { chain }) => {
            actor.organisation_id.is_some_and(|o| chain.within(o))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_stays_in_its_lane() {
        let editor = Actor {
            role: Role::Editor,
            agency_id: Some(AgencyId(1)),
            organisation_id: None,
        };
        let moderator = Actor {
            role: Role::Moderator,
            agency_id: Some(AgencyId(1)),
            organisation_id: None,
        };
        let organiser = Actor {
            role: Role::Organiser,
            agency_id: None,
            organisation_id: Some(OrganisationId(2)),
        };
        let admin = Actor {
            role: Role::Admin,
            agency_id: None,
            organisation_id: None,
        };
        assert!(allows(
            editor,
            Action::EditDraft {
                agency_id: AgencyId(1)
            }
        ));
        assert!(!allows(
            editor,
            Action::EditDraft {
                agency_id: AgencyId(2)
            }
        ));
        assert!(!allows(
            editor,
            Action::Moderate {
                agency_id: AgencyId(1)
            }
        ));
        assert!(allows(
            moderator,
            Action::Moderate {
                agency_id: AgencyId(1)
            }
        ));
        assert!(!allows(
            moderator,
            Action::Moderate {
                agency_id: AgencyId(2)
            }
        ));
        assert!(!allows(
            moderator,
            Action::Answer {
                agency_id: AgencyId(1)
            }
        ));
        assert!(allows(organiser, Action::UseConsole));
        assert!(!allows(
            organiser,
            Action::SeeDraft {
                agency_id: AgencyId(1)
            }
        ));
        // An organiser of a commune's committee (2, under the city's 1): that committee
        // and a member organisation under it, not the city's nor another commune's.
        let own = OrgChain::new(&[OrganisationId(2), OrganisationId(1)]);
        let member = OrgChain::new(&[OrganisationId(5), OrganisationId(2), OrganisationId(1)]);
        let city = OrgChain::new(&[OrganisationId(1)]);
        let other = OrgChain::new(&[OrganisationId(3), OrganisationId(1)]);
        for (chain, allowed) in [(own, true), (member, true), (city, false), (other, false)] {
            assert_eq!(
                allows(organiser, Action::ActForOrganisation { chain }),
                allowed,
                "{chain:?}"
            );
            assert!(!allows(editor, Action::ActForOrganisation { chain }));
            assert!(allows(admin, Action::ActForOrganisation { chain }));
        }
        assert!(allows(admin, Action::Administer));
        assert!(!allows(editor, Action::Administer));
    }
}
