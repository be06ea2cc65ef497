//! Sales import: a file read by `sentia_import` on a thread of its own and streamed with
//! `COPY` into the staging table, checked there set-based (`sales_import_checked`), then
//! moved into the sales history in the same transaction, or not at all.
//!
//! One transaction per import: a rejected file, a dry run, a cancel or any failure
//! rolls it back, so nothing is half-written; the dashboard's summaries follow the
//! insert in the same transaction (their statement triggers).

mod model;
mod read;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use sentia_db::imports::{self, CheckScope, NewBatch, Rejection};
use sentia_domain::Permission;
use sentia_import::{Field, Layout, Mapping};
use sha2::Digest;
use uuid::Uuid;

pub use model::*;
use read::{Reader, Staged};

use crate::dashboard::BASE_CURRENCY;
use crate::exports::{save_export, SavedExport};
use crate::job::{self, Cancel, Job};
use crate::{App, AppError};

/// Row errors a report carries at most (the count of rejected rows is always complete).
pub const MAX_REPORTED_ERRORS: usize = 10_000;

/// Batches listed at most.
const MAX_BATCHES: i64 = 500;

/// Imports (or with `dry_run` checks) a sales file; `progress` hears where it is.
pub async fn import_sales(
    app: &App,
    request: &ImportRequest,
    progress: &(dyn Fn(ImportProgress) + Sync),
    cancel: &Cancel,
) -> Result<ImportReport, AppError> {
    let auth = app.authorise(Permission::DataImport)?;
    let started = Instant::now();
    let path = Path::new(&request.path);
    let file = file_name(path);
    let import_id = Uuid::new_v4();
    let mapping = request.mapping.as_ref().map(to_mapping);
    let mut reader = Reader::open(
        path,
        &file,
        request.layout,
        mapping.as_ref(),
        import_id,
        cancel.clone(),
    )?;
    let layout = reader.layout();
    let mut tx = app.begin(auth).await?;
    imports::allow_long_statements(tx.conn()).await?;

    let mut tally = Tally::new(started);
    let mut errors: Vec<ImportRowError> = Vec::new();
    let mut rejected_rows: u64 = 0;
    let skipped;
    let sha256;
    {
        let mut copy = imports::copy_into_staging(tx.conn()).await?;
        loop {
            if let Err(e) = cancel.check() {
                copy.abort("cancelled").await.ok();
                return Err(e);
            }
            match reader.next().await? {
                Staged::Chunk {
                    csv,
                    rows_read,
                    fraction_read,
                    errors: row_errors,
                } => {
                    copy.send(csv).await.map_err(sentia_db::DbError::from)?;
                    rejected_rows += row_errors.len() as u64;
                    keep_errors(&mut errors, row_errors.into_iter().map(parse_error));
                    tally.rows_read = rows_read;
                    progress(tally.progress(ImportStage::Reading, fraction_read));
                }
                Staged::End {
                    skipped: s,
                    sha256: h,
                } => {
                    skipped = s;
                    sha256 = h;
                    break;
                }
            }
        }
        copy.finish().await.map_err(sentia_db::DbError::from)?;
    }

    if let Some(batch) = imports::standing_batch_of_file(tx.conn(), &sha256).await? {
        return Err(already_imported(tx.conn(), &file, batch).await);
    }

    cancel.check()?;
    progress(tally.progress(ImportStage::Validating, 1.0));
    let channel = request.channel.as_deref().map(str::trim);
    let scope = CheckScope {
        import_id,
        channel: channel.filter(|c| !c.is_empty()),
        base_currency: BASE_CURRENCY.as_str(),
        today: chrono::Local::now().date_naive(),
    };
    let summary = imports::summary(tx.conn(), scope).await?;
    let problems = imports::problems(tx.conn(), scope, MAX_REPORTED_ERRORS as i64).await?;
    let suggest = Suggestions::load(tx.conn(), &problems).await?;
    keep_errors(
        &mut errors,
        problems
            .into_iter()
            .map(|p| check_error(p, &reader.columns, &suggest)),
    );
    errors.sort_by_key(|e| e.row);
    errors.truncate(MAX_REPORTED_ERRORS);
    rejected_rows += summary.refused as u64;
    tally.rows_validated = tally.rows_read;
    cancel.check()?;

    let valid = summary.valid as u64;
    let outcome = if request.dry_run {
        ImportOutcome::Checked
    } else if valid == 0 || (request.mode == ImportMode::AllOrNothing && rejected_rows > 0) {
        ImportOutcome::Rejected
    } else {
        ImportOutcome::Imported
    };
    let period = summary.first.zip(summary.last);
    let mut batch_id = None;
    if outcome == ImportOutcome::Imported {
        progress(tally.progress(ImportStage::Writing, 1.0));
        let id = imports::insert_batch(
            tx.conn(),
            &NewBatch {
                file_name: &file,
                file_sha256: &sha256,
                layout: layout_name(layout),
                mode: mode_name(request.mode),
                rows_read: count(tally.rows_read + skipped)?,
                rows_written: count(valid)?,
                rows_rejected: count(rejected_rows)?,
                rows_skipped: count(skipped)?,
                quality: summary.quality,
                first_sale_date: summary.first,
                last_sale_date: summary.last,
            },
        )
        .await?;
        let written = imports::insert_checked(tx.conn(), scope, id, source_name(layout)).await?;
        if written != valid {
            // The catalog or history changed between the check and the move.
            return Err(AppError::Conflict {
                constraint: "import_rows_changed".into(),
                field: None,
                message: "the catalog or sales history changed during the import; try again".into(),
            });
        }
        if rejected_rows > 0 {
            imports::insert_rejections(tx.conn(), id, &rejections(&errors)).await?;
        }
        if let Some(chosen) = &request.mapping {
            let json = serde_json::to_value(chosen).map_err(|e| AppError::internal(&e))?;
            imports::remember_mapping(tx.conn(), &header_key(&reader.header), &json).await?;
        }
        if let Some((first, last)) = period {
            // Forecast periods these sales complete are scored in the same transaction.
            sentia_db::forecast_accuracy::record_actuals(tx.conn(), first, last).await?;
        }
        tally.rows_written = written;
        batch_id = Some(id);
    }
    imports::clear_staging(tx.conn(), import_id).await?;
    cancel.check()?;
    if outcome == ImportOutcome::Imported {
        tx.commit().await?;
    }
    progress(tally.progress(ImportStage::Done, 1.0));
    tracing::info!(file = %file, ?outcome, rows = tally.rows_read, rejected = rejected_rows,
        seconds = started.elapsed().as_secs_f64(), "sales import");
    Ok(ImportReport {
        outcome,
        batch_id,
        file,
        layout: import_layout(layout),
        rows_read: n32(tally.rows_read + skipped),
        rows_valid: n32(valid),
        rows_written: n32(tally.rows_written),
        rows_rejected: n32(rejected_rows),
        rows_skipped: n32(skipped),
        quality: summary.quality,
        flags: summary
            .flags
            .into_iter()
            .map(|(flag, rows)| FlagCount {
                flag,
                rows: n32(rows.max(0) as u64),
            })
            .collect(),
        errors,
        period,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// [`import_sales`] as the app runs it: one import at a time, which
/// [`cancel_running`] stops.
pub async fn run_import(
    app: &App,
    request: &ImportRequest,
    progress: &(dyn Fn(ImportProgress) + Sync),
) -> Result<ImportReport, AppError> {
    app.authorise(Permission::DataImport)?;
    job::exclusive(app, Job::Import, |cancel| async move {
        import_sales(app, request, progress, &cancel).await
    })
    .await
}

/// Cancels the import under way, if any (it writes nothing).
pub fn cancel_running(app: &App) -> Result<(), AppError> {
    app.authorise(Permission::DataImport)?;
    job::cancel(app, Job::Import);
    Ok(())
}

/// Past imports, newest first.
pub async fn list_batches(app: &App) -> Result<Vec<ImportBatch>, AppError> {
    let mut tx = app.transaction(Permission::DataImport).await?;
    let rows = imports::list_batches(tx.conn(), MAX_BATCHES).await?;
    rows.into_iter().map(batch).collect()
}

/// The rows a valid-only import left out.
pub async fn batch_errors(app: &App, batch_id: Uuid) -> Result<Vec<ImportRowError>, AppError> {
    let mut tx = app.transaction(Permission::DataImport).await?;
    let rows = imports::rejections(tx.conn(), batch_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| ImportRowError {
            row: n32(r.row.max(0) as u64),
            column: r.column,
            problem: r.problem,
            message: r.message,
            value: r.value,
            suggestion: r.suggestion,
        })
        .collect())
}

/// Removes a batch's rows from the sales history and marks it rolled back (audited).
pub async fn roll_back(app: &App, batch_id: Uuid, reason: &str) -> Result<ImportBatch, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::validation(
            "reason",
            "say why the import is rolled back",
        ));
    }
    let mut tx = app.transaction(Permission::DataImport).await?;
    if imports::roll_back(tx.conn(), batch_id, reason)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound {
            entity: "standing import batch".into(),
        });
    }
    let row = imports::batch(tx.conn(), batch_id)
        .await?
        .ok_or_else(|| AppError::NotFound {
            entity: "import batch".into(),
        })?;
    if let Some((first, last)) = row.first_sale_date.zip(row.last_sale_date) {
        sentia_db::forecast_accuracy::record_actuals(tx.conn(), first, last).await?;
    }
    tx.commit().await?;
    batch(row)
}

