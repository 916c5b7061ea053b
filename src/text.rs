//! Vietnamese text: normalisation to NFC, and folding for anchors and search.
//!
//! Text arrives in NFC and NFD and with both tone-mark placements ("hòa" and "hoà"). It is
//! stored in NFC; comparisons that must ignore diacritics use [`fold`], which removes
//! every combining mark and maps đ to d, so all of those spellings meet.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// The canonical composed form, as stored.
pub fn nfc(s: &str) -> String {
    // Checking is far cheaper than recomposing text that is NFC already (most of it).
    if unicode_normalization::is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// What is wrong with a piece of typed text, whatever the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character (NUL, ESC …; in a one-line field, also a line break or tab).
    Control,
    /// A character Unicode reserves as never to be exchanged (U+FFFF, U+FDD0 …): it
    /// breaks XML (the .docx report) and means nothing.
    Noncharacter,
    /// A direction override, embedding or isolate that is not closed on its line: it
    /// would turn the rest of a page, a report or a mail around.
    UnclosedDirection,
    /// More combining marks on one letter than any script needs (after NFC, where a
    /// Vietnamese letter has none).
    StackedMarks,
}

/// The most combining marks one base character may carry after NFC.
pub const MAX_MARKS: usize = 4;

fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE
}

/// Checks text a person typed. `multiline` text (a textarea) may hold line breaks and
/// tabs; a one-line field may not. Checked after NFC, as the text will be stored.
pub fn check(text: &str, multiline: bool) -> Result<(), TextProblem> {
    let text = nfc(text);
    let mut marks = 0;
    // Open embeddings and overrides (closed by PDF), and isolates (closed by PDI).
    let (mut embeddings, mut isolates) = (0usize, 0usize);
    for c in text.chars() {
        if c == '\n' || c == '\r' {
            if !multiline {
                return Err(TextProblem::Control);
            }
            if embeddings > 0 || isolates > 0 {
                return Err(TextProblem::UnclosedDirection);
            }
            marks = 0;
            continue;
        }
        if c.is_control() && !(multiline && c == '\t') {
            return Err(TextProblem::Control);
        }
        if is_noncharacter(c) {
            return Err(TextProblem::Noncharacter);
        }
        match c {
            '\u{202A}'..='\u{202E}' if c != '\u{202C}' => embeddings += 1,
            '\u{202C}' => {
                embeddings = embeddings
                    .checked_sub(1)
                    .ok_or(TextProblem::UnclosedDirection)?
            }
            '\u{2066}'..='\u{2068}' => isolates += 1,
            '\u{2069}' => {
                isolates = isolates
                    .checked_sub(1)
                    .ok_or(TextProblem::UnclosedDirection)?
            }
            _ => {}
        }
        if is_combining_mark(c) {
            marks += 1;
            if marks > MAX_MARKS {
                return Err(TextProblem::StackedMarks);
            }
        } else {
            marks = 0;
        }
    }
    if embeddings > 0 || isolates > 0 {
        return Err(TextProblem::UnclosedDirection);
    }
    Ok(())
}

/// Lower case without diacritics: "Đất đai, HOÀ bình" → "dat dai, hoa binh".
///
/// After NFC every base letter is one char, and folding maps it to exactly one char, so
/// a position in the folded text of an NFC string is the same position in the original;
/// search highlighting relies on this.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Stored text is NFC already: checking that is far cheaper than recomposing it
    // (folding runs on every document of a reindex).
    if unicode_normalization::is_nfc_quick(s.chars()) == IsNormalized::Yes {
        out.extend(s.chars().map(fold_char));
    } else {
        out.extend(s.nfc().map(fold_char));
    }
    out
}

/// Folds one character of NFC text (see [`fold`]).
pub fn fold_char(c: char) -> char {
    let code = c as usize;
    if code < 0x80 {
        c.to_ascii_lowercase()
    } else if code < TABLE_END {
        FOLDED.get_or_init(|| {
            (0x80..TABLE_END as u32)
                .map(|code| char::from_u32(code).map_or('\u{FFFD}', fold_slowly))
                .collect()
        })[code - 0x80]
    } else {
        fold_slowly(c)
    }
}

