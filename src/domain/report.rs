//! The synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến) as a document: one
//! row per answer (a comment or a group of like comments), in document order, with the
//! totals per disposition. `services::report` builds it from the answers as they stand;
//! the page, the CSV and the .docx show it.

use serde::{Deserialize, Serialize};

use super::comment::Disposition;
use super::received::OpinionSource;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// "Khoản 2 Điều 5", several joined by "; ", or the whole draft.
    pub sections: String,
    pub commenters: String,
    pub content: String,
    /// How many comments the row answers.
    pub count: i64,
    pub disposition: Disposition,
    pub reason: String,
    /// Where the opinions came from: None for comments sent through the portal, else
    /// the channel of an opinion received outside it. Rows are grouped by it, the
    /// portal's first.
    #[serde(default)]
    pub source: Option<OpinionSource>,
    /// The answer the row words, to match it with the answers a publication recorded.
    #[serde(skip)]
    pub key: Option<AnswerKey>,
    /// Its answer differs from the one the previous publication recorded.
    #[serde(default)]
    pub changed: bool,
    /// A point of the Front's social critique: its rows are a section of their own,
    /// after the opinions received outside the portal.
    #[serde(default)]
    pub critique: bool,
}

/// The section of the report a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowGroup {
    /// Comments through the portal (None) or opinions received outside it, by source.
    Opinions(Option<OpinionSource>),
    /// The Front's social critique.
    Critique,
}

impl ReportRow {
    pub fn group(&self) -> RowGroup {
        if self.critique {
            RowGroup::Critique
        } else {
            RowGroup::Opinions(self.source)
        }
    }
}

/// An answer as a publication records it: to a comment (or group of comments), or to an
/// opinion received outside the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerKey {
    Comments(super::ids::AnswerId),
    Opinion(super::ids::ReceivedOpinionId),
}

/// What the report counts besides its answers, as it stood when it was published
/// (counted once then, never per reading): the comments sent through the portal, those
/// their authors confirmed, those published, those not published by reason, and the
/// opinions received outside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStats {
    pub sent: i64,
    pub confirmed: i64,
    pub published: i64,
    pub rejected: Vec<(super::comment::RejectionReason, i64)>,
    pub withdrawn: i64,
    pub received_outside: i64,
}

/// One publication of a report: its number (1, 2 …) and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub version: i32,
    pub at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub rows: Vec<ReportRow>,
    /// Comments per disposition, in the order of `Disposition::ALL`.
    pub totals: Vec<(Disposition, i64)>,
    /// Published comments without an answer yet (a report is published only at 0).
    pub unanswered: i64,
    /// The counts of a published version (None for one not published yet).
    #[serde(default)]
    pub stats: Option<ReportStats>,
}

/// The heading block and signature of the report in the form of Decree 30/2020/NĐ-CP
/// (Appendix I): the parent body and the agency on the left with the number line, the
/// national motto and the place and date on the right; the signer's title at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormalHeading {
    /// "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", or empty.
    pub parent_body: String,
    /// "SỞ XÂY DỰNG THÀNH PHỐ HỒ CHÍ MINH"
    pub agency: String,
    /// "Số:      /BC-SXD" (the number is given when the report is registered).
    pub number_line: String,
    /// "Thành phố Hồ Chí Minh, ngày 01 tháng 12 năm 2026"
    pub place_date: String,
    /// "GIÁM ĐỐC", or empty.
    pub signer_title: String,
}

impl FormalHeading {
    pub fn new(
        parent_body: &str,
        agency: &str,
        abbreviation: &str,
        place: &str,
        day: chrono::NaiveDate,
        signer_title: &str,
    ) -> Self {
        let number_line = if abbreviation.trim().is_empty() {
            "Số:      /BC".to_string()
        } else {
            format!("Số:      /BC-{}", abbreviation.trim())
        };
        let date = date_line(day);
        let place_date = if place.trim().is_empty() {
            date
        } else {
            format!("{}, {date}", place.trim())
        };
        FormalHeading {
            parent_body: parent_body.trim().to_uppercase(),
            agency: agency.trim().to_uppercase(),
            number_line,
            place_date,
            signer_title: signer_title.trim().to_uppercase(),
        }
    }
}

/// "ngày 01 tháng 02 năm 2027": Decree 30/2020 writes a day below 10, and the months 1
/// and 2, with a leading zero.
pub fn date_line(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let month = if day.month() <= 2 {
        format!("{:02}", day.month())
    } else {
        day.month().to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", day.day(), day.year())
}

impl Report {
    pub fn answered(&self) -> i64 {
        self.totals.iter().map(|(_, n)| n).sum()
    }

    /// Where each group of rows begins, with its section and its number (1, 2 …): when
    /// the report has opinions from more than one source, where grouping says
    /// something, or the Front's critique, which is always a section of its own.
    pub fn groups(&self) -> Vec<(usize, usize, RowGroup)> {
        let mut starts: Vec<(usize, usize, RowGroup)> = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            let g = r.group();
            if starts.last().is_none_or(|(_, _, s)| *s != g) {
                starts.push((i, starts.len() + 1, g));
            }
        }
        // One group of opinions needs no heading; the Front's critique is always named
        // as such, being a procedure of its own.
        if starts.len() < 2 && !starts.iter().any(|(_, _, g)| *g == RowGroup::Critique) {
            starts.clear();
        }
        starts
    }
}

/// A group's number as the report writes it: I, II, III …
pub fn roman(n: usize) -> &'static str {
    const NUMERALS: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    NUMERALS.get(n.saturating_sub(1)).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_written_as_decree_30_asks() {
        assert_eq!(date_line(day(2027, 1, 1)), "ngày 01 tháng 01 năm 2027");
        assert_eq!(date_line(day(2027, 2, 28)), "ngày 28 tháng 02 năm 2027");
        assert_eq!(date_line(day(2026, 3, 5)), "ngày 05 tháng 3 năm 2026");
        assert_eq!(date_line(day(2026, 12, 15)), "ngày 15 tháng 12 năm 2026");
        let h = FormalHeading::new(
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "Sở Xây dựng Thành phố Hồ Chí Minh",
            "SXD",
            "Thành phố Hồ Chí Minh",
            day(2026, 12, 1),
            "Giám đốc",
        );
        assert_eq!(h.parent_body, "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH");
        assert_eq!(h.number_line, "Số:      /BC-SXD");
        assert_eq!(
            h.place_date,
            "Thành phố Hồ Chí Minh, ngày 01 tháng 12 năm 2026"
        );
        assert_eq!(h.signer_title, "GIÁM ĐỐC");
    }
}
