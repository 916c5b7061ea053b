//! Rate limits against abuse, with governor: per client address for submitting and for
//! confirming, and per e-mail address for submitting. Over a limit the client gets 429,
//! a Retry-After header and a page that says when to try again.
//!
//! A small middleware of our own (actix-governor is GPL-licensed). The limiters live in
//! AppState, so every test has its own, and are pruned every minute so that their memory
//! stays bounded however many addresses pass by.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, web};
use governor::clock::{Clock, DefaultClock};
use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::{Quota, RateLimiter};
use sha2::{Digest, Sha256};

use crate::config::{Config, RateQuota};
use crate::db;
use crate::db::queries::rate_limits::{self, Gcra};
use crate::error::AppError;
use crate::web::AppState;

/// The rate-limiting state of each key, at most `cap` keys. A new key past the cap
/// pushes out the key least recently allowed through (the oldest), so that keys chosen
/// by anonymous clients can never take more memory than the cap allows.
pub struct BoundedStore<K> {
    inner: std::sync::Arc<Table<K>>,
}

struct Table<K> {
    slots: Mutex<Slots<K>>,
    cap: usize,
}

/// The limiter and its pruning share one table.
impl<K> Clone for BoundedStore<K> {
    fn clone(&self) -> Self {
        BoundedStore {
            inner: self.inner.clone(),
        }
    }
}

struct Slots<K> {
    by_key: HashMap<K, Slot>,
    /// Keys by the order they were last allowed through, oldest first.
    by_age: BTreeMap<u64, K>,
    next: u64,
}

struct Slot {
    /// governor's theoretical arrival time for the key.
    tat: Nanos,
    age: u64,
    touched: Instant,
}

impl<K: Hash + Eq + Clone> BoundedStore<K> {
    fn new(cap: usize) -> Self {
        BoundedStore {
            inner: std::sync::Arc::new(Table {
                slots: Mutex::new(Slots {
                    by_key: HashMap::new(),
                    by_age: BTreeMap::new(),
                    next: 0,
                }),
                cap: cap.max(1),
            }),
        }
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, Slots<K>> {
        self.inner.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets keys untouched for `idle`: their quota has fully recovered, so they are
    /// the same as keys never seen.
    fn forget_idle(&self, idle: Duration) {
        let now = Instant::now();
        let mut s = self.slots();
        let Slots { by_key, by_age, .. } = &mut *s;
        by_key.retain(|_, slot| {
            let keep = now.duration_since(slot.touched) < idle;
            if !keep {
                by_age.remove(&slot.age);
            }
            keep
        });
        by_key.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.slots().by_key.len()
    }
}

impl<K: Hash + Eq + Clone> StateStore for BoundedStore<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut s = self.slots();
        let (out, tat) = f(s.by_key.get(key).map(|slot| slot.tat))?;
        let age = s.next;
        s.next += 1;
        let touched = Instant::now();
        let Slots { by_key, by_age, .. } = &mut *s;
        match by_key.get_mut(key) {
            Some(slot) => {
                by_age.remove(&slot.age);
                *slot = Slot { tat, age, touched };
            }
            None => {
                while by_key.len() >= self.inner.cap {
                    match by_age.pop_first() {
                        Some((_, oldest)) => {
                            by_key.remove(&oldest);
                        }
                        None => break,
                    }
                }
                by_key.insert(key.clone(), Slot { tat, age, touched });
            }
        }
        by_age.insert(age, key.clone());
        Ok(out)
    }
}

