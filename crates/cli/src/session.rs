//! Commands that act as a Sentia user sign in like the app: the same use case, the same
//! lockout, the same permissions, on a pool opened from the given URL.

use std::io::{BufRead, IsTerminal};

use secrecy::SecretString;
use sentia_core::{auth, App, AppPaths, SecretStore};

/// Signs `user` in; the password comes from `SENTIA_PASSWORD`, or from the first line of
/// standard input. The app's files live in the returned scratch folder, kept as long as
/// the app.
pub async fn sign_in(database_url: &str, user: &str) -> anyhow::Result<(App, tempfile::TempDir)> {
    let password = match std::env::var("SENTIA_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            if std::io::stdin().is_terminal() {
                eprint!("password for {user}: ");
            }
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let scratch = tempfile::tempdir()?;
    let app = App::new(
        AppPaths::under(scratch.path()),
        SecretStore::from_env()?,
        env!("CARGO_PKG_VERSION"),
    );
    app.set_pool(sentia_db::pool::connect_url(database_url).await?)
        .await;
    auth::login(&app, user, SecretString::from(password)).await?;
    Ok((app, scratch))
}
