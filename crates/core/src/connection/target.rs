//! Where the database is and how far to trust the way there: the [`Target`] a password
//! belongs to, the TLS policy, and `connection.json`.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::ConnectionSettings;
use crate::AppError;
use sentia_domain::TlsMode;

/// Where a password may be sent: the server and the account it was stored for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Database.
    pub database: String,
    /// Login role.
    pub user: String,
}

impl Target {
    /// The keychain user name of this target's password, `user@host:port/database`
    /// (an IPv6 address in brackets).
    pub fn keychain_name(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{}@{}:{}/{}", self.user, host, self.port, self.database)
    }
}

/// Whether `host` is this computer: `localhost` or a loopback address (127.0.0.0/8,
/// `::1`). Only there can nobody on the network read or alter the connection.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The TLS mode a connection gets when nobody chose one: `verify-full`, except for a
/// server on this computer, where `prefer` also works with the plain local clusters of
/// development and the demo.
pub fn default_tls_mode(host: &str) -> TlsMode {
    if is_loopback(host) {
        TlsMode::Prefer
    } else {
        TlsMode::VerifyFull
    }
}

/// Why a saved connection's encryption is weaker than it should be. The UI shows it next
/// to the connection, in words of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TlsWarning {
    /// `disable`: the password and all data cross the network in clear text.
    Unencrypted,
    /// `prefer`: someone on the network can make the server look as if it had no TLS
    /// and read everything.
    Downgradable,
    /// `require`: encrypted, but the server's certificate is not checked, so anyone who
    /// can redirect the traffic can pose as the server.
    Unverified,
}

/// The warning for `mode` towards `host`; `None` for `verify-full` and for this computer.
pub fn tls_warning(host: &str, mode: TlsMode) -> Option<TlsWarning> {
    if is_loopback(host) {
        return None;
    }
    match mode {
        TlsMode::Disable => Some(TlsWarning::Unencrypted),
        TlsMode::Prefer => Some(TlsWarning::Downgradable),
        TlsMode::Require => Some(TlsWarning::Unverified),
        TlsMode::VerifyFull => None,
    }
}

/// `connection.json`: the connection without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConnectionConfig {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    #[serde(default)]
    pub tls_mode: TlsMode,
    /// The TLS mode was chosen on purpose (in the wizard, or by IT's `SENTIA_DB_TLS`).
    /// Without this, a weak mode towards another computer is raised to `verify-full`:
    /// earlier versions saved `prefer` when IT had set nothing.
    #[serde(default)]
    pub tls_explicit: bool,
    #[serde(default)]
    pub provisioned: bool,
}

impl ConnectionConfig {
    fn path(config_dir: &Path) -> PathBuf {
        config_dir.join("connection.json")
    }

