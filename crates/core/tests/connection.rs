//! The connection's secrets against the real kernel keyring (run under `keyctl session`,
//! as scripts/test.sh does): a stored password goes only to the server it was stored
//! for, and IT's provisioning variable leaves the environment and is stored only once.

use std::sync::{Arc, Mutex};

use sentia_core::connection::{
    self, ConnectionInput, ProvisionedPassword, Provisioning, Target, TlsMode, TlsWarning,
    PASSWORD_ENV,
};
use sentia_core::{App, AppError, AppPaths, SecretStore};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let secrets = SecretStore::named(Some("keyutils")).unwrap();
    assert_eq!(secrets.backend(), "linux-keyutils");
    (App::new(AppPaths::under(dir.path()), secrets, "test"), dir)
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

/// A stand-in PostgreSQL server that asks every client for its password in clear text
/// and records what it receives, then hangs up.
async fn password_catcher() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.2:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let record = record.clone();
            tokio::spawn(async move {
                // Startup message: length, then the body.
                let Ok(len) = sock.read_i32().await else {
                    return; // the wizard's plain TCP reachability check
                };
                let mut body = vec![0; usize::try_from(len - 4).unwrap()];
                if sock.read_exact(&mut body).await.is_err() {
                    return;
                }
                // AuthenticationCleartextPassword.
                let _ = sock.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]).await;
                let Ok(b'p') = sock.read_u8().await else {
                    return;
                };
                let len = sock.read_i32().await.unwrap();
                let mut body = vec![0; usize::try_from(len - 4).unwrap()];
                sock.read_exact(&mut body).await.unwrap();
                let password = String::from_utf8_lossy(&body)
                    .trim_end_matches('\0')
                    .to_owned();
                record.lock().unwrap().push(password);
            });
        }
    });
    (port, seen)
}

fn input(host: &str, port: u16, user: &str, password: Option<&str>) -> ConnectionInput {
    ConnectionInput {
        host: host.into(),
        port,
        database: "sentia".into(),
        user: user.into(),
        password: password.map(Into::into),
        tls_mode: TlsMode::Disable,
    }
}

#[tokio::test]
async fn a_stored_password_is_never_sent_to_another_host() {
    let (app, _dir) = app();
    let user = unique("u");
    let stored = unique("stored-pw");
    // Saved (not tested) for a server on 127.0.0.1.
    let saved = connection::save_connection(&app, input("127.0.0.1", 5999, &user, Some(&stored)))
        .await
        .unwrap();
    assert!(saved.has_password);

    // The form now names another host and leaves the password blank.
    let (port, seen) = password_catcher().await;
    let err = connection::test_connection(&app, input("127.0.0.2", port, &user, None))
        .await
        .unwrap_err();
    match err {
        AppError::Validation { field, message } => {
            assert_eq!(field, "password");
            assert!(message.contains("127.0.0.2"), "{message}");
        }
        other => panic!("expected a password validation error, got {other:?}"),
    }
    let err = connection::save_connection(&app, input("127.0.0.2", port, &user, None))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Validation { ref field, .. } if field == "password"));

    // A typed password is what reaches the other server, and only it.
    let typed = unique("typed-pw");
    let report = connection::test_connection(&app, input("127.0.0.2", port, &user, Some(&typed)))
        .await
        .unwrap();
    assert!(!report.ok);
    assert_eq!(*seen.lock().unwrap(), vec![typed.clone()]);

    // Another port on the same host is another target too.
    let err = connection::test_connection(&app, input("127.0.0.1", 6000, &user, None))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Validation { ref field, .. } if field == "password"));
    assert!(!seen.lock().unwrap().contains(&stored));

    // Switching for real drops the old target's password from the keychain.
    connection::save_connection(&app, input("127.0.0.2", port, &user, Some(&typed)))
        .await
        .unwrap();
    let old = Target {
        host: "127.0.0.1".into(),
        port: 5999,
        database: "sentia".into(),
        user: user.clone(),
    };
    assert!(app.secrets().get(&old.keychain_name()).unwrap().is_none());
    let new = Target {
        host: "127.0.0.2".into(),
        port,
        database: "sentia".into(),
        user,
    };
    app.secrets().delete(&new.keychain_name()).unwrap();
}

