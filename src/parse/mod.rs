//! The plain text of a Vietnamese draft → its preamble, section tree and signature block.
//!
//! Real drafts are laid out by convention rather than markup: "Chương II" with its title
//! on the same or the next line, "Mục 1", "Điều 5." (and "Điều 5a." in amending drafts),
//! clauses "1.", points "a)" … "đ)" … The parser reads line by line, keeps every line it
//! does not recognise as body text of the node it is in, and never drops a character:
//! the preamble, the headings, the bodies and the signature, read in order, give back the
//! whole (normalised) text.

use std::collections::HashMap;
use std::sync::LazyLock;

pub mod preamble;

use regex::Regex;
use serde::Serialize;

use crate::domain::SectionKind;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedDocument {
    /// Everything before the first part, chapter or article: the heading block, the
    /// title, the legal bases ("Căn cứ …") and the enacting words ("QUYẾT ĐỊNH:").
    pub preamble: String,
    pub sections: Vec<ParsedSection>,
    /// "Nơi nhận:", the signing authority and the signer, after the last article.
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedSection {
    pub kind: SectionKind,
    /// As written: "II", "5a", "đ", "thứ nhất".
    pub number: String,
    pub title: String,
    /// The heading line(s) as written, e.g. "Chương I\nQUY ĐỊNH CHUNG" or "1." for a
    /// clause (whose text is its body).
    pub heading: String,
    pub body: String,
    /// Stable within a version: "chuong-ii", "dieu-5-khoan-2-diem-a".
    pub anchor: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ParsedSection>,
}

impl ParsedDocument {
    /// Sections in document order with their depth, as they are stored.
    pub fn flatten(&self) -> Vec<(usize, Option<usize>, &ParsedSection)> {
        fn walk<'a>(
            nodes: &'a [ParsedSection],
            depth: usize,
            parent: Option<usize>,
            out: &mut Vec<(usize, Option<usize>, &'a ParsedSection)>,
        ) {
            for n in nodes {
                let me = out.len();
                out.push((depth, parent, n));
                walk(&n.children, depth + 1, Some(me), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, 0, None, &mut out);
        out
    }

    /// The text read back in order: preamble, each heading and body, signature.
    pub fn reassemble(&self) -> String {
        let mut out = String::new();
        let mut push = |s: &str| {
            if !s.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(s);
            }
        };
        push(&self.preamble);
        for (_, _, s) in self.flatten() {
            push(&s.heading);
            push(&s.body);
        }
        push(&self.signature);
        out
    }

    pub fn count(&self, kind: SectionKind) -> usize {
        self.flatten()
            .iter()
            .filter(|(_, _, s)| s.kind == kind)
            .count()
    }
}

/// Canonical input: NFC, no byte-order mark, LF line ends.
pub fn normalize(input: &str) -> String {
    let s = input.strip_prefix('\u{feff}').unwrap_or(input);
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    text::nfc(&s)
}

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:phần)\s+((?i:thứ\s+(?:mười\s+)?(?:nhất|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười))|[IVXLC]+|[0-9]+)(?:\s*[.:\-–—]\s*|\s+|$)(.*)$",
    )
    .expect("part pattern")
});
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:chương)\s+([IVXLC]+|[0-9]+)(?:\s*[.:\-–—]\s*|\s+|$)(.*)$")
        .expect("chapter pattern")
});
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:mục)\s+([IVXLC]+|[0-9]+)(?:\s*[.:\-–—]\s*|\s+|$)(.*)$")
        .expect("section pattern")
});
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ĐđÐð](?i:iều)\s+([0-9]+[a-zđ]?)\s*[.:]\s*(.*)$").expect("article pattern")
});
static CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,3})\.(?:\s+(.*))?$").expect("clause pattern"));
static POINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-zđ]{1,2})\)(?:\s+(.*))?$").expect("point pattern"));
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?i:nơi nhận)\s*:|(?:TM|T/M|KT|K/T|TL|TUQ)\.?\s+\p{Lu}|Q\.\s+\p{Lu}|(?:PHÓ\s+)?(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|CHỦ NHIỆM|TỔNG KIỂM TOÁN|CHÁNH ÁN|VIỆN TRƯỞNG|THỨ TRƯỞNG)\s*$|\((?i:đã ký)\))",
    )
    .expect("signature pattern")
});

