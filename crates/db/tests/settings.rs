//! Which stored setting applies: the user's, else the product's, else the global one; this
//! environment's before the one for all environments.

use sentia_db::settings::resolve;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

async fn store(pool: &PgPool, environment: &str, scope: &str, scope_id: Option<Uuid>, value: i64) {
    sqlx::query(
        "INSERT INTO system_settings (category, key, data_type, value_integer, environment, scope, scope_id)
         VALUES ('test', 'level', 'integer', $1, $2, $3, $4)",
    )
    .bind(value)
    .bind(environment)
    .bind(scope)
    .bind(scope_id)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_most_specific_value_applies(pool: PgPool) {
    let (user, product) = (Uuid::new_v4(), Uuid::new_v4());
    let level = |environment: &'static str, user: Option<Uuid>, product: Option<Uuid>| {
        let pool = pool.clone();
        async move {
            resolve(&pool, "test", "level", environment, user, product)
                .await
                .unwrap()
                .map(|s| s.value)
        }
    };
    assert_eq!(level("prod", Some(user), Some(product)).await, None);

    store(&pool, "all", "global", None, 1).await;
    assert_eq!(
        level("prod", Some(user), Some(product)).await,
        Some(json!(1))
    );
    store(&pool, "prod", "global", None, 2).await;
    assert_eq!(
        level("prod", None, None).await,
        Some(json!(2)),
        "this environment first"
    );
    assert_eq!(level("test", None, None).await, Some(json!(1)));

    store(&pool, "all", "product", Some(product), 3).await;
    assert_eq!(
        level("prod", None, Some(product)).await,
        Some(json!(3)),
        "product over global"
    );
    assert_eq!(
        level("prod", None, Some(Uuid::new_v4())).await,
        Some(json!(2))
    );

    store(&pool, "all", "user", Some(user), 4).await;
    assert_eq!(
        level("prod", Some(user), Some(product)).await,
        Some(json!(4)),
        "user over product"
    );
    assert_eq!(
        level("prod", Some(Uuid::new_v4()), Some(product)).await,
        Some(json!(3))
    );
}
