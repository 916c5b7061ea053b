//! Proof of who may do what: secret tokens, CSRF protection of forms, and (with the
//! console) passwords, sessions and roles.

pub mod csrf;
pub mod password;
pub mod policy;
pub mod session;
pub mod token;
