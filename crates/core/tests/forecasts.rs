//! The forecast workbench against the real PostgreSQL: a run writes one batch and
//! supersedes the previous forecast, cancel writes nothing, the current period is partial
//! and stock-outs are censored, overrides keep the statistical value, and the workflow
//! refuses illegal moves and the wrong roles; overrides made offline are queued durably
//! and applied once, in order, or wait for the planner's choice when the row changed.
//! Comments stay with their series and, made offline, are sent once.

use std::sync::Mutex;

use chrono::NaiveDate;
use sentia_core::forecasts::{
    self, AggregateLevel, AggregateOverrideRequest, Bucket, CommentRequest, ForecastScope,
    OverrideRequest, Reconciliation, RunProgress, RunRequest, RunStage, SeriesKey, ValueAddedBy,
};
use sentia_core::job::Cancel;
use sentia_core::offline::{self, queue, queue::EditState, queue::Keep, queue::QueueSummary};
use sentia_core::{App, AppError};
use sentia_domain::Permission;
use sentia_forecast::{review, ModelKind, ReviewConfig};
use sqlx::PgPool;
use uuid::Uuid;

mod common;

/// Two series with three years of daily sales to the end of October 2026, a yearly
/// pattern, and a stock-out in March 2026 on the first.
const COMPANY: &str = r#"
INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
VALUES ('UK', 'United Kingdom', 'GBP', 0.2, 3, 1), ('EU', 'European Union', 'EUR', 0.19, 5, 2);
INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price)
VALUES ('RED-UK', 'Red UK', 'GABA Red', 'UK', 10, 30), ('GOLD-EU', 'Gold EU', 'GABA Gold', 'EU', 20, 60);
INSERT INTO sales_channels (name, channel_type, market_code, commission_rate, fulfillment_method,
                            fulfillment_fee_per_unit)
VALUES ('Amazon UK', 'Amazon', 'UK', 0.15, 'FBA', 2.5), ('Shopify EU', 'Shopify', 'EU', 0.03, 'Own', 0);
INSERT INTO historical_sales (product_id, sales_channel_id, sale_date, quantity_sold, unit_price,
                              gross_revenue, net_revenue, net_profit, currency_code, season, stockout)
SELECT p.id, c.id, d::date, x.q, 30, x.q * 30, x.q * 30, x.q * 30, 'GBP', 'winter',
       p.sku = 'RED-UK' AND d::date BETWEEN '2026-03-01' AND '2026-03-20'
FROM products p
JOIN sales_channels c ON (p.sku, c.name) IN (('RED-UK', 'Amazon UK'), ('GOLD-EU', 'Shopify EU'))
CROSS JOIN generate_series('2023-11-01'::date, '2026-10-31'::date, '1 day') d
CROSS JOIN LATERAL (SELECT CASE
    WHEN p.sku = 'RED-UK' AND d::date BETWEEN '2026-03-01' AND '2026-03-20' THEN 1
    ELSE (10 + 6 * sin(2 * pi() * extract(month FROM d) / 12) + extract(day FROM d)::int % 3)::int
END AS q) x;
"#;

