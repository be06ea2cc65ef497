//! Exchange rates: a dated table edited by hand or imported from CSV, and the one lookup
//! every conversion uses, which says which rate it took.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sentia_db::catalog::fx_rates::{self, FxRateFields, FxRateRow};
use sentia_domain::Currency;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::RowStamp;
use super::{written, READ, WRITE};
use crate::{App, AppError};

/// A stored rate: 1 `base` = `rate` `quote` on `date`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FxRate {
    /// Rate id.
    pub id: Uuid,
    /// The editable fields as stored.
    pub fields: FxRateInput,
    /// Version and last change.
    pub stamp: RowStamp,
}

/// A rate's editable fields.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FxRateInput {
    /// 1 unit of this currency …
    pub base: Currency,
    /// … is `rate` units of this one.
    pub quote: Currency,
    /// The day the rate is for.
    pub date: NaiveDate,
    /// Quote units per base unit: above 0, below 100,000, at most 8 decimals.
    pub rate: Decimal,
    /// Where it came from (ECB, Bank of England, manual).
    pub source: String,
}

/// Which rates to list.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FxRateQuery {
    /// Only this pair (either direction), when both are given.
    pub pair: Option<(Currency, Currency)>,
    /// At most this many, newest first (1–5,000).
    pub limit: u32,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FxImportSummary {
    /// The file's name.
    pub file: String,
    /// Rates read.
    pub rows: u32,
    /// Pairs and days that had no rate.
    pub added: u32,
    /// Pairs and days whose rate was replaced.
    pub replaced: u32,
}

/// The rate a conversion used, so that a figure can say what it was converted at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RateUsed {
    /// Converted from.
    pub from: Currency,
    /// Converted to.
    pub to: Currency,
    /// `to` units per `from` unit.
    pub rate: Decimal,
    /// The day of the rate.
    pub date: NaiveDate,
    /// Where the rate came from.
    pub source: String,
}

impl From<FxRateRow> for FxRate {
    fn from(r: FxRateRow) -> Self {
        FxRate {
            id: r.id,
            fields: FxRateInput {
                base: r.base,
                quote: r.quote,
                date: r.rate_date,
                rate: r.rate.normalize(),
                source: r.source,
            },
            stamp: RowStamp {
                version: r.row_version,
                updated_at: r.updated_at,
                updated_by: r.updated_by,
            },
        }
    }
}

/// The rate's rules (the table's CHECK constraints), on the field each concerns.
fn checked(input: &FxRateInput) -> Result<FxRateFields<'_>, AppError> {
    if input.base == input.quote {
        return Err(AppError::validation(
            "quote",
            "a different currency from the base",
        ));
    }
    let max = Decimal::from(100_000);
    if input.rate <= Decimal::ZERO || input.rate >= max || input.rate.normalize().scale() > 8 {
        return Err(AppError::validation(
            "rate",
            "above 0 and below 100,000, with at most 8 decimals",
        ));
    }
    let source = input.source.trim();
    if source.is_empty() || source.chars().count() > 100 {
        return Err(AppError::validation(
            "source",
            "1 to 100 characters, e.g. ECB",
        ));
    }
    Ok(FxRateFields {
        base: input.base,
        quote: input.quote,
        rate_date: input.date,
        rate: input.rate.normalize(),
        source,
    })
}

/// Rates, newest first.
pub async fn list_fx_rates(app: &App, query: FxRateQuery) -> Result<Vec<FxRate>, AppError> {
    if !(1..=5_000).contains(&query.limit) {
        return Err(AppError::validation("limit", "1 to 5,000"));
    }
    let mut tx = app.transaction(READ).await?;
    let rows = fx_rates::list(tx.conn(), query.pair, i64::from(query.limit)).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(FxRate::from).collect())
}

/// Adds a rate.
pub async fn create_fx_rate(app: &App, input: FxRateInput) -> Result<FxRate, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = checked(&input)?;
    let mut tx = app.begin(auth).await?;
    let id = fx_rates::insert(tx.conn(), &fields).await?;
    tx.commit().await?;
    saved(app, id).await
}

