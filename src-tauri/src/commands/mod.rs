//! Thin adapters: read the state, turn arguments into core types, call one core use
//! case, return its result. No SQL and no rules here.

pub mod admin;
pub mod app;
pub mod auth;
pub mod catalog;
pub mod connection;
pub mod dashboard;
pub mod exports;
pub mod forecasts;
pub mod import;
pub mod inventory;
pub mod offline;
pub mod production;
pub mod settings;
pub mod updates;
pub mod working_capital;
