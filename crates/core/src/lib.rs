//! Sentia's use cases, shared by the desktop shell and the CLI (no tauri here): the
//! session and its permission checks, login with lockout, the keychain, the connection
//! wizard, the dashboard, exports and the admin screen. One [`AppError`] crosses IPC.
//!
//! Every use case takes the [`App`], asks it for the [`Session`], calls
//! `session.require(Permission::…)` and only then touches the database, inside a
//! transaction that names the acting user for PostgreSQL's row-level security.

pub mod admin;
mod app;
pub mod auth;
pub mod connection;
pub mod dashboard;
mod error;
pub mod exports;
mod paths;
pub mod secrets;
pub mod session;

pub use app::{App, AppInfo, COMMAND_DEADLINE};
pub use error::AppError;
pub use paths::AppPaths;
pub use secrets::SecretStore;
pub use session::{Session, SessionInfo};
