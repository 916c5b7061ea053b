//! Whose site this is: the operating authority (cơ quan vận hành), which the footer of
//! every page names with its contacts and the privacy notice names as the controller of
//! commenters' personal data.

use crate::domain::comment::Email;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// Its own site, if any.
    pub website: String,
    /// Moves on with every change (caches of rendered pages key on it).
    pub revision: i64,
}

/// What is wrong with an operator as typed, field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorProblem {
    Name,
    Address,
    Phone,
    Email,
    Website,
}

impl OperatorProblem {
    pub fn field(self) -> &'static str {
        match self {
            Self::Name => "ten",
            Self::Address => "dia_chi",
            Self::Phone => "dien_thoai",
            Self::Email => "thu_dien_tu",
            Self::Website => "trang_web",
        }
    }
}

impl Operator {
    /// The operator as an administrator typed it, or every problem with it.
    pub fn parse(
        name: &str,
        address: &str,
        phone: &str,
        email: &str,
        website: &str,
    ) -> Result<Operator, Vec<OperatorProblem>> {
        let clean = |s: &str| crate::text::nfc(s.trim());
        let (name, address, phone, email, website) = (
            clean(name),
            clean(address),
            clean(phone),
            clean(email),
            clean(website),
        );
        let mut problems = Vec::new();
        let fits = |s: &str, min: usize, max: usize| (min..=max).contains(&s.chars().count());
        if !fits(&name, 3, 200) {
            problems.push(OperatorProblem::Name);
        }
        if !fits(&address, 5, 300) {
            problems.push(OperatorProblem::Address);
        }
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if !(8..=15).contains(&digits)
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
        {
            problems.push(OperatorProblem::Phone);
        }
        if Email::parse(&email).is_err() {
            problems.push(OperatorProblem::Email);
        }
        if !website.is_empty()
            && (!(website.starts_with("https://") || website.starts_with("http://"))
                || website.len() > 200
                || website.contains(char::is_whitespace))
        {
            problems.push(OperatorProblem::Website);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Operator {
            name,
            address,
            phone,
            email,
            website,
            revision: 0,
        })
    }

    /// The phone number as a tel: link takes it: digits and a leading +.
    pub fn phone_link(&self) -> String {
        let mut out: String = self
            .phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        if out.starts_with("0") {
            // A Vietnamese national number: the international form works from abroad too.
            out = format!("+84{}", &out[1..]);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operator_is_checked_field_by_field() {
        let o = Operator::parse(
            " Văn phòng UBND Thành phố ",
            "86 Lê Thánh Tôn, phường Sài Gòn",
            "(028) 3829 6052",
            "gopy@tphcm.gov.vn",
            "",
        )
        .unwrap();
        assert_eq!(o.name, "Văn phòng UBND Thành phố");
        assert_eq!(o.phone_link(), "+842838296052");
        let problems =
            Operator::parse("", "x", "gọi tôi", "không", "javascript:alert(1)").unwrap_err();
        assert_eq!(
            problems,
            [
                OperatorProblem::Name,
                OperatorProblem::Address,
                OperatorProblem::Phone,
                OperatorProblem::Email,
                OperatorProblem::Website
            ]
        );
    }
}
