//! Opinions the drafting agency received outside the portal, and the consultation
//! letters it sent to named bodies (Law 64/2025, Art. 30; issue 15, point 6).
//!
//! A body consulted in writing answers by letter; a conference or a meeting of the
//! Fatherland Front gives opinions in its minutes. Staff record each opinion with its
//! source, the body that gave it, the document it came in and the clause it concerns;
//! it is answered as comments are and listed in the synthesis report by source.

use chrono::{Duration, NaiveDate};

use super::comment::Disposition;
use super::text_enum;
use super::time;
use crate::text::{check, nfc};

text_enum! {
    /// Where an opinion received outside the portal came from, in the order the report
    /// lists them.
    pub enum OpinionSource {
        /// A written reply to the agency's consultation letter.
        ConsultationReply = "consultation_reply",
        /// A conference, seminar or consultation meeting.
        Conference = "conference",
        /// The Vietnam Fatherland Front and its member organisations.
        FatherlandFront = "fatherland_front",
        Other = "other",
    }
}

/// Longest organisation name, document number and text accepted (the columns' limits).
pub const MAX_ORGANISATION: usize = 300;
pub const MAX_DOCUMENT_NUMBER: usize = 100;
pub const MAX_BODY: usize = 20_000;
/// Bodies one letter may be recorded as sent to.
pub const MAX_RECIPIENTS: usize = 200;

/// What is wrong with a form, each tied to its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    SourceUnknown,
    OrganisationMissing,
    OrganisationTooLong,
    DocumentNumberTooLong,
    DocumentDateInvalid,
    ReceivedOnInvalid,
    /// Received before the document that carried it was dated, or in the future.
    ReceivedOnImpossible,
    BodyMissing,
    BodyTooLong,
    LetterNumberMissing,
    SentOnInvalid,
    RecipientsMissing,
    RecipientsTooMany,
    RecipientTooLong,
    /// A control character, a noncharacter or an unclosed direction mark in the field
    /// named (`crate::text::check`).
    Characters(&'static str),
}

impl Problem {
    /// The form field the problem is about.
    pub fn field(self) -> &'static str {
        match self {
            Problem::SourceUnknown => "nguon",
            Problem::OrganisationMissing | Problem::OrganisationTooLong => "co_quan",
            Problem::DocumentNumberTooLong => "so_van_ban",
            Problem::DocumentDateInvalid => "ngay_van_ban",
            Problem::ReceivedOnInvalid | Problem::ReceivedOnImpossible => "ngay_nhan",
            Problem::BodyMissing | Problem::BodyTooLong => "noi_dung",
            Problem::LetterNumberMissing => "so",
            Problem::SentOnInvalid => "ngay_gui",
            Problem::RecipientsMissing | Problem::RecipientsTooMany | Problem::RecipientTooLong => {
                "noi_nhan"
            }
            Problem::Characters(field) => field,
        }
    }
}

/// Why an opinion or letter was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No article, clause or point with that anchor in the draft's text.
    UnknownSection,
    /// No such file among the draft's.
    UnknownFile,
    /// No such addressee among the draft's letters.
    UnknownRecipient,
    /// The draft holds as many as it may.
    TooMany,
}

/// An opinion as staff typed it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionEntry {
    pub source: OpinionSource,
    pub organisation: String,
    pub document_number: String,
    pub document_date: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub body: String,
}

/// The fields of the form, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpinionFields<'a> {
    pub source: &'a str,
    pub organisation: &'a str,
    pub document_number: &'a str,
    pub document_date: &'a str,
    pub received_on: &'a str,
    pub body: &'a str,
}

/// A day typed in a form: None when blank, Err when it is not a day.
fn optional_day(s: &str) -> Result<Option<NaiveDate>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    time::parse_day(s).map(Some).ok_or(())
}

/// Text typed in `field`, in NFC and trimmed; a character no text may hold is a
/// problem of that field (the rules of a comment's text).
fn tidy(s: &str, field: &'static str, multiline: bool, problems: &mut Vec<Problem>) -> String {
    let s = nfc(s.trim()).replace("\r\n", "\n");
    if check(&s, multiline).is_err() {
        problems.push(Problem::Characters(field));
    }
    s
}

