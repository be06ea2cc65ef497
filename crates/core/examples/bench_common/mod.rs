//! What the benchmarks share: signing in as the desktop app does, and peak memory.

use std::str::FromStr;

use secrecy::SecretString;
use sentia_core::{auth, App, AppPaths, SecretStore};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

/// An app on the database at `url` as the app role (row-level security on, as the
/// desktop app connects), signed in as `user`; its folders live in the returned directory.
pub async fn signed_in_app(
    url: &str,
    user: &str,
    password: &str,
) -> (App, PgPool, tempfile::TempDir) {
    let app_opts = PgConnectOptions::from_str(url)
        .unwrap()
        .username("sentia_app");
    let app_pool = PgPoolOptions::new()
        .max_connections(4)
        .connect_with(app_opts)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        AppPaths::under(dir.path()),
        SecretStore::from_env().unwrap(),
        "bench",
    );
    app.set_pool(app_pool.clone()).await;
    auth::login(&app, user, SecretString::from(password.to_owned()))
        .await
        .unwrap();
    (app, app_pool, dir)
}

/// Creates (once) the benchmark's own user of `role`, as IT would, so that the run signs
/// in like the app.
pub async fn bench_user(owner: &PgPool, username: &str, password: &str, role: &str) {
    let hash = auth::hash_password(&SecretString::from(password.to_owned())).unwrap();
    sqlx::query(
        "INSERT INTO users (username, email, role, password_hash) VALUES ($1, $1 || '@example.test', $3, $2)
         ON CONFLICT DO NOTHING",
    )
    .bind(username)
    .bind(hash)
    .bind(role)
    .execute(owner)
    .await
    .unwrap();
}

/// Peak resident memory of this process so far, in MiB.
pub fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}
