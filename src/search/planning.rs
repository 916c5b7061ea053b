//! What a PostgreSQL search plans with and what changes slowly: the share of documents
//! holding each common word (the statistics ANALYZE keeps) and the id where the newest
//! documents of a walk begin. Read at most once a minute per portal instead of by two
//! statements in every search (about 5 ms of a search at a million documents).
//!
//! Being a minute old is harmless. A share only chooses between two plans that give the
//! same answer. A bound that has fallen behind the newest documents only makes a walk
//! longer by a minute's documents; one left above them (documents removed since) makes a
//! walk fall short, and the search then takes the planner's own plan.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Double, Text};

use super::database::Id;
use super::query::Word;

const MAX_AGE: Duration = Duration::from_secs(60);

/// One portal's planning, shared by its searches.
#[derive(Clone, Default)]
pub struct PlanningCache(Arc<Mutex<Option<Arc<Planning>>>>);

pub struct Planning {
    read_at: Instant,
    /// Common words of `fsv` and the share of documents holding each.
    shares: HashMap<String, f64>,
    /// The ids of the `newest[0]`-th and `newest[1]`-th newest documents; i64::MIN
    /// where there are fewer.
    pub bounds: (i64, i64),
}

impl Planning {
    /// The share of documents holding the rarest of `words` (0 for a word the statistics
    /// do not list as common).
    pub fn rarest_share(&self, words: &[Word]) -> f64 {
        words
            .iter()
            .map(|w| self.shares.get(&w.folded).copied().unwrap_or(0.0))
            .fold(f64::INFINITY, f64::min)
            .min(1.0)
    }
}

impl PlanningCache {
    /// The planning, read again when over a minute old. Until the table has statistics
    /// (it has never been analysed) nothing is kept, so the first ANALYZE counts at once.
    pub fn current(
        &self,
        c: &mut diesel::PgConnection,
        newest: [i64; 2],
    ) -> QueryResult<Arc<Planning>> {
        let cached = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(p) = cached.filter(|p| p.read_at.elapsed() < MAX_AGE) {
            return Ok(p);
        }
        let planning = Arc::new(read(c, newest)?);
        if !planning.shares.is_empty() {
            *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(planning.clone());
        }
        Ok(planning)
    }
}

fn read(c: &mut diesel::PgConnection, newest: [i64; 2]) -> QueryResult<Planning> {
    #[derive(QueryableByName)]
    struct Share {
        #[diesel(sql_type = Text)]
        word: String,
        #[diesel(sql_type = Double)]
        share: f64,
    }
    // most_common_elem_freqs ends with three statistics of its own, which unnest pairs
    // with no word.
    let shares = diesel::sql_query(
        "SELECT e.word, e.share::float8 AS share FROM pg_stats, \
                unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e(word, share) \
         WHERE schemaname = current_schema() AND tablename = 'search_docs' AND attname = 'fsv' \
           AND e.word IS NOT NULL",
    )
    .load::<Share>(c)?
    .into_iter()
    .map(|s| (s.word, s.share))
    .collect();
    let mut bound = |n: i64| {
        diesel::sql_query(format!(
            "SELECT id FROM search_docs ORDER BY id DESC OFFSET {n} LIMIT 1"
        ))
        .get_result::<Id>(c)
        .optional()
        .map(|r| r.map_or(i64::MIN, |r| r.id))
    };
    let bounds = (bound(newest[0])?, bound(newest[1])?);
    Ok(Planning {
        read_at: Instant::now(),
        shares,
        bounds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::words;

    #[test]
    fn the_rarest_word_decides() {
        let p = Planning {
            read_at: Instant::now(),
            shares: [("quy", 0.8), ("dinh", 0.86), ("thanh", 0.28)]
                .into_iter()
                .map(|(w, s)| (w.to_string(), s))
                .collect(),
            bounds: (i64::MIN, i64::MIN),
        };
        assert_eq!(p.rarest_share(&words("quy định")), 0.8);
        assert_eq!(p.rarest_share(&words("Quy định Thạnh")), 0.28);
        assert_eq!(p.rarest_share(&words("thạnh an")), 0.0, "an is not common");
    }
}
