//! Rendered pages kept in memory, each tagged with the revision of the draft it shows.
//!
//! A lookup names the revision it just read from the database, so a change to the draft
//! (which bumps the revision in the same transaction) shows at once, from any process.
//! Entries also expire when the page would read differently with time alone: at the next
//! local midnight ("còn 5 ngày") and when the comment period opens or closes.

use std::collections::HashMap;
use std::sync::RwLock;

use bytes::Bytes;
use chrono::NaiveDateTime;

struct Entry {
    revision: i64,
    valid_until: NaiveDateTime,
    body: Bytes,
}

pub struct PageCache {
    entries: RwLock<HashMap<String, Entry>>,
    capacity: usize,
}

impl PageCache {
    pub fn new(capacity: usize) -> Self {
        PageCache {
            entries: RwLock::new(HashMap::new()),
            capacity,
        }
    }

    pub fn get(&self, key: &str, revision: i64, now: NaiveDateTime) -> Option<Bytes> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.revision == revision && now < e.valid_until)
            .map(|e| e.body.clone())
    }

    pub fn put(&self, key: String, revision: i64, valid_until: NaiveDateTime, body: Bytes) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        // Keys are drafts × versions, so the cap is rarely reached; when it is, starting
        // afresh keeps memory bounded without bookkeeping on every hit.
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                revision,
                valid_until,
                body,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_new_revision_or_the_passing_of_time_makes_a_page_stale() {
        let cache = PageCache::new(10);
        let now = crate::domain::time::now_utc();
        cache.put("1:0".into(), 3, now + Duration::hours(1), Bytes::from("v3"));
        assert_eq!(cache.get("1:0", 3, now).as_deref(), Some(&b"v3"[..]));
        assert!(cache.get("1:0", 4, now).is_none());
        assert!(cache.get("1:0", 3, now + Duration::hours(2)).is_none());
    }

    #[test]
    fn memory_stays_bounded() {
        let cache = PageCache::new(2);
        let later = crate::domain::time::now_utc() + Duration::hours(1);
        for i in 0..5 {
            cache.put(format!("{i}"), 1, later, Bytes::new());
        }
        assert!(cache.entries.read().unwrap().len() <= 2);
    }
}
