//! The use cases, one file per life cycle. A service takes typed input and a connection
//! (with the little it needs besides: rules from the settings, a limiter), enforces the
//! rules of its life cycle in one place, writes the outbox rows (mail, search) in the
//! same transaction as the change, and returns a typed outcome. Handlers read the
//! request, call one service, and render its outcome; they decide no rule.

pub mod accounts;
pub mod agencies;
pub mod answers;
pub mod campaigns;
pub mod comments;
pub mod critiques;
pub mod drafts;
pub mod front;
pub mod legal;
pub mod moderation;
pub mod received;
pub mod report;
pub mod sign_in;
pub mod site;
