//! What the reader typed, as words: each in its own spelling (NFC, lower case) and
//! folded (no diacritics, đ as d), and the same words as each backend's query language.
//! Only letters and digits go into a query, so nothing typed can change its syntax.

use unicode_normalization::UnicodeNormalization;

use crate::text;

/// The words of a query beyond this many are ignored.
pub const MAX_WORDS: usize = 10;
pub const MAX_WORD_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub exact: String,
    pub folded: String,
}

pub fn words(q: &str) -> Vec<Word> {
    let nfc: String = q.nfc().collect::<String>().to_lowercase();
    tokens(&nfc)
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

/// The words of a text: its runs of letters and digits. PostgreSQL's tsvectors are
/// built from the same words (`tsvector`), so a query's words are the indexed ones.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// What the database backends ask their index, in its query language: which documents
/// match, and the ranking signals of the matches (see `database::rank`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expressions {
    /// Every word, in any spelling, in the title or the body.
    pub matches: String,
    /// The words next to each other, in order, in any spelling (None for one word: then
    /// every match has it).
    pub phrase: Option<String>,
    /// Every word in the spelling typed (lower case, NFC), in the title or the body.
    pub exact: String,
    /// Every word, in any spelling, in the title.
    pub title: String,
}

/// Whole words only: a Vietnamese syllable is a word, and a prefix would make the index
/// merge the lists of every word it begins, for every search.
pub fn fts5(words: &[Word]) -> Expressions {
    let all = |pick: fn(&Word) -> &str| {
        words
            .iter()
            .map(|w| format!("\"{}\"", pick(w)))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let folded = all(|w| &w.folded);
    let phrase: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
    Expressions {
        matches: format!("{{folded_title folded}} : ({folded})"),
        phrase: (words.len() > 1)
            .then(|| format!("{{folded_title folded}} : (\"{}\")", phrase.join(" "))),
        exact: format!("{{title body}} : ({})", all(|w| &w.exact)),
        title: format!("{{folded_title}} : ({folded})"),
    }
}

/// The same for PostgreSQL: `matches` and `phrase` are for the folded tsvector (fsv),
/// `exact` and `title` for the weighted one (tsv: A the title as written, B the body as
/// written, C the title folded).
pub fn tsquery(words: &[Word]) -> Expressions {
    let join = |pick: fn(&Word) -> &str, weights: &str, op: &str| {
        words
            .iter()
            .map(|w| match weights {
                "" => format!("'{}'", pick(w)),
                _ => format!("'{}':{weights}", pick(w)),
            })
            .collect::<Vec<_>>()
            .join(op)
    };
    Expressions {
        matches: join(|w| &w.folded, "", " & "),
        phrase: (words.len() > 1).then(|| join(|w| &w.folded, "", " <-> ")),
        exact: join(|w| &w.exact, "AB", " & "),
        title: join(|w| &w.folded, "C", " & "),
    }
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
        let w = words("Học phí");
        let f = fts5(&w);
        assert_eq!(f.matches, "{folded_title folded} : (\"hoc\" AND \"phi\")");
        assert_eq!(
            f.phrase.as_deref(),
            Some("{folded_title folded} : (\"hoc phi\")")
        );
        assert_eq!(f.exact, "{title body} : (\"học\" AND \"phí\")");
        assert_eq!(f.title, "{folded_title} : (\"hoc\" AND \"phi\")");
        let t = tsquery(&w);
        assert_eq!(t.matches, "'hoc' & 'phi'");
        assert_eq!(t.phrase.as_deref(), Some("'hoc' <-> 'phi'"));
        assert_eq!(t.exact, "'học':AB & 'phí':AB");
        assert_eq!(t.title, "'hoc':C & 'phi':C");
        assert_eq!(fts5(&words("phí")).phrase, None);
    }
}
