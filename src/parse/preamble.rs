//! A draft's preamble as its parts, so that a page can lay it out as the document is
//! laid out (Decree 30/2020, form of administrative documents): the heading block in its
//! two columns (the issuing body and the number on the left, the national motto and the
//! place and date on the right), the name and title, the legal bases ("Căn cứ …",
//! "Xét …", "Theo đề nghị …") and the enacting words ("QUYẾT ĐỊNH:").
//!
//! Drafts arrive as plain text with the two columns read line by line, in whatever order
//! the author's word processor gave them; each line of the heading block is sorted into
//! its column by what it says. Nothing is dropped: a line that fits nowhere stays where
//! it was, in the order written.

use crate::text;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Preamble<'a> {
    /// Left column: the issuing body (and its parent body), as written.
    pub issuer: Vec<&'a str>,
    /// Left column, under the issuer: "Số: …/2026/QĐ-UBND".
    pub number: Option<&'a str>,
    /// Right column: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc".
    pub motto: Vec<&'a str>,
    /// Right column, under the motto: "Thành phố Hồ Chí Minh, ngày … tháng … năm 2026".
    pub place_date: Option<&'a str>,
    /// "DỰ THẢO" and the like.
    pub marks: Vec<&'a str>,
    /// Between the heading block and the bases: the kind and title of the document, the
    /// enacting body.
    pub intro: Vec<&'a str>,
    pub bases: Vec<&'a str>,
    /// After the bases: "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:".
    pub enacting: Vec<&'a str>,
}

impl Preamble<'_> {
    /// Whether a heading block was found (the motto is its mark).
    pub fn has_heading_block(&self) -> bool {
        !self.motto.is_empty()
    }
}

fn is_motto(folded: &str) -> bool {
    folded.starts_with("cong hoa xa hoi chu nghia viet nam")
        || (folded.starts_with("doc lap") && folded.contains("hanh phuc"))
}

fn is_number(folded: &str) -> bool {
    folded.starts_with("so:") || (folded.starts_with("so ") && folded.contains('/'))
}

fn is_place_date(folded: &str) -> bool {
    folded.contains("ngay") && folded.contains("thang") && folded.contains("nam")
}

fn is_mark(folded: &str) -> bool {
    folded.starts_with("du thao") && folded.chars().count() <= 24
}

fn is_basis(folded: &str) -> bool {
    ["can cu", "xet ", "theo de nghi", "thuc hien "]
        .iter()
        .any(|p| folded.starts_with(p))
}

pub fn preamble(text: &str) -> Preamble<'_> {
    let mut out = Preamble::default();
    let mut paragraphs = text.split("\n\n").peekable();
    // The heading block is the first paragraph, if it holds the motto.
    if let Some(first) = paragraphs.peek()
        && first.lines().any(|l| is_motto(&text::fold(l.trim())))
    {
        for line in first.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let f = text::fold(line);
            if is_motto(&f) {
                out.motto.push(line);
            } else if out.number.is_none() && is_number(&f) {
                out.number = Some(line);
            } else if out.place_date.is_none() && is_place_date(&f) {
                out.place_date = Some(line);
            } else if is_mark(&f) {
                out.marks.push(line);
            } else {
                out.issuer.push(line);
            }
        }
        paragraphs.next();
    }
    let rest: Vec<&str> = paragraphs
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first_basis = rest.iter().position(|l| is_basis(&text::fold(l)));
    let last_basis = rest.iter().rposition(|l| is_basis(&text::fold(l)));
    match (first_basis, last_basis) {
        (Some(a), Some(b)) => {
            out.intro = rest[..a].to_vec();
            out.bases = rest[a..=b].to_vec();
            out.enacting = rest[b + 1..].to_vec();
        }
        _ => out.intro = rest,
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố:      /2026/QĐ-UBND\nThành phố Hồ Chí Minh, ngày    tháng    năm 2026\nDỰ THẢO\n\nQUYẾT ĐỊNH\nQuy định mức thu học phí\n\nỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\n\nCăn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\nCăn cứ Luật Giáo dục số 43/2019/QH14;\nTheo đề nghị của Giám đốc Sở Giáo dục và Đào tạo.\n\nQUYẾT ĐỊNH:";

    #[test]
    fn the_heading_block_is_sorted_into_its_two_columns() {
        let p = preamble(TEXT);
        assert_eq!(p.issuer, ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]);
        assert_eq!(p.number, Some("Số:      /2026/QĐ-UBND"));
        assert_eq!(p.motto.len(), 2);
        assert_eq!(
            p.place_date,
            Some("Thành phố Hồ Chí Minh, ngày    tháng    năm 2026")
        );
        assert_eq!(p.marks, ["DỰ THẢO"]);
        assert_eq!(
            p.intro,
            [
                "QUYẾT ĐỊNH",
                "Quy định mức thu học phí",
                "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"
            ]
        );
        assert_eq!(p.bases.len(), 3);
        assert_eq!(p.enacting, ["QUYẾT ĐỊNH:"]);
    }

    #[test]
    fn nothing_is_lost_without_a_heading_block() {
        let p = preamble("Lời nói đầu\nCăn cứ Hiến pháp;\nQUYẾT ĐỊNH:");
        assert!(!p.has_heading_block());
        assert_eq!(p.intro, ["Lời nói đầu"]);
        assert_eq!(p.bases, ["Căn cứ Hiến pháp;"]);
        assert_eq!(p.enacting, ["QUYẾT ĐỊNH:"]);
        let p = preamble("Chỉ một dòng");
        assert_eq!(p.intro, ["Chỉ một dòng"]);
    }
}
