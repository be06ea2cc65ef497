//! Sales channels (Amazon marketplaces, Shopify shops): terms, targets and integration.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sentia_domain::{ChannelType, FulfillmentMethod, SyncStatus};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::{parse_column, written, Entity, Versioned};
use crate::DbError;

/// A sales channel as stored. The API credentials never leave the database in this row:
/// only whether they are set.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelRow {
    /// Channel id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Amazon or Shopify.
    pub channel_type: ChannelType,
    /// Market code.
    pub market_code: String,
    /// Commission on net revenue.
    pub commission_rate: Decimal,
    /// Who ships.
    pub fulfillment_method: FulfillmentMethod,
    /// Amazon marketplace id.
    pub marketplace_id: Option<String>,
    /// Fixed fee per order.
    pub fixed_fee_per_order: Decimal,
    /// Fulfilment fee per unit.
    pub fulfillment_fee_per_unit: Decimal,
    /// Days from sale to cash.
    pub payment_terms_days: i32,
    /// Days from order to dispatch.
    pub processing_days: i32,
    /// Non-secret integration settings (a JSON object).
    pub api_settings: serde_json::Value,
    /// Encrypted credentials are stored.
    pub has_credentials: bool,
    /// Last synchronisation's outcome.
    pub sync_status: SyncStatus,
    /// When it last synchronised.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Why the last synchronisation failed.
    pub last_sync_error: Option<String>,
    /// Target conversion rate.
    pub conversion_rate: Option<Decimal>,
    /// Target return rate.
    pub return_rate: Option<Decimal>,
    /// Monthly revenue target, in the market's currency.
    pub monthly_revenue_target: Option<Decimal>,
    /// Selling.
    pub is_active: bool,
    /// Sales refer to it, so it cannot be deleted.
    pub has_sales: bool,
    /// Optimistic-concurrency version.
    pub row_version: i32,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who made the last change, as a name to show.
    pub updated_by: Option<String>,
}

/// The columns an editor sets, already checked by core. Credentials are set apart
/// ([`set_credentials`]), so that an edit of the terms never touches them.
#[derive(Debug, Clone)]
pub struct ChannelFields<'a> {
    /// Display name.
    pub name: &'a str,
    /// Amazon or Shopify.
    pub channel_type: ChannelType,
    /// Market code.
    pub market_code: &'a str,
    /// Commission rate.
    pub commission_rate: Decimal,
    /// Who ships.
    pub fulfillment_method: FulfillmentMethod,
    /// Amazon marketplace id.
    pub marketplace_id: Option<&'a str>,
    /// Fixed fee per order.
    pub fixed_fee_per_order: Decimal,
    /// Fulfilment fee per unit.
    pub fulfillment_fee_per_unit: Decimal,
    /// Days from sale to cash.
    pub payment_terms_days: i32,
    /// Days from order to dispatch.
    pub processing_days: i32,
    /// A JSON object.
    pub api_settings: serde_json::Value,
    /// Target conversion rate.
    pub conversion_rate: Option<Decimal>,
    /// Target return rate.
    pub return_rate: Option<Decimal>,
    /// Monthly revenue target.
    pub monthly_revenue_target: Option<Decimal>,
    /// Selling.
    pub is_active: bool,
}

const ENTITY: Entity = Entity::Channel;

async fn select(ex: impl PgExecutor<'_>, only: Option<Uuid>) -> Result<Vec<ChannelRow>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT c.id, c.name, c.channel_type, c.market_code, c.commission_rate,
                  c.fulfillment_method, c.marketplace_id, c.fixed_fee_per_order,
                  c.fulfillment_fee_per_unit, c.payment_terms_days, c.processing_days,
                  c.api_settings, c.api_credentials_encrypted IS NOT NULL AS "has_credentials!",
                  c.sync_status, c.last_sync_at, c.last_sync_error, c.conversion_rate,
                  c.return_rate, c.monthly_revenue_target, c.is_active, c.row_version,
                  c.updated_at,
                  EXISTS (SELECT 1 FROM historical_sales s WHERE s.sales_channel_id = c.id) AS "has_sales!",
                  sentia_user_label(c.updated_by) AS "updated_by_name?"
           FROM sales_channels c
           WHERE $1::uuid IS NULL OR c.id = $1
           ORDER BY c.name"#,
        only
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ChannelRow {
                id: r.id,
                name: r.name,
                channel_type: parse_column("sales_channels.channel_type", &r.channel_type)?,
                market_code: r.market_code,
                commission_rate: r.commission_rate,
                fulfillment_method: parse_column(
                    "sales_channels.fulfillment_method",
                    &r.fulfillment_method,
                )?,
                marketplace_id: r.marketplace_id,
                fixed_fee_per_order: r.fixed_fee_per_order,
                fulfillment_fee_per_unit: r.fulfillment_fee_per_unit,
                payment_terms_days: r.payment_terms_days,
                processing_days: r.processing_days,
                api_settings: r.api_settings,
                has_credentials: r.has_credentials,
                sync_status: parse_column("sales_channels.sync_status", &r.sync_status)?,
                last_sync_at: r.last_sync_at,
                last_sync_error: r.last_sync_error,
                conversion_rate: r.conversion_rate,
                return_rate: r.return_rate,
                monthly_revenue_target: r.monthly_revenue_target,
                is_active: r.is_active,
                has_sales: r.has_sales,
                row_version: r.row_version,
                updated_at: r.updated_at,
                updated_by: r.updated_by_name,
            })
        })
        .collect()
}

