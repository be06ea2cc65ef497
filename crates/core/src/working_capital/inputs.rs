//! What a projection reads, in a form that can be saved with it and read again.
//!
//! Small inputs (settings with their versions, the catalogue's prices and terms, opening
//! balances, FX rates) are kept as values. The forecast demand is read again as of the
//! saved time (forecasts are superseded, never changed) and the sales of the year before
//! are read again; both are checked against the digests taken when the projection was saved.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use sentia_db::cash as db;
use sentia_db::catalog;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::month_start;
use crate::dashboard::BASE_CURRENCY;
use crate::settings;
use crate::AppError;

/// The settings a projection reads, by category and key.
const SETTINGS: [(&str, &str); 12] = [
    ("finance", "inventory_days"),
    ("finance", "opening_cash"),
    ("finance", "monthly_opex"),
    ("finance", "bad_debt_rate"),
    ("finance", "payable_days"),
    ("finance", "credit_facility_limit"),
    ("finance", "minimum_cash"),
    ("finance", "credit_facility_rate"),
    ("finance", "ccc_target_days"),
    ("finance", "net_worth"),
    ("finance", "max_debt_to_equity"),
    ("finance", "line_warning_share"),
];

/// A setting as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingRead {
    /// Category and key, e.g. `finance.opening_cash`.
    pub key: String,
    /// Version (0: the registered default).
    pub version: i32,
    /// Value.
    pub value: Decimal,
}

/// A market's terms as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct MarketRead {
    pub code: String,
    pub currency: String,
    pub tax_rate: Decimal,
    pub tax_name: String,
    pub tax_filing_months: u32,
    pub tax_due_months: u32,
    pub tax_due_days: u32,
    pub duty_rate: Decimal,
}

/// An active product's price and cost as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct ProductRead {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub market: String,
    pub price: Decimal,
    pub unit_cost: Decimal,
}

/// An active channel's terms as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct ChannelRead {
    pub id: Uuid,
    pub market: String,
    pub commission_rate: Decimal,
    pub fee_per_unit: Decimal,
    pub collection_days: u32,
}

/// A market's opening balances as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct BalanceRead {
    pub market: String,
    pub as_of: NaiveDate,
    pub receivables: Decimal,
    pub payables: Decimal,
    pub inventory: Decimal,
}

/// The rate a market's currency was converted at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RateRead {
    /// Market.
    pub market: String,
    /// Its currency.
    pub currency: String,
    /// Base currency per unit; none when there was no rate (the market was left out).
    pub rate: Option<Decimal>,
    /// The latest day a rate was looked for.
    pub on: NaiveDate,
}

/// Everything a projection read, as saved with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Inputs {
    /// The moment the forecasts were read at.
    pub read_at: DateTime<Utc>,
    /// The first month projected.
    pub start: NaiveDate,
    /// Months of forecast demand read.
    pub months: u32,
    pub settings: Vec<SettingRead>,
    pub markets: Vec<MarketRead>,
    pub products: Vec<ProductRead>,
    pub channels: Vec<ChannelRead>,
    pub balances: Vec<BalanceRead>,
    pub rates: Vec<RateRead>,
    /// The forecast runs whose rows were read.
    pub forecast_runs: Vec<Uuid>,
    /// The replenishment plan's purchases stand for the stock bought before this day: the
    /// day after the last open order is needed.
    pub plan_until: Option<NaiveDate>,
    /// SHA-256 of the replenishment orders read.
    pub orders_digest: String,
    /// SHA-256 of the forecast demand read.
    pub demand_digest: String,
    /// SHA-256 of the sales read.
    pub sales_digest: String,
}

impl Inputs {
    /// A setting's value as read, by `category.key`.
    pub fn setting(&self, key: &str) -> Decimal {
        self.settings
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.value)
            .unwrap_or_default()
    }
}

/// The inputs with the demand and sales rows they digest.
pub(super) struct Read {
    pub inputs: Inputs,
    pub demand: Vec<db::MonthDemandRow>,
    pub sales: Vec<db::MonthSalesRow>,
    pub orders: Vec<db::PlannedOrderRow>,
}

