//! `sentia doctor`: each check says what it found, and what to do when it fails.

use std::process::ExitCode;

use sentia_db::Step;
use sqlx::postgres::PgConnectOptions;

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

/// Prints the same step-by-step diagnosis the connection wizard shows.
async fn check_database(report: &mut Report, url: &str) {
    let options: PgConnectOptions = match url.parse() {
        Ok(options) => options,
        Err(err) => {
            report.fail(
                "database URL",
                &err.to_string(),
                "write it as postgres://user@host:port/database",
            );
            return;
        }
    };
    for finding in sentia_db::diagnose(&options).await.findings {
        let what = step_name(finding.step);
        match finding.fix {
            None => report.ok(what, &finding.detail),
            Some(fix) => report.fail(what, &finding.detail, fix),
        }
    }
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Resolve => "host name",
        Step::Connect => "network",
        Step::Tls => "TLS",
        Step::SignIn => "sign-in",
        Step::ServerVersion => "server version",
        Step::Migrations => "migrations",
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
