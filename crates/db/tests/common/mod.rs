//! Shared by the integration tests: a small generated company in the test's database.

use sentia_demo::DemoOptions;
use sqlx::PgPool;

/// Loads a one-year demo company (every generated row must pass every constraint).
pub async fn seed(pool: &PgPool) -> sentia_demo::Company {
    let opts = DemoOptions {
        years: 1,
        ..DemoOptions::default()
    };
    let catalog = sentia_demo::catalog(&opts);
    // Well-formed (the database turns it into a digest) but matching no password.
    let hashes = vec![
        "$argon2id$v=19$m=19456,t=2,p=1$c2VudGlhLXRlc3Qtc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            .to_owned();
        catalog.users.len()
    ];
    let mut tx = pool.begin().await.unwrap();
    sentia_demo_db::insert_catalog(&mut tx, &catalog, &hashes)
        .await
        .unwrap();
    let company = sentia_demo_db::load_demo(&mut tx, opts, |_| {})
        .await
        .unwrap();
    tx.commit().await.unwrap();
    company
}
