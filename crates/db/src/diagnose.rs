//! One diagnosis of a database connection, step by step, for every caller that needs to
//! say what is wrong with one: `sentia doctor` prints it, the connection wizard shows it.

use std::time::Duration;

use sqlx::postgres::PgConnectOptions;

use crate::{DbError, MigrationState};

/// PostgreSQL 15 is the oldest server the schema runs on (`UNIQUE NULLS NOT DISTINCT`).
pub const MIN_SERVER_VERSION_NUM: i32 = 150_000;

/// How long the network steps wait before calling the server silent.
const STEP_TIMEOUT: Duration = Duration::from_secs(5);

/// The steps of a connection, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Resolving the host name.
    Resolve,
    /// Opening the TCP connection.
    Connect,
    /// The TLS handshake.
    Tls,
    /// User name, password and database name.
    SignIn,
    /// The server's version is one the schema runs on.
    ServerVersion,
    /// The schema matches this build's migrations.
    Migrations,
}

/// What one step found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The step.
    pub step: Step,
    /// What happened, in words.
    pub detail: String,
    /// What to do about it; `None` when the step passed.
    pub fix: Option<&'static str>,
}

impl Finding {
    fn passed(step: Step, detail: impl Into<String>) -> Self {
        Self {
            step,
            detail: detail.into(),
            fix: None,
        }
    }

    fn failed(step: Step, detail: impl Into<String>, fix: &'static str) -> Self {
        Self {
            step,
            detail: detail.into(),
            fix: Some(fix),
        }
    }

    /// Whether the step passed.
    pub fn ok(&self) -> bool {
        self.fix.is_none()
    }
}

/// The steps tried, up to and including the first that failed.
#[derive(Debug, Clone, Default)]
pub struct Diagnosis {
    /// One finding per step reached.
    pub findings: Vec<Finding>,
    /// e.g. `15.14`, once the server answered.
    pub server_version: Option<String>,
    /// The migration state, once it could be read.
    pub migrations: Option<MigrationState>,
}

impl Diagnosis {
    /// The step that failed, if any.
    pub fn failure(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| !f.ok())
    }

    fn push(&mut self, finding: Finding) -> bool {
        let ok = finding.ok();
        self.findings.push(finding);
        ok
    }
}

/// Tries the connection step by step and stops at the first step that fails. Changes
/// nothing on the server.
pub async fn diagnose(options: &PgConnectOptions) -> Diagnosis {
    let mut out = Diagnosis::default();
    let host = options.get_host().to_owned();
    let target = format!("{host}:{}", options.get_port());

    let addrs: Vec<_> =
        match tokio::time::timeout(STEP_TIMEOUT, tokio::net::lookup_host(&target)).await {
            Ok(Ok(addrs)) => addrs.collect(),
            _ => Vec::new(),
        };
    // A socket path (host starting with '/') needs no lookup and no TCP step.
    let unix_socket = host.starts_with('/');
    if !unix_socket {
        let resolved = if addrs.is_empty() {
            Finding::failed(
                Step::Resolve,
                format!("the host name {host:?} could not be resolved"),
                "check the host name for typos, or use the server's IP address",
            )
        } else {
            Finding::passed(Step::Resolve, format!("{host} is {}", addrs[0].ip()))
        };
        if !out.push(resolved) {
            return out;
        }
        let connected =
            match tokio::time::timeout(STEP_TIMEOUT, tokio::net::TcpStream::connect(&addrs[..]))
                .await
            {
                Ok(Ok(_)) => {
                    Finding::passed(Step::Connect, format!("{target} accepts connections"))
                }
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Finding::failed(
                    Step::Connect,
                    format!("{target} refused the connection"),
                    "check the port, and that PostgreSQL is running there",
                ),
                Ok(Err(e)) => Finding::failed(
                    Step::Connect,
                    format!("cannot connect to {target}: {e}"),
                    "check the host, the port, the VPN and any firewall",
                ),
                Err(_) => Finding::failed(
                    Step::Connect,
                    format!(
                        "{target} did not answer within {} s",
                        STEP_TIMEOUT.as_secs()
                    ),
                    "check the host, the port, the VPN and any firewall",
                ),
            };
        if !out.push(connected) {
            return out;
        }
    }

    let pool = match crate::pool::connect_with(options.clone(), 1).await {
        Ok(pool) => pool,
        Err(err) => {
            out.push(sign_in_failure(err, options));
            return out;
        }
    };
    out.push(Finding::passed(
        Step::SignIn,
        format!(
            "signed in as {:?} to {:?}",
            options.get_username(),
            options.get_database().unwrap_or_default()
        ),
    ));
    let version = server_version(&pool, &mut out.server_version).await;
    if out.push(version) {
        let (finding, state) = migrations(&pool).await;
        out.migrations = state;
        out.push(finding);
    }
    pool.close().await;
    out
}