pub struct Limiter<K: Hash + Eq + Clone> {
    inner: RateLimiter<K, BoundedStore<K>, DefaultClock>,
    store: BoundedStore<K>,
    /// After this long untouched, a key's quota has fully recovered.
    recovery: Duration,
    /// Kept where several processes share it as well (PostgreSQL, or Redis): the limit's
    /// name there and its parameters.
    shared: Option<(SharedStore, &'static str, Gcra)>,
}

/// Where limits shared by several processes are kept.
#[derive(Clone)]
pub enum SharedStore {
    /// The `rate_limits` table of the portal's PostgreSQL database, decided in batches.
    Database(DatabaseLimits),
    /// A Redis server (GOPY_REDIS_URL): one key per limited key, expiring when its quota
    /// has recovered.
    Redis(redis::aio::MultiplexedConnection),
}

/// Requests decided together at most, in one statement per bucket.
const LIMITS_BATCH: usize = 512;

/// Batches decided side by side: while one is on its way to the database, the next
/// fills up.
const LIMITS_IN_FLIGHT: usize = 2;

/// Requests that may wait for a batch; a request beyond them waits for room.
const LIMITS_QUEUE: usize = 4096;

/// One request waiting for its batch.
struct Waiting {
    request: rate_limits::Request,
    answer: tokio::sync::oneshot::Sender<Result<Result<(), i64>, String>>,
}

/// Limits kept in the database. Each check was a statement of its own, and under a
/// flood of submissions (two limits each) those statements cost PostgreSQL more than
/// the comments' shared commits: the checks waiting at one moment are now decided
/// together (`rate_limits::take_many`), the way group commit writes comments.
#[derive(Clone)]
pub struct DatabaseLimits {
    db: db::Db,
    queue: tokio::sync::mpsc::Sender<Waiting>,
}

impl DatabaseLimits {
    /// Starts the tasks that decide the batches; they end when every handle is dropped.
    pub fn start(db: db::Db) -> Self {
        let (queue, waiting) = tokio::sync::mpsc::channel(LIMITS_QUEUE);
        let waiting = std::sync::Arc::new(tokio::sync::Mutex::new(waiting));
        for _ in 0..LIMITS_IN_FLIGHT {
            tokio::spawn(Self::decide(db.clone(), waiting.clone()));
        }
        DatabaseLimits { db, queue }
    }

    async fn decide(
        db: db::Db,
        waiting: std::sync::Arc<tokio::sync::Mutex<tokio::sync::mpsc::Receiver<Waiting>>>,
    ) {
        loop {
            let mut batch = Vec::new();
            {
                let mut queue = waiting.lock().await;
                if queue.recv_many(&mut batch, LIMITS_BATCH).await == 0 {
                    return;
                }
            }
            let requests: Vec<_> = batch.iter().map(|w| w.request.clone()).collect();
            let now = chrono::Utc::now().timestamp_micros();
            let decided = db
                .run_unhurried(move |c| {
                    rate_limits::take_many(c, now, &requests).map_err(db::DbError::Query)
                })
                .await;
            match decided {
                Ok(answers) => {
                    for (w, answer) in batch.into_iter().zip(answers) {
                        // The request may have gone (its client left): nothing to tell.
                        let _ = w.answer.send(Ok(answer));
                    }
                }
                Err(e) => {
                    let e = e.to_string();
                    for w in batch {
                        let _ = w.answer.send(Err(e.clone()));
                    }
                }
            }
        }
    }

    async fn take(&self, request: rate_limits::Request) -> Result<Result<(), i64>, String> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.queue
            .send(Waiting { request, answer })
            .await
            .map_err(|_| "the shared limits' tasks have stopped".to_string())?;
        answered
            .await
            .map_err(|_| "the shared limits' task stopped before answering".to_string())?
    }
}

/// GCRA in one atomic step on Redis, as `db::queries::rate_limits::take` does it in
/// SQL. KEYS[1]: the key; ARGV: now, the interval, the tolerance (microseconds).
/// Returns 0 when the request is allowed, else the microseconds to wait.
const REDIS_GCRA: &str = r"
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if tat < now then tat = now end
if tat + interval - now > tolerance + interval then
  return math.max(tat - tolerance - now, 1)
end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil((tat + interval - now) / 1000))
return 0
";

