//! Supply planning: what a planning run reads (each item's latest stock, its forecast
//! demand per location, its recent sales), what it writes (the policy on the latest
//! stock row, draft replenishment orders), the orders' workflow and the production jobs
//! they book.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::catalog::{stale_or_missing, Entity, Versioned};
use crate::DbError;

/// An item (product × stock location) at its latest stock count, with what planning
/// needs of its product.
#[derive(Debug, Clone)]
pub struct PlanItemRow {
    /// The stock row the policy is written on.
    pub snapshot_id: Uuid,
    /// Product.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Market of the product.
    pub market: String,
    /// Category.
    pub category: String,
    /// Stock location.
    pub location_id: String,
    /// warehouse, fba or 3pl.
    pub location_type: String,
    /// Date of the stock count.
    pub snapshot_date: NaiveDate,
    /// Units available for sale.
    pub available: i32,
    /// Units reserved for orders.
    pub reserved: i32,
    /// Units on their way.
    pub inbound: i32,
    /// Units damaged.
    pub defective: i32,
    /// Average age of the stock, days.
    pub average_age_days: Option<i32>,
    /// Inventory turns a year.
    pub turnover: Option<Decimal>,
    /// Unit cost, in the market's currency.
    pub unit_cost: Decimal,
    /// Selling price, in the market's currency.
    pub selling_price: Decimal,
    /// Base currency per unit of the market's currency at the stock count (1 in the base
    /// currency); `None` without an exchange rate on or before the count.
    pub fx_to_base: Option<Decimal>,
    /// Lead time, days.
    pub lead_time_days: i32,
    /// Smallest batch, units.
    pub batch_min: i32,
    /// Largest batch, units.
    pub batch_max: i32,
    /// Hours to produce one batch.
    pub production_hours: Decimal,
    /// Policy of the last run: safety stock, reorder point, order quantity.
    pub safety_stock: i32,
    /// Reorder point.
    pub reorder_point: i32,
    /// Order quantity.
    pub reorder_quantity: i32,
    /// Days of supply.
    pub days_of_supply: Option<i32>,
    /// Status of the last run.
    pub status: String,
    /// Risk 0..1.
    pub risk: Decimal,
    /// A, B or C.
    pub abc_class: Option<String>,
    /// Cycle service level planned for.
    pub service_level: Option<Decimal>,
    /// Where the demand came from.
    pub demand_source: Option<String>,
    /// Projected stock-out day.
    pub stockout_date: Option<NaiveDate>,
    /// Reasons of the risk, `[{kind, points, message}]`.
    pub risk_reasons: Option<serde_json::Value>,
    /// The run that wrote the policy.
    pub planning_run_id: Option<Uuid>,
}

impl PlanItemRow {
    /// An amount in the market's currency in the base currency, to the penny; `None`
    /// without an exchange rate.
    pub fn in_base(&self, amount: Decimal) -> Option<Decimal> {
        self.fx_to_base.map(|rate| (amount * rate).round_dp(2))
    }
}

/// Which items to read: all, or one product at one location.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    /// One product.
    pub product_id: Option<Uuid>,
    /// One location.
    pub location_id: Option<String>,
    /// One market.
    pub market: Option<String>,
}