/// Saves an edit of the rate at `version`.
pub async fn update_fx_rate(
    app: &App,
    id: Uuid,
    version: i32,
    input: FxRateInput,
) -> Result<FxRate, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = checked(&input)?;
    let mut tx = app.begin(auth).await?;
    written(
        fx_rates::update(tx.conn(), id, version, &fields).await?,
        "exchange rate",
    )?;
    tx.commit().await?;
    saved(app, id).await
}

async fn saved(app: &App, id: Uuid) -> Result<FxRate, AppError> {
    let mut tx = app.transaction(READ).await?;
    let row = fx_rates::get(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(row.into())
}

/// One CSV line as written: `base,quote,date,rate[,source]`.
#[derive(Debug, Deserialize)]
struct CsvRate {
    base: String,
    quote: String,
    date: String,
    rate: String,
    #[serde(default)]
    source: Option<String>,
}

/// Reads every rate of a CSV file (`base,quote,date,rate,source`; source may be left out
/// and then names the file) and saves them in one transaction: all or nothing. The first
/// bad value is reported with its line and column; a pair and day already stored gets
/// the file's rate.
pub async fn import_fx_rates_csv(
    app: &App,
    file: String,
    content: String,
) -> Result<FxImportSummary, AppError> {
    let auth = app.authorise(WRITE)?;
    let default_source = format!("import: {file}");
    let inputs = parse_csv(&file, &content, &default_source)?;
    let mut tx = app.begin(auth).await?;
    let (mut added, mut replaced) = (0u32, 0u32);
    for (line, input) in &inputs {
        let fields = checked(input).map_err(|e| on_line(&file, *line, e))?;
        match fx_rates::upsert(tx.conn(), &fields).await {
            Ok(true) => added += 1,
            Ok(false) => replaced += 1,
            Err(e) => return Err(on_line(&file, *line, e.into())),
        }
    }
    tx.commit().await?;
    Ok(FxImportSummary {
        file,
        rows: added + replaced,
        added,
        replaced,
    })
}

/// A field error of line `line` of `file`, as an import reports it.
fn on_line(file: &str, line: u32, err: AppError) -> AppError {
    match err {
        AppError::Validation { field, message } => AppError::BadRow {
            file: file.to_owned(),
            line,
            field,
            message,
        },
        other => other,
    }
}

/// A CSV position's line, saturating: a file of four billion lines is refused elsewhere.
fn line_of(p: &csv::Position) -> u32 {
    u32::try_from(p.line()).unwrap_or(u32::MAX)
}

fn parse_csv(
    file: &str,
    content: &str,
    default_source: &str,
) -> Result<Vec<(u32, FxRateInput)>, AppError> {
    let bad = |line: u32, field: &str, message: String| AppError::BadRow {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(content.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| bad(1, "header", e.to_string()))?
        .clone();
    for needed in ["base", "quote", "date", "rate"] {
        if !headers.iter().any(|h| h.eq_ignore_ascii_case(needed)) {
            return Err(bad(
                1,
                "header",
                format!("no \"{needed}\" column (expected base,quote,date,rate,source)"),
            ));
        }
    }
    let lowered = csv::StringRecord::from(
        headers
            .iter()
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>(),
    );
    let mut seen = std::collections::HashMap::new();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, line_of);
            bad(line, "row", e.to_string())
        })?;
        let line = record.position().map_or(0, line_of);
        let raw: CsvRate = record
            .deserialize(Some(&lowered))
            .map_err(|e| bad(line, "row", e.to_string()))?;
        let currency = |field: &str, v: &str| {
            v.parse::<Currency>()
                .map_err(|_| bad(line, field, format!("{v:?} is not one of GBP, EUR, USD")))
        };
        let input = FxRateInput {
            base: currency("base", &raw.base)?,
            quote: currency("quote", &raw.quote)?,
            date: NaiveDate::parse_from_str(&raw.date, "%Y-%m-%d").map_err(|_| {
                bad(
                    line,
                    "date",
                    format!("{:?} is not a date like 2026-11-30", raw.date),
                )
            })?,
            rate: raw.rate.parse::<Decimal>().map_err(|_| {
                bad(
                    line,
                    "rate",
                    format!("{:?} is not a number like 1.1675", raw.rate),
                )
            })?,
            source: raw
                .source
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| default_source.to_owned()),
        };
        if let Some(first) = seen.insert((input.base, input.quote, input.date), line) {
            return Err(bad(
                line,
                "date",
                format!("the same pair and date as line {first}"),
            ));
        }
        out.push((line, input));
    }
    if out.is_empty() {
        return Err(bad(2, "row", "the file has no rates".to_owned()));
    }
    Ok(out)
}

