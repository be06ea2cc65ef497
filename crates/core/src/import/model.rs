//! What a sales import takes, reports while it runs, and returns.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A file to import and how.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRequest {
    /// The file on this computer (CSV, TSV or XLSX).
    pub path: String,
    /// The sales channel of every row, replacing any channel column (Shopify and Amazon
    /// files name none Sentia knows).
    pub channel: Option<String>,
    /// Refuse the file unless it is in this layout (otherwise recognised from the header).
    pub layout: Option<ImportLayout>,
    /// What to do with a file that has invalid rows.
    pub mode: ImportMode,
    /// Check everything, write nothing (the report shows what an import would do).
    pub dry_run: bool,
    /// The columns to read, for a file whose layout Sentia does not recognise; remembered
    /// for the next file with the same header.
    #[serde(default)]
    pub mapping: Option<ColumnMapping>,
}

/// Which column of a file holds each field of a sale line (header names, any case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// The order's day.
    pub date: String,
    /// The order's reference.
    pub order_id: String,
    /// The line within the order (optional: lines are numbered in file order).
    pub line: Option<String>,
    /// The product's SKU.
    pub sku: String,
    /// The sales channel (optional when the import names one for every row).
    pub channel: Option<String>,
    /// Units sold.
    pub quantity: String,
    /// The price of one unit.
    pub unit_price: String,
    /// ISO currency code.
    pub currency: String,
}

/// The first rows of a file, to choose its columns before importing it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FilePreview {
    /// File name.
    pub file: String,
    /// The header's names.
    pub header: Vec<String>,
    /// The first rows, as text.
    pub rows: Vec<Vec<String>>,
    /// The layout recognised from the header; none when the columns must be chosen.
    pub layout: Option<ImportLayout>,
    /// The columns this user chose last time for a file with this header.
    pub remembered: Option<ColumnMapping>,
}

/// A file layout recognised from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ImportLayout {
    /// Sentia's own template.
    Template,
    /// Shopify admin "Export orders".
    Shopify,
    /// Amazon Seller Central "All Orders".
    Amazon,
    /// Another layout, read through the columns the user chose.
    Mapped,
}

/// What happens to a file with invalid rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ImportMode {
    /// Any invalid row rejects the whole file; nothing is written.
    AllOrNothing,
    /// The valid rows are written; the invalid ones are recorded with the batch.
    ValidOnly,
}

/// Where an import is, sent while it runs.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// The step under way.
    pub stage: ImportStage,
    /// Data rows read from the file so far.
    pub rows_read: u32,
    /// Rows checked against the catalog (all of them once validation ends).
    pub rows_validated: u32,
    /// Rows written to the sales history.
    pub rows_written: u32,
    /// Share of the file's bytes read, 0–1.
    pub fraction_read: f64,
    /// Rows read per second since the import started.
    pub rows_per_second: f64,
}

/// The steps of an import, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ImportStage {
    /// Reading and parsing the file into the staging table.
    Reading,
    /// Checking rows against the catalog, the exchange rates and the history.
    Validating,
    /// Moving the accepted rows into the sales history.
    Writing,
    /// Finished (the report follows).
    Done,
}

/// How an import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ImportOutcome {
    /// The accepted rows were written as a batch.
    Imported,
    /// Invalid rows (all-or-nothing) or no valid row at all: nothing was written.
    Rejected,
    /// A dry run: nothing was written; the figures are what an import would do.
    Checked,
}

/// What an import did, or would do.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// How it ended.
    pub outcome: ImportOutcome,
    /// The batch written (outcome `imported`).
    pub batch_id: Option<Uuid>,
    /// The file's name.
    pub file: String,
    /// The layout it was read as.
    pub layout: ImportLayout,
    /// Data rows read (sales lines and skipped lines).
    pub rows_read: u32,
    /// Rows that are valid sales lines.
    pub rows_valid: u32,
    /// Rows written (0 unless `imported`).
    pub rows_written: u32,
    /// Rows with an error.
    pub rows_rejected: u32,
    /// Lines that are not sales (Amazon's cancelled and pending orders).
    pub rows_skipped: u32,
    /// Mean data-quality score of the valid rows, 0–1 (none without valid rows).
    pub quality: Option<Decimal>,
    /// How many valid rows carry each quality flag.
    pub flags: Vec<FlagCount>,
    /// The row errors, in file order: all of them up to [`super::MAX_REPORTED_ERRORS`].
    pub errors: Vec<ImportRowError>,
    /// The first and last sale dates among the valid rows.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Seconds the import took.
    pub seconds: f64,
}

/// One problem in one row.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowError {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: u32,
    /// The column's name in the file, when the problem is in one cell.
    pub column: Option<String>,
    /// What kind of problem (stable code for grouping, e.g. `unknownSku`).
    pub problem: String,
    /// What is wrong, in words.
    pub message: String,
    /// The offending value as read.
    pub value: Option<String>,
    /// The closest known value, when there is one (unknown SKU or channel).
    pub suggestion: Option<String>,
}

/// A quality flag and how many rows carry it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FlagCount {
    /// The flag (`estimatedCost`, `priceOutlier`, `fxRateStale`, `inactiveProduct`).
    pub flag: String,
    /// Rows with it.
    pub rows: u32,
}

/// A past import.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportBatch {
    /// Batch id.
    pub id: Uuid,
    /// The file's name.
    pub file: String,
    /// The layout it was read as.
    pub layout: ImportLayout,
    /// How invalid rows were treated.
    pub mode: ImportMode,
    /// Rows read, written, rejected and skipped.
    pub rows_read: u32,
    /// Rows written.
    pub rows_written: u32,
    /// Rows rejected (recorded with the batch).
    pub rows_rejected: u32,
    /// Lines that were not sales.
    pub rows_skipped: u32,
    /// Mean data-quality score of the rows written.
    pub quality: Option<Decimal>,
    /// First and last sale date written.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// Who imported it.
    pub imported_by: String,
    /// When.
    pub imported_at: DateTime<Utc>,
    /// When it was rolled back, by whom and why; none while its rows stand.
    pub rolled_back: Option<RollbackInfo>,
}

/// A batch's rollback.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RollbackInfo {
    /// Who rolled it back.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, as they said.
    pub reason: String,
}
