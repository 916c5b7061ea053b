//! Rendered pages kept in memory, each tagged with the revision of the draft it shows.
//!
//! Every change to what a draft's page shows bumps `drafts.revision` in the same
//! transaction. A cached page is served only while its revision is known to be current:
//!
//! - a write through `Db::write` in this process moves the write generation on, so the
//!   next request looks the revision up again: a change made here shows at once;
//! - a write by another process (a second replica, a script) is seen at the next look-up,
//!   made at least every `recheck` (GOPY_PAGE_RECHECK_MS, one second by default);
//! - time alone changes a page at the next local midnight ("còn 5 ngày") and when the
//!   comment period opens or closes, so an entry also expires then.
//!
//! Between look-ups a hit costs no database work at all, which is what lets a long draft
//! be served at close to the rate of a static file.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use bytes::Bytes;
use chrono::{Duration, NaiveDateTime};

/// A rendered page, and the same page gzipped once, so that the phones that ask for it
/// (every browser does) get a fraction of the bytes without a compression per request.
#[derive(Clone)]
pub struct CachedPage {
    pub html: Bytes,
    pub gzip: Bytes,
}

impl CachedPage {
    pub fn new(html: Bytes) -> Self {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(
            Vec::with_capacity(html.len() / 4),
            flate2::Compression::default(),
        );
        // Writing to a Vec cannot fail.
        let gzip = enc
            .write_all(&html)
            .and_then(|_| enc.finish())
            .unwrap_or_default();
        CachedPage {
            html,
            gzip: gzip.into(),
        }
    }
}

struct Entry {
    revision: i64,
    valid_until: NaiveDateTime,
    page: CachedPage,
    /// When the revision was last confirmed, and the write generation then.
    checked_at: NaiveDateTime,
    checked_generation: u64,
}

pub struct PageCache {
    entries: RwLock<HashMap<String, Entry>>,
    capacity: usize,
    recheck: Duration,
    /// Turns to render: a request that misses takes the turn of its key's stripe, then
    /// looks again, so that concurrent misses of one page wait for a single render
    /// instead of each reading the draft (single flight). A fixed set of stripes keeps
    /// memory bounded whatever keys anonymous clients choose; two pages that share a
    /// stripe only render one after the other.
    turns: Vec<tokio::sync::Mutex<()>>,
}

/// Stripes of [`PageCache::turns`]: more than the renders that can usefully run at once.
const RENDER_TURNS: usize = 64;

impl PageCache {
    pub fn new(capacity: usize, recheck: Duration) -> Self {
        PageCache {
            entries: RwLock::new(HashMap::new()),
            capacity,
            recheck,
            turns: (0..RENDER_TURNS)
                .map(|_| tokio::sync::Mutex::new(()))
                .collect(),
        }
    }

    /// The turn to render `key`: held across the render and the `put`, and released
    /// when dropped.
    pub async fn render_turn(&self, key: &str) -> tokio::sync::MutexGuard<'_, ()> {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let stripe = BuildHasherDefault::<DefaultHasher>::default().hash_one(key) as usize
            % self.turns.len();
        self.turns[stripe].lock().await
    }

    /// The page, if it can be served without asking the database: nothing was written
    /// in this process since its revision was confirmed, recently enough.
    pub fn fresh(&self, key: &str, now: NaiveDateTime, generation: u64) -> Option<CachedPage> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| {
                e.checked_generation == generation
                    && now < e.checked_at + self.recheck
                    && now < e.valid_until
            })
            .map(|e| e.page.clone())
    }

    /// The page, if the revision just read from the database (at `generation`) is the one
    /// it was rendered from; records the confirmation.
    pub fn confirm(
        &self,
        key: &str,
        revision: i64,
        now: NaiveDateTime,
        generation: u64,
    ) -> Option<CachedPage> {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let e = entries
            .get_mut(key)
            .filter(|e| e.revision == revision && now < e.valid_until)?;
        e.checked_at = now;
        e.checked_generation = generation;
        Some(e.page.clone())
    }

    /// Stores a page rendered from `revision`, read at `generation`.
    pub fn put(
        &self,
        key: String,
        revision: i64,
        valid_until: NaiveDateTime,
        now: NaiveDateTime,
        generation: u64,
        page: CachedPage,
    ) {
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
                page,
                checked_at: now,
                checked_generation: generation,
            },
        );
    }
}

/// Public pages that list many drafts, comments or answers (the home page, the lists,
/// an agency, the comments of a draft, the report): each address is rendered at most
/// once per `ttl` in this process, and concurrent requests that miss wait for that one
/// render instead of each running the same queries.
///
/// A write through `Db::write` here moves the write generation on, so the next request
/// renders afresh: a change made through this process shows at once. A change made by
/// another process, or by time alone ("còn 5 ngày"), shows within `ttl`
/// (GOPY_PAGE_RECHECK_MS), the same promise the draft page makes.
pub struct RenderCache {
    flights: Mutex<HashMap<String, Arc<Flight>>>,
    capacity: usize,
    ttl: std::time::Duration,
}

/// One render of one address: started at `started`, from the data as of `generation`.
struct Flight {
    generation: u64,
    started: Instant,
    page: tokio::sync::OnceCell<CachedPage>,
}

/// Addresses longer than this are rendered without being kept: the keys are chosen by
/// anonymous clients, so each one's memory must be bounded.
const MAX_KEY: usize = 512;

