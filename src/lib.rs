//! Góp Ý: the open portal where agencies publish draft laws and policies for comment,
//! answer every comment and publish what they accepted.
//!
//! The modules stand in layers, and a module uses only modules of the layers below its
//! own, never one beside it or above it (`layers.rs` checks every `crate::` and `super::`
//! path in `src/` against this list):
//!
//! ```text
//!  app                          wiring: state, middleware, server, background tasks
//!  web                          handlers, extractors, sessions, caches
//!  error                        the HTTP error and its page
//!  views                        HTML
//!  demo                         demo content
//!  services  jobs  report  backup   use cases, workers, documents, copies
//!  search                       the index, either engine
//!  db                           connections, schema, queries, outbox rows
//!  auth  mail  parse            roles and tokens, mail texts and transport, draft parser
//!  i18n  config  storage  upload  assets  logging  paths
//!  domain                       the mission's types and rules, free of HTTP and SQL
//!  text                         Unicode checks and normal forms
//! ```
//!
//! A request walks down: a handler in `web` calls `db` (and `search`), hands the data to
//! a view, and answers. Nothing below `web` and `error` knows about HTTP responses.

pub mod app;
pub mod assets;
pub mod auth;
pub mod backup;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod jobs;
pub mod logging;
pub mod mail;
pub mod parse;
pub mod paths;
pub mod qr;
pub mod report;
pub mod search;
pub mod services;
pub mod storage;
pub mod text;
pub mod upload;
pub mod views;
pub mod web;

#[cfg(test)]
mod layers;

/// The layers of the picture above, top first.
#[cfg(test)]
const LAYERS: &[&[&str]] = &[
    &["app"],
    &["web"],
    &["error"],
    &["views"],
    &["demo"],
    &["services", "jobs", "report", "backup"],
    // Attached files: on disk, and in the database when processes share it.
    &["search", "storage"],
    &["db"],
    &["auth", "mail", "parse"],
    &[
        "i18n", "config", "upload", "assets", "logging", "paths", "qr",
    ],
    &["domain"],
    &["text"],
];