impl SharedStore {
    /// Takes one request of `key` in `bucket`: Ok, or the microseconds to wait.
    async fn take(
        &self,
        bucket: &'static str,
        key: String,
        g: Gcra,
    ) -> Result<Result<(), i64>, String> {
        let now = chrono::Utc::now().timestamp_micros();
        match self {
            SharedStore::Database(limits) => {
                limits
                    .take(rate_limits::Request {
                        bucket,
                        key,
                        gcra: g,
                    })
                    .await
            }
            SharedStore::Redis(conn) => {
                let wait: i64 = redis::Script::new(REDIS_GCRA)
                    .key(format!("gopy:rate:{bucket}:{key}"))
                    .arg(now)
                    .arg(g.interval_us)
                    .arg(g.tolerance_us)
                    .invoke_async(&mut conn.clone())
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(if wait > 0 { Err(wait) } else { Ok(()) })
            }
        }
    }
}

/// A limited key as the shared table stores it.
pub trait SharedKey {
    fn shared_key(&self) -> String;
}

impl SharedKey for IpAddr {
    fn shared_key(&self) -> String {
        self.to_string()
    }
}

impl SharedKey for TextKey {
    fn shared_key(&self) -> String {
        self.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl SharedKey for crate::domain::ids::AccountId {
    fn shared_key(&self) -> String {
        self.get().to_string()
    }
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn new(q: RateQuota, cap: usize) -> Self {
        let burst = NonZeroU32::new(q.count).unwrap_or(NonZeroU32::MIN);
        let interval = q.period / q.count.max(1);
        let quota = Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(burst))
            .allow_burst(burst);
        let store = BoundedStore::new(cap);
        Limiter {
            inner: RateLimiter::new(quota, store.clone(), DefaultClock::default()),
            store,
            recovery: q.period,
            shared: None,
        }
    }

    /// This process's own limiter only.
    pub fn check_here(&self, key: &K) -> Result<(), Duration> {
        self.inner
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn prune(&self) {
        self.store.forget_idle(self.recovery);
    }

    pub fn len(&self) -> usize {
        self.store.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<K: Hash + Eq + Clone + SharedKey> Limiter<K> {
    /// The same limit, shared through `store` with every process that uses it, under
    /// `bucket`.
    pub fn shared(mut self, q: RateQuota, store: &SharedStore, bucket: &'static str) -> Self {
        let interval = i64::try_from((q.period / q.count.max(1)).as_micros())
            .unwrap_or(i64::MAX)
            .max(1);
        let gcra = Gcra {
            interval_us: interval,
            tolerance_us: interval.saturating_mul(i64::from(q.count.max(1)) - 1),
        };
        self.shared = Some((store.clone(), bucket, gcra));
        self
    }

    /// Ok, or how long to wait before the next attempt is allowed. This process's own
    /// limiter answers first (a flood costs the shared store nothing past this process's
    /// share); when the limit is shared, the store then decides for all processes.
    pub async fn check(&self, key: &K) -> Result<(), Duration> {
        self.check_here(key)?;
        let Some((store, bucket, gcra)) = &self.shared else {
            return Ok(());
        };
        let decided = store.take(bucket, key.shared_key(), *gcra).await;
        match decided {
            Ok(Ok(())) => Ok(()),
            Ok(Err(wait_us)) => Err(Duration::from_micros(wait_us.unsigned_abs())),
            Err(e) => {
                // The shared store is unreachable: this process's own limit still holds.
                tracing::warn!(error = %e, bucket, "shared rate limit unavailable");
                Ok(())
            }
        }
    }
}

/// A limiter key for text a client chose (an e-mail, an account name): a fixed-size
/// digest, so that a long name costs no more memory than a short one.
pub type TextKey = [u8; 16];

pub fn text_key(scope: &str, text: &str) -> TextKey {
    let digest = Sha256::new()
        .chain_update(scope.as_bytes())
        .chain_update([0])
        .chain_update(text.as_bytes())
        .finalize();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The per-address key of a client: an IPv4 address, or the /64 network of an IPv6 one
/// (one subscriber usually holds a whole /64, so its addresses are one client).
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(bits.into())
            }
        },
    }
}

pub struct Limits {
    pub submit_ip: Limiter<IpAddr>,
    pub submit_email: Limiter<TextKey>,
    pub confirm_ip: Limiter<IpAddr>,
    pub login_ip: Limiter<IpAddr>,
    /// Sign-in attempts from a browser that has not signed in to the account before,
    /// per account name and client address: an attacker elsewhere cannot use up the
    /// owner's attempts.
    pub login_account: Limiter<TextKey>,
    /// Sign-in attempts from a browser that has signed in to the account before, per
    /// account and browser: no one without that browser's cookie can use them up.
    pub login_device: Limiter<TextKey>,
    /// Current-password checks when a staff member changes their password, per account.
    pub password_check: Limiter<crate::domain::ids::AccountId>,
    pub search_ip: Limiter<IpAddr>,
    /// Where the limits are shared, if they are.
    shared: Option<SharedStore>,
}

impl Limits {
    /// The limits of the settings. With `shared` (Redis, or the PostgreSQL database,
    /// where several processes may serve together), each is kept there as well.
    pub fn new(c: &Config, shared: Option<SharedStore>) -> Self {
        let shared = shared.as_ref();
        let cap = c.comments.rate_max_keys;
        fn limit<K: Hash + Eq + Clone + SharedKey>(
            q: RateQuota,
            cap: usize,
            shared: Option<&SharedStore>,
            bucket: &'static str,
        ) -> Limiter<K> {
            let l = Limiter::new(q, cap);
            match shared {
                Some(store) => l.shared(q, store, bucket),
                None => l,
            }
        }
        Limits {
            submit_ip: limit(c.comments.rate_submit_ip, cap, shared, "submit_ip"),
            submit_email: limit(c.comments.rate_submit_email, cap, shared, "submit_email"),
            confirm_ip: limit(c.comments.rate_confirm_ip, cap, shared, "confirm_ip"),
            login_ip: limit(c.console.rate_login_ip, cap, shared, "login_ip"),
            login_account: limit(c.console.rate_login_account, cap, shared, "login_account"),
            login_device: limit(c.console.rate_login_account, cap, shared, "login_device"),
            password_check: limit(c.console.rate_login_account, cap, shared, "password_check"),
            search_ip: limit(c.search.rate_search_ip, cap, shared, "search_ip"),
            shared: shared.cloned(),
        }
    }