/// Every active product's items at their latest stock count, by SKU and location, with
/// the rate to `base_currency` on or before the count (either direction of the pair, each
/// an index probe).
pub async fn items(
    ex: impl PgExecutor<'_>,
    base_currency: &str,
    filter: &ItemFilter,
) -> Result<Vec<PlanItemRow>, DbError> {
    Ok(sqlx::query_as!(
        PlanItemRow,
        r#"SELECT l.id AS "snapshot_id!", p.id AS "product_id!", p.sku AS "sku!", p.name AS "name!",
                  p.market_region AS "market!", p.category AS "category!",
                  l.location_id AS "location_id!", l.location_type AS "location_type!",
                  l.snapshot_date AS "snapshot_date!", l.available_quantity AS "available!",
                  l.reserved_quantity AS "reserved!", l.inbound_quantity AS "inbound!",
                  l.defective_quantity AS "defective!", l.average_age_days,
                  l.turnover_rate AS turnover,
                  p.unit_cost AS "unit_cost!", p.selling_price AS "selling_price!",
                  CASE WHEN m.currency_code = $1 THEN 1::numeric ELSE COALESCE(
                    (SELECT f.rate FROM fx_rates f
                     WHERE f.base_currency = m.currency_code AND f.quote_currency = $1
                       AND f.rate_date <= l.snapshot_date
                     ORDER BY f.rate_date DESC LIMIT 1),
                    (SELECT 1 / f.rate FROM fx_rates f
                     WHERE f.base_currency = $1 AND f.quote_currency = m.currency_code
                       AND f.rate_date <= l.snapshot_date
                     ORDER BY f.rate_date DESC LIMIT 1)) END AS fx_to_base,
                  p.lead_time_days AS "lead_time_days!", p.batch_size_min AS "batch_min!",
                  p.batch_size_max AS "batch_max!", p.production_time_hours AS "production_hours!",
                  l.safety_stock AS "safety_stock!", l.reorder_point AS "reorder_point!",
                  l.reorder_quantity AS "reorder_quantity!", l.days_of_supply,
                  l.stock_status AS "status!", l.risk_score AS "risk!",
                  l.abc_class::text AS abc_class, l.service_level, l.demand_source, l.stockout_date,
                  l.risk_reasons, l.planning_run_id
           FROM inventory_levels l
           JOIN (
             -- The latest count's id from the index alone; then only those rows are read.
             SELECT DISTINCT ON (product_id, location_id) id
             FROM inventory_levels
             WHERE ($2::uuid IS NULL OR product_id = $2)
               AND ($3::text IS NULL OR location_id = $3)
             ORDER BY product_id, location_id, snapshot_date DESC
           ) latest ON latest.id = l.id
           JOIN products p ON p.id = l.product_id
           JOIN markets m ON m.code = p.market_region
           WHERE p.is_active AND ($4::text IS NULL OR p.market_region = $4)
           ORDER BY p.sku, l.location_id"#,
        base_currency,
        filter.product_id,
        filter.location_id.as_deref(),
        filter.market.as_deref(),
    )
    .fetch_all(ex)
    .await?)
}

/// Forecast demand of one item in one forecast period: the live forecasts of the
/// channels that ship from the location, summed.
#[derive(Debug, Clone)]
pub struct LocationForecastRow {
    /// Product.
    pub product_id: Uuid,
    /// Stock location.
    pub location_id: String,
    /// First day of the period.
    pub period: NaiveDate,
    /// week or month.
    pub bucket: String,
    /// Units.
    pub units: i64,
    /// Backtest RMSE of the summed channels, √Σ rmse², units per period.
    pub error_sd: f64,
    /// Every channel's forecast for the period is approved.
    pub approved: bool,
    /// A channel's forecast comes from an intermittent-demand model (Croston family).
    pub intermittent: bool,
}

/// The live forecasts from the period holding `from` onwards, per product × location,
/// by item then period.
pub async fn location_forecasts(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    filter: &ItemFilter,
) -> Result<Vec<LocationForecastRow>, DbError> {
    Ok(sqlx::query_as!(
        LocationForecastRow,
        r#"SELECT f.product_id AS "product_id!", c.stock_location_id AS "location_id!",
                  f.forecast_date AS "period!", COALESCE(f.bucket, 'month') AS "bucket!",
                  sum(f.predicted_demand)::bigint AS "units!",
                  sqrt(sum(COALESCE(f.rmse, 0)::float8 ^ 2)) AS "error_sd!",
                  bool_and(f.status = 'approved') AS "approved!",
                  bool_or(f.model_type = 'Croston') AS "intermittent!"
           FROM forecasts f
           JOIN sales_channels c ON c.id = f.sales_channel_id
           WHERE f.superseded_by IS NULL AND c.stock_location_id IS NOT NULL
             AND f.forecast_date > $1::date - 31
             AND ($2::uuid IS NULL OR f.product_id = $2)
             AND ($3::text IS NULL OR c.stock_location_id = $3)
           GROUP BY 1, 2, 3, 4
           ORDER BY 1, 2, 3"#,
        from,
        filter.product_id,
        filter.location_id.as_deref(),
    )
    .fetch_all(ex)
    .await?)
}