impl RenderCache {
    pub fn new(capacity: usize, ttl: std::time::Duration) -> Self {
        RenderCache {
            flights: Mutex::new(HashMap::new()),
            capacity,
            ttl,
        }
    }

    /// The page at `key`, rendered by `render` unless a render from the same generation
    /// began less than `ttl` ago (in which case this waits for it). A failed render is
    /// not kept: the next request tries again.
    pub async fn get_or_render<E, F, Fut>(
        &self,
        key: &str,
        generation: u64,
        render: F,
    ) -> Result<CachedPage, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<maud::Markup, E>>,
    {
        let render = || async move {
            let markup = render().await?;
            Ok::<_, E>(CachedPage::new(markup.into_string().into()))
        };
        let Some(flight) = self.flight(key, generation) else {
            return render().await;
        };
        flight.page.get_or_try_init(render).await.cloned()
    }

    fn flight(&self, key: &str, generation: u64) -> Option<Arc<Flight>> {
        if self.capacity == 0 || key.len() > MAX_KEY {
            return None;
        }
        let now = Instant::now();
        let fresh = |f: &Flight| f.generation == generation && now < f.started + self.ttl;
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = flights.get(key).filter(|f| fresh(f)) {
            return Some(f.clone());
        }
        if flights.len() >= self.capacity && !flights.contains_key(key) {
            // Expired renders go first; if every kept page is still fresh, this one is
            // rendered without being kept, so that memory stays bounded.
            flights.retain(|_, f| fresh(f));
            if flights.len() >= self.capacity {
                return None;
            }
        }
        let f = Arc::new(Flight {
            generation,
            started: now,
            page: tokio::sync::OnceCell::new(),
        });
        flights.insert(key.to_string(), f.clone());
        Some(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> CachedPage {
        CachedPage::new(Bytes::from(s.to_string()))
    }

    #[test]
    fn a_write_here_or_the_recheck_interval_sends_the_next_hit_to_the_database() {
        let cache = PageCache::new(10, Duration::seconds(1));
        let now = crate::domain::time::now_utc();
        cache.put(
            "a:0".into(),
            3,
            now + Duration::hours(1),
            now,
            7,
            page("v3"),
        );
        assert_eq!(cache.fresh("a:0", now, 7).unwrap().html, "v3");
        assert!(cache.fresh("a:0", now, 8).is_none(), "a write happened");
        assert!(
            cache.fresh("a:0", now + Duration::seconds(2), 7).is_none(),
            "time to look again"
        );
        // The database says revision 3 is still current: served, and fresh again.
        assert!(cache.confirm("a:0", 3, now, 8).is_some());
        assert!(cache.fresh("a:0", now, 8).is_some());
        // The database says revision 4: the cached page is stale.
        assert!(cache.confirm("a:0", 4, now, 9).is_none());
    }

    #[test]
    fn time_alone_expires_a_page() {
        let cache = PageCache::new(10, Duration::seconds(60));
        let now = crate::domain::time::now_utc();
        cache.put(
            "a:0".into(),
            1,
            now + Duration::seconds(5),
            now,
            0,
            page("x"),
        );
        assert!(cache.fresh("a:0", now + Duration::seconds(6), 0).is_none());
        assert!(
            cache
                .confirm("a:0", 1, now + Duration::seconds(6), 0)
                .is_none()
        );
    }

    #[test]
    fn the_gzip_copy_is_the_same_page() {
        use std::io::Read;
        let p = page(&"Điều 1. ".repeat(1000));
        assert!(p.gzip.len() < p.html.len() / 10);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&p.gzip[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back.as_bytes(), &p.html[..]);
    }

    #[test]
    fn memory_stays_bounded() {
        let cache = PageCache::new(2, Duration::seconds(1));
        let now = crate::domain::time::now_utc();
        for i in 0..5 {
            cache.put(
                format!("{i}"),
                1,
                now + Duration::hours(1),
                now,
                0,
                page(""),
            );
        }
        assert!(cache.entries.read().unwrap().len() <= 2);
    }

    #[tokio::test]
    async fn concurrent_misses_share_one_render() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cache = Arc::new(RenderCache::new(10, std::time::Duration::from_secs(60)));
        let renders = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (cache, renders) = (cache.clone(), renders.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_render("/", 1, || async {
                        renders.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, ()>(maud::html! { p { "trang chủ" } })
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().html, "<p>trang chủ</p>");
        }
        assert_eq!(
            renders.load(Ordering::SeqCst),
            1,
            "one render for eight requests"
        );
        // A write moved the generation on: rendered again.
        cache
            .get_or_render("/", 2, || async {
                renders.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(maud::html! { p { "mới" } })
            })
            .await
            .unwrap();
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_render_is_not_kept_and_memory_is_bounded() {
        let cache = RenderCache::new(2, std::time::Duration::from_secs(60));
        let failed = cache
            .get_or_render("/", 1, || async { Err::<maud::Markup, _>("down") })
            .await;
        assert!(failed.is_err());
        let page = cache
            .get_or_render("/", 1, || async { Ok::<_, ()>(maud::html! { "ok" }) })
            .await
            .unwrap();
        assert_eq!(page.html, "ok");
        for i in 0..10 {
            cache
                .get_or_render(&format!("/du-thao?trang={i}"), 1, || async {
                    Ok::<_, ()>(maud::html! { "x" })
                })
                .await
                .unwrap();
        }
        assert!(cache.flights.lock().unwrap().len() <= 2);
    }
}
