//! `sentia import`: the app's sales import from the command line, as a signed-in user,
//! through the same use case (the same checks, the same errors, the same batches).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use sentia_core::import::{
    self, ImportLayout, ImportMode, ImportOutcome, ImportReport, ImportRequest, ImportStage,
};

use crate::DbArgs;

/// Imports a sales file (CSV, TSV or XLSX).
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The file: Sentia's template, a Shopify "Export orders" CSV, an Amazon "All Orders"
    /// report, or an XLSX workbook in the template's columns.
    file: PathBuf,
    /// The sales channel of every row (Shopify exports name none).
    #[arg(long)]
    channel: Option<String>,
    /// Refuse the file unless it is in this layout.
    #[arg(long, value_enum)]
    layout: Option<LayoutArg>,
    /// Write the valid rows and record the invalid ones (default: any invalid row rejects
    /// the file).
    #[arg(long)]
    valid_only: bool,
    /// Check everything, write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// The Sentia user who imports (needs the data.import permission). The password is
    /// read from SENTIA_PASSWORD, or from the first line of standard input.
    #[arg(long, env = "SENTIA_USER")]
    user: String,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum LayoutArg {
    Template,
    Shopify,
    Amazon,
}

/// Runs the import; the exit code is non-zero when the file or any row is refused.
pub async fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let app = crate::session::sign_in(Some(&args.db.database_url), &args.user).await?;

    let request = ImportRequest {
        path: args.file.to_string_lossy().into_owned(),
        channel: args.channel,
        layout: args.layout.map(|l| match l {
            LayoutArg::Template => ImportLayout::Template,
            LayoutArg::Shopify => ImportLayout::Shopify,
            LayoutArg::Amazon => ImportLayout::Amazon,
        }),
        mode: if args.valid_only {
            ImportMode::ValidOnly
        } else {
            ImportMode::AllOrNothing
        },
        dry_run: args.dry_run,
        mapping: None,
    };
    let quiet = args.json || !std::io::stderr().is_terminal();
    let report = import::run_import(&app, &request, &|p| {
        if !quiet && p.stage != ImportStage::Done {
            eprint!(
                "\r{:?}: {} rows read, {:.0} rows/s   ",
                p.stage, p.rows_read, p.rows_per_second
            );
        }
    })
    .await;
    if !quiet {
        eprintln!();
    }
    let report = report?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    let refused = report.outcome == ImportOutcome::Rejected
        || (request.mode == ImportMode::AllOrNothing && report.rows_rejected > 0);
    Ok(if refused {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(r: &ImportReport) {
    let what = match r.outcome {
        ImportOutcome::Imported => format!(
            "imported {} rows as batch {}",
            r.rows_written,
            r.batch_id.map(|b| b.to_string()).unwrap_or_default()
        ),
        ImportOutcome::Rejected => "rejected: nothing was written".to_owned(),
        ImportOutcome::Checked => "checked (dry run): nothing was written".to_owned(),
    };
    println!("{}: {what}", r.file);
    println!(
        "  layout {:?}; {} rows read, {} valid, {} rejected, {} skipped (not sales); {:.1} s",
        r.layout, r.rows_read, r.rows_valid, r.rows_rejected, r.rows_skipped, r.seconds
    );
    if let Some(q) = r.quality {
        println!("  quality {q} (mean data-quality score of the valid rows)");
    }
    for e in &r.errors {
        let column = e.column.as_deref().unwrap_or("-");
        let value = e.value.as_deref().unwrap_or("");
        let hint = e
            .suggestion
            .as_deref()
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        println!(
            "  {}, row {}, {column}: {} [{value}]{hint}",
            r.file, e.row, e.message
        );
    }
    if r.errors.len() < r.rows_rejected as usize {
        println!(
            "  … and {} more rows with errors",
            r.rows_rejected as usize - r.errors.len()
        );
    }
}