    pub(crate) fn load(config_dir: &Path) -> Result<Option<Self>, AppError> {
        match std::fs::read(Self::path(config_dir)) {
            Ok(bytes) => serde_json::from_slice::<Self>(&bytes)
                .map(|c| Some(c.with_tls_policy()))
                .map_err(|e| AppError::validation("connection", format!("connection.json: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(AppError::internal(&e)),
        }
    }

    /// Raises a weak TLS mode nobody chose to `verify-full` (loopback hosts excepted).
    fn with_tls_policy(mut self) -> Self {
        if !self.tls_explicit && !is_loopback(&self.host) && !self.tls_mode.verifies_server() {
            tracing::warn!(host = %self.host, was = %self.tls_mode, "raising TLS to verify-full");
            self.tls_mode = TlsMode::VerifyFull;
        }
        self
    }

    pub(crate) fn target(&self) -> Target {
        Target {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
        }
    }

    pub(super) fn save(&self, config_dir: &Path) -> Result<(), AppError> {
        std::fs::create_dir_all(config_dir).map_err(|e| AppError::internal(&e))?;
        let json = serde_json::to_vec_pretty(self).map_err(|e| AppError::internal(&e))?;
        std::fs::write(Self::path(config_dir), json).map_err(|e| AppError::internal(&e))
    }

    pub(crate) fn connect_options(
        &self,
        password: Option<SecretString>,
    ) -> sentia_db::ConnectOptions {
        sentia_db::ConnectOptions {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
            password,
            tls: self.tls_mode,
            application_name: "sentia-desktop".into(),
            max_connections: 4,
            statement_timeout: Some(sentia_db::pool::QUERY_TIMEOUT),
        }
    }

    pub(super) fn settings(&self, has_password: bool) -> ConnectionSettings {
        ConnectionSettings {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
            tls_mode: self.tls_mode,
            tls_warning: tls_warning(&self.host, self.tls_mode),
            has_password,
            provisioned: self.provisioned,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_means_this_computer_only() {
        for host in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.8.9.10",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "db.example.internal",
            "10.0.0.5",
            "128.0.0.1",
            "::2",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn the_default_tls_mode_is_verify_full_except_on_this_computer() {
        assert_eq!(default_tls_mode("db.example.internal"), TlsMode::VerifyFull);
        assert_eq!(default_tls_mode("10.1.2.3"), TlsMode::VerifyFull);
        assert_eq!(default_tls_mode("127.0.0.1"), TlsMode::Prefer);
        assert_eq!(default_tls_mode("localhost"), TlsMode::Prefer);
        assert_eq!(TlsMode::default(), TlsMode::VerifyFull);
    }

    #[test]
    fn weak_tls_towards_another_computer_carries_a_warning() {
        let remote = "db.example.internal";
        assert_eq!(
            tls_warning(remote, TlsMode::Disable),
            Some(TlsWarning::Unencrypted)
        );
        assert_eq!(
            tls_warning(remote, TlsMode::Prefer),
            Some(TlsWarning::Downgradable)
        );
        assert_eq!(
            tls_warning(remote, TlsMode::Require),
            Some(TlsWarning::Unverified)
        );
        assert_eq!(tls_warning(remote, TlsMode::VerifyFull), None);
        assert_eq!(tls_warning("127.0.0.1", TlsMode::Disable), None);
    }

    fn config(host: &str, tls_mode: TlsMode, tls_explicit: bool) -> ConnectionConfig {
        ConnectionConfig {
            host: host.into(),
            port: 5432,
            database: "sentia".into(),
            user: "sentia_app".into(),
            tls_mode,
            tls_explicit,
            provisioned: false,
        }
    }

    #[test]
    fn a_saved_weak_mode_nobody_chose_is_raised_to_verify_full() {
        let dir = tempfile::tempdir().unwrap();
        // As earlier versions saved it when IT set no SENTIA_DB_TLS: no `tlsExplicit`.
        std::fs::write(
            dir.path().join("connection.json"),
            r#"{"host":"db.example.internal","port":5432,"database":"sentia","user":"sentia_app","tlsMode":"prefer","provisioned":true}"#,
        )
        .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::VerifyFull);
        assert_eq!(loaded.settings(false).tls_warning, None);

        // No mode at all: the default.
        std::fs::write(
            dir.path().join("connection.json"),
            r#"{"host":"db.example.internal","port":5432,"database":"sentia","user":"sentia_app"}"#,
        )
        .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::VerifyFull);
    }

    #[test]
    fn a_weak_mode_chosen_on_purpose_or_on_loopback_is_kept_with_its_warning() {
        let dir = tempfile::tempdir().unwrap();
        config("db.example.internal", TlsMode::Require, true)
            .save(dir.path())
            .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::Require);
        assert_eq!(
            loaded.settings(true).tls_warning,
            Some(TlsWarning::Unverified)
        );

        config("127.0.0.1", TlsMode::Disable, false)
            .save(dir.path())
            .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::Disable);
        assert_eq!(loaded.settings(true).tls_warning, None);
    }

    #[test]
    fn the_settings_serialise_the_warning_for_the_ui() {
        let settings = config("db.example.internal", TlsMode::Disable, true).settings(false);
        let json = serde_json::to_value(&settings).unwrap();
        assert_eq!(json["tlsWarning"], "unencrypted");
        assert_eq!(json["tlsMode"], "disable");
    }

    #[test]
    fn keychain_names_bind_user_host_port_and_database() {
        let target = config("db.example.internal", TlsMode::VerifyFull, false).target();
        assert_eq!(
            target.keychain_name(),
            "sentia_app@db.example.internal:5432/sentia"
        );
        let mut other_port = target.clone();
        other_port.port = 5433;
        assert_ne!(target.keychain_name(), other_port.keychain_name());
        let v6 = config("::1", TlsMode::VerifyFull, false).target();
        assert_eq!(v6.keychain_name(), "sentia_app@[::1]:5432/sentia");
    }
}
