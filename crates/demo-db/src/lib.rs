//! Loading the generated demo company into PostgreSQL: one transaction, bulk `COPY` for
//! every table, so that a failure leaves the database as it was and ten million rows load
//! in minutes. With the naive queries the dashboard benchmark and tests compare against.
//! Used by `sentia seed-demo`, the tests and the benchmarks; the desktop app does not
//! link it (CI checks), so the simulator never ships inside it.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sentia_db::dashboard::{DashboardFilter, TotalsRow};
use sentia_db::DbError;
use sentia_demo::{Catalog, Company, Sale, SettingValue};
use sqlx::{PgConnection, PgExecutor, PgPool};
use uuid::Uuid;

/// A value as one CSV field of a `COPY … (FORMAT csv)` stream; `None` is the empty,
/// unquoted field, which COPY reads as NULL.
pub trait CopyField {
    /// The field's text.
    fn field(&self) -> String;
}

macro_rules! display_field {
    ($($t:ty),*) => {$(impl CopyField for $t { fn field(&self) -> String { self.to_string() } })*};
}
display_field!(
    Uuid,
    Decimal,
    NaiveDate,
    i16,
    i32,
    i64,
    u32,
    f64,
    bool,
    String,
    &str,
    serde_json::Value
);

impl CopyField for DateTime<Utc> {
    fn field(&self) -> String {
        self.to_rfc3339()
    }
}

impl<T: CopyField> CopyField for Option<T> {
    fn field(&self) -> String {
        self.as_ref().map(CopyField::field).unwrap_or_default()
    }
}

macro_rules! enum_field {
    ($($t:ty),*) => {$(impl CopyField for $t { fn field(&self) -> String { self.as_str().to_owned() } })*};
}
enum_field!(
    sentia_domain::Role,
    sentia_domain::ChannelType,
    sentia_domain::FulfillmentMethod,
    sentia_domain::ProductCategory,
    sentia_domain::JobStatus,
    sentia_domain::ResourceStatus,
    sentia_domain::ScheduleStatus,
    sentia_domain::StockStatus,
    sentia_domain::Scenario,
    sentia_domain::LocationType
);

impl CopyField for sentia_domain::Currency {
    fn field(&self) -> String {
        self.code().to_owned()
    }
}

/// One CSV record of COPY fields.
#[macro_export]
macro_rules! copy_record {
    ($($value:expr),+ $(,)?) => { vec![$($crate::CopyField::field(&$value)),+] };
}

