//! Protection of every state-changing form against cross-site requests, in two layers:
//!
//! 1. the browser's own word: a request whose `Sec-Fetch-Site` says `cross-site`, or whose
//!    `Origin` is neither this site's address nor the host it was sent to, is refused;
//! 2. a token: a random value in an HttpOnly, SameSite=Lax cookie, repeated in a hidden
//!    field of the form, and compared in constant time (another site can neither read
//!    the cookie nor guess the value).

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header;
use subtle::ConstantTimeEq;

use super::token;

pub const COOKIE: &str = "gopy_csrf";

/// The token for a form about to be shown, and the cookie to set when the browser does
/// not hold one yet.
pub fn token_for(req: &HttpRequest, secure: bool) -> (String, Option<Cookie<'static>>) {
    if let Some(c) = req.cookie(COOKIE)
        && token::looks_like_token(c.value())
    {
        return (c.value().to_string(), None);
    }
    let value = token::new_token();
    let cookie = Cookie::build(COOKIE, value.clone())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish();
    (value, Some(cookie))
}

#[derive(Debug, PartialEq, Eq)]
pub enum CsrfFailure {
    /// The browser says the request comes from another site.
    CrossSite,
    /// The form's token is missing or does not match the cookie (an old page, cookies
    /// cleared, or a forgery).
    BadToken,
}

/// Checks a submitted form. `base_url` is the site's public address.
pub fn verify(req: &HttpRequest, form_token: &str, base_url: &str) -> Result<(), CsrfFailure> {
    if !same_origin(req, base_url) {
        return Err(CsrfFailure::CrossSite);
    }
    let cookie = req.cookie(COOKIE);
    let matches = cookie.as_ref().is_some_and(|c| {
        token::looks_like_token(c.value())
            && bool::from(c.value().as_bytes().ct_eq(form_token.as_bytes()))
    });
    if matches {
        Ok(())
    } else {
        Err(CsrfFailure::BadToken)
    }
}

/// Checks a submitted form against a token the server keeps (a staff session's), as well
/// as the request's origin.
pub fn verify_against(
    req: &HttpRequest,
    form_token: &str,
    expected: &str,
    base_url: &str,
) -> Result<(), CsrfFailure> {
    if !same_origin(req, base_url) {
        return Err(CsrfFailure::CrossSite);
    }
    if !form_token.is_empty() && bool::from(expected.as_bytes().ct_eq(form_token.as_bytes())) {
        Ok(())
    } else {
        Err(CsrfFailure::BadToken)
    }
}

/// Whether the request was sent by a page of this site, as far as the browser tells.
/// Requests without either header (old browsers, command-line tools) fall back on the
/// token alone.
pub fn same_origin(req: &HttpRequest, base_url: &str) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site.eq_ignore_ascii_case("cross-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == "null" {
        return false;
    }
    if origin.trim_end_matches('/') == base_url.trim_end_matches('/') {
        return true;
    }
    // Behind a proxy or on a test port the public address may differ from what the
    // browser typed: the Host the request was sent to is then the reference.
    let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or(origin);
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    !host.is_empty() && authority.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    const BASE: &str = "https://gopy.example.vn";

    #[test]
    fn a_matching_cookie_and_field_pass() {
        let t = token::new_token();
        let req = TestRequest::post()
            .cookie(Cookie::new(COOKIE, t.clone()))
            .to_http_request();
        assert_eq!(verify(&req, &t, BASE), Ok(()));
        assert_eq!(
            verify(&req, &token::new_token(), BASE),
            Err(CsrfFailure::BadToken)
        );
        let no_cookie = TestRequest::post().to_http_request();
        assert_eq!(verify(&no_cookie, &t, BASE), Err(CsrfFailure::BadToken));
    }

    #[test]
    fn cross_site_requests_are_refused_whatever_the_token() {
        let t = token::new_token();
        let req = TestRequest::post()
            .cookie(Cookie::new(COOKIE, t.clone()))
            .insert_header(("sec-fetch-site", "cross-site"))
            .to_http_request();
        assert_eq!(verify(&req, &t, BASE), Err(CsrfFailure::CrossSite));
        let req = TestRequest::post()
            .cookie(Cookie::new(COOKIE, t.clone()))
            .insert_header(("origin", "https://evil.example"))
            .insert_header(("host", "gopy.example.vn"))
            .to_http_request();
        assert_eq!(verify(&req, &t, BASE), Err(CsrfFailure::CrossSite));
        let req = TestRequest::post()
            .cookie(Cookie::new(COOKIE, t.clone()))
            .insert_header(("origin", "http://127.0.0.1:4000"))
            .insert_header(("host", "127.0.0.1:4000"))
            .insert_header(("sec-fetch-site", "same-origin"))
            .to_http_request();
        assert_eq!(verify(&req, &t, BASE), Ok(()));
    }
}
