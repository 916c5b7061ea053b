//! Integration tests: one binary, the real application on a random port, every test on
//! SQLite and (with TEST_POSTGRES_URL) on PostgreSQL.

mod helpers;

mod accessibility;
mod agencies;
mod backup;
mod browser;
mod cli;
mod comments;
mod compose;
mod console_auth;
mod console_drafts;
mod console_moderation;
mod console_roles;
mod dossier;
mod draft_page;
mod drafts_list;
mod durability;
mod edges;
mod erasure;
mod feedback;
mod front;
mod hardening;
mod health;
mod home;
mod jobs;
mod legal;
mod mail;
mod meili_standin;
mod meili_tasks;
mod pages;
mod periods;
mod personal_data;
mod protocol;
mod public_outputs;
mod received;
mod replicas;
mod report_form;
mod scale;
mod search;
mod services;
mod site;
mod smtp_sink;
mod stages;
mod start;
mod typed_columns;
