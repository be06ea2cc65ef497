//! Sales imports: the staging table filled by `COPY`, the set-based check of its rows
//! (`sales_import_checked`), the move into the sales history, and the batches.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::postgres::PgCopyIn;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::DbError;

/// Opens a `COPY` of CSV records into the staging table. Each record is
/// `import_id,row_no,order_ref,order_line,sale_date,sku,channel,quantity,unit_price,currency`
/// (an empty unquoted `channel` is NULL).
pub async fn copy_into_staging(
    conn: &mut PgConnection,
) -> Result<PgCopyIn<&mut PgConnection>, DbError> {
    Ok(conn
        .copy_in_raw(
            "COPY sales_import_staging (import_id, row_no, order_ref, order_line, sale_date, sku,
                                        channel, quantity, unit_price, currency)
             FROM STDIN (FORMAT csv)",
        )
        .await?)
}

/// Lets this transaction's statements run up to [`IMPORT_STATEMENT_TIMEOUT`]: checking and
/// moving a million rows takes longer than an interactive query may.
pub async fn allow_long_statements(conn: &mut PgConnection) -> Result<(), DbError> {
    let timeout = format!("{}s", IMPORT_STATEMENT_TIMEOUT.as_secs());
    sqlx::query!("SELECT set_config('statement_timeout', $1, true)", timeout)
        .fetch_one(conn)
        .await?;
    Ok(())
}

/// The longest one statement of an import may run.
pub const IMPORT_STATEMENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes an import's staged rows (before its transaction commits).
pub async fn clear_staging(ex: impl PgExecutor<'_>, import_id: Uuid) -> Result<(), DbError> {
    sqlx::query!(
        "DELETE FROM sales_import_staging WHERE import_id = $1",
        import_id
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// What the check of staged rows is relative to.
#[derive(Debug, Clone, Copy)]
pub struct CheckScope<'a> {
    /// The import.
    pub import_id: Uuid,
    /// The channel of every row, when the user chose one.
    pub channel: Option<&'a str>,
    /// The currency `fx_rate_to_base` converts to.
    pub base_currency: &'a str,
    /// Sales after this day are refused as future.
    pub today: NaiveDate,
}

/// A staged row refused by the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProblem {
    /// The file's row.
    pub row: i64,
    /// Problem code, e.g. `unknownSku`.
    pub problem: String,
    /// The field concerned (`sku`, `channel`, `date`, `currency`, `order`, `unit_price`).
    pub field: String,
    /// The value concerned, in words.
    pub value: Option<String>,
}

/// The refused rows, in file order, at most `limit`.
pub async fn problems(
    ex: impl PgExecutor<'_>,
    scope: CheckScope<'_>,
    limit: i64,
) -> Result<Vec<CheckedProblem>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT row_no AS "row!", problem AS "problem!", column_name AS "field!", value
           FROM sales_import_checked($1, $2, $3, $4)
           WHERE problem IS NOT NULL ORDER BY row_no LIMIT $5"#,
        scope.import_id,
        scope.channel,
        scope.base_currency,
        scope.today,
        limit
    )
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CheckedProblem {
            row: r.row,
            problem: r.problem,
            field: r.field,
            value: r.value,
        })
        .collect())
}

/// The figures of a check: how many rows pass and what they are like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSummary {
    /// Rows that pass.
    pub valid: i64,
    /// Rows refused.
    pub refused: i64,
    /// Mean quality of the valid rows.
    pub quality: Option<Decimal>,
    /// First and last sale date of the valid rows.
    pub first: Option<NaiveDate>,
    /// Last sale date of the valid rows.
    pub last: Option<NaiveDate>,
    /// (flag, valid rows carrying it), by flag.
    pub flags: Vec<(String, i64)>,
}

/// Counts, quality and period of the check.
pub async fn summary(
    conn: &mut PgConnection,
    scope: CheckScope<'_>,
) -> Result<CheckSummary, DbError> {
    let totals = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE problem IS NULL) AS "valid!",
                  count(*) FILTER (WHERE problem IS NOT NULL) AS "refused!",
                  round(avg(quality) FILTER (WHERE problem IS NULL), 2) AS quality,
                  min(sale_date) FILTER (WHERE problem IS NULL) AS first,
                  max(sale_date) FILTER (WHERE problem IS NULL) AS last
           FROM sales_import_checked($1, $2, $3, $4)"#,
        scope.import_id,
        scope.channel,
        scope.base_currency,
        scope.today
    )
    .fetch_one(&mut *conn)
    .await?;
    let flags = sqlx::query!(
        r#"SELECT f.flag ->> 'rule' AS "flag!", count(*) AS "rows!"
           FROM sales_import_checked($1, $2, $3, $4) c, jsonb_array_elements(c.flags) AS f(flag)
           WHERE c.problem IS NULL
           GROUP BY 1 ORDER BY 1"#,
        scope.import_id,
        scope.channel,
        scope.base_currency,
        scope.today
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(CheckSummary {
        valid: totals.valid,
        refused: totals.refused,
        quality: totals.quality,
        first: totals.first,
        last: totals.last,
        flags: flags.into_iter().map(|f| (f.flag, f.rows)).collect(),
    })
}

