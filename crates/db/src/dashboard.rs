//! The dashboard's aggregates, all computed in SQL over summaries that triggers keep equal
//! to `historical_sales` (migrations 0101, 0103 and 0104):
//!
//! - `sales_channel_daily_summary` (day x channel x currency) for the KPIs, markets,
//!   channels, trend and exchange rates: a few thousand rows for three years of sales;
//! - `sales_product_monthly_summary` (month x product, 0104) for the whole months of the
//!   product ranking, or `sales_monthly_summary` (month x product x channel x currency)
//!   under a market or channel filter, and `sales_daily_summary` for its partial first and
//!   last month.
//!
//! Amounts come back in the market's own currency and in the base currency (GBP, at each
//! sale's rate of the day); the caller converts base to a reporting currency.

use chrono::{Datelike, Months, NaiveDate};
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

/// A period as whole months of `sales_monthly_summary` plus and minus day ranges of
/// `sales_daily_summary` (all ranges half-open, `[start, end)`; an empty range has
/// `start >= end`). A partial first or last month is either added day by day, or taken
/// whole from the monthly summary with the days outside the period subtracted, whichever
/// reads fewer days: the current month is taken whole, since its days after today hold
/// no sales.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCover {
    /// Month starts `[first, end)` read from the monthly summary.
    pub months: (NaiveDate, NaiveDate),
    /// Day ranges added from the daily summary.
    pub add: [(NaiveDate, NaiveDate); 2],
    /// Day ranges subtracted (days of a whole-read month outside the period).
    pub subtract: [(NaiveDate, NaiveDate); 2],
}

fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(m: NaiveDate) -> NaiveDate {
    m.checked_add_months(Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// The cheapest [`MonthCover`] of `from..=to`.
pub fn month_cover(from: NaiveDate, to: NaiveDate) -> MonthCover {
    let end = to.succ_opt().unwrap_or(to);
    let none = (from, from);
    let (start_month, last_month) = (month_of(from), month_of(to));
    if start_month == last_month {
        let inside = (end - from).num_days();
        let outside = (next_month(start_month) - start_month).num_days() - inside;
        return if outside < inside {
            MonthCover {
                months: (start_month, next_month(start_month)),
                add: [none, none],
                subtract: [(start_month, from), (end, next_month(start_month))],
            }
        } else {
            MonthCover {
                months: none,
                add: [(from, end), none],
                subtract: [none, none],
            }
        };
    }
    let mut cover = MonthCover {
        months: (start_month, next_month(last_month)),
        add: [none, none],
        subtract: [none, none],
    };
    // Partial first month: days before `from` are outside, the rest inside.
    if (from - start_month).num_days() * 2 > (next_month(start_month) - start_month).num_days() {
        cover.months.0 = next_month(start_month);
        cover.add[0] = (from, next_month(start_month));
    } else {
        cover.subtract[0] = (start_month, from);
    }
    // Partial last month: days after `to` are outside.
    let last_end = next_month(last_month);
    if (last_end - end).num_days() * 2 > (last_end - last_month).num_days() {
        cover.months.1 = last_month;
        cover.add[1] = (last_month, end);
    } else {
        cover.subtract[1] = (end, last_end);
    }
    cover
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
           FROM sales_channel_daily_summary
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

/// KPI totals (with last year's), and the period's figures per market and per channel,
/// best first; markets and channels without sales in the period are left out.
#[derive(Debug, Clone)]
pub struct Breakdown {
    /// Whole filter, both periods.
    pub totals: TotalsRow,
    /// Per market (the market of the channel that sold).
    pub markets: Vec<MarketRow>,
    /// Per channel.
    pub channels: Vec<ChannelRow>,
}

/// One grouping set of [`breakdown`]'s query.
struct BreakdownRow {
    market_set: bool,
    channel_set: bool,
    market_code: Option<String>,
    market_name: Option<String>,
    market_currency: Option<String>,
    channel_id: Option<Uuid>,
    channel_name: Option<String>,
    channel_market: Option<String>,
    revenue_local: Decimal,
    revenue: Decimal,
    cogs: Decimal,
    net_profit: Decimal,
    units: i64,
    prev_revenue: Decimal,
    prev_cogs: Decimal,
    prev_net_profit: Decimal,
    prev_units: i64,
    rows: i64,
    period_rows: i64,
}

/// Totals, markets and channels in one pass over the channel summary (GROUPING SETS: the
/// whole filter, per market, per channel).
pub async fn breakdown(ex: impl PgExecutor<'_>, f: &DashboardFilter) -> Result<Breakdown, DbError> {
    let rows = sqlx::query_as!(
        BreakdownRow,
        r#"SELECT GROUPING(m.code) = 0 AS "market_set!", GROUPING(c.id) = 0 AS "channel_set!",
                  m.code AS "market_code?", m.name AS "market_name?", m.currency_code AS "market_currency?",
                  c.id AS "channel_id?", c.name AS "channel_name?", c.market_code AS "channel_market?",
                  -- Sales booked in another currency than the market's are in "revenue"
                  -- (base) but cannot be added to the local figure.
                  COALESCE(sum(s.net_revenue) FILTER (WHERE s.sale_date BETWEEN $1 AND $2
                                                        AND s.currency_code = m.currency_code), 0) AS "revenue_local!",
                  COALESCE(sum(s.net_revenue_base) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0) AS "revenue!",
                  COALESCE(sum(s.cogs_base) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0) AS "cogs!",
                  COALESCE(sum(s.net_profit_base) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0) AS "net_profit!",
                  COALESCE(sum(s.units) FILTER (WHERE s.sale_date BETWEEN $1 AND $2), 0)::bigint AS "units!",
                  COALESCE(sum(s.net_revenue_base) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0) AS "prev_revenue!",
                  COALESCE(sum(s.cogs_base) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0) AS "prev_cogs!",
                  COALESCE(sum(s.net_profit_base) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0) AS "prev_net_profit!",
                  COALESCE(sum(s.units) FILTER (WHERE s.sale_date BETWEEN $3 AND $4), 0)::bigint AS "prev_units!",
                  count(*) AS "rows!",
                  count(*) FILTER (WHERE s.sale_date BETWEEN $1 AND $2) AS "period_rows!"
           FROM sales_channel_daily_summary s
           JOIN sales_channels c ON c.id = s.sales_channel_id
           JOIN markets m ON m.code = c.market_code
           WHERE (s.sale_date BETWEEN $1 AND $2 OR s.sale_date BETWEEN $3 AND $4)
             AND ($5::text IS NULL OR c.market_code = $5)
             AND ($6::uuid IS NULL OR s.sales_channel_id = $6)
           GROUP BY GROUPING SETS ((), (m.code, m.name, m.currency_code), (c.id, c.name, c.market_code))
           ORDER BY "revenue!" DESC"#,
        f.from,
        f.to,
        f.prev_from,
        f.prev_to,
        f.market,
        f.channel_id
    )
    .fetch_all(ex)
    .await?;
    let mut out = Breakdown {
        totals: TotalsRow {
            revenue: Decimal::ZERO,
            cogs: Decimal::ZERO,
            net_profit: Decimal::ZERO,
            units: 0,
            prev_revenue: Decimal::ZERO,
            prev_cogs: Decimal::ZERO,
            prev_net_profit: Decimal::ZERO,
            prev_units: 0,
            rows: 0,
        },
        markets: Vec::new(),
        channels: Vec::new(),
    };
    for r in rows {
        if r.market_set {
            if let (Some(market_code), Some(market_name), Some(currency_code), true) = (
                r.market_code,
                r.market_name,
                r.market_currency,
                r.period_rows > 0,
            ) {
                out.markets.push(MarketRow {
                    market_code,
                    market_name,
                    currency_code,
                    revenue_local: r.revenue_local,
                    revenue: r.revenue,
                    cogs: r.cogs,
                    net_profit: r.net_profit,
                    units: r.units,
                });
            }
        } else if r.channel_set {
            if let (Some(channel_id), Some(channel_name), Some(market_code), true) = (
                r.channel_id,
                r.channel_name,
                r.channel_market,
                r.period_rows > 0,
            ) {
                out.channels.push(ChannelRow {
                    channel_id,
                    channel_name,
                    market_code,
                    revenue: r.revenue,
                    cogs: r.cogs,
                    net_profit: r.net_profit,
                    units: r.units,
                });
            }
        } else {
            out.totals = TotalsRow {
                revenue: r.revenue,
                cogs: r.cogs,
                net_profit: r.net_profit,
                units: r.units,
                prev_revenue: r.prev_revenue,
                prev_cogs: r.prev_cogs,
                prev_net_profit: r.prev_net_profit,
                prev_units: r.prev_units,
                rows: r.rows,
            };
        }
    }
    Ok(out)
}

/// KPI totals for the period and a year earlier (the totals of [`breakdown`]).
pub async fn totals(ex: impl PgExecutor<'_>, f: &DashboardFilter) -> Result<TotalsRow, DbError> {
    Ok(breakdown(ex, f).await?.totals)
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
             SELECT date_trunc($7, s.sale_date::timestamp)::date AS period, s.net_revenue_base AS cur,
                    0::numeric AS prev
             FROM sales_channel_daily_summary s JOIN sales_channels c ON c.id = s.sales_channel_id
             WHERE s.sale_date BETWEEN $1 AND $2
               AND ($5::text IS NULL OR c.market_code = $5)
               AND ($6::uuid IS NULL OR s.sales_channel_id = $6)
             UNION ALL
             SELECT date_trunc($7, s.sale_date + interval '1 year')::date, 0::numeric,
                    s.net_revenue_base
             FROM sales_channel_daily_summary s JOIN sales_channels c ON c.id = s.sales_channel_id
             WHERE s.sale_date BETWEEN $3 AND $4
               AND ($5::text IS NULL OR c.market_code = $5)
               AND ($6::uuid IS NULL OR s.sales_channel_id = $6)
           ) t
           WHERE t.period BETWEEN date_trunc($7, $1::date::timestamp)::date AND $2
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
/// can be in both when fewer than 2n sold). Read as a [`month_cover`] of the period; whole
/// months come from the product summary unless a market or channel filter needs the channel.
pub async fn top_bottom_products(
    ex: impl PgExecutor<'_>,
    f: &DashboardFilter,
    n: i64,
) -> Result<Vec<ProductRow>, DbError> {
    let c = month_cover(f.from, f.to);
    Ok(sqlx::query_as!(
        ProductRow,
        r#"WITH channels AS (
             SELECT id FROM sales_channels
             WHERE ($1::text IS NULL OR market_code = $1) AND ($2::uuid IS NULL OR id = $2)
           )
           SELECT product_id AS "product_id!", sku AS "sku!", name AS "name!", revenue AS "revenue!",
                  units AS "units!", rank_desc AS "rank_desc!", rank_asc AS "rank_asc!"
           FROM (
             SELECT p.id AS product_id, p.sku, p.name, x.revenue, x.units,
                    row_number() OVER (ORDER BY x.revenue DESC, p.sku) AS rank_desc,
                    row_number() OVER (ORDER BY x.revenue ASC, p.sku) AS rank_asc
             FROM (
               SELECT u.product_id, sum(u.revenue) AS revenue, sum(u.units)::bigint AS units
               FROM (
                 -- Unfiltered, whole months need no channel: the product summary.
                 SELECT s.product_id, s.row_count, s.net_revenue_base AS revenue, s.units
                 FROM sales_product_monthly_summary s
                 WHERE $1::text IS NULL AND $2::uuid IS NULL AND s.month >= $3 AND s.month < $4
                 UNION ALL
                 SELECT s.product_id, s.row_count, s.net_revenue_base, s.units
                 FROM sales_monthly_summary s
                 WHERE ($1::text IS NOT NULL OR $2::uuid IS NOT NULL) AND s.month >= $3 AND s.month < $4
                   AND s.sales_channel_id IN (SELECT id FROM channels)
                 UNION ALL
                 SELECT d.product_id, d.row_count, d.net_revenue_base, d.units
                 FROM sales_daily_summary d WHERE d.sale_date >= $5 AND d.sale_date < $6
                   AND d.sales_channel_id IN (SELECT id FROM channels)
                 UNION ALL
                 SELECT d.product_id, d.row_count, d.net_revenue_base, d.units
                 FROM sales_daily_summary d WHERE d.sale_date >= $7 AND d.sale_date < $8
                   AND d.sales_channel_id IN (SELECT id FROM channels)
                 UNION ALL
                 SELECT d.product_id, -d.row_count, -d.net_revenue_base, -d.units
                 FROM sales_daily_summary d WHERE d.sale_date >= $9 AND d.sale_date < $10
                   AND d.sales_channel_id IN (SELECT id FROM channels)
                 UNION ALL
                 SELECT d.product_id, -d.row_count, -d.net_revenue_base, -d.units
                 FROM sales_daily_summary d WHERE d.sale_date >= $11 AND d.sale_date < $12
                   AND d.sales_channel_id IN (SELECT id FROM channels)
               ) u
               GROUP BY u.product_id
               -- A product whose only sales were in subtracted days nets to no rows.
               HAVING sum(u.row_count) > 0
             ) x
             JOIN products p ON p.id = x.product_id
           ) ranked
           WHERE rank_desc <= $13 OR rank_asc <= $13
           ORDER BY rank_desc"#,
        f.market,
        f.channel_id,
        c.months.0,
        c.months.1,
        c.add[0].0,
        c.add[0].1,
        c.add[1].0,
        c.add[1].1,
        c.subtract[0].0,
        c.subtract[0].1,
        c.subtract[1].0,
        c.subtract[1].1,
        n
    )
    .fetch_all(ex)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every day of a wide window, counted with the cover's signs, is 1 inside the period
    /// and 0 outside.
    fn assert_exact(from: &str, to: &str) {
        let (from, to) = (d(from), d(to));
        let c = month_cover(from, to);
        let mut day = d("2023-01-01");
        while day < d("2027-01-01") {
            let within = |r: (NaiveDate, NaiveDate)| r.0 <= day && day < r.1;
            let within_months = |m: NaiveDate| c.months.0 <= m && m < c.months.1;
            let weight = i32::from(within_months(month_of(day)))
                + c.add.iter().filter(|r| within(**r)).count() as i32
                - c.subtract.iter().filter(|r| within(**r)).count() as i32;
            let expected = i32::from(from <= day && day <= to);
            assert_eq!(weight, expected, "{from}..={to} on {day}: {c:?}");
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn a_month_cover_counts_each_day_of_the_period_once() {
        for (from, to) in [
            ("2025-03-01", "2025-03-31"),
            ("2025-03-05", "2025-03-20"),
            ("2025-03-02", "2025-03-31"),
            ("2025-03-05", "2025-04-10"),
            ("2025-03-29", "2025-04-02"),
            ("2025-12-01", "2026-11-24"),
            ("2024-11-25", "2025-11-24"),
            ("2024-02-29", "2025-02-28"),
            ("2025-01-31", "2025-02-01"),
            ("2025-06-15", "2025-06-15"),
        ] {
            assert_exact(from, to);
        }
    }

    #[test]
    fn the_current_month_is_read_whole_and_a_few_early_days_are_added() {
        let c = month_cover(d("2025-12-28"), d("2026-11-24"));
        assert_eq!(c.months, (d("2026-01-01"), d("2026-12-01")));
        assert_eq!(c.add[0], (d("2025-12-28"), d("2026-01-01")));
        assert_eq!(c.subtract[1], (d("2026-11-25"), d("2026-12-01")));
    }
}
