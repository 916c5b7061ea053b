//! An agency as an administrator types it (issue 15, point 2): a drafting agency of the
//! jurisdiction, of a commune where it belongs to one, with what the Decree 30/2020
//! heading of its reports needs (its parent body, its abbreviation, its signer's title).

use crate::text::{check, is_slug, nfc};

/// What an administrator typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyInput {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub abbreviation: String,
    pub parent_body: String,
    pub signer_title: String,
    pub address: String,
    pub website: String,
    pub description: String,
    /// The code of its commune, when it is a commune's agency.
    pub commune: Option<String>,
}

/// The form's fields as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct AgencyFields<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub abbreviation: &'a str,
    pub parent_body: &'a str,
    pub signer_title: &'a str,
    pub address: &'a str,
    pub website: &'a str,
    pub description: &'a str,
    pub commune: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyProblem {
    /// Not lower-case ASCII letters, digits and dashes, 3 to 80 of them.
    Slug,
    Name,
    TooLong(&'static str),
    /// Letters and digits (and dashes), as in "SXD" or "UBND-PSG".
    Abbreviation,
    Website,
    /// A control character or another that no text may hold, in the field named.
    Characters(&'static str),
    /// No such commune in the jurisdiction.
    Commune,
    /// Another agency has this address already.
    SlugTaken,
}

impl AgencyProblem {
    pub fn field(self) -> &'static str {
        match self {
            AgencyProblem::Slug | AgencyProblem::SlugTaken => "ma",
            AgencyProblem::Name => "ten",
            AgencyProblem::TooLong(f) | AgencyProblem::Characters(f) => f,
            AgencyProblem::Abbreviation => "viet_tat",
            AgencyProblem::Website => "trang_web",
            AgencyProblem::Commune => "xa",
        }
    }
}

impl AgencyInput {
    pub fn parse(f: &AgencyFields<'_>) -> Result<Self, Vec<AgencyProblem>> {
        let mut problems = Vec::new();
        let mut field = |value: &str, name: &'static str, max: usize, multiline: bool| {
            let v = nfc(value.trim()).replace("\r\n", "\n");
            if check(&v, multiline).is_err() {
                problems.push(AgencyProblem::Characters(name));
            } else if v.chars().count() > max {
                problems.push(AgencyProblem::TooLong(name));
            }
            v
        };
        let name = field(f.name, "ten", 300, false);
        let short_name = field(f.short_name, "ten_ngan", 150, false);
        let abbreviation = field(f.abbreviation, "viet_tat", 30, false);
        let parent_body = field(f.parent_body, "co_quan_cap_tren", 300, false);
        let signer_title = field(f.signer_title, "chuc_danh_ky", 150, false);
        let address = field(f.address, "dia_chi", 300, false);
        let website = field(f.website, "trang_web", 300, false);
        let description = field(f.description, "mo_ta", 2000, true);
        let slug = f.slug.trim().to_string();
        if !(3..=80).contains(&slug.len()) || !is_slug(&slug) {
            problems.push(AgencyProblem::Slug);
        }
        if name.chars().count() < 3 {
            problems.push(AgencyProblem::Name);
        }
        if !abbreviation.is_empty()
            && !abbreviation
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-')
        {
            problems.push(AgencyProblem::Abbreviation);
        }
        if !website.is_empty()
            && (!(website.starts_with("https://") || website.starts_with("http://"))
                || website.contains(char::is_whitespace)
                || website.len() < 12)
        {
            problems.push(AgencyProblem::Website);
        }
        let commune = f.commune.trim();
        let commune = if commune.is_empty() {
            None
        } else if commune.len() <= 100 && is_slug(commune) {
            Some(commune.to_string())
        } else {
            problems.push(AgencyProblem::Commune);
            None
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(AgencyInput {
            short_name: if short_name.is_empty() {
                name.clone()
            } else {
                short_name
            },
            slug,
            name,
            abbreviation,
            parent_body,
            signer_title,
            address,
            website,
            description,
            commune,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agency_needs_an_address_and_a_name_and_checks_the_rest() {
        let ok = AgencyFields {
            slug: "ubnd-phuong-sai-gon",
            name: " Ủy ban nhân dân phường Sài Gòn ",
            abbreviation: "UBND",
            website: "https://saigon.hochiminhcity.gov.vn",
            commune: "phuong-sai-gon",
            ..AgencyFields::default()
        };
        let a = AgencyInput::parse(&ok).unwrap();
        assert_eq!(a.name, "Ủy ban nhân dân phường Sài Gòn");
        assert_eq!(a.short_name, a.name, "the short name defaults to the name");
        assert_eq!(a.commune.as_deref(), Some("phuong-sai-gon"));
        let bad = AgencyFields {
            slug: "Phường Sài Gòn",
            name: "x",
            abbreviation: "UB ND",
            website: "saigon.vn",
            commune: "<b>",
            ..ok
        };
        assert_eq!(
            AgencyInput::parse(&bad).unwrap_err(),
            vec![
                AgencyProblem::Slug,
                AgencyProblem::Name,
                AgencyProblem::Abbreviation,
                AgencyProblem::Website,
                AgencyProblem::Commune
            ]
        );
    }
}
