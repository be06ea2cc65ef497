//! What a cash projection reads: forecast demand per product × channel and month, last
//! year's sales where there is no forecast, each market's latest actual balances and the
//! rates to the base currency.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// One month's forecast demand of a product on a channel.
#[derive(Debug, Clone)]
pub struct MonthDemandRow {
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub channel_id: Uuid,
    /// First day of the month.
    pub month: NaiveDate,
    /// Units forecast.
    pub units: i64,
    /// Lower end of the 80 % interval, summed over the month's forecast periods.
    pub low80: i64,
    /// Upper end.
    pub high80: i64,
    /// Every forecast of the month is approved.
    pub approved: bool,
    /// Days of the month its forecast periods cover (a week counts 7, a month its days).
    pub covered_days: i64,
}

/// The forecasts live at `as_of` from `from` (a month's first day) for `months` months,
/// summed per product, channel and calendar month of their period; an interval missing on
/// a row counts as the point forecast. Forecasts are superseded, never changed, so the
/// same `as_of` reads the same figures later (approval counts as of `approved_at`).
pub async fn monthly_demand(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    months: i32,
    as_of: DateTime<Utc>,
) -> Result<Vec<MonthDemandRow>, DbError> {
    Ok(sqlx::query_as!(
        MonthDemandRow,
        r#"SELECT f.product_id AS "product_id!", f.sales_channel_id AS "channel_id!",
                  date_trunc('month', f.forecast_date)::date AS "month!",
                  sum(f.predicted_demand)::bigint AS "units!",
                  sum(COALESCE(f.lower_80, f.predicted_demand))::bigint AS "low80!",
                  sum(COALESCE(f.upper_80, f.predicted_demand))::bigint AS "high80!",
                  bool_and(f.status = 'approved' AND f.approved_at <= $3) AS "approved!",
                  sum(CASE WHEN f.bucket = 'week' THEN 7
                           ELSE extract(day FROM date_trunc('month', f.forecast_date)
                                + interval '1 month - 1 day') END)::bigint AS "covered_days!"
           FROM forecasts f
           WHERE (f.superseded_at IS NULL OR f.superseded_at > $3) AND f.created_at <= $3
             AND f.forecast_date >= $1
             AND f.forecast_date < ($1::date + make_interval(months => $2))::date
           GROUP BY 1, 2, 3
           ORDER BY 1, 2, 3"#,
        from,
        months,
        as_of,
    )
    .fetch_all(ex)
    .await?)
}

/// Units sold per product, channel and month in `[from, until)`, from the monthly summary.
#[derive(Debug, Clone)]
pub struct MonthSalesRow {
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub channel_id: Uuid,
    /// First day of the month.
    pub month: NaiveDate,
    /// Units sold.
    pub units: i64,
}

