//! Exports land in the exports folder, never overwrite each other, and are audited;
//! bad input writes nothing.

use base64::Engine;
use secrecy::SecretString;
use sentia_core::exports::{
    self, ChartExport, ColumnKind, ExportCell, ExportColumn, TableExport, TableFormat,
};
use sentia_core::{auth, AppError};
use sqlx::PgPool;

mod common;

const PASSWORD: &str = "correct horse battery";
const ONE_PIXEL_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

fn chart(name: &str, png_base64: &str) -> ChartExport {
    ChartExport {
        name: name.into(),
        png_base64: png_base64.into(),
    }
}

fn exported_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("exports"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_viewer_exports_a_chart_twice_and_both_are_kept_and_audited(pool: PgPool) {
    let viewer = common::create_user(&pool, "victor", "viewer", PASSWORD).await;
    let (app, dir) = common::app_for(&pool).await;
    auth::login(&app, "victor", SecretString::from(PASSWORD.to_owned()))
        .await
        .unwrap();

    let first = exports::save_chart_png(&app, chart("Revenue trend", ONE_PIXEL_PNG))
        .await
        .unwrap();
    let second = exports::save_chart_png(&app, chart("../../Revenue trend", ONE_PIXEL_PNG))
        .await
        .unwrap();

    assert_eq!(first.file_name, "sentia-revenue-trend.png");
    assert_eq!(second.file_name, "sentia-revenue-trend (2).png");
    assert_eq!(
        exported_files(dir.path()),
        ["sentia-revenue-trend (2).png", "sentia-revenue-trend.png"]
    );
    let png = base64::engine::general_purpose::STANDARD
        .decode(ONE_PIXEL_PNG)
        .unwrap();
    assert_eq!(std::fs::read(&first.path).unwrap(), png);
    assert_eq!(
        common::audit_count(&pool, "data.exported", Some(viewer)).await,
        2
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn an_image_that_is_not_a_png_is_refused_and_nothing_is_written(pool: PgPool) {
    let viewer = common::create_user(&pool, "victor", "viewer", PASSWORD).await;
    let (app, dir) = common::app_for(&pool).await;
    auth::login(&app, "victor", SecretString::from(PASSWORD.to_owned()))
        .await
        .unwrap();

    let gif = base64::engine::general_purpose::STANDARD.encode(b"GIF89a not a png");
    for bad in [gif.as_str(), "%%% not base64 %%%"] {
        let err = exports::save_chart_png(&app, chart("trend", bad))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Validation { field, .. } if field == "pngBase64"),
            "{err:?}"
        );
    }
    assert!(exported_files(dir.path()).is_empty());
    assert_eq!(
        common::audit_count(&pool, "data.exported", Some(viewer)).await,
        0
    );
}

fn table(format: TableFormat, rows: Vec<Vec<Option<ExportCell>>>) -> TableExport {
    TableExport {
        name: "Forecast series".into(),
        format,
        columns: vec![
            ExportColumn {
                header: "SKU".into(),
                kind: ColumnKind::Text,
            },
            ExportColumn {
                header: "Units".into(),
                kind: ColumnKind::Decimal,
            },
        ],
        rows,
    }
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_table_is_saved_as_xlsx_and_csv_and_each_export_is_audited(pool: PgPool) {
    let viewer = common::create_user(&pool, "victor", "viewer", PASSWORD).await;
    let (app, dir) = common::app_for(&pool).await;
    auth::login(&app, "victor", SecretString::from(PASSWORD.to_owned()))
        .await
        .unwrap();
    let rows = vec![vec![
        Some(ExportCell::Text("GABA-RED-UK".into())),
        Some(ExportCell::Number(12.5)),
    ]];

    let xlsx = exports::save_table(&app, table(TableFormat::Xlsx, rows.clone()))
        .await
        .unwrap();
    let csv = exports::save_table(&app, table(TableFormat::Csv, rows))
        .await
        .unwrap();

    assert_eq!(
        exported_files(dir.path()),
        ["sentia-forecast-series.csv", "sentia-forecast-series.xlsx"]
    );
    assert!(std::fs::read(&xlsx.path).unwrap().starts_with(b"PK"));
    assert_eq!(
        std::fs::read_to_string(&csv.path).unwrap(),
        "SKU,Units\nGABA-RED-UK,12.5\n"
    );
    assert_eq!(
        common::audit_count(&pool, "data.exported", Some(viewer)).await,
        2
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn a_ragged_table_is_refused_and_nothing_is_written(pool: PgPool) {
    let viewer = common::create_user(&pool, "victor", "viewer", PASSWORD).await;
    let (app, dir) = common::app_for(&pool).await;
    auth::login(&app, "victor", SecretString::from(PASSWORD.to_owned()))
        .await
        .unwrap();

    let ragged = vec![vec![Some(ExportCell::Text("only one cell".into()))]];
    let err = exports::save_table(&app, table(TableFormat::Xlsx, ragged))
        .await
        .unwrap_err();

    assert!(
        matches!(&err, AppError::Validation { field, message } if field == "rows" && message.contains("row 1")),
        "{err:?}"
    );
    assert!(exported_files(dir.path()).is_empty());
    assert_eq!(
        common::audit_count(&pool, "data.exported", Some(viewer)).await,
        0
    );
}
