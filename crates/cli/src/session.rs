//! Commands that act as a Sentia user sign in like the app: the same use case, the same
//! lockout, the same permissions, on a pool opened from the given URL.

use std::io::{BufRead, IsTerminal};

use secrecy::SecretString;
use sentia_core::{auth, App, AppPaths, SecretStore};

/// Where and as whom a command acts.
#[derive(clap::Args, Debug, Clone)]
pub struct SignInArgs {
    /// PostgreSQL URL. Without it, the connection saved by `sentia config set` (the
    /// app's own), with its password from the keychain.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The Sentia user who acts. The password is read from SENTIA_PASSWORD, or from the
    /// first line of standard input (a prompt on a terminal).
    #[arg(long, env = "SENTIA_USER")]
    pub user: String,
}

/// A signed-in app; with a URL its files live in a scratch folder kept as long as it.
pub struct Signed {
    pub app: App,
    _scratch: Option<tempfile::TempDir>,
}

impl std::ops::Deref for Signed {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

/// The app as installed for this OS user: its `connection.json` and keychain entry.
pub fn installed_app() -> anyhow::Result<App> {
    Ok(App::new(
        AppPaths::installed()?,
        SecretStore::from_env()?,
        env!("CARGO_PKG_VERSION"),
    ))
}

/// Signs `user` in, on `database_url` or else on the saved connection; the password comes
/// from `SENTIA_PASSWORD`, or from the first line of standard input.
pub async fn sign_in(database_url: Option<&str>, user: &str) -> anyhow::Result<Signed> {
    let password = match std::env::var("SENTIA_PASSWORD") {
        Ok(p) => SecretString::from(p),
        Err(_) => read_secret(&format!("password for {user}: "))?,
    };
    let signed = match database_url {
        Some(url) => {
            let scratch = tempfile::tempdir()?;
            let app = App::new(
                AppPaths::under(scratch.path()),
                SecretStore::from_env()?,
                env!("CARGO_PKG_VERSION"),
            );
            app.set_pool(sentia_db::pool::connect_url(url).await?).await;
            Signed {
                app,
                _scratch: Some(scratch),
            }
        }
        None => Signed {
            app: installed_app()?,
            _scratch: None,
        },
    };
    auth::login(&signed.app, user, password).await?;
    Ok(signed)
}

/// A secret typed at a prompt without echo on a terminal, else the next line of standard
/// input (scripts pipe it).
pub fn read_secret(prompt: &str) -> anyhow::Result<SecretString> {
    if std::io::stdin().is_terminal() {
        return Ok(SecretString::from(rpassword::prompt_password(prompt)?));
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(SecretString::from(
        line.trim_end_matches(['\r', '\n']).to_owned(),
    ))
}
