//! The schema against a real PostgreSQL: migrations, constraints, triggers, the demo
//! data, and exact decimals. Each test gets a fresh database from `#[sqlx::test]`.

mod common;
use common::seed;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sentia_db::{DbError, MIGRATOR};
use sentia_demo::DemoOptions;
use sqlx::{AssertSqlSafe, PgPool, Row};

/// Runs `sql` and returns the name of the constraint it violated.
async fn violated(pool: &PgPool, sql: &str) -> String {
    let err: DbError = sqlx::query(AssertSqlSafe(sql.to_owned()))
        .execute(pool)
        .await
        .expect_err(sql)
        .into();
    match err.constraint() {
        Some(name) => name.to_owned(),
        None => panic!("{sql}: expected a constraint violation, got {err}"),
    }
}

async fn count(pool: &PgPool, table: &str) -> i64 {
    sqlx::query_scalar(AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrations = false)]
async fn migrations_apply_to_an_empty_database_and_rerun_as_a_no_op(pool: PgPool) {
    let before = sentia_db::migration_state(&pool).await.unwrap();
    assert!(before.applied.is_empty());
    assert_eq!(before.pending.len(), MIGRATOR.iter().count());

    sentia_db::migrate(&pool).await.unwrap();
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)",
    )
    .bind(vec![
        "users", "markets", "products", "sales_channels", "historical_sales", "forecasts",
        "inventory_levels", "working_capital", "system_settings", "jobs", "schedules", "resources",
    ])
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(tables, 12, "all twelve seed tables exist");

    let recorded = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM _sqlx_migrations")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let first = recorded().await;
    sentia_db::migrate(&pool).await.unwrap();
    assert_eq!(recorded().await, first, "second run applies nothing");
    let after = sentia_db::migration_state(&pool).await.unwrap();
    assert!(after.pending.is_empty() && after.modified.is_empty() && after.unknown.is_empty());
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn demo_company_loads_with_every_constraint_satisfied(pool: PgPool) {
    let company = seed(&pool).await;
    assert_eq!(
        count(&pool, "historical_sales").await,
        company.sales_rows as i64
    );
    assert_eq!(
        count(&pool, "products").await,
        company.catalog.products.len() as i64
    );
    assert_eq!(count(&pool, "jobs").await, company.jobs.len() as i64);
    assert_eq!(
        count(&pool, "inventory_levels").await,
        company.inventory.len() as i64
    );
    assert_eq!(
        count(&pool, "working_capital").await,
        company.working_capital.len() as i64
    );
    assert!(count(&pool, "schedules").await > 0 && count(&pool, "resources").await > 0);

    // Money reconciles in the database exactly as generated.
    let generated: Decimal = {
        let mut total = Decimal::ZERO;
        sentia_demo::generate(
            &DemoOptions {
                years: 1,
                ..DemoOptions::default()
            },
            |s| total += s.net_revenue,
        );
        total
    };
    let stored: Decimal = sqlx::query_scalar("SELECT sum(net_revenue) FROM historical_sales")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, generated);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn check_constraints_reject_out_of_range_and_unknown_values(pool: PgPool) {
    seed(&pool).await;
    let cases = [
        ("UPDATE users SET role = 'superuser' WHERE username = 'admin'", "users_role_check"),
        ("UPDATE users SET failed_login_count = -1 WHERE username = 'admin'", "users_failed_login_count_check"),
        ("UPDATE markets SET tax_rate = 1.5 WHERE code = 'UK'", "markets_tax_rate_check"),
        ("UPDATE products SET category = 'GABA Blue' WHERE sku = 'GABA_RED_UK'", "products_category_check"),
        ("UPDATE products SET unit_cost = selling_price + 1 WHERE sku = 'GABA_RED_UK'", "products_cost_below_price_check"),
        ("UPDATE sales_channels SET fulfillment_method = 'Own' WHERE name = 'Amazon UK'", "sales_channels_fulfillment_matches_type_check"),
        ("UPDATE sales_channels SET commission_rate = 1.2 WHERE name = 'Amazon UK'", "sales_channels_commission_rate_check"),
        ("UPDATE historical_sales SET quantity_sold = -1, returned_quantity = 0 WHERE id = (SELECT id FROM historical_sales LIMIT 1)", "historical_sales_quantities_check"),
        ("UPDATE historical_sales SET gross_revenue = gross_revenue + 1 WHERE id = (SELECT id FROM historical_sales LIMIT 1)", "historical_sales_net_revenue_check"),
        ("UPDATE historical_sales SET data_quality_score = 1.5 WHERE id = (SELECT id FROM historical_sales LIMIT 1)", "historical_sales_data_quality_score_check"),
        ("UPDATE inventory_levels SET risk_score = 2 WHERE id = (SELECT id FROM inventory_levels LIMIT 1)", "inventory_levels_risk_score_check"),
        ("UPDATE inventory_levels SET stock_status = 'fine' WHERE id = (SELECT id FROM inventory_levels LIMIT 1)", "inventory_levels_stock_status_check"),
        ("UPDATE working_capital SET scenario = 'stress' WHERE id = (SELECT id FROM working_capital LIMIT 1)", "working_capital_scenario_check"),
        ("UPDATE working_capital SET cash_conversion_cycle = cash_conversion_cycle + 1 WHERE id = (SELECT id FROM working_capital WHERE dso IS NOT NULL LIMIT 1)", "working_capital_ccc_check"),
        ("UPDATE jobs SET status = 'paused' WHERE id = (SELECT id FROM jobs LIMIT 1)", "jobs_status_check"),
        ("UPDATE resources SET status = 'broken' WHERE id = (SELECT id FROM resources LIMIT 1)", "resources_status_check"),
        ("UPDATE schedules SET end_date = start_date WHERE id = (SELECT id FROM schedules LIMIT 1)", "schedules_dates_check"),
        ("UPDATE system_settings SET value_integer = 1 WHERE data_type = 'text' AND id = (SELECT id FROM system_settings WHERE data_type = 'text' LIMIT 1)", "system_settings_value_matches_type_check"),
        ("UPDATE system_settings SET scope = 'user' WHERE id = (SELECT id FROM system_settings LIMIT 1)", "system_settings_scope_id_check"),
    ];
    for (sql, constraint) in cases {
        assert_eq!(violated(&pool, sql).await, constraint, "{sql}");
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn forecast_checks_enforce_bounds_confidence_and_workflow(pool: PgPool) {
    seed(&pool).await;
    let insert = |values: &str| {
        format!(
            "INSERT INTO forecasts (product_id, sales_channel_id, forecast_date, origin_date, horizon_days, \
             predicted_demand, lower_bound, upper_bound, confidence_score, model_type, model_name, model_version, status) \
             SELECT p.id, c.id, {values} FROM products p JOIN sales_channels c ON c.market_code = p.market_region \
             WHERE p.sku = 'GABA_RED_UK' AND c.name = 'Amazon UK'"
        )
    };
    let ok = "'2026-12-01', '2026-11-01', 30, 50, 40, 60, 0.8, 'ETS', 'ETS(A,N,A)', '1', 'draft'";
    sqlx::query(AssertSqlSafe(insert(ok)))
        .execute(&pool)
        .await
        .unwrap();
    let cases = [
        (
            "'2026-12-02', '2026-11-01', 31, 50, 55, 60, 0.8, 'ETS', 'x', '1', 'draft'",
            "forecasts_bounds_order_check",
        ),
        (
            "'2026-12-02', '2026-11-01', 31, 50, 40, 60, 1.5, 'ETS', 'x', '1', 'draft'",
            "forecasts_confidence_score_check",
        ),
        (
            "'2026-12-02', '2026-11-01', 31, 50, 40, 60, 0.8, 'Guess', 'x', '1', 'draft'",
            "forecasts_model_type_check",
        ),
        (
            "'2026-12-02', '2026-11-01', 31, 50, 40, 60, 0.8, 'ETS', 'x', '1', 'submitted'",
            "forecasts_submitted_check",
        ),
        (
            "'2026-12-02', '2026-11-01', 31, 50, 40, 60, 0.8, 'Manual', 'x', '1', 'draft'",
            "forecasts_manual_reason_check",
        ),
        // A second live forecast for the same series and date.
        (ok, "forecasts_current_key"),
    ];
    for (values, constraint) in cases {
        assert_eq!(
            violated(&pool, &insert(values)).await,
            constraint,
            "{values}"
        );
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn unique_constraints_reject_duplicates(pool: PgPool) {
    seed(&pool).await;
    let cases = [
        ("INSERT INTO users (username, email) VALUES ('admin', 'new@example.com')", "users_username_key"),
        ("INSERT INTO users (username, email) VALUES ('ADMIN', 'new@example.com')", "users_username_lower_key"),
        ("INSERT INTO users (username, email) VALUES ('newbie', 'admin@sentia-spirits.example')", "users_email_key"),
        ("INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days) VALUES ('UK', 'Again', 'GBP', 0.2, 2, 1)", "markets_code_key"),
        ("INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price) VALUES ('GABA_RED_UK', 'Dup', 'GABA Red', 'UK', 1, 2)", "products_sku_key"),
        ("INSERT INTO jobs (job_number, quantity) SELECT job_number, 1 FROM jobs LIMIT 1", "jobs_job_number_key"),
        ("INSERT INTO inventory_levels (product_id, location_id, snapshot_date) SELECT product_id, location_id, snapshot_date FROM inventory_levels LIMIT 1", "inventory_levels_product_location_date_key"),
        ("INSERT INTO system_settings (category, key, data_type, value_text) VALUES ('finance', 'base_currency', 'text', 'EUR')", "system_settings_identity_key"),
    ];
    for (sql, constraint) in cases {
        assert_eq!(violated(&pool, sql).await, constraint, "{sql}");
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn foreign_keys_reject_orphans_and_protect_history(pool: PgPool) {
    seed(&pool).await;
    let cases = [
        ("INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price) VALUES ('GABA_RED_JP', 'x', 'GABA Red', 'JP', 1, 2)", "products_market_region_fkey"),
        ("INSERT INTO sales_channels (name, channel_type, market_code, commission_rate, fulfillment_method) VALUES ('Amazon JP', 'Amazon', 'JP', 0.15, 'FBA')", "sales_channels_market_code_fkey"),
        ("INSERT INTO jobs (job_number, quantity, schedule_id) VALUES ('JOB-X', 1, gen_random_uuid())", "jobs_schedule_id_fkey"),
        ("INSERT INTO schedules (name, start_date, end_date, created_by) VALUES ('x', now(), now() + interval '1 day', gen_random_uuid())", "schedules_created_by_fkey"),
        // Sales history is kept: a product that has sold cannot be deleted.
        ("DELETE FROM products WHERE sku = 'GABA_RED_UK'", "historical_sales_product_id_fkey"),
        // Users are anonymised, never deleted, while anything refers to them.
        ("DELETE FROM users WHERE username = 'admin'", "users_created_by_fkey"),
        ("DELETE FROM markets WHERE code = 'UK'", "products_market_region_fkey"),
    ];
    for (sql, constraint) in cases {
        assert_eq!(violated(&pool, sql).await, constraint, "{sql}");
    }
    // Deleting a schedule keeps its jobs (unscheduled), as production records.
    let jobs_before = count(&pool, "jobs").await;
    sqlx::query("DELETE FROM schedules")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(count(&pool, "jobs").await, jobs_before);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn decimals_round_trip_exactly(pool: PgPool) {
    seed(&pool).await;
    let cost = dec!(0.1) + dec!(0.2);
    let row = sqlx::query(
        "UPDATE products SET unit_cost = $1, selling_price = $2 WHERE sku = 'GABA_RED_UK' \
         RETURNING unit_cost, selling_price",
    )
    .bind(cost)
    .bind(dec!(9999.99))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.get::<Decimal, _>("unit_cost"), dec!(0.30));
    assert_eq!(row.get::<Decimal, _>("selling_price"), dec!(9999.99));

    // The largest amount NUMERIC(15,2) holds survives unchanged.
    let big = dec!(9999999999999.99);
    let stored: Decimal = sqlx::query_scalar(
        "UPDATE working_capital SET projected_sales_revenue = $1 \
         WHERE id = (SELECT id FROM working_capital LIMIT 1) RETURNING projected_sales_revenue",
    )
    .bind(big)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stored, big);

    // A third decimal place does not fit NUMERIC(10,2): PostgreSQL rounds half away from
    // zero, so the application rounds first (banker's rounding) and never relies on this.
    let rounded: Decimal = sqlx::query_scalar("SELECT $1::numeric(10,2)")
        .bind(dec!(0.125))
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rounded, dec!(0.13));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn updates_stamp_updated_at_and_version_settings(pool: PgPool) {
    seed(&pool).await;
    let before: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT updated_at FROM products WHERE sku = 'GABA_RED_UK'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let after: chrono::DateTime<chrono::Utc> = sqlx::query_scalar(
        "UPDATE products SET name = 'Renamed' WHERE sku = 'GABA_RED_UK' RETURNING updated_at",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(after > before, "updated_at moves forward on update");

    let row = sqlx::query(
        "UPDATE system_settings SET value_integer = 60 WHERE category = 'finance' AND key = 'ccc_target_days' \
         RETURNING id, version, previous_value",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row.get::<i32, _>("version"), 2);
    assert_eq!(
        row.get::<serde_json::Value, _>("previous_value"),
        serde_json::json!(55)
    );
    let history: Vec<(i32, serde_json::Value)> = sqlx::query_as(
        "SELECT version, value FROM system_settings_history WHERE setting_id = $1 ORDER BY version",
    )
    .bind(row.get::<uuid::Uuid, _>("id"))
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        history,
        vec![(1, serde_json::json!(55)), (2, serde_json::json!(60))]
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn replacing_the_demo_company_keeps_the_audit_history_and_its_users(pool: PgPool) {
    seed(&pool).await;
    let audit_before = count(&pool, "audit_log").await;
    let users_before = count(&pool, "users").await;
    assert!(audit_before > 0);

    let mut tx = pool.begin().await.unwrap();
    sentia_demo_db::wipe(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    seed(&pool).await;

    assert!(count(&pool, "audit_log").await > audit_before);
    // The same seed brings the same users back under their ids, so their history is theirs.
    assert_eq!(count(&pool, "users").await, users_before);
    let active: i64 =
        sqlx::query_scalar("SELECT count(*) FROM users WHERE is_active AND anonymized_at IS NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(active, users_before);
    let lockout: i64 =
        sqlx::query_scalar("SELECT count(*) FROM system_settings WHERE category = 'security'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(lockout >= 3, "the security settings survive");
}

/// The forecasts audit trigger names its columns (migration 0290) so that superseding a run
/// skips it; a column added to forecasts must be added there too, or its changes go
/// unaudited.
#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_forecasts_audit_trigger_watches_every_column_but_the_derived_ones(pool: PgPool) {
    let columns = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            let mut names: Vec<String> = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
            names.sort();
            names
        }
    };
    let watched = columns(
        "SELECT a.attname::text FROM pg_trigger t
         JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = ANY (t.tgattr::int2[])
         WHERE t.tgrelid = 'forecasts'::regclass AND t.tgname = 'forecasts_audit'",
    )
    .await;
    let audited = columns(
        "SELECT attname::text FROM pg_attribute
         WHERE attrelid = 'forecasts'::regclass AND attnum > 0 AND NOT attisdropped
           AND attname NOT IN ('superseded_by', 'superseded_at', 'actual_demand', 'updated_at', 'updated_by')",
    )
    .await;
    assert!(audited.len() > 30, "{audited:?}");
    assert_eq!(watched, audited);
}
