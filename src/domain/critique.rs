//! The Fatherland Front's formal social critique (phản biện xã hội) of a draft (issue
//! 16, points 7 and 8; Law 75/2015/QH13 on the Vietnam Fatherland Front, Arts. 32-35,
//! as amended by Law 97/2025/QH15).
//!
//! The drafting agency asks a Front committee (or the member organisation in the
//! field) for its critique and sends the dossier; the Front records that it received
//! it, then its critique: the form (a conference, a written critique, a dialogue), the
//! date, the document and its points, each on a clause or on the whole draft with a
//! recommendation. The agency answers each point as it answers comments, with a
//! disposition and a reason, records its written answer, and publishes the critique and
//! the answer side by side. A request may be withdrawn until it is answered.
//!
//! The draft must reach the Front some days before it is submitted to the approving
//! body (the legal rule `critique-lead`, 15 days); fewer are recorded only under the
//! shortened procedure, with a reason the public sees.

use chrono::NaiveDate;

use super::text_enum;
use super::time;
use crate::text::{check, nfc};

text_enum! {
    /// Where a critique stands, in the order it goes.
    pub enum CritiqueState {
        /// The agency has asked and sent the dossier.
        Requested = "requested",
        /// The Front has received the dossier.
        Received = "received",
        /// The Front has given its critique.
        Submitted = "submitted",
        /// The agency has answered every point in writing.
        Answered = "answered",
        /// The critique and its answer are public.
        Published = "published",
        /// The agency withdrew its request.
        Withdrawn = "withdrawn",
    }
}

text_enum! {
    /// How the Front gave its critique (Law 75/2015, Art. 33 as amended).
    pub enum CritiqueForm {
        Conference = "conference",
        Written = "written",
        Dialogue = "dialogue",
    }
}

/// What someone asks of a critique's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CritiqueStep {
    /// The Front records that the dossier reached it.
    Receive,
    /// The Front gives its critique.
    Submit,
    /// The agency sends its written answer (every point answered).
    Answer,
    /// The agency publishes the critique and its answer.
    Publish,
    /// The agency withdraws its request.
    Withdraw,
}

impl CritiqueState {
    /// The state after `step`, if the step is allowed from this one.
    pub fn after(self, step: CritiqueStep) -> Option<CritiqueState> {
        use CritiqueState::*;
        match (self, step) {
            (Requested, CritiqueStep::Receive) => Some(Received),
            // A critique may come without the receipt recorded first.
            (Requested | Received, CritiqueStep::Submit) => Some(Submitted),
            (Submitted, CritiqueStep::Answer) => Some(Answered),
            (Answered, CritiqueStep::Publish) => Some(Published),
            (Requested | Received | Submitted, CritiqueStep::Withdraw) => Some(Withdrawn),
            _ => None,
        }
    }

    /// Whether the agency may still answer its points (until it sends its answer; an
    /// answer sent may be corrected until it is published).
    pub fn points_answerable(self) -> bool {
        matches!(self, CritiqueState::Submitted | CritiqueState::Answered)
    }
}

pub const MAX_NUMBER: usize = 100;
pub const MAX_REASON: usize = 2_000;
pub const MAX_POINT: usize = 20_000;
/// Points one critique may hold (the form has a row each).
pub const MAX_POINTS: usize = 30;
/// Reminders go this many days before a deadline, and again the day before.
pub const REMINDER_DAYS: [i64; 2] = [5, 1];

/// The agency's request as typed.
#[derive(Debug, Clone, Default)]
pub struct RequestFields<'a> {
    pub organisation: &'a str,
    pub number: &'a str,
    pub request_date: &'a str,
    pub dossier_sent_on: &'a str,
    pub planned_submission: &'a str,
    pub shortened_reason: &'a str,
}

