//! What a cash projection reads: forecast demand per product × channel and month, last
//! year's sales where there is no forecast, each market's latest actual balances and the
//! rates to the base currency.

use chrono::NaiveDate;
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

/// The live forecasts from `from` (a month's first day) for `months` months, summed per
/// product, channel and calendar month of their period; an interval missing on a row
/// counts as the point forecast.
pub async fn monthly_demand(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    months: i32,
) -> Result<Vec<MonthDemandRow>, DbError> {
    Ok(sqlx::query_as!(
        MonthDemandRow,
        r#"SELECT f.product_id AS "product_id!", f.sales_channel_id AS "channel_id!",
                  date_trunc('month', f.forecast_date)::date AS "month!",
                  sum(f.predicted_demand)::bigint AS "units!",
                  sum(COALESCE(f.lower_80, f.predicted_demand))::bigint AS "low80!",
                  sum(COALESCE(f.upper_80, f.predicted_demand))::bigint AS "high80!",
                  bool_and(f.status = 'approved') AS "approved!",
                  sum(CASE WHEN f.bucket = 'week' THEN 7
                           ELSE extract(day FROM date_trunc('month', f.forecast_date)
                                + interval '1 month - 1 day') END)::bigint AS "covered_days!"
           FROM forecasts f
           WHERE f.superseded_by IS NULL
             AND f.forecast_date >= $1
             AND f.forecast_date < ($1::date + make_interval(months => $2))::date
           GROUP BY 1, 2, 3
           ORDER BY 1, 2, 3"#,
        from,
        months,
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
           GROUP BY 1, 2, 3"#,
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
