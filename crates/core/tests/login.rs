//! Sign-in and passwords through the real path: the app role, the definer functions,
//! argon2id keys, the lockout policy from system_settings and the database's sessions.

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
    auth::logout(&app).await;
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

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn unknown_names_lock_like_real_ones_so_five_tries_reveal_nothing(pool: PgPool) {
    let id = common::create_user(&pool, "lena", "analyst", PASSWORD).await;
    let (app, _dir) = common::app_for(&pool).await;
    let mut answers = Vec::new();
    for name in ["lena", "nobody"] {
        let mut these = Vec::new();
        for _ in 0..6 {
            let err = auth::login(&app, name, pw("wrong password"))
                .await
                .unwrap_err();
            these.push(match err {
                AppError::LockedOut { .. } => "locked".to_owned(),
                other => format!("{other:?}"),
            });
        }
        answers.push(these);
    }
    assert_eq!(
        answers[0], answers[1],
        "a real and an unknown name answer alike"
    );
    assert_eq!(answers[0][4], "locked");
    // The challenge for an unknown name is stable and shaped like a real one.
    let challenge = |name: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT sentia_auth_challenge($1)")
                .bind(name)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let (real, fake) = (challenge("lena").await, challenge("nobody").await);
    assert_eq!(fake, challenge("NOBODY").await);
    assert_eq!(real.matches('$').count(), fake.matches('$').count());
    assert_eq!(real.len(), fake.len());
    assert_eq!(
        common::audit_count(&pool, "login.locked_out", Some(id)).await,
        1
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_user_changes_their_password_with_the_old_one_and_other_sessions_end(pool: PgPool) {
    let id = common::create_user(&pool, "mara", "manager", PASSWORD).await;
    let other_device = common::issue_session(&pool, id).await;
    let (app, _dir) = common::app_for(&pool).await;
    auth::login(&app, "mara", pw(PASSWORD)).await.unwrap();

    let wrong = auth::change_password(
        &app,
        "mara",
        pw("not my password"),
        pw("a brand new phrase"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&wrong, AppError::Validation { field, .. } if field == "currentPassword"),
        "{wrong:?}"
    );
    let short = auth::change_password(&app, "mara", pw(PASSWORD), pw("short"))
        .await
        .unwrap_err();
    assert!(
        matches!(&short, AppError::Validation { field, .. } if field == "newPassword"),
        "{short:?}"
    );
    let named = auth::change_password(&app, "mara", pw(PASSWORD), pw("mara-mara-mara-mara"))
        .await
        .unwrap_err();
    assert!(
        matches!(&named, AppError::Validation { field, .. } if field == "newPassword"),
        "{named:?}"
    );

    let info = auth::change_password(&app, "mara", pw(PASSWORD), pw("a brand new phrase"))
        .await
        .unwrap();
    assert_eq!(info.user_id, id);
    assert_eq!(
        common::audit_count(&pool, "password.changed", Some(id)).await,
        1
    );
    // The wrong current password counted as a failed sign-in.
    assert_eq!(
        common::audit_count(&pool, "login.failed", Some(id)).await,
        1
    );

    let mut conn = common::psql_as_app(&pool).await;
    common::present(&mut conn, &other_device).await;
    let me: Option<uuid::Uuid> = sqlx::query_scalar("SELECT sentia_current_user_id()")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(me, None, "the session opened before the change has ended");

    auth::logout(&app).await;
    assert!(auth::login(&app, "mara", pw(PASSWORD)).await.is_err());
    auth::login(&app, "mara", pw("a brand new phrase"))
        .await
        .unwrap();
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn after_an_admins_reset_the_user_must_choose_a_new_password(pool: PgPool) {
    common::create_user(&pool, "ada", "admin", PASSWORD).await;
    let lena = common::create_user(&pool, "lena", "analyst", PASSWORD).await;
    let (app, _dir) = common::app_for(&pool).await;
    auth::login(&app, "ada", pw("correct horse battery"))
        .await
        .unwrap();
    sentia_core::admin::reset_user_password(&app, lena, "temporary pass 123".into())
        .await
        .unwrap();
    auth::logout(&app).await;

    assert!(auth::login(&app, "lena", pw(PASSWORD)).await.is_err());
    let must = auth::login(&app, "lena", pw("temporary pass 123"))
        .await
        .unwrap_err();
    assert_eq!(must, AppError::PasswordChangeRequired);
    assert!(auth::current_session(&app).is_none());
    let info = auth::change_password(
        &app,
        "lena",
        pw("temporary pass 123"),
        pw("a phrase of my own"),
    )
    .await
    .unwrap();
    assert_eq!(info.user_id, lena);
    auth::logout(&app).await;
    auth::login(&app, "lena", pw("a phrase of my own"))
        .await
        .unwrap();
    let resets: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'password.reset' AND entity_id = $1",
    )
    .bind(lena)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(resets, 1);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn signing_out_ends_the_session_in_the_database(pool: PgPool) {
    common::create_user(&pool, "mara", "manager", PASSWORD).await;
    let (app, _dir) = common::app_for(&pool).await;
    auth::login(&app, "mara", pw(PASSWORD)).await.unwrap();
    let live = |pool: PgPool| async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM user_sessions WHERE revoked_at IS NULL")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(live(pool.clone()).await, 1);
    auth::logout(&app).await;
    assert_eq!(live(pool.clone()).await, 0);
}