/// Moves the rows that pass into the sales history as `batch_id`; returns how many.
pub async fn insert_checked(
    ex: impl PgExecutor<'_>,
    scope: CheckScope<'_>,
    batch_id: Uuid,
    source: &str,
) -> Result<u64, DbError> {
    let done = sqlx::query!(
        "INSERT INTO historical_sales (
             product_id, sales_channel_id, sale_date, quantity_sold, unit_price, gross_revenue,
             net_revenue, cogs, platform_fees, net_profit, currency_code, fx_rate_to_base, season,
             source, data_quality_score, validation_flags, import_batch_id, order_ref, order_line)
         SELECT product_id, sales_channel_id, sale_date, quantity, unit_price, gross_revenue,
                gross_revenue, cogs, platform_fees, gross_revenue - cogs - platform_fees, currency,
                fx_rate_to_base, season, $6, quality, flags, $5, order_ref, order_line
         FROM sales_import_checked($1, $2, $3, $4)
         WHERE problem IS NULL",
        scope.import_id,
        scope.channel,
        scope.base_currency,
        scope.today,
        batch_id,
        source
    )
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// A batch's record, as written once its rows are known.
#[derive(Debug, Clone)]
pub struct NewBatch<'a> {
    /// The file's name.
    pub file_name: &'a str,
    /// SHA-256 of the file, lower-case hex.
    pub file_sha256: &'a str,
    /// `template`, `shopify` or `amazon`.
    pub layout: &'a str,
    /// `allOrNothing` or `validOnly`.
    pub mode: &'a str,
    /// Data rows read.
    pub rows_read: i32,
    /// Rows written.
    pub rows_written: i32,
    /// Rows refused.
    pub rows_rejected: i32,
    /// Lines that were not sales.
    pub rows_skipped: i32,
    /// Mean quality of the rows written.
    pub quality: Option<Decimal>,
    /// First sale date written.
    pub first_sale_date: Option<NaiveDate>,
    /// Last sale date written.
    pub last_sale_date: Option<NaiveDate>,
}

/// Records a batch; returns its id.
pub async fn insert_batch(ex: impl PgExecutor<'_>, b: &NewBatch<'_>) -> Result<Uuid, DbError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO import_batches (file_name, file_sha256, layout, mode, rows_read, rows_written,
                                     rows_rejected, rows_skipped, quality, first_sale_date, last_sale_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        b.file_name,
        b.file_sha256,
        b.layout,
        b.mode,
        b.rows_read,
        b.rows_written,
        b.rows_rejected,
        b.rows_skipped,
        b.quality,
        b.first_sale_date,
        b.last_sale_date
    )
    .fetch_one(ex)
    .await?)
}

/// A row left out of a batch, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The file's row.
    pub row: i64,
    /// The column's name in the file.
    pub column: Option<String>,
    /// Problem code.
    pub problem: String,
    /// What is wrong.
    pub message: String,
    /// The offending value.
    pub value: Option<String>,
    /// The closest known value.
    pub suggestion: Option<String>,
}

/// Records a batch's rejected rows.
pub async fn insert_rejections(
    ex: impl PgExecutor<'_>,
    batch_id: Uuid,
    rows: &[Rejection],
) -> Result<(), DbError> {
    let row: Vec<i64> = rows.iter().map(|r| r.row).collect();
    let column: Vec<Option<String>> = rows.iter().map(|r| r.column.clone()).collect();
    let problem: Vec<String> = rows.iter().map(|r| r.problem.clone()).collect();
    let message: Vec<String> = rows.iter().map(|r| r.message.clone()).collect();
    let value: Vec<Option<String>> = rows.iter().map(|r| r.value.clone()).collect();
    let suggestion: Vec<Option<String>> = rows.iter().map(|r| r.suggestion.clone()).collect();
    sqlx::query!(
        "INSERT INTO import_rejections (batch_id, row_no, column_name, problem, message, value, suggestion)
         SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])",
        batch_id,
        &row,
        &column as &[Option<String>],
        &problem,
        &message,
        &value as &[Option<String>],
        &suggestion as &[Option<String>]
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// A batch's rejected rows, in file order.
pub async fn rejections(
    ex: impl PgExecutor<'_>,
    batch_id: Uuid,
) -> Result<Vec<Rejection>, DbError> {
    Ok(sqlx::query_as!(
        Rejection,
        r#"SELECT row_no AS row, column_name AS column, problem, message, value, suggestion
           FROM import_rejections WHERE batch_id = $1 ORDER BY row_no"#,
        batch_id
    )
    .fetch_all(ex)
    .await?)
}