/// The columns of Sentia's template, as a file to fill in.
pub const TEMPLATE_CSV: &str = "date,order_id,line,sku,channel,quantity,unit_price,currency\n\
                                2024-03-01,WEB-1001,1,GABA-RED-UK,Shopify UK,2,29.99,GBP\n";

/// Saves the template in the exports folder.
pub async fn save_template(app: &App) -> Result<SavedExport, AppError> {
    let auth = app.authorise(Permission::DataImport)?;
    let tx = app.begin(auth).await?;
    save_export(
        app,
        tx,
        "sentia-sales-template",
        "csv",
        TEMPLATE_CSV.as_bytes(),
    )
    .await
}

/// Saves row errors as CSV in the exports folder (audited as an export).
pub async fn export_errors(
    app: &App,
    file: &str,
    errors: &[ImportRowError],
) -> Result<SavedExport, AppError> {
    let auth = app.authorise(Permission::DataExport)?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    let written = (|| {
        csv.write_record(["row", "column", "problem", "message", "value", "suggestion"])?;
        for e in errors {
            csv.write_record([
                e.row.to_string().as_str(),
                e.column.as_deref().unwrap_or(""),
                &e.problem,
                &e.message,
                e.value.as_deref().unwrap_or(""),
                e.suggestion.as_deref().unwrap_or(""),
            ])?;
        }
        csv.into_inner().map_err(|e| e.into_error().into())
    })()
    .map_err(|e: csv::Error| AppError::internal(&e))?;
    let mut tx = app.begin(auth).await?;
    sentia_db::audit::record(
        tx.conn(),
        "data.exported",
        None,
        None,
        &serde_json::json!({"kind": "import errors", "file": file, "rows": errors.len()}),
    )
    .await?;
    let stem = format!(
        "{}-errors",
        Path::new(file)
            .file_stem()
            .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned(),)
    );
    save_export(app, tx, &crate::exports::file_stem(&stem), "csv", &written).await
}

