//! The result of a meeting the Front held with residents in a campaign (issue 16,
//! point 5): when and where, how many took part, a summary, and the opinions it gave,
//! each on a clause or on the whole draft. The opinions become opinions received
//! outside the portal with source "Front" (`domain::received`), answered and reported
//! like the others; the minutes are a file kept beside them.

use chrono::NaiveDate;

use super::time;
use crate::text::{check, nfc};

/// Opinions one meeting may bring (the form has a row each).
pub const MAX_OPINIONS: usize = 20;
pub const MAX_SUMMARY: usize = 5_000;
/// The longest opinion, as for any opinion received outside the portal.
pub const MAX_OPINION: usize = super::received::MAX_BODY;
pub const MAX_PARTICIPANTS: i32 = 100_000;

/// The form as typed: opinions are (anchor, text) rows; a blank text is no row.
#[derive(Debug, Clone, Default)]
pub struct MeetingFields<'a> {
    pub held_on: &'a str,
    pub commune: &'a str,
    pub participants: &'a str,
    pub summary: &'a str,
    pub opinions: Vec<(&'a str, &'a str)>,
}

/// A meeting's result, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingEntry {
    pub held_on: NaiveDate,
    /// The commune's code.
    pub commune: String,
    pub participants: i32,
    pub summary: String,
    /// (the clause's anchor, or None for the whole draft; the opinion).
    pub opinions: Vec<(Option<String>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingProblem {
    HeldOnInvalid,
    /// Not within the campaign's days up to today.
    HeldOnOutside {
        from: NaiveDate,
        to: NaiveDate,
    },
    CommuneMissing,
    ParticipantsInvalid,
    SummaryTooLong,
    OpinionsMissing,
    OpinionsTooMany,
    /// The n-th row (from 1) is too long.
    OpinionTooLong(usize),
    /// A character no text may hold, in the field named.
    Characters(&'static str),
}

impl MeetingProblem {
    /// The form field the problem is about.
    pub fn field(self) -> &'static str {
        match self {
            MeetingProblem::HeldOnInvalid | MeetingProblem::HeldOnOutside { .. } => "ngay_hop",
            MeetingProblem::CommuneMissing => "xa",
            MeetingProblem::ParticipantsInvalid => "so_nguoi",
            MeetingProblem::SummaryTooLong => "tom_tat",
            MeetingProblem::OpinionsMissing
            | MeetingProblem::OpinionsTooMany
            | MeetingProblem::OpinionTooLong(_) => "y_kien_1",
            MeetingProblem::Characters(f) => f,
        }
    }
}

/// Why a meeting's result was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingRefusal {
    /// Only a campaign that has started (running or ended) holds meetings.
    NotStarted,
    /// Not a commune of the jurisdiction, or not one the campaign targets.
    UnknownCommune,
    /// An opinion names a clause the draft does not have.
    UnknownSection,
    /// The draft holds as many opinions received outside the portal as it may.
    TooMany,
}

impl MeetingEntry {
    /// Checks the form: the meeting was held between `from` (the campaign's first day)
    /// and `to` (its last day, or today if sooner).
    pub fn parse(
        f: &MeetingFields<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<MeetingEntry, Vec<MeetingProblem>> {
        let mut problems = Vec::new();
        let held_on = time::parse_day(f.held_on.trim());
        match held_on {
            None => problems.push(MeetingProblem::HeldOnInvalid),
            Some(d) if d < from || d > to => {
                problems.push(MeetingProblem::HeldOnOutside { from, to })
            }
            Some(_) => {}
        }
        let commune = f.commune.trim().to_string();
        if commune.is_empty() || !crate::text::is_slug(&commune) {
            problems.push(MeetingProblem::CommuneMissing);
        }
        let participants = f
            .participants
            .trim()
            .replace('.', "")
            .parse::<i32>()
            .ok()
            .filter(|n| (1..=MAX_PARTICIPANTS).contains(n));
        if participants.is_none() {
            problems.push(MeetingProblem::ParticipantsInvalid);
        }
        let summary = nfc(f.summary.trim()).replace("\r\n", "\n");
        if check(&summary, true).is_err() {
            problems.push(MeetingProblem::Characters("tom_tat"));
        } else if summary.chars().count() > MAX_SUMMARY {
            problems.push(MeetingProblem::SummaryTooLong);
        }
        let mut opinions = Vec::new();
        for (i, (anchor, text)) in f.opinions.iter().enumerate() {
            let text = nfc(text.trim()).replace("\r\n", "\n");
            if text.is_empty() {
                continue;
            }
            if check(&text, true).is_err() {
                problems.push(MeetingProblem::Characters("y_kien_1"));
            } else if text.chars().count() > MAX_OPINION {
                problems.push(MeetingProblem::OpinionTooLong(i + 1));
            }
            let anchor = anchor.trim();
            let anchor = (!anchor.is_empty()).then(|| anchor.to_string());
            opinions.push((anchor, text));
        }
        if opinions.is_empty() {
            problems.push(MeetingProblem::OpinionsMissing);
        } else if opinions.len() > MAX_OPINIONS {
            problems.push(MeetingProblem::OpinionsTooMany);
        }
        match (held_on, participants) {
            (Some(held_on), Some(participants)) if problems.is_empty() => Ok(MeetingEntry {
                held_on,
                commune,
                participants,
                summary,
                opinions,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn good() -> MeetingFields<'static> {
        MeetingFields {
            held_on: "05/12/2026",
            commune: "xa-can-gio",
            participants: "1.250",
            summary: "Hội nghị lấy ý kiến tại nhà văn hóa xã.",
            opinions: vec![
                ("dieu-7", " Đề nghị hỗ trợ túi đựng rác. "),
                ("", ""),
                ("", "Đồng ý với dự thảo."),
            ],
        }
    }

    #[test]
    fn a_meeting_keeps_its_opinions_and_drops_blank_rows() {
        let e = MeetingEntry::parse(&good(), day(1), day(7)).unwrap();
        assert_eq!(e.participants, 1250);
        assert_eq!(
            e.opinions,
            vec![
                (
                    Some("dieu-7".to_string()),
                    "Đề nghị hỗ trợ túi đựng rác.".to_string()
                ),
                (None, "Đồng ý với dự thảo.".to_string()),
            ]
        );
    }

    #[test]
    fn each_problem_names_its_field() {
        let mut f = good();
        f.held_on = "30/11/2026";
        f.participants = "0";
        f.commune = "";
        f.opinions = vec![("", " ")];
        let p = MeetingEntry::parse(&f, day(1), day(7)).unwrap_err();
        assert_eq!(
            p,
            vec![
                MeetingProblem::HeldOnOutside {
                    from: day(1),
                    to: day(7)
                },
                MeetingProblem::CommuneMissing,
                MeetingProblem::ParticipantsInvalid,
                MeetingProblem::OpinionsMissing,
            ]
        );
        assert_eq!(p[0].field(), "ngay_hop");
        let long = "a".repeat(MAX_OPINION + 1);
        let mut f = good();
        f.opinions = vec![("", "ngắn"), ("", &long)];
        assert_eq!(
            MeetingEntry::parse(&f, day(1), day(7)).unwrap_err(),
            vec![MeetingProblem::OpinionTooLong(2)]
        );
    }
}