    /// Forgets keys whose quota has fully recovered; called every minute.
    pub fn prune(&self) {
        self.submit_ip.prune();
        self.submit_email.prune();
        self.confirm_ip.prune();
        self.login_ip.prune();
        self.login_account.prune();
        self.login_device.prune();
        self.password_check.prune();
        self.search_ip.prune();
    }

    /// Runs for the life of the server.
    pub async fn prune_every_minute(state: web::Data<AppState>) {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            state.limits.prune();
            // Redis forgets recovered keys by itself (each expires with its quota).
            if let Some(SharedStore::Database(limits)) = &state.limits.shared {
                let now = chrono::Utc::now().timestamp_micros();
                let forgot = limits
                    .db
                    .run(move |c| rate_limits::forget_recovered(c, now).map_err(db::DbError::Query))
                    .await;
                if let Err(e) = forgot {
                    tracing::warn!(error = %e, "shared rate limits not pruned");
                }
            }
        }
    }
}

/// The client's address: the socket's peer, or, when the portal runs behind a proxy
/// that it trusts (GOPY_TRUST_PROXY), the last address that proxy appended to
/// X-Forwarded-For. Earlier entries are whatever the client claimed and are ignored.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> IpAddr {
    if trust_proxy
        && let Some(ip) = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .last()
    {
        return ip;
    }
    req.peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// Which per-address limit a route is under.
