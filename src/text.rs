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

#[cfg(test)]
mod tests {
    use super::*;

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
