//! Sales import benchmark: a generated Shopify "Export orders" file imported end to end
//! (parse, COPY, set-based check, move into the history) by the app's use case, as the
//! app role with RLS on, against row-by-row `INSERT`s of the same file in the same run;
//! and peak memory after a file a quarter the size, to show it flat in the file's size.
//!
//! ```text
//! DATABASE_URL=postgres://postgres@host/sentia_bench \
//!   cargo run --release -p sentia-core --example import_bench -- [rows]   (default 1,000,000)
//! ```
//!
//! The database must be migrated (`sentia migrate`); the benchmark adds its own small
//! catalog and user, and rolls every batch back, so it can run again.

mod bench_common;

use bench_common::{peak_mib, signed_in_app};
use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;

use rust_decimal::Decimal;
use sentia_core::import::{self, ImportMode, ImportOutcome, ImportRequest, ImportStage};
use sentia_core::job::Cancel;
use sentia_core::App;
use sqlx::{Connection, PgPool};
use uuid::Uuid;

const PRODUCTS: usize = 40;
const CHANNEL: &str = "Bench Shopify UK";
const USER: &str = "bench-importer";
const PASSWORD: &str = "bench importer password";

fn sku(i: usize) -> String {
    format!("BENCH-{:03}", i % PRODUCTS)
}

/// A Shopify export of `rows` line items: orders of one to three lines, order-level
/// columns blank on continuation rows, as Shopify writes them.
fn shopify_file(path: &std::path::Path, rows: usize, run: &str) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "Name,Email,Financial Status,Paid at,Fulfillment Status,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Country,Vendor,Id").unwrap();
    let (mut written, mut order) = (0usize, 0usize);
    while written < rows {
        order += 1;
        let lines = 1 + order % 3;
        let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
            + chrono::Duration::days((order % 1000) as i64);
        for line in 0..lines.min(rows - written) {
            let qty = 1 + (order + line) % 4;
            let price = Decimal::new(2999 + ((order * 7 + line) % 500) as i64, 2);
            if line == 0 {
                writeln!(out, "#{run}-{order},buyer{order}@example.com,paid,{day} 10:00:00 +0000,fulfilled,no,GBP,{price},4.99,5.00,{price},,0.00,{day} 10:00:00 +0000,{qty},Bench product,{price},,{},true,true,fulfilled,GB,Sentia,{order}", sku(order + line)).unwrap();
            } else {
                writeln!(out, "#{run}-{order},buyer{order}@example.com,,,,,,,,,,,,,{qty},Bench product,{price},,{},true,true,fulfilled,,Sentia,", sku(order + line)).unwrap();
            }
            written += 1;
        }
    }
    out.flush().unwrap();
}

async fn set_up(owner: &PgPool) {
    // The statement is this file's constants.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
         VALUES ('UK', 'United Kingdom', 'GBP', 0.2, 3, 1) ON CONFLICT (code) DO NOTHING;
         INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price)
         SELECT format('BENCH-%s', lpad(i::text, 3, '0')), 'Bench product', 'GABA Red', 'UK', 10, 32
         FROM generate_series(0, {last}) i ON CONFLICT (sku) DO NOTHING;
         INSERT INTO sales_channels (name, channel_type, market_code, commission_rate, fulfillment_method)
         SELECT '{CHANNEL}', 'Shopify', 'UK', 0.029, 'Own'
         WHERE NOT EXISTS (SELECT 1 FROM sales_channels WHERE name = '{CHANNEL}');",
        last = PRODUCTS - 1
    )))
    .execute(owner)
    .await
    .unwrap();
    bench_common::bench_user(owner, USER, PASSWORD, "manager").await;
}

/// Imports `path` through the use case; returns (seconds, rows written), rolling it back.
async fn import_once(app: &App, path: &std::path::Path) -> (f64, u32, f64) {
    let request = ImportRequest {
        path: path.to_string_lossy().into_owned(),
        channel: Some(CHANNEL.into()),
        layout: None,
        mode: ImportMode::AllOrNothing,
        dry_run: false,
        mapping: None,
    };
    let started = Instant::now();
    let stages = std::sync::Mutex::new(Vec::<(ImportStage, f64)>::new());
    let report = import::import_sales(
        app,
        &request,
        &|p| {
            let mut stages = stages.lock().unwrap();
            if stages.last().map(|s| s.0) != Some(p.stage) {
                stages.push((p.stage, started.elapsed().as_secs_f64()));
            }
        },
        &Cancel::default(),
    )
    .await
    .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let stages = stages.into_inner().unwrap();
    let steps: Vec<String> = stages
        .windows(2)
        .map(|w| format!("{:?} {:.2} s", w[0].0, w[1].1 - w[0].1))
        .collect();
    println!("  steps: {}", steps.join(", "));
    assert_eq!(
        report.outcome,
        ImportOutcome::Imported,
        "{:?}",
        &report.errors[..report.errors.len().min(5)]
    );
    let started = Instant::now();
    import::roll_back(app, report.batch_id.unwrap(), "benchmark")
        .await
        .unwrap();
    (
        seconds,
        report.rows_written,
        started.elapsed().as_secs_f64(),
    )
}

