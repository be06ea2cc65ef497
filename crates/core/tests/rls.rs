//! Defence in depth: SQL run as the non-owner role `sentia_app`, as the app runs it,
//! with and without an acting user. These hold even if a command forgot its check.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

mod common;

async fn as_app(pool: &PgPool, acting: Option<Uuid>) -> PgConnection {
    match acting {
        Some(user) => common::psql_as(pool, user).await,
        None => common::psql_as_app(pool).await,
    }
}

async fn seed_market(pool: &PgPool) {
    sqlx::query(
        "INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
         VALUES ('UK', 'United Kingdom', 'GBP', 0.2, 3, 1)",
    )
    .execute(pool)
    .await
    .unwrap();
}

fn sqlstate(err: sqlx::Error) -> String {
    common::sqlstate(&err)
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_app_role_owns_no_table_and_cannot_bypass_rls(pool: PgPool) {
    let owned: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'sentia_app'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(owned, 0);
    let (superuser, bypass): (bool, bool) =
        sqlx::query_as("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'sentia_app'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!superuser && !bypass);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn without_an_acting_user_the_app_role_sees_nothing(pool: PgPool) {
    seed_market(&pool).await;
    common::create_user(&pool, "alice", "admin", "correct horse battery").await;
    let mut conn = as_app(&pool, None).await;
    let markets: i64 = sqlx::query_scalar("SELECT count(*) FROM markets")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!((markets, users), (0, 0));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_viewer_session_cannot_write_even_without_the_apps_check(pool: PgPool) {
    seed_market(&pool).await;
    let viewer = common::create_user(&pool, "victor", "viewer", "correct horse battery").await;
    let mut conn = as_app(&pool, Some(viewer)).await;

    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM markets")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(seen, 1, "a viewer reads business data");

    let updated = sqlx::query("UPDATE markets SET name = 'Changed' WHERE code = 'UK'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        updated.rows_affected(),
        0,
        "RLS hides rows from a viewer's UPDATE"
    );

    let insert = sqlx::query(
        "INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
         VALUES ('US', 'United States', 'USD', 0, 5, 2)",
    )
    .execute(&mut conn)
    .await
    .unwrap_err();
    assert_eq!(sqlstate(insert), "42501");

    let promote = sqlx::query("UPDATE users SET role = 'admin' WHERE id = $1")
        .bind(viewer)
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        promote.rows_affected(),
        0,
        "a viewer cannot promote themselves"
    );

    let name: String = sqlx::query_scalar("SELECT name FROM markets WHERE code = 'UK'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(name, "United Kingdom");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_catalog_is_written_by_managers_not_by_analysts(pool: PgPool) {
    seed_market(&pool).await;
    let analyst = common::create_user(&pool, "anna", "analyst", "correct horse battery").await;
    let manager = common::create_user(&pool, "mona", "manager", "correct horse battery").await;

    let mut conn = as_app(&pool, Some(analyst)).await;
    let by_analyst = sqlx::query("UPDATE markets SET name = 'Britain' WHERE code = 'UK'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(
        by_analyst.rows_affected(),
        0,
        "catalog.manage is not an analyst's"
    );
    let users = sqlx::query("UPDATE users SET display_name = 'X'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(users.rows_affected(), 0);
    drop(conn);

    let mut conn = as_app(&pool, Some(manager)).await;
    let by_manager = sqlx::query("UPDATE markets SET name = 'Britain' WHERE code = 'UK'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(by_manager.rows_affected(), 1);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_audit_log_is_append_only_and_hidden_from_viewers(pool: PgPool) {
    let admin = common::create_user(&pool, "ada", "admin", "correct horse battery").await;
    let viewer = common::create_user(&pool, "victor", "viewer", "correct horse battery").await;

    let mut conn = as_app(&pool, Some(admin)).await;
    sqlx::query("UPDATE users SET display_name = 'Victor V' WHERE id = $1")
        .bind(viewer)
        .execute(&mut conn)
        .await
        .unwrap();
    let (actor, details): (Option<Uuid>, serde_json::Value) = sqlx::query_as(
        "SELECT actor_id, details FROM audit_log WHERE action = 'row.update' AND entity_id = $1",
    )
    .bind(viewer)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(actor, Some(admin), "the trigger records the acting admin");
    assert_eq!(
        details["display_name"], "<redacted>",
        "PII values are not copied into the log"
    );

    let forged = sqlx::query("INSERT INTO audit_log (action) VALUES ('login.succeeded')")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert_eq!(sqlstate(forged), "42501");
    let erased = sqlx::query("DELETE FROM audit_log")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert_eq!(sqlstate(erased), "42501");

    let mut conn = as_app(&pool, Some(viewer)).await;
    let visible: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(visible, 0);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn lockout_and_password_rules_are_settings_rows(pool: PgPool) {
    let values: Vec<(String, i64)> = sqlx::query_as(
        "SELECT key, value_integer FROM system_settings WHERE category = 'security' ORDER BY key",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        values,
        vec![
            ("login.lockout_minutes".to_owned(), 15),
            ("login.max_failed_attempts".to_owned(), 5),
            ("password.min_length".to_owned(), 12)
        ]
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn names_of_who_changed_a_row_are_only_for_signed_in_users(pool: PgPool) {
    let admin = common::create_user(&pool, "ada", "admin", "correct horse battery").await;
    let viewer = common::create_user(&pool, "victor", "viewer", "correct horse battery").await;
    let label = "SELECT sentia_user_label($1)";

    let mut anonymous = as_app(&pool, None).await;
    let name: Option<String> = sqlx::query_scalar(label)
        .bind(admin)
        .fetch_one(&mut anonymous)
        .await
        .unwrap();
    assert_eq!(name, None, "the app credential alone learns no names");
    drop(anonymous);

    let mut conn = as_app(&pool, Some(viewer)).await;
    let name: Option<String> = sqlx::query_scalar(label)
        .bind(admin)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("ada"));
    let email = sqlx::query("SELECT email FROM users WHERE id = $1")
        .bind(admin)
        .fetch_optional(&mut conn)
        .await
        .unwrap_err();
    assert_eq!(
        sqlstate(email),
        "42501",
        "the label is a name, not a way into the users table"
    );
}
