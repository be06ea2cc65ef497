//! Sentia's use cases, shared by the desktop shell and the CLI (no tauri here): the
//! session and its permission checks, login with lockout, the keychain, the connection
//! wizard, the dashboard, exports and the admin screen. One [`AppError`] crosses IPC.
//!
//! Every use case takes the [`App`] and opens its transaction with
//! `app.transaction(Permission::…)` (or `authorise` then `begin`): the permission is
//! checked before anything touches the database, and the transaction presents the
//! session's token, from which PostgreSQL's row-level security knows who acts.

pub mod admin;
mod app;
pub mod auth;
pub mod catalog;
pub mod connection;
pub mod dashboard;
mod error;
pub mod exports;
pub mod forecasts;
pub mod import;
pub mod inventory;
pub mod job;
pub mod offline;
mod paths;
pub mod production;
mod seal;
pub mod secrets;
pub mod settings;
pub mod updates;
pub mod working_capital;

pub use app::{App, AppInfo, Authorised, AuthorisedTx, COMMAND_DEADLINE};
pub use auth::session::{Session, SessionInfo};
pub use error::AppError;
pub use paths::{AppPaths, APP_IDENTIFIER};
pub use secrets::SecretStore;
