//! The dashboard's queries against aggregates computed straight from `historical_sales`,
//! on the generated demo company, for periods whose first and last months are partial;
//! and the four trigger-kept summaries against their source after inserts, updates and
//! deletes.

mod common;
use common::seed;

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use sentia_db::dashboard::{self as q, DashboardFilter};
use sqlx::PgPool;
use uuid::Uuid;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn filter(from: &str, to: &str) -> DashboardFilter {
    let (from, to) = (day(from), day(to));
    let year = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap();
    DashboardFilter {
        from,
        to,
        prev_from: year(from),
        prev_to: year(to),
        market: None,
        channel_id: None,
    }
}

/// Demo history is 2025-11-01..=2026-10-31. The periods cut months both ways: a partial
/// month that is mostly inside (read whole, outside days subtracted), mostly outside
/// (days added), within one month, and a period ending on the last day of data.
const PERIODS: [(&str, &str); 5] = [
    ("2026-01-13", "2026-06-17"),
    ("2026-02-25", "2026-05-03"),
    ("2026-03-03", "2026-03-28"),
    ("2026-03-10", "2026-03-12"),
    ("2025-11-20", "2026-10-31"),
];

/// Sum, count and units per key, straight from `historical_sales`.
type Sums = BTreeMap<String, (Decimal, Decimal, Decimal, i64)>;

async fn naive_groups(pool: &PgPool, key: &str, from: NaiveDate, to: NaiveDate) -> Sums {
    // `key` is one of this file's constants.
    let rows: Vec<(String, Decimal, Decimal, Decimal, i64)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {key}, sum(h.net_revenue * h.fx_rate_to_base), sum(h.cogs * h.fx_rate_to_base),
                    sum(h.net_profit * h.fx_rate_to_base), sum(h.quantity_sold)::bigint
             FROM historical_sales h JOIN sales_channels c ON c.id = h.sales_channel_id
             WHERE h.sale_date BETWEEN $1 AND $2 GROUP BY 1"
        )))
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await
        .unwrap();
    rows.into_iter()
        .map(|(k, r, c, p, u)| (k, (r, c, p, u)))
        .collect()
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_dashboard_queries_equal_sums_over_historical_sales(pool: PgPool) {
    seed(&pool).await;
    for (from, to) in PERIODS {
        let f = filter(from, to);
        let b = q::breakdown(&pool, &f).await.unwrap();

        let total = naive_groups(&pool, "'all'", f.from, f.to).await;
        let (revenue, cogs, net_profit, units) = total["all"];
        assert_eq!(
            (
                b.totals.revenue,
                b.totals.cogs,
                b.totals.net_profit,
                b.totals.units
            ),
            (revenue, cogs, net_profit, units),
            "totals {from}..={to}"
        );
        let naive = sentia_demo_db::totals_naive(&pool, &f).await.unwrap();
        assert_eq!(
            (b.totals.prev_revenue, b.totals.prev_units),
            (naive.prev_revenue, naive.prev_units),
            "previous-year totals {from}..={to}"
        );

        let markets = naive_groups(&pool, "c.market_code", f.from, f.to).await;
        let got: Sums = b
            .markets
            .iter()
            .map(|m| {
                (
                    m.market_code.clone(),
                    (m.revenue, m.cogs, m.net_profit, m.units),
                )
            })
            .collect();
        assert_eq!(got, markets, "markets {from}..={to}");

        let channels = naive_groups(&pool, "c.id::text", f.from, f.to).await;
        let got: Sums = b
            .channels
            .iter()
            .map(|c| {
                (
                    c.channel_id.to_string(),
                    (c.revenue, c.cogs, c.net_profit, c.units),
                )
            })
            .collect();
        assert_eq!(got, channels, "channels {from}..={to}");

        for bucket in ["day", "month"] {
            let trend = q::trend(&pool, &f, bucket).await.unwrap();
            let expected: Vec<(NaiveDate, Decimal, Decimal)> = sqlx::query_as(
                "SELECT p, COALESCE(sum(cur), 0), COALESCE(sum(prev), 0) FROM (
                   SELECT date_trunc($5, sale_date::timestamp)::date AS p,
                          net_revenue * fx_rate_to_base AS cur, 0::numeric AS prev
                   FROM historical_sales WHERE sale_date BETWEEN $1 AND $2
                   UNION ALL
                   SELECT date_trunc($5, sale_date + interval '1 year')::date, 0,
                          net_revenue * fx_rate_to_base
                   FROM historical_sales WHERE sale_date BETWEEN $3 AND $4
                 ) t WHERE p BETWEEN date_trunc($5, $1::timestamp)::date AND $2
                 GROUP BY p ORDER BY p",
            )
            .bind(f.from)
            .bind(f.to)
            .bind(f.prev_from)
            .bind(f.prev_to)
            .bind(bucket)
            .fetch_all(&pool)
            .await
            .unwrap();
            let got: Vec<(NaiveDate, Decimal, Decimal)> = trend
                .iter()
                .map(|t| (t.period, t.revenue, t.revenue_last_year))
                .collect();
            assert_eq!(got, expected, "trend by {bucket} {from}..={to}");
        }

        let products = q::top_bottom_products(&pool, &f, 5).await.unwrap();
        let expected: Vec<(Uuid, Decimal, i64, i64, i64)> = sqlx::query_as(
            "SELECT * FROM (
               SELECT h.product_id, sum(h.net_revenue * h.fx_rate_to_base) AS revenue,
                      sum(h.quantity_sold)::bigint,
                      row_number() OVER (ORDER BY sum(h.net_revenue * h.fx_rate_to_base) DESC, p.sku) AS d,
                      row_number() OVER (ORDER BY sum(h.net_revenue * h.fx_rate_to_base) ASC, p.sku) AS a
               FROM historical_sales h JOIN products p ON p.id = h.product_id
               WHERE h.sale_date BETWEEN $1 AND $2 GROUP BY h.product_id, p.sku
             ) r WHERE d <= 5 OR a <= 5 ORDER BY d",
        )
        .bind(f.from)
        .bind(f.to)
        .fetch_all(&pool)
        .await
        .unwrap();
        let got: Vec<(Uuid, Decimal, i64, i64, i64)> = products
            .iter()
            .map(|p| (p.product_id, p.revenue, p.units, p.rank_desc, p.rank_asc))
            .collect();
        assert!(!got.is_empty());
        assert_eq!(got, expected, "products {from}..={to}");
    }

    // A market filter reaches every query the same way.
    let mut f = filter(PERIODS[0].0, PERIODS[0].1);
    f.market = Some("UK".into());
    let b = q::breakdown(&pool, &f).await.unwrap();
    let uk = naive_groups(&pool, "c.market_code", f.from, f.to).await;
    assert_eq!(b.totals.revenue, uk["UK"].0);
    assert_eq!(b.markets.len(), 1);
    let products = q::top_bottom_products(&pool, &f, 5).await.unwrap();
    let expected: Decimal = sqlx::query_scalar(
        "SELECT sum(h.net_revenue * h.fx_rate_to_base) FROM historical_sales h
         JOIN sales_channels c ON c.id = h.sales_channel_id
         WHERE c.market_code = 'UK' AND h.sale_date BETWEEN $1 AND $2 AND h.product_id = $3",
    )
    .bind(f.from)
    .bind(f.to)
    .bind(products[0].product_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(products[0].revenue, expected);
}

