//! Background work that follows the database: the mail worker here; the search index
//! worker is `search::outbox`. Both sit above `db` and `mail`, which only queue rows.

pub mod mail;
