//! Integration tests: one binary, the real application on a random port, every test on
//! SQLite and (with TEST_POSTGRES_URL) on PostgreSQL.

mod helpers;

mod cli;
mod draft_page;
mod drafts_list;
mod health;
mod home;
mod pages;
mod start;
