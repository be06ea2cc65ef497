//! Dashboard query benchmark: p50/p95 of the dashboard's queries over the trigger-kept
//! summary, against the naive aggregate over `historical_sales` in the same run.
//!
//! ```text
//! sentia seed-demo --scale 667 --years 3      # about 10 million historical_sales rows
//! DATABASE_URL=postgres://postgres@host/db \
//!   cargo run --release -p sentia-core --example dashboard_bench -- [iterations]
//! ```
//!
//! Each iteration runs as the app does: a transaction as `sentia_app` (RLS on) acting
//! for an admin, with the last 12 months of the data as the period.

use std::time::{Duration, Instant};

use sentia_db::dashboard::{self as q, DashboardFilter};
use sqlx::{PgPool, Postgres, Transaction};

async fn as_app(pool: &PgPool, admin: &str) -> Transaction<'static, Postgres> {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SET LOCAL ROLE sentia_app")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("SELECT set_config('sentia.user_id', $1, true)")
        .bind(admin)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn report(name: &str, mut times: Vec<Duration>) -> Duration {
    times.sort();
    let (p50, p95) = (percentile(&times, 0.5), percentile(&times, 0.95));
    println!(
        "{name:<28} p50 {:>9.1} ms   p95 {:>9.1} ms",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );
    p95
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL (the table owner)");
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let pool = sentia_db::pool::connect_url(&url).await.expect("connect");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM historical_sales")
        .fetch_one(&pool)
        .await
        .unwrap();
    let summary: i64 = sqlx::query_scalar("SELECT count(*) FROM sales_daily_summary")
        .fetch_one(&pool)
        .await
        .unwrap();
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
    println!("historical_sales rows: {rows}, summary rows: {summary}, period {from}..{last}, {iterations} iterations");

    let admin = admin.to_string();
    let mut dashboard = Vec::new();
    let mut naive = Vec::new();
    for i in 0..iterations + 2 {
        let start = Instant::now();
        let mut tx = as_app(&pool, &admin).await;
        let t = q::totals(&mut *tx, &f).await.unwrap();
        q::rates(&mut *tx, f.from, f.to).await.unwrap();
        q::by_market(&mut *tx, &f).await.unwrap();
        q::by_channel(&mut *tx, &f).await.unwrap();
        q::trend(&mut *tx, &f, "month").await.unwrap();
        q::top_bottom_products(&mut *tx, &f, 5).await.unwrap();
        q::forecast_accuracy(&mut *tx, &f).await.unwrap();
        tx.commit().await.unwrap();
        let elapsed = start.elapsed();

        let start = Instant::now();
        let mut tx = as_app(&pool, &admin).await;
        let n = q::totals_naive(&mut *tx, &f).await.unwrap();
        tx.commit().await.unwrap();
        let naive_elapsed = start.elapsed();
        assert_eq!(
            (t.revenue, t.units),
            (n.revenue, n.units),
            "summary and source disagree"
        );
        if i >= 2 {
            // The first two runs warm the caches.
            dashboard.push(elapsed);
            naive.push(naive_elapsed);
        }
    }
    let p95 = report("dashboard (all 7 queries)", dashboard);
    let naive_p95 = report("naive KPI totals only", naive);
    println!(
        "dashboard p95 is {:.1}x faster than the naive KPI query alone; target p95 < 100 ms: {}",
        naive_p95.as_secs_f64() / p95.as_secs_f64(),
        if p95 < Duration::from_millis(100) {
            "met"
        } else {
            "NOT met"
        }
    );
}