/// Rows as a COPY CSV payload.
pub fn csv_payload(records: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for record in records {
        writer
            .write_record(&record)
            .expect("writing to memory cannot fail");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

async fn copy_in(
    conn: &mut PgConnection,
    table: &str,
    columns: &str,
    payload: &[u8],
) -> Result<(), DbError> {
    let mut copy = conn
        .copy_in_raw(&format!("COPY {table} ({columns}) FROM STDIN (FORMAT csv)"))
        .await?;
    copy.send(payload).await?;
    copy.finish().await?;
    Ok(())
}

/// True when the database holds no users or products yet.
pub async fn is_empty(pool: &PgPool) -> Result<bool, DbError> {
    let count: i64 =
        sqlx::query_scalar("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM products)")
            .fetch_one(pool)
            .await?;
    Ok(count == 0)
}

/// The column list of the `historical_sales` COPY, in [`sale_record`] order.
pub const SALES_COLUMNS: &str = "id, product_id, sales_channel_id, sale_date, order_count, quantity_sold, \
    returned_quantity, unit_price, gross_revenue, discount_amount, net_revenue, cogs, shipping_cost, \
    platform_fees, duty_cost, tax_amount, net_profit, currency_code, fx_rate_to_base, country_code, \
    region, season, promotion_code, stockout, source, data_quality_score";

/// One sales row as a COPY record.
pub fn sale_record(s: &Sale) -> Vec<String> {
    copy_record![
        s.id,
        s.product_id,
        s.sales_channel_id,
        s.sale_date,
        s.order_count,
        s.quantity_sold,
        s.returned_quantity,
        s.unit_price,
        s.gross_revenue,
        s.discount_amount,
        s.net_revenue,
        s.cogs,
        s.shipping_cost,
        s.platform_fees,
        s.duty_cost,
        s.tax_amount,
        s.net_profit,
        s.currency,
        s.fx_rate_to_base,
        s.country_code,
        s.region,
        s.season,
        s.promotion_code,
        s.stockout,
        s.source,
        s.data_quality_score,
    ]
}

/// Sales are sent to the server in chunks of this many rows.
const CHUNK_ROWS: usize = 20_000;

/// Generates the company with `opts` and loads everything but the catalogue (insert that
/// first with [`insert_catalog`], in the same transaction). Generation runs on a blocking
/// thread and streams CSV chunks into a COPY, so memory stays flat however many rows
/// there are. `progress` is called with the running row count after each chunk.
pub async fn load_demo(
    conn: &mut PgConnection,
    opts: sentia_demo::DemoOptions,
    progress: impl Fn(u64) + Send + 'static,
) -> Result<Company, DbError> {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let generator = tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(CHUNK_ROWS);
        let mut rows = 0u64;
        let company = sentia_demo::generate(&opts, |sale| {
            batch.push(sale_record(sale));
            rows += 1;
            if batch.len() == CHUNK_ROWS {
                // A closed channel means the COPY failed; its error is returned below.
                let _ = sender.blocking_send(csv_payload(batch.drain(..)));
                progress(rows);
            }
        });
        let _ = sender.blocking_send(csv_payload(batch));
        company
    });
    copy_sales(&mut *conn, receiver).await?;
    let company = generator
        .await
        .map_err(|e| DbError::Generator(e.to_string()))?;
    insert_operations(conn, &company).await?;
    Ok(company)
}

/// Streams sales CSV chunks into `historical_sales`.
async fn copy_sales(
    conn: &mut PgConnection,
    mut chunks: tokio::sync::mpsc::Receiver<Vec<u8>>,
) -> Result<(), DbError> {
    let mut copy = conn
        .copy_in_raw(&format!(
            "COPY historical_sales ({SALES_COLUMNS}) FROM STDIN (FORMAT csv)"
        ))
        .await?;
    while let Some(chunk) = chunks.recv().await {
        copy.send(chunk).await?;
    }
    copy.finish().await?;
    Ok(())
}

