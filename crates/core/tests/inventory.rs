//! Supply planning against the real database: a planning run raises the alert of an item
//! heading for a stock-out with the right date and drafts its order; orders are approved
//! within each approver's cap, in Rust and in the database; approval books a production
//! job whose moves are the legal ones, and the capacity view counts it.

mod common;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sentia_core::inventory::{self, DemandSource, OrderDecision, ProjectionRequest};
use sentia_core::{production, AppError};
use sentia_domain::{JobStatus, ReplenishmentStatus, ResourceStatus, StockStatus};
use sqlx::PgPool;

/// One UK product sold through one channel that ships from `FBA-UK`, with a weekly
/// forecast of 70 units (10 a day) from 2 March 2026 and 150 units on hand that day: it
/// runs out on 17 March, within a 14-day lead time of an order placed now.
const SEED: &str = r#"
INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
VALUES ('UK', 'United Kingdom', 'GBP', 0.2, 3, 1);
INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price, lead_time_days,
                      batch_size_min, batch_size_max)
VALUES ('RED-UK', 'Red UK', 'GABA Red', 'UK', 15, 30, 14, 100, 1000),
       ('GOLD-UK', 'Gold UK', 'GABA Gold', 'UK', 150, 300, 14, 100, 1000);
INSERT INTO sales_channels (name, channel_type, market_code, commission_rate, fulfillment_method,
                            stock_location_id)
VALUES ('Amazon UK', 'Amazon', 'UK', 0.15, 'FBA', 'FBA-UK');
INSERT INTO resources (name, type, capacity, capacity_unit, status)
VALUES ('Bottling line 1', 'bottling_line', 400, 'units/hour', 'available'),
       ('Labelling machine', 'labelling', 600, 'units/hour', 'available'),
       ('Packing station', 'packaging', 300, 'units/hour', 'offline');
INSERT INTO inventory_levels (product_id, location_id, location_type, snapshot_date, available_quantity)
SELECT id, 'FBA-UK', 'fba', '2026-03-02', CASE sku WHEN 'RED-UK' THEN 150 ELSE 20 END FROM products;
INSERT INTO forecasts (product_id, sales_channel_id, forecast_date, origin_date, horizon_days,
                       predicted_demand, lower_bound, upper_bound, confidence_score, model_type,
                       model_name, model_version, bucket, rmse)
SELECT p.id, c.id, '2026-03-02'::date + 7 * w, '2026-03-02', 7 * (w + 1),
       CASE p.sku WHEN 'RED-UK' THEN 70 ELSE 700 END, 0, 2000, 0.8, 'ETS', 'ETS(A,N,N)', 'test',
       'week', CASE p.sku WHEN 'RED-UK' THEN 14 ELSE 140 END
