//! Who is signed in to the console: the staff member, their session's CSRF token, and
//! the cookies that carry a session. The request side (looking a session up, refusing
//! what a role may not do) is `web::session`.

use crate::domain::ids::*;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};

use super::policy::{self, Action, Actor};
use crate::domain::staff::Role;

/// The session's token.
pub const SESSION_COOKIE: &str = "gopy_phien";
/// A token that marks a browser that has signed in before (see `sessions::known_device`).
pub const DEVICE_COOKIE: &str = "gopy_thiet_bi";

/// A staff member signed in to the console.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub agency_id: Option<AgencyId>,
    /// An organiser's organisation.
    pub organisation_id: Option<OrganisationId>,
    /// The session this request belongs to.
    pub session_id: i64,
}

/// The CSRF token of the request's session, for the forms a console page renders and
/// for the check of a form sent back.
#[derive(Debug, Clone)]
pub struct SessionCsrf(pub String);

impl Staff {
    pub fn actor(&self) -> Actor {
        Actor {
            role: self.role,
            agency_id: self.agency_id,
            organisation_id: self.organisation_id,
        }
    }

    pub fn can(&self, action: Action) -> bool {
        policy::allows(self.actor(), action)
    }

    /// This staff member as the audit log records them.
    pub fn by(&self) -> crate::domain::staff::By<'_> {
        crate::domain::staff::By {
            account_id: Some(self.id),
            name: &self.email,
        }
    }
}

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(crate::paths::console::HOME)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

/// The cookie of a new session (a browser-session cookie: the server decides when the
/// session ends, and the browser forgets it when it closes).
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    cookie(SESSION_COOKIE, token, secure)
}

/// The cookie that tells this browser apart at the next sign-in, for a year.
pub fn device_cookie(token: String, secure: bool) -> Cookie<'static> {
    let mut c = cookie(DEVICE_COOKIE, token, secure);
    c.set_max_age(actix_web::cookie::time::Duration::days(365));
    c
}

/// The cookie that removes the session's from the browser.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut c = cookie(SESSION_COOKIE, String::new(), secure);
    c.make_removal();
    c
}

/// The raw token of a cookie, when it has the shape of one.
pub fn token_in(req: &HttpRequest, name: &str) -> Option<String> {
    req.cookie(name)
        .map(|c| c.value().to_string())
        .filter(|v| super::token::looks_like_token(v))
}
