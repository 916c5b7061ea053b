//! The Vietnam Fatherland Front as the portal knows it (issue 16): the Front committee of
//! the jurisdiction, a committee in each commune under it, and the member organisations
//! under each committee (since the 2025 reorganisation the socio-political organisations
//! sit inside the Front: Law 75/2015/QH13 on the Vietnam Fatherland Front as amended by
//! Law 97/2025/QH15).
//!
//! The tree is three levels at most, which keeps it free of cycles by construction: the
//! jurisdiction's committee has no parent; a commune's committee has the jurisdiction's
//! as parent; a member organisation has a committee as parent and no children. An
//! organiser acts for one organisation and everything under it.
//!
//! An organisation's contact is its office's, never a person's: the form refuses a
//! mobile number and a mailbox at a free personal mail service.

use super::ids::OrganisationId;
use super::text_enum;
use crate::text::{check, nfc};

text_enum! {
    /// What an organisation is.
    pub enum OrganisationKind {
        /// Ủy ban Mặt trận Tổ quốc Việt Nam (of the jurisdiction, or of a commune).
        FrontCommittee = "front_committee",
        WomensUnion = "womens_union",
        YouthUnion = "youth_union",
        FarmersAssociation = "farmers_association",
        VeteransAssociation = "veterans_association",
        TradeUnion = "trade_union",
        /// Another member organisation of the Front.
        OtherMember = "other_member",
    }
}

impl OrganisationKind {
    pub fn is_committee(self) -> bool {
        self == OrganisationKind::FrontCommittee
    }
}

/// The deepest tree: the jurisdiction's committee, a commune's, a member organisation.
pub const MAX_DEPTH: usize = 3;

/// An organisation and those above it, itself first: what an organiser's scope is
/// checked against (`auth::policy`), with no query in the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgChain(pub [Option<OrganisationId>; MAX_DEPTH]);

impl OrgChain {
    /// From the organisation up; more than [`MAX_DEPTH`] ids are cut (the tree has no
    /// deeper level).
    pub fn new(from_self_up: &[OrganisationId]) -> Self {
        let mut chain = [None; MAX_DEPTH];
        for (slot, id) in chain.iter_mut().zip(from_self_up) {
            *slot = Some(*id);
        }
        OrgChain(chain)
    }

    /// Whether the organisation is `id` or lies under it.
    pub fn within(&self, id: OrganisationId) -> bool {
        self.0.contains(&Some(id))
    }

    pub fn organisation(&self) -> Option<OrganisationId> {
        self.0[0]
    }
}

/// What an administrator typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationInput {
    pub kind: OrganisationKind,
    pub name: String,
    pub short_name: String,
    pub parent: Option<OrganisationId>,
    /// The code of its commune: a commune's committee names it; a member organisation
    /// takes its committee's.
    pub commune: Option<String>,
    pub office_address: String,
    pub office_phone: String,
    pub office_email: String,
}

/// The form's fields as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrganisationFields<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub parent: &'a str,
    pub commune: &'a str,
    pub office_address: &'a str,
    pub office_phone: &'a str,
    pub office_email: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganisationProblem {
    Kind,
    Name,
    TooLong(&'static str),
    Characters(&'static str),
    /// Not a landline or a 1800/1900 line: a mobile number is a person's.
    Phone,
    /// Not a mail address, or one at a free personal mail service.
    Email,
    /// The parent chosen does not exist or cannot hold this kind.
    Parent,
    /// No such commune, or a commune given where none belongs, or none where one must.
    Commune,
    /// The jurisdiction has its committee already, or the commune has its own.
    CommitteeExists,
    /// A committee with organisations under it cannot become a member organisation.
    HasChildren,
    /// The name is longer than a short name may be, so a short name must be typed.
    ShortNameNeeded,
}

impl OrganisationProblem {
    /// The form field it is about.
    pub fn field(self) -> &'static str {
        match self {
            OrganisationProblem::Kind | OrganisationProblem::HasChildren => "loai",
            OrganisationProblem::Name => "ten",
            OrganisationProblem::ShortNameNeeded => "ten_ngan",
            OrganisationProblem::TooLong(f) | OrganisationProblem::Characters(f) => f,
            OrganisationProblem::Phone => "dien_thoai",
            OrganisationProblem::Email => "thu",
            OrganisationProblem::Parent => "truc_thuoc",
            OrganisationProblem::Commune | OrganisationProblem::CommitteeExists => "xa",
        }
    }
}

/// Free mail services: a mailbox there belongs to a person, not to an office.
const PERSONAL_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.com.vn",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "zoho.com",
    "aol.com",
    "gmx.com",
    "mail.ru",
    "yandex.com",
];