/// Units sold per product, channel and month in `[from, until)`.
pub async fn monthly_sales(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<MonthSalesRow>, DbError> {
    Ok(sqlx::query_as!(
        MonthSalesRow,
        r#"SELECT product_id AS "product_id!", sales_channel_id AS "channel_id!", month AS "month!",
                  sum(units)::bigint AS "units!"
           FROM sales_monthly_summary
           WHERE month >= $1 AND month < $2
           GROUP BY 1, 2, 3
           ORDER BY 1, 2, 3"#,
        from,
        until,
    )
    .fetch_all(ex)
    .await?)
}

/// A market's balances at the end of its latest closed month.
#[derive(Debug, Clone)]
pub struct ActualBalancesRow {
    /// Market.
    pub market_code: String,
    /// Month end.
    pub as_of: NaiveDate,
    /// Receivables, in the market's currency.
    pub receivables: Decimal,
    /// Payables.
    pub payables: Decimal,
    /// Inventory at cost.
    pub inventory: Decimal,
}

/// Each market's latest actual (closed) month-end balances.
pub async fn latest_actual_balances(
    ex: impl PgExecutor<'_>,
) -> Result<Vec<ActualBalancesRow>, DbError> {
    Ok(sqlx::query_as!(
        ActualBalancesRow,
        r#"SELECT DISTINCT ON (market_code) market_code AS "market_code!",
                  projection_date AS "as_of!", accounts_receivable AS "receivables!",
                  accounts_payable AS "payables!", inventory_value AS "inventory!"
           FROM working_capital
           WHERE is_actual AND product_id IS NULL AND period_type = 'month'
           ORDER BY market_code, projection_date DESC"#
    )
    .fetch_all(ex)
    .await?)
}

/// Base currency per unit of `currency` on or before `on` (either direction of the pair);
/// `None` without a rate.
pub async fn rate_to_base(
    ex: impl PgExecutor<'_>,
    currency: &str,
    base: &str,
    on: NaiveDate,
) -> Result<Option<Decimal>, DbError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(
             (SELECT rate FROM fx_rates WHERE base_currency = $1 AND quote_currency = $2
                AND rate_date <= $3 ORDER BY rate_date DESC LIMIT 1),
             (SELECT 1 / rate FROM fx_rates WHERE base_currency = $2 AND quote_currency = $1
                AND rate_date <= $3 ORDER BY rate_date DESC LIMIT 1)) AS rate"#,
        currency,
        base,
        on,
    )
    .fetch_one(ex)
    .await?)
}

/// The transaction's clock: what "now" is for every row it reads and writes.
pub async fn transaction_time(ex: impl PgExecutor<'_>) -> Result<DateTime<Utc>, DbError> {
    Ok(sqlx::query_scalar!(r#"SELECT now() AS "now!""#)
        .fetch_one(ex)
        .await?)
}

/// The forecast runs whose rows [`monthly_demand`] reads with the same arguments.
pub async fn forecast_runs_read(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    months: i32,
    as_of: DateTime<Utc>,
) -> Result<Vec<Uuid>, DbError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT f.run_id AS "run_id!"
           FROM forecasts f
           WHERE (f.superseded_at IS NULL OR f.superseded_at > $3) AND f.created_at <= $3
             AND f.forecast_date >= $1
             AND f.forecast_date < ($1::date + make_interval(months => $2))::date
             AND f.run_id IS NOT NULL
           ORDER BY 1"#,
        from,
        months,
        as_of,
    )
    .fetch_all(ex)
    .await?)
}

/// A saved projection to write.
#[derive(Debug, Clone)]
pub struct NewProjection<'a> {
    /// The name it is saved under.
    pub name: &'a str,
    /// The named scenario it starts from.
    pub scenario: &'a str,
    /// The request, as JSON.
    pub request: serde_json::Value,
    /// The inputs' versions, values and digests, as JSON.
    pub inputs: serde_json::Value,
    /// The engine that computed it.
    pub engine_version: &'a str,
    /// SHA-256 of the projection, hex.
    pub result_digest: &'a str,
}

/// Saves a projection's record; its rows follow with [`insert_projection_rows`].
pub async fn insert_projection(
    ex: impl PgExecutor<'_>,
    p: &NewProjection<'_>,
) -> Result<Uuid, DbError> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO cash_projections (name, scenario, request, inputs, engine_version, result_digest)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"#,
        p.name,
        p.scenario,
        p.request,
        p.inputs,
        p.engine_version,
        p.result_digest,
    )
    .fetch_one(ex)
    .await?)
}

/// A saved projection's market × month, in the market's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionRow {
    /// First day of the month.
    pub month: NaiveDate,
    /// Market.
    pub market_code: String,
    /// Its currency.
    pub currency: String,
    /// Base currency per unit, as used.
    pub fx_rate: Decimal,
    /// Date of the rate.
    pub fx_rate_date: NaiveDate,
    /// Revenue.
    pub revenue: Decimal,
    /// Cost of goods sold.
    pub cogs: Decimal,
    /// Receivables at the end.
    pub receivables: Decimal,
    /// Payables at the end.
    pub payables: Decimal,
    /// Inventory at the end.
    pub inventory: Decimal,
    /// VAT owed for the month.
    pub tax: Decimal,
    /// Cash in.
    pub inflow: Decimal,
    /// Cash out.
    pub outflow: Decimal,
}

