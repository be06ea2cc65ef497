//! The dashboard's aggregates, all computed in SQL over `sales_daily_summary` (migration
//! 0101), which triggers keep equal to `historical_sales` summed per day, product, channel
//! and currency. Amounts come back in the market's own currency and in the base currency
//! (GBP, at each sale's rate of the day); the caller converts base to a reporting currency.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// The period, the same period a year earlier, and the optional market/channel filter.
#[derive(Debug, Clone)]
pub struct DashboardFilter {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period (inclusive).
    pub to: NaiveDate,
    /// First day of the comparison period.
    pub prev_from: NaiveDate,
    /// Last day of the comparison period.
    pub prev_to: NaiveDate,
    /// Market code, e.g. `UK`.
    pub market: Option<String>,
    /// Sales channel id.
    pub channel_id: Option<Uuid>,
}

/// Period and previous-year totals, base currency.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalsRow {
    /// Net revenue.
    pub revenue: Decimal,
    /// Cost of goods sold.
    pub cogs: Decimal,
    /// Net profit.
    pub net_profit: Decimal,
    /// Units sold.
    pub units: i64,
    /// Same, previous year.
    pub prev_revenue: Decimal,
    /// Same, previous year.
    pub prev_cogs: Decimal,
    /// Same, previous year.
    pub prev_net_profit: Decimal,
    /// Same, previous year.
    pub prev_units: i64,
    /// Summary rows read (0 means no sales in either period).
    pub rows: i64,
}

