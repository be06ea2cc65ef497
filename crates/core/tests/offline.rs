//! The offline report cache on a real database and the kernel keychain: a report viewed
//! online is answered offline from the cache; the file holds no clear figure; a wrong key,
//! altered bytes or an entry moved to another user or screen are refused with a message
//! and removed; another user cannot read it; a wipe leaves nothing that opens.

mod common;

use std::path::Path;

use chrono::{Duration, Utc};
use secrecy::SecretString;
use sentia_core::dashboard::{self, DashboardQuery};
use sentia_core::offline::{self, Screen};
use sentia_core::{App, AppError};
use sentia_domain::Currency;
use sqlx::PgPool;

/// `name` (role `role`) signed in on an app with its folders under `root`.
async fn signed_in(pool: &PgPool, root: &Path, name: &str, role: &str) -> App {
    common::create_user(pool, name, role, common::PASSWORD).await;
    let app = common::app_with_keychain(pool, "keyutils", root).await;
    sentia_core::auth::login(&app, name, SecretString::from(common::PASSWORD.to_owned()))
        .await
        .unwrap();
    app
}

fn query() -> DashboardQuery {
    let to = Utc::now().date_naive();
    DashboardQuery {
        from: to - Duration::days(364),
        to,
        reporting_currency: Currency::GBP,
        market: None,
        channel_id: None,
    }
}

/// The dashboard as the screen would get it while the server does not answer.
async fn offline_dashboard(app: &App) -> Result<dashboard::Dashboard, AppError> {
    offline::through_cache(app, Screen::Dashboard, &query(), async {
        Err::<dashboard::Dashboard, _>(AppError::Offline)
    })
    .await
}

async fn seeded(pool: &PgPool) {
    common::seed_demo(pool).await;
}

