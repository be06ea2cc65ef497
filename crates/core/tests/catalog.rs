//! The catalog use cases against the real database: edits, field errors, deletes refused
//! for rows with history, concurrent edits, audit rows and the role check.

use rust_decimal_macros::dec;
use sentia_core::catalog::{self, CatalogEntity, Product, ProductInput};
use sentia_core::AppError;
use sentia_domain::{Permission, ProductCategory};
use sqlx::PgPool;

mod common;

use common::signed_in;

fn gaba_red(market: &str) -> ProductInput {
    ProductInput {
        sku: "GABA_RED_NZ".into(),
        name: "GABA Red 500 ml".into(),
        category: ProductCategory::GabaRed,
        market: market.into(),
        unit_cost: dec!(4.20),
        selling_price: dec!(12.99),
        weight_kg: Some(dec!(0.55)),
        dimensions_cm: Some("7x7x21".into()),
        production_time_hours: dec!(3.5),
        batch_size_min: 100,
        batch_size_max: 1000,
        lead_time_days: 14,
        shelf_life_days: Some(540),
        compliance_data: r#"{"hs_code": "2202.99"}"#.into(),
        active: true,
    }
}

async fn product(app: &sentia_core::App, sku: &str) -> Product {
    catalog::list_products(app)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.fields.sku == sku)
        .unwrap()
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_manager_adds_and_edits_a_product_and_the_margin_follows(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, manager) = signed_in(&pool, "mona", "manager").await;

    let created = catalog::create_product(&app, gaba_red("UK")).await.unwrap();
    assert_eq!(created.unit_margin, dec!(8.79));
    assert_eq!(created.margin_pct, dec!(0.6767));
    assert_eq!(created.stamp.version, 1);
    assert!(!created.has_sales);

    let mut edit = created.fields.clone();
    edit.selling_price = dec!(14.99);
    let saved = catalog::update_product(&app, created.id, created.stamp.version, edit)
        .await
        .unwrap();
    assert_eq!(saved.unit_margin, dec!(10.79));
    assert_eq!(saved.stamp.version, 2);
    assert_eq!(saved.stamp.updated_by.as_deref(), Some("mona"));

    // The database audited the change, as the acting user, in the same transaction.
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'products' AND entity_id = $1
           AND action = 'row.update' AND actor_id = $2",
    )
    .bind(created.id)
    .bind(manager)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn bad_values_are_refused_on_their_field_before_any_sql(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, _) = signed_in(&pool, "mona", "manager").await;
    type Spoil = fn(&mut ProductInput);
    let cases: [(Spoil, &str); 7] = [
        (|p| p.sku = "gaba red".into(), "sku"),
        (|p| p.unit_cost = dec!(0), "unitCost"),
        (|p| p.selling_price = dec!(4.00), "sellingPrice"),
        (|p| p.batch_size_max = 10, "batchSizeMax"),
        (|p| p.dimensions_cm = Some("7 by 7".into()), "dimensionsCm"),
        (|p| p.compliance_data = "[1, 2]".into(), "complianceData"),
        (|p| p.name = "   ".into(), "name"),
    ];
    for (spoil, field) in cases {
        let mut input = gaba_red("UK");
        spoil(&mut input);
        match catalog::create_product(&app, input).await {
            Err(AppError::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected a validation error, got {other:?}"),
        }
    }
    // A rule only the database knows (the market must exist) still names its field.
    let err = catalog::create_product(&app, gaba_red("NZ"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict { constraint, .. } if constraint == "products_market_region_fkey"),
        "{err:?}"
    );
    // And a duplicate SKU is a conflict on the SKU field.
    let mut twin = gaba_red("UK");
    twin.sku = "GABA_RED_UK".into();
    let err = catalog::create_product(&app, twin).await.unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict { field: Some(f), .. } if f == "sku"),
        "{err:?}"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_second_of_two_concurrent_edits_is_refused_with_who_saved_first(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (first, _d1, _) = signed_in(&pool, "mona", "manager").await;
    let (second, _d2, _) = signed_in(&pool, "ada", "admin").await;
    let opened = product(&first, "GABA_RED_UK").await;
    let also_opened = product(&second, "GABA_RED_UK").await;

    let mut mine = opened.fields.clone();
    mine.selling_price += dec!(1);
    catalog::update_product(&first, opened.id, opened.stamp.version, mine)
        .await
        .unwrap();

    let mut theirs = also_opened.fields.clone();
    theirs.selling_price += dec!(2);
    let err = catalog::update_product(&second, also_opened.id, also_opened.stamp.version, theirs)
        .await
        .unwrap_err();
    match err {
        AppError::Stale {
            entity, changed_by, ..
        } => {
            assert_eq!(entity, "product");
            assert_eq!(changed_by.as_deref(), Some("mona"));
        }
        other => panic!("expected a stale edit, got {other:?}"),
    }
    assert_eq!(
        product(&second, "GABA_RED_UK").await.fields.selling_price,
        opened.fields.selling_price + dec!(1),
        "the first save stands"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_product_with_sales_is_not_deleted_but_can_be_deactivated(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, _) = signed_in(&pool, "mona", "manager").await;
    let sold = product(&app, "GABA_RED_UK").await;
    assert!(sold.has_sales);
    let err =
        catalog::delete_catalog_row(&app, CatalogEntity::Product, sold.id, sold.stamp.version)
            .await
            .unwrap_err();
    match err {
        AppError::Conflict { field, message, .. } => {
            assert_eq!(field.as_deref(), Some("active"));
            assert!(message.contains("deactivate it instead"), "{message}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let mut inactive = sold.fields.clone();
    inactive.active = false;
    let saved = catalog::update_product(&app, sold.id, sold.stamp.version, inactive)
        .await
        .unwrap();
    assert!(!saved.fields.active);

    let fresh = catalog::create_product(&app, gaba_red("UK")).await.unwrap();
    catalog::delete_catalog_row(&app, CatalogEntity::Product, fresh.id, fresh.stamp.version)
        .await
        .unwrap();
    assert!(catalog::list_products(&app)
        .await
        .unwrap()
        .iter()
        .all(|p| p.id != fresh.id));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn an_analyst_reads_the_catalog_but_cannot_change_it(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, _) = signed_in(&pool, "anna", "analyst").await;
    let markets = catalog::list_markets(&app).await.unwrap();
    assert_eq!(markets.len(), 3);
    assert_eq!(catalog::list_channels(&app).await.unwrap().len(), 5);
    let uk = markets.iter().find(|m| m.fields.code == "UK").unwrap();
    let mut edit = uk.fields.clone();
    edit.tax_rate = dec!(0.25);
    assert_eq!(
        catalog::update_market(&app, uk.id, uk.stamp.version, edit)
            .await
            .unwrap_err(),
        AppError::Forbidden {
            permission: Permission::CatalogManage
        }
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn markets_and_channels_check_their_own_rules(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, _) = signed_in(&pool, "mona", "manager").await;
    let uk = catalog::list_markets(&app)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.fields.code == "UK")
        .unwrap();
    assert!(uk.in_use);
    let mut edit = uk.fields.clone();
    edit.express_shipping_days = edit.standard_shipping_days + 1;
    assert!(matches!(
        catalog::update_market(&app, uk.id, uk.stamp.version, edit).await,
        Err(AppError::Validation { field, .. }) if field == "expressShippingDays"
    ));
    let mut edit = uk.fields.clone();
    edit.tax_rate = dec!(0.175);
    let saved = catalog::update_market(&app, uk.id, uk.stamp.version, edit)
        .await
        .unwrap();
    assert_eq!(saved.fields.tax_rate, dec!(0.175));

    let channel = catalog::list_channels(&app)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.name == "Amazon UK")
        .unwrap();
    let mut edit = channel.fields.clone();
    edit.fulfillment_method = sentia_domain::FulfillmentMethod::Own;
    assert!(matches!(
        catalog::update_channel(&app, channel.id, channel.stamp.version, edit).await,
        Err(AppError::Validation { field, .. }) if field == "fulfillmentMethod"
    ));
    let err = catalog::delete_catalog_row(
        &app,
        CatalogEntity::Channel,
        channel.id,
        channel.stamp.version,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Conflict { .. }), "{err:?}");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn channel_credentials_are_stored_sealed_and_audited_without_their_value(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, _) = signed_in(&pool, "mona", "manager").await;
    let channel = catalog::list_channels(&app)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.fields.name == "Shopify UK")
        .unwrap();
    let secret = "shpat_0123456789abcdef";
    let saved = catalog::set_channel_credentials(
        &app,
        channel.id,
        channel.stamp.version,
        Some(secret.into()),
    )
    .await
    .unwrap();
    assert!(saved.has_credentials);

    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT api_credentials_encrypted FROM sales_channels WHERE id = $1")
            .bind(channel.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(
        stored.len() > secret.len(),
        "nonce and tag are stored with it"
    );
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the database holds ciphertext only"
    );
    let logged: serde_json::Value = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE entity = 'sales_channels' AND entity_id = $1
           AND action = 'row.update' ORDER BY occurred_at DESC LIMIT 1",
    )
    .bind(channel.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(!logged.to_string().contains(secret), "{logged}");
    assert!(logged.to_string().contains("<redacted>"), "{logged}");

    let cleared = catalog::set_channel_credentials(&app, channel.id, saved.stamp.version, None)
        .await
        .unwrap();
    assert!(!cleared.has_credentials);
    assert!(matches!(
        catalog::set_channel_credentials(&app, channel.id, cleared.stamp.version, Some("  ".into())).await,
        Err(AppError::Validation { field, .. }) if field == "credentials"
    ));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_rates_file_is_imported_whole_or_not_at_all_and_the_dashboard_uses_it(pool: PgPool) {
    common::seed_demo(&pool).await;
    let (app, _dir, _) = signed_in(&pool, "mona", "manager").await;
    // The demo company holds the daily rates its sales were booked at, up to its last day.
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM fx_rates")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let seeded = count().await;
    let bad =
        "base,quote,date,rate,source\nEUR,GBP,2026-11-27,0.8512,ECB\nEUR,GBP,2026-11-30,-1,ECB\n";
    let err = catalog::import_fx_rates_csv(&app, "rates.csv".into(), bad.into())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        AppError::BadRow {
            file: "rates.csv".into(),
            line: 3,
            field: "rate".into(),
            message: "above 0 and below 100,000, with at most 8 decimals".into(),
        }
    );
    assert_eq!(
        count().await,
        seeded,
        "a file with a bad row writes nothing"
    );

    let good =
        "base,quote,date,rate,source\nEUR,GBP,2026-11-27,0.8512,ECB\nGBP,USD,2026-11-27,1.2650,\n";
    let summary = catalog::import_fx_rates_csv(&app, "rates.csv".into(), good.into())
        .await
        .unwrap();
    assert_eq!((summary.rows, summary.added, summary.replaced), (2, 2, 0));
    let again = catalog::import_fx_rates_csv(&app, "rates.csv".into(), good.into())
        .await
        .unwrap();
    assert_eq!((again.added, again.replaced), (0, 2));
    assert_eq!(count().await, seeded + 2);
    let query = catalog::FxRateQuery {
        pair: None,
        limit: 100,
    };
    let stored = catalog::list_fx_rates(&app, query).await.unwrap();
    assert!(stored
        .iter()
        .any(|r| r.fields.source == "import: rates.csv"));

    // The dashboard converts at the stored rate, inverted for EUR, and says so.
    let dashboard = |currency| sentia_core::dashboard::DashboardQuery {
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        reporting_currency: currency,
        market: None,
        channel_id: None,
    };
    let usd = sentia_core::dashboard::get_dashboard(&app, dashboard(sentia_domain::Currency::USD))
        .await
        .unwrap();
    let used = usd.conversion.unwrap();
    assert_eq!(
        (used.rate, used.source.as_str()),
        (dec!(1.265), "import: rates.csv")
    );
    let eur = sentia_core::dashboard::get_dashboard(&app, dashboard(sentia_domain::Currency::EUR))
        .await
        .unwrap();
    let used = eur.conversion.unwrap();
    assert_eq!(used.source, "ECB");
    assert_eq!(used.rate.round_dp(4), dec!(1.1748), "1 / 0.8512");
}
