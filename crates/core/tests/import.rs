//! Sales import against the real PostgreSQL: all or nothing, valid rows only, re-import,
//! rollback, cancel, the layouts, and the dashboard's summaries exact afterwards.

use std::path::PathBuf;
use std::sync::Mutex;

use rust_decimal::Decimal;
use sentia_core::import::{
    self, ImportLayout, ImportMode, ImportOutcome, ImportProgress, ImportRequest, ImportStage,
};
use sentia_core::job::Cancel;
use sentia_core::{App, AppError};
use sqlx::PgPool;

mod common;

const CATALOG: &str = r#"
INSERT INTO markets (code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days)
VALUES ('UK', 'United Kingdom', 'GBP', 0.2, 3, 1), ('EU', 'European Union', 'EUR', 0.19, 5, 2);
INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price)
VALUES ('RED-UK', 'Red UK', 'GABA Red', 'UK', 10, 30), ('GOLD-EU', 'Gold EU', 'GABA Gold', 'EU', 20, 60);
INSERT INTO sales_channels (name, channel_type, market_code, commission_rate, fulfillment_method,
                            fulfillment_fee_per_unit)
VALUES ('Amazon UK', 'Amazon', 'UK', 0.15, 'FBA', 2.5), ('Shopify EU', 'Shopify', 'EU', 0.03, 'Own', 0);
INSERT INTO fx_rates (base_currency, quote_currency, rate_date, rate, source)
VALUES ('EUR', 'GBP', '2024-02-26', 0.85, 'ECB');
"#;

const GOOD: &str = "date,order_id,sku,channel,quantity,unit_price,currency\n\
                    2024-03-01,A-1,RED-UK,Amazon UK,2,29.99,GBP\n\
                    2024-03-01,A-1,RED-UK,Amazon UK,1,29.99,GBP\n\
                    2024-03-02,A-2,RED-UK,Amazon UK,4,31.00,GBP\n\
                    2024-03-02,S-1,GOLD-EU,Shopify EU,1,59.00,EUR\n";

/// The same file with one unknown SKU on row 4.
const ONE_BAD: &str = "date,order_id,sku,channel,quantity,unit_price,currency\n\
                       2024-03-01,A-1,RED-UK,Amazon UK,2,29.99,GBP\n\
                       2024-03-01,A-1,RED-UK,Amazon UK,1,29.99,GBP\n\
                       2024-03-02,A-2,RED-UKK,Amazon UK,4,31.00,GBP\n\
                       2024-03-02,S-1,GOLD-EU,Shopify EU,1,59.00,EUR\n";

async fn importer(pool: &PgPool) -> (App, tempfile::TempDir) {
    sqlx::raw_sql(CATALOG).execute(pool).await.unwrap();
    let (app, dir, _) = common::signed_in(pool, "ines", "manager").await;
    (app, dir)
}

