//! The cash projection against the real database: forecasts become revenue, receipts and
//! stock purchases; the company's cash rolls forward to the penny; scenarios and drivers
//! move it the way they must; and only working_capital.view reads it.

mod common;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sentia_core::working_capital::{self, CashRequest, DriverChanges, Granularity};
use sentia_core::AppError;
use sqlx::PgPool;

/// Two markets (GBP and EUR), one channel each, a product each, with weekly forecasts of
/// 70 units for 13 weeks from 1 December 2026, November's actual balances, a rate for the
/// euro and the company's cash settings.
const SEED: &str = r#"
INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
VALUES ('UK', 'United Kingdom', 'GBP', 0.2, 3, 1), ('EU', 'European Union', 'EUR', 0.19, 5, 2);
INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price)
VALUES ('RED-UK', 'Red UK', 'GABA Red', 'UK', 12, 30), ('RED-EU', 'Red EU', 'GABA Red', 'EU', 14, 35);
INSERT INTO sales_channels (name, channel_type, market_code, commission_rate, fulfillment_method,
                            fulfillment_fee_per_unit, payment_terms_days, processing_days)
VALUES ('Amazon UK', 'Amazon', 'UK', 0.15, 'FBA', 1.5, 14, 0),
       ('Shop EU', 'Shopify', 'EU', 0.03, 'Own', 0, 2, 1);
INSERT INTO forecasts (product_id, sales_channel_id, forecast_date, origin_date, horizon_days,
                       predicted_demand, lower_bound, upper_bound, lower_80, upper_80,
                       confidence_score, model_type, model_name, model_version, bucket)
SELECT p.id, c.id, '2026-12-01'::date + 7 * w, '2026-12-01', 7 * (w + 1), 70, 20, 120, 50, 90,
       0.8, 'ETS', 'ETS(A,N,N)', 'test', 'week'
FROM products p JOIN sales_channels c ON c.market_code = p.market_region, generate_series(0, 12) w;
INSERT INTO working_capital (projection_date, market_code, is_actual, currency_code, fx_rate_to_base,
    projected_sales_revenue, accounts_receivable, accounts_payable, inventory_value,
    net_cash_flow, working_capital_requirement)
VALUES ('2026-11-30', 'UK', true, 'GBP', 1, 8000, 3000, 2000, 4000, 0, 5000),
       ('2026-11-30', 'EU', true, 'EUR', 0.85, 9000, 3500, 2500, 5000, 0, 6000);
INSERT INTO fx_rates (base_currency, quote_currency, rate_date, rate, source)
VALUES ('EUR', 'GBP', '2026-11-30', 0.85, 'test');
INSERT INTO system_settings (category, key, data_type, value_decimal)
VALUES ('finance', 'opening_cash', 'decimal', 20000), ('finance', 'monthly_opex', 'decimal', 6000);
"#;