/// Recent sales of one item: the fallback demand where there is no forecast, the
/// revenue that ranks it (ABC) and when it last sold.
#[derive(Debug, Clone)]
pub struct ItemSalesRow {
    /// Product.
    pub product_id: Uuid,
    /// Stock location.
    pub location_id: String,
    /// Weeks before `until` (0 = the last seven days) that had sales …
    pub weeks_ago: Vec<i32>,
    /// … and their units.
    pub week_units: Vec<i64>,
    /// Net revenue over the twelve whole months before `until`'s month, base currency.
    pub revenue_base: Decimal,
    /// Last day with a sale: exact within the weekly window, else the end of the last
    /// month with sales.
    pub last_sale: Option<NaiveDate>,
}

/// Sales per item through the channels that ship from its location: the twelve months'
/// revenue and the last sale of every item, and for the items in `weekly_for` (product,
/// location) the units of each of the `weeks` weeks before `until` that had any. Reads the
/// summaries, not the sales rows.
pub async fn item_sales(
    ex: impl PgExecutor<'_>,
    until: NaiveDate,
    weeks: i32,
    filter: &ItemFilter,
    weekly_for: &[(Uuid, String)],
) -> Result<Vec<ItemSalesRow>, DbError> {
    let (weekly_products, weekly_locations): (Vec<Uuid>, Vec<String>) =
        weekly_for.iter().cloned().unzip();
    Ok(sqlx::query_as!(
        ItemSalesRow,
        r#"WITH weekly AS (
             SELECT s.product_id, c.stock_location_id AS location_id,
                    (($1::date - s.sale_date - 1) / 7)::int AS weeks_ago,
                    sum(s.units)::bigint AS units, max(s.sale_date) AS last_day
             FROM sales_daily_summary s
             JOIN sales_channels c ON c.id = s.sales_channel_id
             JOIN unnest($5::uuid[], $6::text[]) AS i(product_id, location_id)
               ON i.product_id = s.product_id AND i.location_id = c.stock_location_id
             WHERE s.sale_date >= $1::date - 7 * $2::int AND s.sale_date < $1
               AND s.units > 0
               AND ($3::uuid IS NULL OR s.product_id = $3)
               AND ($4::text IS NULL OR c.stock_location_id = $4)
             GROUP BY 1, 2, 3
           ), monthly AS (
             SELECT m.product_id, c.stock_location_id AS location_id,
                    sum(m.net_revenue_base) FILTER (
                        WHERE m.month >= (date_trunc('month', $1::date) - interval '12 months')::date
                          AND m.month < date_trunc('month', $1::date)::date) AS revenue,
                    max(m.month) FILTER (WHERE m.units > 0) AS last_month
             FROM sales_monthly_summary m
             JOIN sales_channels c ON c.id = m.sales_channel_id
             WHERE c.stock_location_id IS NOT NULL AND m.month < $1
               AND ($3::uuid IS NULL OR m.product_id = $3)
               AND ($4::text IS NULL OR c.stock_location_id = $4)
             GROUP BY 1, 2
           ), weeks AS (
             SELECT product_id, location_id, array_agg(weeks_ago ORDER BY weeks_ago) AS weeks_ago,
                    array_agg(units ORDER BY weeks_ago) AS units, max(last_day) AS last_day
             FROM weekly GROUP BY 1, 2
           )
           SELECT COALESCE(w.product_id, m.product_id) AS "product_id!",
                  COALESCE(w.location_id, m.location_id) AS "location_id!",
                  COALESCE(w.weeks_ago, '{}') AS "weeks_ago!",
                  COALESCE(w.units, '{}') AS "week_units!",
                  COALESCE(m.revenue, 0)::numeric(18,2) AS "revenue_base!",
                  COALESCE(w.last_day, (m.last_month + interval '1 month' - interval '1 day')::date)
                      AS last_sale
           FROM weeks w
           FULL JOIN monthly m ON m.product_id = w.product_id AND m.location_id = w.location_id"#,
        until,
        weeks,
        filter.product_id,
        filter.location_id.as_deref(),
        &weekly_products,
        &weekly_locations,
    )
    .fetch_all(ex)
    .await?)
}

