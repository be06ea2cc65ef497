//! `sentia report`: a screen's figures as a file for a scheduler or a mail-out, as a
//! signed-in user through the screen's use cases and permissions; audited like every
//! export.

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use sentia_core::exports::{self, ReportFormat, ReportKind, ReportRequest};
use sentia_domain::Currency;

use crate::session::{sign_in, SignInArgs};

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// dashboard, forecast (the latest run), inventory or cash.
    kind: ReportKind,
    /// The file to write (replaced if it exists); its extension gives the format unless
    /// --format says. Default: sentia-<report>-<date>.xlsx here.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// xlsx (a sheet per table), csv (one table: see --table) or pdf.
    #[arg(long)]
    format: Option<ReportFormat>,
    /// For CSV, which table: dashboard has kpis, markets, channels, best-sellers and
    /// trend; cash has months and tax.
    #[arg(long)]
    table: Option<String>,
    /// Dashboard: the first day (default: a year before --to).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Dashboard: the last day (default: today).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Dashboard: the reporting currency.
    #[arg(long, default_value = "GBP")]
    currency: Currency,
    /// Cash: the scenario or saved projection (default: Base).
    #[arg(long)]
    scenario: Option<String>,
    #[command(flatten)]
    who: SignInArgs,
    /// Print what was written as JSON.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: ReportArgs) -> Result<()> {
    let format = match (args.format, &args.out) {
        (Some(f), _) => f,
        (None, Some(out)) => match out.extension().and_then(|e| e.to_str()) {
            Some(ext) => ext.parse().map_err(anyhow::Error::msg)?,
            None => ReportFormat::Xlsx,
        },
        (None, None) => ReportFormat::Xlsx,
    };
    let out = args.out.unwrap_or_else(|| {
        PathBuf::from(format!(
            "sentia-{}-{}.{}",
            serde_json::to_value(args.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            chrono::Local::now().format("%Y-%m-%d"),
            format.extension()
        ))
    });
    let app = sign_in(args.who.database_url.as_deref(), &args.who.user).await?;
    let written = exports::write_report(
        &app,
        &ReportRequest {
            kind: args.kind,
            format,
            from: args.from,
            to: args.to,
            currency: args.currency,
            scenario: args.scenario,
            table: args.table,
        },
        &out,
    )
    .await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&written)?);
    } else {
        let tables: Vec<String> = written
            .tables
            .iter()
            .map(|(name, rows)| format!("{name} ({rows} rows)"))
            .collect();
        println!(
            "wrote {} ({} bytes): {}",
            written.path,
            written.bytes,
            tables.join(", ")
        );
    }
    Ok(())
}