/// A landline (an area code 02x and 11 digits in all) or a switchboard line (1800 or
/// 1900 and 4 to 6 digits); spaces, dots, dashes and brackets between the digits.
fn is_office_phone(phone: &str) -> bool {
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || " .-()".contains(c))
    {
        return false;
    }
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.starts_with("02") && digits.len() == 11)
        || ((digits.starts_with("1800") || digits.starts_with("1900"))
            && (8..=10).contains(&digits.len()))
}

fn is_office_email(email: &str) -> bool {
    match crate::domain::comment::Email::parse(email) {
        Ok(e) => {
            let normalized = e.normalized();
            let domain = normalized.rsplit('@').next().unwrap_or_default();
            !PERSONAL_MAIL.contains(&domain)
        }
        Err(_) => false,
    }
}

impl OrganisationInput {
    pub fn parse(f: &OrganisationFields<'_>) -> Result<Self, Vec<OrganisationProblem>> {
        let mut problems = Vec::new();
        let mut field = |value: &str, name: &'static str, max: usize| {
            let v = nfc(value.trim());
            if check(&v, false).is_err() {
                problems.push(OrganisationProblem::Characters(name));
            } else if v.chars().count() > max {
                problems.push(OrganisationProblem::TooLong(name));
            }
            v
        };
        let name = field(f.name, "ten", 300);
        let short_name = field(f.short_name, "ten_ngan", 150);
        let office_address = field(f.office_address, "dia_chi", 300);
        let office_phone = field(f.office_phone, "dien_thoai", 40);
        let office_email = field(f.office_email, "thu", 254);
        let kind = OrganisationKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == f.kind.trim());
        if kind.is_none() {
            problems.push(OrganisationProblem::Kind);
        }
        if name.chars().count() < 3 {
            problems.push(OrganisationProblem::Name);
        }
        // The short name defaults to the name, which may be longer than a short name.
        if short_name.is_empty() && name.chars().count() > 150 {
            problems.push(OrganisationProblem::ShortNameNeeded);
        }
        if !office_phone.is_empty() && !is_office_phone(&office_phone) {
            problems.push(OrganisationProblem::Phone);
        }
        if !office_email.is_empty() && !is_office_email(&office_email) {
            problems.push(OrganisationProblem::Email);
        }
        let parent = match f.parent.trim() {
            "" => None,
            p => match p.parse::<i64>() {
                Ok(id) if id > 0 => Some(OrganisationId(id)),
                _ => {
                    problems.push(OrganisationProblem::Parent);
                    None
                }
            },
        };
        let commune = match f.commune.trim() {
            "" => None,
            c if c.len() <= 100 && crate::text::is_slug(c) => Some(c.to_string()),
            _ => {
                problems.push(OrganisationProblem::Commune);
                None
            }
        };
        let Some(kind) = kind.filter(|_| problems.is_empty()) else {
            return Err(problems);
        };
        Ok(OrganisationInput {
            kind,
            short_name: if short_name.is_empty() {
                name.clone()
            } else {
                short_name
            },
            name,
            parent,
            commune,
            office_address,
            office_phone,
            office_email: crate::domain::comment::Email::parse(&office_email)
                .map(|e| e.normalized())
                .unwrap_or_default(),
        })
    }
}

