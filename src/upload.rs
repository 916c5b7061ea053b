//! Files staff upload: the text of a draft (.txt, .md, .docx) and attached documents
//! (PDF, DOCX, ODT), each recognised by its content, not only by its name.

use std::io::Read;

use quick_xml::events::Event;

/// The plain text of a draft file, or why it cannot be read.
pub fn draft_text(file_name: &str, bytes: &[u8]) -> Result<String, &'static str> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".docx") {
        docx_text(bytes)
    } else if lower.ends_with(".txt") || lower.ends_with(".md") {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        String::from_utf8(bytes.to_vec()).map_err(
            |_| "Tệp văn bản không ở mã UTF-8. Hãy lưu lại với mã UTF-8 (Unicode) rồi tải lên.",
        )
    } else {
        Err("Chỉ nhận tệp .txt, .md hoặc .docx.")
    }
}

/// What word/document.xml may grow to once unzipped: this many times the file, at most
/// `MAX_XML`. A real document compresses ten to twenty times; a zip bomb, thousands.
const MAX_RATIO: u64 = 100;
const MAX_XML: u64 = 16 * 1024 * 1024;
/// The longest draft text read from a file (a long law is under a megabyte).
const MAX_TEXT: usize = 2 * 1024 * 1024;

const UNREADABLE: &str =
    "Không đọc được tệp .docx này. Hãy lưu lại bằng Word (định dạng .docx) hoặc dán văn bản vào ô.";
const TOO_BIG: &str = "Tệp .docx này giải nén ra quá lớn so với một dự thảo. Hãy kiểm tra lại tệp, hoặc dán văn bản vào ô.";

/// The paragraphs of word/document.xml, one a line. Tabs and line breaks inside a
/// paragraph are kept; Word's automatic list numbering is not text and is not read.
/// Bounded: what a file unzips to, and the text read from it (see `MAX_RATIO`).
pub fn docx_text(bytes: &[u8]) -> Result<String, &'static str> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| UNREADABLE)?;
    let limit = (bytes.len() as u64).saturating_mul(MAX_RATIO).min(MAX_XML);
    let part = zip.by_name("word/document.xml").map_err(|_| UNREADABLE)?;
    if part.size() > limit {
        return Err(TOO_BIG);
    }
    // The size a zip declares may lie: read one byte past the limit to know.
    let mut raw = Vec::new();
    part.take(limit + 1)
        .read_to_end(&mut raw)
        .map_err(|_| UNREADABLE)?;
    if raw.len() as u64 > limit {
        return Err(TOO_BIG);
    }
    let xml = String::from_utf8(raw).map_err(|_| UNREADABLE)?;
    text_of(&xml).ok_or(UNREADABLE).and_then(|t| {
        if t.len() > MAX_TEXT {
            Err(TOO_BIG)
        } else {
            Ok(t)
        }
    })
}

fn text_of(xml: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push('\n'),
            Event::Empty(e) if e.name().as_ref() == b"w:tab" => out.push('\t'),
            Event::Empty(e) if e.name().as_ref() == b"w:br" => out.push('\n'),
            Event::Text(t) if in_text => out.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) if in_text && r.is_char_ref() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().ok()?;
                out.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Some(out)
}

/// An attachment format the portal accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Pdf,
    Docx,
    Odt,
}

impl Document {
    pub fn content_type(self) -> &'static str {
        match self {
            Document::Pdf => "application/pdf",
            Document::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Document::Odt => "application/vnd.oasis.opendocument.text",
        }
    }
}

/// Recognises a PDF, DOCX or ODT by its name and its first bytes, which must agree.
pub fn sniff(file_name: &str, bytes: &[u8]) -> Option<Document> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".pdf") && bytes.starts_with(b"%PDF-") {
        return Some(Document::Pdf);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    if lower.ends_with(".docx") && zip.by_name("word/document.xml").is_ok() {
        return Some(Document::Docx);
    }
    if lower.ends_with(".odt") {
        let mut mimetype = String::new();
        zip.by_name("mimetype")
            .ok()?
            .take(100)
            .read_to_string(&mut mimetype)
            .ok()?;
        if mimetype.trim() == "application/vnd.oasis.opendocument.text" {
            return Some(Document::Odt);
        }
    }
    None
}

/// A file name safe to store and to send back: no path, no control characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = crate::text::nfc(base)
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':'))
        .take(150)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "tep".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx with these paragraphs, for tests.
    pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
        let mut body = String::new();
        for p in paragraphs {
            body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                p.replace('&', "&amp;").replace('<', "&lt;")
            ));
        }
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<Types/>").unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_docx_gives_its_paragraphs() {
        let bytes = docx(&["Điều 1. Phạm vi", "1. Khoản <một> & hai."]);
        assert_eq!(
            draft_text("Du thao.DOCX", &bytes).unwrap(),
            "Điều 1. Phạm vi\n1. Khoản <một> & hai.\n"
        );
        assert_eq!(sniff("to-trinh.docx", &bytes), Some(Document::Docx));
        assert_eq!(
            sniff("to-trinh.pdf", &bytes),
            None,
            "name and content must agree"
        );
    }

    #[test]
    fn files_are_recognised_by_content() {
        assert_eq!(sniff("a.pdf", b"%PDF-1.7 ..."), Some(Document::Pdf));
        assert_eq!(sniff("a.pdf", b"<html>"), None);
        assert_eq!(sniff("a.exe", b"MZ"), None);
        assert!(draft_text("a.txt", &[0xff, 0xfe]).is_err());
        assert_eq!(
            draft_text("a.txt", "\u{feff}Điều 1.".as_bytes()).unwrap(),
            "Điều 1."
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(
            clean_file_name("C:\\\\Tờ trình \"mới\".pdf"),
            "Tờ trình mới.pdf"
        );
    }
}

#[cfg(test)]
mod bombs {
    use super::*;
    use std::io::Write;

    fn docx_with(xml: &[u8]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(xml).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_docx_that_unzips_to_far_more_than_itself_is_refused() {
        // About 60 KB of zip, 90 MB of XML: what review sent.
        let paragraph =
            b"<w:p><w:r><w:t>\xc4\x90i\xe1\xbb\x81u 1. Ph\xe1\xba\xa1m vi</w:t></w:r></w:p>";
        let mut xml = b"<w:document><w:body>".to_vec();
        while xml.len() < 90 * 1024 * 1024 {
            xml.extend_from_slice(paragraph);
        }
        xml.extend_from_slice(b"</w:body></w:document>");
        let bomb = docx_with(&xml);
        assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
        assert_eq!(docx_text(&bomb), Err(TOO_BIG));
        // A real draft reads.
        let draft = docx_with(b"<w:document><w:body><w:p><w:r><w:t>\xc4\x90i\xe1\xbb\x81u 1. Ph\xe1\xba\xa1m vi</w:t></w:r></w:p></w:body></w:document>");
        assert_eq!(docx_text(&draft).unwrap(), "Điều 1. Phạm vi\n");
    }
}
