//! Forecast workbench benchmark: a monthly run over every series of the database (15,000
//! product × channel series at `seed-demo --scale 1000`), through the app's use case as the
//! app role with RLS on: reading the history, reviewing every series (forecast, backtest,
//! candidates), writing the run and superseding the previous one; each stage timed from
//! the run's own progress events. Then the per-series view (`series_detail`) of sampled
//! series. Baselines measured in the same run: a plain `GROUP BY` over the same history
//! (the floor of the reading stage) and an empty authorised transaction (the floor of any
//! command).
//!
//! ```text
//! DATABASE_URL=postgres://postgres@host/sentia_forecast_bench \
//!   cargo run --release -p sentia-core --example forecast_bench -- [runs] [views]   (default 2, 200)
//! ```
//!
//! The database must be migrated and seeded (`bench/workbench/run.sh` does both); the
//! benchmark adds its own planner. Each run supersedes the previous one, as in the app.
//! `BENCH_RECONCILE=mint` makes the runs MinT runs (they need three years of history).

mod bench_common;

use bench_common::{peak_mib, signed_in_app};
use std::sync::Mutex;
use std::time::Instant;

use sentia_core::forecasts::{
    self, Bucket, ForecastScope, Reconciliation, RunProgress, RunRequest, RunStage,
};
use sentia_core::job::Cancel;
use sentia_core::App;
use sentia_domain::Permission;
use sqlx::PgPool;

const USER: &str = "bench-planner";
const PASSWORD: &str = "bench planner password";
const HORIZON: u32 = 12;

async fn planner(owner: &PgPool) {
    bench_common::bench_user(owner, USER, PASSWORD, "analyst").await;
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// One run of everything; returns its id, total seconds and seconds per stage.
async fn run_once(
    app: &App,
    reconciliation: Reconciliation,
) -> (forecasts::ForecastRun, f64, Vec<(RunStage, f64)>) {
    let request = RunRequest {
        scope: ForecastScope::default(),
        bucket: Bucket::Month,
        horizon: Some(HORIZON),
        model: None,
        reconciliation: Some(reconciliation),
    };
    let started = Instant::now();
    let marks = Mutex::new(Vec::<(RunStage, f64)>::new());
    let run = forecasts::run_forecasts(
        app,
        &request,
        &|p: RunProgress| {
            let mut marks = marks.lock().unwrap();
            if marks.last().map(|m| m.0) != Some(p.stage) {
                marks.push((p.stage, started.elapsed().as_secs_f64()));
            }
        },
        &Cancel::default(),
    )
    .await
    .unwrap();
    let total = started.elapsed().as_secs_f64();
    let mut marks = marks.into_inner().unwrap();
    marks.push((RunStage::Writing, total));
    let stages = marks
        .windows(2)
        .map(|w| (w[0].0, w[1].1 - w[0].1))
        .collect();
    (run, total, stages)
}

#[tokio::main]
async fn main() {
    // The run logs how long each write took.
    tracing_subscriber::fmt()
        .with_env_filter("sentia_core=info")
        .with_target(false)
        .init();
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().map_or(2, |s| s.parse().unwrap());
    let views: usize = args.next().map_or(200, |s| s.parse().unwrap());
    let reconciliation = match std::env::var("BENCH_RECONCILE").as_deref() {
        Ok("mint") => Reconciliation::Mint,
        _ => Reconciliation::BottomUp,
    };
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let owner = PgPool::connect(&url).await.unwrap();
    sentia_db::migrate(&owner).await.unwrap();
    planner(&owner).await;
    let (rows, series): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT (product_id, sales_channel_id)) FROM historical_sales",
    )
    .fetch_one(&owner)
    .await
    .unwrap();
    println!("database: {rows} sales rows, {series} product × channel series");

    // The folder lives as long as the app that writes into it.
    let (app, _pool, _dir) = signed_in_app(&url, USER, PASSWORD).await;

    // Baseline 1: the history read as one plain GROUP BY, as the app role.
    let mut floor = f64::INFINITY;
    for _ in 0..3 {
        let mut tx = app.transaction(Permission::ForecastRun).await.unwrap();
        let started = Instant::now();
        let _: Vec<(uuid::Uuid, uuid::Uuid, chrono::NaiveDate, i64)> = sqlx::query_as(
            "SELECT product_id, sales_channel_id, date_trunc('month', sale_date)::date, sum(quantity_sold)::bigint
             FROM historical_sales WHERE sale_date >= (SELECT max(sale_date) FROM historical_sales) - interval '5 years'
             GROUP BY 1, 2, 3",
        )
        .fetch_all(tx.conn())
        .await
        .unwrap();
        floor = floor.min(started.elapsed().as_secs_f64());
        tx.commit().await.unwrap();
    }
    println!("baseline, plain GROUP BY of the monthly history: {floor:.2} s (best of 3)");

    let mut last = None;
    for i in 1..=runs {
        let (run, total, stages) = run_once(&app, reconciliation).await;
        let steps: Vec<String> = stages
            .iter()
            .map(|(stage, s)| format!("{stage:?} {s:.2} s"))
            .collect();
        println!(
            "run {i} ({reconciliation:?}): {} series, {} forecast rows in {total:.2} s ({}); {:.1}x the plain read; target < 20 s: {}",
            run.series_count,
            run.point_count,
            steps.join(", "),
            total / floor,
            if total < 20.0 { "met" } else { "missed" }
        );
        last = Some(run);
    }
    let run = last.expect("at least one run");

    // The per-series view of sampled series, against an empty authorised transaction.
    let summaries = forecasts::run_series(&app, run.id).await.unwrap();
    let step = (summaries.len() / views.max(1)).max(1);
    let mut view_ms = Vec::new();
    for s in summaries.iter().step_by(step).take(views) {
        let started = Instant::now();
        forecasts::series_detail(&app, run.id, s.key).await.unwrap();
        view_ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    let mut empty_ms = Vec::new();
    for _ in 0..view_ms.len() {
        let started = Instant::now();
        let tx = app.transaction(Permission::DashboardView).await.unwrap();
        tx.commit().await.unwrap();
        empty_ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    view_ms.sort_by(f64::total_cmp);
    empty_ms.sort_by(f64::total_cmp);
    let (p50, p95) = (percentile(&view_ms, 0.5), percentile(&view_ms, 0.95));
    let empty50 = percentile(&empty_ms, 0.5);
    println!(
        "series view, {} series: p50 {p50:.1} ms, p95 {p95:.1} ms; empty command p50 {empty50:.1} ms ({:.1}x); target < 100 ms: {}",
        view_ms.len(),
        p50 / empty50,
        if p95 < 100.0 { "met" } else { "missed" }
    );
    println!("peak memory (VmHWM): {:.0} MiB", peak_mib());
}