/// The rate to convert `from` into `to` on `day`: the latest stored on or before it, in
/// either direction (inverted when stored the other way round); `None` when there is none.
pub(crate) async fn rate_on(
    conn: &mut sqlx::PgConnection,
    from: Currency,
    to: Currency,
    day: NaiveDate,
) -> Result<Option<RateUsed>, AppError> {
    if from == to {
        return Ok(None);
    }
    let Some(row) = fx_rates::latest(conn, from, to, day).await? else {
        return Ok(None);
    };
    let rate = if row.base == from {
        row.rate
    } else {
        // 12 decimals keep a round trip through the inverse exact to the cent.
        (Decimal::ONE / row.rate).round_dp(12)
    };
    Ok(Some(RateUsed {
        from,
        to,
        rate: rate.normalize(),
        date: row.rate_date,
        source: row.source,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_file_reads_into_rates_with_the_file_as_default_source() {
        let csv = "Base,Quote,Date,Rate,Source\nEUR,GBP,2026-11-30,0.8512,ECB\nUSD,GBP,2026-11-30,0.7901,\n";
        let rates = parse_csv("rates.csv", csv, "import: rates.csv").unwrap();
        assert_eq!(rates.len(), 2);
        assert_eq!(rates[0].0, 2, "line numbers count the header");
        assert_eq!(rates[0].1.source, "ECB");
        assert_eq!(rates[1].1.source, "import: rates.csv");
        assert_eq!(rates[1].1.rate, Decimal::new(7901, 4));
    }

    #[test]
    fn a_bad_csv_value_names_its_file_line_and_column() {
        let cases = [
            ("base,quote,date,rate\nEUR,GBP,30/11/2026,0.85\n", 2, "date"),
            (
                "base,quote,date,rate\nEUR,GBP,2026-11-30,0.85\nEUR,XYZ,2026-11-30,1\n",
                3,
                "quote",
            ),
            ("base,quote,date,rate\nEUR,GBP,2026-11-30,abc\n", 2, "rate"),
            (
                "base,quote,date,rate\nEUR,GBP,2026-11-30,0.85\nEUR,GBP,2026-11-30,0.86\n",
                3,
                "date",
            ),
            ("base,quote,rate\nEUR,GBP,0.85\n", 1, "header"),
            ("base,quote,date,rate\n", 2, "row"),
        ];
        for (csv, want_line, want_field) in cases {
            match parse_csv("rates.csv", csv, "import") {
                Err(AppError::BadRow {
                    file, line, field, ..
                }) => {
                    assert_eq!(file, "rates.csv");
                    assert_eq!((line, field.as_str()), (want_line, want_field), "{csv}");
                }
                other => panic!("{csv}: expected a bad row, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_rate_must_join_two_currencies_and_be_positive() {
        let input = FxRateInput {
            base: Currency::EUR,
            quote: Currency::EUR,
            date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            rate: Decimal::ONE,
            source: "manual".into(),
        };
        assert!(
            matches!(checked(&input), Err(AppError::Validation { field, .. }) if field == "quote")
        );
        let zero = FxRateInput {
            quote: Currency::GBP,
            rate: Decimal::ZERO,
            ..input
        };
        assert!(
            matches!(checked(&zero), Err(AppError::Validation { field, .. }) if field == "rate")
        );
    }
}
