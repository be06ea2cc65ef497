//! The local demo database that the README's demo command starts.

use std::path::PathBuf;

use serde::Deserialize;

use super::target::is_loopback;
use super::{save_config, validate, ConnectionInput, ConnectionSettings};
use crate::{App, AppError};
use sentia_domain::TlsMode;

/// `demo-connection.json`, written by the README's demo command. It holds no password:
/// the demo cluster trusts connections from this computer, and no file holds a password.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoConnection {
    host: String,
    port: u16,
    database: String,
    user: String,
    /// Files from earlier demo commands say `"password": null`; any value is refused.
    #[serde(default)]
    password: Option<serde_json::Value>,
}

/// Where the demo launcher writes its connection: `<data dir>/sentia/demo-connection.json`,
/// or the file named by `SENTIA_DEMO_CONNECTION_FILE`.
pub fn demo_connection_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SENTIA_DEMO_CONNECTION_FILE") {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join("sentia").join("demo-connection.json"))
}

/// Switches to the local demo database started by the README's demo command.
pub async fn use_demo_database(app: &App) -> Result<ConnectionSettings, AppError> {
    let file = demo_connection_file().ok_or_else(|| AppError::NotFound {
        entity: "demo database".into(),
    })?;
    let bytes = std::fs::read(&file).map_err(|_| AppError::NotFound {
        entity: "demo database (start it with the README's demo command)".into(),
    })?;
    let demo = parse_demo_connection(&bytes).map_err(|message| {
        AppError::validation("demo", format!("{}: {message}", file.display()))
    })?;
    let mut config = validate(&ConnectionInput {
        host: demo.host,
        port: demo.port,
        database: demo.database,
        user: demo.user,
        password: None,
        tls_mode: TlsMode::Disable,
    })?;
    // The demo cluster listens on loopback only, so plain TCP crosses no network.
    config.tls_explicit = false;
    save_config(app, &config, None).await
}

fn parse_demo_connection(bytes: &[u8]) -> Result<DemoConnection, String> {
    let demo: DemoConnection = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if demo.password.as_ref().is_some_and(|p| !p.is_null()) {
        return Err(
            "the file holds a password, which Sentia does not accept in a file: \
                    remove the \"password\" field (the demo database needs none)"
                .into(),
        );
    }
    if !is_loopback(&demo.host) {
        return Err(format!(
            "the demo database must be on this computer, not {:?}",
            demo.host
        ));
    }
    Ok(demo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_file_with_a_password_is_refused() {
        let err = parse_demo_connection(
            br#"{"host":"127.0.0.1","port":5432,"database":"sentia","user":"sentia_app","password":"hunter2"}"#,
        )
        .unwrap_err();
        assert!(err.contains("password"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn a_demo_file_must_point_at_this_computer() {
        let err = parse_demo_connection(
            br#"{"host":"db.example.internal","port":5432,"database":"sentia","user":"sentia_app"}"#,
        )
        .unwrap_err();
        assert!(err.contains("this computer"), "{err}");
        let ok = parse_demo_connection(
            br#"{"host":"127.0.0.1","port":5432,"database":"sentia","user":"sentia_app"}"#,
        )
        .unwrap();
        assert_eq!(ok.port, 5432);
    }
}
