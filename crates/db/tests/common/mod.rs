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
    let hashes = vec!["$argon2id$not-a-real-hash".to_owned(); catalog.users.len()];
    let mut tx = pool.begin().await.unwrap();
    sentia_db::seed::insert_catalog(&mut tx, &catalog, &hashes)
        .await
        .unwrap();
    let company = sentia_db::seed::load_demo(&mut tx, opts, |_| {})
        .await
        .unwrap();
    tx.commit().await.unwrap();
    company
}