/// Plans each statement of this transaction for its own arguments. The queries above take
/// optional filters (`$n IS NULL OR column = $n`); a plan cached for "no filter" would scan
/// every item where one item is asked for.
pub async fn plan_for_arguments(conn: &mut PgConnection) -> Result<(), DbError> {
    sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan")
        .execute(conn)
        .await?;
    Ok(())
}

/// Approved orders whose job has not started: stock that will arrive at `need_by`.
#[derive(Debug, Clone)]
pub struct OpenOrderRow {
    /// Product.
    pub product_id: Uuid,
    /// Stock location.
    pub location_id: String,
    /// Arrival.
    pub need_by: NaiveDate,
    /// Units.
    pub quantity: i32,
}

/// Approved, not yet implemented orders.
pub async fn open_orders(ex: impl PgExecutor<'_>) -> Result<Vec<OpenOrderRow>, DbError> {
    Ok(sqlx::query_as!(
        OpenOrderRow,
        "SELECT product_id, location_id, need_by, quantity FROM replenishment_orders
         WHERE status = 'approved'"
    )
    .fetch_all(ex)
    .await?)
}

/// A run to record before its results.
#[derive(Debug, Clone)]
pub struct NewPlanningRun {
    /// Stock position it starts from.
    pub as_of: NaiveDate,
    /// Weeks projected.
    pub horizon_weeks: i32,
    /// Engine version.
    pub engine_version: String,
    /// Items planned.
    pub item_count: i32,
    /// Orders recommended.
    pub order_count: i32,
    /// How long it took.
    pub elapsed_ms: i32,
}

/// Records a planning run; its creator is the acting user.
pub async fn insert_run(ex: impl PgExecutor<'_>, run: &NewPlanningRun) -> Result<Uuid, DbError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO planning_runs (as_of, horizon_weeks, engine_version, item_count, order_count, elapsed_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        run.as_of,
        run.horizon_weeks,
        run.engine_version,
        run.item_count,
        run.order_count,
        run.elapsed_ms,
    )
    .fetch_one(ex)
    .await?)
}

/// The policy a run computed for each item, column by column (one array per column, one
/// entry per item), written on the items' stock rows in one statement.
#[derive(Debug, Clone, Default)]
pub struct PolicyColumns {
    /// Stock rows.
    pub snapshot_ids: Vec<Uuid>,
    /// Safety stock.
    pub safety_stock: Vec<i32>,
    /// Reorder point.
    pub reorder_point: Vec<i32>,
    /// Order quantity.
    pub reorder_quantity: Vec<i32>,
    /// Days of supply, `None` without demand.
    pub days_of_supply: Vec<Option<i32>>,
    /// Mean daily demand over the horizon.
    pub average_daily_demand: Vec<Decimal>,
    /// Status.
    pub status: Vec<String>,
    /// Risk 0..1.
    pub risk: Vec<Decimal>,
    /// A, B or C.
    pub abc_class: Vec<String>,
    /// Cycle service level.
    pub service_level: Vec<Decimal>,
    /// Where the demand came from.
    pub demand_source: Vec<String>,
    /// Projected stock-out day.
    pub stockout_date: Vec<Option<NaiveDate>>,
    /// Reasons, JSON.
    pub risk_reasons: Vec<serde_json::Value>,
}