#[derive(Clone, Copy, Debug)]
pub enum PerAddress {
    /// Comment submissions: POST only (reading the form is free).
    Submit,
    /// Confirmation links, both showing and using them (they are guessable by brute
    /// force only if unlimited).
    Confirm,
    /// Searches, page and JSON alike: each costs a full-text query.
    Search,
    /// Asking for a comment's mail again (POST only): shares the confirmation limit.
    MailAgain,
}

pub async fn per_address(
    which: PerAddress,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let limited = match which {
        PerAddress::Submit | PerAddress::MailAgain => req.method() == Method::POST,
        PerAddress::Confirm | PerAddress::Search => true,
    };
    if limited && let Some(state) = req.app_data::<web::Data<AppState>>().cloned() {
        let ip = address_key(client_ip(req.request(), state.config.server.trust_proxy));
        let limiter = match which {
            PerAddress::Submit => &state.limits.submit_ip,
            PerAddress::Confirm | PerAddress::MailAgain => &state.limits.confirm_ip,
            PerAddress::Search => &state.limits.search_ip,
        };
        if let Err(wait) = limiter.check(&ip).await {
            let resp = crate::web::error_for(req.request(), &AppError::TooManyRequests(wait));
            return Ok(req.into_response(resp).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_limit_holds_per_key() {
        let l: Limiter<String> = Limiter::new(RateQuota::parse("3/h").unwrap(), 100);
        for _ in 0..3 {
            assert!(l.check_here(&"a".to_string()).is_ok());
        }
        let wait = l.check_here(&"a".to_string()).unwrap_err();
        assert!(wait > Duration::from_secs(60 * 10), "{wait:?}");
        assert!(
            l.check_here(&"b".to_string()).is_ok(),
            "another key has its own quota"
        );
    }

    #[test]
    fn the_forwarded_address_is_read_only_when_trusted() {
        let req = actix_web::test::TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.2.3.4, 203.0.113.9"))
            .to_http_request();
        assert_eq!(
            client_ip(&req, false),
            "10.0.0.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            client_ip(&req, true),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let a = address_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = address_key("2001:db8:1:2:ffff:1:2:3".parse().unwrap());
        let c = address_key("2001:db8:1:3::1".parse().unwrap());
        assert_eq!(a, b, "one /64, one client");
        assert_ne!(a, c);
        assert_eq!(
            address_key("::ffff:192.0.2.7".parse().unwrap()),
            "192.0.2.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            address_key("192.0.2.7".parse().unwrap()),
            "192.0.2.7".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn text_keys_are_small_and_scoped() {
        let long = "a".repeat(8 * 1024 * 1024);
        assert_eq!(text_key("login", &long).len(), 16);
        assert_ne!(text_key("login", "x"), text_key("mail", "x"));
    }
}

#[cfg(test)]
mod memory {
    use super::*;

    #[test]
    fn pruning_forgets_addresses_whose_quota_has_recovered() {
        let l: Limiter<u32> = Limiter::new(RateQuota::parse("1/s").unwrap(), 100_000);
        for key in 0..10_000 {
            l.check_here(&key).unwrap();
        }
        assert_eq!(l.len(), 10_000);
        std::thread::sleep(Duration::from_millis(1100));
        l.prune();
        assert_eq!(
            l.len(),
            0,
            "memory is bounded by recent activity, not by history"
        );
    }

    #[test]
    fn past_the_cap_the_oldest_keys_go_first() {
        let l: Limiter<u32> = Limiter::new(RateQuota::parse("1/h").unwrap(), 1_000);
        for key in 0..5_000 {
            l.check_here(&key).unwrap();
        }
        assert_eq!(l.len(), 1_000, "never more keys than the cap");
        assert!(
            l.check_here(&4_999).is_err(),
            "the newest keys keep their state"
        );
        assert!(l.check_here(&0).is_ok(), "the oldest were forgotten");
    }
}