fn sign_in_failure(err: DbError, options: &PgConnectOptions) -> Finding {
    match err {
        DbError::Tls(reason) => Finding::failed(
            Step::Tls,
            format!("the TLS handshake failed: {reason}"),
            "check the TLS mode with IT: the server may not offer TLS, or its certificate \
             does not match the host name",
        ),
        DbError::AuthenticationFailed { user, .. } => Finding::failed(
            Step::SignIn,
            format!("the server rejected user {user:?} or its password"),
            "check the user name and password (the server's pg_hba.conf must allow this user)",
        ),
        DbError::UnknownDatabase { database } => Finding::failed(
            Step::SignIn,
            format!("the database {database:?} does not exist"),
            "check the database name with IT",
        ),
        DbError::Unreachable { reason, .. } => Finding::failed(
            Step::Connect,
            format!(
                "cannot connect to {}:{}: {reason}",
                options.get_host(),
                options.get_port()
            ),
            "check the host, the port, the VPN and any firewall",
        ),
        other => Finding::failed(
            Step::SignIn,
            format!("cannot connect: {other}"),
            "see the message; `sentia doctor` on the same connection says more",
        ),
    }
}

async fn server_version(pool: &sqlx::PgPool, version_out: &mut Option<String>) -> Finding {
    let version: Result<(String, String), sqlx::Error> = sqlx::query_as(
        "SELECT current_setting('server_version'), current_setting('server_version_num')",
    )
    .fetch_one(pool)
    .await;
    let Ok((version, number)) = version else {
        return Finding::failed(
            Step::ServerVersion,
            "the server did not report its version",
            "check that the server is PostgreSQL",
        );
    };
    *version_out = Some(version.clone());
    if number.parse::<i32>().unwrap_or(0) < MIN_SERVER_VERSION_NUM {
        Finding::failed(
            Step::ServerVersion,
            format!(
                "PostgreSQL {version} is too old: Sentia needs {} or newer",
                MIN_SERVER_VERSION_NUM / 10_000
            ),
            "ask IT to upgrade the server",
        )
    } else {
        Finding::passed(Step::ServerVersion, format!("PostgreSQL {version}"))
    }
}

async fn migrations(pool: &sqlx::PgPool) -> (Finding, Option<MigrationState>) {
    let state = match crate::migration_state(pool).await {
        Ok(state) => state,
        Err(err) => {
            tracing::warn!(error = %err, "reading the migration state");
            let finding = Finding::failed(
                Step::Migrations,
                "cannot read the migration table: is this a Sentia database?",
                "check the database name with IT",
            );
            return (finding, None);
        }
    };
    let finding = if !state.modified.is_empty() {
        let versions: Vec<_> = state
            .modified
            .iter()
            .map(|m| m.version.to_string())
            .collect();
        Finding::failed(
            Step::Migrations,
            format!(
                "{} applied migration(s) differ from this version of Sentia: {}",
                versions.len(),
                versions.join(", ")
            ),
            "the database was migrated by a different build: ask IT to check it",
        )
    } else if !state.unknown.is_empty() {
        Finding::failed(
            Step::Migrations,
            format!(
                "the database has {} migration(s) newer than this version of Sentia",
                state.unknown.len()
            ),
            "update Sentia to the version IT deployed",
        )
    } else if !state.pending.is_empty() {
        Finding::failed(
            Step::Migrations,
            format!(
                "the database lacks {} of this version's {} migrations",
                state.pending.len(),
                state.pending.len() + state.applied.len()
            ),
            "ask IT to run `sentia migrate` against this database",
        )
    } else {
        Finding::passed(
            Step::Migrations,
            format!("the schema is current ({} migrations)", state.applied.len()),
        )
    };
    (finding, Some(state))
}
