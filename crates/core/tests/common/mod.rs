//! Helpers shared by the core integration tests: an `App` whose saved connection points
//! at the test's own database as the non-owner role `sentia_app`, and users created by
//! the owner as IT or the demo seed would.

#![allow(dead_code)]

use secrecy::SecretString;
use sentia_core::connection::{self, ConnectionInput, TlsMode};
use sentia_core::{App, AppPaths, SecretStore};
use sqlx::{Connection, PgConnection, PgPool};
use uuid::Uuid;

/// An app connected (through the real wizard path) to the database behind `pool`, as
/// `sentia_app`. The test cluster uses trust authentication, so no password is needed;
/// the mock keychain is enough here (the keychain itself is tested in the shell).
pub async fn app_for(pool: &PgPool) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_keychain(pool, "mock", dir.path()).await;
    (app, dir)
}

/// An app like [`app_for`]'s on the keychain `backend` (`keyutils` for tests whose keys
/// must persist between entries), with its folders under `root`.
pub async fn app_with_keychain(pool: &PgPool, backend: &str, root: &std::path::Path) -> App {
    let opts = pool.connect_options();
    let app = App::new(
        AppPaths::under(root),
        SecretStore::named(Some(backend)).unwrap(),
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
    app
}

/// The password of users the tests sign in as.
pub const PASSWORD: &str = "correct horse battery";

/// A user of `role` created by the owner and signed in to a fresh app.
pub async fn signed_in(pool: &PgPool, name: &str, role: &str) -> (App, tempfile::TempDir, Uuid) {
    let id = create_user(pool, name, role, PASSWORD).await;
    let (app, dir) = app_for(pool).await;
    sentia_core::auth::login(&app, name, SecretString::from(PASSWORD.to_owned()))
        .await
        .unwrap();
    (app, dir, id)
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

/// A direct SQL connection as `sentia_app`, as anyone at a workstation could open with
/// psql and the app's credential: no app, no Rust checks.
pub async fn psql_as_app(pool: &PgPool) -> PgConnection {
    let opts = pool
        .connect_options()
        .as_ref()
        .clone()
        .username("sentia_app");
    PgConnection::connect_with(&opts).await.unwrap()
}

/// A session for `user` as the database issues it at sign-in (called here as the owner,
/// to skip the argon2 work), returning its token.
pub async fn issue_session(pool: &PgPool, user: Uuid) -> String {
    sqlx::query_scalar("SELECT session_token FROM sentia_open_session($1)")
        .bind(user)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Presents `token` for the rest of the connection, as the app does per transaction.
pub async fn present(conn: &mut PgConnection, token: &str) {
    sqlx::query("SELECT set_config('sentia.session', $1, false)")
        .bind(token)
        .execute(conn)
        .await
        .unwrap();
}

/// `psql_as_app` presenting a fresh session of `user`.
pub async fn psql_as(pool: &PgPool, user: Uuid) -> PgConnection {
    let token = issue_session(pool, user).await;
    let mut conn = psql_as_app(pool).await;
    present(&mut conn, &token).await;
    conn
}

/// The SQLSTATE of a database error ("" for other errors).
pub fn sqlstate(err: &sqlx::Error) -> String {
    err.as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

/// A well-formed argon2id PHC string that matches no password typed here: for demo
/// users who sign in through issued sessions only.
pub const UNUSABLE_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2VudGlhLXRlc3Qtc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// Loads a one-year demo company as the owner (IT's `sentia seed-demo` does the same).
pub async fn seed_demo(pool: &PgPool) {
    let opts = sentia_demo::DemoOptions {
        years: 1,
        ..sentia_demo::DemoOptions::default()
    };
    let catalog = sentia_demo::catalog(&opts);
    let hashes = vec![UNUSABLE_PHC.to_owned(); catalog.users.len()];
    let mut tx = pool.begin().await.unwrap();
    sentia_demo_db::insert_catalog(&mut tx, &catalog, &hashes)
        .await
        .unwrap();
    sentia_demo_db::load_demo(&mut tx, opts, |_| {})
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Points the app at a server that is not there, as when the network goes; gives back the
/// pool it had, to return to.
pub async fn lose_the_server(app: &App) -> sqlx::PgPool {
    let before = app.pool().await.unwrap();
    let nowhere = sqlx::postgres::PgConnectOptions::new()
        .host("127.0.0.1")
        .port(1)
        .username("sentia_app");
    // The app's own pools give up on a server that does not answer within seconds
    // (sentia_db::pool); so does this one, rather than after sqlx's default 30 s.
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(500))
        .connect_lazy_with(nowhere);
    app.set_pool(pool).await;
    before
}
