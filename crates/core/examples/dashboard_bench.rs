//! Dashboard query benchmark: p50/p95 of each dashboard query and of the whole dashboard
//! over the trigger-kept summaries, against the naive aggregate over `historical_sales`
//! measured in the same run.
//!
//! ```text
//! sentia migrate --database-url postgres://postgres@host/sentia_bench
//! sentia seed-demo --database-url postgres://postgres@host/sentia_bench --scale 670 --years 3
//!                                             # about 10 million historical_sales rows
//! DATABASE_URL=postgres://postgres@host/sentia_bench \
//!   cargo run --release -p sentia-core --example dashboard_bench -- [iterations]
//! ```
//!
//! Each iteration runs as the app does: transactions as `sentia_app` (RLS on) acting for
//! an admin, the product ranking on a second connection alongside the other four queries, with the last 12 months of the data as the period (a partial last month,
//! so the product ranking reads both the monthly and the daily summary). Every iteration
//! also checks that the dashboard's KPI totals equal the naive sums.

use std::time::{Duration, Instant};

use sentia_db::dashboard::{self as q, DashboardFilter};
use sqlx::{PgPool, Postgres, Transaction};

/// Below this many sales rows the run is not the 10-million-row benchmark.
const TARGET_ROWS: i64 = 10_000_000;

/// A transaction as the app runs it: the app role, presenting an admin's session token.
async fn as_app(pool: &PgPool, session_token: &str) -> Transaction<'static, Postgres> {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SET LOCAL ROLE sentia_app")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("SELECT set_config('sentia.session', $1, true)")
        .bind(session_token)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Prints and returns (p50, p95).
fn report(name: &str, mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
    println!(
        "{name:<44} p50 {:>9.1} ms   p95 {:>9.1} ms",
        ms(p50),
        ms(p95)
    );
    (p50, p95)
}

async fn count(pool: &PgPool, table: &str) -> i64 {
    // The table names are this file's constants.
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Timings of one query across iterations.
#[derive(Default)]
struct Timings(Vec<(&'static str, Vec<Duration>)>);

impl Timings {
    fn push(&mut self, name: &'static str, d: Duration) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(d),
            None => self.0.push((name, vec![d])),
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (the table owner)");
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let pool = sentia_db::pool::connect_url(&url).await.expect("connect");
    let rows = count(&pool, "historical_sales").await;
    let daily = count(&pool, "sales_daily_summary").await;
    let monthly = count(&pool, "sales_monthly_summary").await;
    let channel_daily = count(&pool, "sales_channel_daily_summary").await;
    let admin: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin' AND is_active LIMIT 1")
            .fetch_one(&pool)
            .await
            .expect("an active admin user (seed-demo creates one)");
    let last: chrono::NaiveDate = sqlx::query_scalar("SELECT max(sale_date) FROM historical_sales")
        .fetch_one(&pool)
        .await
        .unwrap();
    let from = sentia_core::dashboard::month_start(last, 11);
    let year = |d: chrono::NaiveDate| d.checked_sub_months(chrono::Months::new(12)).unwrap();
    let f = DashboardFilter {
        from,
        to: last,
        prev_from: year(from),
        prev_to: year(last),
        market: None,
        channel_id: None,
    };
    println!(
        "historical_sales rows: {rows}; summary rows: daily {daily}, monthly {monthly}, \
         channel-daily {channel_daily}"
    );
    println!("period {from}..={last} (previous year {}..={}), {iterations} iterations after 2 warm-up runs", f.prev_from, f.prev_to);
    if rows < TARGET_ROWS {
        println!(
            "note: fewer than {TARGET_ROWS} sales rows; `bench/dashboard/run.sh` seeds \
             the full load (`sentia seed-demo --scale 670 --years 3`)"
        );
    }

    // A session as sign-in issues it (opened here as the owner, skipping the password).
    let admin: String = sqlx::query_scalar("SELECT session_token FROM sentia_open_session($1)")
        .bind(admin)
        .fetch_one(&pool)
        .await
        .expect("a session for the admin");
    let mut per_query = Timings::default();
    let mut dashboard = Vec::new();
    let mut naive = Vec::new();
    for i in 0..iterations + 2 {
        let warm = i >= 2;
        let mut lap = Instant::now();
        let mut mark = |name: &'static str, per_query: &mut Timings| {
            let now = Instant::now();
            if warm {
                per_query.push(name, now - lap);
            }
            lap = now;
        };
        let start = Instant::now();
        // As get_dashboard does: the product ranking on a second connection, alongside.
        let ranking = async {
            let started = Instant::now();
            let mut tx = as_app(&pool, &admin).await;
            q::top_bottom_products(&mut *tx, &f, 5).await.unwrap();
            tx.commit().await.unwrap();
            started.elapsed()
        };
        let figures = async {
            let mut tx = as_app(&pool, &admin).await;
            mark("begin, role and acting user", &mut per_query);
            q::rates(&mut *tx, f.from, f.to).await.unwrap();
            mark("rates (channel-daily)", &mut per_query);
            let b = q::breakdown(&mut *tx, &f).await.unwrap();
            mark(
                "totals + markets + channels (channel-daily)",
                &mut per_query,
            );
            q::trend(&mut *tx, &f, "month").await.unwrap();
            mark("trend by month (channel-daily)", &mut per_query);
            sentia_db::forecast_accuracy::period_sums(
                &mut *tx,
                f.from,
                f.to,
                f.market.as_deref(),
                f.channel_id,
            )
            .await
            .unwrap();
            mark("forecast accuracy (forecast_accuracy)", &mut per_query);
            sentia_db::sales::last_sale_date(&mut *tx).await.unwrap();
            mark("last sale date (sale-date index)", &mut per_query);
            tx.commit().await.unwrap();
            mark("commit", &mut per_query);
            b
        };
        let (b, ranking_elapsed) = tokio::join!(figures, ranking);
        if warm {
            per_query.push(
                "top/bottom products, own transaction, alongside",
                ranking_elapsed,
            );
        }
        let elapsed = start.elapsed();

        let start = Instant::now();
        let mut tx = as_app(&pool, &admin).await;
        let n = sentia_demo_db::totals_naive(&mut *tx, &f).await.unwrap();
        tx.commit().await.unwrap();
        let naive_elapsed = start.elapsed();
        assert_eq!(
            (
                b.totals.revenue,
                b.totals.units,
                b.totals.prev_revenue,
                b.totals.prev_units
            ),
            (n.revenue, n.units, n.prev_revenue, n.prev_units),
            "summary and source disagree"
        );
        if warm {
            dashboard.push(elapsed);
            naive.push(naive_elapsed);
        }
    }
    for (name, times) in per_query.0 {
        report(name, times);
    }
    let (p50, p95) = report(
        "full dashboard (4 + 1 queries on two connections)",
        dashboard,
    );
    let (naive_p50, naive_p95) = report("naive KPI totals over historical_sales", naive);
    println!(
        "naive / dashboard: p50 {:.1}x, p95 {:.1}x; target p95 < 100 ms: {}",
        naive_p50.as_secs_f64() / p50.as_secs_f64(),
        naive_p95.as_secs_f64() / p95.as_secs_f64(),
        if p95 < Duration::from_millis(100) {
            "met"
        } else {
            "NOT met"
        }
    );
}
