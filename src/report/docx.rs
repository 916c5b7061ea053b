//! The synthesis report as a Word document: A4 landscape, Times New Roman, with the
//! Vietnamese heading block (agency on the left, national motto on the right), the title,
//! the table of answers and the totals.
//!
//! Written by hand: a .docx is a zip of a few XML parts, and the report needs only
//! paragraphs and tables, which a general-purpose crate would add much to.

use std::io::Write;

use crate::domain::report::Report;
use crate::i18n::Text;

pub struct Heading<'a> {
    /// The heading block and signature of Decree 30/2020.
    pub formal: &'a crate::domain::report::FormalHeading,
    pub draft_title: &'a str,
}

/// Text as XML character data. What XML 1.0 forbids (control characters but tab, line
/// feed and carriage return; U+FFFE and U+FFFF) is dropped: one such character, typed
/// or pasted, would make the whole document unreadable.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if xml_allows(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// XML 1.0's Char production.
fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A paragraph; `text` may hold line breaks.
fn para(text: &str, bold: bool, italic: bool, center: bool) -> String {
    let mut runs = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            runs.push_str("<w:r><w:br/></w:r>");
        }
        runs.push_str(&format!(
            "<w:r><w:rPr>{}{}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
            if bold { "<w:b/>" } else { "" },
            if italic { "<w:i/>" } else { "" },
            esc(line)
        ));
    }
    format!(
        "<w:p><w:pPr>{}<w:spacing w:after=\"60\"/></w:pPr>{runs}</w:p>",
        if center {
            "<w:jc w:val=\"center\"/>"
        } else {
            ""
        }
    )
}

fn cell(width: u32, content: &str) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
}

pub fn build(t: &Text, heading: &Heading<'_>, report: &Report) -> Vec<u8> {
    // A4 landscape: 16838 × 11906 twips; 2 cm margins leave 14570 twips of width.
    let widths = [700u32, 1900, 2300, 4470, 1700, 3500];
    let mut body = String::new();

    let f = heading.formal;
    let mut head_left = String::new();
    if !f.parent_body.is_empty() {
        head_left.push_str(&para(&f.parent_body, false, false, true));
    }
    head_left.push_str(&para(&f.agency, true, false, true));
    head_left.push_str(&para(&f.number_line, false, false, true));
    let head_right = format!(
        "{}{}{}",
        para(t.report_motto_1, true, false, true),
        para(t.report_motto_2, true, false, true),
        para(&f.place_date, false, true, true)
    );
    body.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"14570\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w=\"6000\"/><w:gridCol w:w=\"8570\"/></w:tblGrid><w:tr>{}{}</w:tr></w:tbl>",
        cell(6000, &head_left),
        cell(8570, &head_right)
    ));
    body.push_str(&para("", false, false, false));
    body.push_str(&para(t.report_heading, true, false, true));
    body.push_str(&para(
        &t.report_subheading(heading.draft_title),
        false,
        true,
        true,
    ));
    body.push_str(&para("", false, false, false));

    let mut table = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"14570\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr><w:tblGrid>",
    );
    for w in widths {
        table.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    table.push_str("</w:tblGrid>");
    let header = super::header(t);
    table.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (w, h) in widths.iter().zip(header) {
        table.push_str(&cell(*w, &para(h, true, false, true)));
    }
    table.push_str("</w:tr>");
    let groups = report.groups();
    for (i, r) in report.rows.iter().enumerate() {
        if let Some(heading) = super::group_heading(t, &groups, i) {
            let span: u32 = widths.iter().sum();
            table.push_str(&format!(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{span}\" w:type=\"dxa\"/><w:gridSpan w:val=\"{}\"/></w:tcPr>{}</w:tc></w:tr>",
                widths.len(),
                para(&heading, true, false, false)
            ));
        }
        let fields = super::fields(t, i + 1, r);
        table.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (j, (w, f)) in widths.iter().zip(fields.iter()).enumerate() {
            table.push_str(&cell(*w, &para(f, false, false, j == 0)));
        }
        table.push_str("</w:tr>");
    }
    table.push_str("</w:tbl>");
    body.push_str(&table);
    body.push_str(&para("", false, false, false));
    body.push_str(&para(
        &t.report_totals_line(&report.totals),
        true,
        false,
        false,
    ));
    if let Some(stats) = &report.stats {
        body.push_str(&para(&t.report_stats_line(stats), false, false, false));
    }
    if !f.signer_title.is_empty() {
        body.push_str(&para("", false, false, false));
        body.push_str(&para(&f.signer_title, true, false, true));
        body.push_str(&para(t.report_signature_note, false, true, true));
    }

    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}\