/// Characters below this (every Vietnamese letter: Latin-1, Latin Extended A and B,
/// Latin Extended Additional) are folded once, into a table.
const TABLE_END: usize = 0x2000;
static FOLDED: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();

fn fold_slowly(c: char) -> char {
    match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
        c => {
            let mut base = c.nfd().filter(|m| !is_combining_mark(*m));
            match (base.next(), base.next()) {
                (Some(b), None) => b.to_lowercase().next().unwrap_or(b),
                _ => c.to_lowercase().next().unwrap_or(c),
            }
        }
    }
}

/// The first `max` characters of a text, with "…" when it was longer.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

/// An ASCII slug for URLs and anchors: "Phần thứ nhất" → "phan-thu-nhat".
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The shape of a slug or a code in an address: lowercase ASCII letters, digits and
/// hyphens, at most 120 bytes. Anything else names nothing, and never reaches a query.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_checked_for_what_breaks_pages_and_documents() {
        assert_eq!(check("Đất đai\r\nnăm 2026\tđiều 5", true), Ok(()));
        assert_eq!(check("Đất đai\nnăm", false), Err(TextProblem::Control));
        assert_eq!(check("a\u{0}b", true), Err(TextProblem::Control));
        assert_eq!(check("a\u{1b}[31m", true), Err(TextProblem::Control));
        assert_eq!(check("a\u{FFFF}", true), Err(TextProblem::Noncharacter));
        assert_eq!(check("a\u{FDD0}", true), Err(TextProblem::Noncharacter));
        assert_eq!(
            check("\u{202E}gnp.exe", false),
            Err(TextProblem::UnclosedDirection)
        );
        assert_eq!(
            check("\u{202E}abc\u{202C} và \u{2067}عربي\u{2069}", false),
            Ok(())
        );
        assert_eq!(
            check("\u{202C}", false),
            Err(TextProblem::UnclosedDirection)
        );
        assert_eq!(
            check("\u{2067}x\ny\u{2069}", true),
            Err(TextProblem::UnclosedDirection)
        );
        let zalgo = format!("a{}", "\u{0301}\u{0300}\u{0303}".repeat(3));
        assert_eq!(check(&zalgo, false), Err(TextProblem::StackedMarks));
        // NFD Vietnamese composes back to letters without marks: fine.
        let nfd: String = "Nghị quyết hoà giải".nfd().collect();
        assert_eq!(check(&nfd, false), Ok(()));
    }

    #[test]
    fn folding_meets_every_spelling() {
        assert_eq!(fold("Đất đai"), "dat dai");
        assert_eq!(fold("hòa"), fold("hoà"));
        assert_eq!(fold("THÚY"), fold("thuý"));
        let nfd: String = "Quyết định".nfd().collect();
        assert_eq!(fold(&nfd), "quyet dinh");
    }

    #[test]
    fn folding_by_table_and_beyond_it() {
        assert_eq!(fold("ÀÁẢÃẠăằắẳẵặÂẦẤẨẪẬ"), "aaaaaaaaaaaaaaaaa");
        assert_eq!(fold("ƯỨỪỬỮỰơờớởỡợ"), "uuuuuuoooooo");
        // U+1F00 (Greek with a breathing mark) lies past the table.
        assert_eq!(fold("ἀΩ"), "αω");
        assert_eq!(fold("ℌ😀"), "ℌ😀");
    }

    #[test]
    fn folding_keeps_positions_of_nfc_text() {
        let s = "Điều 5. Phạm vi điều chỉnh – “học phí”";
        assert_eq!(s.chars().count(), fold(s).chars().count());
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Phần thứ nhất"), "phan-thu-nhat");
        assert_eq!(slug("  Sở Giáo dục và Đào tạo "), "so-giao-duc-va-dao-tao");
    }
}
