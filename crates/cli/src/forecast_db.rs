//! `sentia forecast --from-db`: a forecast run of the sales history in the database, as a
//! signed-in Sentia user, through the app's use case; the run is stored and can be opened
//! in the app's Forecasts screen.

use std::io::IsTerminal;

use anyhow::{bail, Result};
use sentia_core::forecasts::{self, Bucket, ForecastScope, Reconciliation, RunRequest, RunStage};

use crate::forecast_cmd::ForecastArgs;

/// The options of `sentia forecast` that only `--from-db` uses.
#[derive(clap::Args, Debug)]
pub struct FromDbArgs {
    /// PostgreSQL URL (with --from-db).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The Sentia user who runs it (needs forecast.run). The password is read from
    /// SENTIA_PASSWORD, or from the first line of standard input.
    #[arg(long, env = "SENTIA_USER")]
    pub user: Option<String>,
    /// Period length (with --from-db).
    #[arg(long, value_enum, default_value = "month")]
    pub bucket: BucketArg,
    /// Only these product categories, e.g. "GABA Red" (with --from-db).
    #[arg(long, value_delimiter = ',')]
    pub category: Vec<String>,
    /// Only channels of these markets, e.g. UK,EU (with --from-db).
    #[arg(long, value_delimiter = ',')]
    pub market: Vec<String>,
    /// How totals and series are made to agree (with --from-db): bottom-up sums the
    /// series; mint also forecasts every total and reconciles all levels.
    #[arg(long, value_enum, default_value = "bottom-up")]
    pub reconcile: ReconcileArg,
    /// Print the run and its series as JSON (with --from-db).
    #[arg(long)]
    pub json: bool,
}

/// A reconciliation on the command line.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum ReconcileArg {
    /// Every total is the sum of its series.
    BottomUp,
    /// MinT with a shrunk covariance of the backtest errors.
    Mint,
}

/// A period length on the command line.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum BucketArg {
    /// ISO weeks.
    Week,
    /// Calendar months.
    Month,
}

/// Runs the forecast and prints the run with each series' model and confidence.
pub async fn run(args: ForecastArgs) -> Result<()> {
    let db = &args.db;
    let (Some(url), Some(user)) = (&db.database_url, &db.user) else {
        bail!("--from-db needs --database-url (or DATABASE_URL) and --user");
    };
    let models = &args.models;
    if models.len() > 1 {
        bail!("--from-db runs one model; got {}", models.join(","));
    }
    let app = crate::session::sign_in(Some(url), user).await?;
    let request = RunRequest {
        scope: ForecastScope {
            categories: db.category.clone(),
            markets: db.market.clone(),
            ..ForecastScope::default()
        },
        bucket: match db.bucket {
            BucketArg::Week => Bucket::Week,
            BucketArg::Month => Bucket::Month,
        },
        horizon: Some(u32::try_from(args.horizon)?),
        model: models.first().cloned(),
        reconciliation: Some(match db.reconcile {
            ReconcileArg::BottomUp => Reconciliation::BottomUp,
            ReconcileArg::Mint => Reconciliation::Mint,
        }),
    };
    let quiet = db.json || !std::io::stderr().is_terminal();
    let run = forecasts::start_run(&app, &request, &|p| {
        if !quiet && p.stage == RunStage::Forecasting {
            eprint!("\rforecasting {}/{} series   ", p.done, p.total);
        }
        if !quiet && p.stage == RunStage::Reconciling {
            eprint!("\rreconciling {} totals with MinT   ", p.total);
        }
    })
    .await;
    if !quiet {
        eprintln!();
    }
    let run = run?;
    let series = forecasts::run_series(&app, run.id).await?;
    if db.json {
        let out = serde_json::json!({ "run": run, "series": series });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "run {}: {} · {:?} × {} from {} · {} series, {} rows · {:.1} s",
        run.id,
        run.scope_label,
        run.bucket,
        run.horizon,
        run.origin_date,
        run.series_count,
        run.point_count,
        f64::from(run.elapsed_ms) / 1000.0
    );
    for s in &series {
        let mase = s.mase.map_or("-".to_owned(), |m| format!("{m:.2}"));
        println!(
            "  {:<20} {:<16} {:<48} confidence {:.2}  MASE {mase:>5}  total {:.0}",
            s.sku, s.channel_name, s.model_name, s.confidence, s.total
        );
    }
    Ok(())
}
