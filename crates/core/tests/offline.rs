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

    // Another key: the keychain entry replaced, read anew by an app on the same files with
    // the same user's session.
    let user_id = app.session().unwrap().user_id();
    app.secrets()
        .set(
            &format!("offline-reports/{user_id}"),
            &SecretString::from("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned()),
        )
        .unwrap();
    let fresh = common::app_with_keychain(&pool, "keyutils", root.path()).await;
    fresh.set_session_for_tests(Some(app.session().unwrap()));
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

fn password(p: &str) -> SecretString {
    SecretString::from(p.to_owned())
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn signing_in_without_the_server_opens_the_copies_under_the_same_lockout(pool: PgPool) {
    seeded(&pool).await;
    let root = tempfile::tempdir().unwrap();
    let app = signed_in(&pool, root.path(), "pat.planner", "analyst").await;
    let online = dashboard::get_dashboard(&app, query()).await.unwrap();
    assert!(!app.session().unwrap().info().offline);
    sentia_core::auth::logout(&app).await;

    common::lose_the_server(&app).await;
    let info = sentia_core::auth::login(&app, "Pat.Planner", password(common::PASSWORD))
        .await
        .unwrap();
    assert!(info.offline, "a session opened without the server says so");
    assert_eq!(info.role, sentia_domain::Role::Analyst);
    let cached = dashboard::get_dashboard(&app, query()).await.unwrap();
    assert_eq!(
        serde_json::to_value(&cached).unwrap(),
        serde_json::to_value(&online).unwrap()
    );
    sentia_core::auth::logout(&app).await;

    // Someone who never signed in here cannot sign in offline.
    let stranger = sentia_core::auth::login(&app, "mo.manager", password(common::PASSWORD)).await;
    match stranger {
        Err(AppError::Validation { message, .. }) => {
            assert!(
                message.contains("has not signed in on this computer"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    // Wrong passwords lock offline sign-in as the server would (5 by default), and the
    // right one is refused until the lock ends.
    for attempt in 1..5 {
        let wrong =
            sentia_core::auth::login(&app, "pat.planner", password("not my password")).await;
        assert!(
            matches!(wrong, Err(AppError::Validation { .. })),
            "attempt {attempt}: {wrong:?}"
        );
    }
    let locked = sentia_core::auth::login(&app, "pat.planner", password("not my password")).await;
    assert!(
        matches!(locked, Err(AppError::LockedOut { .. })),
        "{locked:?}"
    );
    let still = sentia_core::auth::login(&app, "pat.planner", password(common::PASSWORD)).await;
    assert!(
        matches!(still, Err(AppError::LockedOut { .. })),
        "{still:?}"
    );

    // The file names no one.
    let bytes = std::fs::read(root.path().join("data/offline.sqlite")).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("pat.planner"));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_role_change_or_a_deactivation_seen_online_wipes_the_copies(pool: PgPool) {
    seeded(&pool).await;
    let root = tempfile::tempdir().unwrap();
    let app = signed_in(&pool, root.path(), "pat.planner", "analyst").await;
    dashboard::get_dashboard(&app, query()).await.unwrap();
    sentia_core::auth::logout(&app).await;

    // Same role again: the copies stay.
    sentia_core::auth::login(&app, "pat.planner", password(common::PASSWORD))
        .await
        .unwrap();
    assert_eq!(offline::cache_info(&app).await.unwrap().entries, 1);
    sentia_core::auth::logout(&app).await;

    // Another role: they were made under the old one, and go.
    sqlx::query("UPDATE users SET role = 'viewer' WHERE username = 'pat.planner'")
        .execute(&pool)
        .await
        .unwrap();
    sentia_core::auth::login(&app, "pat.planner", password(common::PASSWORD))
        .await
        .unwrap();
    assert_eq!(offline::cache_info(&app).await.unwrap().entries, 0);
    dashboard::get_dashboard(&app, query()).await.unwrap();
    assert_eq!(offline::cache_info(&app).await.unwrap().entries, 1);
    sentia_core::auth::logout(&app).await;

    // Deactivated: the server refuses the right password, and everything kept goes; the
    // user cannot sign in offline either.
    sqlx::query("UPDATE users SET is_active = false WHERE username = 'pat.planner'")
        .execute(&pool)
        .await
        .unwrap();
    let refused = sentia_core::auth::login(&app, "pat.planner", password(common::PASSWORD)).await;
    assert!(
        matches!(refused, Err(AppError::Validation { .. })),
        "{refused:?}"
    );
    common::lose_the_server(&app).await;
    let offline_try =
        sentia_core::auth::login(&app, "pat.planner", password(common::PASSWORD)).await;
    match offline_try {
        Err(AppError::Validation { message, .. }) => {
            assert!(
                message.contains("has not signed in on this computer"),
                "{message}"
            )
        }
        other => panic!("a deactivated user signed in offline: {other:?}"),
    }
    let url = format!(
        "sqlite://{}",
        root.path().join("data/offline.sqlite").display()
    );
    let file = sqlx::SqlitePool::connect(&url).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM reports")
        .fetch_one(&file)
        .await
        .unwrap();
    assert_eq!(left, 0, "no copy of the deactivated user's reports is left");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_view_kept_on_purpose_stays_and_is_refreshed_while_online(pool: PgPool) {
    seeded(&pool).await;
    let root = tempfile::tempdir().unwrap();
    let app = signed_in(&pool, root.path(), "pat.planner", "analyst").await;
    assert!(!offline::keep_last_view(&app, Screen::Dashboard, true)
        .await
        .unwrap());

    dashboard::get_dashboard(&app, query()).await.unwrap();
    assert!(offline::keep_last_view(&app, Screen::Dashboard, true)
        .await
        .unwrap());
    // Another view of the same family would replace a last view; the kept one stays.
    let later = DashboardQuery {
        from: query().from + Duration::days(30),
        ..query()
    };
    dashboard::get_dashboard(&app, later.clone()).await.unwrap();
    let info = offline::cache_info(&app).await.unwrap();
    assert_eq!(info.entries, 2);
    assert_eq!(info.kept.len(), 1);
    let kept = &info.kept[0];
    assert_eq!(kept.screen, Screen::Dashboard);

    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert_eq!(offline::refresh_kept(&app).await.unwrap(), 1);
    let refreshed = offline::cache_info(&app).await.unwrap();
    assert_eq!(refreshed.entries, 2);
    assert!(refreshed.kept[0].as_of > kept.as_of, "fetched again");
    assert_eq!(refreshed.kept[0].entry, kept.entry, "the same view");

    // Offline nothing is fetched; both views open.
    common::lose_the_server(&app).await;
    offline::set_online(&app, false);
    assert_eq!(offline::refresh_kept(&app).await.unwrap(), 0);
    let first = offline_dashboard(&app).await.unwrap();
    assert_eq!(first.from, query().from);

    assert!(offline::stop_keeping(&app, &kept.entry).await.unwrap());
    assert!(offline::cache_info(&app).await.unwrap().kept.is_empty());
}
