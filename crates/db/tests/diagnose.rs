//! The connection diagnosis that `sentia doctor` prints and the wizard shows, against a
//! real PostgreSQL: it passes every step on a migrated database and stops at the step
//! that fails, saying what to do.

use sentia_db::{diagnose, Step};
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;

fn steps(d: &sentia_db::Diagnosis) -> Vec<(Step, bool)> {
    d.findings.iter().map(|f| (f.step, f.ok())).collect()
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_migrated_database_passes_every_step(pool: PgPool) {
    let d = diagnose(&pool.connect_options()).await;
    assert_eq!(
        steps(&d),
        [
            (Step::Resolve, true),
            (Step::Connect, true),
            (Step::SignIn, true),
            (Step::ServerVersion, true),
            (Step::Migrations, true),
        ],
        "{d:?}"
    );
    assert!(d.failure().is_none());
    assert!(d.server_version.is_some());
    assert!(d.migrations.unwrap().pending.is_empty());
}

#[sqlx::test(migrations = false)]
async fn an_empty_database_lacks_every_migration(pool: PgPool) {
    let d = diagnose(&pool.connect_options()).await;
    let failure = d.failure().expect("an empty database fails");
    assert_eq!(failure.step, Step::Migrations);
    let total = sentia_db::MIGRATOR.iter().count();
    assert!(
        failure.detail.contains(&format!("lacks {total} of")),
        "{}",
        failure.detail
    );
    assert!(failure.fix.unwrap().contains("sentia migrate"));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn an_unknown_database_is_named_at_sign_in(pool: PgPool) {
    let options: PgConnectOptions = (*pool.connect_options()).clone().database("no_such_db");
    let d = diagnose(&options).await;
    let failure = d.failure().expect("fails");
    assert_eq!(failure.step, Step::SignIn);
    assert!(
        failure.detail.contains("\"no_such_db\" does not exist"),
        "{}",
        failure.detail
    );
}

#[tokio::test]
async fn a_closed_port_fails_at_the_network_step() {
    // Bind and drop: the port is free and nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let options = PgConnectOptions::new().host("127.0.0.1").port(port);
    let d = diagnose(&options).await;
    assert_eq!(steps(&d), [(Step::Resolve, true), (Step::Connect, false)]);
    assert!(d.failure().unwrap().detail.contains("refused"));
}

#[tokio::test]
async fn an_unknown_host_fails_at_the_first_step() {
    let options = PgConnectOptions::new()
        .host("no-such-host.invalid")
        .port(5432);
    let d = diagnose(&options).await;
    assert_eq!(steps(&d), [(Step::Resolve, false)]);
}
