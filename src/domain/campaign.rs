//! A mobilisation campaign (issue 16, point 2): a Front organisation asks people to
//! comment on an open draft, through a short link and a printed QR code, meetings in
//! the communes, residential groups and social pages.
//!
//! Its dates lie inside the draft's comment period (a campaign cannot ask for comments
//! the draft no longer takes); its life is draft → active → ended, or cancelled from
//! draft or active. Its short link's code is random, short enough to type from paper,
//! and made of letters and digits that cannot be misread (no 0/o, 1/l/i).

use chrono::NaiveDate;

use super::text_enum;
use crate::text::{check, nfc};

text_enum! {
    pub enum CampaignState {
        /// Being prepared: its link does not lead anywhere yet.
        Draft = "draft",
        Active = "active",
        Ended = "ended",
        Cancelled = "cancelled",
    }
}

/// What an organiser asks of a campaign's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignStep {
    Start,
    End,
    Cancel,
}

impl CampaignState {
    /// The state after `step`, if the step is allowed from this one.
    pub fn after(self, step: CampaignStep) -> Option<CampaignState> {
        use CampaignState::*;
        match (self, step) {
            (Draft, CampaignStep::Start) => Some(Active),
            (Active, CampaignStep::End) => Some(Ended),
            (Draft | Active, CampaignStep::Cancel) => Some(Cancelled),
            _ => None,
        }
    }

    /// Whether it is running: started and not ended or cancelled (its dates aside).
    pub fn is_live(self) -> bool {
        self == CampaignState::Active
    }
}

/// Whether a comment sent on `today` counts for a campaign in `state` that runs from
/// `starts_on` to `ends_on`: active, and within its days.
pub fn counts_on(
    state: CampaignState,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    today: NaiveDate,
) -> bool {
    state.is_live() && (starts_on..=ends_on).contains(&today)
}

/// The smallest count shown to an organiser: below it, "fewer than" this. Exact small
/// counts, watched over time, could tell an organiser whether the one person they gave
/// a link to has commented, and match it to a newly published comment.
pub const MIN_SHOWN_COUNT: i64 = 5;

/// The alphabet of short-link codes: no 0, o, 1, l or i.
const CODE_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
pub const CODE_LEN: usize = 7;

