//! Rate limits against abuse, with governor: per client address for submitting and for
//! confirming, and per e-mail address for submitting. Over a limit the client gets 429,
//! a Retry-After header and a page that says when to try again.
//!
//! A small middleware of our own (actix-governor is GPL-licensed). The limiters live in
//! AppState, so every test has its own, and are pruned every minute so that their memory
//! stays bounded however many addresses pass by.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::app::AppState;
use crate::config::{Config, RateQuota};
use crate::error::AppError;

pub struct Limiter<K: Hash + Eq + Clone> {
    inner: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn new(q: RateQuota) -> Self {
        let burst = NonZeroU32::new(q.count).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(q.period / q.count.max(1))
            .unwrap_or_else(|| Quota::per_second(burst))
            .allow_burst(burst);
        Limiter {
            inner: RateLimiter::keyed(quota),
        }
    }

    /// Ok, or how long to wait before the next attempt is allowed.
    pub fn check(&self, key: &K) -> Result<(), Duration> {
        self.inner
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn prune(&self) {
        self.inner.retain_recent();
        self.inner.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.inner.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }
}

pub struct Limits {
    pub submit_ip: Limiter<IpAddr>,
    pub submit_email: Limiter<String>,
    pub confirm_ip: Limiter<IpAddr>,
    pub login_ip: Limiter<IpAddr>,
    /// Keyed by the account name typed, existing or not.
    pub login_account: Limiter<String>,
    pub search_ip: Limiter<IpAddr>,
}

impl Limits {
    pub fn new(c: &Config) -> Self {
        Limits {
            submit_ip: Limiter::new(c.rate_submit_ip),
            submit_email: Limiter::new(c.rate_submit_email),
            confirm_ip: Limiter::new(c.rate_confirm_ip),
            login_ip: Limiter::new(c.rate_login_ip),
            login_account: Limiter::new(c.rate_login_account),
            search_ip: Limiter::new(c.rate_search_ip),
        }
    }

    /// Forgets keys whose quota has fully recovered.
    pub fn prune(&self) {
        self.submit_ip.prune();
        self.submit_email.prune();
        self.confirm_ip.prune();
        self.login_ip.prune();
        self.login_account.prune();
        self.search_ip.prune();
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
        let ip = client_ip(req.request(), state.config.trust_proxy);
        let limiter = match which {
            PerAddress::Submit => &state.limits.submit_ip,
            PerAddress::Confirm | PerAddress::MailAgain => &state.limits.confirm_ip,
            PerAddress::Search => &state.limits.search_ip,
        };
        if let Err(wait) = limiter.check(&ip) {
            let resp = actix_web::ResponseError::error_response(&AppError::TooManyRequests(wait));
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
        let l: Limiter<String> = Limiter::new(RateQuota::parse("3/h").unwrap());
        for _ in 0..3 {
            assert!(l.check(&"a".to_string()).is_ok());
        }
        let wait = l.check(&"a".to_string()).unwrap_err();
        assert!(wait > Duration::from_secs(60 * 10), "{wait:?}");
        assert!(
            l.check(&"b".to_string()).is_ok(),
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
}

#[cfg(test)]
mod memory {
    use super::*;

    #[test]
    fn pruning_forgets_addresses_whose_quota_has_recovered() {
        let l: Limiter<u32> = Limiter::new(RateQuota::parse("1/s").unwrap());
        for key in 0..10_000 {
            l.check(&key).unwrap();
        }
        assert_eq!(l.len(), 10_000);
        // governor keeps a key until its state is indistinguishable from a fresh one: one
        // replenishment interval after the last one has been used up.
        std::thread::sleep(Duration::from_millis(2200));
        l.prune();
        assert_eq!(
            l.len(),
            0,
            "memory is bounded by recent activity, not by history"
        );
    }
}
