//! The dashboard's figures against sums the test computes from `historical_sales`
//! itself, and the trigger-kept summary against its source after every kind of write.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use secrecy::SecretString;
use sentia_core::dashboard::{self, DashboardQuery, TrendBucket};
use sentia_core::{auth, inventory, AppError};
use sentia_db::dashboard::{totals, DashboardFilter};
use sentia_demo_db::totals_naive;
use sentia_domain::{round_money, Currency};
use sqlx::PgPool;

mod common;

const SEED: &str = r#"
INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
VALUES ('UK', 'United Kingdom', 'GBP', 0.2, 3, 1), ('EU', 'European Union', 'EUR', 0.19, 5, 2);
INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price)
VALUES ('RED-UK', 'Red UK', 'GABA Red', 'UK', 10, 30), ('GOLD-EU', 'Gold EU', 'GABA Gold', 'EU', 20, 60),
       ('BLACK-UK', 'Black UK', 'GABA Black', 'UK', 12.5, 39.99);
INSERT INTO sales_channels (name, channel_type, market_code, commission_rate, fulfillment_method)
VALUES ('Amazon UK', 'Amazon', 'UK', 0.15, 'FBA'), ('Shop EU', 'Shopify', 'EU', 0.03, 'Own');
-- Two years of daily sales with varying quantities and a varying EUR rate.
INSERT INTO historical_sales (product_id, sales_channel_id, sale_date, quantity_sold, unit_price,
    gross_revenue, discount_amount, net_revenue, cogs, net_profit, currency_code, fx_rate_to_base, season)
SELECT p.id, c.id, d::date, q.n, p.selling_price, q.n * p.selling_price, 0, q.n * p.selling_price,
       q.n * p.unit_cost, q.n * (p.selling_price - p.unit_cost), m.currency_code,
       CASE WHEN m.currency_code = 'EUR' THEN 0.85 + (extract(doy FROM d)::int % 7) * 0.001 ELSE 1 END,
       'winter'
