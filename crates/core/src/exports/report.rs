//! Whole reports for scripts and schedulers (`sentia report`): the dashboard, the live
//! forecasts, the stock list and the cash projection, read through the same use cases
//! and permissions as their screens, written as XLSX (one sheet per table), CSV (one
//! table) or PDF (every table, paginated), and audited like every export.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sentia_domain::{Currency, Permission};
use serde::Serialize;

use super::table::{render, ColumnKind, ExportCell, ExportColumn, TableExport, TableFormat};
use super::{audited, file_error, pdf};
use crate::dashboard::{self, DashboardQuery};
use crate::working_capital::{self, CashRequest};
use crate::{forecasts, inventory, App, AppError};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ReportKind {
    /// KPIs, markets, channels and best sellers over a period.
    Dashboard,
    /// Every series of the latest forecast run.
    Forecast,
    /// Every product × location with its stock policy and status.
    Inventory,
    /// The cash and working-capital projection of a scenario.
    Cash,
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ReportFormat {
    Xlsx,
    Csv,
    Pdf,
}

impl std::str::FromStr for ReportKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "dashboard" => Ok(Self::Dashboard),
            "forecast" => Ok(Self::Forecast),
            "inventory" => Ok(Self::Inventory),
            "cash" => Ok(Self::Cash),
            _ => Err(format!(
                "no report {s:?}: dashboard, forecast, inventory or cash"
            )),
        }
    }
}

impl std::str::FromStr for ReportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "xlsx" => Ok(Self::Xlsx),
            "csv" => Ok(Self::Csv),
            "pdf" => Ok(Self::Pdf),
            _ => Err(format!("no format {s:?}: xlsx, csv or pdf")),
        }
    }
}

impl ReportFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Pdf => "pdf",
        }
    }
}

/// What to report on.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub kind: ReportKind,
    pub format: ReportFormat,
    /// The dashboard's first and last day; by default the twelve months to today.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The dashboard's reporting currency (GBP by default).
    pub currency: Currency,
    /// The cash projection's scenario (Base by default).
    pub scenario: Option<String>,
    /// For CSV, which of the report's tables (its first by default).
    pub table: Option<String>,
}

/// A report written to a file.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WrittenReport {
    pub path: String,
    pub kind: ReportKind,
    pub format: ReportFormat,
    /// The tables written, with their row counts.
    pub tables: Vec<(String, usize)>,
    pub bytes: usize,
}

/// Reads the report, audits it, then writes it to `path` (replacing the file): in that
/// order, as for every export, so no file exists without its audit row.
pub async fn write_report(
    app: &App,
    request: &ReportRequest,
    path: &Path,
) -> Result<WrittenReport, AppError> {
    let auth = app.authorise(Permission::DataExport)?;
    let (title, mut tables) = read(app, request).await?;
    if request.format == ReportFormat::Csv {
        tables = vec![pick(tables, request.table.as_deref())?];
    }
    let bytes = match request.format {
        ReportFormat::Xlsx => render(&tables, TableFormat::Xlsx)?,
        ReportFormat::Csv => render(&tables, TableFormat::Csv)?,
        ReportFormat::Pdf => pdf::render(&title, &tables)?,
    };
    let counts: Vec<(String, usize)> = tables
        .iter()
        .map(|t| (t.name.clone(), t.rows.len()))
        .collect();
    audited(
        app,
        auth,
        serde_json::json!({
            "kind": "report",
            "name": request.kind,
            "format": request.format.extension(),
            "tables": counts,
            "bytes": bytes.len(),
        }),
    )
    .await?
    .commit()
    .await?;
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.sync_all()))
        .map_err(|e| file_error(path, &e))?;
    Ok(WrittenReport {
        path: path.display().to_string(),
        kind: request.kind,
        format: request.format,
        tables: counts,
        bytes: bytes.len(),
    })
}

/// The one table a CSV file holds.
fn pick(tables: Vec<TableExport>, name: Option<&str>) -> Result<TableExport, AppError> {
    let names: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
    let wanted = name.unwrap_or(&names[0]).to_owned();
    tables
        .into_iter()
        .find(|t| t.name == wanted)
        .ok_or_else(|| {
            AppError::validation(
                "table",
                format!(
                    "this report has no table {wanted:?}; it has {}",
                    names.join(", ")
                ),
            )
        })
}

/// The report's title and tables, read through the screens' use cases.
async fn read(app: &App, request: &ReportRequest) -> Result<(String, Vec<TableExport>), AppError> {
    match request.kind {
        ReportKind::Dashboard => dashboard_tables(app, request).await,
        ReportKind::Forecast => forecast_tables(app).await,
        ReportKind::Inventory => inventory_tables(app).await,
        ReportKind::Cash => cash_tables(app, request).await,
    }
}

fn column(header: &str, kind: ColumnKind) -> ExportColumn {
    ExportColumn {
        header: header.to_owned(),
        kind,
    }
}