/// Rows in either of a summary and its regrouped source but not both.
async fn summary_mismatches(pool: &PgPool) -> i64 {
    let sums = "count(*), sum(quantity_sold), sum(net_revenue), sum(cogs), sum(net_profit),
                sum(net_revenue * fx_rate_to_base), sum(cogs * fx_rate_to_base),
                sum(net_profit * fx_rate_to_base)";
    let mut total = 0;
    let base_sums = "count(*), sum(quantity_sold), sum(net_revenue * fx_rate_to_base)";
    for (table, keys, sums) in [
        (
            "sales_daily_summary",
            "sale_date, product_id, sales_channel_id, currency_code",
            sums,
        ),
        (
            "sales_monthly_summary",
            "date_trunc('month', sale_date)::date, product_id, sales_channel_id, currency_code",
            sums,
        ),
        (
            "sales_channel_daily_summary",
            "sale_date, sales_channel_id, currency_code",
            sums,
        ),
        (
            "sales_product_monthly_summary",
            "date_trunc('month', sale_date)::date, product_id",
            base_sums,
        ),
    ] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "WITH src AS (SELECT {keys}, {sums} FROM historical_sales GROUP BY {keys}),
                  s AS (SELECT * FROM {table})
             SELECT count(*) FROM ((TABLE src EXCEPT ALL TABLE s) UNION ALL (TABLE s EXCEPT ALL TABLE src)) x"
        )))
        .fetch_one(pool)
        .await
        .unwrap();
        total += n;
    }
    total
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_summaries_follow_inserts_updates_and_deletes(pool: PgPool) {
    seed(&pool).await;
    assert_eq!(summary_mismatches(&pool).await, 0, "after the bulk load");

    // New sales a month after the history: a new month, day and channel-day.
    sqlx::raw_sql(
        "CREATE TEMP TABLE copied AS
             SELECT * FROM historical_sales WHERE sale_date BETWEEN '2026-10-25' AND '2026-10-31';
         UPDATE copied SET id = gen_random_uuid(), sale_date = sale_date + 31;
         INSERT INTO historical_sales SELECT * FROM copied;
         DROP TABLE copied;",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(summary_mismatches(&pool).await, 0, "after an insert");

    // An update across a month boundary, and one that moves sales to another month.
    sqlx::query(
        "UPDATE historical_sales SET quantity_sold = quantity_sold + 1,
             fx_rate_to_base = fx_rate_to_base * 1.01
         WHERE sale_date BETWEEN '2026-02-20' AND '2026-03-10'",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE historical_sales SET sale_date = sale_date + 40
         WHERE sale_date BETWEEN '2026-12-01' AND '2026-12-01'",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(summary_mismatches(&pool).await, 0, "after updates");

    // Deleting a whole month leaves no summary rows for it.
    sqlx::query(
        "DELETE FROM historical_sales WHERE sale_date BETWEEN '2026-04-01' AND '2026-04-30'",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM historical_sales WHERE sale_date = '2026-05-17'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(summary_mismatches(&pool).await, 0, "after deletes");
    let april: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sales_monthly_summary WHERE month = '2026-04-01'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(april, 0);

    sqlx::query("TRUNCATE historical_sales")
        .execute(&pool)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM sales_daily_summary) + (SELECT count(*) FROM sales_monthly_summary)
              + (SELECT count(*) FROM sales_channel_daily_summary)
              + (SELECT count(*) FROM sales_product_monthly_summary)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
}