<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>\
<w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
</Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";
    let document_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles),
        ("word/document.xml", document.as_str()),
    ];
    for (name, content) in parts {
        // Writing into memory cannot fail.
        let _ = zip.start_file(name, opts);
        let _ = zip.write_all(content.as_bytes());
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::comment::Disposition;
    use crate::domain::report::ReportRow;

    #[test]
    fn the_document_reads_back_with_its_table_in_landscape() {
        let report = Report {
            rows: vec![ReportRow {
                sections: "Điều 2".into(),
                commenters: "Lê Thị Hồng".into(),
                content: "Đề nghị <bổ sung> & làm rõ.".into(),
                count: 1,
                disposition: Disposition::PartlyAccepted,
                reason: "Tiếp thu một phần.".into(),
                source: None,
                key: None,
                changed: false,
                critique: false,
            }],
            totals: vec![(Disposition::PartlyAccepted, 1)],
            unanswered: 0,
            stats: None,
        };
        let formal = crate::domain::report::FormalHeading::new(
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "Sở Xây dựng",
            "SXD",
            "Thành phố Hồ Chí Minh",
            chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            "Giám đốc",
        );
        let bytes = build(
            &crate::i18n::VI,
            &Heading {
                formal: &formal,
                draft_title: "Dự thảo thử",
            },
            &report,
        );
        let text = crate::upload::docx_text(&bytes).unwrap();
        assert!(text.contains("SỞ XÂY DỰNG"));
        assert!(text.contains("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"));
        assert!(text.contains("Số:      /BC-SXD"));
        assert!(text.contains("Thành phố Hồ Chí Minh, ngày 01 tháng 01 năm 2027"));
        assert!(text.contains("GIÁM ĐỐC"));
        assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(text.contains("Đề nghị <bổ sung> & làm rõ."));
        assert!(text.contains("Tiếp thu một phần"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut doc = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut doc)
            .unwrap();
        assert!(doc.contains("w:orient=\"landscape\""));
    }

    #[test]
    fn what_xml_forbids_never_reaches_the_document() {
        let hostile = "Số điện thoại\u{FFFF} ẩn\u{0}, \u{1b}[31m và \u{FFFE}.";
        let report = Report {
            rows: vec![ReportRow {
                sections: hostile.into(),
                commenters: hostile.into(),
                content: hostile.into(),
                count: 1,
                disposition: Disposition::Noted,
                reason: hostile.into(),
                source: None,
                key: None,
                changed: false,
                critique: false,
            }],
            totals: vec![(Disposition::Noted, 1)],
            unanswered: 0,
            stats: None,
        };
        let bytes = build(
            &crate::i18n::VI,
            &Heading {
                formal: &crate::domain::report::FormalHeading {
                    parent_body: hostile.into(),
                    agency: hostile.into(),
                    number_line: hostile.into(),
                    place_date: hostile.into(),
                    signer_title: hostile.into(),
                },
                draft_title: hostile,
            },
            &report,
        );
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            if !part.name().ends_with(".xml") && !part.name().ends_with(".rels") {
                continue;
            }
            let name = part.name().to_string();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
            // A strict XML 1.0 parser, as a word processor reads the part.
            let doc = roxmltree::Document::parse(&xml)
                .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
            if name == "word/document.xml" {
                let text: String = doc.descendants().filter_map(|n| n.text()).collect();
                assert!(text.contains("Số điện thoại ẩn, [31m và ."), "{text}");
            }
        }
    }
}
