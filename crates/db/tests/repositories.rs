//! Repositories against a real PostgreSQL: typed rows, exact decimals, complete daily
//! series, and forecast batches that are all-or-nothing and keep superseded history.

mod common;
use common::seed;

use chrono::NaiveDate;
use rust_decimal_macros::dec;
use sentia_db::forecasts::{self, NewForecast};
use sentia_db::{catalog, sales, DbError};
use sentia_domain::{Currency, ForecastStatus, ModelType};
use sqlx::PgPool;
use uuid::Uuid;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn point(product: Uuid, channel: Uuid, date: &str, demand: i32) -> NewForecast {
    NewForecast {
        product_id: product,
        sales_channel_id: channel,
        forecast_date: day(date),
        origin_date: day("2026-11-01"),
        predicted_demand: demand,
        lower_bound: demand - 5,
        upper_bound: demand + 5,
        interval_level: dec!(0.95),
        confidence_score: dec!(0.80),
        model_type: ModelType::Ets,
        model_name: "ETS(A,N,A)".into(),
        model_version: "1".into(),
        model_parameters: serde_json::json!({"alpha": 0.3}),
        trend_component: Some(dec!(20.5)),
        seasonal_component: Some(dec!(-1.25)),
        mape: Some(dec!(12.5)),
        smape: Some(dec!(11.9)),
        mase: Some(dec!(0.8)),
        rmse: Some(dec!(4.2)),
        wape: Some(dec!(10.5)),
        bias: Some(dec!(-0.5)),
        interval_80: Some((demand - 3, demand + 3)),
        run_id: None,
        bucket: None,
    }
}