/// A heading line recognised where it stands.
struct Heading<'a> {
    kind: SectionKind,
    number: &'a str,
    /// Text after the number on the same line: the title of a part, chapter, section or
    /// article, or the opening text of a clause or point.
    rest: &'a str,
}

fn classify(line: &str, in_article: bool) -> Option<Heading<'_>> {
    let grab = |re: &Regex, kind, number_group: usize, rest_group: usize| {
        re.captures(line).map(|c| Heading {
            kind,
            number: c.get(number_group).map_or("", |m| m.as_str()),
            rest: c.get(rest_group).map_or("", |m| m.as_str()),
        })
    };
    grab(&ARTICLE, SectionKind::Article, 1, 2)
        .or_else(|| grab(&CHAPTER, SectionKind::Chapter, 1, 2))
        .or_else(|| grab(&SECTION, SectionKind::Section, 1, 2))
        .or_else(|| grab(&PART, SectionKind::Part, 1, 2))
        .or_else(|| {
            if !in_article {
                return None;
            }
            grab(&CLAUSE, SectionKind::Clause, 1, 2)
                .or_else(|| grab(&POINT, SectionKind::Point, 1, 2))
        })
}

/// A node being built; children refer to it by index.
struct Node {
    kind: SectionKind,
    number: String,
    title: String,
    heading: String,
    body: Vec<String>,
    anchor: String,
    children: Vec<usize>,
    /// A part, chapter or section whose title is expected on the next line.
    awaiting_title: bool,
}

pub fn parse(input: &str) -> ParsedDocument {
    let normalized = normalize(input);
    let lines: Vec<&str> = normalized.split('\n').map(|l| l.trim()).collect();

    // Where the structure starts and where the signature block begins.
    let first = lines
        .iter()
        .position(|l| matches!(classify(l, false), Some(h) if h.kind != SectionKind::Section));
    let Some(first) = first else {
        return ParsedDocument {
            preamble: join(&lines),
            sections: Vec::new(),
            signature: String::new(),
        };
    };
    let last_heading = lines
        .iter()
        .rposition(|l| classify(l, false).is_some())
        .unwrap_or(first);
    let signature_at = lines[last_heading + 1..]
        .iter()
        .position(|l| SIGNATURE.is_match(l))
        .map(|i| i + last_heading + 1)
        .unwrap_or(lines.len());

    let mut nodes: Vec<Node> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut anchors = Anchors::default();

    for &line in &lines[first..signature_at] {
        let in_article = stack.iter().any(|&i| nodes[i].kind == SectionKind::Article);
        if let Some(top) = stack.last().copied()
            && nodes[top].awaiting_title
            && !line.is_empty()
            && classify(line, in_article).is_none()
        {
            let n = &mut nodes[top];
            n.title = line.to_string();
            n.heading.push('\n');
            n.heading.push_str(line);
            n.awaiting_title = false;
            continue;
        }
        let Some(h) = classify(line, in_article) else {
            if let Some(&top) = stack.last() {
                let n = &mut nodes[top];
                n.body.push(line.to_string());
            }
            continue;
        };
        let rank = h.kind.rank();
        while let Some(&top) = stack.last() {
            if nodes[top].kind.rank() >= rank {
                stack.pop();
            } else {
                break;
            }
        }
        let path: Vec<&Node> = stack.iter().map(|&i| &nodes[i]).collect();
        let anchor = anchors.unique(section_anchor(h.kind, h.number, &path));
        let (title, heading, body) = match h.kind {
            // A clause or point has no title: its first line is the start of its text.
            SectionKind::Clause | SectionKind::Point => {
                let marker = &line[..line.len() - h.rest.len()];
                let body = if h.rest.is_empty() {
                    vec![]
                } else {
                    vec![h.rest.to_string()]
                };
                (String::new(), marker.trim_end().to_string(), body)
            }
            _ => (h.rest.to_string(), line.to_string(), vec![]),
        };
        let awaiting_title = title.is_empty()
            && matches!(
                h.kind,
                SectionKind::Part | SectionKind::Chapter | SectionKind::Section
            );
        let idx = nodes.len();
        nodes.push(Node {
            kind: h.kind,
            number: h.number.to_string(),
            title,
            heading,
            body,
            anchor,
            children: Vec::new(),
            awaiting_title,
        });
        match stack.last() {
            Some(&parent) => nodes[parent].children.push(idx),
            None => roots.push(idx),
        }
        stack.push(idx);
    }

    fn build(nodes: &[Node], idx: usize) -> ParsedSection {
        let n = &nodes[idx];
        ParsedSection {
            kind: n.kind,
            number: n.number.clone(),
            title: n.title.clone(),
            heading: n.heading.clone(),
            body: join(&n.body.iter().map(String::as_str).collect::<Vec<_>>()),
            anchor: n.anchor.clone(),
            children: n.children.iter().map(|&c| build(nodes, c)).collect(),
        }
    }
    ParsedDocument {
        preamble: join(&lines[..first]),
        sections: roots.iter().map(|&r| build(&nodes, r)).collect(),
        signature: join(&lines[signature_at..]),
    }
}

