//! What the catalog screens send and receive. JSON documents (compliance data, regulatory
//! requirements, API settings) travel as text: the form edits text, and Rust checks that
//! it is a JSON object.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sentia_db::catalog::{ChannelRow, MarketRow, ProductRow};
use sentia_domain::{ChannelType, Currency, FulfillmentMethod, ProductCategory, SyncStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who changed a catalog row last and which version the next edit must name.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowStamp {
    /// The version an edit or delete must name (optimistic concurrency).
    pub version: i32,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who made it, when known.
    pub updated_by: Option<String>,
}

/// A market.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Market {
    /// Market id.
    pub id: Uuid,
    /// The editable fields as stored.
    pub fields: MarketInput,
    /// Products or channels belong to it: it can be deactivated, not deleted.
    pub in_use: bool,
    /// Version and last change.
    pub stamp: RowStamp,
}

/// A market's editable fields.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MarketInput {
    /// 2–10 capital letters (UK, EU, USA).
    pub code: String,
    /// Full name.
    pub name: String,
    /// Trading currency.
    pub currency: Currency,
    /// VAT / sales-tax rate, 0–1 (0.2 is 20 %).
    pub tax_rate: Decimal,
    /// What the tax is called (VAT, sales tax).
    pub tax_name: String,
    /// Standard delivery days.
    pub standard_shipping_days: i32,
    /// Express delivery days (at most the standard).
    pub express_shipping_days: i32,
    /// Labelling rules, registrations: a JSON object.
    pub regulatory_requirements: String,
    /// Import restrictions: a JSON object.
    pub import_restrictions: String,
    /// Export restrictions: a JSON object.
    pub export_restrictions: String,
    /// Trading (inactive markets leave the pickers).
    pub active: bool,
}

/// A product with its margin.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// Product id.
    pub id: Uuid,
    /// The editable fields as stored.
    pub fields: ProductInput,
    /// The market's currency, in which cost and price are.
    pub currency: Currency,
    /// Selling price less unit cost.
    pub unit_margin: Decimal,
    /// Unit margin as a share of the selling price (0.4 is 40 %).
    pub margin_pct: Decimal,
    /// Sales refer to it: it can be deactivated, not deleted.
    pub has_sales: bool,
    /// Version and last change.
    pub stamp: RowStamp,
}

/// A product's editable fields.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductInput {
    /// 3–50 capital letters, digits, `-`, `_`.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Product line.
    pub category: ProductCategory,
    /// Market code.
    pub market: String,
    /// Manufacturing cost per unit, in the market's currency.
    pub unit_cost: Decimal,
    /// List price per unit excluding tax, above the cost.
    pub selling_price: Decimal,
    /// Shipping weight, 0.001–50 kg.
    pub weight_kg: Option<Decimal>,
    /// "LxWxH" in centimetres.
    pub dimensions_cm: Option<String>,
    /// Machine hours per batch, 0.1–72.
    pub production_time_hours: Decimal,
    /// Smallest batch, 1–10,000.
    pub batch_size_min: i32,
    /// Largest batch, at least the smallest, at most 100,000.
    pub batch_size_max: i32,
    /// Production lead time, days.
    pub lead_time_days: i32,
    /// Shelf life, days.
    pub shelf_life_days: Option<i32>,
    /// Label language, claims, approvals, HS code: a JSON object.
    pub compliance_data: String,
    /// Offered (inactive products leave the pickers but keep their history).
    pub active: bool,
}

/// A sales channel. Its API credentials are never sent: only whether they are set.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SalesChannel {
    /// SalesChannel id.
    pub id: Uuid,
    /// The editable fields as stored.
    pub fields: SalesChannelInput,
    /// Encrypted API credentials are stored.
    pub has_credentials: bool,
    /// Last synchronisation's outcome.
    pub sync_status: SyncStatus,
    /// When it last synchronised.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Why the last synchronisation failed.
    pub last_sync_error: Option<String>,
    /// Sales refer to it: it can be deactivated, not deleted.
    pub has_sales: bool,
    /// Version and last change.
    pub stamp: RowStamp,
}

