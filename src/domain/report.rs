//! The synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến) as a document: one
//! row per answer (a comment or a group of like comments), in document order, with the
//! totals per disposition. `services::report` builds it from the answers as they stand;
//! the page, the CSV and the .docx show it.

use serde::{Deserialize, Serialize};

use super::comment::Disposition;

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub rows: Vec<ReportRow>,
    /// Comments per disposition, in the order of `Disposition::ALL`.
    pub totals: Vec<(Disposition, i64)>,
    /// Published comments without an answer yet (a report is published only at 0).
    pub unanswered: i64,
}

impl Report {
    pub fn answered(&self) -> i64 {
        self.totals.iter().map(|(_, n)| n).sum()
    }
}
