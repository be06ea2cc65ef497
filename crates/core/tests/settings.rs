//! Versioned settings against the real database: typed changes, versions with reasons,
//! revert, scope precedence, unknown keys, and who may change what.

use rust_decimal_macros::dec;
use sentia_core::settings::{self, SettingChange};
use sentia_core::AppError;
use sentia_domain::Permission;
use sqlx::PgPool;

mod common;

use common::signed_in;

fn change(
    key: &str,
    scope: &str,
    scope_id: Option<uuid::Uuid>,
    value: &str,
    version: Option<i32>,
) -> SettingChange {
    SettingChange {
        category: "inventory".into(),
        key: key.into(),
        environment: "all".into(),
        scope: scope.into(),
        scope_id,
        value: value.into(),
        version,
        reason: "new service policy".into(),
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_change_is_a_new_version_with_its_reason_and_revert_restores_it(pool: PgPool) {
    let (app, _dir, _) = signed_in(&pool, "ada", "admin").await;
    let first = settings::change_setting(
        &app,
        change("service_level_a", "global", None, "0.99", None),
    )
    .await
    .unwrap();
    assert_eq!((first.version, first.value.as_str()), (1, "0.99"));
    let id = first.id.unwrap();
    let second = settings::change_setting(
        &app,
        change("service_level_a", "global", None, "0.975", Some(1)),
    )
    .await
    .unwrap();
    assert_eq!((second.version, second.value.as_str()), (2, "0.975"));

    // A save based on version 1 now comes too late.
    let late = settings::change_setting(
        &app,
        change("service_level_a", "global", None, "0.9", Some(1)),
    )
    .await
    .unwrap_err();
    assert!(matches!(late, AppError::Stale { .. }), "{late:?}");

    let reverted = settings::revert_setting(&app, id, 1, "back to the old policy".into())
        .await
        .unwrap();
    assert_eq!((reverted.version, reverted.value.as_str()), (3, "0.99"));
    let history = settings::setting_history(&app, id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.version, h.value.as_str(), h.reason.as_deref()))
            .collect::<Vec<_>>(),
        [
            (3, "0.99", Some("back to the old policy")),
            (2, "0.975", Some("new service policy")),
            (1, "0.99", Some("new service policy")),
        ]
    );
    assert_eq!(history[0].changed_by.as_deref(), Some("ada"));
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'system_settings' AND entity_id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(audited >= 2, "updates are audited ({audited})");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn bad_values_unknown_keys_and_wrong_scopes_are_refused(pool: PgPool) {
    let (app, _dir, _) = signed_in(&pool, "ada", "admin").await;
    let field_of = |r: Result<_, AppError>| match r {
        Err(AppError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    };
    assert_eq!(
        field_of(
            settings::change_setting(&app, change("service_level_a", "global", None, "1.2", None))
                .await
        ),
        "value"
    );
    assert_eq!(
        field_of(
            settings::change_setting(&app, change("no_such_setting", "global", None, "1", None))
                .await
        ),
        "key"
    );
    assert_eq!(
        field_of(
            settings::change_setting(
                &app,
                change(
                    "overstock_days",
                    "product",
                    Some(uuid::Uuid::new_v4()),
                    "90",
                    None
                )
            )
            .await
        ),
        "scope"
    );
    let mut no_reason = change("service_level_a", "global", None, "0.98", None);
    no_reason.reason = " ".into();
    assert_eq!(
        field_of(settings::change_setting(&app, no_reason).await),
        "reason"
    );
    assert_eq!(
        field_of(
            settings::set_my_preference(&app, "time_zone".into(), "Mars/Olympus".into()).await
        ),
        "value"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_product_value_beats_the_global_one_and_the_default_fills_in(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, _) = signed_in(&pool, "ada", "admin").await;
    let product: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM products WHERE sku = 'GABA_RED_UK'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let other: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM products WHERE sku = 'GABA_GOLD_UK'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    // The demo stores B at 0.98; C has no product value.
    settings::change_setting(
        &app,
        change("service_level_b", "global", None, "0.97", Some(1)),
    )
    .await
    .unwrap();
    settings::change_setting(
        &app,
        change("service_level_b", "product", Some(product), "0.995", None),
    )
    .await
    .unwrap();
    assert_eq!(
        settings::service_level(&mut conn, product, 'B')
            .await
            .unwrap(),
        dec!(0.995)
    );
    assert_eq!(
        settings::service_level(&mut conn, other, 'B')
            .await
            .unwrap(),
        dec!(0.97)
    );
    sqlx::query("DELETE FROM system_settings WHERE key = 'service_level_c'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        settings::service_level(&mut conn, other, 'C')
            .await
            .unwrap(),
        dec!(0.95)
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn everyone_keeps_their_own_preferences_but_only_admins_change_settings(pool: PgPool) {
    let (app, _dir, victor) = signed_in(&pool, "victor", "viewer").await;
    let theme = settings::set_my_preference(&app, "theme".into(), "dark".into())
        .await
        .unwrap();
    assert_eq!(
        (theme.value.as_str(), theme.scope_id),
        ("dark", Some(victor))
    );
    let again = settings::set_my_preference(&app, "theme".into(), "light".into())
        .await
        .unwrap();
    assert_eq!(again.version, 2);
    assert!(again.editable);
    assert_eq!(
        settings::change_setting(&app, change("service_level_a", "global", None, "0.9", None))
            .await
            .unwrap_err(),
        AppError::Forbidden {
            permission: Permission::SettingsManage
        }
    );
    let listed = settings::list_settings(&app).await.unwrap();
    let level = listed.iter().find(|s| s.key == "service_level_a").unwrap();
    assert!(!level.editable);
    assert_eq!(level.value, "0.99", "the default when nothing is stored");
    assert!(listed
        .iter()
        .any(|s| s.key == "theme" && s.value == "light"));
}