/// Counts and timing for progress events.
struct Tally {
    started: Instant,
    rows_read: u64,
    rows_validated: u64,
    rows_written: u64,
}

impl Tally {
    fn new(started: Instant) -> Self {
        Self {
            started,
            rows_read: 0,
            rows_validated: 0,
            rows_written: 0,
        }
    }

    fn progress(&self, stage: ImportStage, fraction_read: f64) -> ImportProgress {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        ImportProgress {
            stage,
            rows_read: n32(self.rows_read),
            rows_validated: n32(self.rows_validated),
            rows_written: n32(self.rows_written),
            fraction_read,
            rows_per_second: self.rows_read as f64 / seconds,
        }
    }
}

fn keep_errors(kept: &mut Vec<ImportRowError>, more: impl Iterator<Item = ImportRowError>) {
    let room = MAX_REPORTED_ERRORS.saturating_sub(kept.len());
    kept.extend(more.take(room));
}

fn parse_error(e: sentia_import::RowError) -> ImportRowError {
    ImportRowError {
        row: n32(e.row),
        column: e.column,
        problem: e.kind.code(),
        message: e.message,
        value: e.value,
        suggestion: None,
    }
}

/// The file's name for reports and batches (never its folder: that is the user's own).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Counts cross IPC as 32-bit numbers (JavaScript's are exact to 2^53; specta forbids
/// 64-bit ones): a file never has four billion rows, and one that did would show the cap.
fn n32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn count(n: u64) -> Result<i32, AppError> {
    i32::try_from(n).map_err(|_| AppError::validation("path", "the file has too many rows"))
}

