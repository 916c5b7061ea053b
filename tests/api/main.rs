//! Integration tests: one binary, the real application on a random port, every test on
//! SQLite and (with TEST_POSTGRES_URL) on PostgreSQL.

mod helpers;

mod cli;
mod console_auth;
mod console_roles;
mod comments;
mod draft_page;
mod drafts_list;
mod durability;
mod health;
mod home;
mod mail;
mod pages;
mod smtp_sink;
mod start;
