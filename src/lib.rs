//! Góp Ý: the open portal where agencies publish draft laws and policies for comment,
//! answer every comment and publish what they accepted.
//!
//! A request walks one way: `web` (handlers) → `domain` (rules) and `db::queries`
//! (storage); `views` turn data into HTML. Nothing below `web` knows about HTTP.

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
pub mod logging;
pub mod mail;
pub mod parse;
pub mod report;
pub mod search;
pub mod storage;
pub mod text;
pub mod upload;
pub mod views;
pub mod web;