/// Every sales channel, by name.
pub async fn channels(ex: impl PgExecutor<'_>) -> Result<Vec<ChannelRow>, DbError> {
    select(ex, None).await
}

/// One sales channel.
pub async fn get(ex: impl PgExecutor<'_>, id: Uuid) -> Result<ChannelRow, DbError> {
    select(ex, Some(id)).await?.pop().ok_or(DbError::NotFound {
        entity: ENTITY.name(),
    })
}

/// Adds a channel; returns its id.
pub async fn insert(conn: &mut PgConnection, f: &ChannelFields<'_>) -> Result<Uuid, DbError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO sales_channels (name, channel_type, market_code, commission_rate,
                                     fulfillment_method, marketplace_id, fixed_fee_per_order,
                                     fulfillment_fee_per_unit, payment_terms_days, processing_days,
                                     api_settings, conversion_rate, return_rate,
                                     monthly_revenue_target, is_active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING id",
        f.name,
        f.channel_type.as_str(),
        f.market_code,
        f.commission_rate,
        f.fulfillment_method.as_str(),
        f.marketplace_id,
        f.fixed_fee_per_order,
        f.fulfillment_fee_per_unit,
        f.payment_terms_days,
        f.processing_days,
        &f.api_settings,
        f.conversion_rate,
        f.return_rate,
        f.monthly_revenue_target,
        f.is_active
    )
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Saves an edit made from `expected_version`.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    f: &ChannelFields<'_>,
) -> Result<Versioned, DbError> {
    let saved = sqlx::query_scalar!(
        "UPDATE sales_channels SET name = $3, channel_type = $4, market_code = $5,
                commission_rate = $6, fulfillment_method = $7, marketplace_id = $8,
                fixed_fee_per_order = $9, fulfillment_fee_per_unit = $10,
                payment_terms_days = $11, processing_days = $12, api_settings = $13,
                conversion_rate = $14, return_rate = $15, monthly_revenue_target = $16,
                is_active = $17
         WHERE id = $1 AND row_version = $2
         RETURNING id",
        id,
        expected_version,
        f.name,
        f.channel_type.as_str(),
        f.market_code,
        f.commission_rate,
        f.fulfillment_method.as_str(),
        f.marketplace_id,
        f.fixed_fee_per_order,
        f.fulfillment_fee_per_unit,
        f.payment_terms_days,
        f.processing_days,
        &f.api_settings,
        f.conversion_rate,
        f.return_rate,
        f.monthly_revenue_target,
        f.is_active
    )
    .fetch_optional(&mut *conn)
    .await?;
    written(conn, ENTITY, id, expected_version, saved).await
}

/// Replaces the channel's encrypted credentials (`None` removes them). The audit trigger
/// records that they changed, never the bytes.
pub async fn set_credentials(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    ciphertext: Option<&[u8]>,
) -> Result<Versioned, DbError> {
    let saved = sqlx::query_scalar!(
        "UPDATE sales_channels SET api_credentials_encrypted = $3
         WHERE id = $1 AND row_version = $2
         RETURNING id",
        id,
        expected_version,
        ciphertext
    )
    .fetch_optional(&mut *conn)
    .await?;
    written(conn, ENTITY, id, expected_version, saved).await
}

/// Every channel's name, for suggesting the closest to one that matches none.
pub async fn names(ex: impl sqlx::PgExecutor<'_>) -> Result<Vec<String>, DbError> {
    Ok(
        sqlx::query_scalar!("SELECT name FROM sales_channels ORDER BY name")
            .fetch_all(ex)
            .await?,
    )
}