/// A request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestEntry {
    pub organisation: i64,
    pub number: String,
    pub request_date: NaiveDate,
    pub dossier_sent_on: NaiveDate,
    pub planned_submission: NaiveDate,
    /// Why the Front has fewer days than the rule gives; empty when it has them.
    pub shortened_reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CritiqueProblem {
    OrganisationMissing,
    NumberMissing,
    NumberTooLong,
    RequestDateInvalid,
    DossierDateInvalid,
    /// Sent before the request was dated, or after today.
    DossierDateImpossible,
    PlannedInvalid,
    /// The planned submission leaves the Front fewer days than the rule, and the draft
    /// is not under the shortened procedure: the earliest day allowed.
    LeadTooShort {
        earliest: NaiveDate,
        days: i64,
    },
    /// Under the shortened procedure fewer days need a reason.
    ShortenedReasonMissing {
        earliest: NaiveDate,
        days: i64,
    },
    ReasonTooLong,
    FormMissing,
    CritiquedOnInvalid,
    /// Before the dossier was sent, or after today.
    CritiquedOnOutside {
        from: NaiveDate,
        to: NaiveDate,
    },
    DocumentMissing,
    PointsMissing,
    PointsTooMany,
    /// The n-th point (from 1) is too long.
    PointTooLong(usize),
    AnswerNumberMissing,
    AnsweredOnInvalid,
    /// Before the critique was given, or after today.
    AnsweredOnOutside {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A character no text may hold, in the field named.
    Characters(&'static str),
}

impl CritiqueProblem {
    /// The form field the problem is about.
    pub fn field(self) -> &'static str {
        use CritiqueProblem::*;
        match self {
            OrganisationMissing => "to_chuc",
            NumberMissing | NumberTooLong => "so",
            RequestDateInvalid => "ngay",
            DossierDateInvalid | DossierDateImpossible => "ngay_gui",
            PlannedInvalid | LeadTooShort { .. } => "ngay_trinh",
            ShortenedReasonMissing { .. } | ReasonTooLong => "ly_do_rut_gon",
            FormMissing => "hinh_thuc",
            CritiquedOnInvalid | CritiquedOnOutside { .. } => "ngay_phan_bien",
            DocumentMissing => "van_ban",
            PointsMissing | PointsTooMany | PointTooLong(_) => "noi_dung_1",
            AnswerNumberMissing => "so_tra_loi",
            AnsweredOnInvalid | AnsweredOnOutside { .. } => "ngay_tra_loi",
            Characters(f) => f,
        }
    }
}

/// Why a step was refused although its form was right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CritiqueRefusal {
    /// The critique is not in a state that allows the step.
    WrongState,
    /// Not an organisation of the Front, or not one the person may act for.
    UnknownOrganisation,
    /// A point names a clause the draft does not have.
    UnknownSection,
    /// A file named is not one of the draft's.
    UnknownFile,
    /// The answer is sent before every point is answered.
    PointsUnanswered,
    /// The draft has no such critique, or no such point.
    NotFound,
}

fn day(raw: &str) -> Option<NaiveDate> {
    time::parse_day(raw.trim())
}

/// A short text typed in a form: NFC, trimmed, checked.
fn line(raw: &str) -> Result<String, ()> {
    let t = nfc(raw.trim());
    check(&t, false).map(|_| t).map_err(|_| ())
}

fn paragraph(raw: &str) -> Result<String, ()> {
    let t = nfc(raw.trim()).replace("\r\n", "\n");
    check(&t, true).map(|_| t).map_err(|_| ())
}