fn request(scenario: &str) -> CashRequest {
    CashRequest {
        scenario: Some(scenario.into()),
        drivers: None,
        fx_change: None,
        months: Some(12),
        granularity: None,
        simulations: None,
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_projection_rolls_cash_forward_from_the_forecasts(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "manager").await;
    let p = working_capital::project(&app, request("Base"))
        .await
        .unwrap();
    assert_eq!(p.months.len(), 12);
    assert_eq!(p.months[0].month, "2026-12-01".parse().unwrap());
    assert_eq!(p.opening_cash, dec!(20000));
    // 13 weeks of forecasts cover December to February; later months repeat nothing
    // (there are no sales a year earlier), which the projection says.
    assert_eq!(p.demand.statistical, 2 * 3);
    assert_eq!(p.demand.none, 2 * 9);
    assert!(!p.warnings.is_empty());
    // December: 31 days at 10 units a day on each channel. UK revenue after commission and
    // fee is 310 × (30 × 0.85 − 1.5) = 7,440; EU 310 × 35 × 0.97 = 10,524.50 EUR at 0.85.
    assert_eq!(p.months[0].revenue, dec!(7440) + dec!(8945.82));
    let mut cash = p.opening_cash;
    for m in &p.months {
        assert_eq!(
            m.closing_cash,
            cash + m.net_flow + m.draw - m.repayment,
            "{}",
            m.month
        );
        // Converted receipts and payments are each rounded: a penny per market at most.
        let diff = m.receipts - m.payments - m.opex - m.interest - m.net_flow;
        assert!(diff.abs() <= dec!(0.02), "{}: {diff}", m.month);
        if let (Some(ccc), Some(dio), Some(dso), Some(dpo)) = (m.ccc, m.dio, m.dso, m.dpo) {
            assert_eq!(ccc, dio + dso - dpo);
        }
        cash = m.closing_cash;
    }
    // The markets, each in its own currency, at the rate recorded.
    let eu = p.markets.iter().find(|m| m.market == "EU").unwrap();
    assert_eq!((eu.currency.as_str(), eu.rate), ("EUR", dec!(0.85)));
    assert_eq!(eu.months[0].revenue, dec!(10524.50));
    // November's actuals open the balances: receivables collected first.
    assert!(p.months[0].receipts > Decimal::ZERO);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn scenarios_and_drivers_move_cash_the_way_they_must(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "manager").await;
    // Net cash: what is in the bank less what is drawn on the line.
    let closing = |p: &working_capital::CashProjection| {
        let last = p.months.last().unwrap();
        last.closing_cash - last.drawn
    };
    let base = working_capital::project(&app, request("Base"))
        .await
        .unwrap();
    let more = working_capital::project(
        &app,
        CashRequest {
            drivers: Some(DriverChanges {
                demand: dec!(0.2),
                ..DriverChanges::default()
            }),
            ..request("Base")
        },
    )
    .await
    .unwrap();
    assert!(
        closing(&more) > closing(&base),
        "{} vs {}",
        closing(&more),
        closing(&base)
    );
    let slower = working_capital::project(
        &app,
        CashRequest {
            drivers: Some(DriverChanges {
                collection_days: 30,
                ..DriverChanges::default()
            }),
            ..request("Base")
        },
    )
    .await
    .unwrap();
    assert!(slower.months[0].receipts < base.months[0].receipts);
    // A stronger euro raises the converted figures, not the euro ones.
    let euro_up = working_capital::project(
        &app,
        CashRequest {
            fx_change: Some(dec!(0.2)),
            ..request("Base")
        },
    )
    .await
    .unwrap();
    assert!(euro_up.months[0].revenue > base.months[0].revenue);
    let eu = |p: &working_capital::CashProjection| {
        p.markets.iter().find(|m| m.market == "EU").unwrap().months[0].revenue
    };
    assert_eq!(eu(&euro_up), eu(&base));
    // The pessimistic scenario plans on the forecast's lower bound.
    let low = working_capital::project(&app, request("Pessimistic"))
        .await
        .unwrap();
    assert!(low.months[0].revenue < base.months[0].revenue);
    // The simulated risk is the same for the same request.
    let sim = |n| CashRequest {
        simulations: Some(n),
        ..request("Base")
    };
    let a = working_capital::project(&app, sim(100)).await.unwrap();
    let b = working_capital::project(&app, sim(100)).await.unwrap();
    let risk = |p: &working_capital::CashProjection| {
        p.risk
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.shortfall)
            .collect::<Vec<_>>()
    };
    assert_eq!(risk(&a), risk(&b));
    // Bad requests say what is wrong.
    let err = working_capital::project(&app, request("Sunny"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Validation { field, .. } if field == "scenario"),
        "{err:?}"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_viewer_sees_no_cash_projection(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "victor", "viewer").await;
    let err = working_capital::project(&app, request("Base"))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Forbidden { .. }), "{err:?}");
}

/// A new forecast run: every live forecast superseded by one of 90 units a week.
const NEW_FORECAST_RUN: &str = r#"
CREATE TEMP TABLE next_run AS
    SELECT id AS old_id, gen_random_uuid() AS new_id FROM forecasts WHERE superseded_by IS NULL;
UPDATE forecasts f SET superseded_by = n.new_id, superseded_at = now()
    FROM next_run n WHERE f.id = n.old_id;
INSERT INTO forecasts (id, product_id, sales_channel_id, forecast_date, origin_date, horizon_days,
                       predicted_demand, lower_bound, upper_bound, lower_80, upper_80,
                       confidence_score, model_type, model_name, model_version, bucket)
SELECT n.new_id, f.product_id, f.sales_channel_id, f.forecast_date, f.origin_date, f.horizon_days,
       90, 10, 180, 45, 110, 0.8, 'ETS', 'ETS(A,N,N)', 'test', 'week'
