//! Login through the real path: the app role, the definer functions, argon2id and the
//! lockout policy from system_settings.

use secrecy::SecretString;
use sentia_core::{auth, AppError};
use sentia_domain::{Permission, Role};
use sqlx::PgPool;

mod common;

const PASSWORD: &str = "correct horse battery";

fn pw(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_user_logs_in_with_their_locale_and_role_permissions(pool: PgPool) {
    let id = common::create_user(&pool, "mara", "manager", PASSWORD).await;
    let (app, _dir) = common::app_for(&pool).await;
    let info = auth::login(&app, "MARA", pw(PASSWORD)).await.unwrap();
    assert_eq!(info.user_id, id);
    assert_eq!(info.role, Role::Manager);
    assert_eq!(
        (info.timezone.as_str(), info.language.as_str()),
        ("Europe/Berlin", "de-DE")
    );
    assert!(info.permissions.contains(&Permission::ForecastApprove));
    assert!(!info.permissions.contains(&Permission::UsersManage));
    assert_eq!(auth::current_session(&app).map(|s| s.user_id), Some(id));
    assert_eq!(
        common::audit_count(&pool, "login.succeeded", Some(id)).await,
        1
    );
    auth::logout(&app);
    assert!(auth::current_session(&app).is_none());
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn five_wrong_passwords_lock_the_account_even_for_the_right_one(pool: PgPool) {
    let id = common::create_user(&pool, "lena", "analyst", PASSWORD).await;
    let (app, _dir) = common::app_for(&pool).await;
    for attempt in 1..=4 {
        let err = auth::login(&app, "lena", pw("wrong password"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Validation { .. }),
            "attempt {attempt}: {err:?}"
        );
    }
    let fifth = auth::login(&app, "lena", pw("wrong password"))
        .await
        .unwrap_err();
    let AppError::LockedOut { until } = fifth else {
        panic!("fifth failure should lock: {fifth:?}")
    };
    let minutes = (until - chrono::Utc::now()).num_minutes();
    assert!((14..=15).contains(&minutes), "locked for {minutes} min");

    let right = auth::login(&app, "lena", pw(PASSWORD)).await.unwrap_err();
    assert_eq!(right, AppError::LockedOut { until });
    assert!(auth::current_session(&app).is_none());

    assert_eq!(
        common::audit_count(&pool, "login.failed", Some(id)).await,
        4
    );
    assert_eq!(
        common::audit_count(&pool, "login.locked_out", Some(id)).await,
        1
    );
    assert_eq!(
        common::audit_count(&pool, "login.rejected_locked", Some(id)).await,
        1
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_lock_ends_after_its_time_and_the_count_starts_again(pool: PgPool) {
    let id = common::create_user(&pool, "lena", "analyst", PASSWORD).await;
    sqlx::query(
        "UPDATE users SET failed_login_count = 5, locked_until = now() - interval '1 minute' WHERE id = $1",
    )
    .bind(id)
    .execute(&pool)
    .await
    .unwrap();
    let (app, _dir) = common::app_for(&pool).await;
    let err = auth::login(&app, "lena", pw("wrong password"))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Validation { .. }), "{err:?}");
    let count: i32 = sqlx::query_scalar("SELECT failed_login_count FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
    auth::login(&app, "lena", pw(PASSWORD)).await.unwrap();
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_lockout_threshold_follows_the_setting(pool: PgPool) {
    sqlx::query(
        "UPDATE system_settings SET value_integer = 2 WHERE key = 'login.max_failed_attempts'",
    )
    .execute(&pool)
    .await
    .unwrap();
    common::create_user(&pool, "lena", "analyst", PASSWORD).await;
    let (app, _dir) = common::app_for(&pool).await;
    auth::login(&app, "lena", pw("nope nope nope"))
        .await
        .unwrap_err();
    let second = auth::login(&app, "lena", pw("nope nope nope"))
        .await
        .unwrap_err();
    assert!(matches!(second, AppError::LockedOut { .. }), "{second:?}");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn unknown_and_inactive_users_get_the_same_answer_as_a_wrong_password(pool: PgPool) {
    let id = common::create_user(&pool, "gone", "viewer", PASSWORD).await;
    sqlx::query("UPDATE users SET is_active = false WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let (app, _dir) = common::app_for(&pool).await;
    let unknown = auth::login(&app, "nobody", pw(PASSWORD)).await.unwrap_err();
    let inactive = auth::login(&app, "gone", pw(PASSWORD)).await.unwrap_err();
    assert_eq!(unknown, inactive);
    assert_eq!(common::audit_count(&pool, "login.failed", None).await, 1);
}