fn digest(lines: impl Iterator<Item = String>) -> String {
    let mut h = Sha256::new();
    for l in lines {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

fn demand_digest(rows: &[db::MonthDemandRow]) -> String {
    digest(rows.iter().map(|r| {
        format!(
            "{},{},{},{},{},{},{},{}",
            r.product_id,
            r.channel_id,
            r.month,
            r.units,
            r.low80,
            r.high80,
            r.approved,
            r.covered_days
        )
    }))
}

fn sales_digest(rows: &[db::MonthSalesRow]) -> String {
    digest(
        rows.iter()
            .map(|r| format!("{},{},{},{}", r.product_id, r.channel_id, r.month, r.units)),
    )
}

fn orders_digest(rows: &[db::PlannedOrderRow]) -> String {
    digest(rows.iter().map(|r| {
        format!(
            "{},{},{},{},{}",
            r.order_id, r.product_id, r.channel_id, r.need_by, r.value
        )
    }))
}

/// What flows in a projection: the forecast demand from `start` as of `at`, the sales of
/// the year before it, and the open replenishment orders needed in its months.
struct Flows {
    demand: Vec<db::MonthDemandRow>,
    sales: Vec<db::MonthSalesRow>,
    orders: Vec<db::PlannedOrderRow>,
}

async fn read_flows(
    conn: &mut sqlx::PgConnection,
    start: NaiveDate,
    months: u32,
    at: DateTime<Utc>,
) -> Result<Flows, AppError> {
    let demand = db::monthly_demand(&mut *conn, start, months as i32, at).await?;
    let year_ago = start.checked_sub_months(Months::new(12)).unwrap_or(start);
    let sales = db::monthly_sales(&mut *conn, year_ago, start).await?;
    let end = start
        .checked_add_months(Months::new(months))
        .unwrap_or(start);
    let orders = db::planned_orders(&mut *conn, start, end).await?;
    Ok(Flows {
        demand,
        sales,
        orders,
    })
}

/// Reads what a projection of `months` months needs, as it is now.
pub(super) async fn read_live(
    conn: &mut sqlx::PgConnection,
    months: u32,
) -> Result<Read, AppError> {
    let read_at = db::transaction_time(&mut *conn).await?;
    let mut settings_read = Vec::with_capacity(SETTINGS.len());
    for (category, key) in SETTINGS {
        let (value, version) = settings::versioned_number(conn, category, key).await?;
        settings_read.push(SettingRead {
            key: format!("{category}.{key}"),
            version,
            value,
        });
    }
    let balances: Vec<BalanceRead> = db::latest_actual_balances(&mut *conn)
        .await?
        .into_iter()
        .map(|b| BalanceRead {
            market: b.market_code,
            as_of: b.as_of,
            receivables: b.receivables,
            payables: b.payables,
            inventory: b.inventory,
        })
        .collect();
    let start = balances
        .iter()
        .map(|b| b.as_of)
        .max()
        .and_then(|d| d.succ_opt())
        .map(month_start)
        .unwrap_or_else(|| month_start(read_at.date_naive()));
    let markets: Vec<MarketRead> = catalog::markets(&mut *conn)
        .await?
        .into_iter()
        .map(|m| MarketRead {
            code: m.code,
            currency: m.currency.code().to_owned(),
            tax_rate: m.tax_rate,
            tax_name: m.tax_name,
            tax_filing_months: u32::try_from(m.tax_filing_months).unwrap_or(1),
            tax_due_months: u32::try_from(m.tax_due_months).unwrap_or(1),
            tax_due_days: u32::try_from(m.tax_due_days).unwrap_or(0),
            duty_rate: m.duty_rate,
        })
        .collect();
    let products = catalog::products(&mut *conn)
        .await?
        .into_iter()
        .filter(|p| p.is_active)
        .map(|p| ProductRead {
            id: p.id,
            sku: p.sku,
            name: p.name,
            market: p.market_region,
            price: p.selling_price,
            unit_cost: p.unit_cost,
        })
        .collect();
    let channels = catalog::channels(&mut *conn)
        .await?
        .into_iter()
        .filter(|c| c.is_active)
        .map(|c| ChannelRead {
            id: c.id,
            market: c.market_code,
            commission_rate: c.commission_rate,
            fee_per_unit: c.fulfillment_fee_per_unit,
            collection_days: u32::try_from(c.payment_terms_days + c.processing_days).unwrap_or(0),
        })
        .collect();
    // Rates as of the day before the first month: the last known at the projection's start.
    let rate_day = start - Duration::days(1);
    let mut rates = Vec::with_capacity(markets.len());
    for m in &markets {
        let rate = if m.currency == BASE_CURRENCY.code() {
            Some(Decimal::ONE)
        } else {
            db::rate_to_base(&mut *conn, &m.currency, BASE_CURRENCY.code(), rate_day).await?
        };
        rates.push(RateRead {
            market: m.code.clone(),
            currency: m.currency.clone(),
            rate,
            on: rate_day,
        });
    }
    let forecast_runs = db::forecast_runs_read(&mut *conn, start, months as i32, read_at).await?;
    let Flows {
        demand,
        sales,
        orders,
    } = read_flows(conn, start, months, read_at).await?;
    let plan_until = orders
        .iter()
        .map(|o| o.need_by)
        .max()
        .and_then(|d| d.succ_opt());
    Ok(Read {
        inputs: Inputs {
            read_at,
            start,
            months,
            settings: settings_read,
            markets,
            products,
            channels,
            balances,
            rates,
            forecast_runs,
            plan_until,
            orders_digest: orders_digest(&orders),
            demand_digest: demand_digest(&demand),
            sales_digest: sales_digest(&sales),
        },
        demand,
        sales,
        orders,
    })
}

/// Reads a saved projection's inputs again, and names those that no longer read the same.
pub(super) async fn read_saved(
    conn: &mut sqlx::PgConnection,
    saved: Inputs,
) -> Result<(Read, Vec<String>), AppError> {
    let Flows {
        demand,
        sales,
        orders,
    } = read_flows(conn, saved.start, saved.months, saved.read_at).await?;
    let mut changed = Vec::new();
    if demand_digest(&demand) != saved.demand_digest {
        changed.push(format!(
            "the forecasts live at {} no longer read the same",
            saved.read_at.format("%Y-%m-%d %H:%M:%S UTC")
        ));
    }
    if sales_digest(&sales) != saved.sales_digest {
        changed.push(
            "the sales of the year before the projection have changed since it was saved"
                .to_owned(),
        );
    }
    if orders_digest(&orders) != saved.orders_digest {
        changed.push(
            "the replenishment orders it bought stock with have changed since it was saved"
                .to_owned(),
        );
    }
    Ok((
        Read {
            inputs: saved,
            demand,
            sales,
            orders,
        },
        changed,
    ))
}