impl OpinionEntry {
    /// Checks the form; `today` is the local day, after which nothing can have been
    /// received.
    pub fn parse(f: &OpinionFields<'_>, today: NaiveDate) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let source = OpinionSource::parse(f.source.trim());
        if source.is_none() {
            problems.push(Problem::SourceUnknown);
        }
        let organisation = tidy(f.organisation, "co_quan", false, &mut problems);
        if organisation.is_empty() {
            problems.push(Problem::OrganisationMissing);
        } else if organisation.chars().count() > MAX_ORGANISATION {
            problems.push(Problem::OrganisationTooLong);
        }
        let document_number = tidy(f.document_number, "so_van_ban", false, &mut problems);
        if document_number.chars().count() > MAX_DOCUMENT_NUMBER {
            problems.push(Problem::DocumentNumberTooLong);
        }
        let document_date = optional_day(f.document_date).unwrap_or_else(|()| {
            problems.push(Problem::DocumentDateInvalid);
            None
        });
        let received_on = match optional_day(f.received_on) {
            Ok(Some(d)) => Some(d),
            _ => {
                problems.push(Problem::ReceivedOnInvalid);
                None
            }
        };
        if let Some(r) = received_on
            && (r > today || document_date.is_some_and(|d| r < d))
        {
            problems.push(Problem::ReceivedOnImpossible);
        }
        let body = tidy(f.body, "noi_dung", true, &mut problems);
        if body.is_empty() {
            problems.push(Problem::BodyMissing);
        } else if body.chars().count() > MAX_BODY {
            problems.push(Problem::BodyTooLong);
        }
        match (source, received_on) {
            (Some(source), Some(received_on)) if problems.is_empty() => Ok(OpinionEntry {
                source,
                organisation,
                document_number,
                document_date,
                received_on,
                body,
            }),
            _ => Err(problems),
        }
    }
}

/// A consultation letter as staff typed it, checked: its number, the day it was sent
/// and the bodies it went to (one per line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterEntry {
    pub number: String,
    pub sent_on: NaiveDate,
    pub recipients: Vec<String>,
}

impl LetterEntry {
    pub fn parse(
        number: &str,
        sent_on: &str,
        recipients: &str,
        today: NaiveDate,
    ) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let number = tidy(number, "so", false, &mut problems);
        if number.is_empty() || number.chars().count() > MAX_DOCUMENT_NUMBER {
            problems.push(Problem::LetterNumberMissing);
        }
        let sent_on = match optional_day(sent_on) {
            Ok(Some(d)) if d <= today => Some(d),
            _ => {
                problems.push(Problem::SentOnInvalid);
                None
            }
        };
        let mut bodies: Vec<String> = Vec::new();
        for line in recipients.lines() {
            let line = tidy(line, "noi_nhan", false, &mut problems);
            if line.is_empty() {
                continue;
            }
            if line.chars().count() > MAX_ORGANISATION {
                problems.push(Problem::RecipientTooLong);
                break;
            }
            if !bodies.contains(&line) {
                bodies.push(line);
            }
        }
        if bodies.is_empty() {
            problems.push(Problem::RecipientsMissing);
        } else if bodies.len() > MAX_RECIPIENTS {
            problems.push(Problem::RecipientsTooMany);
        }
        match sent_on {
            Some(sent_on) if problems.is_empty() => Ok(LetterEntry {
                number,
                sent_on,
                recipients: bodies,
            }),
            _ => Err(problems),
        }
    }
}

/// The last day to reply to a letter sent on `sent_on`, given the rule's number of
/// days: counted from the day after it was sent (Civil Code 2015, Art. 147), the
/// period ends with its last day.
pub fn reply_due(sent_on: NaiveDate, days: i32) -> NaiveDate {
    sent_on + Duration::days(i64::from(days.max(0)))
}

/// Where a body's reply stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyState {
    Replied,
    /// Not yet, and the deadline has not passed.
    Awaited,
    /// Not yet, and the deadline has passed.
    Overdue,
}

impl ReplyState {
    pub fn of(replied: bool, due: NaiveDate, today: NaiveDate) -> Self {
        match (replied, today > due) {
            (true, _) => ReplyState::Replied,
            (false, false) => ReplyState::Awaited,
            (false, true) => ReplyState::Overdue,
        }
    }
}

/// An answer to a received opinion, as to a comment: a disposition and a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionAnswer {
    pub disposition: Disposition,
    pub reason: String,
}

