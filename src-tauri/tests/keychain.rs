//! The database password lives in the OS keychain and nowhere else. Runs against the
//! real Linux kernel keyring (keyutils): start it under `keyctl session - cargo test …`.
//! After saving the connection, testing it, logging in and loading the dashboard, no
//! file under the app's config, data, cache or log directory contains the password (nor
//! the user's login password), while the log and `connection.json` do exist.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};
use sentia_core::connection::{self, ConnectionInput, Target, TlsMode};
use sentia_core::{auth, dashboard, App, AppPaths, SecretStore};
use sqlx::PgPool;

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_password_is_in_the_keychain_and_in_no_app_file(pool: PgPool) {
    std::env::set_var(sentia_core::secrets::BACKEND_ENV, "keyutils");
    let root = tempfile::tempdir().unwrap();
    let paths = AppPaths::under(root.path());
    let guard = sentia_app::logging::init(&paths.log).expect("logging starts");
    let secrets = SecretStore::from_env().unwrap();
    assert_eq!(secrets.backend(), "linux-keyutils");
    let app = App::new(paths.clone(), secrets, "test");

    let db_password = format!("kc-{}", uuid::Uuid::new_v4().simple());
    let login_password = format!("login-{}", uuid::Uuid::new_v4().simple());
    let hash = auth::hash_password(&SecretString::from(login_password.clone())).unwrap();
    sqlx::query("INSERT INTO users (username, email, role, password_hash) VALUES ('kim', 'kim@example.test', 'viewer', $1)")
        .bind(hash)
        .execute(&pool)
        .await
        .unwrap();

    let opts = pool.connect_options();
    let input_host = opts.get_host().to_owned();
    let input = ConnectionInput {
        host: input_host.clone(),
        port: opts.get_port(),
        database: opts.get_database().unwrap().to_owned(),
        user: "sentia_app".into(),
        password: Some(db_password.clone().into()),
        tls_mode: TlsMode::Disable,
    };
    let report = connection::test_connection(&app, input.clone())
        .await
        .unwrap();
    assert!(report.ok, "{report:?}");
    let saved = connection::save_connection(&app, input).await.unwrap();
    assert!(saved.has_password);
    auth::login(&app, "kim", SecretString::from(login_password.clone()))
        .await
        .unwrap();
    dashboard::get_dashboard(
        &app,
        dashboard::DashboardQuery {
            from: "2025-01-01".parse().unwrap(),
            to: "2025-01-31".parse().unwrap(),
            reporting_currency: sentia_domain::Currency::GBP,
            market: None,
            channel_id: None,
        },
    )
    .await
    .unwrap();
    drop(guard); // flush the log file

    let target = Target {
        host: input_host.clone(),
        port: opts.get_port(),
        database: opts.get_database().unwrap().to_owned(),
        user: "sentia_app".into(),
    };
    let stored = app
        .secrets()
        .get(&target.keychain_name())
        .unwrap()
        .expect("password in the keychain, under its target");
    assert_eq!(stored.expose_secret(), db_password);

    let mut files = Vec::new();
    for dir in paths.all() {
        files_under(dir, &mut files);
    }
    assert!(
        files.iter().any(|f| f.ends_with("connection.json")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with(&paths.log) && std::fs::metadata(f).unwrap().len() > 0),
        "the log was written: {files:?}"
    );
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&db_password),
            "{} contains the database password",
            file.display()
        );
        assert!(
            !text.contains(&login_password),
            "{} contains the login password",
            file.display()
        );
    }
    app.secrets().delete(&target.keychain_name()).unwrap();
}