FROM forecasts f JOIN next_run n ON f.id = n.old_id;
DROP TABLE next_run;
"#;

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_saved_projection_is_reproduced_byte_for_byte(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "analyst").await;
    let budget = CashRequest {
        drivers: Some(DriverChanges {
            demand: dec!(0.05),
            collection_days: 7,
            ..DriverChanges::default()
        }),
        fx_change: Some(dec!(-0.1)),
        simulations: Some(200),
        ..request("Supply shock")
    };
    let before = working_capital::project(&app, budget.clone())
        .await
        .unwrap();
    let saved = working_capital::save(&app, " December budget ", budget.clone())
        .await
        .unwrap();
    assert_eq!(saved.name, "December budget");
    assert_eq!(saved.scenario, "Supply shock");
    assert_eq!(saved.saved_by.as_deref(), Some("fiona"));
    assert!(saved
        .settings
        .iter()
        .any(|s| s.key == "finance.opening_cash" && s.value == dec!(20000) && s.version == 1));
    assert!(saved
        .rates
        .iter()
        .any(|r| r.market == "EU" && r.rate == Some(dec!(0.85))));
    // Its rows: each market's months in its own currency, with the rate used.
    let rows: Vec<(String, String, Decimal, String)> = sqlx::query_as(
        "SELECT market_code, currency_code, fx_rate_to_base, scenario FROM working_capital
         WHERE projection_id = $1 ORDER BY projection_date, market_code",
    )
    .bind(saved.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2 * 12);
    assert_eq!(
        rows[0],
        ("EU".into(), "EUR".into(), dec!(0.765), "pessimistic".into())
    );

    // Everything it read changes: a new forecast run, a setting, a price, a rate.
    sqlx::raw_sql(NEW_FORECAST_RUN)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::raw_sql(
        "UPDATE system_settings SET value_decimal = 50000 WHERE key = 'opening_cash';
         UPDATE products SET selling_price = 40 WHERE sku = 'RED-UK';
         UPDATE fx_rates SET rate = 0.9;",
    )
    .execute(&pool)
    .await
    .unwrap();
    let now = working_capital::project(&app, budget).await.unwrap();
    let bytes = |p: &working_capital::CashProjection| serde_json::to_vec(p).unwrap();
    assert_ne!(bytes(&now), bytes(&before));

    let again = working_capital::reproduce(&app, saved.id).await.unwrap();
    assert!(again.changed.is_empty(), "{:?}", again.changed);
    assert!(again.identical);
    assert_eq!(again.result_digest, saved.result_digest);
    assert_eq!(bytes(&again.projection), bytes(&before));

    // The saved name stands for its scenario and drivers: the live projection under it.
    let by_name = working_capital::project(&app, request("december BUDGET"))
        .await
        .unwrap();
    assert_eq!(by_name.scenario, "Supply shock");
    assert_eq!(by_name.drivers.collection_days, 7);
    assert_eq!(by_name.fx_change, dec!(-0.1));
    let names = working_capital::scenarios(&app).await.unwrap();
    assert_eq!(names.last().map(String::as_str), Some("December budget"));

    // A month that closes is set against the saved figures.
    sqlx::raw_sql(
        "INSERT INTO working_capital (projection_date, market_code, is_actual, currency_code,
             projected_sales_revenue, accounts_receivable, accounts_payable, inventory_value,
             net_cash_flow, working_capital_requirement)
         VALUES ('2026-12-31', 'UK', true, 'GBP', 7000, 2500, 1800, 3900, 0, 4600)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let again = working_capital::reproduce(&app, saved.id).await.unwrap();
    assert_eq!(again.versus_actual.len(), 1);
    let december = &again.versus_actual[0];
    assert_eq!(
        (december.market.as_str(), december.actual_revenue),
        ("UK", dec!(7000))
    );
    let uk = before.markets.iter().find(|m| m.market == "UK").unwrap();
    assert_eq!(december.projected_revenue, uk.months[0].revenue.round_dp(2));

    // A forecast read at the time changes afterwards (it cannot in the app): it is said.
    sqlx::raw_sql("UPDATE forecasts SET predicted_demand = predicted_demand + 1 WHERE superseded_by IS NOT NULL")
        .execute(&pool)
        .await
        .unwrap();
    let again = working_capital::reproduce(&app, saved.id).await.unwrap();
    assert!(!again.identical);
    assert_eq!(again.changed.len(), 1, "{:?}", again.changed);

    // A saved projection's figures are a record: the database refuses to change them.
    let err = sqlx::query("UPDATE working_capital SET notes = 'x' WHERE projection_id = $1")
        .bind(saved.id)
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(common::sqlstate(&err), "23514");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn saving_and_deleting_projections_follow_the_roles(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (fiona, _d1, fiona_id) = common::signed_in(&pool, "fiona", "analyst").await;
    let (alan, _d2, alan_id) = common::signed_in(&pool, "alan", "analyst").await;
    let (victor, _d3, victor_id) = common::signed_in(&pool, "victor", "viewer").await;
    let (ada, _d4, _) = common::signed_in(&pool, "ada", "admin").await;
    let plan = working_capital::save(&fiona, "Plan", request("Base"))
        .await
        .unwrap();
    // The same name twice is refused with the field it concerns; so is a built-in's.
    let err = working_capital::save(&alan, "plan", request("Base"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict { field: Some(f), .. } if f == "name"),
        "{err:?}"
    );
    let err = working_capital::save(&alan, "Optimistic", request("Base"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Validation { field, .. } if field == "name"),
        "{err:?}"
    );
    // A viewer neither saves nor sees saved projections.
    for err in [
        working_capital::save(&victor, "Mine", request("Base"))
            .await
            .unwrap_err(),
        working_capital::saved_projections(&victor)
            .await
            .unwrap_err(),
        working_capital::reproduce(&victor, plan.id)
            .await
            .unwrap_err(),
    ] {
        assert!(matches!(err, AppError::Forbidden { .. }), "{err:?}");
    }
    // Alan may not delete Fiona's; the admin may; Fiona her own.
    let err = working_capital::delete_saved(&alan, plan.id)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Forbidden { .. }), "{err:?}");
    let other = working_capital::save(&alan, "Alan's", request("Base"))
        .await
        .unwrap();
    working_capital::delete_saved(&ada, other.id).await.unwrap();

    // At psql with the app's credential the database holds the same line.
    let mut viewer = common::psql_as(&pool, victor_id).await;
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM cash_projections")
        .fetch_one(&mut viewer)
        .await
        .unwrap();
    assert_eq!(seen, 0);
    let err = sqlx::query(
        "INSERT INTO cash_projections (name, scenario, request, inputs, engine_version, result_digest)
         VALUES ('x', 'Base', '{}', '{}', 'x', repeat('0', 64))",
    )
    .execute(&mut viewer)
    .await
    .unwrap_err();
    assert_eq!(common::sqlstate(&err), "42501");
    let mut other_analyst = common::psql_as(&pool, alan_id).await;
    let err = sqlx::query("UPDATE cash_projections SET name = 'Mine'")
        .execute(&mut other_analyst)
        .await
        .unwrap_err();
    assert_eq!(common::sqlstate(&err), "42501");
    let deleted = sqlx::query("DELETE FROM cash_projections WHERE id = $1")
        .bind(plan.id)
        .execute(&mut other_analyst)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(deleted, 0);
    let mut owner = common::psql_as(&pool, fiona_id).await;
    let deleted = sqlx::query("DELETE FROM cash_projections WHERE id = $1")
        .bind(plan.id)
        .execute(&mut owner)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(deleted, 1);
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM working_capital WHERE projection_id IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(left, 0);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn tax_is_paid_when_each_market_s_return_is_due(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    // HMRC's quarters, paid a month and seven days after; the EU monthly by the 10th.
    sqlx::raw_sql(
        "UPDATE markets SET tax_filing_months = 3, tax_due_months = 1, tax_due_days = 7 WHERE code = 'UK';
         UPDATE markets SET tax_due_months = 0, tax_due_days = 10, duty_rate = 0.032 WHERE code = 'EU';",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "analyst").await;
    let p = working_capital::project(&app, request("Base"))
        .await
        .unwrap();
    let market = |code: &str| p.markets.iter().find(|m| m.market == code).unwrap();
    let uk_q4 = p
        .tax
        .iter()
        .find(|t| t.market == "UK" && t.period_start == "2026-10-01".parse().unwrap())
        .unwrap();
    assert_eq!(uk_q4.period_end, "2026-12-31".parse().unwrap());
    assert_eq!(uk_q4.due, "2027-02-07".parse().unwrap());
    assert!(uk_q4.partial && uk_q4.paid_in_projection);
    assert_eq!(uk_q4.tax_name, "VAT");
    // Nothing is paid in December or January; February pays the quarter.
    let uk = market("UK");
    assert_eq!(uk.months[0].vat_paid, Decimal::ZERO);
    assert_eq!(uk.months[1].vat_paid, Decimal::ZERO);
    assert_eq!(uk.months[2].vat_paid, uk_q4.amount);
    let eu_december = p
        .tax
        .iter()
        .find(|t| t.market == "EU" && t.period_start == "2026-12-01".parse().unwrap())
        .unwrap();
    assert_eq!(eu_december.due, "2027-01-10".parse().unwrap());
    assert_eq!(market("EU").months[1].vat_paid, eu_december.amount);
    assert_eq!(
        eu_december.amount_base,
        (eu_december.amount * dec!(0.85)).round_dp(2)
    );
    // The obligations come in order of their due date.
    assert!(p.tax.windows(2).all(|w| w[0].due <= w[1].due));
    // Duty is paid on what the EU buys, none on what the UK buys.
    assert!(p.months.iter().any(|m| m.duty > Decimal::ZERO));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn weeks_and_days_split_the_months_they_cover(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "analyst").await;
    let by = |granularity| CashRequest {
        granularity: Some(granularity),
        ..request("Base")
    };
    let monthly = working_capital::project(&app, by(Granularity::Month))
        .await
        .unwrap();
    let weekly = working_capital::project(&app, by(Granularity::Week))
        .await
        .unwrap();
    let daily = working_capital::project(&app, by(Granularity::Day))
        .await
        .unwrap();
    assert_eq!(weekly.months.len(), 13);
    assert_eq!(daily.months.len(), 30);
    assert_eq!(weekly.months[1].month, "2026-12-08".parse().unwrap());
    assert_eq!(daily.months[29].month, "2026-12-30".parse().unwrap());
    // Revenue is the month's, spread over its days: 30 days hold 30/31 of December.
    let december = monthly.months[0].revenue;
    let thirty_days: Decimal = daily.months.iter().map(|d| d.revenue).sum();
    let expected = december * dec!(30) / dec!(31);
    assert!(
        (thirty_days - expected).abs() < dec!(1),
        "{thirty_days} vs {expected}"
    );
    let four_weeks: Decimal = weekly.months[..4].iter().map(|w| w.revenue).sum();
    let expected = december * dec!(28) / dec!(31);
    assert!(
        (four_weeks - expected).abs() < dec!(1),
        "{four_weeks} vs {expected}"
    );
    // Cash still rolls forward to the penny, day by day.
    let mut cash = daily.opening_cash;
    for d in &daily.months {
        assert_eq!(d.closing_cash, cash + d.net_flow + d.draw - d.repayment);
        cash = d.closing_cash;
    }
    // A weekly projection is saved as weeks.
    let saved = working_capital::save(&app, "Next 13 weeks", by(Granularity::Week))
        .await
        .unwrap();
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT period_type FROM working_capital WHERE projection_id = $1",
    )
    .bind(saved.id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(kinds, vec!["week".to_owned()]);
    assert!(
        working_capital::reproduce(&app, saved.id)
            .await
            .unwrap()
            .identical
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_drivers_that_matter_and_each_product_s_share(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "analyst").await;
    let base = working_capital::project(&app, request("Base"))
        .await
        .unwrap();
    let s = working_capital::sensitivity(&app, request("Base"))
        .await
        .unwrap();
    assert_eq!(s.drivers.len(), 8);
    // As requested, it is the projection's own lowest net cash.
    let lowest = base
        .months
        .iter()
        .map(|m| m.closing_cash - m.drawn)
        .min()
        .unwrap();
    assert_eq!(s.lowest_cash, lowest);
    let swing = |d: &working_capital::DriverImpact| (d.lowest_cash_up - d.lowest_cash_down).abs();
    assert!(s.drivers.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
    let driver = |name: &str| s.drivers.iter().find(|d| d.driver == name).unwrap();
    // A higher price and slower customers move cash the ways they must.
    assert!(driver("price").closing_cash_up > driver("price").closing_cash_down);
    assert!(driver("collectionDays").lowest_cash_up <= driver("collectionDays").lowest_cash_down);

    let p = working_capital::by_product(&app, request("Base"))
        .await
        .unwrap();
    assert_eq!(p.products.len(), 2);
    assert_eq!(p.periods.len(), 12);
    // The products add up to the company's revenue, to a penny per product and period.
    for t in 0..12 {
        let sum: Decimal = p.products.iter().map(|x| x.revenue[t]).sum();
        assert!(
            (sum - base.months[t].revenue).abs() <= dec!(0.02),
            "{t}: {sum}"
        );
    }
    let uk = p.products.iter().find(|x| x.sku == "RED-UK").unwrap();
    assert_eq!(uk.units[0], dec!(310));
    // December's sales come in after 14 days, less 1 % bad debt: 17 of its 31 days.
    assert_eq!(
        uk.receipts[0],
        (dec!(7440) * dec!(17) / dec!(31) * dec!(0.99)).round_dp(2)
    );
    assert!(uk.total_receipts < uk.total_revenue);

    // The FX stress cases move the foreign markets' converted figures only.
    let weaker = working_capital::project(&app, request("FX −20 %"))
        .await
        .unwrap();
    assert_eq!(
        weaker.months[0].revenue,
        dec!(7440) + (dec!(10524.50) * dec!(0.68)).round_dp(2)
    );
    assert_eq!(
        uk.gross_margin,
        Some(((uk.total_revenue - uk.total_cogs) / uk.total_revenue).round_dp(4))
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_replenishment_plan_buys_the_stock_while_it_lasts(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "analyst").await;
    let without = working_capital::project(&app, request("Base"))
        .await
        .unwrap();
    assert!(without.purchase_plan.is_none());
    // The UK channel ships from the London warehouse; an order of £5,000 is needed there
    // on 10 December, a rejected one is not counted.
    sqlx::raw_sql(
        "UPDATE sales_channels SET stock_location_id = 'WH-UK-LON' WHERE market_code = 'UK';
         INSERT INTO replenishment_orders (product_id, location_id, quantity, unit_cost, order_value,
                                           order_by, need_by, status)
         SELECT id, 'WH-UK-LON', 400, 12.5, 5000, '2026-12-01', '2026-12-10', 'draft'
         FROM products WHERE sku = 'RED-UK';
         INSERT INTO replenishment_orders (product_id, location_id, quantity, unit_cost, order_value,
                                           order_by, need_by, status, decided_by, decided_at,
                                           decision_comment)
         SELECT p.id, 'WH-UK-LON', 800, 12.5, 10000, '2026-12-01', '2026-12-20', 'rejected', u.id,
                now(), 'too early'
         FROM products p, users u WHERE p.sku = 'RED-UK' AND u.username = 'fiona';",
    )
    .execute(&pool)
    .await
    .unwrap();
    let with = working_capital::project(&app, request("Base"))
        .await
        .unwrap();
    let plan = with.purchase_plan.as_ref().unwrap();
    assert_eq!((plan.orders, plan.periods), (1, 1));
    assert_eq!(plan.value_base, dec!(5000));
    assert_eq!(plan.until, "2026-12-11".parse().unwrap());
    // December's UK stock: 4,000 at the start, 310 × 12 sold, the order's 5,000 bought.
    let uk = |p: &working_capital::CashProjection| {
        p.markets.iter().find(|m| m.market == "UK").unwrap().months[0].inventory
    };
    assert_eq!(uk(&with), dec!(4000) - dec!(3720) + dec!(5000));
    assert_ne!(uk(&with), uk(&without));
    // A saved projection notices when the orders it bought with change.
    let saved = working_capital::save(&app, "With the plan", request("Base"))
        .await
        .unwrap();
    sqlx::raw_sql("UPDATE replenishment_orders SET order_value = 6000 WHERE order_value = 5000")
        .execute(&pool)
        .await
        .unwrap();
    let again = working_capital::reproduce(&app, saved.id).await.unwrap();
    assert!(!again.identical);
    assert!(
        again
            .changed
            .iter()
            .any(|c| c.contains("replenishment orders")),
        "{:?}",
        again.changed
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_covenant_caps_what_the_line_may_draw(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    // £200K of net worth at 1.5× debt to equity allows £300K: below the £500K facility.
    sqlx::raw_sql(
        "INSERT INTO system_settings (category, key, data_type, value_decimal)
         VALUES ('finance', 'net_worth', 'decimal', 200000),
                ('finance', 'max_debt_to_equity', 'decimal', 1.5),
                ('finance', 'line_warning_share', 'decimal', 0.5);",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "fiona", "analyst").await;
    let p = working_capital::project(&app, request("Base"))
        .await
        .unwrap();
    assert_eq!(p.facility_limit, dec!(500000));
    assert_eq!(p.covenant_limit, Some(dec!(300000)));
    assert_eq!(p.credit_limit, dec!(300000));
    assert_eq!(p.line_warning_share, dec!(0.5));
    for m in &p.months {
        assert_eq!(m.headroom, dec!(300000) - m.drawn);
    }
}
