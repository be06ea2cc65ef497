//! Cash projection benchmark: the live "what if" of the Working capital screen, one
//! `project_cash` per driver change, through the app's use case as the app role with RLS on
//! (reading the forecasts, catalogue, balances, rates and settings each time, then the
//! projection). Baseline in the same run: an empty authorised transaction, the floor of any
//! command. Also times the simulated shortfall risk (500 demand paths).
//!
//! ```text
//! DATABASE_URL=postgres://postgres@host/db \
//!   cargo run --release -p sentia-core --example cash_bench -- [recomputes]   (default 100)
//! ```

mod bench_common;

use bench_common::{peak_mib, signed_in_app};
use std::time::Instant;

use rust_decimal::Decimal;
use sentia_core::working_capital::{self, CashRequest, DriverChanges};
use sentia_domain::Permission;
use sqlx::PgPool;

const USER: &str = "bench-finance";
const PASSWORD: &str = "bench finance password";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn request(i: usize, simulations: u32) -> CashRequest {
    // A user dragging the demand and collection drivers: a different request each time.
    CashRequest {
        scenario: Some("Base".into()),
        drivers: Some(DriverChanges {
            demand: Decimal::new(i as i64 % 40 - 20, 2),
            collection_days: (i % 15) as i32,
            ..DriverChanges::default()
        }),
        fx_change: None,
        months: Some(24),
        granularity: None,
        simulations: Some(simulations),
    }
}

#[tokio::main]
async fn main() {
    let recomputes: usize = std::env::args().nth(1).map_or(100, |s| s.parse().unwrap());
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let owner = PgPool::connect(&url).await.unwrap();
    sentia_db::migrate(&owner).await.unwrap();
    bench_common::bench_user(&owner, USER, PASSWORD, "manager").await;
    let (series, forecasts): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM products p JOIN sales_channels c ON c.market_code = p.market_region),
                (SELECT count(*) FROM forecasts WHERE superseded_by IS NULL)",
    )
    .fetch_one(&owner)
    .await
    .unwrap();
    println!("database: {series} product × channel series, {forecasts} live forecast rows");
    let (app, _pool, _dir) = signed_in_app(&url, USER, PASSWORD).await;

    let mut floor = Vec::new();
    for _ in 0..recomputes {
        let started = Instant::now();
        let tx = app
            .transaction(Permission::WorkingCapitalView)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        floor.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    floor.sort_by(f64::total_cmp);

    // The first call warms the statement cache, as the screen's first load does.
    working_capital::project(&app, request(0, 0)).await.unwrap();
    let mut times = Vec::new();
    for i in 0..recomputes {
        let started = Instant::now();
        let p = working_capital::project(&app, request(i + 1, 0))
            .await
            .unwrap();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(p.months.len(), 24);
    }
    times.sort_by(f64::total_cmp);
    let p50 = percentile(&times, 0.5);
    let p95 = percentile(&times, 0.95);
    println!(
        "recompute (24 months, {recomputes} driver changes): p50 {p50:.1} ms, p95 {p95:.1} ms; \
         empty authorised command p50 {:.2} ms ({:.0}× it)",
        percentile(&floor, 0.5),
        p50 / percentile(&floor, 0.5)
    );
    let started = Instant::now();
    let p = working_capital::project(&app, request(7, 500))
        .await
        .unwrap();
    println!(
        "with the shortfall risk of 500 demand paths: {:.0} ms (highest monthly probability {:.1} %)",
        started.elapsed().as_secs_f64() * 1000.0,
        p.risk
            .unwrap()
            .iter()
            .map(|r| r.shortfall)
            .fold(0.0, f64::max)
            * 100.0
    );
    // The views opened on demand: each driver stepped down and up (17 projections), and
    // every product's periods.
    let started = Instant::now();
    let s = working_capital::sensitivity(&app, request(7, 0))
        .await
        .unwrap();
    let sensitivity_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let products = working_capital::by_product(&app, request(7, 0))
        .await
        .unwrap();
    println!(
        "what matters most ({} drivers): {sensitivity_ms:.0} ms; products ({}): {:.0} ms ({:.1}× and {:.1}× the recompute's p50)",
        s.drivers.len(),
        products.products.len(),
        started.elapsed().as_secs_f64() * 1000.0,
        sensitivity_ms / p50,
        started.elapsed().as_secs_f64() * 1000.0 / p50,
    );
    println!("peak memory: {:.0} MiB", peak_mib());
}
