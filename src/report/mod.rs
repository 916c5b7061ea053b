//! The synthesis report as files: CSV (UTF-8 with a byte-order mark, so Excel opens it
//! right) and .docx (agencies work in Word), both from the published snapshot.

pub mod docx;

use crate::domain::report::{FormalHeading, Report, ReportRow};
use crate::i18n::Text;

/// One cell: quoted, with quotes doubled; a cell that would start a spreadsheet formula
/// is prefixed with an apostrophe so that it stays text.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The columns of the report in its legal form, the same in every file.
fn header(t: &Text) -> [&'static str; 6] {
    [
        t.report_col_number,
        t.report_col_section,
        t.report_col_commenter,
        t.report_col_content,
        t.report_col_disposition,
        t.report_col_reason,
    ]
}

/// Row `n` (from 1) of the report, column by column.
fn fields(t: &Text, n: usize, r: &ReportRow) -> [String; 6] {
    [
        n.to_string(),
        r.sections.clone(),
        r.commenters.clone(),
        r.content.clone(),
        t.disposition(r.disposition).to_string(),
        if r.changed {
            format!("{}\n{}", r.reason, t.report_answer_changed)
        } else {
            r.reason.clone()
        },
    ]
}

/// The heading of the group that begins at row `i` (from 0), if one does: "II. Ý kiến
/// bằng văn bản …". `groups` is [`Report::groups`].
pub fn group_heading(
    t: &Text,
    groups: &[(usize, usize, crate::domain::report::RowGroup)],
    i: usize,
) -> Option<String> {
    use crate::domain::report::RowGroup;
    groups
        .iter()
        .find(|(start, _, _)| *start == i)
        .map(|(_, n, group)| {
            format!(
                "{}. {}",
                crate::domain::report::roman(*n),
                match group {
                    RowGroup::Opinions(source) => t.received.report_group(*source),
                    RowGroup::Critique => t.critiques.report_title,
                }
            )
        })
}

/// The report as CSV: its Decree 30 heading in the first rows, one cell each, a blank
/// row, then the table.
pub fn csv(t: &Text, heading: &FormalHeading, draft_title: &str, report: &Report) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for line in [
        heading.parent_body.as_str(),
        heading.agency.as_str(),
        heading.number_line.as_str(),
        t.report_motto_1,
        t.report_motto_2,
        heading.place_date.as_str(),
        t.report_heading,
        &t.report_subheading(draft_title),
    ]
    .into_iter()
    .filter(|l| !l.is_empty())
    {
        out.push_str(&cell(line));
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let header = header(t);
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    let groups = report.groups();
    for (i, r) in report.rows.iter().enumerate() {
        if let Some(heading) = group_heading(t, &groups, i) {
            out.push_str(&cell(&heading));
            out.push_str("\r\n");
        }
        let fields = fields(t, i + 1, r);
        out.push_str(&fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A draft's participation as CSV: one row per dimension and group, with the draft's
/// title first; the dashboard's charts and tables show the same rows.
pub fn participation_csv(
    t: &Text,
    draft_title: &str,
    dimensions: &[(&str, Vec<(String, i64)>)],
) -> Vec<u8> {
    let shown: Vec<(&str, Vec<(String, String)>)> = dimensions
        .iter()
        .map(|(d, rows)| {
            (
                *d,
                rows.iter()
                    .map(|(l, n)| (l.clone(), n.to_string()))
                    .collect(),
            )
        })
        .collect();
    counts_csv(t, draft_title, &shown)
}

/// The same file with counts as they may be shown (an organiser's: "dưới 5" below 5).
pub fn counts_csv(
    t: &Text,
    draft_title: &str,
    dimensions: &[(&str, Vec<(String, String)>)],
) -> Vec<u8> {
    let p = t.participation;
    let mut out = String::from("\u{feff}");
    out.push_str(&cell(&format!("{}: {draft_title}", p.title)));
    out.push_str("\r\n\r\n");
    out.push_str(
        &[p.col_dimension, p.col_label, p.col_count]
            .map(cell)
            .join(","),
    );
    out.push_str("\r\n");
    for (dimension, rows) in dimensions {
        for (label, n) in rows {
            // A number stays a number for the spreadsheet; "dưới 5" is text.
            let n = if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                n.clone()
            } else {
                cell(n)
            };
            out.push_str(&format!("{},{},{n}\r\n", cell(dimension), cell(label)));
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::comment::Disposition;
    use crate::domain::report::ReportRow;

    #[test]
    fn csv_is_excel_friendly_and_formula_safe() {
        let report = Report {
            rows: vec![ReportRow {
                sections: "Khoản 1 Điều 2".into(),
                commenters: "Cá nhân, Phường Sài Gòn".into(),
                content: "=HYPERLINK(\"x\") \"trích\"".into(),
                count: 1,
                disposition: Disposition::Accepted,
                reason: "Đã sửa.".into(),
                source: None,
                key: None,
                changed: false,
                critique: false,
            }],
            totals: vec![],
            unanswered: 0,
            stats: None,
        };
        let heading = FormalHeading::new(
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "Sở Xây dựng Thành phố Hồ Chí Minh",
            "SXD",
            "Thành phố Hồ Chí Minh",
            chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
            "Giám đốc",
        );
        let bytes = csv(
            &crate::i18n::VI,
            &heading,
            "Quyết định về bãi đỗ xe",
            &report,
        );
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\") \"\"trích\"\"\""));
        assert!(text.contains("\"Tiếp thu\""));
        assert!(text.contains("\"Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2027\""));
        assert!(text.contains("\"Số:      /BC-SXD\""));
        assert!(text.contains("\"Cơ quan, tổ chức, cá nhân góp ý\""));
        assert!(text.contains("\r\n"));
    }
}
