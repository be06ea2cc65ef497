//! Markets (UK, EU, USA): currency, tax and shipping, and their rules of trade.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sentia_domain::Currency;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::{parse_column, written, Entity, Versioned};
use crate::DbError;

/// A market as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketRow {
    /// Market id.
    pub id: Uuid,
    /// UK, EU, USA.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Trading currency.
    pub currency: Currency,
    /// VAT / sales-tax rate.
    pub tax_rate: Decimal,
    /// What the tax is called on invoices (VAT, sales tax).
    pub tax_name: String,
    /// Standard delivery days.
    pub standard_shipping_days: i32,
    /// Express delivery days.
    pub express_shipping_days: i32,
    /// Labelling rules, registrations (a JSON object).
    pub regulatory_requirements: serde_json::Value,
    /// What may not be imported (a JSON object).
    pub import_restrictions: serde_json::Value,
    /// What may not be exported (a JSON object).
    pub export_restrictions: serde_json::Value,
    /// Months a tax return covers (1, 3 or 12).
    pub tax_filing_months: i16,
    /// The tax is due this many months and days after the return's period ends.
    pub tax_due_months: i16,
    /// See `tax_due_months`.
    pub tax_due_days: i16,
    /// Import duty on the cost of goods shipped in from the plant.
    pub duty_rate: Decimal,
    /// Trading.
    pub is_active: bool,
    /// Products, channels or working-capital rows refer to it, so it cannot be deleted.
    pub in_use: bool,
    /// Optimistic-concurrency version.
    pub row_version: i32,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who made the last change, as a name to show.
    pub updated_by: Option<String>,
}

/// The columns an editor sets, already checked by core.
#[derive(Debug, Clone)]
pub struct MarketFields<'a> {
    /// Market code.
    pub code: &'a str,
    /// Full name.
    pub name: &'a str,
    /// Trading currency.
    pub currency: Currency,
    /// Tax rate.
    pub tax_rate: Decimal,
    /// Tax name.
    pub tax_name: &'a str,
    /// Standard delivery days.
    pub standard_shipping_days: i32,
    /// Express delivery days.
    pub express_shipping_days: i32,
    /// A JSON object.
    pub regulatory_requirements: serde_json::Value,
    /// A JSON object.
    pub import_restrictions: serde_json::Value,
    /// A JSON object.
    pub export_restrictions: serde_json::Value,
    /// Trading.
    pub is_active: bool,
}

const ENTITY: Entity = Entity::Market;

async fn select(ex: impl PgExecutor<'_>, only: Option<Uuid>) -> Result<Vec<MarketRow>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT m.id, m.code, m.name, m.currency_code, m.tax_rate, m.tax_name,
                  m.standard_shipping_days, m.express_shipping_days, m.regulatory_requirements,
                  m.import_restrictions, m.export_restrictions, m.tax_filing_months,
                  m.tax_due_months, m.tax_due_days, m.duty_rate, m.is_active, m.row_version,
                  m.updated_at,
                  (EXISTS (SELECT 1 FROM products p WHERE p.market_region = m.code)
                   OR EXISTS (SELECT 1 FROM sales_channels c WHERE c.market_code = m.code)) AS "in_use!",
                  sentia_user_label(m.updated_by) AS "updated_by_name?"
           FROM markets m
           WHERE $1::uuid IS NULL OR m.id = $1
           ORDER BY m.code"#,
        only
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(MarketRow {
                id: r.id,
                code: r.code,
                name: r.name,
                currency: parse_column("markets.currency_code", &r.currency_code)?,
                tax_rate: r.tax_rate,
                tax_name: r.tax_name,
                standard_shipping_days: r.standard_shipping_days,
                express_shipping_days: r.express_shipping_days,
                regulatory_requirements: r.regulatory_requirements,
                import_restrictions: r.import_restrictions,
                export_restrictions: r.export_restrictions,
                tax_filing_months: r.tax_filing_months,
                tax_due_months: r.tax_due_months,
                tax_due_days: r.tax_due_days,
                duty_rate: r.duty_rate,
                is_active: r.is_active,
                in_use: r.in_use,
                row_version: r.row_version,
                updated_at: r.updated_at,
                updated_by: r.updated_by_name,
            })
        })
        .collect()
}

/// Every market, by code.
pub async fn markets(ex: impl PgExecutor<'_>) -> Result<Vec<MarketRow>, DbError> {
    select(ex, None).await
}

/// One market.
pub async fn get(ex: impl PgExecutor<'_>, id: Uuid) -> Result<MarketRow, DbError> {
    select(ex, Some(id)).await?.pop().ok_or(DbError::NotFound {
        entity: ENTITY.name(),
    })
}

/// Adds a market; returns its id.
pub async fn insert(conn: &mut PgConnection, f: &MarketFields<'_>) -> Result<Uuid, DbError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO markets (code, name, currency_code, tax_rate, tax_name, standard_shipping_days,
                              express_shipping_days, regulatory_requirements, import_restrictions,
                              export_restrictions, is_active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id",
        f.code,
        f.name,
        f.currency.as_str(),
        f.tax_rate,
        f.tax_name,
        f.standard_shipping_days,
        f.express_shipping_days,
        &f.regulatory_requirements,
        &f.import_restrictions,
        &f.export_restrictions,
        f.is_active
    )
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Saves an edit made from `expected_version`. A new code follows into products and
/// channels (`ON UPDATE CASCADE`).
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    f: &MarketFields<'_>,
) -> Result<Versioned, DbError> {
    let saved = sqlx::query_scalar!(
        "UPDATE markets SET code = $3, name = $4, currency_code = $5, tax_rate = $6, tax_name = $7,
                standard_shipping_days = $8, express_shipping_days = $9,
                regulatory_requirements = $10, import_restrictions = $11,
                export_restrictions = $12, is_active = $13
         WHERE id = $1 AND row_version = $2
         RETURNING id",
        id,
        expected_version,
        f.code,
        f.name,
        f.currency.as_str(),
        f.tax_rate,
        f.tax_name,
        f.standard_shipping_days,
        f.express_shipping_days,
        &f.regulatory_requirements,
        &f.import_restrictions,
        &f.export_restrictions,
        f.is_active
    )
    .fetch_optional(&mut *conn)
    .await?;
    written(conn, ENTITY, id, expected_version, saved).await
}