/// The header names of the fields a check can refuse.
pub(crate) type ColumnNames = BTreeMap<&'static str, String>;

fn check_error(
    p: imports::CheckedProblem,
    columns: &ColumnNames,
    suggest: &Suggestions,
) -> ImportRowError {
    let message = match p.problem.as_str() {
        "unknownSku" => "no product has this SKU".to_owned(),
        "noChannel" => "the file does not say which channel sold this; choose the channel".into(),
        "unknownChannel" => "no sales channel has this name".into(),
        "futureDate" => "the date is in the future".into(),
        "currencyMismatch" => "the currency is not the channel's market currency".into(),
        "duplicateInFile" => "this order line appears earlier in the file".into(),
        "alreadyImported" => "this order line is already in the sales history".into(),
        "noFxRate" => format!(
            "no exchange rate to {} on or before this day; add one under Catalog, Exchange rates",
            BASE_CURRENCY.as_str()
        ),
        "amountTooLarge" => "the line's amount is too large to store".into(),
        other => other.to_owned(),
    };
    let suggestion = match p.problem.as_str() {
        "unknownSku" => p.value.as_deref().and_then(|v| suggest.sku(v)),
        "unknownChannel" => p.value.as_deref().and_then(|v| suggest.channel(v)),
        _ => None,
    };
    ImportRowError {
        row: n32(p.row.max(0) as u64),
        column: columns.get(p.field.as_str()).cloned(),
        problem: p.problem,
        message,
        value: p.value,
        suggestion,
    }
}

/// The closest known SKU or channel name to a value that matched none.
struct Suggestions {
    skus: Vec<String>,
    channels: Vec<String>,
}

impl Suggestions {
    async fn load(
        conn: &mut sqlx::PgConnection,
        problems: &[imports::CheckedProblem],
    ) -> Result<Self, AppError> {
        let wants = |code| problems.iter().any(|p| p.problem == code);
        let skus = if wants("unknownSku") {
            sentia_db::catalog::skus(&mut *conn).await?
        } else {
            Vec::new()
        };
        let channels = if wants("unknownChannel") {
            sentia_db::catalog::channel_names(&mut *conn).await?
        } else {
            Vec::new()
        };
        Ok(Self { skus, channels })
    }

    fn sku(&self, value: &str) -> Option<String> {
        closest(value, &self.skus)
    }

    fn channel(&self, value: &str) -> Option<String> {
        closest(value, &self.channels)
    }
}

/// The known value most like `value` (case-insensitive Jaro–Winkler of at least 0.8).
fn closest(value: &str, known: &[String]) -> Option<String> {
    let value = value.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&value, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.clone())
}

fn rejections(errors: &[ImportRowError]) -> Vec<Rejection> {
    // One row, one record: the first problem found in it.
    let mut seen = std::collections::HashSet::new();
    errors
        .iter()
        .filter(|e| seen.insert(e.row))
        .map(|e| Rejection {
            row: e.row as i64,
            column: e.column.clone(),
            problem: e.problem.clone(),
            message: e.message.clone(),
            value: e.value.clone(),
            suggestion: e.suggestion.clone(),
        })
        .collect()
}

async fn already_imported(conn: &mut sqlx::PgConnection, file: &str, batch_id: Uuid) -> AppError {
    let when = match imports::batch(conn, batch_id).await {
        Ok(Some(b)) => format!(
            " on {} by {}",
            b.created_at.format("%Y-%m-%d %H:%M UTC"),
            b.created_by_name.as_deref().unwrap_or("someone")
        ),
        _ => String::new(),
    };
    AppError::Conflict {
        constraint: "import_batches_file_once_idx".into(),
        field: Some("path".into()),
        message: format!(
            "{file} was already imported{when} (batch {batch_id}); roll that batch back to import it again"
        ),
    }
}