/// Writes a run's policy on the items' stock rows.
pub async fn write_policies(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    c: &PolicyColumns,
) -> Result<u64, DbError> {
    Ok(sqlx::query!(
        r#"UPDATE inventory_levels l
           SET safety_stock = u.ss, reorder_point = u.rop, reorder_quantity = u.q,
               days_of_supply = u.dos, average_daily_demand = u.add, stock_status = u.status,
               risk_score = u.risk, abc_class = u.abc, service_level = u.sl,
               demand_source = u.source, stockout_date = u.so, risk_reasons = u.reasons,
               planning_run_id = $1
           FROM unnest($2::uuid[], $3::int[], $4::int[], $5::int[], $6::int[], $7::numeric[],
                       $8::text[], $9::numeric[], $10::text[], $11::numeric[], $12::text[],
                       $13::date[], $14::jsonb[])
                AS u(id, ss, rop, q, dos, add, status, risk, abc, sl, source, so, reasons)
           WHERE l.id = u.id"#,
        run_id,
        &c.snapshot_ids,
        &c.safety_stock,
        &c.reorder_point,
        &c.reorder_quantity,
        &c.days_of_supply as &[Option<i32>],
        &c.average_daily_demand,
        &c.status,
        &c.risk,
        &c.abc_class,
        &c.service_level,
        &c.demand_source,
        &c.stockout_date as &[Option<NaiveDate>],
        &c.risk_reasons,
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// Recommended orders of a run, one array per column.
#[derive(Debug, Clone, Default)]
pub struct NewOrders {
    /// Product.
    pub product_id: Vec<Uuid>,
    /// Location.
    pub location_id: Vec<String>,
    /// Units.
    pub quantity: Vec<i32>,
    /// Unit cost, base currency.
    pub unit_cost: Vec<Decimal>,
    /// Value, base currency.
    pub order_value: Vec<Decimal>,
    /// Order by.
    pub order_by: Vec<NaiveDate>,
    /// Arrive by.
    pub need_by: Vec<NaiveDate>,
    /// Decision record, JSON.
    pub decision_record: Vec<serde_json::Value>,
}

/// Replaces the drafts earlier runs recommended (orders a planner submitted stay) with
/// this run's. Returns how many were written.
pub async fn replace_draft_orders(
    conn: &mut PgConnection,
    run_id: Uuid,
    o: &NewOrders,
) -> Result<u64, DbError> {
    sqlx::query!(
        "DELETE FROM replenishment_orders WHERE status = 'draft' AND planning_run_id IS NOT NULL"
    )
    .execute(&mut *conn)
    .await?;
    Ok(sqlx::query!(
        r#"INSERT INTO replenishment_orders (planning_run_id, product_id, location_id, quantity,
               unit_cost, order_value, order_by, need_by, decision_record)
           SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::numeric[],
                                    $6::numeric[], $7::date[], $8::date[], $9::jsonb[])"#,
        run_id,
        &o.product_id,
        &o.location_id,
        &o.quantity,
        &o.unit_cost,
        &o.order_value,
        &o.order_by,
        &o.need_by,
        &o.decision_record,
    )
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// A replenishment order as the plan screen lists it.
#[derive(Debug, Clone)]
pub struct OrderRow {
    /// Id.
    pub id: Uuid,
    /// RO-000123.
    pub order_number: String,
    /// Product.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Product name.
    pub name: String,
    /// Location.
    pub location_id: String,
    /// Units.
    pub quantity: i32,
    /// Unit cost, base currency.
    pub unit_cost: Decimal,
    /// Value, base currency.
    pub order_value: Decimal,
    /// Order by.
    pub order_by: NaiveDate,
    /// Arrive by.
    pub need_by: NaiveDate,
    /// Workflow state.
    pub status: String,
    /// Decision record.
    pub decision_record: serde_json::Value,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// When.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who approved or rejected it.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The approver's comment (required to reject).
    pub decision_comment: Option<String>,
    /// Its production job.
    pub job_number: Option<String>,
    /// Version for concurrent edits.
    pub row_version: i32,
}

/// Orders, newest need first; `status` keeps one state.
pub async fn orders(
    ex: impl PgExecutor<'_>,
    status: Option<&str>,
    id: Option<Uuid>,
) -> Result<Vec<OrderRow>, DbError> {
    Ok(sqlx::query_as!(
        OrderRow,
        r#"SELECT o.id, o.order_number, o.product_id, p.sku, p.name, o.location_id, o.quantity,
                  o.unit_cost, o.order_value, o.order_by, o.need_by, o.status, o.decision_record,
                  sentia_user_label(o.submitted_by) AS submitted_by, o.submitted_at,
                  sentia_user_label(o.decided_by) AS decided_by, o.decided_at, o.decision_comment,
                  j.job_number AS "job_number?", o.row_version
           FROM replenishment_orders o
           JOIN products p ON p.id = o.product_id
           LEFT JOIN jobs j ON j.id = o.job_id
           WHERE ($1::text IS NULL OR o.status = $1) AND ($2::uuid IS NULL OR o.id = $2)
           ORDER BY o.order_by, p.sku, o.location_id"#,
        status,
        id,
    )
    .fetch_all(ex)
    .await?)
}

/// Moves an order last seen at `version` to `to`, with the approver's comment and the
/// job an approval books. The database checks the move, the permission and the cap.
pub async fn set_order_status(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    to: &str,
    comment: Option<&str>,
    job_id: Option<Uuid>,
) -> Result<Versioned, DbError> {
    let done = sqlx::query_scalar!(
        "UPDATE replenishment_orders
         SET status = $3, decision_comment = COALESCE($4, decision_comment),
             job_id = COALESCE($5, job_id)
         WHERE id = $1 AND row_version = $2 RETURNING id",
        id,
        version,
        to,
        comment,
        job_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    match done {
        Some(_) => Ok(Versioned::Done),
        None => stale_or_missing(conn, Entity::ReplenishmentOrder, id, version).await,
    }
}

/// Marks the approved order whose job this is as implemented.
pub async fn implement_order_of_job(ex: impl PgExecutor<'_>, job_id: Uuid) -> Result<u64, DbError> {
    Ok(sqlx::query!(
        "UPDATE replenishment_orders SET status = 'implemented'
         WHERE job_id = $1 AND status = 'approved'",
        job_id
    )
    .execute(ex)
    .await?
    .rows_affected())
}

/// A production resource.
#[derive(Debug, Clone)]
pub struct ResourceRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Kind, e.g. bottling_line.
    pub kind: String,
    /// Capacity per `capacity_unit`.
    pub capacity: f64,
    /// units/hour, litres, batches/day.
    pub capacity_unit: String,
    /// available, maintenance or offline.
    pub status: String,
}

/// Every resource, by name.
pub async fn resources(ex: impl PgExecutor<'_>) -> Result<Vec<ResourceRow>, DbError> {
    Ok(sqlx::query_as!(
        ResourceRow,
        r#"SELECT id, name, type AS kind, capacity, capacity_unit, status FROM resources ORDER BY name"#
    )
    .fetch_all(ex)
    .await?)
}

/// Puts a resource into `status` (available, maintenance, offline); `false` when no such
/// resource is visible.
pub async fn set_resource_status(
    ex: impl PgExecutor<'_>,
    id: Uuid,
    status: &str,
) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar!(
        "UPDATE resources SET status = $2 WHERE id = $1 RETURNING id",
        id,
        status
    )
    .fetch_optional(ex)
    .await?
    .is_some())
}

/// A job to book.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// JOB-RO-000123.
    pub job_number: String,
    /// What it is for, e.g. "Replenishment FBA-UK".
    pub customer_name: String,
    /// Product.
    pub product_id: Uuid,
    /// Line.
    pub resource_id: Option<Uuid>,
    /// Units.
    pub quantity: i32,
    /// Due.
    pub due_date: NaiveDate,
    /// Planned start.
    pub planned_start: DateTime<Utc>,
    /// Planned end.
    pub planned_end: DateTime<Utc>,
}