impl RequestEntry {
    /// Checks the request. `lead_days` is the rule's days; `shortened` whether the
    /// draft is under the shortened procedure; `today` in Viet Nam.
    pub fn parse(
        f: &RequestFields<'_>,
        lead_days: i64,
        shortened: bool,
        today: NaiveDate,
    ) -> Result<RequestEntry, Vec<CritiqueProblem>> {
        use CritiqueProblem::*;
        let mut problems = Vec::new();
        let organisation = f.organisation.trim().parse::<i64>().ok();
        if organisation.is_none() {
            problems.push(OrganisationMissing);
        }
        let number = match line(f.number) {
            Err(()) => {
                problems.push(Characters("so"));
                String::new()
            }
            Ok(n) if n.is_empty() => {
                problems.push(NumberMissing);
                n
            }
            Ok(n) if n.chars().count() > MAX_NUMBER => {
                problems.push(NumberTooLong);
                n
            }
            Ok(n) => n,
        };
        let request_date = day(f.request_date).filter(|d| *d <= today);
        if request_date.is_none() {
            problems.push(RequestDateInvalid);
        }
        let sent = day(f.dossier_sent_on);
        match (sent, request_date) {
            (None, _) => problems.push(DossierDateInvalid),
            (Some(s), Some(r)) if s < r || s > today => problems.push(DossierDateImpossible),
            (Some(s), None) if s > today => problems.push(DossierDateImpossible),
            _ => {}
        }
        let planned = day(f.planned_submission);
        let reason = match paragraph(f.shortened_reason) {
            Ok(r) => r,
            Err(()) => {
                problems.push(Characters("ly_do_rut_gon"));
                String::new()
            }
        };
        let mut kept_reason = String::new();
        match (planned, sent) {
            (None, _) => problems.push(PlannedInvalid),
            (Some(p), Some(s)) if p <= s => problems.push(PlannedInvalid),
            (Some(p), Some(s)) => {
                let earliest = s + chrono::Duration::days(lead_days);
                if p < earliest {
                    if !shortened {
                        problems.push(LeadTooShort {
                            earliest,
                            days: lead_days,
                        });
                    } else if reason.chars().count() < 3 {
                        problems.push(ShortenedReasonMissing {
                            earliest,
                            days: lead_days,
                        });
                    } else if reason.chars().count() > MAX_REASON {
                        problems.push(ReasonTooLong);
                    } else {
                        kept_reason = reason;
                    }
                }
            }
            _ => {}
        }
        match (organisation, request_date, sent, planned) {
            (Some(organisation), Some(request_date), Some(dossier_sent_on), Some(p))
                if problems.is_empty() =>
            {
                Ok(RequestEntry {
                    organisation,
                    number,
                    request_date,
                    dossier_sent_on,
                    planned_submission: p,
                    shortened_reason: kept_reason,
                })
            }
            _ => Err(problems),
        }
    }
}

/// The Front's critique as typed: points are (anchor, text, recommendation) rows; a
/// row with no text is no point.
#[derive(Debug, Clone, Default)]
pub struct SubmissionFields<'a> {
    pub form: &'a str,
    pub critiqued_on: &'a str,
    pub document_number: &'a str,
    pub points: Vec<(&'a str, &'a str, &'a str)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionEntry {
    pub form: CritiqueForm,
    pub critiqued_on: NaiveDate,
    pub document_number: String,
    /// (the clause's anchor, or None for the whole draft; the point; the
    /// recommendation).
    pub points: Vec<(Option<String>, String, String)>,
}

impl SubmissionEntry {
    /// Checks the critique, given between `from` (the day the dossier was sent) and
    /// `to` (today).
    pub fn parse(
        f: &SubmissionFields<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<SubmissionEntry, Vec<CritiqueProblem>> {
        use CritiqueProblem::*;
        let mut problems = Vec::new();
        let form = CritiqueForm::parse(f.form.trim());
        if form.is_none() {
            problems.push(FormMissing);
        }
        let on = day(f.critiqued_on);
        match on {
            None => problems.push(CritiquedOnInvalid),
            Some(d) if d < from || d > to => problems.push(CritiquedOnOutside { from, to }),
            _ => {}
        }
        let document_number = match line(f.document_number) {
            Ok(n) if n.chars().count() <= MAX_NUMBER => n,
            Ok(_) => {
                problems.push(NumberTooLong);
                String::new()
            }
            Err(()) => {
                problems.push(Characters("so_van_ban"));
                String::new()
            }
        };
        let mut points = Vec::new();
        for (i, (anchor, body, recommendation)) in f.points.iter().enumerate() {
            let (Ok(body), Ok(recommendation)) = (paragraph(body), paragraph(recommendation))
            else {
                problems.push(Characters("noi_dung_1"));
                continue;
            };
            if body.is_empty() {
                continue;
            }
            if body.chars().count() > MAX_POINT || recommendation.chars().count() > MAX_POINT {
                problems.push(PointTooLong(i + 1));
            }
            let anchor = anchor.trim();
            points.push((
                (!anchor.is_empty()).then(|| anchor.to_string()),
                body,
                recommendation,
            ));
        }
        if points.is_empty() {
            problems.push(PointsMissing);
        } else if points.len() > MAX_POINTS {
            problems.push(PointsTooMany);
        }
        match (form, on) {
            (Some(form), Some(critiqued_on)) if problems.is_empty() => Ok(SubmissionEntry {
                form,
                critiqued_on,
                document_number,
                points,
            }),
            _ => Err(problems),
        }
    }
}

/// The agency's written answer: its number and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenAnswer {
    pub number: String,
    pub answered_on: NaiveDate,
}