FROM products p, sales_channels c, generate_series(0, 12) w;
"#;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_planning_run_raises_the_stockout_alert_with_its_date_and_drafts_the_order(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "alice", "analyst").await;

    let summary = inventory::plan_inventory(&app).await.unwrap();
    assert_eq!(summary.items, 2);
    assert_eq!(summary.orders, 2);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    assert!(summary.by_source.contains(&(DemandSource::Forecast, 2)));

    let items = inventory::list_items(&app, None).await.unwrap();
    let red = items.iter().find(|i| i.sku == "RED-UK").unwrap();
    assert_eq!(red.stockout_date, Some(d("2026-03-17")));
    // 150 on hand is below the reorder point (140 expected over the lead time plus
    // safety stock): order now.
    assert_eq!(red.status, StockStatus::Low);
    assert!(red.reorder_point > 150, "{}", red.reorder_point);
    assert!(red.safety_stock > 0);
    assert_eq!(red.days_of_supply, Some(15));
    assert_eq!(red.planning_run_id, Some(summary.run_id));
    assert!(
        red.reasons
            .iter()
            .any(|r| r.message.starts_with("projected stock-out on 17 Mar")),
        "{:?}",
        red.reasons
    );
    // The dashboard's tile reads the same row.
    let risks = inventory::stock_risks(&app, None).await.unwrap();
    assert!(risks.iter().any(|r| r.sku == "RED-UK"));

    let orders = inventory::list_orders(&app, None).await.unwrap();
    let order = orders.iter().find(|o| o.sku == "RED-UK").unwrap();
    assert_eq!(order.status, ReplenishmentStatus::Draft);
    assert_eq!(
        (order.order_by, order.need_by),
        (d("2026-03-02"), d("2026-03-16"))
    );
    assert_eq!(order.quantity % 100, 0, "whole batches of 100");
    assert_eq!(
        order.value,
        Decimal::from(order.quantity) * Decimal::from(15)
    );
    let record = order.decision.as_ref().expect("the decision record");
    assert_eq!(record.reorder_point, Decimal::from(red.reorder_point));

    // What if the lead time doubles: the reorder point rises, and the run's row stays.
    let what_if = inventory::item_projection(
        &app,
        ProjectionRequest {
            product_id: red.product_id,
            location: "FBA-UK".into(),
            lead_time_days: Some(28),
            service_level: None,
        },
    )
    .await
    .unwrap();
    assert!(what_if.plan.reorder_point > Decimal::from(red.reorder_point));
    assert_eq!(what_if.item.reorder_point, red.reorder_point);
    assert_eq!(what_if.weeks.len(), inventory::HORIZON_WEEKS);
    assert_eq!(what_if.weeks[0].week_start, d("2026-03-02"));
    assert!(what_if.weeks[2].unmet > 0.0);

    // A second run replaces the drafts instead of piling them up.
    inventory::plan_inventory(&app).await.unwrap();
    assert_eq!(inventory::list_orders(&app, None).await.unwrap().len(), 2);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn orders_are_approved_within_each_approvers_cap_and_book_a_job(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    let (analyst, _d1, _) = common::signed_in(&pool, "alice", "analyst").await;
    let (manager, _d2, manager_id) = common::signed_in(&pool, "mona", "manager").await;
    let (admin, _d3, _) = common::signed_in(&pool, "cfo", "admin").await;
    inventory::plan_inventory(&analyst).await.unwrap();
    let orders = inventory::list_orders(&analyst, None).await.unwrap();
    let small = orders.iter().find(|o| o.sku == "RED-UK").unwrap().clone();
    let large = orders.iter().find(|o| o.sku == "GOLD-UK").unwrap().clone();
    assert!(small.value <= Decimal::from(50_000), "{}", small.value);
    assert!(large.value > Decimal::from(50_000), "{}", large.value);

    let step = |id, row_version, to, comment: Option<&str>| OrderDecision {
        id,
        row_version,
        to,
        comment: comment.map(str::to_owned),
    };
    // Approving a draft is out of order; an analyst submits but cannot approve.
    let err = inventory::decide_order(
        &manager,
        step(
            small.id,
            small.row_version,
            ReplenishmentStatus::Approved,
            None,
        ),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, AppError::Validation { message, .. } if message.contains("must be submitted")),
        "{err:?}"
    );
    let small = inventory::decide_order(
        &analyst,
        step(
            small.id,
            small.row_version,
            ReplenishmentStatus::Submitted,
            None,
        ),
    )
    .await
    .unwrap();
    let large = inventory::decide_order(
        &analyst,
        step(
            large.id,
            large.row_version,
            ReplenishmentStatus::Submitted,
            None,
        ),
    )
    .await
    .unwrap();
    assert_eq!(small.submitted_by.as_deref(), Some("alice"));
    let err = inventory::decide_order(
        &analyst,
        step(
            small.id,
            small.row_version,
            ReplenishmentStatus::Approved,
            None,
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Forbidden { .. }), "{err:?}");

    // The manager's cap is £50,000, in Rust …
    let err = inventory::decide_order(
        &manager,
        step(
            large.id,
            large.row_version,
            ReplenishmentStatus::Approved,
            None,
        ),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, AppError::Validation { message, .. } if message.contains("above your approval limit of 50000")),
        "{err:?}"
    );
    // … and in the database, for a manager at psql with the app's credential.
    let mut psql = common::psql_as(&pool, manager_id).await;
    let refused = sqlx::query("UPDATE replenishment_orders SET status = 'approved' WHERE id = $1")
        .bind(large.id)
        .execute(&mut psql)
        .await
        .unwrap_err();
    assert_eq!(common::sqlstate(&refused), "42501");
    // Nor can a planner at psql skip the workflow.
    let refused = sqlx::query("UPDATE replenishment_orders SET quantity = 1 WHERE id = $1")
        .bind(small.id)
        .execute(&mut psql)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("cannot be edited"),
        "{refused}"
    );

    // Within the cap the manager approves, and the job is booked.
    let approved = inventory::decide_order(
        &manager,
        step(
            small.id,
            small.row_version,
            ReplenishmentStatus::Approved,
            Some("ok"),
        ),
    )
    .await
    .unwrap();
    assert_eq!(approved.status, ReplenishmentStatus::Approved);
    assert_eq!(approved.decided_by.as_deref(), Some("mona"));
    let job_number = approved.job_number.clone().unwrap();
    assert_eq!(job_number, format!("JOB-{}", approved.order_number));
    // The CFO (admin) has no cap.
    let big = inventory::decide_order(
        &admin,
        step(
            large.id,
            large.row_version,
            ReplenishmentStatus::Approved,
            None,
        ),
    )
    .await
    .unwrap();
    assert_eq!(big.status, ReplenishmentStatus::Approved);
    // A decision already taken cannot be taken again.
    let err = inventory::decide_order(
        &admin,
        step(
            big.id,
            big.row_version,
            ReplenishmentStatus::Rejected,
            Some("late"),
        ),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, AppError::Validation { .. }), "{err:?}");

    // The job is pending in the schedule, on the bottling line (not the faster labeller);
    // its moves are the legal ones only.
    let jobs = production::list_jobs(&manager, 8).await.unwrap();
    let job = jobs.iter().find(|j| j.job_number == job_number).unwrap();
    assert_eq!(job.status, JobStatus::Pending);
    assert_eq!(job.resource.as_deref(), Some("Bottling line 1"));
    assert_eq!(job.quantity, approved.quantity);
    let err = production::move_job(&analyst, job.id, JobStatus::Completed)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Validation { message, .. } if message.contains("started before")),
        "{err:?}"
    );
    let started = production::move_job(&analyst, job.id, JobStatus::Active)
        .await
        .unwrap();
    assert!(started.actual_start.is_some());
    let implemented = inventory::list_orders(&analyst, Some(ReplenishmentStatus::Implemented))
        .await
        .unwrap();
    assert_eq!(implemented.len(), 1);
    assert_eq!(implemented[0].id, small.id);
    production::move_job(&analyst, job.id, JobStatus::Completed)
        .await
        .unwrap();
    let err = production::move_job(&analyst, job.id, JobStatus::Active)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Validation { .. }), "{err:?}");
    // The database refuses the same move from psql.
    let refused = sqlx::query("UPDATE jobs SET status = 'pending' WHERE id = $1")
        .bind(job.id)
        .execute(&mut psql)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("cannot become"), "{refused}");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_capacity_view_counts_booked_jobs_and_flags_overbooked_weeks(pool: PgPool) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    // 400 units/hour × 80 hours = 32,000 a week; two pending jobs this week book 40,000.
    sqlx::raw_sql(
        "INSERT INTO jobs (job_number, status, product_id, resource_id, quantity, planned_start, planned_end)
         SELECT n, 'pending', (SELECT id FROM products WHERE sku = 'RED-UK'), r.id, 20000,
                date_trunc('week', now()) + interval '1 day', date_trunc('week', now()) + interval '2 days'
         FROM resources r, (VALUES ('JOB-A'), ('JOB-B')) AS v(n) WHERE r.name = 'Bottling line 1'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "victor", "viewer").await;
    let view = production::capacity(&app, 4).await.unwrap();
    assert_eq!(view.weeks.len(), 4);
    let line = view
        .resources
        .iter()
        .find(|r| r.name == "Bottling line 1")
        .unwrap();
    assert_eq!(line.weeks[0].capacity, 32_000.0);
    assert!(
        (line.weeks[0].load - 40_000.0).abs() < 1e-6,
        "{}",
        line.weeks[0].load
    );
    assert!(line.weeks[0].over);
    assert!(!line.weeks[1].over);
    // Offline resources have no capacity.
    let packing = view
        .resources
        .iter()
        .find(|r| r.name == "Packing station")
        .unwrap();
    assert!(packing.weeks.iter().all(|w| w.capacity == 0.0));
    // Both pending jobs could move to next week, which has room.
    assert_eq!(view.movable.len(), 2);
    assert_eq!(view.movable[0].fits_in_week, Some(view.weeks[1]));

    // A viewer cannot put the line into maintenance; a planner can, and it has no capacity.
    let err = production::set_resource_status(&app, line.id, ResourceStatus::Maintenance)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Forbidden { .. }), "{err:?}");
    let (planner, _d2, _) = common::signed_in(&pool, "alice", "analyst").await;
    production::set_resource_status(&planner, line.id, ResourceStatus::Maintenance)
        .await
        .unwrap();
    let view = production::capacity(&app, 4).await.unwrap();
    let line = view
        .resources
        .iter()
        .find(|r| r.name == "Bottling line 1")
        .unwrap();
    assert_eq!(line.status, ResourceStatus::Maintenance);
    assert!(line.weeks.iter().all(|w| w.capacity == 0.0));
    assert!(line.weeks[0].over);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn orders_are_cut_or_deferred_to_fit_the_bottling_capacity_with_the_reason_recorded(
    pool: PgPool,
) {
    sqlx::raw_sql(SEED).execute(&pool).await.unwrap();
    // One hour a week on a 100-unit line: 400 units in the 28-day order window, less than
    // the two items need.
    sqlx::raw_sql(
        "INSERT INTO system_settings (category, key, data_type, value_integer)
         VALUES ('production', 'hours_per_week', 'integer', 1);
         UPDATE resources SET capacity = 100 WHERE name = 'Bottling line 1';",
    )
    .execute(&pool)
    .await
    .unwrap();
    let (app, _dir, _) = common::signed_in(&pool, "alice", "analyst").await;
    let summary = inventory::plan_inventory(&app).await.unwrap();
    assert!(summary.cut + summary.deferred >= 1, "{summary:?}");
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("1600 bottling hours") || w.contains("4 bottling hours")),
        "{:?}",
        summary.warnings
    );
    let orders = inventory::list_orders(&app, None).await.unwrap();
    let units: i32 = orders.iter().map(|o| o.quantity).sum();
    assert!(
        units <= 1_600,
        "{units} units booked against 1,600 of capacity"
    );
    // The order that was cut says so in its decision record, with the limit.
    let cut = orders
        .iter()
        .filter_map(|o| o.decision.as_ref())
        .filter_map(|d| d.order.as_ref())
        .flat_map(|o| &o.adjustments)
        .find(|a| a.reason == "capacity_limit");
    if summary.cut > 0 {
        let cut = cut.expect("a capacity adjustment in a decision record");
        assert!(cut.after < cut.before);
        assert!(
            cut.explanation.contains("capacity limit"),
            "{}",
            cut.explanation
        );
    }
    assert_eq!(orders.len() as u32, 2 - summary.deferred);
}
