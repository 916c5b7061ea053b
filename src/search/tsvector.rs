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

use std::collections::BTreeMap;
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

/// Words and their positions (numbered from 1 across everything added), in the byte
/// order of their text, which is PostgreSQL's order of lexemes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TsVector {
    lexemes: BTreeMap<String, Vec<u16>>,
    position: u16,
    bytes: usize,
}

impl TsVector {
    /// The folded words of title and body, for matching (`fsv`).
    pub fn matching(folded_title: &str, folded: &str) -> Self {
        let mut v = Self::default();
        v.add(folded_title, Weight::D);
        v.add(folded, Weight::D);
        v
    }

    /// For ranking (`tsv`): the title as written (A), the body as written (B), the title
    /// folded (C).
    pub fn ranking(title: &str, body: &str, folded_title: &str) -> Self {
        let mut v = Self::default();
        v.add(&crate::text::nfc(title).to_lowercase(), Weight::A);
        v.add(&crate::text::nfc(body).to_lowercase(), Weight::B);
        v.add(folded_title, Weight::C);
        v
    }

    /// Adds the words of `text` (lower case already) after those added before. A word
    /// longer than a query's longest is never asked for, so it takes its position but is
    /// not kept.
    pub fn add(&mut self, text: &str, weight: Weight) {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() {
                continue;
            }
            self.position = (self.position + 1).min(MAX_POSITION);
            if word.chars().nth(MAX_WORD_CHARS).is_some() {
                continue;
            }
            let entry = (self.position & MAX_POSITION) | ((weight as u16) << 14);
            match self.lexemes.get_mut(word) {
                Some(positions) => {
                    let last = positions.last().map_or(0, |p| p & MAX_POSITION);
                    if last < self.position && positions.len() < MAX_POSITIONS {
                        positions.push(entry);
                    }
                }
                None if self.bytes + word.len() < MAX_LEXEME_BYTES => {
                    self.bytes += word.len();
                    self.lexemes.insert(word.to_string(), vec![entry]);
                }
                None => {}
            }
        }
    }

    /// The binary form `tsvectorrecv` reads: the number of lexemes; for each, its text
    /// ending in a zero byte, the number of its positions and the positions.
    fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(&(self.lexemes.len() as u32).to_be_bytes())?;
        for (word, positions) in &self.lexemes {
            out.write_all(word.as_bytes())?;
            out.write_all(&[0])?;
            out.write_all(&(positions.len() as u16).to_be_bytes())?;
            for p in positions {
                out.write_all(&p.to_be_bytes())?;
            }
        }
        Ok(())
    }
}

impl ToSql<TsVectorSql, Pg> for TsVector {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        self.write_to(out)?;
        Ok(IsNull::No)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &TsVector) -> String {
        v.lexemes
            .iter()
            .map(|(w, p)| {
                let p: Vec<String> = p
                    .iter()
                    .map(|p| {
                        format!(
                            "{}{}",
                            p & MAX_POSITION,
                            ["", "C", "B", "A"][(p >> 14) as usize]
                        )
                    })
                    .collect();
                format!("'{w}':{}", p.join(","))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn words_as_a_query_splits_them() {
        let v = TsVector::matching("gy · dieu 1", "hoc phi, hoc-phi!");
        assert_eq!(text(&v), "'1':3 'dieu':2 'gy':1 'hoc':4,6 'phi':5,7");
        let v = TsVector::ranking("Điều 1", "Học PHÍ", "dieu 1");
        assert_eq!(text(&v), "'1':2A,6C 'dieu':5C 'học':3B 'phí':4B 'điều':1A");
    }

    #[test]
    fn within_postgresqls_limits() {
        let mut v = TsVector::default();
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        v.add(&format!("{long} x {}", "y ".repeat(20_000)), Weight::D);
        assert!(
            !v.lexemes.contains_key(&long),
            "a word longer than a query's"
        );
        assert_eq!(v.lexemes["x"], [2]);
        let y = &v.lexemes["y"];
        assert_eq!(y.len(), MAX_POSITIONS);
        assert!(y.windows(2).all(|w| w[0] < w[1]));

        let mut bytes = Vec::new();
        TsVector::matching("", "b a").write_to(&mut bytes).unwrap();
        assert_eq!(
            bytes,
            [0, 0, 0, 2, b'a', 0, 0, 1, 0, 2, b'b', 0, 0, 1, 0, 1]
        );
    }
}