#[tokio::test]
async fn the_stored_password_goes_to_its_own_host_without_retyping() {
    let (app, _dir) = app();
    let (port, seen) = password_catcher().await;
    let user = unique("u");
    let stored = unique("stored-pw");
    connection::save_connection(&app, input("127.0.0.2", port, &user, Some(&stored)))
        .await
        .unwrap();
    connection::test_connection(&app, input("127.0.0.2", port, &user, None))
        .await
        .unwrap();
    assert_eq!(*seen.lock().unwrap(), vec![stored]);
    let target = Target {
        host: "127.0.0.2".into(),
        port,
        database: "sentia".into(),
        user,
    };
    app.secrets().delete(&target.keychain_name()).unwrap();
}

fn set_provisioning_env(host: &str, user: &str, password: Option<&str>, tls: Option<&str>) {
    std::env::set_var("SENTIA_DB_HOST", host);
    std::env::set_var("SENTIA_DB_USER", user);
    match password {
        Some(p) => std::env::set_var(PASSWORD_ENV, p),
        None => std::env::remove_var(PASSWORD_ENV),
    }
    match tls {
        Some(t) => std::env::set_var("SENTIA_DB_TLS", t),
        None => std::env::remove_var("SENTIA_DB_TLS"),
    }
}

// One test for everything that reads the process environment, so nothing races on it.
#[tokio::test]
async fn provisioning_removes_the_password_variable_stores_it_once_and_defaults_to_verify_full() {
    let (app, _dir) = app();
    let user = unique("it");
    let password = unique("it-pw");
    let target = Target {
        host: "db.example.internal".into(),
        port: 5432,
        database: "sentia".into(),
        user: user.clone(),
    };

    set_provisioning_env("db.example.internal", &user, Some(&password), None);
    let provisioning = Provisioning::take_from_env();
    assert!(
        std::env::var_os(PASSWORD_ENV).is_none(),
        "SENTIA_DB_PASSWORD is still in the environment"
    );
    assert_eq!(
        connection::provision(&app, provisioning).unwrap(),
        ProvisionedPassword::Stored
    );
    let settings = connection::get_connection(&app).unwrap().unwrap();
    assert!(settings.provisioned && settings.has_password);
    assert_eq!(settings.tls_mode, TlsMode::VerifyFull);
    assert_eq!(settings.tls_warning, None);

    // The next start with the same variable writes nothing.
    set_provisioning_env("db.example.internal", &user, Some(&password), None);
    let again = connection::provision(&app, Provisioning::take_from_env()).unwrap();
    assert_eq!(again, ProvisionedPassword::AlreadyStored);

    // IT changed the password: stored again.
    let changed = unique("it-pw2");
    set_provisioning_env("db.example.internal", &user, Some(&changed), None);
    let outcome = connection::provision(&app, Provisioning::take_from_env()).unwrap();
    assert_eq!(outcome, ProvisionedPassword::Stored);
    use secrecy::ExposeSecret;
    let kept = app.secrets().get(&target.keychain_name()).unwrap().unwrap();
    assert_eq!(kept.expose_secret(), changed);

    // A weaker mode only when IT says so, and then with a warning.
    set_provisioning_env("db.example.internal", &user, None, Some("require"));
    connection::provision(&app, Provisioning::take_from_env()).unwrap();
    let settings = connection::get_connection(&app).unwrap().unwrap();
    assert_eq!(settings.tls_mode, TlsMode::Require);
    assert_eq!(settings.tls_warning, Some(TlsWarning::Unverified));

    // No file under the app's directories holds the password.
    for dir in app.paths().all() {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(!text.contains(&changed), "{}", entry.path().display());
        }
    }
    for k in ["SENTIA_DB_HOST", "SENTIA_DB_USER", "SENTIA_DB_TLS"] {
        std::env::remove_var(k);
    }
    app.secrets().delete(&target.keychain_name()).unwrap();
}