/// Books a pending job, in the schedule that covers its start if there is one.
pub async fn insert_job(ex: impl PgExecutor<'_>, job: &NewJob) -> Result<Uuid, DbError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO jobs (job_number, customer_name, product_id, resource_id, quantity, due_date,
                           planned_start, planned_end, schedule_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
                 (SELECT id FROM schedules WHERE start_date <= $7 AND end_date > $7
                    AND status IN ('draft', 'active') ORDER BY start_date DESC LIMIT 1))
         RETURNING id",
        job.job_number,
        job.customer_name,
        job.product_id,
        job.resource_id,
        job.quantity,
        job.due_date,
        job.planned_start,
        job.planned_end,
    )
    .fetch_one(ex)
    .await?)
}

/// A production job as the schedule lists it.
#[derive(Debug, Clone)]
pub struct JobRow {
    /// Id.
    pub id: Uuid,
    /// Number.
    pub job_number: String,
    /// Schedule name.
    pub schedule: Option<String>,
    /// What it is for.
    pub customer_name: Option<String>,
    /// Status.
    pub status: String,
    /// SKU.
    pub sku: Option<String>,
    /// Resource.
    pub resource_id: Option<Uuid>,
    /// Resource name.
    pub resource: Option<String>,
    /// Units.
    pub quantity: i32,
    /// Units made.
    pub produced_quantity: i32,
    /// Due.
    pub due_date: Option<NaiveDate>,
    /// Planned start.
    pub planned_start: Option<DateTime<Utc>>,
    /// Planned end.
    pub planned_end: Option<DateTime<Utc>>,
    /// Started.
    pub actual_start: Option<DateTime<Utc>>,
    /// Ended.
    pub actual_end: Option<DateTime<Utc>>,
    /// The replenishment order it was booked for.
    pub order_number: Option<String>,
}

