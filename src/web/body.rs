//! How long a client may take to send a request's body. A client that sends a large
//! body slowly holds the memory read so far; a body that never ends (a multipart upload
//! without its closing boundary) would hold it for good. Every body must arrive within
//! a deadline that grows with its announced length, or the request ends with 408.
//!
//! Each route also has a body limit of its own (see `app` and the route tables): the
//! deadline bounds the time, the limit the size.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::Next;
use bytes::Bytes;
use futures_core::Stream;

use crate::error::error_page;
use crate::i18n::VI;

/// A rate even a slow mobile connection keeps up: 32 KB/s.
const MIN_RATE: u64 = 32 * 1024;
/// The longest any body may take.
const MAX: Duration = Duration::from_secs(600);
/// A body without a length (chunked) gets this long.
const UNKNOWN_LENGTH: Duration = Duration::from_secs(30);

/// The deadline of a body of `length` bytes (None: not announced), when any body gets
/// `base` (GOPY_BODY_SECONDS) plus its length at `MIN_RATE`.
pub fn deadline_for(base: Duration, length: Option<u64>) -> Duration {
    match length {
        Some(n) => (base + Duration::from_secs(n / MIN_RATE)).min(MAX),
        None => (base * 3).min(UNKNOWN_LENGTH.max(base)),
    }
}

struct Deadline {
    inner: Payload,
    sleep: Pin<Box<tokio::time::Sleep>>,
    expired: Arc<AtomicBool>,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.expired.load(Ordering::Relaxed) {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(item) => Poll::Ready(item),
            Poll::Pending => match this.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.expired.store(true, Ordering::Relaxed);
                    Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the request body did not arrive in time",
                    )))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// Gives the request's body its deadline; a request whose body missed it is answered
/// 408 with a page that says so, whatever the handler made of the broken body.
pub async fn deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let base = req
        .app_data::<actix_web::web::Data<crate::web::AppState>>()
        .map_or(Duration::from_secs(10), |s| {
            Duration::from_secs(s.config.server.body_seconds)
        });
    let expired = Arc::new(AtomicBool::new(false));
    let inner = req.take_payload();
    let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(Deadline {
        inner,
        sleep: Box::pin(tokio::time::sleep(deadline_for(base, length))),
        expired: expired.clone(),
    });
    req.set_payload(Payload::from(stream));
    let res = next.call(req).await?;
    if expired.load(Ordering::Relaxed) {
        tracing::warn!(path = %res.request().path(), "request body too slow; refused");
        let mut resp = error_page(StatusCode::REQUEST_TIMEOUT, Some(VI.body_too_slow));
        resp.headers_mut().insert(
            header::CONNECTION,
            header::HeaderValue::from_static("close"),
        );
        return Ok(res.into_response(resp).map_into_right_body());
    }
    Ok(res.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deadline_grows_with_the_length_and_is_bounded() {
        let base = Duration::from_secs(10);
        assert_eq!(deadline_for(base, Some(0)), base);
        assert_eq!(
            deadline_for(base, Some(8 * 1024 * 1024)),
            base + Duration::from_secs(256)
        );
        assert_eq!(deadline_for(base, Some(u64::MAX)), MAX);
        assert_eq!(deadline_for(base, None), Duration::from_secs(30));
    }
}