impl WrittenAnswer {
    /// Checks the answer, dated between `from` (the critique's date) and `to` (today).
    pub fn parse(
        number: &str,
        answered_on: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<WrittenAnswer, Vec<CritiqueProblem>> {
        use CritiqueProblem::*;
        let mut problems = Vec::new();
        let number = match line(number) {
            Ok(n) if n.is_empty() => {
                problems.push(AnswerNumberMissing);
                n
            }
            Ok(n) if n.chars().count() > MAX_NUMBER => {
                problems.push(NumberTooLong);
                n
            }
            Ok(n) => n,
            Err(()) => {
                problems.push(Characters("so_tra_loi"));
                String::new()
            }
        };
        let on = day(answered_on);
        match on {
            None => problems.push(AnsweredOnInvalid),
            Some(d) if d < from || d > to => problems.push(AnsweredOnOutside { from, to }),
            _ => {}
        }
        match on {
            Some(answered_on) if problems.is_empty() => Ok(WrittenAnswer {
                number,
                answered_on,
            }),
            _ => Err(problems),
        }
    }
}

/// The two clocks of a critique, in days, as the operator set them: the law read so
/// far fixes neither, so there is no default, and with none set there is no deadline
/// and no reminder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clocks {
    /// Days the Front has to give its critique, from the day it received the dossier
    /// (or, until that is recorded, the day the dossier was sent).
    pub front_reply_days: Option<u32>,
    /// Days the agency has to answer in writing, from the day the critique was given.
    pub agency_answer_days: Option<u32>,
}

/// Which deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deadline {
    FrontReply,
    AgencyAnswer,
}

impl Deadline {
    pub fn as_str(self) -> &'static str {
        match self {
            Deadline::FrontReply => "front_reply",
            Deadline::AgencyAnswer => "agency_answer",
        }
    }
}

/// What a critique's clocks run from.
#[derive(Debug, Clone, Copy)]
pub struct Dates {
    pub state: CritiqueState,
    pub dossier_sent_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub critiqued_on: Option<NaiveDate>,
}

impl Clocks {
    /// The deadline now running on a critique and the day it falls, if a clock is set
    /// and one runs: the Front's until it gives its critique, the agency's until it
    /// answers. A period in days runs from the day after its event (Civil Code 2015,
    /// Art. 147), so its last day is the event's day plus the days.
    pub fn running(&self, d: &Dates) -> Option<(Deadline, NaiveDate)> {
        let add = |from: NaiveDate, days: u32| from + chrono::Duration::days(i64::from(days));
        match d.state {
            CritiqueState::Requested | CritiqueState::Received => {
                let days = self.front_reply_days?;
                Some((
                    Deadline::FrontReply,
                    add(d.received_on.unwrap_or(d.dossier_sent_on), days),
                ))
            }
            CritiqueState::Submitted => {
                let days = self.agency_answer_days?;
                Some((Deadline::AgencyAnswer, add(d.critiqued_on?, days)))
            }
            _ => None,
        }
    }
}

