//! Helpers shared by the core integration tests: an `App` whose saved connection points
//! at the test's own database as the non-owner role `sentia_app`, and users created by
//! the owner as IT or the demo seed would.

#![allow(dead_code)]

use secrecy::SecretString;
use sentia_core::connection::{self, ConnectionInput, TlsMode};
use sentia_core::{App, AppPaths, SecretStore};
use sqlx::PgPool;
use uuid::Uuid;

/// An app connected (through the real wizard path) to the database behind `pool`, as
/// `sentia_app`. The test cluster uses trust authentication, so no password is needed;
/// the mock keychain is enough here (the keychain itself is tested in the shell).
pub async fn app_for(pool: &PgPool) -> (App, tempfile::TempDir) {
    std::env::set_var(sentia_core::secrets::BACKEND_ENV, "mock");
    let opts = pool.connect_options();
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        AppPaths::under(dir.path()),
        SecretStore::from_env().unwrap(),
        "test",
    );
    connection::save_connection(
        &app,
        ConnectionInput {
            host: opts.get_host().to_owned(),
            port: opts.get_port(),
            database: opts.get_database().unwrap().to_owned(),
            user: "sentia_app".into(),
            password: None,
            tls_mode: TlsMode::Disable,
        },
    )
    .await
    .unwrap();
    (app, dir)
}

/// Creates a user as the table owner, with an argon2id hash of `password`.
pub async fn create_user(pool: &PgPool, username: &str, role: &str, password: &str) -> Uuid {
    let hash = sentia_core::auth::hash_password(&SecretString::from(password.to_owned())).unwrap();
    sqlx::query_scalar(
        "INSERT INTO users (username, email, role, password_hash, timezone, language)
         VALUES ($1, $1 || '@example.test', $2, $3, 'Europe/Berlin', 'de-DE') RETURNING id",
    )
    .bind(username)
    .bind(role)
    .bind(hash)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Number of audit rows with this action for this user.
pub async fn audit_count(pool: &PgPool, action: &str, actor: Option<Uuid>) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = $1 AND actor_id IS NOT DISTINCT FROM $2",
    )
    .bind(action)
    .bind(actor)
    .fetch_one(pool)
    .await
    .unwrap()
}
