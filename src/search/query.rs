//! What the reader typed, as words: each in its own spelling (NFC, lower case) and
//! folded (no diacritics, đ as d), and the same words as each backend's query language.
//! Only letters and digits go into a query, so nothing typed can change its syntax.

use unicode_normalization::UnicodeNormalization;

use crate::text;

/// The words of a query beyond this many are ignored.
pub const MAX_WORDS: usize = 10;
const MAX_WORD_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub exact: String,
    pub folded: String,
}

pub fn words(q: &str) -> Vec<Word> {
    let nfc: String = q.nfc().collect::<String>().to_lowercase();
    nfc.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| {
            let exact: String = w.chars().take(MAX_WORD_CHARS).collect();
            Word {
                folded: text::fold(&exact),
                exact,
            }
        })
        .collect()
}

/// FTS5: the words as written in title or body (ranked higher), or folded anywhere.
/// The last word also matches as a prefix, as people type.
pub fn fts5(words: &[Word]) -> String {
    let group = |pick: fn(&Word) -> &str| {
        let n = words.len();
        words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("\"{}\"{}", pick(w), if i + 1 == n { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    format!(
        "{{title body}} : ({}) OR {{folded}} : ({})",
        group(|w| &w.exact),
        group(|w| &w.folded)
    )
}

/// PostgreSQL tsquery of the words as written only (weight A): a document that matches
/// it has every word in its exact spelling, and ranks above those that match folded.
pub fn tsquery_exact(words: &[Word]) -> String {
    let n = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| format!("'{}':{}A", w.exact, if i + 1 == n { "*" } else { "" }))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// PostgreSQL tsquery: weight A holds the words as written, weight B the folded ones.
pub fn tsquery(words: &[Word]) -> String {
    let group = |pick: fn(&Word) -> &str, weight: &str| {
        let n = words.len();
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                format!(
                    "'{}':{}{weight}",
                    pick(w),
                    if i + 1 == n { "*" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(" & ")
    };
    format!(
        "({}) | ({})",
        group(|w| &w.exact, "A"),
        group(|w| &w.folded, "B")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_clean_in_both_spellings() {
        let nfd: String = "Đất ĐAI, hoà-bình!".nfd().collect();
        let w = words(&nfd);
        assert_eq!(
            w.iter().map(|w| w.exact.as_str()).collect::<Vec<_>>(),
            ["đất", "đai", "hoà", "bình"]
        );
        assert_eq!(
            w.iter().map(|w| w.folded.as_str()).collect::<Vec<_>>(),
            ["dat", "dai", "hoa", "binh"]
        );
        assert!(
            words("\"); DROP TABLE x; -- *")
                .iter()
                .all(|w| w.exact.chars().all(char::is_alphanumeric))
        );
    }

    #[test]
    fn both_query_languages_are_built_from_words_only() {
        let w = words("học phí");
        assert_eq!(
            fts5(&w),
            "{title body} : (\"học\" AND \"phí\"*) OR {folded} : (\"hoc\" AND \"phi\"*)"
        );
        assert_eq!(tsquery(&w), "('học':A & 'phí':*A) | ('hoc':B & 'phi':*B)");
    }
}