/// Inserts the catalogue. `password_hashes[i]` is the PHC hash for `catalog.users[i]`.
pub async fn insert_catalog(
    conn: &mut PgConnection,
    catalog: &Catalog,
    password_hashes: &[String],
) -> Result<(), DbError> {
    let admin = catalog.users.first().map(|u| u.id);
    // Row by row with an upsert, not COPY: after `--replace` with the same seed, the
    // demo users come back under the ids their audit history already names.
    for (u, hash) in catalog.users.iter().zip(password_hashes) {
        sqlx::query(
            "INSERT INTO users (id, username, email, display_name, role, password_hash, timezone,
                                language, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET
                 username = EXCLUDED.username, email = EXCLUDED.email,
                 display_name = EXCLUDED.display_name, role = EXCLUDED.role,
                 password_hash = EXCLUDED.password_hash, timezone = EXCLUDED.timezone,
                 language = EXCLUDED.language, permissions = '{}'::jsonb, is_active = true,
                 anonymized_at = NULL, failed_login_count = 0, locked_until = NULL",
        )
        .bind(u.id)
        .bind(&u.username)
        .bind(&u.email)
        .bind(&u.display_name)
        .bind(u.role.as_str())
        .bind(hash)
        .bind(u.timezone)
        .bind(u.language)
        .bind(admin)
        .execute(&mut *conn)
        .await?;
    }

    let markets = catalog.markets.iter().map(|m| {
        copy_record![
            m.id,
            m.code,
            m.name,
            m.currency,
            m.tax_rate,
            m.tax_name,
            m.standard_shipping_days,
            m.express_shipping_days,
            m.regulatory_requirements,
            m.import_restrictions,
            m.tax_filing_months,
            m.tax_due_months,
            m.tax_due_days,
            m.duty_rate,
            admin,
        ]
    });
    copy_in(
        conn,
        "markets",
        "id, code, name, currency_code, tax_rate, tax_name, standard_shipping_days, \
         express_shipping_days, regulatory_requirements, import_restrictions, tax_filing_months, \
         tax_due_months, tax_due_days, duty_rate, created_by",
        &csv_payload(markets),
    )
    .await?;

    let products = catalog.products.iter().map(|p| {
        copy_record![
            p.id,
            p.sku,
            p.name,
            p.category,
            p.market_region,
            p.unit_cost,
            p.selling_price,
            p.weight_kg,
            p.dimensions_cm,
            p.production_time_hours,
            p.batch_size_min,
            p.batch_size_max,
            p.lead_time_days,
            p.shelf_life_days,
            p.compliance_data,
            admin,
        ]
    });
    copy_in(
        conn,
        "products",
        "id, sku, name, category, market_region, unit_cost, selling_price, weight_kg, dimensions_cm, \
         production_time_hours, batch_size_min, batch_size_max, lead_time_days, shelf_life_days, \
         compliance_data, created_by",
        &csv_payload(products),
    )
    .await?;

    let channels = catalog.channels.iter().map(|c| {
        copy_record![
            c.id,
            c.name,
            c.channel_type,
            c.market_code,
            c.commission_rate,
            c.fulfillment_method,
            c.marketplace_id,
            c.fixed_fee_per_order,
            c.fulfillment_fee_per_unit,
            c.payment_terms_days,
            c.processing_days,
            c.conversion_rate,
            c.return_rate,
            c.monthly_revenue_target,
            c.location_id,
            admin,
        ]
    });
    copy_in(
        conn,
        "sales_channels",
        "id, name, channel_type, market_code, commission_rate, fulfillment_method, marketplace_id, \
         fixed_fee_per_order, fulfillment_fee_per_unit, payment_terms_days, processing_days, \
         conversion_rate, return_rate, monthly_revenue_target, stock_location_id, created_by",
        &csv_payload(channels),
    )
    .await?;

    let resources = catalog.resources.iter().map(|r| {
        copy_record![
            r.id,
            r.name,
            r.kind,
            r.capacity,
            r.capacity_unit,
            r.status,
            r.location,
            r.cost_per_hour,
            admin
        ]
    });
    copy_in(
        conn,
        "resources",
        "id, name, type, capacity, capacity_unit, status, location, cost_per_hour, created_by",
        &csv_payload(resources),
    )
    .await?;

    for s in &catalog.settings {
        let (data_type, text, integer, decimal, boolean) = match &s.value {
            SettingValue::Text(v) => ("text", Some(*v), None, None, None),
            SettingValue::Integer(v) => ("integer", None, Some(*v), None, None),
            SettingValue::Decimal(v) => ("decimal", None, None, Some(*v), None),
            SettingValue::Boolean(v) => ("boolean", None, None, None, Some(*v)),
        };
        sqlx::query(
            "INSERT INTO system_settings (category, key, data_type, value_text, value_integer, \
             value_decimal, value_boolean, description, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT ON CONSTRAINT system_settings_identity_key DO NOTHING",
        )
        .bind(s.category)
        .bind(s.key)
        .bind(data_type)
        .bind(text)
        .bind(integer)
        .bind(decimal)
        .bind(boolean)
        .bind(s.description)
        .bind(admin)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts what the simulation produced besides sales.
pub async fn insert_operations(conn: &mut PgConnection, company: &Company) -> Result<(), DbError> {
    let schedules = company.schedules.iter().map(|s| {
        copy_record![
            s.id,
            s.name,
            s.start_date,
            s.end_date,
            s.status,
            s.created_by
        ]
    });
    copy_in(
        conn,
        "schedules",
        "id, name, start_date, end_date, status, created_by",
        &csv_payload(schedules),
    )
    .await?;

    let jobs = company.jobs.iter().map(|j| {
        copy_record![
            j.id,
            j.job_number,
            j.schedule_id,
            j.customer_name,
            j.status,
            j.product_id,
            j.resource_id,
            j.quantity,
            j.produced_quantity,
            j.batch_number,
            j.priority,
            j.due_date,
            j.planned_start,
            j.planned_end,
            j.actual_start,
            j.actual_end,
            j.waste_rate,
            j.yield_rate,
        ]
    });
    copy_in(
        conn,
        "jobs",
        "id, job_number, schedule_id, customer_name, status, product_id, resource_id, quantity, \
         produced_quantity, batch_number, priority, due_date, planned_start, planned_end, actual_start, \
         actual_end, waste_rate, yield_rate",
        &csv_payload(jobs),
    )
    .await?;

    let inventory = company.inventory.iter().map(|i| {
        copy_record![
            i.id,
            i.product_id,
            i.location_id,
            i.location_type,
            i.snapshot_date,
            i.available_quantity,
            i.reserved_quantity,
            i.inbound_quantity,
            i.defective_quantity,
            i.safety_stock,
            i.reorder_point,
            i.reorder_quantity,
            i.days_of_supply,
            i.average_daily_demand,
            i.average_age_days,
            i.turnover_rate,
            i.stock_status,
            i.risk_score,
            i.unit_value,
        ]
    });
    copy_in(
        conn,
        "inventory_levels",
        "id, product_id, location_id, location_type, snapshot_date, available_quantity, \
         reserved_quantity, inbound_quantity, defective_quantity, safety_stock, reorder_point, \
         reorder_quantity, days_of_supply, average_daily_demand, average_age_days, turnover_rate, \
         stock_status, risk_score, unit_value",
        &csv_payload(inventory),
    )
    .await?;

    let fx_rates = company.fx_rates.iter().map(|r| {
        copy_record![
            r.base_currency,
            r.quote_currency,
            r.rate_date,
            r.rate,
            "demo",
        ]
    });
    copy_in(
        conn,
        "fx_rates",
        "base_currency, quote_currency, rate_date, rate, source",
        &csv_payload(fx_rates),
    )
    .await?;

    let working_capital = company.working_capital.iter().map(|w| {
        copy_record![
            w.id,
            w.projection_date,
            w.market_code,
            w.scenario,
            w.is_actual,
            w.currency,
            w.fx_rate_to_base,
            w.fx_rate_date,
            w.projected_sales_revenue,
            w.projected_cogs,
            w.accounts_receivable,
            w.accounts_payable,
            w.inventory_value,
            w.tax_obligation,
            w.cash_inflow,
            w.cash_outflow,
            w.net_cash_flow,
            w.working_capital_requirement,
            w.dso,
            w.dio,
            w.dpo,
            w.cash_conversion_cycle,
        ]
    });
    copy_in(
        conn,
        "working_capital",
        "id, projection_date, market_code, scenario, is_actual, currency_code, fx_rate_to_base, \
         fx_rate_date, projected_sales_revenue, projected_cogs, accounts_receivable, accounts_payable, \
         inventory_value, tax_obligation, cash_inflow, cash_outflow, net_cash_flow, \
         working_capital_requirement, dso, dio, dpo, cash_conversion_cycle",
        &csv_payload(working_capital),
    )
    .await?;
    Ok(())
}

/// True when `seed-demo` made this database (its `demo.generated` setting is set).
pub async fn is_demo(pool: &PgPool) -> Result<bool, DbError> {
    let flag: Option<bool> = sqlx::query_scalar(
        "SELECT value_boolean FROM system_settings WHERE category = 'demo' AND key = 'generated' AND scope = 'global'",
    )
    .fetch_optional(pool)
    .await?
    .flatten();
    Ok(flag == Some(true))
}

/// Empties every business table of a demo database (the caller checks that it is one)
/// for a fresh company. The audit log and its users stay: the previous demo users are
/// retired (pseudonymised and deactivated, as for a departed user) so that the new
/// company's users can take their names, and every audit row still names a user.
pub async fn wipe(conn: &mut PgConnection) -> Result<(), DbError> {
    // No CASCADE: a table that references these and is not listed fails loudly instead
    // of being emptied unseen.
    sqlx::raw_sql(
        "TRUNCATE historical_sales, forecast_comments, forecasts, forecast_run_series, forecast_runs, replenishment_orders, \
         inventory_levels, planning_runs, working_capital, jobs, schedules, resources, fx_rates, \
         sales_channels, products, markets; \
         DELETE FROM system_settings WHERE category <> 'security' AND scope = 'global'; \
         UPDATE user_sessions SET revoked_at = now(), revoked_reason = 'demo_replaced' \
         WHERE revoked_at IS NULL; \
         UPDATE users SET username = 'replaced-' || id::text, \
                          email = 'replaced-' || id::text || '@invalid.invalid', \
                          display_name = NULL, password_hash = NULL, is_active = false, \
                          anonymized_at = now() \
         WHERE anonymized_at IS NULL;",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Refreshes planner statistics after a bulk load, so the first queries get good plans.
pub async fn analyze(pool: &PgPool) -> Result<(), DbError> {
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}

/// The dashboard's KPI totals straight from `historical_sales`, without the summaries:
/// the benchmark's baseline, and the tests' cross-check that the summaries agree with
/// their source. Not for the app: at ten million rows it takes seconds.
pub async fn totals_naive(
    ex: impl PgExecutor<'_>,
    f: &DashboardFilter,
) -> Result<TotalsRow, DbError> {
    Ok(sqlx::query_as!(
        TotalsRow,
        r#"SELECT
             COALESCE(sum(h.net_revenue * h.fx_rate_to_base) FILTER (WHERE h.sale_date BETWEEN $1 AND $2), 0) AS "revenue!",
             COALESCE(sum(h.cogs * h.fx_rate_to_base) FILTER (WHERE h.sale_date BETWEEN $1 AND $2), 0) AS "cogs!",
             COALESCE(sum(h.net_profit * h.fx_rate_to_base) FILTER (WHERE h.sale_date BETWEEN $1 AND $2), 0) AS "net_profit!",
             COALESCE(sum(h.quantity_sold) FILTER (WHERE h.sale_date BETWEEN $1 AND $2), 0)::bigint AS "units!",
             COALESCE(sum(h.net_revenue * h.fx_rate_to_base) FILTER (WHERE h.sale_date BETWEEN $3 AND $4), 0) AS "prev_revenue!",
             COALESCE(sum(h.cogs * h.fx_rate_to_base) FILTER (WHERE h.sale_date BETWEEN $3 AND $4), 0) AS "prev_cogs!",
             COALESCE(sum(h.net_profit * h.fx_rate_to_base) FILTER (WHERE h.sale_date BETWEEN $3 AND $4), 0) AS "prev_net_profit!",
             COALESCE(sum(h.quantity_sold) FILTER (WHERE h.sale_date BETWEEN $3 AND $4), 0)::bigint AS "prev_units!",
             count(*) AS "rows!"
           FROM historical_sales h
           JOIN sales_channels c ON c.id = h.sales_channel_id
           WHERE (h.sale_date BETWEEN $1 AND $2 OR h.sale_date BETWEEN $3 AND $4)
             AND ($5::text IS NULL OR c.market_code = $5)
             AND ($6::uuid IS NULL OR h.sales_channel_id = $6)"#,
        f.from,
        f.to,
        f.prev_from,
        f.prev_to,
        f.market,
        f.channel_id
    )
    .fetch_one(ex)
    .await?)
}