/// A batch as listed.
#[derive(Debug, Clone)]
pub struct BatchRow {
    /// Batch id.
    pub id: Uuid,
    /// The file's name.
    pub file_name: String,
    /// Layout.
    pub layout: String,
    /// Mode.
    pub mode: String,
    /// Rows read.
    pub rows_read: i32,
    /// Rows written.
    pub rows_written: i32,
    /// Rows rejected.
    pub rows_rejected: i32,
    /// Lines that were not sales.
    pub rows_skipped: i32,
    /// Mean quality.
    pub quality: Option<Decimal>,
    /// First sale date.
    pub first_sale_date: Option<NaiveDate>,
    /// Last sale date.
    pub last_sale_date: Option<NaiveDate>,
    /// Who imported it.
    pub created_by_name: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it was rolled back.
    pub rolled_back_at: Option<DateTime<Utc>>,
    /// Who rolled it back.
    pub rolled_back_by_name: Option<String>,
    /// Why.
    pub rollback_reason: Option<String>,
}

/// Batches, newest first.
pub async fn list_batches(ex: impl PgExecutor<'_>, limit: i64) -> Result<Vec<BatchRow>, DbError> {
    Ok(sqlx::query_as!(
        BatchRow,
        r#"SELECT id, file_name, layout, mode, rows_read, rows_written, rows_rejected, rows_skipped,
                  quality, first_sale_date, last_sale_date,
                  sentia_user_label(created_by) AS "created_by_name?", created_at,
                  rolled_back_at, sentia_user_label(rolled_back_by) AS "rolled_back_by_name?",
                  rollback_reason
           FROM import_batches ORDER BY created_at DESC, id LIMIT $1"#,
        limit
    )
    .fetch_all(ex)
    .await?)
}

/// One batch.
pub async fn batch(ex: impl PgExecutor<'_>, id: Uuid) -> Result<Option<BatchRow>, DbError> {
    Ok(sqlx::query_as!(
        BatchRow,
        r#"SELECT id, file_name, layout, mode, rows_read, rows_written, rows_rejected, rows_skipped,
                  quality, first_sale_date, last_sale_date,
                  sentia_user_label(created_by) AS "created_by_name?", created_at,
                  rolled_back_at, sentia_user_label(rolled_back_by) AS "rolled_back_by_name?",
                  rollback_reason
           FROM import_batches WHERE id = $1"#,
        id
    )
    .fetch_optional(ex)
    .await?)
}

/// The standing batch (not rolled back) of a file with this hash, if any.
pub async fn standing_batch_of_file(
    ex: impl PgExecutor<'_>,
    file_sha256: &str,
) -> Result<Option<Uuid>, DbError> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM import_batches WHERE file_sha256 = $1 AND status = 'imported'",
        file_sha256
    )
    .fetch_optional(ex)
    .await?)
}

/// Marks a standing batch rolled back and deletes its rows from the sales history;
/// returns how many rows went, or `None` when there is no such standing batch.
pub async fn roll_back(
    conn: &mut PgConnection,
    batch_id: Uuid,
    reason: &str,
) -> Result<Option<u64>, DbError> {
    let marked = sqlx::query!(
        "UPDATE import_batches SET status = 'rolled_back', rollback_reason = $2
         WHERE id = $1 AND status = 'imported'",
        batch_id,
        reason
    )
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(None);
    }
    let deleted = sqlx::query!(
        "DELETE FROM historical_sales WHERE import_batch_id = $1",
        batch_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(Some(deleted.rows_affected()))
}

/// The columns the acting user chose for files with this header, if any.
pub async fn remembered_mapping(
    ex: impl PgExecutor<'_>,
    header_key: &str,
) -> Result<Option<serde_json::Value>, DbError> {
    Ok(sqlx::query_scalar!(
        "SELECT mapping FROM import_mappings
         WHERE user_id = sentia_current_user_id() AND header_key = $1",
        header_key
    )
    .fetch_optional(ex)
    .await?)
}

/// Remembers the columns the acting user chose for files with this header.
pub async fn remember_mapping(
    ex: impl PgExecutor<'_>,
    header_key: &str,
    mapping: &serde_json::Value,
) -> Result<(), DbError> {
    sqlx::query!(
        "INSERT INTO import_mappings (header_key, mapping) VALUES ($1, $2)
         ON CONFLICT (user_id, header_key) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()",
        header_key,
        mapping
    )
    .execute(ex)
    .await?;
    Ok(())
}
