//! PostgreSQL's `tsvector`, built here and sent in its binary form, instead of computed
//! by `to_tsvector` in the database.
//!
//! Why: PostgreSQL's text-search parser ran four times per document (title, body and
//! their folded forms) in the one server process that writes the index, and that was
//! most of a full reindex's time (about 80 of 110 seconds for a million documents).
//! Here it runs in the application, and the words are split exactly as `query::words`
//! splits a query (letters and digits, lower case), so a document's words and a query's
//! words are the same by construction; queries are sent as `tsquery` values, not through
//! `to_tsquery`'s parser either.

use std::io::Write;

use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};

use super::query::MAX_WORD_CHARS;

/// The SQL type, by its fixed built-in object id (no lookup per connection).
#[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId, Clone, Copy, Debug)]
#[diesel(postgres_type(oid = 3614, array_oid = 3643))]
pub struct TsVectorSql;

/// A position's weight, kept in its two high bits; ranking reads them (`'học':AB`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    A = 3,
    B = 2,
    C = 1,
    D = 0,
}

/// PostgreSQL's limits: positions above this are all this one; a lexeme keeps at most
/// this many positions; the lexemes of one vector take less than this many bytes.
const MAX_POSITION: u16 = (1 << 14) - 1;
const MAX_POSITIONS: usize = 255;
const MAX_LEXEME_BYTES: usize = (1 << 20) - 1;

/// A tsvector in the binary form `tsvectorrecv` reads: the number of lexemes; for each
/// (in the byte order of their text, PostgreSQL's order), its text ending in a zero
/// byte, the number of its positions and the positions, each with its weight in the two
/// high bits. Positions are numbered from 1 across the parts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TsVector(Vec<u8>);

impl TsVector {
    /// The folded words of title and body, for matching (`fsv`).
    pub fn matching(folded_title: &str, folded: &str) -> Self {
        Self::of(&[(folded_title, Weight::D), (folded, Weight::D)])
    }

    /// For ranking (`tsv`): the title as written (A), the body as written (B), the title
    /// folded (C). Written text is lowered here, as `query::words` lowers a query.
    pub fn ranking(title: &str, body: &str, folded_title: &str) -> Self {
        let title = crate::text::nfc(title).to_lowercase();
        let body = crate::text::nfc(body).to_lowercase();
        Self::of(&[
            (&title, Weight::A),
            (&body, Weight::B),
            (folded_title, Weight::C),
        ])
    }

    /// The words of the parts (each in lower case already), one after the other. A word
    /// longer than a query's longest is never asked for: it takes its position but is not
    /// kept.
    pub fn of(parts: &[(&str, Weight)]) -> Self {
        let mut words: Vec<(&str, u16)> = Vec::with_capacity(64);
        let mut position = 0u16;
        for (text, weight) in parts {
            for word in super::query::tokens(text) {
                position = (position + 1).min(MAX_POSITION);
                if word.len() > MAX_WORD_CHARS && word.chars().nth(MAX_WORD_CHARS).is_some() {
                    continue;
                }
                words.push((word, position | ((*weight as u16) << 14)));
            }
        }
        // By word, then position (the weight bits above it do not reorder one word's
        // positions: they only grow).
        words.sort_unstable_by(|a, b| {
            a.0.cmp(b.0)
                .then((a.1 & MAX_POSITION).cmp(&(b.1 & MAX_POSITION)))
        });
        let mut out = Vec::with_capacity(4 + words.len() * 12);
        out.extend_from_slice(&[0; 4]);
        let (mut lexemes, mut bytes) = (0u32, 0usize);
        let mut i = 0;
        while i < words.len() {
            let word = words[i].0;
            let same = words[i..].iter().take_while(|w| w.0 == word).count();
            if bytes + word.len() < MAX_LEXEME_BYTES {
                bytes += word.len();
                lexemes += 1;
                out.extend_from_slice(word.as_bytes());
                out.push(0);
                let count_at = out.len();
                out.extend_from_slice(&[0; 2]);
                let mut kept = 0u16;
                let mut last = 0;
                for &(_, p) in &words[i..i + same] {
                    // Positions past the last one PostgreSQL numbers are all that one.
                    if p & MAX_POSITION > last && (kept as usize) < MAX_POSITIONS {
                        out.extend_from_slice(&p.to_be_bytes());
                        kept += 1;
                        last = p & MAX_POSITION;
                    }
                }
                out[count_at..count_at + 2].copy_from_slice(&kept.to_be_bytes());
            }
            i += same;
        }
        out[..4].copy_from_slice(&lexemes.to_be_bytes());
        TsVector(out)
    }

    /// The binary form, as a COPY in the binary format takes it too.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl ToSql<TsVectorSql, Pg> for TsVector {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(&self.0)?;
        Ok(IsNull::No)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector as PostgreSQL prints it.
    fn text(v: &TsVector) -> String {
        let b = &v.0;
        let n = u32::from_be_bytes(b[..4].try_into().unwrap());
        let mut at = 4;
        let mut out = Vec::new();
        for _ in 0..n {
            let end = at + b[at..].iter().position(|&c| c == 0).unwrap();
            let word = std::str::from_utf8(&b[at..end]).unwrap();
            let count = u16::from_be_bytes([b[end + 1], b[end + 2]]) as usize;
            at = end + 3;
            let positions: Vec<String> = (0..count)
                .map(|k| {
                    let p = u16::from_be_bytes([b[at + 2 * k], b[at + 2 * k + 1]]);
                    format!(
                        "{}{}",
                        p & MAX_POSITION,
                        ["", "C", "B", "A"][(p >> 14) as usize]
                    )
                })
                .collect();
            at += 2 * count;
            out.push(format!("'{word}':{}", positions.join(",")));
        }
        assert_eq!(at, b.len());
        out.join(" ")
    }

    #[test]
    fn words_as_a_query_splits_them() {
        let v = TsVector::matching("gy · dieu 1", "hoc phi, hoc-phi!");
        assert_eq!(text(&v), "'1':3 'dieu':2 'gy':1 'hoc':4,6 'phi':5,7");
        let v = TsVector::ranking("Điều 1", "Học PHÍ", "dieu 1");
        assert_eq!(text(&v), "'1':2A,6C 'dieu':5C 'học':3B 'phí':4B 'điều':1A");
        assert_eq!(text(&TsVector::matching("", " , ")), "");
    }

    #[test]
    fn within_postgresqls_limits() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        let many = format!("{long} x {}", "y ".repeat(20_000));
        let v = text(&TsVector::of(&[(&many, Weight::D)]));
        assert!(!v.contains(&long), "a word longer than a query's");
        assert!(v.starts_with("'x':2 'y':3,4,5,"), "{}", &v[..40]);
        assert_eq!(v.matches(',').count(), MAX_POSITIONS - 1);

        assert_eq!(
            TsVector::matching("", "b a").0,
            [0, 0, 0, 2, b'a', 0, 0, 1, 0, 2, b'b', 0, 0, 1, 0, 1]
        );
    }
}