fn write(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> String {
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

fn request(path: &str, mode: ImportMode, dry_run: bool) -> ImportRequest {
    ImportRequest {
        path: path.to_owned(),
        channel: None,
        layout: None,
        mode,
        dry_run,
        mapping: None,
    }
}

async fn run(app: &App, req: &ImportRequest) -> Result<import::ImportReport, AppError> {
    import::import_sales(app, req, &|_| {}, &Cancel::default()).await
}

async fn sales_rows(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM historical_sales")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Every summary equals the sums of `historical_sales` it stands for.
async fn assert_summaries_exact(pool: &PgPool) {
    let (daily, direct): (Option<Decimal>, Option<Decimal>) = sqlx::query_as(
        "SELECT (SELECT sum(net_revenue) FROM sales_daily_summary),
                (SELECT sum(net_revenue) FROM historical_sales)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(daily, direct, "daily summary");
    let (monthly, units): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT sum(units)::bigint FROM sales_product_monthly_summary),
                (SELECT sum(quantity_sold)::bigint FROM historical_sales)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(monthly, units, "product monthly summary");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_good_file_is_imported_with_its_amounts_and_the_summaries_follow(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let path = write(&dir, "march.csv", GOOD.as_bytes());
    let progress = Mutex::new(Vec::<ImportProgress>::new());
    let report = import::import_sales(
        &app,
        &request(&path, ImportMode::AllOrNothing, false),
        &|p| progress.lock().unwrap().push(p),
        &Cancel::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.outcome, ImportOutcome::Imported, "{report:?}");
    assert_eq!(report.layout, ImportLayout::Template);
    assert_eq!((report.rows_read, report.rows_written), (4, 4));
    assert!(report.errors.is_empty());
    assert_eq!(sales_rows(&pool).await, 4);
    let stages: Vec<ImportStage> = progress.lock().unwrap().iter().map(|p| p.stage).collect();
    assert_eq!(stages.first(), Some(&ImportStage::Reading));
    assert_eq!(stages.last(), Some(&ImportStage::Done));
    assert!(stages.contains(&ImportStage::Writing));

    // A-2: 4 × 31.00 on Amazon UK: 15 % commission plus 2.50 a unit; cost 10 a unit.
    let (gross, fees, cogs, profit, line, fx, source): (
        Decimal,
        Decimal,
        Decimal,
        Decimal,
        i32,
        Decimal,
        String,
    ) = sqlx::query_as(
        "SELECT gross_revenue, platform_fees, cogs, net_profit, order_line, fx_rate_to_base, source
             FROM historical_sales WHERE order_ref = 'A-2'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(gross, Decimal::new(12400, 2));
    assert_eq!(fees, Decimal::new(2860, 2)); // 18.60 + 10.00
    assert_eq!(cogs, Decimal::new(4000, 2));
    assert_eq!(profit, gross - fees - cogs);
    assert_eq!((line, fx, source.as_str()), (1, Decimal::ONE, "import"));
    // The EUR line is converted at the latest rate on or before its day, flagged stale
    // (older than a week? no: 2024-02-26 to 2024-03-02 is within one).
    let (eur_fx, flags): (Decimal, serde_json::Value) = sqlx::query_as(
        "SELECT fx_rate_to_base, validation_flags FROM historical_sales WHERE order_ref = 'S-1'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(eur_fx, Decimal::new(85, 2));
    assert_eq!(
        flags,
        serde_json::json!([{"rule": "estimatedCost", "severity": "info"}])
    );
    assert_eq!(report.quality, Some(Decimal::new(95, 2)));
    assert_summaries_exact(&pool).await;

    let batches = import::list_batches(&app).await.unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].rows_written, 4);
    assert_eq!(batches[0].file, "march.csv");
    assert!(batches[0].rolled_back.is_none());
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn one_bad_row_rejects_the_whole_file_and_says_where_and_what(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let path = write(&dir, "march.csv", ONE_BAD.as_bytes());
    let report = run(&app, &request(&path, ImportMode::AllOrNothing, false))
        .await
        .unwrap();
    assert_eq!(report.outcome, ImportOutcome::Rejected);
    assert_eq!((report.rows_rejected, report.rows_valid), (1, 3));
    let e = &report.errors[0];
    assert_eq!(e.row, 4);
    assert_eq!(e.column.as_deref(), Some("sku"));
    assert_eq!(e.problem, "unknownSku");
    assert_eq!(e.value.as_deref(), Some("RED-UKK"));
    assert_eq!(e.suggestion.as_deref(), Some("RED-UK"));
    assert_eq!(sales_rows(&pool).await, 0);
    assert!(import::list_batches(&app).await.unwrap().is_empty());
    let staged: i64 = sqlx::query_scalar("SELECT count(*) FROM sales_import_staging")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(staged, 0, "staging is left empty");
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn valid_only_writes_the_rest_and_records_the_rejected_rows(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let path = write(&dir, "march.csv", ONE_BAD.as_bytes());
    let report = run(&app, &request(&path, ImportMode::ValidOnly, false))
        .await
        .unwrap();
    assert_eq!(report.outcome, ImportOutcome::Imported);
    assert_eq!(report.rows_written, 3);
    assert_eq!(sales_rows(&pool).await, 3);
    let recorded = import::batch_errors(&app, report.batch_id.unwrap())
        .await
        .unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].row, recorded[0].problem.as_str()),
        (4, "unknownSku")
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_dry_run_reports_without_writing(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let path = write(&dir, "march.csv", GOOD.as_bytes());
    let report = run(&app, &request(&path, ImportMode::AllOrNothing, true))
        .await
        .unwrap();
    assert_eq!(report.outcome, ImportOutcome::Checked);
    assert_eq!((report.rows_valid, report.rows_written), (4, 0));
    assert_eq!(sales_rows(&pool).await, 0);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn the_same_file_or_the_same_order_lines_are_never_imported_twice(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let path = write(&dir, "march.csv", GOOD.as_bytes());
    run(&app, &request(&path, ImportMode::AllOrNothing, false))
        .await
        .unwrap();
    let again = run(&app, &request(&path, ImportMode::AllOrNothing, false)).await;
    assert!(
        matches!(&again, Err(AppError::Conflict { constraint, .. }) if constraint == "import_batches_file_once_idx"),
        "{again:?}"
    );
    // Another file (one more line) overlapping the first: the old lines are refused.
    let overlap = format!("{GOOD}2024-03-03,A-3,RED-UK,Amazon UK,1,30.00,GBP\n");
    let path = write(&dir, "march-and-more.csv", overlap.as_bytes());
    let report = run(&app, &request(&path, ImportMode::ValidOnly, false))
        .await
        .unwrap();
    assert_eq!(report.rows_written, 1);
    assert_eq!(report.errors.len(), 4);
    assert!(report.errors.iter().all(|e| e.problem == "alreadyImported"));
    assert_eq!(sales_rows(&pool).await, 5);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_batch_rolls_back_as_a_whole_audited_once_and_may_come_in_again(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let path = write(&dir, "march.csv", GOOD.as_bytes());
    let report = run(&app, &request(&path, ImportMode::AllOrNothing, false))
        .await
        .unwrap();
    let batch = report.batch_id.unwrap();

    let refused = import::roll_back(&app, batch, "  ").await;
    assert!(matches!(refused, Err(AppError::Validation { .. })));
    let rolled = import::roll_back(&app, batch, "wrong month").await.unwrap();
    let info = rolled.rolled_back.expect("rolled back");
    assert_eq!(info.reason, "wrong month");
    assert_eq!(info.by, "ines");
    assert_eq!(sales_rows(&pool).await, 0);
    assert_summaries_exact(&pool).await;
    let deletes: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'historical_sales' AND action = 'row.delete'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(deletes, 0, "no audit row per deleted sale");
    let batch_updates: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE entity = 'import_batches' AND action = 'row.update'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(batch_updates, 1);
    let twice = import::roll_back(&app, batch, "again").await;
    assert!(matches!(twice, Err(AppError::NotFound { .. })), "{twice:?}");

    let again = run(&app, &request(&path, ImportMode::AllOrNothing, false))
        .await
        .unwrap();
    assert_eq!(again.rows_written, 4);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_cancelled_import_writes_nothing(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let mut big = String::from("date,order_id,sku,channel,quantity,unit_price,currency\n");
    for i in 0..60_000 {
        big.push_str(&format!("2024-03-01,A-{i},RED-UK,Amazon UK,1,30.00,GBP\n"));
    }
    let path = write(&dir, "big.csv", big.as_bytes());
    let cancel = Cancel::default();
    let result = import::import_sales(
        &app,
        &request(&path, ImportMode::AllOrNothing, false),
        &|p| {
            if p.rows_read > 0 {
                cancel.cancel();
            }
        },
        &cancel,
    )
    .await;
    assert!(matches!(result, Err(AppError::Cancelled)), "{result:?}");
    assert_eq!(sales_rows(&pool).await, 0);
    assert!(import::list_batches(&app).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn shopify_and_amazon_exports_import_with_their_channel(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let shopify = "Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Currency\n\
                   #1001,a@example.com,paid,2024-03-01 10:00:00 +0100,2,Gold,59.00,GOLD-EU,EUR\n\
                   #1001,,,,1,Gold,59.00,GOLD-EU,\n";
    let path = write(&dir, "orders_export.csv", shopify.as_bytes());
    let mut req = request(&path, ImportMode::AllOrNothing, false);
    let without_channel = run(&app, &req).await.unwrap();
    assert_eq!(without_channel.outcome, ImportOutcome::Rejected);
    assert!(without_channel
        .errors
        .iter()
        .all(|e| e.problem == "noChannel"));
    req.channel = Some("Shopify EU".into());
    let report = run(&app, &req).await.unwrap();
    assert_eq!(report.layout, ImportLayout::Shopify);
    assert_eq!(report.rows_written, 2);

    let amazon =
        "amazon-order-id\tpurchase-date\torder-status\tsku\tquantity\titem-price\tcurrency\n\
                  203-1\t2024-03-02T09:00:00+00:00\tShipped\tRED-UK\t2\t60.00\tGBP\n\
                  203-2\t2024-03-02T10:00:00+00:00\tCancelled\tRED-UK\t1\t30.00\tGBP\n\
                  203-3\t2024-03-02T11:00:00+00:00\tPending\tRED-UK\t1\t30.00\tGBP\n";
    let path = write(&dir, "All Orders.txt", amazon.as_bytes());
    let mut req = request(&path, ImportMode::AllOrNothing, false);
    req.channel = Some("amazon uk".into());
    req.layout = Some(ImportLayout::Amazon);
    let report = run(&app, &req).await.unwrap();
    assert_eq!(
        report.outcome,
        ImportOutcome::Imported,
        "{:?}",
        report.errors
    );
    assert_eq!((report.rows_written, report.rows_skipped), (1, 2));
    let price: Decimal =
        sqlx::query_scalar("SELECT unit_price FROM historical_sales WHERE order_ref = '203-1'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        price,
        Decimal::new(3000, 2),
        "item-price is the line's total"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn an_xlsx_workbook_imports_and_an_encrypted_one_is_refused(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let workbook = include_bytes!("../../import/tests/data/sales.xlsx");
    let path = write(&dir, "sales.xlsx", workbook);
    let mut req = request(&path, ImportMode::ValidOnly, false);
    req.channel = Some("Amazon UK".into());
    let report = run(&app, &req).await.unwrap();
    assert_eq!(report.rows_written, 2, "{:?}", report.errors);
    assert_eq!(
        report.errors[0].problem, "unknownSku",
        "the formula is text"
    );

    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.resize(4096, 0);
    let path = write(&dir, "locked.xlsx", &encrypted);
    let refused = run(&app, &request(&path, ImportMode::AllOrNothing, false)).await;
    assert!(
        matches!(&refused, Err(AppError::BadFile { message, .. }) if message.contains("password")),
        "{refused:?}"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn bad_data_is_refused_row_by_row_with_nothing_written(pool: PgPool) {
    let (app, dir) = importer(&pool).await;
    let file = "date,order_id,line,sku,channel,quantity,unit_price,currency\n\
                2999-01-01,F-1,1,RED-UK,Amazon UK,1,30.00,GBP\n\
                2024-03-01,C-1,1,RED-UK,Amazon UK,1,30.00,EUR\n\
                2024-03-01,D-1,1,RED-UK,Amazon UK,1,30.00,GBP\n\
                2024-03-01,D-1,1,RED-UK,Amazon UK,1,30.00,GBP\n\
                2024-03-01,N-1,1,RED-UK,Amazon UK,-1,30.00,GBP\n\
                2024-03-01,U-1,1,RED-UK,Amazon UKK,1,30.00,GBP\n\
                2024-01-01,X-1,1,GOLD-EU,Shopify EU,1,59.00,EUR\n";
    let path = write(&dir, "bad.csv", file.as_bytes());
    let report = run(&app, &request(&path, ImportMode::AllOrNothing, false))
        .await
        .unwrap();
    assert_eq!(report.outcome, ImportOutcome::Rejected);
    let found: Vec<(u32, &str)> = report
        .errors
        .iter()
        .map(|e| (e.row, e.problem.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "futureDate"),
            (3, "currencyMismatch"),
            (5, "duplicateInFile"),
            (6, "negativeQuantity"),
            (7, "unknownChannel"),
            (8, "noFxRate"),
        ]
    );
    assert_eq!(report.errors[4].suggestion.as_deref(), Some("Amazon UK"));
    assert_eq!(sales_rows(&pool).await, 0);
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn only_importers_may_import_and_the_database_refuses_the_others(pool: PgPool) {
    sqlx::raw_sql(CATALOG).execute(&pool).await.unwrap();
    let (app, dir, viewer) = common::signed_in(&pool, "vera", "viewer").await;
    let path = write(&dir, "march.csv", GOOD.as_bytes());
    let refused = run(&app, &request(&path, ImportMode::AllOrNothing, false)).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden { .. })),
        "{refused:?}"
    );

    let mut psql = common::psql_as(&pool, viewer).await;
    let staged = sqlx::query(
        "INSERT INTO sales_import_staging VALUES (gen_random_uuid(), 2, 'A', 1, '2024-03-01', 'RED-UK', NULL, 1, 1, 'GBP')",
    )
    .execute(&mut psql)
    .await
    .unwrap_err();
    assert_eq!(common::sqlstate(&staged), "42501");
    let batches: i64 = sqlx::query_scalar("SELECT count(*) FROM import_batches")
        .fetch_one(&mut psql)
        .await
        .unwrap();
    assert_eq!(batches, 0);
}

/// An ERP export: its own names, semicolons, decimal commas.
const ERP: &str = "Belegdatum;Beleg;Artikel;Kanal;Menge;Preis;Währung\n\
                   2024-03-01;B-1;RED-UK;Amazon UK;2;29,99;GBP\n\
                   2024-03-02;B-2;GOLD-EU;Shopify EU;1;59,00;EUR\n";

fn erp_mapping() -> import::ColumnMapping {
    import::ColumnMapping {
        date: "Belegdatum".into(),
        order_id: "Beleg".into(),
        line: None,
        sku: "Artikel".into(),
        channel: Some("Kanal".into()),
        quantity: "Menge".into(),
        unit_price: "Preis".into(),
        currency: "Währung".into(),
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_file_of_another_layout_is_imported_through_chosen_columns_remembered_per_user(
    pool: PgPool,
) {
    let (app, dir) = importer(&pool).await;
    let path = write(&dir, "erp.csv", ERP.as_bytes());

    let first = import::preview_file(&app, &path).await.unwrap();
    assert_eq!(first.layout, None, "the columns must be chosen");
    assert_eq!(first.header[0], "Belegdatum");
    assert_eq!(first.rows.len(), 2);
    assert_eq!(first.remembered, None);
    let unmapped = run(&app, &request(&path, ImportMode::AllOrNothing, false)).await;
    assert!(
        matches!(&unmapped, Err(AppError::BadFile { message, .. }) if message.contains("no known layout")),
        "{unmapped:?}"
    );

    let report = run(
        &app,
        &ImportRequest {
            mapping: Some(erp_mapping()),
            ..request(&path, ImportMode::AllOrNothing, false)
        },
    )
    .await
    .unwrap();
    assert_eq!(
        report.outcome,
        ImportOutcome::Imported,
        "{:?}",
        report.errors
    );
    assert_eq!(
        (report.rows_written, report.layout),
        (2, ImportLayout::Mapped)
    );
    assert_eq!(sales_rows(&pool).await, 2);
    assert_summaries_exact(&pool).await;

    // The same header again (another file): the columns come back as chosen.
    let next = write(
        &dir,
        "erp-april.csv",
        ERP.replace("2024-03", "2024-04")
            .replace("B-", "C-")
            .as_bytes(),
    );
    let again = import::preview_file(&app, &next).await.unwrap();
    assert_eq!(again.remembered, Some(erp_mapping()));
    // Not for another user: a choice is personal.
    let (other, _d, _) = common::signed_in(&pool, "otto", "manager").await;
    assert_eq!(
        import::preview_file(&other, &next)
            .await
            .unwrap()
            .remembered,
        None
    );

    // A mapping that names a column the file does not have says which.
    let wrong = import::ColumnMapping {
        quantity: "Stück".into(),
        ..erp_mapping()
    };
    let refused = run(
        &app,
        &ImportRequest {
            mapping: Some(wrong),
            ..request(&next, ImportMode::AllOrNothing, false)
        },
    )
    .await;
    assert!(
        matches!(&refused, Err(AppError::BadFile { message, .. }) if message.contains("Stück")),
        "{refused:?}"
    );
    assert_eq!(sales_rows(&pool).await, 2);
}
