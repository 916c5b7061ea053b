//! Legal figures as data: what an administrator may set on a rule (its number of days,
//! its citation, the public page it was read from) and when it counts as confirmed.
//! A figure is confirmed only with the page it was read from, so that anyone can check
//! the citation the portal shows.

/// The longest legal period in days the portal accepts (a year): every figure of the
/// 2025 law is far below it, and a typo of an extra digit is caught.
pub const MAX_DAYS: i32 = 366;

/// A checked change to a legal rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleEdit {
    pub days: i32,
    pub citation: String,
    pub source_url: String,
    pub confirmed: bool,
}

/// Why a change to a legal rule was refused; each is said at its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleProblem {
    /// Not a whole number of days from 0 to [`MAX_DAYS`].
    Days,
    /// The citation is empty or longer than 500 characters.
    Citation,
    /// The source is not an http(s) address without spaces, of at most 500 characters.
    Source,
    /// Confirmed without the page it was read from.
    ConfirmNeedsSource,
}

impl RuleProblem {
    /// The form field it is said at.
    pub fn field(self) -> &'static str {
        match self {
            RuleProblem::Days => "so_ngay",
            RuleProblem::Citation => "can_cu",
            RuleProblem::Source | RuleProblem::ConfirmNeedsSource => "nguon",
        }
    }
}

impl RuleEdit {
    pub fn parse(
        days: &str,
        citation: &str,
        source_url: &str,
        confirmed: bool,
    ) -> Result<Self, Vec<RuleProblem>> {
        let mut problems = Vec::new();
        let days = match days.trim().parse::<i32>() {
            Ok(d) if (0..=MAX_DAYS).contains(&d) => d,
            _ => {
                problems.push(RuleProblem::Days);
                0
            }
        };
        let citation = crate::text::nfc(
            citation
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
        );
        if citation.chars().count() < 5 || citation.chars().count() > 500 {
            problems.push(RuleProblem::Citation);
        }
        let source_url = source_url.trim().to_string();
        if !source_url.is_empty()
            && (!(source_url.starts_with("https://") || source_url.starts_with("http://"))
                || source_url.len() > 500
                || source_url.contains(char::is_whitespace))
        {
            problems.push(RuleProblem::Source);
        } else if confirmed && source_url.is_empty() {
            problems.push(RuleProblem::ConfirmNeedsSource);
        }
        if problems.is_empty() {
            Ok(RuleEdit {
                days,
                citation,
                source_url,
                confirmed,
            })
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_confirmed_only_with_its_source() {
        let ok = RuleEdit::parse(
            " 20 ",
            "Điều 30  Luật số 64/2025/QH15",
            "https://vbpl.vn/x",
            true,
        )
        .unwrap();
        assert_eq!(ok.days, 20);
        assert_eq!(ok.citation, "Điều 30 Luật số 64/2025/QH15");
        assert_eq!(
            RuleEdit::parse("20", "Điều 30 Luật số 64/2025/QH15", "", true),
            Err(vec![RuleProblem::ConfirmNeedsSource])
        );
        assert!(RuleEdit::parse("20", "Điều 30 Luật số 64/2025/QH15", "", false).is_ok());
        assert_eq!(
            RuleEdit::parse("hai mươi", "Điều", "vbpl.vn", false),
            Err(vec![
                RuleProblem::Days,
                RuleProblem::Citation,
                RuleProblem::Source
            ])
        );
        assert_eq!(
            RuleEdit::parse("367", "Điều 30 Luật", "", false),
            Err(vec![RuleProblem::Days])
        );
        assert_eq!(
            RuleEdit::parse("-1", "Điều 30 Luật", "", false),
            Err(vec![RuleProblem::Days])
        );
    }
}
