//! Highlights: the matched words marked in the original text, found by folding. Folding
//! NFC text maps each character to one character, so positions found in the folded text
//! are positions in the original. The result is a list of plain-text segments, which
//! views escape like any other text.

use super::query::Word;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

/// A window of at most `max_chars` characters of `text` around its first match, with the
/// matched words marked.
pub fn excerpt(text: &str, words: &[Word], max_chars: usize) -> Vec<Segment> {
    let original: Vec<char> = crate::text::nfc(text).chars().collect();
    let folded: Vec<char> = original.iter().map(|&c| text::fold_char(c)).collect();
    let mut marks = vec![false; original.len()];
    for w in words {
        let needle: Vec<char> = w.folded.chars().collect();
        if needle.is_empty() {
            continue;
        }
        let mut i = 0;
        while i + needle.len() <= folded.len() {
            let at_word_start = i == 0 || !folded[i - 1].is_alphanumeric();
            if at_word_start && folded[i..i + needle.len()] == needle[..] {
                marks[i..i + needle.len()]
                    .iter_mut()
                    .for_each(|m| *m = true);
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    let first = marks.iter().position(|&m| m).unwrap_or(0);
    let mut start = first.saturating_sub(max_chars / 4);
    while start > 0 && start < first && original[start - 1].is_alphanumeric() {
        start += 1;
    }
    let end = (start + max_chars).min(original.len());
    let mut out: Vec<Segment> = Vec::new();
    if start > 0 {
        out.push(Segment {
            text: "…".into(),
            mark: false,
        });
    }
    for i in start..end {
        let c = if original[i] == '\n' {
            ' '
        } else {
            original[i]
        };
        match out.last_mut() {
            Some(s) if s.mark == marks[i] && s.text != "…" => s.text.push(c),
            _ => out.push(Segment {
                text: c.to_string(),
                mark: marks[i],
            }),
        }
    }
    if end < original.len() {
        out.push(Segment {
            text: "…".into(),
            mark: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::words;

    fn marked(segments: &[Segment]) -> Vec<&str> {
        segments
            .iter()
            .filter(|s| s.mark)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn marks_the_original_words_whatever_the_spelling_typed() {
        let s = excerpt(
            "Luật Đất đai năm 2024 quy định về đất ở.",
            &words("dat dai"),
            200,
        );
        assert_eq!(marked(&s), ["Đất", "đai", "đất"]);
        let s = excerpt("Hòa bình và hoà giải", &words("hoà"), 200);
        assert_eq!(marked(&s), ["Hòa", "hoà"]);
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let text = format!(
            "{} học phí {}",
            "mở đầu ".repeat(100),
            "kết thúc ".repeat(100)
        );
        let s = excerpt(&text, &words("học phí"), 80);
        assert_eq!(s.first().unwrap().text, "…");
        assert_eq!(s.last().unwrap().text, "…");
        assert_eq!(marked(&s), ["học", "phí"]);
        let len: usize = s.iter().map(|x| x.text.chars().count()).sum();
        assert!(len <= 82);
    }

    #[test]
    fn markup_in_text_stays_text() {
        let s = excerpt("<script>alert(1)</script> học phí", &words("học"), 200);
        assert_eq!(s[0].text, "<script>alert(1)</script> ");
        assert!(!s[0].mark);
    }
}