async fn company(pool: &PgPool) {
    sqlx::raw_sql(COMPANY).execute(pool).await.unwrap();
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn monthly(horizon: u32) -> RunRequest {
    RunRequest {
        scope: ForecastScope::default(),
        bucket: Bucket::Month,
        horizon: Some(horizon),
        model: None,
        reconciliation: None,
    }
}

async fn run(app: &App, request: &RunRequest) -> Result<forecasts::ForecastRun, AppError> {
    forecasts::run_forecasts(app, request, &|_| {}, &Cancel::default()).await
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

async fn series_of(pool: &PgPool, sku: &str) -> SeriesKey {
    let (product_id, channel_id): (Uuid, Uuid) = sqlx::query_as(
        "SELECT p.id, c.id FROM products p JOIN sales_channels c
           ON (p.sku, c.name) IN (('RED-UK', 'Amazon UK'), ('GOLD-EU', 'Shopify EU'))
         WHERE p.sku = $1",
    )
    .bind(sku)
    .fetch_one(pool)
    .await
    .unwrap();
    SeriesKey {
        product_id,
        channel_id,
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_run_writes_one_batch_and_the_next_supersedes_it(pool: PgPool) {
    company(&pool).await;
    let (app, _dir, user) = common::signed_in(&pool, "pat", "analyst").await;
    let seen = Mutex::new(Vec::new());
    let first = forecasts::run_forecasts(
        &app,
        &monthly(6),
        &|p: RunProgress| seen.lock().unwrap().push(p.stage),
        &Cancel::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        first.origin_date,
        day("2026-11-01"),
        "history ends with October"
    );
    assert_eq!((first.series_count, first.point_count), (2, 12));
    assert_eq!(first.model, "Auto");
    assert_eq!(first.scope_label, "Everything (2 series)");
    assert_eq!(first.created_by_name.as_deref(), Some("pat"));
    let stages = seen.into_inner().unwrap();
    assert_eq!(stages.first(), Some(&RunStage::Reading));
    assert_eq!(stages.last(), Some(&RunStage::Writing));

    // Every row: the run's, both intervals nested around the point, November onwards.
    let bad = count(
        &pool,
        "SELECT count(*) FROM forecasts WHERE run_id IS NULL OR created_by IS NULL
            OR NOT (lower_bound <= lower_80 AND lower_80 <= predicted_demand
                    AND predicted_demand <= upper_80 AND upper_80 <= upper_bound)
            OR forecast_date < '2026-11-01' OR bucket <> 'month'",
    )
    .await;
    assert_eq!(bad, 0);
    let creator: Uuid = sqlx::query_scalar("SELECT created_by FROM forecast_runs")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(creator, user);

    let second = run(&app, &monthly(3)).await.unwrap();
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM forecasts WHERE superseded_by IS NULL"
        )
        .await,
        6,
        "one live forecast per series: the latest run's"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM forecasts").await, 18);
    let runs = forecasts::list_runs(&app).await.unwrap();
    assert_eq!(
        runs.iter().map(|r| r.id).collect::<Vec<_>>(),
        [second.id, first.id]
    );
    // The first run can still be reopened; its series say they were superseded.
    let old = forecasts::run_series(&app, first.id).await.unwrap();
    assert_eq!(old.len(), 2);
    assert!(old.iter().all(|s| s.status == "superseded"), "{old:?}");
    let new = forecasts::run_series(&app, second.id).await.unwrap();
    assert!(new.iter().all(|s| s.status == "draft" && s.total > 0.0));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_cancelled_run_writes_nothing(pool: PgPool) {
    company(&pool).await;
    let (app, _dir, _) = common::signed_in(&pool, "pat", "analyst").await;
    let cancel = Cancel::default();
    let result = forecasts::run_forecasts(
        &app,
        &monthly(6),
        &|p: RunProgress| {
            if p.stage == RunStage::Forecasting {
                cancel.cancel();
            }
        },
        &cancel,
    )
    .await;
    assert!(matches!(result, Err(AppError::Cancelled)), "{result:?}");
    assert_eq!(count(&pool, "SELECT count(*) FROM forecasts").await, 0);
    assert_eq!(count(&pool, "SELECT count(*) FROM forecast_runs").await, 0);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_current_period_is_partial_and_stock_outs_are_censored(pool: PgPool) {
    company(&pool).await;
    // Three days of November: the month is under way, so it is shown, not learnt from.
    sqlx::raw_sql(
        "INSERT INTO historical_sales (product_id, sales_channel_id, sale_date, quantity_sold,
             unit_price, gross_revenue, net_revenue, net_profit, currency_code, season)
         SELECT product_id, sales_channel_id, sale_date + 31, quantity_sold, unit_price,
                gross_revenue, net_revenue, net_profit, currency_code, season
         FROM historical_sales WHERE sale_date BETWEEN '2026-10-01' AND '2026-10-03'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "pat", "analyst").await;
    let red = series_of(&pool, "RED-UK").await;
    let done = run(&app, &monthly(4)).await.unwrap();
    assert_eq!(done.origin_date, day("2026-11-01"));
    let detail = forecasts::series_detail(&app, done.id, red).await.unwrap();
    let last = detail.history.last().unwrap();
    assert!(last.partial);
    assert_eq!(last.period, day("2026-11-01"));
    let november: i64 = sqlx::query_scalar(
        "SELECT sum(quantity_sold)::bigint FROM historical_sales
         WHERE product_id = $1 AND sales_channel_id = $2 AND sale_date >= '2026-11-01'",
    )
    .bind(red.product_id)
    .bind(red.channel_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(last.units, november as f64);
    assert_eq!(detail.history.iter().filter(|h| h.partial).count(), 1);
    assert_eq!(detail.forecast.first().unwrap().period, day("2026-11-01"));

    let march = detail
        .history
        .iter()
        .find(|h| h.period == day("2026-03-01"))
        .unwrap();
    assert_eq!(march.stockout_days, 20);
    assert!(
        march.demand > march.units,
        "a stock-out month is raised to its neighbours: {march:?}"
    );
    // Months without stock-outs are learnt as sold.
    assert!(detail
        .history
        .iter()
        .filter(|h| h.stockout_days == 0 && !h.partial)
        .all(|h| h.demand == h.units));
    assert!(!detail.candidates.is_empty());
    assert_eq!(detail.backtest.len(), 4);
    assert_eq!(
        detail.components.len(),
        detail.history.len() - 1 + detail.forecast.len()
    );
    assert!(detail.confidence > 0.0 && detail.confidence <= 1.0);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn overrides_keep_the_statistical_value_and_the_workflow_guards_its_moves(pool: PgPool) {
    company(&pool).await;
    let (analyst, _a, _) = common::signed_in(&pool, "pat", "analyst").await;
    let (manager, _m, _) = common::signed_in(&pool, "mia", "manager").await;
    let red = series_of(&pool, "RED-UK").await;
    let done = run(&analyst, &monthly(3)).await.unwrap();
    let before = forecasts::series_detail(&analyst, done.id, red)
        .await
        .unwrap();
    let first = before.forecast[0].clone();

    let blank = forecasts::override_forecast(
        &analyst,
        &OverrideRequest {
            forecast_id: first.id,
            value: 500,
            reason: "  ".into(),
            seen_status: None,
        },
    )
    .await;
    assert!(matches!(blank, Err(AppError::Validation { ref field, .. }) if field == "reason"));
    forecasts::override_forecast(
        &analyst,
        &OverrideRequest {
            forecast_id: first.id,
            value: 500,
            reason: "Christmas campaign".into(),
            seen_status: None,
        },
    )
    .await
    .unwrap();
    let after = forecasts::series_detail(&analyst, done.id, red)
        .await
        .unwrap();
    let overridden = &after.forecast[0];
    assert_eq!(overridden.value, 500.0);
    assert_eq!(overridden.statistical, Some(first.value));
    assert_eq!(
        overridden.override_reason.as_deref(),
        Some("Christmas campaign")
    );
    assert!(overridden.lower95 <= 500.0 && 500.0 <= overridden.upper95);
    assert_eq!(after.forecast.len(), 3, "one live row per period");

    // Approving a draft is refused by the workflow; an analyst may not approve at all.
    let early = forecasts::approve(&manager, done.id, &[red]).await;
    assert!(
        matches!(early, Err(AppError::Validation { ref message, .. }) if message.contains("submitted before")),
        "{early:?}"
    );
    assert_eq!(
        forecasts::submit(&analyst, done.id, &[red]).await.unwrap(),
        3
    );
    let by_analyst = forecasts::approve(&analyst, done.id, &[red]).await;
    assert!(matches!(
        by_analyst,
        Err(AppError::Forbidden {
            permission: Permission::ForecastApprove
        })
    ));
    let no_reason = forecasts::reject(&manager, done.id, &[red], " ").await;
    assert!(matches!(no_reason, Err(AppError::Validation { .. })));
    assert_eq!(
        forecasts::approve(&manager, done.id, &[red]).await.unwrap(),
        3
    );
    let approved = forecasts::series_detail(&manager, done.id, red)
        .await
        .unwrap();
    assert!(approved.forecast.iter().all(|p| p.status == "approved"));
    assert_eq!(approved.forecast[0].changed_by_name.as_deref(), Some("mia"));
    let again = forecasts::reject(&manager, done.id, &[red], "too late").await;
    assert!(
        matches!(again, Err(AppError::Validation { ref message, .. }) if message.contains("final")),
        "{again:?}"
    );

    // The other series was never submitted: its rows are still drafts.
    let gold = series_of(&pool, "GOLD-EU").await;
    let other = forecasts::series_detail(&manager, done.id, gold)
        .await
        .unwrap();
    assert!(other.forecast.iter().all(|p| p.status == "draft"));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_viewer_reads_runs_but_cannot_run_one(pool: PgPool) {
    company(&pool).await;
    let (analyst, _a, _) = common::signed_in(&pool, "pat", "analyst").await;
    let (viewer, _v, _) = common::signed_in(&pool, "vic", "viewer").await;
    let done = run(&analyst, &monthly(2)).await.unwrap();
    let refused = run(&viewer, &monthly(2)).await;
    assert!(matches!(
        refused,
        Err(AppError::Forbidden {
            permission: Permission::ForecastRun
        })
    ));
    assert_eq!(
        forecasts::run_series(&viewer, done.id).await.unwrap().len(),
        2
    );
    let unknown_model = run(
        &analyst,
        &RunRequest {
            model: Some("Crystal ball".into()),
            ..monthly(2)
        },
    )
    .await;
    assert!(
        matches!(unknown_model, Err(AppError::Validation { ref field, .. }) if field == "model")
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_mint_run_moves_the_series_towards_the_totals_forecast_and_still_adds_up(pool: PgPool) {
    // Gold grows and wanders month to month, so the total's own forecast is not just the
    // sum of the series' forecasts.
    let wandering = COMPANY.replace(
        "ELSE (10 + 6 * sin(",
        "ELSE (10 + CASE WHEN p.sku = 'GOLD-EU' THEN (d::date - '2023-11-01'::date) / 40
                   + (extract(month FROM d)::int * 7 + extract(year FROM d)::int) % 5 * 3
                   ELSE 0 END + 6 * sin(",
    );
    assert_ne!(wandering, COMPANY);
    sqlx::raw_sql(sqlx::AssertSqlSafe(wandering))
        .execute(&pool)
        .await
        .unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "pat", "analyst").await;
    let keys = [
        series_of(&pool, "RED-UK").await,
        series_of(&pool, "GOLD-EU").await,
    ];
    let bottom_up = run(&app, &monthly(3)).await.unwrap();
    assert_eq!(bottom_up.reconciliation, Reconciliation::BottomUp);
    let mut base = Vec::new();
    for key in keys {
        let s = forecasts::series_detail(&app, bottom_up.id, key)
            .await
            .unwrap();
        base.push(s.forecast.iter().map(|p| p.value).collect::<Vec<_>>());
    }

    let mint = run(
        &app,
        &RunRequest {
            reconciliation: Some(Reconciliation::Mint),
            ..monthly(3)
        },
    )
    .await
    .unwrap();
    assert_eq!(mint.reconciliation, Reconciliation::Mint);

    // The total's own forecast, from the two series' demand summed, as the run makes it.
    let mut summed: Vec<f64> = Vec::new();
    let mut details = Vec::new();
    for key in keys {
        let s = forecasts::series_detail(&app, mint.id, key).await.unwrap();
        let demand: Vec<f64> = s
            .history
            .iter()
            .filter(|p| !p.partial)
            .map(|p| p.demand)
            .collect();
        summed.resize(demand.len(), 0.0);
        summed.iter_mut().zip(&demand).for_each(|(t, d)| *t += d);
        details.push(s);
    }
    let config = ReviewConfig {
        kind: ModelKind::Auto,
        season_length: 12,
        horizon: 3,
        levels: Vec::new(),
        seed: 0,
    };
    let own = review(&summed, &vec![false; summed.len()], &config)
        .unwrap()
        .forecast
        .point;

    let mut series_total = vec![0.0; 3];
    for (s, base) in details.iter().zip(&base) {
        // The reason names the move from the series' own forecast, the bottom-up run's.
        let before: f64 = base.iter().sum();
        let after: f64 = s.forecast.iter().map(|p| p.value).sum();
        assert!(
            s.reason.contains(&format!(
                "reconciled by MinT with the run's 1 total forecast too: {before} → {after} units"
            )),
            "{}",
            s.reason
        );
        for (i, p) in s.forecast.iter().enumerate() {
            assert!(p.value >= 0.0 && p.value.fract() == 0.0);
            assert!(p.lower95 <= p.value && p.value <= p.upper95, "{p:?}");
            series_total[i] += p.value;
        }
    }
    // Each period: the series together moved from their own sum towards the total's own
    // forecast, and each series by no more than that gap (a unit of rounding aside).
    for i in 0..3 {
        let bottom_up: f64 = base.iter().map(|b| b[i]).sum();
        let gap = (own[i] - bottom_up).abs();
        assert!(
            gap > 2.0,
            "period {i}: the total's forecast adds nothing to test"
        );
        assert!(
            (series_total[i] - own[i]).abs() < gap,
            "period {i}: MinT {} is no nearer the total's {} than bottom-up {bottom_up}",
            series_total[i],
            own[i]
        );
        for (s, b) in details.iter().zip(&base) {
            assert!((s.forecast[i].value - b[i]).abs() <= gap + 1.0, "{}", s.sku);
        }
    }
    // The stored totals are still the sums of the stored series.
    let total = forecasts::aggregate(&app, mint.id, AggregateLevel::Total)
        .await
        .unwrap();
    let totals: Vec<f64> = total.groups[0]
        .forecast
        .iter()
        .map(|p| p.forecast)
        .collect();
    assert_eq!(totals, series_total);

    // Two periods ahead give a two-period backtest: too few to weigh the levels by.
    let too_short = run(
        &app,
        &RunRequest {
            reconciliation: Some(Reconciliation::Mint),
            ..monthly(2)
        },
    )
    .await;
    assert!(
        matches!(too_short, Err(AppError::Validation { ref field, .. }) if field == "reconciliation"),
        "{too_short:?}"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn aggregates_add_up_and_an_aggregate_override_is_spread_in_proportion(pool: PgPool) {
    company(&pool).await;
    let (app, _dir, _) = common::signed_in(&pool, "pat", "analyst").await;
    let done = run(&app, &monthly(3)).await.unwrap();
    let red = forecasts::series_detail(&app, done.id, series_of(&pool, "RED-UK").await)
        .await
        .unwrap();
    let gold = forecasts::series_detail(&app, done.id, series_of(&pool, "GOLD-EU").await)
        .await
        .unwrap();

    let total = forecasts::aggregate(&app, done.id, AggregateLevel::Total)
        .await
        .unwrap();
    assert_eq!(total.groups.len(), 1);
    let all = &total.groups[0];
    for (i, period) in all.forecast.iter().enumerate() {
        assert_eq!(period.period, red.forecast[i].period);
        assert_eq!(
            period.forecast,
            red.forecast[i].value + gold.forecast[i].value
        );
        assert_eq!(period.series, 2);
    }
    let october = |h: &[forecasts::HistoryPoint]| {
        h.iter()
            .find(|p| p.period == day("2026-10-01"))
            .unwrap()
            .units
    };
    let all_october = all
        .history
        .iter()
        .find(|p| p.period == day("2026-10-01"))
        .unwrap();
    assert_eq!(
        all_october.units,
        october(&red.history) + october(&gold.history)
    );
    let by_category = forecasts::aggregate(&app, done.id, AggregateLevel::Category)
        .await
        .unwrap();
    assert_eq!(
        by_category
            .groups
            .iter()
            .map(|g| g.label.as_str())
            .collect::<Vec<_>>(),
        ["GABA Gold", "GABA Red"]
    );

    // 1,000 units in November over the two series, in proportion to what the engine said.
    let (red_nov, gold_nov) = (red.forecast[0].value, gold.forecast[0].value);
    let request = AggregateOverrideRequest {
        run_id: done.id,
        level: AggregateLevel::Total,
        group_key: "all".into(),
        period: day("2026-11-01"),
        value: 1000,
        reason: "trade show in November".into(),
    };
    assert_eq!(
        forecasts::override_aggregate(&app, &request).await.unwrap(),
        2
    );
    let red_after = forecasts::series_detail(&app, done.id, red.key)
        .await
        .unwrap();
    let gold_after = forecasts::series_detail(&app, done.id, gold.key)
        .await
        .unwrap();
    let (r, g) = (&red_after.forecast[0], &gold_after.forecast[0]);
    assert_eq!(r.value + g.value, 1000.0);
    assert!((r.value - 1000.0 * red_nov / (red_nov + gold_nov)).abs() <= 1.0);
    assert_eq!(
        (r.statistical, g.statistical),
        (Some(red_nov), Some(gold_nov))
    );
    assert_eq!(r.override_reason.as_deref(), Some("trade show in November"));
    assert_eq!(
        red_after.forecast[1].value, red.forecast[1].value,
        "December untouched"
    );

    let after = forecasts::aggregate(&app, done.id, AggregateLevel::Total)
        .await
        .unwrap();
    let november = &after.groups[0].forecast[0];
    assert_eq!(
        (november.forecast, november.statistical),
        (1000.0, red_nov + gold_nov)
    );
    assert_eq!(november.overridden, 2);

    // A second aggregate override spreads by the statistical forecast again, not by the
    // first override.
    let again = AggregateOverrideRequest {
        value: 500,
        ..request.clone()
    };
    forecasts::override_aggregate(&app, &again).await.unwrap();
    let red_again = forecasts::series_detail(&app, done.id, red.key)
        .await
        .unwrap();
    assert!((red_again.forecast[0].value - 500.0 * red_nov / (red_nov + gold_nov)).abs() <= 1.0);
    assert_eq!(red_again.forecast[0].statistical, Some(red_nov));

    let no_reason = forecasts::override_aggregate(
        &app,
        &AggregateOverrideRequest {
            reason: "  ".into(),
            ..request.clone()
        },
    )
    .await;
    assert!(matches!(no_reason, Err(AppError::Validation { ref field, .. }) if field == "reason"));
    let no_period = forecasts::override_aggregate(
        &app,
        &AggregateOverrideRequest {
            period: day("2030-01-01"),
            ..request.clone()
        },
    )
    .await;
    assert!(matches!(no_period, Err(AppError::Validation { ref field, .. }) if field == "period"));
    let (viewer, _v, _) = common::signed_in(&pool, "vic", "viewer").await;
    assert!(matches!(
        forecasts::override_aggregate(&viewer, &request).await,
        Err(AppError::Forbidden {
            permission: Permission::ForecastRun
        })
    ));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn sales_that_complete_a_period_score_it_and_value_added_compares_the_override(pool: PgPool) {
    company(&pool).await;
    let (pat, dir, _) = common::signed_in(&pool, "pat", "analyst").await;
    let (ines, _i, _) = common::signed_in(&pool, "ines", "manager").await;
    let done = run(&pat, &monthly(2)).await.unwrap();
    let red = series_of(&pool, "RED-UK").await;
    let before = forecasts::series_detail(&pat, done.id, red).await.unwrap();
    let statistical = before.forecast[0].value;
    let naive = before
        .history
        .iter()
        .rev()
        .find(|p| !p.partial)
        .unwrap()
        .units;
    forecasts::override_forecast(
        &pat,
        &OverrideRequest {
            forecast_id: before.forecast[0].id,
            value: 150,
            reason: "promotion".into(),
            seen_status: None,
        },
    )
    .await
    .unwrap();

    // November's sales arrive: 120 units of the red series, none of the gold one.
    let file = dir.path().join("november.csv");
    std::fs::write(
        &file,
        "date,order_id,sku,channel,quantity,unit_price,currency\n\
         2026-11-10,N-1,RED-UK,Amazon UK,100,30,GBP\n\
         2026-11-30,N-2,RED-UK,Amazon UK,20,30,GBP\n",
    )
    .unwrap();
    let report = sentia_core::import::import_sales(
        &ines,
        &sentia_core::import::ImportRequest {
            path: file.to_string_lossy().into_owned(),
            channel: None,
            layout: None,
            mode: sentia_core::import::ImportMode::AllOrNothing,
            dry_run: false,
            mapping: None,
        },
        &|_| {},
        &Cancel::default(),
    )
    .await
    .unwrap();

    let after = forecasts::series_detail(&pat, done.id, red).await.unwrap();
    assert_eq!(after.forecast[0].actual, Some(120.0));
    assert_eq!(after.forecast[1].actual, None, "December is not complete");
    let accuracy = after.accuracy.unwrap();
    assert_eq!((accuracy.points, accuracy.overridden), (1, 1));
    assert_eq!(accuracy.final_wape, Some(30.0 / 120.0));
    assert_eq!(
        accuracy.statistical_wape,
        Some((statistical - 120.0).abs() / 120.0)
    );
    assert_eq!(accuracy.naive_wape, Some((naive - 120.0).abs() / 120.0));

    let by_planner = forecasts::value_added(&pat, ValueAddedBy::Planner)
        .await
        .unwrap();
    assert_eq!(by_planner.groups.len(), 1);
    assert_eq!(by_planner.groups[0].label, "pat");
    assert_eq!(by_planner.groups[0].total, accuracy);
    assert_eq!(by_planner.groups[0].months[0].month, day("2026-11-01"));
    let by_category = forecasts::value_added(&pat, ValueAddedBy::Category)
        .await
        .unwrap();
    let labels: Vec<_> = by_category
        .groups
        .iter()
        .map(|g| g.label.as_str())
        .collect();
    assert_eq!(labels, ["GABA Gold", "GABA Red"]);
    let gold = &by_category.groups[0].total;
    assert_eq!((gold.points, gold.actual, gold.final_wape), (1, 0.0, None));

    // The sales are rolled back: November is no longer complete, nor scored.
    sentia_core::import::roll_back(&ines, report.batch_id.unwrap(), "wrong file")
        .await
        .unwrap();
    let rolled_back = forecasts::series_detail(&pat, done.id, red).await.unwrap();
    assert_eq!(rolled_back.forecast[0].actual, None);
    assert!(forecasts::value_added(&pat, ValueAddedBy::Planner)
        .await
        .unwrap()
        .groups
        .is_empty());
}

/// `name` (role `role`) signed in on an app whose folders and kernel keyring entries
/// outlive it, as on a planner's laptop.
async fn on_laptop(pool: &PgPool, root: &std::path::Path, name: &str) -> App {
    let app = common::app_with_keychain(pool, "keyutils", root).await;
    sentia_core::auth::login(
        &app,
        name,
        secrecy::SecretString::from(common::PASSWORD.to_owned()),
    )
    .await
    .unwrap();
    app
}

fn override_of(point: &forecasts::ForecastPoint, value: u32, reason: &str) -> OverrideRequest {
    OverrideRequest {
        forecast_id: point.id,
        value,
        reason: reason.into(),
        seen_status: Some(point.status.clone()),
    }
}

async fn rows_with_id(pool: &PgPool, id: Uuid) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM forecasts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn overrides_made_offline_are_queued_durably_and_applied_once_in_order(pool: PgPool) {
    company(&pool).await;
    common::create_user(&pool, "pat", "analyst", common::PASSWORD).await;
    let laptop = tempfile::tempdir().unwrap();
    let pat = on_laptop(&pool, laptop.path(), "pat").await;
    let red = series_of(&pool, "RED-UK").await;
    let done = run(&pat, &monthly(3)).await.unwrap();
    let seen = forecasts::series_detail(&pat, done.id, red).await.unwrap();
    let first = &seen.forecast[0];

    // The network goes; the planner changes the same period twice.
    let _server = common::lose_the_server(&pat).await;
    offline::set_online(&pat, false);
    let one = forecasts::override_forecast(&pat, &override_of(first, 444, "retailer promo"))
        .await
        .unwrap();
    let two = forecasts::override_forecast(&pat, &override_of(first, 555, "promo extended"))
        .await
        .unwrap();
    assert!(one.queued && two.queued);
    assert_eq!(
        rows_with_id(&pool, one.id).await,
        0,
        "nothing reached the server"
    );
    // Sealed: neither the file nor its journal holds the reason or the figure in clear.
    for file in ["offline.sqlite", "offline.sqlite-wal"] {
        let bytes = std::fs::read(laptop.path().join("data").join(file)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("retailer promo") && !text.contains(r#""value":444"#),
            "{file}"
        );
    }
    let waiting = queue::replay(&pat).await.unwrap();
    assert_eq!(
        (waiting.queued, waiting.applied),
        (2, 0),
        "offline: it waits"
    );

    // What the window was told is queued is on disk: another app on the same laptop (a
    // restart after a crash) finds both, in order, the second after the first.
    let restarted = on_laptop(&pool, laptop.path(), "pat").await;
    let queued = queue::open_changes(&restarted).await.unwrap();
    assert_eq!(
        queued.iter().map(|e| e.id).collect::<Vec<_>>(),
        [one.id, two.id]
    );
    assert_eq!(queued[1].after, Some(one.id));
    assert!(queued.iter().all(|e| e.state == EditState::Queued));

    // Back online: applied in order, the second over the first.
    let replayed = queue::replay(&restarted).await.unwrap();
    assert_eq!(
        replayed,
        QueueSummary {
            applied: 2,
            ..QueueSummary::default()
        }
    );
    let now = forecasts::series_detail(&restarted, done.id, red)
        .await
        .unwrap();
    assert_eq!(now.forecast[0].value, 555.0);
    assert_eq!(now.forecast[0].statistical, Some(first.value));
    assert_eq!(
        now.forecast[0].override_reason.as_deref(),
        Some("promo extended")
    );
    assert!(queue::open_changes(&restarted).await.unwrap().is_empty());

    // A crash after the server took a change but before the laptop noted it: the replay
    // meets the change's own row and applies nothing twice.
    let rows_before = count(&pool, "SELECT count(*) FROM forecasts").await;
    let url = format!(
        "sqlite://{}",
        laptop.path().join("data/offline.sqlite").display()
    );
    let file = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("UPDATE queue SET state = 'queued', settled_at = NULL")
        .execute(&file)
        .await
        .unwrap();
    file.close().await;
    let again = queue::replay(&restarted).await.unwrap();
    assert_eq!(again.applied, 2, "both found on the server");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM forecasts").await,
        rows_before
    );
    assert_eq!(rows_with_id(&pool, one.id).await, 1);
    assert_eq!(rows_with_id(&pool, two.id).await, 1);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_row_changed_on_the_server_meanwhile_waits_for_the_planners_choice(pool: PgPool) {
    company(&pool).await;
    common::create_user(&pool, "pat", "analyst", common::PASSWORD).await;
    let (mia, _m, _) = common::signed_in(&pool, "mia", "manager").await;
    let laptop = tempfile::tempdir().unwrap();
    let pat = on_laptop(&pool, laptop.path(), "pat").await;
    let red = series_of(&pool, "RED-UK").await;
    let done = run(&pat, &monthly(3)).await.unwrap();
    let seen = forecasts::series_detail(&pat, done.id, red).await.unwrap();
    let (first, second) = (&seen.forecast[0], &seen.forecast[1]);

    let server = common::lose_the_server(&pat).await;
    offline::set_online(&pat, false);
    let mine = forecasts::override_forecast(&pat, &override_of(first, 300, "shelf reset"))
        .await
        .unwrap();
    let later = forecasts::override_forecast(&pat, &override_of(second, 310, "shelf reset"))
        .await
        .unwrap();
    // Meanwhile the manager overrides the first period and submits the series.
    forecasts::override_forecast(&mia, &override_of(first, 700, "retailer order"))
        .await
        .unwrap();
    forecasts::submit(&mia, done.id, &[red]).await.unwrap();

    pat.set_pool(server).await;
    offline::set_online(&pat, true);
    let replayed = queue::replay(&pat).await.unwrap();
    assert_eq!((replayed.applied, replayed.conflicts), (0, 2));
    let open = queue::open_changes(&pat).await.unwrap();
    let conflict = open.iter().find(|e| e.id == mine.id).unwrap();
    assert_eq!(conflict.state, EditState::Conflict);
    let theirs = conflict.server.as_ref().unwrap();
    assert_eq!(theirs.value, 700);
    assert_eq!(theirs.reason.as_deref(), Some("retailer order"));
    assert_eq!(theirs.status, "submitted");
    assert!(theirs.changed_by.as_deref().unwrap_or("").contains("mia"));
    assert_eq!(theirs.sku, "RED-UK");
    assert_eq!(
        rows_with_id(&pool, mine.id).await,
        0,
        "not applied on its own"
    );

    // Keeping mine applies it over the manager's figure; keeping the server's drops the
    // other, and the submitted figure stands.
    let kept = queue::resolve(&pat, mine.id, Keep::Mine).await.unwrap();
    assert_eq!((kept.applied, kept.conflicts), (1, 1));
    let dropped = queue::resolve(&pat, later.id, Keep::Server).await.unwrap();
    assert_eq!(dropped, QueueSummary::default());
    let now = forecasts::series_detail(&pat, done.id, red).await.unwrap();
    assert_eq!(now.forecast[0].value, 300.0);
    assert_eq!(now.forecast[0].statistical, Some(first.value));
    assert_eq!(now.forecast[1].value, second.value);
    assert_eq!(now.forecast[1].status, "submitted");
    assert_eq!(rows_with_id(&pool, later.id).await, 0);
    assert!(queue::open_changes(&pat).await.unwrap().is_empty());
    let settled = queue::resolve(&pat, later.id, Keep::Server).await;
    assert!(
        matches!(settled, Err(AppError::Validation { .. })),
        "{settled:?}"
    );

    // Online, an override of a row that moved on since it was seen is refused as stale.
    let stale = forecasts::override_forecast(&pat, &override_of(second, 1, "too late")).await;
    assert!(
        matches!(stale, Err(AppError::Stale { ref changed_by, .. }) if changed_by.as_deref().unwrap_or("").contains("mia")),
        "{stale:?}"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn comments_stay_with_the_series_and_one_made_offline_is_sent_once(pool: PgPool) {
    company(&pool).await;
    common::create_user(&pool, "pat", "analyst", common::PASSWORD).await;
    let (vic, _v, _) = common::signed_in(&pool, "vic", "viewer").await;
    let laptop = tempfile::tempdir().unwrap();
    let pat = on_laptop(&pool, laptop.path(), "pat").await;
    let red = series_of(&pool, "RED-UK").await;
    let done = run(&pat, &monthly(3)).await.unwrap();
    let comment = |period, body: &str| CommentRequest {
        key: red,
        period,
        body: body.into(),
    };

    let said = forecasts::add_comment(&pat, &comment(None, "  Retailer moves its promotion  "))
        .await
        .unwrap();
    assert!(!said.queued);
    let blank = forecasts::add_comment(&pat, &comment(None, " ")).await;
    assert!(matches!(blank, Err(AppError::Validation { ref field, .. }) if field == "body"));
    let viewer = forecasts::add_comment(&vic, &comment(None, "not mine to say")).await;
    assert!(
        matches!(viewer, Err(AppError::Forbidden { .. })),
        "{viewer:?}"
    );

    let period = forecasts::series_detail(&pat, done.id, red)
        .await
        .unwrap()
        .forecast[0]
        .period;
    let server = common::lose_the_server(&pat).await;
    offline::set_online(&pat, false);
    let queued = forecasts::add_comment(&pat, &comment(Some(period), "Confirmed by phone"))
        .await
        .unwrap();
    assert!(queued.queued);
    pat.set_pool(server).await;
    offline::set_online(&pat, true);
    assert_eq!(queue::replay(&pat).await.unwrap().applied, 1);
    assert_eq!(queue::replay(&pat).await.unwrap().applied, 0);

    let comments = forecasts::series_detail(&pat, done.id, red)
        .await
        .unwrap()
        .comments;
    let said: Vec<_> = comments
        .iter()
        .map(|c| (c.period, c.body.as_str(), c.author.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        said,
        [
            (None, "Retailer moves its promotion", "pat"),
            (Some(period), "Confirmed by phone", "pat")
        ]
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM forecast_comments").await,
        2
    );
}