fn batch(r: sentia_db::imports::BatchRow) -> Result<ImportBatch, AppError> {
    let layout = match r.layout.as_str() {
        "shopify" => ImportLayout::Shopify,
        "amazon" => ImportLayout::Amazon,
        "mapped" => ImportLayout::Mapped,
        _ => ImportLayout::Template,
    };
    let mode = if r.mode == "validOnly" {
        ImportMode::ValidOnly
    } else {
        ImportMode::AllOrNothing
    };
    Ok(ImportBatch {
        id: r.id,
        file: r.file_name,
        layout,
        mode,
        rows_read: r.rows_read.max(0) as u32,
        rows_written: r.rows_written.max(0) as u32,
        rows_rejected: r.rows_rejected.max(0) as u32,
        rows_skipped: r.rows_skipped.max(0) as u32,
        quality: r.quality,
        period: r.first_sale_date.zip(r.last_sale_date),
        imported_by: r.created_by_name.unwrap_or_default(),
        imported_at: r.created_at,
        rolled_back: r.rolled_back_at.map(|at| RollbackInfo {
            by: r.rolled_back_by_name.unwrap_or_default(),
            at,
            reason: r.rollback_reason.unwrap_or_default(),
        }),
    })
}

fn import_layout(layout: Layout) -> ImportLayout {
    match layout {
        Layout::Template => ImportLayout::Template,
        Layout::Shopify => ImportLayout::Shopify,
        Layout::Amazon => ImportLayout::Amazon,
        Layout::Mapped => ImportLayout::Mapped,
    }
}

fn layout_name(layout: Layout) -> &'static str {
    match layout {
        Layout::Template => "template",
        Layout::Shopify => "shopify",
        Layout::Amazon => "amazon",
        Layout::Mapped => "mapped",
    }
}

fn source_name(layout: Layout) -> &'static str {
    match layout {
        Layout::Template | Layout::Mapped => "import",
        Layout::Shopify => "shopify",
        Layout::Amazon => "amazon",
    }
}

/// The parser's mapping of the columns the user chose.
fn to_mapping(chosen: &ColumnMapping) -> Mapping {
    let optional = |name: &Option<String>| name.clone().filter(|n| !n.trim().is_empty());
    let mut columns = vec![
        (Field::Date, chosen.date.clone()),
        (Field::Order, chosen.order_id.clone()),
        (Field::Sku, chosen.sku.clone()),
        (Field::Quantity, chosen.quantity.clone()),
        (Field::Price, chosen.unit_price.clone()),
        (Field::Currency, chosen.currency.clone()),
    ];
    if let Some(line) = optional(&chosen.line) {
        columns.push((Field::Line, line));
    }
    if let Some(channel) = optional(&chosen.channel) {
        columns.push((Field::Channel, channel));
    }
    Mapping { columns }
}

/// What a header is remembered by: its names, trimmed and in lower case, hashed.
fn header_key(header: &[String]) -> String {
    let mut hasher = sha2::Sha256::new();
    for name in header {
        hasher.update(name.trim().to_lowercase().as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// Rows a preview shows.
const PREVIEW_ROWS: usize = 20;

/// The header and first rows of a file, its layout if Sentia recognises it, and the
/// columns this user chose last time for a file with the same header.
pub async fn preview_file(app: &App, path: &str) -> Result<FilePreview, AppError> {
    let auth = app.authorise(Permission::DataImport)?;
    let path = std::path::PathBuf::from(path);
    let file = file_name(&path);
    let preview = {
        let file = file.clone();
        // A workbook is converted whole: off the async threads.
        tokio::task::spawn_blocking(move || read::preview(&path, &file, PREVIEW_ROWS))
            .await
            .map_err(|e| AppError::internal(&e))??
    };
    let mut tx = app.begin(auth).await?;
    let remembered = imports::remembered_mapping(tx.conn(), &header_key(&preview.header))
        .await?
        .and_then(|json| serde_json::from_value(json).ok());
    tx.commit().await?;
    Ok(FilePreview {
        file,
        header: preview.header,
        rows: preview.rows,
        layout: preview.layout.map(import_layout),
        remembered,
    })
}

fn mode_name(mode: ImportMode) -> &'static str {
    match mode {
        ImportMode::AllOrNothing => "allOrNothing",
        ImportMode::ValidOnly => "validOnly",
    }
}

/// The header names a check's field codes refer to.
pub(crate) fn column_names(name: impl Fn(Field) -> Option<String>) -> ColumnNames {
    [
        ("sku", Field::Sku),
        ("channel", Field::Channel),
        ("date", Field::Date),
        ("currency", Field::Currency),
        ("order", Field::Order),
        ("unit_price", Field::Price),
    ]
    .into_iter()
    .filter_map(|(code, field)| name(field).map(|n| (code, n)))
    .collect()
}