/// Where an organisation sits, once its parent is known: the tree's rules.
///
/// `parent` is the parent's kind and whether it has a parent itself (None: no parent
/// chosen). Returns whether the organisation must name a commune (a commune's committee)
/// or take its parent's (a member organisation), or must have none (the jurisdiction's
/// committee).
pub fn place(
    kind: OrganisationKind,
    parent: Option<(OrganisationKind, bool)>,
) -> Result<CommunePlace, OrganisationProblem> {
    match (kind.is_committee(), parent) {
        // The jurisdiction's committee.
        (true, None) => Ok(CommunePlace::None),
        // A commune's committee, under the jurisdiction's.
        (true, Some((OrganisationKind::FrontCommittee, false))) => Ok(CommunePlace::Own),
        // A member organisation, under a committee.
        (false, Some((OrganisationKind::FrontCommittee, _))) => Ok(CommunePlace::Parents),
        _ => Err(OrganisationProblem::Parent),
    }
}

/// Which commune an organisation belongs to, by its place in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommunePlace {
    /// The jurisdiction's committee: no commune.
    None,
    /// A commune's committee: the commune typed.
    Own,
    /// A member organisation: its committee's.
    Parents,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> OrganisationFields<'static> {
        OrganisationFields {
            kind: "womens_union",
            name: " Hội Liên hiệp Phụ nữ phường Sài Gòn ",
            parent: "2",
            office_address: "45 Lê Duẩn, phường Sài Gòn",
            office_phone: "(028) 3822 1234",
            office_email: "hoiphunu.saigon@tphcm.gov.vn",
            ..OrganisationFields::default()
        }
    }

    #[test]
    fn an_organisation_is_checked_and_its_contact_is_an_offices() {
        let o = OrganisationInput::parse(&fields()).unwrap();
        assert_eq!(o.kind, OrganisationKind::WomensUnion);
        assert_eq!(o.name, "Hội Liên hiệp Phụ nữ phường Sài Gòn");
        assert_eq!(o.short_name, o.name, "the short name defaults to the name");
        assert_eq!(o.parent, Some(OrganisationId(2)));
        for switchboard in ["1900 1234", "1800.599.920"] {
            let f = OrganisationFields {
                office_phone: switchboard,
                ..fields()
            };
            assert!(OrganisationInput::parse(&f).is_ok(), "{switchboard}");
        }
        // A mobile number and a free mailbox are a person's.
        let personal = OrganisationFields {
            kind: "hoi",
            name: "x",
            parent: "mot",
            commune: "<b>",
            office_phone: "0912 345 678",
            office_email: "chi.lan@gmail.com",
            ..fields()
        };
        assert_eq!(
            OrganisationInput::parse(&personal).unwrap_err(),
            vec![
                OrganisationProblem::Kind,
                OrganisationProblem::Name,
                OrganisationProblem::Phone,
                OrganisationProblem::Email,
                OrganisationProblem::Parent,
                OrganisationProblem::Commune,
            ]
        );
    }

    #[test]
    fn the_tree_has_three_levels_and_no_other_shape() {
        use OrganisationKind::*;
        assert_eq!(place(FrontCommittee, None), Ok(CommunePlace::None));
        assert_eq!(
            place(FrontCommittee, Some((FrontCommittee, false))),
            Ok(CommunePlace::Own)
        );
        assert_eq!(
            place(YouthUnion, Some((FrontCommittee, true))),
            Ok(CommunePlace::Parents)
        );
        assert_eq!(
            place(YouthUnion, Some((FrontCommittee, false))),
            Ok(CommunePlace::Parents),
            "the jurisdiction's own member organisations"
        );
        // A committee under a commune's committee, anything under a member, a member
        // with no committee: refused.
        assert_eq!(
            place(FrontCommittee, Some((FrontCommittee, true))),
            Err(OrganisationProblem::Parent)
        );
        assert_eq!(
            place(TradeUnion, Some((WomensUnion, true))),
            Err(OrganisationProblem::Parent)
        );
        assert_eq!(place(TradeUnion, None), Err(OrganisationProblem::Parent));
    }

    #[test]
    fn an_organiser_acts_within_their_organisation_and_below() {
        let chain = OrgChain::new(&[OrganisationId(7), OrganisationId(2), OrganisationId(1)]);
        assert!(chain.within(OrganisationId(7)));
        assert!(chain.within(OrganisationId(1)));
        assert!(!chain.within(OrganisationId(3)));
        assert_eq!(chain.organisation(), Some(OrganisationId(7)));
    }
}
