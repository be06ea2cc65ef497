//! The connection test's report: the shared diagnosis, in the wizard's terms.

use serde::Serialize;

use super::target::{tls_warning, TlsWarning};
use super::ConnectionConfig;
use sentia_db::{Diagnosis, Step};

/// The step a connection test reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionStage {
    /// Resolving the host name.
    Dns,
    /// Opening the TCP connection.
    Connect,
    /// The TLS handshake.
    Tls,
    /// User name and password.
    Auth,
    /// The server is too old.
    ServerVersion,
    /// The schema is not (fully) migrated.
    Migrations,
    /// Everything worked.
    Ok,
}

/// The outcome of "test connection".
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    /// Whether every step passed.
    pub ok: bool,
    /// The step that failed, or `ok`.
    pub stage: ConnectionStage,
    /// What happened, in words.
    pub message: String,
    /// What to do about the failed stage; `None` when every stage passed.
    pub advice: Option<String>,
    /// e.g. `15.14`.
    pub server_version: Option<String>,
    /// Migrations this app needs that the database lacks.
    pub pending_migrations: u32,
    /// The tested connection's TLS mode is weaker than it should be (see
    /// [`super::ConnectionSettings::tls_warning`]).
    pub tls_warning: Option<TlsWarning>,
}

impl ConnectionReport {
    /// The diagnosis of `config`'s connection, in the wizard's stages.
    pub(super) fn new(diagnosis: &Diagnosis, config: &ConnectionConfig) -> Self {
        let failure = diagnosis.failure();
        let pending = diagnosis.migrations.as_ref().map_or(0, |m| m.pending.len());
        Self {
            ok: failure.is_none(),
            stage: failure.map_or(ConnectionStage::Ok, |f| stage(f.step)),
            message: match failure {
                Some(f) => f.detail.clone(),
                None => format!(
                    "connected to PostgreSQL {}; the schema is current",
                    diagnosis.server_version.as_deref().unwrap_or("?")
                ),
            },
            advice: failure.and_then(|f| f.fix).map(str::to_owned),
            server_version: diagnosis.server_version.clone(),
            pending_migrations: u32::try_from(pending).unwrap_or(u32::MAX),
            tls_warning: tls_warning(&config.host, config.tls_mode),
        }
    }
}

fn stage(step: Step) -> ConnectionStage {
    match step {
        Step::Resolve => ConnectionStage::Dns,
        Step::Connect => ConnectionStage::Connect,
        Step::Tls => ConnectionStage::Tls,
        Step::SignIn => ConnectionStage::Auth,
        Step::ServerVersion => ConnectionStage::ServerVersion,
        Step::Migrations => ConnectionStage::Migrations,
    }
}