/// A new random code (31^7, about 27 billion: guessing one is as hard as it needs to be
/// for a link printed on posters, which is public by design).
pub fn new_code() -> String {
    let mut bytes = [0u8; CODE_LEN];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// Whether a path segment could be a code: refused before any query.
pub fn looks_like_code(s: &str) -> bool {
    (6..=12).contains(&s.len()) && s.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// The most communes and clauses one campaign names.
pub const MAX_COMMUNES: usize = 200;
pub const MAX_SECTIONS: usize = 50;

/// What an organiser typed, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignInput {
    pub title: String,
    pub goal: String,
    pub target_count: Option<i32>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub via_link: bool,
    pub via_meetings: bool,
    pub via_groups: bool,
    pub via_social: bool,
    /// Commune codes.
    pub communes: Vec<String>,
    /// Clause anchors.
    pub sections: Vec<String>,
}

/// The form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct CampaignFields<'a> {
    pub title: &'a str,
    pub goal: &'a str,
    pub target_count: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub via_link: bool,
    pub via_meetings: bool,
    pub via_groups: bool,
    pub via_social: bool,
    pub communes: Vec<&'a str>,
    pub sections: Vec<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignProblem {
    Title,
    Goal,
    Characters(&'static str),
    Target,
    Dates,
    /// Outside the draft's comment period, which runs from the first to the last day.
    OutsidePeriod {
        first: NaiveDate,
        last: NaiveDate,
    },
    /// The draft is not open for comments.
    DraftNotOpen,
    Channels,
    Communes,
    Sections,
}

impl CampaignProblem {
    pub fn field(self) -> &'static str {
        match self {
            CampaignProblem::Title => "tieu_de",
            CampaignProblem::Goal => "muc_tieu",
            CampaignProblem::Characters(f) => f,
            CampaignProblem::Target => "chi_tieu",
            CampaignProblem::Dates
            | CampaignProblem::OutsidePeriod { .. }
            | CampaignProblem::DraftNotOpen => "tu_ngay",
            CampaignProblem::Channels => "kenh",
            CampaignProblem::Communes => "xa",
            CampaignProblem::Sections => "dieu_khoan",
        }
    }
}

impl CampaignInput {
    pub fn parse(f: &CampaignFields<'_>) -> Result<Self, Vec<CampaignProblem>> {
        let mut problems = Vec::new();
        let title = nfc(f.title.trim());
        if check(&title, false).is_err() {
            problems.push(CampaignProblem::Characters("tieu_de"));
        } else if !(5..=200).contains(&title.chars().count()) {
            problems.push(CampaignProblem::Title);
        }
        let goal = nfc(f.goal.trim()).replace("\r\n", "\n");
        if check(&goal, true).is_err() {
            problems.push(CampaignProblem::Characters("muc_tieu"));
        } else if goal.chars().count() > 2000 {
            problems.push(CampaignProblem::Goal);
        }
        let target_count = match f.target_count.trim() {
            "" => None,
            t => match t.replace('.', "").parse::<i32>() {
                Ok(n) if (1..=10_000_000).contains(&n) => Some(n),
                _ => {
                    problems.push(CampaignProblem::Target);
                    None
                }
            },
        };
        let dates = (
            crate::domain::time::parse_day(f.starts_on.trim()),
            crate::domain::time::parse_day(f.ends_on.trim()),
        );
        let (starts_on, ends_on) = match dates {
            (Some(s), Some(e)) if e >= s => (s, e),
            _ => {
                problems.push(CampaignProblem::Dates);
                (NaiveDate::MIN, NaiveDate::MIN)
            }
        };
        if !(f.via_link || f.via_meetings || f.via_groups || f.via_social) {
            problems.push(CampaignProblem::Channels);
        }
        let list = |items: &[&str], max: usize| -> Option<Vec<String>> {
            let mut out: Vec<String> = items
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            out.sort();
            out.dedup();
            (out.len() <= max
                && out
                    .iter()
                    .all(|s| s.len() <= 200 && crate::text::is_slug(s)))
            .then_some(out)
        };
        let communes = list(&f.communes, MAX_COMMUNES).unwrap_or_else(|| {
            problems.push(CampaignProblem::Communes);
            Vec::new()
        });
        let sections = list(&f.sections, MAX_SECTIONS).unwrap_or_else(|| {
            problems.push(CampaignProblem::Sections);
            Vec::new()
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CampaignInput {
            title,
            goal,
            target_count,
            starts_on,
            ends_on,
            via_link: f.via_link,
            via_meetings: f.via_meetings,
            via_groups: f.via_groups,
            via_social: f.via_social,
            communes,
            sections,
        })
    }

    /// Its dates lie within the draft's period, from `first` to `last` (Vietnamese
    /// days).
    pub fn check_period(&self, first: NaiveDate, last: NaiveDate) -> Result<(), CampaignProblem> {
        if self.starts_on < first || self.ends_on > last {
            return Err(CampaignProblem::OutsidePeriod { first, last });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> CampaignFields<'static> {
        CampaignFields {
            title: " Góp ý quy định phân loại rác tại nguồn ",
            goal: "Mỗi tổ dân phố gửi ít nhất một ý kiến.",
            target_count: "1.000",
            starts_on: "2026-12-08",
            ends_on: "2026-12-20",
            via_link: true,
            via_meetings: true,
            communes: vec!["phuong-sai-gon", "phuong-sai-gon", "xa-can-gio"],
            sections: vec!["dieu-5"],
            ..CampaignFields::default()
        }
    }

    #[test]
    fn a_campaign_is_checked_and_lies_inside_the_drafts_period() {
        let c = CampaignInput::parse(&fields()).unwrap();
        assert_eq!(c.title, "Góp ý quy định phân loại rác tại nguồn");
        assert_eq!(c.target_count, Some(1000));
        assert_eq!(
            c.communes,
            vec!["phuong-sai-gon", "xa-can-gio"],
            "once each"
        );
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(c.check_period(day(1), day(31)), Ok(()));
        assert_eq!(
            c.check_period(day(10), day(31)),
            Err(CampaignProblem::OutsidePeriod {
                first: day(10),
                last: day(31)
            })
        );
        let bad = CampaignFields {
            title: "ngắn",
            target_count: "0",
            ends_on: "2026-12-01",
            via_link: false,
            via_meetings: false,
            communes: vec!["<script>"],
            ..fields()
        };
        assert_eq!(
            CampaignInput::parse(&bad).unwrap_err(),
            vec![
                CampaignProblem::Title,
                CampaignProblem::Target,
                CampaignProblem::Dates,
                CampaignProblem::Channels,
                CampaignProblem::Communes,
            ]
        );
    }

    #[test]
    fn a_campaign_goes_from_draft_to_active_to_ended_or_is_cancelled() {
        use CampaignState::*;
        use CampaignStep::*;
        assert_eq!(Draft.after(Start), Some(Active));
        assert_eq!(Active.after(End), Some(Ended));
        assert_eq!(Draft.after(Cancel), Some(Cancelled));
        assert_eq!(Active.after(Cancel), Some(Cancelled));
        assert_eq!(Draft.after(End), None);
        assert_eq!(Ended.after(Start), None);
        assert_eq!(Cancelled.after(Start), None);
        assert!(Active.is_live() && !Draft.is_live() && !Ended.is_live());
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(counts_on(Active, day(8), day(20), day(8)));
        assert!(counts_on(Active, day(8), day(20), day(20)));
        assert!(
            !counts_on(Active, day(8), day(20), day(7)),
            "before it starts"
        );
        assert!(
            !counts_on(Active, day(8), day(20), day(21)),
            "after its last day"
        );
        assert!(!counts_on(Ended, day(8), day(20), day(10)));
    }

    #[test]
    fn codes_are_short_unambiguous_and_checked_before_any_query() {
        let a = new_code();
        assert_eq!(a.len(), CODE_LEN);
        assert!(looks_like_code(&a));
        assert_ne!(a, new_code());
        for bad in ["abc", "abcdefg0", "ABCDEFG", "abc/../x", "abcdefghjkmnpq"] {
            assert!(!looks_like_code(bad), "{bad}");
        }
    }
}