/// A sales channel's editable fields.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SalesChannelInput {
    /// Display name (unique).
    pub name: String,
    /// Amazon or Shopify.
    pub channel_type: ChannelType,
    /// Market code.
    pub market: String,
    /// Commission on net revenue, 0–1.
    pub commission_rate: Decimal,
    /// FBA or FBM for Amazon, Own for Shopify.
    pub fulfillment_method: FulfillmentMethod,
    /// Amazon marketplace id (e.g. A1F83G8C2ARO7P).
    pub marketplace_id: Option<String>,
    /// Fixed fee per order.
    pub fixed_fee_per_order: Decimal,
    /// Fulfilment fee per unit.
    pub fulfillment_fee_per_unit: Decimal,
    /// Days from sale to cash.
    pub payment_terms_days: i32,
    /// Days from order to dispatch.
    pub processing_days: i32,
    /// Non-secret integration settings (endpoint, shop domain): a JSON object.
    pub api_settings: String,
    /// Target conversion rate, 0–1.
    pub conversion_rate: Option<Decimal>,
    /// Target return rate, 0–1.
    pub return_rate: Option<Decimal>,
    /// Monthly revenue target in the market's currency.
    pub monthly_revenue_target: Option<Decimal>,
    /// Selling (inactive channels leave the pickers but keep their history).
    pub active: bool,
}

fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned())
}

fn stamp(version: i32, updated_at: DateTime<Utc>, updated_by: Option<String>) -> RowStamp {
    RowStamp {
        version,
        updated_at,
        updated_by,
    }
}

impl From<MarketRow> for Market {
    fn from(r: MarketRow) -> Self {
        Market {
            id: r.id,
            fields: MarketInput {
                code: r.code,
                name: r.name,
                currency: r.currency,
                tax_rate: r.tax_rate.normalize(),
                tax_name: r.tax_name,
                standard_shipping_days: r.standard_shipping_days,
                express_shipping_days: r.express_shipping_days,
                regulatory_requirements: json_text(&r.regulatory_requirements),
                import_restrictions: json_text(&r.import_restrictions),
                export_restrictions: json_text(&r.export_restrictions),
                active: r.is_active,
            },
            in_use: r.in_use,
            stamp: stamp(r.row_version, r.updated_at, r.updated_by),
        }
    }
}

impl From<ProductRow> for Product {
    fn from(r: ProductRow) -> Self {
        let margin = sentia_finance::UnitMargin::of(r.unit_cost, r.selling_price);
        Product {
            id: r.id,
            currency: r.currency,
            unit_margin: margin.amount,
            margin_pct: margin.share,
            has_sales: r.has_sales,
            stamp: stamp(r.row_version, r.updated_at, r.updated_by),
            fields: ProductInput {
                sku: r.sku,
                name: r.name,
                category: r.category,
                market: r.market_region,
                unit_cost: r.unit_cost,
                selling_price: r.selling_price,
                weight_kg: r.weight_kg.map(|w| w.normalize()),
                dimensions_cm: r.dimensions_cm,
                production_time_hours: r.production_time_hours.normalize(),
                batch_size_min: r.batch_size_min,
                batch_size_max: r.batch_size_max,
                lead_time_days: r.lead_time_days,
                shelf_life_days: r.shelf_life_days,
                compliance_data: json_text(&r.compliance_data),
                active: r.is_active,
            },
        }
    }
}

impl From<ChannelRow> for SalesChannel {
    fn from(r: ChannelRow) -> Self {
        SalesChannel {
            id: r.id,
            has_credentials: r.has_credentials,
            sync_status: r.sync_status,
            last_sync_at: r.last_sync_at,
            last_sync_error: r.last_sync_error,
            has_sales: r.has_sales,
            stamp: stamp(r.row_version, r.updated_at, r.updated_by),
            fields: SalesChannelInput {
                name: r.name,
                channel_type: r.channel_type,
                market: r.market_code,
                commission_rate: r.commission_rate.normalize(),
                fulfillment_method: r.fulfillment_method,
                marketplace_id: r.marketplace_id,
                fixed_fee_per_order: r.fixed_fee_per_order,
                fulfillment_fee_per_unit: r.fulfillment_fee_per_unit,
                payment_terms_days: r.payment_terms_days,
                processing_days: r.processing_days,
                api_settings: json_text(&r.api_settings),
                conversion_rate: r.conversion_rate.map(|v| v.normalize()),
                return_rate: r.return_rate.map(|v| v.normalize()),
                monthly_revenue_target: r.monthly_revenue_target,
                active: r.is_active,
            },
        }
    }
}