/// KPI totals for the period and a year earlier.
pub async fn totals(ex: impl PgExecutor<'_>, f: &DashboardFilter) -> Result<TotalsRow, DbError> {
    Ok(sqlx::query_as!(
        TotalsRow,
        r#"SELECT
             COALESCE(sum(s.net_revenue_base) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0) AS "revenue!",
             COALESCE(sum(s.cogs_base) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0) AS "cogs!",
             COALESCE(sum(s.net_profit_base) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0) AS "net_profit!",
             COALESCE(sum(s.units) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0)::bigint AS "units!",
             COALESCE(sum(s.net_revenue_base) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0) AS "prev_revenue!",
             COALESCE(sum(s.cogs_base) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0) AS "prev_cogs!",
             COALESCE(sum(s.net_profit_base) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0) AS "prev_net_profit!",
             COALESCE(sum(s.units) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0)::bigint AS "prev_units!",
             count(*) AS "rows!"
           FROM sales_daily_summary s
           JOIN sales_channels c ON c.id = s.sales_channel_id
           WHERE (s.sale_date BETWEEN $1 AND $2 OR s.sale_date BETWEEN $3 AND $4)
             AND ($5::text IS NULL OR c.market_code = $5)
             AND ($6::uuid IS NULL OR s.sales_channel_id = $6)"#,
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

/// The same KPI totals straight from `historical_sales`: the benchmark's baseline, and a
/// cross-check that the summary agrees with its source.
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

/// Base-currency value of one unit of each currency, as the sales themselves converted
/// it: revenue-weighted over the period, and over all time as a fallback for a currency
/// without sales in the period.
#[derive(Debug, Clone)]
pub struct RateRow {
    /// ISO code.
    pub currency_code: String,
    /// Period base revenue / period local revenue, if any.
    pub period_rate: Option<Decimal>,
    /// All-time base revenue / local revenue, if any.
    pub all_time_rate: Option<Decimal>,
}

/// Effective rates to the base currency per currency.
pub async fn rates(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RateRow>, DbError> {
    Ok(sqlx::query_as!(
        RateRow,
        r#"SELECT currency_code AS "currency_code!",
                  sum(net_revenue_base) FILTER (WHERE sale_date BETWEEN $1 AND $2)
                    / NULLIF(sum(net_revenue) FILTER (WHERE sale_date BETWEEN $1 AND $2), 0) AS period_rate,
                  sum(net_revenue_base) / NULLIF(sum(net_revenue), 0) AS all_time_rate
           FROM sales_daily_summary
           GROUP BY currency_code"#,
        from,
        to
    )
    .fetch_all(ex)
    .await?)
}

/// One market's period figures.
#[derive(Debug, Clone)]
pub struct MarketRow {
    /// Market code.
    pub market_code: String,
    /// Market name.
    pub market_name: String,
    /// The market's currency.
    pub currency_code: String,
    /// Net revenue in the market's currency.
    pub revenue_local: Decimal,
    /// Net revenue, base currency.
    pub revenue: Decimal,
    /// COGS, base currency.
    pub cogs: Decimal,
    /// Net profit, base currency.
    pub net_profit: Decimal,
    /// Units.
    pub units: i64,
}

/// Period figures per market (the market of the channel that sold).
pub async fn by_market(
    ex: impl PgExecutor<'_>,
    f: &DashboardFilter,
) -> Result<Vec<MarketRow>, DbError> {
    Ok(sqlx::query_as!(
        MarketRow,
        r#"SELECT m.code AS market_code, m.name AS market_name, m.currency_code,
                  -- Sales booked in another currency than the market's are in "revenue"
                  -- (base) but cannot be added to the local figure.
                  COALESCE(sum(s.net_revenue) FILTER (WHERE s.currency_code = m.currency_code), 0) AS "revenue_local!",
                  sum(s.net_revenue_base) AS "revenue!", sum(s.cogs_base) AS "cogs!",
                  sum(s.net_profit_base) AS "net_profit!", sum(s.units)::bigint AS "units!"
           FROM sales_daily_summary s
           JOIN sales_channels c ON c.id = s.sales_channel_id
           JOIN markets m ON m.code = c.market_code
           WHERE s.sale_date BETWEEN $1 AND $2
             AND ($3::text IS NULL OR c.market_code = $3)
             AND ($4::uuid IS NULL OR s.sales_channel_id = $4)
           GROUP BY m.code, m.name, m.currency_code
           ORDER BY sum(s.net_revenue_base) DESC"#,
        f.from,
        f.to,
        f.market,
        f.channel_id
    )
    .fetch_all(ex)
    .await?)
}

/// One channel's period figures.
#[derive(Debug, Clone)]
pub struct ChannelRow {
    /// Channel id.
    pub channel_id: Uuid,
    /// Channel name.
    pub channel_name: String,
    /// Its market.
    pub market_code: String,
    /// Net revenue, base currency.
    pub revenue: Decimal,
    /// COGS, base currency.
    pub cogs: Decimal,
    /// Net profit, base currency.
    pub net_profit: Decimal,
    /// Units.
    pub units: i64,
}

/// Period figures per channel.
pub async fn by_channel(
    ex: impl PgExecutor<'_>,
    f: &DashboardFilter,
) -> Result<Vec<ChannelRow>, DbError> {
    Ok(sqlx::query_as!(
        ChannelRow,
        r#"SELECT c.id AS channel_id, c.name AS channel_name, c.market_code,
                  sum(s.net_revenue_base) AS "revenue!", sum(s.cogs_base) AS "cogs!",
                  sum(s.net_profit_base) AS "net_profit!", sum(s.units)::bigint AS "units!"
           FROM sales_daily_summary s
           JOIN sales_channels c ON c.id = s.sales_channel_id
           WHERE s.sale_date BETWEEN $1 AND $2
             AND ($3::text IS NULL OR c.market_code = $3)
             AND ($4::uuid IS NULL OR s.sales_channel_id = $4)
           GROUP BY c.id, c.name, c.market_code
           ORDER BY sum(s.net_revenue_base) DESC"#,
        f.from,
        f.to,
        f.market,
        f.channel_id
    )
    .fetch_all(ex)
    .await?)
}

/// One bucket of the trend chart, base currency.
#[derive(Debug, Clone)]
pub struct TrendRow {
    /// First day of the bucket.
    pub period: NaiveDate,
    /// Net revenue in the bucket.
    pub revenue: Decimal,
    /// Net revenue in the same bucket a year earlier.
    pub revenue_last_year: Decimal,
}

/// Revenue per `bucket` (`day`, `week` or `month`, as `date_trunc` takes it), with the
/// previous year's sales moved forward a year onto the same buckets.
pub async fn trend(
    ex: impl PgExecutor<'_>,
    f: &DashboardFilter,
    bucket: &str,
) -> Result<Vec<TrendRow>, DbError> {
    Ok(sqlx::query_as!(
        TrendRow,
        r#"SELECT t.period AS "period!", sum(t.cur) AS "revenue!", sum(t.prev) AS "revenue_last_year!"
           FROM (
             SELECT date_trunc($7, s.sale_date)::date AS period, s.net_revenue_base AS cur,
                    0::numeric AS prev
             FROM sales_daily_summary s JOIN sales_channels c ON c.id = s.sales_channel_id
             WHERE s.sale_date BETWEEN $1 AND $2
               AND ($5::text IS NULL OR c.market_code = $5)
               AND ($6::uuid IS NULL OR s.sales_channel_id = $6)
             UNION ALL
             SELECT date_trunc($7, s.sale_date + interval '1 year')::date, 0::numeric,
                    s.net_revenue_base
             FROM sales_daily_summary s JOIN sales_channels c ON c.id = s.sales_channel_id
             WHERE s.sale_date BETWEEN $3 AND $4
               AND ($5::text IS NULL OR c.market_code = $5)
               AND ($6::uuid IS NULL OR s.sales_channel_id = $6)
           ) t
           WHERE t.period BETWEEN date_trunc($7, $1::date)::date AND $2
           GROUP BY t.period
           ORDER BY t.period"#,
        f.from,
        f.to,
        f.prev_from,
        f.prev_to,
        f.market,
        f.channel_id,
        bucket
    )
    .fetch_all(ex)
    .await?)
}

/// One product's period figures, base currency.
#[derive(Debug, Clone)]
pub struct ProductRow {
    /// Product id.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Net revenue.
    pub revenue: Decimal,
    /// Units.
    pub units: i64,
    /// 1 = best seller of the period.
    pub rank_desc: i64,
    /// 1 = weakest seller of the period.
    pub rank_asc: i64,
}

/// The `n` best and `n` weakest products of the period by revenue (one list; a product
/// can be in both when fewer than 2n sold).
pub async fn top_bottom_products(
    ex: impl PgExecutor<'_>,
    f: &DashboardFilter,
    n: i64,
) -> Result<Vec<ProductRow>, DbError> {
    Ok(sqlx::query_as!(
        ProductRow,
        r#"SELECT product_id AS "product_id!", sku AS "sku!", name AS "name!", revenue AS "revenue!",
                  units AS "units!", rank_desc AS "rank_desc!", rank_asc AS "rank_asc!"
           FROM (
             SELECT p.id AS product_id, p.sku, p.name, sum(s.net_revenue_base) AS revenue,
                    sum(s.units)::bigint AS units,
                    row_number() OVER (ORDER BY sum(s.net_revenue_base) DESC, p.sku) AS rank_desc,
                    row_number() OVER (ORDER BY sum(s.net_revenue_base) ASC, p.sku) AS rank_asc
             FROM sales_daily_summary s
             JOIN sales_channels c ON c.id = s.sales_channel_id
             JOIN products p ON p.id = s.product_id
             WHERE s.sale_date BETWEEN $1 AND $2
               AND ($3::text IS NULL OR c.market_code = $3)
               AND ($4::uuid IS NULL OR s.sales_channel_id = $4)
             GROUP BY p.id, p.sku, p.name
           ) ranked
           WHERE rank_desc <= $5 OR rank_asc <= $5
           ORDER BY rank_desc"#,
        f.from,
        f.to,
        f.market,
        f.channel_id,
        n
    )
    .fetch_all(ex)
    .await?)
}

/// Forecast accuracy over the period: live forecasts whose actual demand is known.
#[derive(Debug, Clone)]
pub struct AccuracyRow {
    /// Forecasts scored.
    pub scored: i64,
    /// Mean absolute percentage error, as a fraction (0.12 = 12 %).
    pub mape: Option<Decimal>,
}

/// MAPE of the period's scored forecasts (demand > 0, so the percentage is defined).
pub async fn forecast_accuracy(
    ex: impl PgExecutor<'_>,
    f: &DashboardFilter,
) -> Result<AccuracyRow, DbError> {
    Ok(sqlx::query_as!(
        AccuracyRow,
        r#"SELECT count(*) AS "scored!",
                  avg(abs(fc.predicted_demand - fc.actual_demand)::numeric / fc.actual_demand) AS mape
           FROM forecasts fc
           JOIN sales_channels c ON c.id = fc.sales_channel_id
           WHERE fc.forecast_date BETWEEN $1 AND $2
             AND fc.actual_demand > 0 AND fc.superseded_by IS NULL
             AND ($3::text IS NULL OR c.market_code = $3)
             AND ($4::uuid IS NULL OR fc.sales_channel_id = $4)"#,
        f.from,
        f.to,
        f.market,
        f.channel_id
    )
    .fetch_one(ex)
    .await?)
}
