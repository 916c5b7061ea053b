//! One order for every backend. A backend finds the windows of matches (the newest
//! `MATCH_WINDOW` matches, and as many of the newest matching drafts and clauses) and
//! which of them carry each ranking signal; everything after that is here, so that the
//! database backends and Meilisearch count, rank and page the same matches the same way.
//!
//! The order is total: the score, then the document's order key (its date, then its
//! kind, then its id; see `SearchDoc::order_key`), which no two documents share. So a
//! page never repeats a result of another page and never skips one.

use crate::domain::ids::*;
use std::collections::{BTreeMap, HashSet};

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};

use super::{DocKind, MATCH_WINDOW, SearchRequest, Sort};

/// Drafts and clauses: few, and what a reader most often looks for, so they are also
/// looked for in a window of their own (newer comments would otherwise crowd them out).
pub const STRUCTURAL: [DocKind; 2] = [DocKind::Draft, DocKind::Section];

/// A match in a window: what counting and ranking need, not the text. `id` is the
/// document's order key.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Match {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = BigInt)]
    pub draft_id: DraftId,
}

/// What the windows hold and, when ranking by relevance, the signals of their matches.
#[derive(Debug, Default)]
pub struct Found {
    /// The newest matches, newest first, one more than `MATCH_WINDOW` if there are more.
    pub window: Vec<Match>,
    /// The newest matching drafts and clauses (some may be in `window` too).
    pub structural: Vec<Match>,
    pub signals: Signals,
}

/// Which matches (by order key) have each ranking signal. `phrase` is None for a
/// one-word query.
#[derive(Debug, Default)]
pub struct Signals {
    pub phrase: Option<HashSet<i64>>,
    pub exact: HashSet<i64>,
    pub title: HashSet<i64>,
}

impl Signals {
    /// Relevance without corpus statistics (which would mean reading every match of a
    /// common word): the words side by side as typed weigh most (Vietnamese words are
    /// often two syllables: "học phí" is not "học … phí"), then the exact spelling, then
    /// the words being in the title. Ties go to the newer document.
    pub fn score(&self, id: i64) -> u8 {
        let phrase = self.phrase.as_ref().is_none_or(|p| p.contains(&id));
        4 * u8::from(phrase)
            + 2 * u8::from(self.exact.contains(&id))
            + u8::from(self.title.contains(&id))
    }
}

/// The page asked for, in order, and the counts of every match in the windows.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ranked {
    /// Order keys of the page's documents, best first.
    pub page: Vec<i64>,
    pub total: i64,
    pub total_is_floor: bool,
    pub by_kind: BTreeMap<String, i64>,
    pub by_draft: BTreeMap<DraftId, i64>,
}

/// Ranks the windows' matches (by relevance when there are words and no other order
/// was asked for, else newest first) and cuts the page `req` asks for.
pub fn rank(found: Found, req: &SearchRequest, has_words: bool) -> Ranked {
    let by_relevance = has_words && req.sort == Sort::Relevance;
    let total_is_floor = found.window.len() as i64 > MATCH_WINDOW;
    let mut candidates = found.window;
    candidates.truncate(MATCH_WINDOW as usize);
    let seen: HashSet<i64> = candidates.iter().map(|m| m.id).collect();
    candidates.extend(
        found
            .structural
            .into_iter()
            .filter(|m| !seen.contains(&m.id)),
    );

    let mut by_kind = BTreeMap::new();
    let mut by_draft = BTreeMap::new();
    for m in &candidates {
        *by_kind.entry(m.kind.clone()).or_insert(0) += 1;
        *by_draft.entry(m.draft_id).or_insert(0) += 1;
    }
    let mut order: Vec<(u8, i64)> = candidates
        .iter()
        .map(|m| {
            let score = if by_relevance {
                found.signals.score(m.id)
            } else {
                0
            };
            (score, m.id)
        })
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    order.dedup();
    let page = order
        .iter()
        .skip(req.offset.clamp(0, MATCH_WINDOW) as usize)
        .take(req.limit.clamp(1, 100) as usize)
        .map(|(_, id)| *id)
        .collect();
    Ranked {
        page,
        total: candidates.len() as i64,
        total_is_floor,
        by_kind,
        by_draft,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: i64, kind: &str) -> Match {
        Match {
            id,
            kind: kind.into(),
            draft_id: DraftId(1),
        }
    }

    #[test]
    fn pages_follow_one_total_order() {
        // 45 matches; every third one has the phrase, every fifth the exact spelling.
        let window: Vec<Match> = (1..=45).rev().map(|id| m(id, "comment")).collect();
        let signals = Signals {
            phrase: Some((1..=45).filter(|i| i % 3 == 0).collect()),
            exact: (1..=45).filter(|i| i % 5 == 0).collect(),
            title: HashSet::new(),
        };
        let mut seen = Vec::new();
        for page in 1..=3 {
            let req = SearchRequest {
                q: "hoc phi".into(),
                offset: (page - 1) * 20,
                limit: 20,
                ..SearchRequest::default()
            };
            let found = Found {
                window: window.clone(),
                structural: vec![m(3, "comment")],
                signals: Signals {
                    phrase: signals.phrase.clone(),
                    exact: signals.exact.clone(),
                    title: HashSet::new(),
                },
            };
            let ranked = rank(found, &req, true);
            assert_eq!(ranked.total, 45);
            seen.extend(ranked.page);
        }
        assert_eq!(
            seen.len(),
            45,
            "no page repeats a result of another, none is skipped"
        );
        let unique: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), 45);
        // Phrase and spelling first (15, 45, 30), then phrase alone, newest first.
        assert_eq!(&seen[..4], &[45, 30, 15, 42]);
        let scores: Vec<u8> = seen.iter().map(|id| signals.score(*id)).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    }
}
