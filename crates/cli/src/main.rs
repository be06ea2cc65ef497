//! `sentia`: the headless command line for IT and planners — migrations, demo data,
//! diagnostics, forecasting and supply planning, without the desktop window.

mod config_cmd;
mod doctor;
mod forecast_cmd;
mod forecast_db;
mod import_cmd;
mod plan_cmd;
mod report_cmd;
mod seed;
mod session;
mod users_cmd;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "sentia",
    version,
    about = "Sentia planning and finance, from the command line",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the database is. A URL rather than fields because it is what IT scripts pass;
/// the desktop app builds its connection from fields and the keychain instead.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// PostgreSQL URL, e.g. postgres://sentia@db.example:5432/sentia
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: String,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Apply pending schema migrations (a no-op when the schema is current).
    Migrate(DbArgs),
    /// Fill an empty database with the generated demo company.
    SeedDemo(seed::SeedArgs),
    /// Check the connection, the migration state and the keychain, and say what is wrong.
    Doctor(doctor::DoctorArgs),
    /// Forecast every series of a CSV file (long format unique_id,ds,y), or with
    /// --from-db the sales history in the database as a stored run.
    Forecast(forecast_cmd::ForecastArgs),
    /// Score models by rolling-origin backtest on a CSV file.
    Backtest(forecast_cmd::BacktestArgs),
    /// Import a sales file (template, Shopify, Amazon or XLSX) as a Sentia user.
    Import(import_cmd::ImportArgs),
    /// Plans as a Sentia user: `sentia plan inventory` or `sentia plan cash`.
    #[command(subcommand)]
    Plan(plan_cmd::PlanCommand),
    /// The connection the installed app uses: show, set (password into the keychain), test.
    #[command(subcommand, after_help = EXIT_CODES)]
    Config(config_cmd::ConfigCommand),
    /// Manage users as an admin: list, create, deactivate, activate, unlock, set-role,
    /// reset-password.
    #[command(subcommand, after_help = EXIT_CODES)]
    Users(users_cmd::UsersCommand),
    /// Write a report (dashboard, forecast, inventory, cash) as XLSX, CSV or PDF.
    #[command(after_help = EXIT_CODES)]
    Report(report_cmd::ReportArgs),
}

/// What a script can tell from the exit status.
const EXIT_CODES: &str = "Exit codes:
  0  done
  1  failed (the message says why)
  2  the command line is wrong (unknown option, missing value)
  3  the database cannot be reached, or the connection test failed
  4  not allowed: wrong password, locked or inactive account, or a missing permission
  5  the input was refused: a bad value, a name already taken, an unknown user or file";

/// The exit status for an error, from the app's error when there is one.
fn exit_code(err: &anyhow::Error) -> u8 {
    use sentia_core::AppError as E;
    match err.downcast_ref::<E>() {
        Some(E::Offline) => 3,
        Some(
            E::NotAuthenticated
            | E::LockedOut { .. }
            | E::PasswordChangeRequired
            | E::Forbidden { .. },
        ) => 4,
        Some(
            E::Validation { .. }
            | E::Conflict { .. }
            | E::BadRow { .. }
            | E::BadFile { .. }
            | E::NotFound { .. }
            | E::Stale { .. },
        ) => 5,
        _ if err.downcast_ref::<sqlx::Error>().is_some() => 3,
        _ => 1,
    }
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SENTIA_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Migrate(db) => runtime().block_on(migrate(db)),
        Command::SeedDemo(args) => runtime().block_on(seed::run(args)),
        Command::Doctor(args) => return runtime().block_on(doctor::run(args)),
        Command::Forecast(args) if args.from_db => runtime().block_on(forecast_db::run(args)),
        Command::Forecast(args) => forecast_cmd::run_forecast(args),
        Command::Backtest(args) => forecast_cmd::run_backtest(args),
        Command::Plan(command) => runtime().block_on(plan_cmd::run(command)),
        Command::Config(command) => runtime().block_on(config_cmd::run(command)),
        Command::Users(command) => runtime().block_on(users_cmd::run(command)),
        Command::Report(args) => runtime().block_on(report_cmd::run(args)),
        Command::Import(args) => {
            return runtime()
                .block_on(import_cmd::run(args))
                .unwrap_or_else(|err| {
                    eprintln!("error: {err:#}");
                    std::process::ExitCode::FAILURE
                })
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::from(exit_code(&err))
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

async fn migrate(db: DbArgs) -> anyhow::Result<()> {
    let pool = sentia_db::pool::connect_url(&db.database_url).await?;
    let before = sentia_db::applied_migrations(&pool).await?;
    sentia_db::migrate(&pool).await?;
    let after = sentia_db::applied_migrations(&pool).await?;
    match after.saturating_sub(before) {
        0 => eprintln!("schema is current ({after} migrations applied)"),
        n => eprintln!("applied {n} migration(s); {after} in total"),
    }
    Ok(())
}
