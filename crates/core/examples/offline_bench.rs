//! Offline report benchmark: each report screen opened 100 times from the copy kept on
//! this computer (the server marked unreachable, as the probe does), against the same
//! screen fetched live in the same run. Also what keeping a copy adds to an online view
//! (sealing and one write to the local file), what the offline side adds to an online
//! sign-in, and what queuing an override offline takes.
//!
//! ```text
//! SENTIA_KEYRING=keyutils keyctl session - \
//!   cargo run --release -p sentia-core --example offline_bench -- [opens]   (default 100)
//! ```
//! with DATABASE_URL pointing at a seeded demo company that has a forecast run.

mod bench_common;

use bench_common::{peak_mib, signed_in_app};
use std::future::Future;
use std::time::Instant;

use chrono::{Duration, Utc};
use secrecy::SecretString;
use sentia_core::dashboard::{self, DashboardQuery};
use sentia_core::offline::{self, Screen};
use sentia_core::working_capital::{self, CashRequest};
use sentia_core::{auth, forecasts, inventory, App};
use sentia_domain::Currency;
use sqlx::PgPool;

const USER: &str = "bench-offline";
const PASSWORD: &str = "bench offline password";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn times<T, F, Fut>(n: usize, mut call: F) -> Vec<f64>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, sentia_core::AppError>>,
{
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        call().await.unwrap();
        out.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    out.sort_by(f64::total_cmp);
    out
}

fn query() -> DashboardQuery {
    let to = Utc::now().date_naive();
    DashboardQuery {
        from: to - Duration::days(364),
        to,
        reporting_currency: Currency::GBP,
        market: None,
        channel_id: None,
    }
}

/// One screen: live p50 over `live_n` opens, then offline p50/p95 over `opens`.
async fn screen<T, F, Fut>(app: &App, name: &str, opens: usize, call: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, sentia_core::AppError>>,
{
    offline::set_online(app, true);
    let live = times(10, &call).await;
    offline::set_online(app, false);
    let cached = times(opens, &call).await;
    offline::set_online(app, true);
    let (l50, c50, c95) = (
        percentile(&live, 0.5),
        percentile(&cached, 0.5),
        percentile(&cached, 0.95),
    );
    println!(
        "{name:<18} {l50:>10.1} {c50:>10.1} {c95:>10.1} {:>9.2}  {}",
        c50 / l50,
        if c95 < 200.0 { "met" } else { "MISSED" }
    );
}

#[tokio::main]
async fn main() {
    let opens: usize = std::env::args().nth(1).map_or(100, |s| s.parse().unwrap());
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let owner = PgPool::connect(&url).await.unwrap();
    bench_common::bench_user(&owner, USER, PASSWORD, "manager").await;
    let (app, _pool, _dir) = signed_in_app(&url, USER, PASSWORD).await;
    let run = forecasts::list_runs(&app)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("the benchmark needs a forecast run: sentia forecast --from-db");
    let series = forecasts::run_series(&app, run.id).await.unwrap();
    let key = series.first().expect("a run with series").key;

    println!("{opens} opens of each screen from its offline copy; the live fetch in the same run as baseline");
    println!(
        "{:<18} {:>10} {:>10} {:>10} {:>9}  p95 < 200 ms",
        "screen", "live p50", "copy p50", "copy p95", "copy/live"
    );
    screen(&app, "dashboard", opens, || {
        dashboard::get_dashboard(&app, query())
    })
    .await;
    screen(&app, "forecast runs", opens, || forecasts::list_runs(&app)).await;
    screen(&app, "forecast series", opens, || {
        forecasts::run_series(&app, run.id)
    })
    .await;
    screen(&app, "series detail", opens, || {
        forecasts::series_detail(&app, run.id, key)
    })
    .await;
    screen(&app, "inventory", opens, || {
        inventory::list_items(&app, None)
    })
    .await;
    screen(&app, "stock risks", opens, || {
        inventory::stock_risks(&app, None)
    })
    .await;
    screen(&app, "cash projection", opens, || {
        working_capital::project(&app, CashRequest::default())
    })
    .await;

    // What keeping the copy adds to an online view: the same answer kept again and again.
    let projection = working_capital::project(&app, CashRequest::default())
        .await
        .unwrap();
    let request = CashRequest::default();
    let keep = times(opens, || {
        offline::through_cache(&app, Screen::CashProjection, &request, async {
            Ok(projection.clone())
        })
    })
    .await;
    let info = offline::cache_info(&app).await.unwrap();
    println!(
        "keeping a copy of the cash projection online: p50 {:.2} ms, p95 {:.2} ms; the cache holds {} copies, {} KB",
        percentile(&keep, 0.5),
        percentile(&keep, 0.95),
        info.entries,
        info.bytes / 1024
    );

    // What the offline side adds to an online sign-in: the verifier for offline sign-in
    // (one argon2id hash, like the login key the sign-in derives anyway) and one write.
    let sign_ins = times(10, || async {
        auth::login(&app, USER, SecretString::from(PASSWORD.to_owned())).await
    })
    .await;
    let verifiers = times(10, || async {
        auth::hash_password(&SecretString::from(PASSWORD.to_owned()))
    })
    .await;
    println!(
        "online sign-in, offline preparation included: p50 {:.1} ms; of which the verifier's hash p50 {:.1} ms ({:.0} %)",
        percentile(&sign_ins, 0.5),
        percentile(&verifiers, 0.5),
        100.0 * percentile(&verifiers, 0.5) / percentile(&sign_ins, 0.5)
    );

    // Queuing an override offline: sealed and synced to disk before the window hears of it.
    let point = forecasts::series_detail(&app, run.id, key)
        .await
        .unwrap()
        .forecast[0]
        .clone();
    let change = forecasts::OverrideRequest {
        forecast_id: point.id,
        value: 1,
        reason: "benchmark".into(),
        seen_status: Some(point.status.clone()),
    };
    offline::set_online(&app, false);
    let queued = times(opens.min(50), || {
        forecasts::override_forecast(&app, &change)
    })
    .await;
    offline::set_online(&app, true);
    println!(
        "queuing an override offline (synced to disk): p50 {:.2} ms, p95 {:.2} ms",
        percentile(&queued, 0.5),
        percentile(&queued, 0.95)
    );
    println!("peak memory: {:.0} MiB", peak_mib());
}