fn table(
    name: &str,
    columns: Vec<ExportColumn>,
    rows: Vec<Vec<Option<ExportCell>>>,
) -> TableExport {
    TableExport {
        name: name.to_owned(),
        format: TableFormat::Xlsx,
        columns,
        rows,
    }
}

fn text(s: impl Into<String>) -> Option<ExportCell> {
    Some(ExportCell::Text(s.into()))
}

fn num(d: Decimal) -> Option<ExportCell> {
    d.to_f64().map(ExportCell::Number)
}

fn opt(d: Option<Decimal>) -> Option<ExportCell> {
    d.and_then(num)
}

fn float(f: f64) -> Option<ExportCell> {
    f.is_finite().then_some(ExportCell::Number(f))
}

/// A percentage as the screens give it (25.0) as the fraction a percent cell holds.
fn pct(d: Option<Decimal>) -> Option<ExportCell> {
    opt(d.map(|p| p / Decimal::ONE_HUNDRED))
}

fn date(d: NaiveDate) -> Option<ExportCell> {
    text(d.format("%Y-%m-%d").to_string())
}

async fn dashboard_tables(
    app: &App,
    request: &ReportRequest,
) -> Result<(String, Vec<TableExport>), AppError> {
    let to = request
        .to
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let from = request
        .from
        .unwrap_or_else(|| to - chrono::Duration::days(364));
    let d = dashboard::get_dashboard(
        app,
        DashboardQuery {
            from,
            to,
            reporting_currency: request.currency,
            market: None,
            channel_id: None,
        },
    )
    .await?;
    use ColumnKind::{Decimal as Dec, Percent, Text};
    let cur = d.reporting_currency.to_string();
    let kpi = |name: &str, k: &dashboard::Kpi| {
        vec![
            text(name),
            num(k.value),
            opt(k.previous_year),
            pct(k.change_pct),
        ]
    };
    let kpis = table(
        "kpis",
        vec![
            column("Measure", Text),
            column("This period", Dec),
            column("Previous year", Dec),
            column("Change", Percent),
        ],
        vec![
            kpi(&format!("Revenue ({cur})"), &d.kpis.revenue),
            kpi("Units", &d.kpis.units),
            vec![
                text("Gross margin %"),
                opt(d.kpis.gross_margin.pct),
                opt(d.kpis.gross_margin.previous_year_pct),
                None,
            ],
            kpi(&format!("Net profit ({cur})"), &d.kpis.net_profit),
        ],
    );
    let figures = vec![
        column("Revenue", Dec),
        column("Units", Dec),
        column("Gross margin", Percent),
        column("Net profit", Dec),
    ];
    let markets = table(
        "markets",
        [vec![column("Market", Text)], figures.clone()].concat(),
        d.by_market
            .iter()
            .map(|m| {
                vec![
                    text(&m.market_name),
                    num(m.revenue),
                    num(m.units),
                    pct(m.gross_margin_pct),
                    num(m.net_profit),
                ]
            })
            .collect(),
    );
    let channels = table(
        "channels",
        [
            vec![column("Channel", Text), column("Market", Text)],
            figures,
        ]
        .concat(),
        d.by_channel
            .iter()
            .map(|c| {
                vec![
                    text(&c.channel_name),
                    text(&c.market_code),
                    num(c.revenue),
                    num(c.units),
                    pct(c.gross_margin_pct),
                    num(c.net_profit),
                ]
            })
            .collect(),
    );
    let products = table(
        "best-sellers",
        vec![
            column("SKU", Text),
            column("Product", Text),
            column("Revenue", Dec),
            column("Units", Dec),
        ],
        d.top_products
            .iter()
            .map(|p| vec![text(&p.sku), text(&p.name), num(p.revenue), num(p.units)])
            .collect(),
    );
    let trend = table(
        "trend",
        vec![
            column("Period", ColumnKind::Date),
            column("Revenue", Dec),
            column("Revenue a year earlier", Dec),
            column("Complete", Text),
        ],
        d.trend
            .iter()
            .map(|t| {
                vec![
                    date(t.period),
                    num(t.revenue),
                    num(t.revenue_last_year),
                    text(if t.partial { "partial" } else { "yes" }),
                ]
            })
            .collect(),
    );
    let title = format!(
        "Dashboard, {} to {} (figures until {}), {cur}",
        d.from, d.to, d.data_until
    );
    Ok((title, vec![kpis, markets, channels, products, trend]))
}