/// Runs SQL on the cache file directly, as someone with the file would.
async fn on_file(root: &Path, sql: &str) {
    let url = format!("sqlite://{}", root.join("data/offline.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_report_viewed_online_is_answered_offline_and_the_file_shows_nothing(pool: PgPool) {
    seeded(&pool).await;
    let root = tempfile::tempdir().unwrap();
    let app = signed_in(&pool, root.path(), "pat.planner", "analyst").await;

    // Nothing viewed yet: offline is offline.
    assert!(matches!(
        offline_dashboard(&app).await,
        Err(AppError::Offline)
    ));
    let online = dashboard::get_dashboard(&app, query()).await.unwrap();
    assert!(offline::served_from_cache(&app).is_empty());
    let cached = offline_dashboard(&app).await.unwrap();
    assert_eq!(
        serde_json::to_value(&cached).unwrap(),
        serde_json::to_value(&online).unwrap(),
        "the same report, field for field"
    );
    let served = offline::served_from_cache(&app);
    assert_eq!(served.len(), 1);
    assert_eq!(served[0].screen, "dashboard");
    assert!(Utc::now() - served[0].as_of < Duration::minutes(1));

    // Another market was never viewed: not answered with this one. Another period of the
    // same view is (the default period moves daily; the dashboard says which it shows).
    let offline_for = |q: DashboardQuery| {
        let app = &app;
        async move {
            offline::through_cache(app, Screen::Dashboard, &q, async {
                Err::<dashboard::Dashboard, _>(AppError::Offline)
            })
            .await
        }
    };
    let uk = offline_for(DashboardQuery {
        market: Some("UK".into()),
        ..query()
    })
    .await;
    assert!(matches!(uk, Err(AppError::Offline)), "{uk:?}");
    let earlier = offline_for(DashboardQuery {
        from: query().from - Duration::days(1),
        ..query()
    })
    .await
    .unwrap();
    assert_eq!(
        earlier.from, online.from,
        "the view kept, with its own period"
    );

    // The last view replaces the one before it: a second period of the same view leaves
    // one copy.
    dashboard::get_dashboard(
        &app,
        DashboardQuery {
            from: query().from + Duration::days(30),
            ..query()
        },
    )
    .await
    .unwrap();
    assert_eq!(offline::cache_info(&app).await.unwrap().entries, 1);
    dashboard::get_dashboard(&app, query()).await.unwrap();

    // The file holds no figure, SKU or user name of the report in the clear.
    let info = offline::cache_info(&app).await.unwrap();
    assert_eq!(info.entries, 1);
    let bytes = std::fs::read(&info.file).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let revenue = online.kpis.revenue.value.round().to_string();
    let mut needles = vec!["pat.planner".to_owned(), revenue];
    needles.extend(online.top_products.iter().map(|p| p.sku.clone()));
    needles.extend(online.by_market.iter().map(|m| m.market_name.clone()));
    for needle in &needles {
        assert!(
            !text.contains(needle.as_str()),
            "{needle:?} is in the cache file in clear"
        );
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_wrong_key_or_altered_bytes_are_refused_and_the_entry_fetched_again(pool: PgPool) {
    seeded(&pool).await;
    let root = tempfile::tempdir().unwrap();
    let app = signed_in(&pool, root.path(), "pat.planner", "analyst").await;
    dashboard::get_dashboard(&app, query()).await.unwrap();

    // One bit of the sealed payload changed, by someone with the file.
    let url = format!(
        "sqlite://{}",
        root.path().join("data/offline.sqlite").display()
    );
    let file = sqlx::SqlitePool::connect(&url).await.unwrap();
    let mut sealed: Vec<u8> = sqlx::query_scalar("SELECT sealed FROM reports")
        .fetch_one(&file)
        .await
        .unwrap();
    sealed[40] ^= 1;
    sqlx::query("UPDATE reports SET sealed = ?1")
        .bind(sealed)
        .execute(&file)
        .await
        .unwrap();
    file.close().await;
    let refused = offline_dashboard(&app).await;
    match refused {
        Err(AppError::Validation { field, message }) => {
            assert_eq!(field, "cache");
            assert!(message.contains("integrity check"), "{message}");
        }
        other => panic!("an altered entry was not refused: {other:?}"),
    }
    assert_eq!(
        offline::cache_info(&app).await.unwrap().entries,
        0,
        "removed"
    );
    // Online again, it is fetched and kept afresh.
    dashboard::get_dashboard(&app, query()).await.unwrap();
    assert!(offline_dashboard(&app).await.is_ok());

    // Another key: a second app on the same files, whose keychain entry was replaced.
    let other_root = tempfile::tempdir().unwrap();
    let user_id = app.session().unwrap().user_id();
    let stranger = common::app_with_keychain(&pool, "keyutils", other_root.path()).await;
    stranger
        .secrets()
        .set(
            &format!("offline-reports/{user_id}"),
            &SecretString::from("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned()),
        )
        .unwrap();
    let fresh = common::app_with_keychain(&pool, "keyutils", root.path()).await;
    sentia_core::auth::login(
        &fresh,
        "pat.planner",
        SecretString::from(common::PASSWORD.to_owned()),
    )
    .await
    .unwrap();
    assert!(
        matches!(
            offline_dashboard(&fresh).await,
            Err(AppError::Validation { .. })
        ),
        "a payload sealed under another key does not open"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn an_entry_moved_to_another_user_or_screen_does_not_open(pool: PgPool) {
    seeded(&pool).await;
    let root = tempfile::tempdir().unwrap();
    let pat = signed_in(&pool, root.path(), "pat.planner", "analyst").await;
    let mo = signed_in(&pool, root.path(), "mo.manager", "manager").await;
    dashboard::get_dashboard(&pat, query()).await.unwrap();

    // Mo never viewed the dashboard: Pat's copy is not Mo's.
    assert!(matches!(
        offline_dashboard(&mo).await,
        Err(AppError::Offline)
    ));
    // Mo's own entry, its bytes replaced with Pat's: refused, since the user is part of
    // what was sealed (and the key is another).
    dashboard::get_dashboard(&mo, query()).await.unwrap();
    let pat_id = pat.session().unwrap().user_id().to_string();
    let mo_id = mo.session().unwrap().user_id().to_string();
    on_file(
        root.path(),
        &format!(
            "UPDATE reports SET sealed = (SELECT sealed FROM reports WHERE user_id = '{pat_id}') \
             WHERE user_id = '{mo_id}'"
        ),
    )
    .await;
    assert!(matches!(
        offline_dashboard(&mo).await,
        Err(AppError::Validation { .. })
    ));
    // Pat's dashboard bytes under Pat's own forecast-runs entry: the screen is sealed too.
    offline::through_cache(&pat, Screen::ForecastRuns, &(), async {
        Ok::<Vec<sentia_core::forecasts::ForecastRun>, AppError>(Vec::new())
    })
    .await
    .unwrap();
    on_file(
        root.path(),
        &format!(
            "UPDATE reports SET sealed = (SELECT sealed FROM reports WHERE user_id = '{pat_id}' \
             AND screen = 'dashboard') WHERE user_id = '{pat_id}' AND screen = 'forecast-runs'"
        ),
    )
    .await;
    let moved = offline::through_cache(&pat, Screen::ForecastRuns, &(), async {
        Err::<Vec<sentia_core::forecasts::ForecastRun>, AppError>(AppError::Offline)
    })
    .await;
    assert!(
        matches!(moved, Err(AppError::Validation { .. })),
        "{moved:?}"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn clearing_removes_the_users_reports_and_key_and_offline_respects_the_role(pool: PgPool) {
    seeded(&pool).await;
    let root = tempfile::tempdir().unwrap();
    let app = signed_in(&pool, root.path(), "pat.planner", "analyst").await;
    dashboard::get_dashboard(&app, query()).await.unwrap();
    let user_id = app.session().unwrap().user_id();
    assert!(app
        .secrets()
        .get(&format!("offline-reports/{user_id}"))
        .unwrap()
        .is_some());
    assert_eq!(offline::clear_cache(&app).await.unwrap(), 1);
    assert_eq!(offline::cache_info(&app).await.unwrap().entries, 0);
    assert!(
        app.secrets()
            .get(&format!("offline-reports/{user_id}"))
            .unwrap()
            .is_none(),
        "the key is gone too"
    );
    assert!(matches!(
        offline_dashboard(&app).await,
        Err(AppError::Offline)
    ));

    // A viewer has no working-capital permission: not even a cached projection is read.
    let viewer = signed_in(&pool, root.path(), "vi.viewer", "viewer").await;
    let refused = offline::through_cache(
        &viewer,
        Screen::CashProjection,
        &sentia_core::working_capital::CashRequest::default(),
        async { Err::<sentia_core::working_capital::CashProjection, _>(AppError::Offline) },
    )
    .await;
    assert!(
        matches!(refused, Err(AppError::Forbidden { .. })),
        "{refused:?}"
    );
}
