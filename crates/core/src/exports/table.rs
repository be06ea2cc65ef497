//! A list or table the user sees, saved as XLSX (real number and date cells with
//! formats, a bold frozen header and a filter) or CSV (plain numbers, ISO dates), audited
//! like every export. The screen sends what it shows; the file is written here.

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use sentia_domain::Permission;
use serde::Deserialize;

use super::{audited, file_stem, save_export, SavedExport};
use crate::{App, AppError};

/// Excel's own row limit, less the header.
const MAX_ROWS: usize = 1_048_575;
/// Excel's column limit.
const MAX_COLUMNS: usize = 16_384;

/// The file format the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TableFormat {
    Xlsx,
    Csv,
}

impl TableFormat {
    fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }
}

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ColumnKind {
    Text,
    /// Whole numbers, with thousands separators in XLSX.
    Integer,
    /// Two decimals, with thousands separators in XLSX (amounts, quantities).
    Decimal,
    /// A fraction written as a percentage in XLSX (0.25 → 25.0 %); CSV keeps the fraction.
    Percent,
    /// `YYYY-MM-DD` text from the screen, a real date cell in XLSX.
    Date,
}

/// One column: its header and how its cells are written.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportColumn {
    pub header: String,
    pub kind: ColumnKind,
}

/// One cell: a number, a text, or empty.
#[derive(Debug, Clone, PartialEq, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum ExportCell {
    Number(f64),
    Text(String),
}

/// A table the screen shows, as the user asked to save it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TableExport {
    /// What the table shows, e.g. `forecast-series`; becomes part of the file name and the
    /// sheet's name.
    pub name: String,
    pub format: TableFormat,
    pub columns: Vec<ExportColumn>,
    pub rows: Vec<Vec<Option<ExportCell>>>,
}

/// Saves a table as `sentia-<name>.xlsx` or `.csv` in the exports folder and audits it.
pub async fn save_table(app: &App, table: TableExport) -> Result<SavedExport, AppError> {
    let auth = app.authorise(Permission::DataExport)?;
    let bytes = render(std::slice::from_ref(&table), table.format)?;
    let tx = audited(
        app,
        auth,
        serde_json::json!({
            "kind": "table",
            "name": table.name,
            "format": table.format.extension(),
            "rows": table.rows.len(),
            "bytes": bytes.len(),
        }),
    )
    .await?;
    save_export(
        app,
        tx,
        &format!("sentia-{}", file_stem(&table.name)),
        table.format.extension(),
        &bytes,
    )
    .await
}

/// The tables as one file: an XLSX workbook with a sheet per table, or the CSV of the
/// first (a CSV file holds one table).
pub(crate) fn render(tables: &[TableExport], format: TableFormat) -> Result<Vec<u8>, AppError> {
    for table in tables {
        check_shape(table)?;
    }
    match (format, tables.first()) {
        (_, None) => Err(AppError::validation("tables", "there is nothing to export")),
        (TableFormat::Csv, Some(first)) => write_csv(first),
        (TableFormat::Xlsx, Some(_)) => write_workbook(tables).map_err(|e| AppError::internal(&e)),
    }
}

/// Refuses a table a spreadsheet cannot hold, or whose rows do not match its columns,
/// naming the row.
fn check_shape(table: &TableExport) -> Result<(), AppError> {
    if table.columns.is_empty() || table.columns.len() > MAX_COLUMNS {
        return Err(AppError::validation(
            "columns",
            format!("a table needs between 1 and {MAX_COLUMNS} columns"),
        ));
    }
    if table.rows.len() > MAX_ROWS {
        return Err(AppError::validation(
            "rows",
            format!(
                "{} rows is more than a spreadsheet holds ({MAX_ROWS}); narrow the list first",
                table.rows.len()
            ),
        ));
    }
    if let Some((i, row)) = table
        .rows
        .iter()
        .enumerate()
        .find(|(_, row)| row.len() != table.columns.len())
    {
        return Err(AppError::validation(
            "rows",
            format!(
                "row {} has {} cells for {} columns",
                i + 1,
                row.len(),
                table.columns.len()
            ),
        ));
    }
    Ok(())
}

fn write_csv(table: &TableExport) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(table.columns.iter().map(|c| c.header.as_str()))
        .map_err(|e| AppError::internal(&e))?;
    for row in &table.rows {
        out.write_record(row.iter().map(|cell| match cell {
            None => String::new(),
            Some(ExportCell::Text(text)) => text.clone(),
            Some(ExportCell::Number(n)) => n.to_string(),
        }))
        .map_err(|e| AppError::internal(&e))?;
    }
    out.into_inner().map_err(|e| AppError::internal(&e))
}

fn write_workbook(tables: &[TableExport]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    for table in tables {
        write_sheet(&mut workbook, table)?;
    }
    workbook.save_to_buffer()
}