async fn forecast_tables(app: &App) -> Result<(String, Vec<TableExport>), AppError> {
    let Some(run) = forecasts::list_runs(app).await?.into_iter().next() else {
        return Err(AppError::validation(
            "forecast",
            "no forecast has been run yet: run one in the app or with `sentia forecast --from-db`",
        ));
    };
    let series = forecasts::run_series(app, run.id).await?;
    use ColumnKind::{Decimal as Dec, Integer, Percent, Text};
    let rows = series
        .iter()
        .map(|s| {
            vec![
                text(&s.sku),
                text(&s.product_name),
                text(&s.category),
                text(&s.channel_name),
                text(&s.market_code),
                text(&s.model_name),
                float(s.confidence),
                s.mase.and_then(float),
                s.wape.map(|w| w / 100.0).and_then(float),
                float(s.total),
                Some(ExportCell::Number(f64::from(s.overridden))),
                text(&s.status),
            ]
        })
        .collect();
    let title = format!(
        "Forecast run of {} ({}, {} periods of a {:?}), {}",
        run.origin_date, run.scope_label, run.horizon, run.bucket, run.model
    );
    Ok((
        title,
        vec![table(
            "series",
            vec![
                column("SKU", Text),
                column("Product", Text),
                column("Category", Text),
                column("Channel", Text),
                column("Market", Text),
                column("Model", Text),
                column("Confidence", Percent),
                column("MASE", Dec),
                column("WAPE", Percent),
                column("Units over the horizon", Dec),
                column("Periods overridden", Integer),
                column("Status", Text),
            ],
            rows,
        )],
    ))
}

async fn inventory_tables(app: &App) -> Result<(String, Vec<TableExport>), AppError> {
    let items = inventory::list_items(app, None).await?;
    use ColumnKind::{Date, Decimal as Dec, Integer, Text};
    let int = |n: i32| Some(ExportCell::Number(f64::from(n)));
    let rows = items
        .iter()
        .map(|i| {
            vec![
                text(&i.sku),
                text(&i.name),
                text(&i.market),
                text(&i.location),
                date(i.as_of),
                int(i.available),
                int(i.reserved),
                int(i.inbound),
                int(i.safety_stock),
                int(i.reorder_point),
                int(i.order_quantity),
                i.days_of_supply.and_then(int),
                opt(i.unit_cost),
                text(i.status.to_string()),
                Some(ExportCell::Number(f64::from(i.risk_score))),
                i.stockout_date.and_then(date),
            ]
        })
        .collect();
    Ok((
        "Stock and reorder points".to_owned(),
        vec![table(
            "stock",
            vec![
                column("SKU", Text),
                column("Product", Text),
                column("Market", Text),
                column("Location", Text),
                column("Counted", Date),
                column("Available", Integer),
                column("Reserved", Integer),
                column("Inbound", Integer),
                column("Safety stock", Integer),
                column("Reorder point", Integer),
                column("Order quantity", Integer),
                column("Days of supply", Integer),
                column("Unit cost", Dec),
                column("Status", Text),
                column("Risk", Integer),
                column("Stock-out", Date),
            ],
            rows,
        )],
    ))
}

async fn cash_tables(
    app: &App,
    request: &ReportRequest,
) -> Result<(String, Vec<TableExport>), AppError> {
    let p = working_capital::project(
        app,
        CashRequest {
            scenario: request.scenario.clone(),
            ..CashRequest::default()
        },
    )
    .await?;
    use ColumnKind::{Date, Decimal as Dec, Text};
    let months = table(
        "months",
        [
            "Revenue",
            "COGS",
            "Receipts",
            "Payments",
            "VAT paid",
            "Duty",
            "Overheads",
            "Interest",
            "Net flow",
            "Drawn on the line",
            "Repaid",
            "Closing cash",
            "Line balance",
            "Headroom",
            "Receivables",
            "Payables",
            "Inventory",
            "Working capital",
            "DSO",
            "DIO",
            "DPO",
            "CCC",
        ]
        .iter()
        .fold(vec![column("Period", Date)], |mut cols, h| {
            cols.push(column(h, Dec));
            cols
        }),
        p.months
            .iter()
            .map(|m| {
                vec![
                    date(m.month),
                    num(m.revenue),
                    num(m.cogs),
                    num(m.receipts),
                    num(m.payments),
                    num(m.vat_paid),
                    num(m.duty),
                    num(m.opex),
                    num(m.interest),
                    num(m.net_flow),
                    num(m.draw),
                    num(m.repayment),
                    num(m.closing_cash),
                    num(m.drawn),
                    num(m.headroom),
                    num(m.receivables),
                    num(m.payables),
                    num(m.inventory),
                    num(m.working_capital),
                    opt(m.dso),
                    opt(m.dio),
                    opt(m.dpo),
                    opt(m.ccc),
                ]
            })
            .collect(),
    );
    let tax = table(
        "tax",
        vec![
            column("Market", Text),
            column("Tax", Text),
            column("Period from", Date),
            column("Period to", Date),
            column("Due", Date),
            column("Amount", Dec),
            column("Currency", Text),
            column(&format!("Amount ({})", p.currency), Dec),
        ],
        p.tax
            .iter()
            .map(|t| {
                vec![
                    text(&t.market),
                    text(&t.tax_name),
                    date(t.period_start),
                    date(t.period_end),
                    date(t.due),
                    num(t.amount),
                    text(&t.currency),
                    num(t.amount_base),
                ]
            })
            .collect(),
    );
    let title = format!(
        "Cash projection, scenario {}, {} periods from {}, {}",
        p.scenario,
        p.months.len(),
        p.months
            .first()
            .map(|m| m.month.to_string())
            .unwrap_or_default(),
        p.currency
    );
    Ok((title, vec![months, tax]))
}