/// The baseline: the same file parsed by the same parser, then one `INSERT` per row in
/// one transaction, as the app role; rolled back at the end.
async fn row_by_row(app_pool: &PgPool, token: &str, path: &std::path::Path) -> (f64, u64) {
    let mut conn = app_pool.acquire().await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    sqlx::query("SELECT set_config('sentia.session', $1, true)")
        .bind(token)
        .execute(&mut *tx)
        .await
        .unwrap();
    let channel: Uuid = sqlx::query_scalar("SELECT id FROM sales_channels WHERE name = $1")
        .bind(CHANNEL)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let products: HashMap<String, (Uuid, Decimal)> =
        sqlx::query_as::<_, (String, Uuid, Decimal)>("SELECT sku, id, unit_cost FROM products")
            .fetch_all(&mut *tx)
            .await
            .unwrap()
            .into_iter()
            .map(|(s, id, cost)| (s, (id, cost)))
            .collect();
    let started = Instant::now();
    let file = std::fs::File::open(path).unwrap();
    let mut rows = 0u64;
    for line in sentia_import::parse(std::io::BufReader::new(file)).unwrap() {
        let line = line.unwrap();
        let (product, cost) = products[&line.sku];
        let gross = (Decimal::from(line.quantity) * line.unit_price).round_dp(2);
        let cogs = (Decimal::from(line.quantity) * cost).round_dp(2);
        let fees = (gross * Decimal::new(29, 3)).round_dp(2);
        sqlx::query(
            "INSERT INTO historical_sales (product_id, sales_channel_id, sale_date, quantity_sold, unit_price,
                 gross_revenue, net_revenue, cogs, platform_fees, net_profit, currency_code, season, source,
                 order_ref, order_line)
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $6 - $7 - $8, $9, 'winter', 'shopify', $10, $11)",
        )
        .bind(product)
        .bind(channel)
        .bind(line.date)
        .bind(line.quantity as i32)
        .bind(line.unit_price.round_dp(2))
        .bind(gross)
        .bind(cogs)
        .bind(fees)
        .bind(&line.currency)
        .bind(&line.order_id)
        .bind(line.line_no as i32)
        .execute(&mut *tx)
        .await
        .unwrap();
        rows += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    tx.rollback().await.unwrap();
    (seconds, rows)
}

#[tokio::main]
async fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.replace('_', "").parse().unwrap());
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let owner = PgPool::connect(&url).await.unwrap();
    sentia_db::migrate(&owner).await.unwrap();
    set_up(&owner).await;
    // The app's role, with row-level security on, as the desktop app connects.
    let (app, app_pool, dir) = signed_in_app(&url, USER, PASSWORD).await;

    let run = Uuid::new_v4().simple().to_string()[..8].to_owned();
    let quarter = dir.path().join("orders_export_quarter.csv");
    let full = dir.path().join("orders_export.csv");
    shopify_file(&quarter, rows / 4, &format!("{run}q"));
    shopify_file(&full, rows, &run);
    let mib = |p: &std::path::Path| std::fs::metadata(p).unwrap().len() as f64 / (1 << 20) as f64;
    println!(
        "files: {} rows ({:.0} MiB) and {} rows ({:.0} MiB), Shopify layout",
        rows / 4,
        mib(&quarter),
        rows,
        mib(&full)
    );

    let baseline_peak = peak_mib();
    let (q_secs, q_rows, _) = import_once(&app, &quarter).await;
    let quarter_peak = peak_mib();
    let (secs, written, rollback_secs) = import_once(&app, &full).await;
    let full_peak = peak_mib();
    let rate = f64::from(written) / secs;
    println!(
        "import, quarter file:  {q_rows:>9} rows in {q_secs:6.2} s = {:>9.0} rows/s",
        f64::from(q_rows) / q_secs
    );
    println!("import, full file:     {written:>9} rows in {secs:6.2} s = {rate:>9.0} rows/s   (target >= 200,000 rows/s)");
    println!("rollback of the full batch: {rollback_secs:.2} s");
    println!(
        "peak memory (VmHWM): {baseline_peak:.0} MiB before, {quarter_peak:.0} MiB after the quarter file, {full_peak:.0} MiB after the full file"
    );

    let token = app.session().unwrap();
    let token = secrecy::ExposeSecret::expose_secret(token.token()).to_owned();
    if std::env::var_os("IMPORT_BENCH_NO_BASELINE").is_some() {
        return;
    }
    let (b_secs, b_rows) = row_by_row(&app_pool, &token, &full).await;
    let b_rate = b_rows as f64 / b_secs;
    println!(
        "baseline, row-by-row INSERT: {b_rows:>9} rows in {b_secs:6.2} s = {b_rate:>9.0} rows/s"
    );
    println!("import / baseline: {:.1}x", rate / b_rate);
}