/// The shortest and longest reason an answer may give.
pub const ANSWER_REASON: std::ops::RangeInclusive<usize> = 3..=20_000;

impl OpinionAnswer {
    /// The answer as typed (a disposition's spelling and a reason), or None when the
    /// disposition is unknown or the reason too short, too long or not clean text. The
    /// one check for every answer that is not to a portal comment: an opinion received
    /// outside the portal, a point of the Front's critique.
    pub fn parse(choice: &str, reason: &str) -> Option<OpinionAnswer> {
        let disposition = Disposition::parse(choice.trim())?;
        let reason = nfc(reason.trim()).replace("\r\n", "\n");
        (ANSWER_REASON.contains(&reason.chars().count()) && check(&reason, true).is_ok()).then_some(
            OpinionAnswer {
                disposition,
                reason,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_answer_needs_a_known_disposition_and_a_reason() {
        let a = OpinionAnswer::parse(" accepted ", "  Tiếp thu.\r\nBổ sung.  ").unwrap();
        assert_eq!(a.disposition, Disposition::Accepted);
        assert_eq!(a.reason, "Tiếp thu.\nBổ sung.");
        assert_eq!(OpinionAnswer::parse("maybe", "Tiếp thu."), None);
        assert_eq!(OpinionAnswer::parse("noted", " ok "), None);
        assert_eq!(OpinionAnswer::parse("noted", "a\u{0}bc"), None);
    }

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_opinion_needs_its_source_body_day_and_text() {
        let today = day(2026, 12, 7);
        let ok = OpinionFields {
            source: "consultation_reply",
            organisation: "  Sở Tư pháp ",
            document_number: "123/STP-XDKTVB",
            document_date: "2026-12-01",
            received_on: "03/12/2026",
            body: "Đề nghị làm rõ khoản 2.\r\nCảm ơn.",
        };
        let e = OpinionEntry::parse(&ok, today).unwrap();
        assert_eq!(e.organisation, "Sở Tư pháp");
        assert_eq!(e.received_on, day(2026, 12, 3));
        assert_eq!(e.body, "Đề nghị làm rõ khoản 2.\nCảm ơn.");

        let bad = OpinionFields {
            source: "mail",
            organisation: "",
            document_date: "hôm qua",
            received_on: "2026-12-09",
            body: " ",
            ..ok
        };
        let problems = OpinionEntry::parse(&bad, today).unwrap_err();
        for p in [
            Problem::SourceUnknown,
            Problem::OrganisationMissing,
            Problem::DocumentDateInvalid,
            Problem::ReceivedOnImpossible,
            Problem::BodyMissing,
        ] {
            assert!(problems.contains(&p), "{p:?} in {problems:?}");
        }
        let before_its_letter = OpinionFields {
            received_on: "2026-11-30",
            ..ok
        };
        assert_eq!(
            OpinionEntry::parse(&before_its_letter, today).unwrap_err(),
            vec![Problem::ReceivedOnImpossible]
        );
    }

    #[test]
    fn a_letter_lists_its_bodies_once_and_its_reply_is_due_after_the_period() {
        let today = day(2026, 12, 7);
        let l = LetterEntry::parse(
            "45/SXD-PC",
            "2026-12-01",
            "Sở Tư pháp\n\n Sở Tài chính \nSở Tư pháp\n",
            today,
        )
        .unwrap();
        assert_eq!(l.recipients, vec!["Sở Tư pháp", "Sở Tài chính"]);
        // Sent on 1 December: the 15 days run from the 2nd and end with the 16th.
        assert_eq!(reply_due(l.sent_on, 15), day(2026, 12, 16));
        assert_eq!(
            ReplyState::of(false, day(2026, 12, 16), day(2026, 12, 16)),
            ReplyState::Awaited
        );
        assert_eq!(
            ReplyState::of(false, day(2026, 12, 16), day(2026, 12, 17)),
            ReplyState::Overdue
        );
        assert_eq!(
            ReplyState::of(true, day(2026, 12, 16), day(2026, 12, 30)),
            ReplyState::Replied
        );
        let problems = LetterEntry::parse("", "2026-12-08", "", today).unwrap_err();
        assert_eq!(
            problems,
            vec![
                Problem::LetterNumberMissing,
                Problem::SentOnInvalid,
                Problem::RecipientsMissing
            ]
        );
    }
}