/// Lines joined with LF, without leading or trailing blank lines, and with runs of blank
/// lines collapsed to one (a paragraph break).
fn join(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for l in lines {
        if l.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        blank = false;
        out.push_str(l);
    }
    out
}

/// The anchor of a new section: articles are numbered through the whole document, so
/// `dieu-5` stands alone; clauses and points hang under their article; a "Mục" is
/// numbered within its chapter.
fn section_anchor(kind: SectionKind, number: &str, path: &[&Node]) -> String {
    let num = anchor_number(number);
    let enclosing = |k: SectionKind| {
        path.iter()
            .rev()
            .find(|n| n.kind == k)
            .map(|n| n.anchor.as_str())
    };
    match kind {
        SectionKind::Part => format!("phan-{num}"),
        SectionKind::Chapter => format!("chuong-{num}"),
        SectionKind::Section => match enclosing(SectionKind::Chapter) {
            Some(ch) => format!("{ch}-muc-{num}"),
            None => format!("muc-{num}"),
        },
        SectionKind::Article => format!("dieu-{num}"),
        SectionKind::Clause => match enclosing(SectionKind::Article) {
            Some(a) => format!("{a}-khoan-{num}"),
            None => format!("khoan-{num}"),
        },
        SectionKind::Point => match path.last() {
            Some(p) if matches!(p.kind, SectionKind::Clause | SectionKind::Article) => {
                format!("{}-diem-{num}", p.anchor)
            }
            _ => format!("diem-{num}"),
        },
    }
}

/// "đ" becomes "dd" so that point đ) does not collide with point d).
fn anchor_number(number: &str) -> String {
    let spelled = number.replace(['đ', 'Đ'], "dd");
    text::slug(&spelled)
}

/// Keeps anchors unique within a document: a repeated "Điều 1" (a decision followed by
/// the regulation it issues) becomes "dieu-1-2".
#[derive(Default)]
struct Anchors(HashMap<String, usize>);

impl Anchors {
    fn unique(&mut self, anchor: String) -> String {
        let n = self.0.entry(anchor.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            anchor
        } else {
            let candidate = format!("{anchor}-{n}");
            // The suffixed form may itself be taken ("Điều 1-2" is not a real number, but
            // be safe).
            self.unique(candidate)
        }
    }
}

#[cfg(test)]
mod tests;
