//! The admin use cases, with the role check first and RLS underneath.

use sentia_core::admin::{self, AuditQuery, NewUser, PermissionOverride};
use sentia_core::AppError;
use sentia_domain::{Permission, Role};
use sqlx::PgPool;

mod common;

use common::signed_in;

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_viewer_cannot_list_or_create_users(pool: PgPool) {
    let (app, _dir, _) = signed_in(&pool, "victor", "viewer").await;
    assert_eq!(
        admin::list_users(&app).await.unwrap_err(),
        AppError::Forbidden {
            permission: Permission::AdminView
        }
    );
    let err = admin::create_user(
        &app,
        NewUser {
            username: "mallory".into(),
            email: "m@example.test".into(),
            display_name: None,
            role: Role::Admin,
            password: "a long enough password".into(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(
        err,
        AppError::Forbidden {
            permission: Permission::UsersManage
        }
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn an_admin_manages_a_user_through_its_whole_life(pool: PgPool) {
    let (app, _dir, admin_id) = signed_in(&pool, "ada", "admin").await;
    let new = admin::create_user(
        &app,
        NewUser {
            username: "paul".into(),
            email: "paul@example.test".into(),
            display_name: Some("Paul Planner".into()),
            role: Role::Analyst,
            password: "another long password".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(new.role, Role::Analyst);

    let dup = admin::create_user(
        &app,
        NewUser {
            username: "PAUL".into(),
            email: "other@example.test".into(),
            display_name: None,
            role: Role::Viewer,
            password: "another long password".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(dup, AppError::Conflict { ref constraint, .. } if constraint == "users_username_lower_key"),
        "{dup:?}"
    );

    admin::set_user_role(
        &app,
        new.user_id,
        Role::Manager,
        vec![PermissionOverride {
            permission: Permission::ForecastApprove,
            granted: false,
        }],
    )
    .await
    .unwrap();
    sqlx::query("UPDATE users SET failed_login_count = 5, locked_until = now() + interval '10 minutes' WHERE id = $1")
        .bind(new.user_id)
        .execute(&pool)
        .await
        .unwrap();
    admin::reset_user_lockout(&app, new.user_id).await.unwrap();
    admin::set_user_active(&app, new.user_id, false)
        .await
        .unwrap();

    let listed = admin::list_users(&app).await.unwrap();
    let paul = listed.iter().find(|u| u.user_id == new.user_id).unwrap();
    assert_eq!(paul.role, Role::Manager);
    assert_eq!(
        paul.overrides,
        vec![PermissionOverride {
            permission: Permission::ForecastApprove,
            granted: false
        }]
    );
    assert!(!paul.active && paul.locked_until.is_none() && paul.failed_logins == 0);
    assert_eq!(
        common::audit_count(&pool, "pii.read", Some(admin_id)).await,
        1
    );

    admin::anonymize_user(&app, new.user_id).await.unwrap();
    let (username, email, hash): (String, String, Option<String>) =
        sqlx::query_as("SELECT username, email, password_hash FROM users WHERE id = $1")
            .bind(new.user_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!username.contains("paul") && !email.contains("paul") && hash.is_none());
    let leaked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE details::text ILIKE '%paul%'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        leaked, 0,
        "no audit row holds the departed user's name or address"
    );

    let log = admin::list_audit_log(
        &app,
        AuditQuery {
            limit: 100,
            before: None,
        },
    )
    .await
    .unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "user.anonymized" && e.entity_id == Some(new.user_id)));
    assert!(log
        .iter()
        .any(|e| e.action == "row.insert" && e.actor_id == Some(admin_id)));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn an_admin_cannot_lock_themselves_out(pool: PgPool) {
    let (app, _dir, me) = signed_in(&pool, "ada", "admin").await;
    assert!(matches!(
        admin::set_user_active(&app, me, false).await,
        Err(AppError::Validation { .. })
    ));
    assert!(matches!(
        admin::set_user_role(&app, me, Role::Viewer, vec![]).await,
        Err(AppError::Validation { .. })
    ));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_new_users_fields_are_checked_on_their_field_and_the_full_name_is_optional(pool: PgPool) {
    let (app, _dir, _) = signed_in(&pool, "ada", "admin").await;
    let user = |username: &str, email: &str, display_name: Option<&str>| NewUser {
        username: username.into(),
        email: email.into(),
        display_name: display_name.map(Into::into),
        role: Role::Viewer,
        password: "a long enough password".into(),
    };
    for (input, field) in [
        (user("jo", "jo@example.test", None), "username"),
        (user("j.smith", "not an address", None), "email"),
        (
            user("j.smith", "j@example.test", Some(&"x".repeat(101))),
            "displayName",
        ),
    ] {
        match admin::create_user(&app, input).await {
            Err(AppError::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected a validation error, got {other:?}"),
        }
    }
    let created = admin::create_user(&app, user(" j.smith ", "j@example.test", Some("  ")))
        .await
        .unwrap();
    assert_eq!(
        (created.username.as_str(), created.display_name),
        ("j.smith", None)
    );
}