/// Writes a saved projection's rows under `scenario` (base, optimistic or pessimistic), one
/// per period of `period_type` (month, week, day).
pub async fn insert_projection_rows(
    ex: impl PgExecutor<'_>,
    projection_id: Uuid,
    scenario: &str,
    period_type: &str,
    base_currency: &str,
    rows: &[ProjectionRow],
) -> Result<(), DbError> {
    let col = |f: fn(&ProjectionRow) -> Decimal| rows.iter().map(f).collect::<Vec<_>>();
    sqlx::query!(
        r#"INSERT INTO working_capital (projection_id, scenario, base_currency_code, period_type,
               projection_date, market_code, currency_code, fx_rate_to_base, fx_rate_date,
               projected_sales_revenue, projected_cogs, accounts_receivable, accounts_payable,
               inventory_value, tax_obligation, cash_inflow, cash_outflow, net_cash_flow,
               working_capital_requirement)
           SELECT $1, $2, $4, $3, u.month, u.market, u.currency, u.rate, u.rate_date,
                  u.revenue, u.cogs, u.ar, u.ap, u.inv, u.tax, u.inflow, u.outflow,
                  u.inflow - u.outflow, u.ar + u.inv - u.ap
           FROM unnest($5::date[], $6::text[], $7::text[], $8::numeric[], $9::date[],
                       $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[],
                       $14::numeric[], $15::numeric[], $16::numeric[], $17::numeric[])
                AS u(month, market, currency, rate, rate_date, revenue, cogs, ar, ap, inv, tax,
                     inflow, outflow)"#,
        projection_id,
        scenario,
        period_type,
        base_currency,
        &rows.iter().map(|r| r.month).collect::<Vec<_>>(),
        &rows
            .iter()
            .map(|r| r.market_code.clone())
            .collect::<Vec<_>>(),
        &rows.iter().map(|r| r.currency.clone()).collect::<Vec<_>>(),
        &col(|r| r.fx_rate),
        &rows.iter().map(|r| r.fx_rate_date).collect::<Vec<_>>(),
        &col(|r| r.revenue),
        &col(|r| r.cogs),
        &col(|r| r.receivables),
        &col(|r| r.payables),
        &col(|r| r.inventory),
        &col(|r| r.tax),
        &col(|r| r.inflow),
        &col(|r| r.outflow),
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// A saved projection's record.
#[derive(Debug, Clone)]
pub struct ProjectionRecord {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Named scenario it starts from.
    pub scenario: String,
    /// The request, as JSON.
    pub request: serde_json::Value,
    /// The inputs, as JSON.
    pub inputs: serde_json::Value,
    /// Engine.
    pub engine_version: String,
    /// SHA-256 of the projection.
    pub result_digest: String,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
    /// Who saved it.
    pub created_by: Option<String>,
    /// Who saved it (id).
    pub created_by_id: Option<Uuid>,
}

/// The saved projections, newest first.
pub async fn projections(ex: impl PgExecutor<'_>) -> Result<Vec<ProjectionRecord>, DbError> {
    Ok(sqlx::query_as!(
        ProjectionRecord,
        r#"SELECT p.id, p.name, p.scenario, p.request, p.inputs, p.engine_version,
                  p.result_digest, p.created_at, u.username AS "created_by?",
                  p.created_by AS created_by_id
           FROM cash_projections p LEFT JOIN users u ON u.id = p.created_by
           ORDER BY p.created_at DESC, p.name"#
    )
    .fetch_all(ex)
    .await?)
}

/// One saved projection, or `None`.
pub async fn projection(
    ex: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<ProjectionRecord>, DbError> {
    Ok(sqlx::query_as!(
        ProjectionRecord,
        r#"SELECT p.id, p.name, p.scenario, p.request, p.inputs, p.engine_version,
                  p.result_digest, p.created_at, u.username AS "created_by?",
                  p.created_by AS created_by_id
           FROM cash_projections p LEFT JOIN users u ON u.id = p.created_by
           WHERE p.id = $1"#,
        id
    )
    .fetch_optional(ex)
    .await?)
}

/// A saved projection's rows, by month and market.
pub async fn projection_rows(
    ex: impl PgExecutor<'_>,
    projection_id: Uuid,
) -> Result<Vec<ProjectionRow>, DbError> {
    Ok(sqlx::query_as!(
        ProjectionRow,
        r#"SELECT projection_date AS month, market_code, currency_code AS currency,
                  fx_rate_to_base AS fx_rate, fx_rate_date AS "fx_rate_date!",
                  projected_sales_revenue AS revenue, projected_cogs AS cogs,
                  accounts_receivable AS receivables, accounts_payable AS payables,
                  inventory_value AS inventory, tax_obligation AS tax,
                  cash_inflow AS inflow, cash_outflow AS outflow
           FROM working_capital
           WHERE projection_id = $1
           ORDER BY projection_date, market_code"#,
        projection_id
    )
    .fetch_all(ex)
    .await?)
}

/// Deletes a saved projection and its rows; false when there was none the user may delete.
pub async fn delete_projection(ex: impl PgExecutor<'_>, id: Uuid) -> Result<bool, DbError> {
    Ok(
        sqlx::query!("DELETE FROM cash_projections WHERE id = $1", id)
            .execute(ex)
            .await?
            .rows_affected()
            == 1,
    )
}

/// A market's actual month: what happened, for setting a saved projection against it.
#[derive(Debug, Clone)]
pub struct ActualMonthRow {
    /// Market.
    pub market_code: String,
    /// The month's first day.
    pub month: NaiveDate,
    /// Revenue.
    pub revenue: Decimal,
    /// Receivables at the end.
    pub receivables: Decimal,
    /// Payables at the end.
    pub payables: Decimal,
    /// Inventory at the end.
    pub inventory: Decimal,
}

/// Each market's actual months in `[from, until)` (month ends recorded as actuals).
pub async fn actual_months(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<ActualMonthRow>, DbError> {
    Ok(sqlx::query_as!(
        ActualMonthRow,
        r#"SELECT market_code, date_trunc('month', projection_date)::date AS "month!",
                  projected_sales_revenue AS revenue, accounts_receivable AS receivables,
                  accounts_payable AS payables, inventory_value AS inventory
           FROM working_capital
           WHERE is_actual AND product_id IS NULL AND period_type = 'month'
             AND projection_date >= $1 AND projection_date < $2
           ORDER BY 2, 1"#,
        from,
        until,
    )
    .fetch_all(ex)
    .await?)
}

/// A replenishment order due in a projection, once per active channel that ships from its
/// location and sells in its product's market.
#[derive(Debug, Clone)]
pub struct PlannedOrderRow {
    /// The order.
    pub order_id: Uuid,
    /// Its product.
    pub product_id: Uuid,
    /// A channel it stocks.
    pub channel_id: Uuid,
    /// When the stock is needed: the purchase is booked then.
    pub need_by: NaiveDate,
    /// Quantity × unit cost, in the base currency.
    pub value: Decimal,
}

/// The open orders (not rejected) needed in `[from, until)`.
pub async fn planned_orders(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<PlannedOrderRow>, DbError> {
    Ok(sqlx::query_as!(
        PlannedOrderRow,
        r#"SELECT o.id AS order_id, o.product_id, c.id AS channel_id, o.need_by,
                  o.order_value AS value
           FROM replenishment_orders o
           JOIN products p ON p.id = o.product_id
           JOIN sales_channels c ON c.stock_location_id = o.location_id
                                 AND c.market_code = p.market_region AND c.is_active
           WHERE o.status <> 'rejected' AND o.need_by >= $1 AND o.need_by < $2
           ORDER BY o.need_by, o.id, c.id"#,
        from,
        until,
    )
    .fetch_all(ex)
    .await?)
}