FROM generate_series('2024-01-01'::date, '2025-12-31'::date, interval '1 day') d
CROSS JOIN products p
JOIN sales_channels c ON c.market_code = p.market_region
JOIN markets m ON m.code = p.market_region
CROSS JOIN LATERAL (SELECT 1 + (extract(doy FROM d)::int * 7 + length(p.sku)) % 5 AS n) q;
"#;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn naive_sum(pool: &PgPool, expr: &str, from: &str, to: &str) -> Decimal {
    // The expressions are this file's constants, not input.
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COALESCE(sum({expr}), 0)::numeric FROM historical_sales WHERE sale_date BETWEEN $1 AND $2"
    )))
    .bind(d(from))
    .bind(d(to))
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_dashboard_shows_the_sums_of_the_sales_rows(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    common::create_user(&pool, "victor", "viewer", "correct horse battery").await;
    let (app, _dir) = common::app_for(&pool).await;
    auth::login(
        &app,
        "victor",
        SecretString::from("correct horse battery".to_owned()),
    )
    .await
    .unwrap();

    let q = |currency| DashboardQuery {
        from: d("2025-01-01"),
        to: d("2025-03-31"),
        reporting_currency: currency,
        market: None,
        channel_id: None,
    };
    let dash = dashboard::get_dashboard(&app, q(Currency::GBP))
        .await
        .unwrap();

    let revenue = naive_sum(
        &pool,
        "net_revenue * fx_rate_to_base",
        "2025-01-01",
        "2025-03-31",
    )
    .await;
    let prev = naive_sum(
        &pool,
        "net_revenue * fx_rate_to_base",
        "2024-01-01",
        "2024-03-31",
    )
    .await;
    let units = naive_sum(&pool, "quantity_sold", "2025-01-01", "2025-03-31").await;
    let profit = naive_sum(
        &pool,
        "net_profit * fx_rate_to_base",
        "2025-01-01",
        "2025-03-31",
    )
    .await;
    assert!(revenue > Decimal::ZERO);
    assert_eq!(dash.kpis.revenue.value, round_money(revenue, Currency::GBP));
    assert_eq!(
        dash.kpis.revenue.previous_year,
        Some(round_money(prev, Currency::GBP))
    );
    assert_eq!(dash.kpis.units.value, units);
    assert_eq!(
        dash.kpis.net_profit.value,
        round_money(profit, Currency::GBP)
    );

    let eu_local: Decimal = sqlx::query_scalar(
        "SELECT sum(net_revenue) FROM historical_sales WHERE currency_code = 'EUR'
         AND sale_date BETWEEN '2025-01-01' AND '2025-03-31'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let eu = dash
        .by_market
        .iter()
        .find(|m| m.market_code == "EU")
        .unwrap();
    assert_eq!(eu.revenue_local.unwrap().amount, eu_local);
    assert_eq!(eu.revenue_local.unwrap().currency, Currency::EUR);
    assert_eq!(dash.by_market.len(), 2);
    assert_eq!(dash.by_channel.len(), 2);

    assert_eq!(dash.trend_bucket, TrendBucket::Day);
    assert_eq!(dash.trend.len(), 90);
    let trend_total: Decimal = dash.trend.iter().map(|p| p.revenue).sum();
    assert!(
        (trend_total - dash.kpis.revenue.value).abs() < Decimal::new(5, 1),
        "trend sums to the KPI"
    );

    assert_eq!(dash.top_products.len(), 3);
    assert!(dash.top_products[0].revenue >= dash.top_products[1].revenue);
    assert_eq!(
        dash.bottom_products.first().map(|p| &p.sku),
        dash.top_products.last().map(|p| &p.sku)
    );
    assert!(dash.forecast_accuracy.is_none());

    // In euros: base revenue divided by the period's sales-weighted EUR rate.
    let (eur_base, eur_local): (Decimal, Decimal) = sqlx::query_as(
        "SELECT sum(net_revenue * fx_rate_to_base), sum(net_revenue) FROM historical_sales
         WHERE currency_code = 'EUR' AND sale_date BETWEEN '2025-01-01' AND '2025-03-31'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let in_eur = dashboard::get_dashboard(&app, q(Currency::EUR))
        .await
        .unwrap();
    assert_eq!(
        in_eur.kpis.revenue.value,
        round_money(revenue / (eur_base / eur_local), Currency::EUR)
    );

    let usd = dashboard::get_dashboard(&app, q(Currency::USD))
        .await
        .unwrap_err();
    assert!(matches!(usd, AppError::Validation { ref field, .. } if field == "reportingCurrency"));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn months_the_data_does_not_cover_are_marked_partial(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "victor", "viewer").await;
    let month_flags = |dash: &dashboard::Dashboard| -> Vec<(NaiveDate, bool)> {
        dash.trend.iter().map(|p| (p.period, p.partial)).collect()
    };

    // The sales end on 31 December 2025: January and February 2026 are not complete.
    let past_the_data = dashboard::get_dashboard(
        &app,
        DashboardQuery {
            from: d("2025-10-01"),
            to: d("2026-02-15"),
            reporting_currency: Currency::GBP,
            market: None,
            channel_id: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(past_the_data.trend_bucket, TrendBucket::Month);
    assert_eq!(past_the_data.data_until, d("2025-12-31"));
    assert_eq!(
        month_flags(&past_the_data)
            .into_iter()
            .filter(|(_, partial)| *partial)
            .map(|(m, _)| m)
            .collect::<Vec<_>>(),
        [d("2026-01-01"), d("2026-02-01")]
    );

    // A period ending mid-month: that month is partial, the ones before are not.
    let mid_month = dashboard::get_dashboard(
        &app,
        DashboardQuery {
            from: d("2025-01-01"),
            to: d("2025-06-15"),
            reporting_currency: Currency::GBP,
            market: None,
            channel_id: None,
        },
    )
    .await
    .unwrap();
    let flags = month_flags(&mid_month);
    assert_eq!(flags.last(), Some(&(d("2025-06-01"), true)));
    assert!(flags[..flags.len() - 1].iter().all(|(_, partial)| !partial));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_summary_follows_inserts_updates_deletes_and_truncate(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let f = DashboardFilter {
        from: d("2025-01-01"),
        to: d("2025-12-31"),
        prev_from: d("2024-01-01"),
        prev_to: d("2024-12-31"),
        market: None,
        channel_id: None,
    };
    assert_eq!(
        totals(&pool, &f).await.unwrap().revenue,
        totals_naive(&pool, &f).await.unwrap().revenue
    );

    sqlx::query(
        "UPDATE historical_sales SET quantity_sold = quantity_sold + 1,
             gross_revenue = gross_revenue + unit_price, net_revenue = net_revenue + unit_price,
             net_profit = net_profit + unit_price
         WHERE sale_date BETWEEN '2025-02-01' AND '2025-02-10'",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "DELETE FROM historical_sales WHERE sale_date BETWEEN '2024-06-01' AND '2024-06-30'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (s, n) = (
        totals(&pool, &f).await.unwrap(),
        totals_naive(&pool, &f).await.unwrap(),
    );
    assert_eq!(
        (s.revenue, s.units, s.prev_revenue, s.prev_units),
        (n.revenue, n.units, n.prev_revenue, n.prev_units)
    );
    let empty_days: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sales_daily_summary WHERE sale_date BETWEEN '2024-06-01' AND '2024-06-30'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(empty_days, 0);

    sqlx::query("TRUNCATE historical_sales")
        .execute(&pool)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM sales_daily_summary")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn stock_risks_list_the_latest_out_critical_and_low_items_by_risk(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    // Weekly snapshots per product x location. Only the latest of each counts: RED-UK at
    // the warehouse was critical last week and is healthy now.
    sqlx::raw_sql(
        r#"
        INSERT INTO inventory_levels (product_id, location_id, snapshot_date, available_quantity,
            inbound_quantity, reorder_point, days_of_supply, stock_status, risk_score)
        SELECT p.id, x.location, x.day::date, x.available, x.inbound, x.rop, x.dos, x.status, x.risk
        FROM (VALUES
            ('RED-UK',   'WH-UK',  '2025-12-21', 5,   0,   60, 2,    'critical', 0.90),
            ('RED-UK',   'WH-UK',  '2025-12-28', 400, 0,   60, 40,   'healthy',  0.01),
            ('RED-UK',   'FBA-UK', '2025-12-28', 0,   200, 50, NULL, 'out',      1.00),
            ('BLACK-UK', 'WH-UK',  '2025-12-28', 70,  0,   80, 9,    'low',      0.35),
            ('GOLD-EU',  'WH-EU',  '2025-12-28', 20,  0,   90, 3,    'critical', 0.80),
            ('GOLD-EU',  'FBA-EU', '2025-12-28', 900, 0,   90, 150,  'excess',   0.00)
        ) AS x(sku, location, day, available, inbound, rop, dos, status, risk)
        JOIN products p ON p.sku = x.sku
        "#,
    )
    .execute(&pool)
    .await
    .unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "victor", "viewer").await;
    let listed = |risks: &[inventory::StockRisk]| -> Vec<(String, String, String)> {
        risks
            .iter()
            .map(|r| (r.sku.clone(), r.location.clone(), r.status.to_string()))
            .collect()
    };
    let all = inventory::stock_risks(&app, None).await.unwrap();
    assert_eq!(
        listed(&all),
        [
            ("RED-UK".into(), "FBA-UK".into(), "out".into()),
            ("GOLD-EU".into(), "WH-EU".into(), "critical".into()),
            ("BLACK-UK".into(), "WH-UK".into(), "low".into()),
        ]
    );
    let out = &all[0];
    assert_eq!(
        (out.available, out.inbound, out.reorder_point),
        (0, 200, 50)
    );
    assert_eq!(out.days_of_cover, None);
    assert_eq!(out.as_of, d("2025-12-28"));
    // Stock is held per location, so a market filter keeps that market's products.
    let uk = inventory::stock_risks(&app, Some("UK".into()))
        .await
        .unwrap();
    assert_eq!(
        listed(&uk).into_iter().map(|r| r.0).collect::<Vec<_>>(),
        ["RED-UK", "BLACK-UK"]
    );
}