/// The reminder due on `today` for a deadline on `due`, as days before it: 5 from five
/// days before, 1 from the day before, none once it has passed. A job that missed a
/// day sends the one due then; one that missed the first sends only the second.
pub fn reminder_due(due: NaiveDate, today: NaiveDate) -> Option<i64> {
    let left = (due - today).num_days();
    if left < 0 {
        return None;
    }
    REMINDER_DAYS.iter().rev().copied().find(|d| left <= *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn request(planned: &'static str, reason: &'static str) -> RequestFields<'static> {
        RequestFields {
            organisation: "3",
            number: " 123/CV-SXD ",
            request_date: "01/12/2026",
            dossier_sent_on: "02/12/2026",
            planned_submission: planned,
            shortened_reason: reason,
        }
    }

    #[test]
    fn the_front_gets_its_fifteen_days_or_a_public_reason() {
        let today = d(12, 8);
        let ok = RequestEntry::parse(&request("17/12/2026", "x"), 15, false, today).unwrap();
        assert_eq!(ok.number, "123/CV-SXD");
        assert_eq!(ok.shortened_reason, "", "a reason is kept only when needed");
        assert_eq!(
            RequestEntry::parse(&request("16/12/2026", ""), 15, false, today),
            Err(vec![CritiqueProblem::LeadTooShort {
                earliest: d(12, 17),
                days: 15
            }])
        );
        assert_eq!(
            RequestEntry::parse(&request("16/12/2026", ""), 15, true, today),
            Err(vec![CritiqueProblem::ShortenedReasonMissing {
                earliest: d(12, 17),
                days: 15
            }])
        );
        let short = RequestEntry::parse(&request("10/12/2026", "Thủ tục rút gọn"), 15, true, today)
            .unwrap();
        assert_eq!(short.shortened_reason, "Thủ tục rút gọn");
    }

    #[test]
    fn impossible_dates_are_named() {
        let mut f = request("17/12/2026", "");
        f.dossier_sent_on = "30/11/2026";
        f.organisation = "";
        let e = RequestEntry::parse(&f, 15, false, d(12, 8)).unwrap_err();
        assert!(e.contains(&CritiqueProblem::DossierDateImpossible));
        assert!(e.contains(&CritiqueProblem::OrganisationMissing));
        assert!(
            e.iter()
                .all(|p| p.field() == "ngay_gui" || p.field() == "to_chuc")
        );
    }

    #[test]
    fn states_go_in_order_and_withdrawal_stops_before_the_answer() {
        use CritiqueState::*;
        use CritiqueStep::*;
        assert_eq!(Requested.after(Receive), Some(Received));
        assert_eq!(Requested.after(Submit), Some(Submitted));
        assert_eq!(Received.after(Submit), Some(Submitted));
        assert_eq!(Submitted.after(Answer), Some(Answered));
        assert_eq!(Answered.after(Publish), Some(Published));
        assert_eq!(Requested.after(Publish), None);
        assert_eq!(Submitted.after(Publish), None);
        assert_eq!(Answered.after(Withdraw), None);
        assert_eq!(Published.after(Withdraw), None);
        assert_eq!(Withdrawn.after(Receive), None);
    }

    #[test]
    fn a_critique_keeps_its_points_and_drops_blank_rows() {
        let f = SubmissionFields {
            form: "conference",
            critiqued_on: "05/12/2026",
            document_number: "12/BC-MTTQ",
            points: vec![
                ("dieu-7", "Mức phạt quá cao.", "Giảm một nửa."),
                ("", "", ""),
                ("", "Cần lộ trình.", ""),
            ],
        };
        let e = SubmissionEntry::parse(&f, d(12, 2), d(12, 8)).unwrap();
        assert_eq!(e.form, CritiqueForm::Conference);
        assert_eq!(e.points.len(), 2);
        assert_eq!(e.points[0].0.as_deref(), Some("dieu-7"));
        assert_eq!(e.points[1].0, None);
        let early = SubmissionEntry::parse(&f, d(12, 6), d(12, 8)).unwrap_err();
        assert_eq!(
            early,
            vec![CritiqueProblem::CritiquedOnOutside {
                from: d(12, 6),
                to: d(12, 8)
            }]
        );
    }

    #[test]
    fn a_clock_runs_only_when_set() {
        let dates = Dates {
            state: CritiqueState::Requested,
            dossier_sent_on: d(12, 2),
            received_on: Some(d(12, 3)),
            critiqued_on: None,
        };
        assert_eq!(Clocks::default().running(&dates), None);
        let clocks = Clocks {
            front_reply_days: Some(30),
            agency_answer_days: None,
        };
        assert_eq!(
            clocks.running(&dates),
            Some((Deadline::FrontReply, d(12, 3) + chrono::Duration::days(30)))
        );
        let submitted = Dates {
            state: CritiqueState::Submitted,
            critiqued_on: Some(d(12, 5)),
            ..dates
        };
        assert_eq!(clocks.running(&submitted), None);
    }

    #[test]
    fn reminders_go_five_days_and_one_day_before() {
        let due = d(12, 20);
        assert_eq!(reminder_due(due, d(12, 14)), None);
        assert_eq!(reminder_due(due, d(12, 15)), Some(5));
        assert_eq!(reminder_due(due, d(12, 18)), Some(5));
        assert_eq!(reminder_due(due, d(12, 19)), Some(1));
        assert_eq!(reminder_due(due, d(12, 20)), Some(1));
        assert_eq!(reminder_due(due, d(12, 21)), None);
    }
}
