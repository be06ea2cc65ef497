//! `sentia doctor`: each check says what it found, and what to do when it fails.

use std::process::ExitCode;

use sentia_db::DbError;

#[derive(clap::Args, Debug)]
pub struct DoctorArgs {
    /// PostgreSQL URL to check.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Skip the keychain check (servers without a desktop session).
    #[arg(long)]
    no_keychain: bool,
}

struct Report {
    failures: u32,
}

impl Report {
    fn ok(&self, what: &str, detail: &str) {
        println!("ok    {what}: {detail}");
    }
    fn fail(&mut self, what: &str, detail: &str, fix: &str) {
        self.failures += 1;
        println!("FAIL  {what}: {detail}\n      fix: {fix}");
    }
}

pub async fn run(args: DoctorArgs) -> ExitCode {
    let mut report = Report { failures: 0 };
    match &args.database_url {
        None => report.fail(
            "database",
            "no connection given",
            "pass --database-url or set DATABASE_URL=postgres://user@host:port/db",
        ),
        Some(url) => check_database(&mut report, url).await,
    }
    if !args.no_keychain {
        check_keychain(&mut report);
    }
    if report.failures == 0 {
        println!("all checks passed");
        ExitCode::SUCCESS
    } else {
        println!("{} check(s) failed", report.failures);
        ExitCode::FAILURE
    }
}

async fn check_database(report: &mut Report, url: &str) {
    let pool = match sentia_db::pool::connect_url(url).await {
        Ok(pool) => pool,
        Err(err) => {
            let fix = match &err {
                DbError::Unreachable { .. } => {
                    "check the host and port, that PostgreSQL is running, and any firewall"
                }
                DbError::AuthenticationFailed { .. } => {
                    "check the user name and password (pg_hba.conf must allow this user)"
                }
                DbError::Tls(_) => "check the server's certificate or choose another TLS mode",
                _ => "see the message above",
            };
            report.fail("connection", &err.to_string(), fix);
            return;
        }
    };
    let version: Result<i32, _> =
        sqlx::query_scalar("SELECT current_setting('server_version_num')::int")
            .fetch_one(&pool)
            .await;
    match version {
        Ok(v) if v >= 130_000 => report.ok(
            "connection",
            &format!("PostgreSQL {}.{}", v / 10_000, v % 100),
        ),
        Ok(v) => report.fail(
            "server version",
            &format!("PostgreSQL {} is too old", v / 10_000),
            "upgrade the server to PostgreSQL 13 or newer",
        ),
        Err(err) => report.fail("connection", &err.to_string(), "see the message above"),
    }
    match sentia_db::migration_state(&pool).await {
        Err(err) => report.fail("migrations", &err.to_string(), "see the message above"),
        Ok(state) => {
            if !state.modified.is_empty() {
                let names: Vec<_> = state
                    .modified
                    .iter()
                    .map(|m| m.version.to_string())
                    .collect();
                report.fail(
                    "migrations",
                    &format!(
                        "applied migrations differ from this build: {}",
                        names.join(", ")
                    ),
                    "the database was migrated by a different build; restore or contact support",
                );
            } else if !state.pending.is_empty() {
                report.fail(
                    "migrations",
                    &format!(
                        "{} of {} not applied",
                        state.pending.len(),
                        state.pending.len() + state.applied.len()
                    ),
                    "run `sentia migrate`",
                );
            } else if !state.unknown.is_empty() {
                report.fail(
                    "migrations",
                    &format!(
                        "the database has {} migration(s) newer than this build",
                        state.unknown.len()
                    ),
                    "update Sentia to the version IT deployed",
                );
            } else {
                report.ok(
                    "migrations",
                    &format!("all {} applied", state.applied.len()),
                );
            }
        }
    }
}

/// Writes, reads back and deletes a throwaway entry through the app's own keychain
/// store (same backend selection, `SENTIA_KEYRING` included), which is what the app needs.
fn check_keychain(report: &mut Report) {
    use sentia_core::secrets::SecretStore;
    use sentia_core::AppError;
    const PROBE: &str = "doctor-probe";
    let probe = || -> Result<String, AppError> {
        let store = SecretStore::from_env()?;
        store.ensure_real_backend()?;
        store.set(PROBE, &secrecy::SecretString::from("probe"))?;
        let read = store.get(PROBE)?;
        store.delete(PROBE)?;
        match read {
            Some(_) => Ok(store.backend().to_owned()),
            None => Err(AppError::KeychainUnavailable {
                message: "a stored secret could not be read back".into(),
            }),
        }
    };
    match probe() {
        Ok(backend) => report.ok("keychain", &format!("{backend} stores and returns secrets")),
        Err(err) => report.fail(
            "keychain",
            &err.to_string(),
            "on Linux, start a Secret Service (GNOME Keyring or KWallet) in your session, \
             or run inside a kernel keyring session (`keyctl session`) with SENTIA_KEYRING=keyutils",
        ),
    }
}