async fn series_ids(pool: &PgPool) -> (Uuid, Uuid) {
    let products = catalog::products(pool).await.unwrap();
    let channels = catalog::channels(pool).await.unwrap();
    let product = products.iter().find(|p| p.sku == "GABA_RED_UK").unwrap().id;
    let channel = channels.iter().find(|c| c.name == "Amazon UK").unwrap().id;
    (product, channel)
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn catalog_reads_typed_rows(pool: PgPool) {
    let company = seed(&pool).await;
    let markets = catalog::markets(&pool).await.unwrap();
    assert_eq!(
        markets.iter().map(|m| m.code.as_str()).collect::<Vec<_>>(),
        ["EU", "UK", "USA"]
    );
    assert_eq!(markets[1].currency, Currency::GBP);
    assert_eq!(markets[1].tax_rate, dec!(0.2000));

    let products = catalog::products(&pool).await.unwrap();
    assert_eq!(products.len(), company.catalog.products.len());
    let usa = products.iter().find(|p| p.sku == "GABA_GOLD_USA").unwrap();
    assert_eq!(usa.currency, Currency::USD);
    let generated = company
        .catalog
        .products
        .iter()
        .find(|p| p.sku == "GABA_GOLD_USA")
        .unwrap();
    assert_eq!(
        (usa.unit_cost, usa.selling_price),
        (generated.unit_cost, generated.selling_price)
    );
    assert_eq!(catalog::channels(&pool).await.unwrap().len(), 5);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR", fixtures("uk_listing"))]
async fn repository_round_trips_decimals_without_loss(pool: PgPool) {
    let (product, _) = series_ids(&pool).await;
    let (cost, price) =
        catalog::set_product_pricing(&pool, product, dec!(0.1) + dec!(0.2), dec!(9999.99), None)
            .await
            .unwrap();
    assert_eq!(cost, dec!(0.30));
    assert_eq!(price, dec!(9999.99));
    let reread = catalog::products(&pool).await.unwrap();
    let p = reread.iter().find(|p| p.id == product).unwrap();
    assert_eq!((p.unit_cost, p.selling_price), (dec!(0.3), dec!(9999.99)));

    let missing = catalog::set_product_pricing(&pool, Uuid::new_v4(), dec!(1), dec!(2), None).await;
    assert!(matches!(
        missing,
        Err(DbError::NotFound { entity: "product" })
    ));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn daily_demand_has_every_day_including_zeros(pool: PgPool) {
    seed(&pool).await;
    let products = catalog::products(&pool).await.unwrap();
    let channels = catalog::channels(&pool).await.unwrap();
    // The niche US listing sells only on some days.
    let product = products
        .iter()
        .find(|p| p.sku == "GABA_GOLD_USA")
        .unwrap()
        .id;
    let channel = channels
        .iter()
        .find(|c| c.name == "Shopify USA")
        .unwrap()
        .id;
    let (from, to) = (day("2026-01-01"), day("2026-03-31"));
    let series = sales::daily_demand(&pool, product, channel, from, to)
        .await
        .unwrap();
    assert_eq!(series.len(), 90);
    assert_eq!(series.first().unwrap().day, from);
    assert_eq!(series.last().unwrap().day, to);
    assert!(
        series.iter().any(|d| d.units == 0),
        "intermittent series has zero days"
    );
    let total: i64 = sqlx::query_scalar(
        "SELECT COALESCE(sum(quantity_sold), 0)::bigint FROM historical_sales
         WHERE product_id = $1 AND sales_channel_id = $2 AND sale_date BETWEEN $3 AND $4",
    )
    .bind(product)
    .bind(channel)
    .bind(from)
    .bind(to)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(series.iter().map(|d| d.units).sum::<i64>(), total);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR", fixtures("uk_listing"))]
async fn a_new_run_supersedes_the_live_forecast_and_keeps_history(pool: PgPool) {
    let (p, c) = series_ids(&pool).await;
    let mut tx = pool.begin().await.unwrap();
    let first = forecasts::insert_batch(
        &mut tx,
        &[point(p, c, "2026-12-01", 50), point(p, c, "2026-12-02", 52)],
    )
    .await
    .unwrap();
    // A later run from a later origin: the earlier day stays live (its actuals will be
    // compared with it), every day from the new origin on is replaced.
    let mut later = point(p, c, "2026-12-03", 60);
    later.origin_date = day("2026-12-02");
    let second = forecasts::insert_batch(&mut tx, &[later]).await.unwrap();
    tx.commit().await.unwrap();

    let all = forecasts::for_series(&pool, p, c, day("2026-12-01"), day("2026-12-03"), false)
        .await
        .unwrap();
    assert_eq!(all.len(), 3, "superseded rows are kept");
    let replaced = all.iter().find(|f| f.id == first[1]).unwrap();
    assert_eq!(replaced.superseded_by, Some(second[0]));
    let live = forecasts::for_series(&pool, p, c, day("2026-12-01"), day("2026-12-03"), true)
        .await
        .unwrap();
    assert_eq!(
        live.iter().map(|f| f.predicted_demand).collect::<Vec<_>>(),
        [50, 60]
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR", fixtures("uk_listing"))]
async fn a_batch_with_one_bad_point_writes_nothing(pool: PgPool) {
    let (p, c) = series_ids(&pool).await;
    let mut bad = point(p, c, "2026-12-03", 40);
    bad.lower_bound = 45; // above the point forecast
    let mut tx = pool.begin().await.unwrap();
    let err = forecasts::insert_batch(&mut tx, &[point(p, c, "2026-12-02", 40), bad])
        .await
        .unwrap_err();
    assert_eq!(err.constraint(), Some("forecasts_bounds_order_check"));
    drop(tx); // rolled back
    let rows = forecasts::for_series(&pool, p, c, day("2026-12-01"), day("2026-12-31"), false)
        .await
        .unwrap();
    assert!(rows.is_empty(), "nothing half-written: {rows:?}");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn override_and_approval_follow_the_workflow(pool: PgPool) {
    let company = seed(&pool).await;
    let analyst = company
        .catalog
        .users
        .iter()
        .find(|u| u.username == "alex.analyst")
        .unwrap()
        .id;
    let manager = company
        .catalog
        .users
        .iter()
        .find(|u| u.username == "fiona.finance")
        .unwrap()
        .id;
    let (p, c) = series_ids(&pool).await;
    let mut tx = pool.begin().await.unwrap();
    let ids = forecasts::insert_batch(&mut tx, &[point(p, c, "2026-12-01", 50)])
        .await
        .unwrap();
    let manual =
        forecasts::override_forecast(&mut tx, ids[0], Uuid::new_v4(), 80, "Christmas campaign")
            .await
            .unwrap();
    tx.commit().await.unwrap();

    let live = forecasts::for_series(&pool, p, c, day("2026-12-01"), day("2026-12-01"), true)
        .await
        .unwrap();
    assert_eq!(live.len(), 1);
    assert_eq!(
        (live[0].id, live[0].model_type, live[0].predicted_demand),
        (manual, ModelType::Manual, 80)
    );
    assert_eq!(
        live[0].override_reason.as_deref(),
        Some("Christmas campaign")
    );
    // The model's interval 45..55 scaled by 80 / 50.
    assert_eq!((live[0].lower_bound, live[0].upper_bound), (72, 88));

    // Approving a draft does nothing: it must be submitted first.
    let approved_early = forecasts::transition(
        &pool,
        &[manual],
        ForecastStatus::Submitted,
        ForecastStatus::Approved,
        manager,
        None,
    )
    .await
    .unwrap();
    assert_eq!(approved_early, 0);
    let submitted = forecasts::transition(
        &pool,
        &[manual],
        ForecastStatus::Draft,
        ForecastStatus::Submitted,
        analyst,
        None,
    )
    .await
    .unwrap();
    let approved = forecasts::transition(
        &pool,
        &[manual],
        ForecastStatus::Submitted,
        ForecastStatus::Approved,
        manager,
        None,
    )
    .await
    .unwrap();
    assert_eq!((submitted, approved), (1, 1));
    let row = forecasts::for_series(&pool, p, c, day("2026-12-01"), day("2026-12-01"), true)
        .await
        .unwrap();
    assert_eq!(row[0].status, ForecastStatus::Approved);

    // The superseded model row cannot be overridden again.
    let mut tx = pool.begin().await.unwrap();
    let again = forecasts::override_forecast(&mut tx, ids[0], Uuid::new_v4(), 1, "late").await;
    assert!(matches!(again, Err(DbError::NotFound { .. })));
    drop(tx);

    // The override and each status change are in the audit log; the model row's insert
    // and its superseding are not (a model run writes thousands of rows, traced by its
    // run and by the superseding row).
    let audited: Vec<(String, Uuid, Option<String>)> = sqlx::query_as(
        "SELECT action, entity_id, details -> 'status' ->> 'new' FROM audit_log
         WHERE entity = 'forecasts' ORDER BY occurred_at",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            ("row.insert".to_owned(), manual, None),
            (
                "row.update".to_owned(),
                manual,
                Some("submitted".to_owned())
            ),
            ("row.update".to_owned(), manual, Some("approved".to_owned())),
        ]
    );
}

/// The forecast history read from the summaries and the stock-out index equals the same
/// figures grouped straight from `historical_sales`, for months, for weeks, for a range
/// that starts and ends mid-month, and within one category.
#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn forecast_history_from_the_summaries_matches_the_sales(pool: PgPool) {
    seed(&pool).await;
    type Row = (Uuid, Uuid, NaiveDate, i64, i32);
    let straight = |bucket: &'static str,
                    from: NaiveDate,
                    until: NaiveDate,
                    category: Option<&'static str>| {
        sqlx::query_as::<_, Row>(
            "SELECT s.product_id, s.sales_channel_id, date_trunc($1, s.sale_date)::date,
                    sum(s.quantity_sold)::bigint,
                    (count(DISTINCT s.sale_date) FILTER (WHERE s.stockout))::int
             FROM historical_sales s JOIN products p ON p.id = s.product_id
             WHERE s.sale_date >= $2 AND s.sale_date < $3 AND ($4::text IS NULL OR p.category = $4)
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .bind(bucket)
        .bind(from)
        .bind(until)
        .bind(category)
        .fetch_all(&pool)
    };
    let cases = [
        (forecasts::Bucket::Month, "2025-11-01", "2026-11-01", None),
        (forecasts::Bucket::Week, "2025-11-03", "2026-10-26", None),
        (forecasts::Bucket::Month, "2026-02-14", "2026-07-20", None),
        (
            forecasts::Bucket::Month,
            "2025-11-01",
            "2026-11-01",
            Some("GABA Red"),
        ),
    ];
    for (bucket, from, until, category) in cases {
        let scope = forecasts::Scope {
            categories: category.map(|c| vec![c.to_owned()]).unwrap_or_default(),
            ..Default::default()
        };
        let read: Vec<Row> =
            forecasts::demand_history(&pool, &scope, bucket, day(from), day(until))
                .await
                .unwrap()
                .into_iter()
                .map(|d| {
                    (
                        d.product_id,
                        d.sales_channel_id,
                        d.period,
                        d.units,
                        d.stockout_days,
                    )
                })
                .collect();
        let expected = straight(bucket.as_str(), day(from), day(until), category)
            .await
            .unwrap();
        assert!(!expected.is_empty(), "{from}..{until}: no sales to compare");
        assert!(
            expected.iter().any(|r| r.4 > 0),
            "{from}..{until}: no stock-out days to compare"
        );
        assert_eq!(read, expected, "{bucket:?} {from}..{until} {category:?}");
    }
}