fn write_sheet(workbook: &mut Workbook, table: &TableExport) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(&table.name))?;
    let header = Format::new().set_bold();
    let formats: Vec<Format> = table
        .columns
        .iter()
        .map(|c| match c.kind {
            ColumnKind::Text => Format::new(),
            ColumnKind::Integer => Format::new().set_num_format("#,##0"),
            ColumnKind::Decimal => Format::new().set_num_format("#,##0.00"),
            ColumnKind::Percent => Format::new().set_num_format("0.0%"),
            ColumnKind::Date => Format::new().set_num_format("yyyy-mm-dd"),
        })
        .collect();
    for (col, column) in (0u16..).zip(&table.columns) {
        sheet.write_string_with_format(0, col, &column.header, &header)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for ((col, cell), (column, format)) in
            (0u16..).zip(cells).zip(table.columns.iter().zip(&formats))
        {
            match cell {
                None => {}
                Some(ExportCell::Number(n)) => {
                    sheet.write_number_with_format(row, col, *n, format)?;
                }
                Some(ExportCell::Text(text)) => match (column.kind, excel_date(text)) {
                    (ColumnKind::Date, Some(date)) => {
                        sheet.write_datetime_with_format(row, col, &date, format)?;
                    }
                    _ => {
                        sheet.write_string(row, col, text)?;
                    }
                },
            }
        }
    }
    let last_column = u16::try_from(table.columns.len() - 1).unwrap_or(u16::MAX);
    let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_column)?;
    sheet.autofit_to_max_width(300);
    Ok(())
}

/// `YYYY-MM-DD` (the start of a longer ISO text) as an Excel date.
fn excel_date(text: &str) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    ExcelDateTime::from_ymd(
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
    .ok()
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'');
    if cleaned.is_empty() {
        "Sentia".to_owned()
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(format: TableFormat) -> TableExport {
        TableExport {
            name: "Forecast series".to_owned(),
            format,
            columns: vec![
                ExportColumn {
                    header: "SKU".to_owned(),
                    kind: ColumnKind::Text,
                },
                ExportColumn {
                    header: "Period".to_owned(),
                    kind: ColumnKind::Date,
                },
                ExportColumn {
                    header: "Units".to_owned(),
                    kind: ColumnKind::Decimal,
                },
                ExportColumn {
                    header: "Confidence".to_owned(),
                    kind: ColumnKind::Percent,
                },
            ],
            rows: vec![
                vec![
                    Some(ExportCell::Text("GABA-RED-UK".to_owned())),
                    Some(ExportCell::Text("2026-11-01".to_owned())),
                    Some(ExportCell::Number(1234.5)),
                    Some(ExportCell::Number(0.62)),
                ],
                vec![
                    Some(ExportCell::Text("a, \"quoted\" one".to_owned())),
                    None,
                    None,
                    None,
                ],
            ],
        }
    }

    #[test]
    fn csv_quotes_text_and_keeps_numbers_plain() {
        let csv = String::from_utf8(write_csv(&table(TableFormat::Csv)).unwrap()).unwrap();
        assert_eq!(
            csv,
            "SKU,Period,Units,Confidence\nGABA-RED-UK,2026-11-01,1234.5,0.62\n\"a, \"\"quoted\"\" one\",,,\n"
        );
    }

    #[test]
    fn xlsx_has_number_and_date_cells_that_a_reader_sees_as_such() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = render(&[table(TableFormat::Xlsx)], TableFormat::Xlsx).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Forecast series".to_owned()]);
        let range = book.worksheet_range("Forecast series").unwrap();
        assert_eq!(range.get((0, 2)), Some(&Data::String("Units".to_owned())));
        assert_eq!(range.get((1, 2)), Some(&Data::Float(1234.5)));
        match range.get((1, 1)) {
            Some(Data::DateTime(d)) => {
                let excel_epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
                let serial =
                    (NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() - excel_epoch).num_days();
                assert_eq!(d.as_f64(), serial as f64);
            }
            other => panic!("the period is not a date cell: {other:?}"),
        }
        assert_eq!(
            range.get((2, 0)),
            Some(&Data::String("a, \"quoted\" one".to_owned()))
        );
        assert!(matches!(range.get((2, 2)), None | Some(Data::Empty)));
    }

    #[test]
    fn a_row_that_does_not_match_the_columns_is_refused_by_number() {
        let mut bad = table(TableFormat::Csv);
        bad.rows[1].pop();
        let err = check_shape(&bad).unwrap_err();
        assert!(
            err.to_string().contains("row 2 has 3 cells for 4 columns"),
            "{err}"
        );
    }

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("a/b: [c]?"), "ab c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("  "), "Sentia");
    }
}