/// Jobs planned to run in `[from, until)` or not yet finished, by planned start.
pub async fn jobs(
    ex: impl PgExecutor<'_>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<JobRow>, DbError> {
    Ok(sqlx::query_as!(
        JobRow,
        r#"SELECT j.id, j.job_number, s.name AS "schedule?", j.customer_name, j.status,
                  p.sku AS "sku?", j.resource_id, r.name AS "resource?", j.quantity,
                  j.produced_quantity, j.due_date, j.planned_start, j.planned_end,
                  j.actual_start, j.actual_end, o.order_number AS "order_number?"
           FROM jobs j
           LEFT JOIN schedules s ON s.id = j.schedule_id
           LEFT JOIN products p ON p.id = j.product_id
           LEFT JOIN resources r ON r.id = j.resource_id
           LEFT JOIN replenishment_orders o ON o.job_id = j.id
           WHERE (j.planned_end > $1 AND j.planned_start < $2)
              OR j.status IN ('pending', 'active')
           ORDER BY j.planned_start NULLS LAST, j.job_number"#,
        from,
        until,
    )
    .fetch_all(ex)
    .await?)
}

/// Moves a job to `to`, stamping its actual start or end; the database refuses an
/// illegal move. Returns `false` when no such job is visible.
pub async fn set_job_status(ex: impl PgExecutor<'_>, id: Uuid, to: &str) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar!(
        "UPDATE jobs SET status = $2::text,
             actual_start = CASE WHEN $2::text = 'active' THEN now() ELSE actual_start END,
             actual_end = CASE WHEN $2::text = 'completed' THEN now() ELSE actual_end END,
             produced_quantity = CASE WHEN $2::text = 'completed' THEN quantity ELSE produced_quantity END
         WHERE id = $1 RETURNING id",
        id,
        to,
    )
    .fetch_optional(ex)
    .await?
    .is_some())
}

/// A job's current status, if visible.
pub async fn job_status(ex: impl PgExecutor<'_>, id: Uuid) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar!("SELECT status FROM jobs WHERE id = $1", id)
            .fetch_optional(ex)
            .await?,
    )
}
