//! Row types of the demo company, one per table, with the schema's column meanings.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sentia_domain::{
    ChannelType, Currency, FulfillmentMethod, JobStatus, LocationType, ProductCategory,
    ResourceStatus, Role, Scenario, ScheduleStatus, StockStatus,
};
use serde::Serialize;
use uuid::Uuid;

/// An app user.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// The user's id (primary key).
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// E-mail address.
    pub email: String,
    /// Full name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Demo password (documented in the README; real users set their own).
    pub password: &'static str,
    /// IANA time zone.
    pub timezone: &'static str,
    /// BCP 47 language tag.
    pub language: &'static str,
}

/// A geographic market.
#[derive(Debug, Clone, Serialize)]
pub struct Market {
    /// The market's id (primary key).
    pub id: Uuid,
    /// UK, EU, USA.
    pub code: &'static str,
    /// Full name.
    pub name: &'static str,
    /// Trading currency.
    pub currency: Currency,
    /// VAT or sales-tax rate.
    pub tax_rate: Decimal,
    /// "VAT" or "Sales tax".
    pub tax_name: &'static str,
    /// Standard delivery days.
    pub standard_shipping_days: i32,
    /// Express delivery days.
    pub express_shipping_days: i32,
    /// Labelling and licensing rules.
    pub regulatory_requirements: serde_json::Value,
    /// Import rules (duty rates).
    pub import_restrictions: serde_json::Value,
    /// Months a tax return covers.
    pub tax_filing_months: i16,
    /// The tax is due this many months and days after the return's period ends.
    pub tax_due_months: i16,
    /// See `tax_due_months`.
    pub tax_due_days: i16,
    /// Duty on the cost of goods shipped in from the plant.
    pub duty_rate: Decimal,
}

/// A regional SKU.
#[derive(Debug, Clone, Serialize)]
pub struct Product {
    /// The product's id (primary key).
    pub id: Uuid,
    /// SKU code.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Product line.
    pub category: ProductCategory,
    /// Market code the label is for.
    pub market_region: &'static str,
    /// Manufacturing cost in the market's currency.
    pub unit_cost: Decimal,
    /// List price in the market's currency, excluding tax.
    pub selling_price: Decimal,
    /// Shipping weight.
    pub weight_kg: Decimal,
    /// "LxWxH" in cm.
    pub dimensions_cm: &'static str,
    /// Hours per production batch.
    pub production_time_hours: Decimal,
    /// Smallest batch.
    pub batch_size_min: i32,
    /// Largest batch.
    pub batch_size_max: i32,
    /// Production lead time in days.
    pub lead_time_days: i32,
    /// Shelf life in days.
    pub shelf_life_days: i32,
    /// Regional compliance data.
    pub compliance_data: serde_json::Value,
}

/// An e-commerce storefront.
#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    /// The channel's id (primary key).
    pub id: Uuid,
    /// Display name.
    pub name: &'static str,
    /// Amazon or Shopify.
    pub channel_type: ChannelType,
    /// Market code.
    pub market_code: &'static str,
    /// Commission on net revenue.
    pub commission_rate: Decimal,
    /// Who ships.
    pub fulfillment_method: FulfillmentMethod,
    /// Amazon marketplace id.
    pub marketplace_id: Option<&'static str>,
    /// Fixed fee per order.
    pub fixed_fee_per_order: Decimal,
    /// Fulfilment fee per unit (FBA).
    pub fulfillment_fee_per_unit: Decimal,
    /// Days from sale to cash.
    pub payment_terms_days: i32,
    /// Days to dispatch.
    pub processing_days: i32,
    /// Visitor-to-order conversion.
    pub conversion_rate: Decimal,
    /// Share of units returned.
    pub return_rate: Decimal,
    /// Monthly revenue target in the market's currency.
    pub monthly_revenue_target: Decimal,
    /// Share of revenue never collected.
    pub bad_debt_rate: Decimal,
    /// Stock location the channel ships from.
    pub location_id: &'static str,
    /// Kind of that location.
    pub location_type: LocationType,
}

/// One day's sales of a SKU on a channel.
#[derive(Debug, Clone, Serialize)]
pub struct Sale {
    /// The sale's id (primary key).
    pub id: Uuid,
    /// SKU.
    pub product_id: Uuid,
    /// Channel.
    pub sales_channel_id: Uuid,
    /// Day.
    pub sale_date: NaiveDate,
    /// Orders in the day.
    pub order_count: i32,
    /// Units sold.
    pub quantity_sold: i32,
    /// Units later returned.
    pub returned_quantity: i32,
    /// List price.
    pub unit_price: Decimal,
    /// quantity × price.
    pub gross_revenue: Decimal,
    /// Promotion discount.
    pub discount_amount: Decimal,
    /// gross − discount.
    pub net_revenue: Decimal,
    /// quantity × unit cost.
    pub cogs: Decimal,
    /// Outbound shipping paid by us.
    pub shipping_cost: Decimal,
    /// Commission and fulfilment fees.
    pub platform_fees: Decimal,
    /// Import duty on the goods sold.
    pub duty_cost: Decimal,
    /// VAT / sales tax collected.
    pub tax_amount: Decimal,
    /// net − cogs − shipping − fees − duty.
    pub net_profit: Decimal,
    /// Currency of all amounts.
    pub currency: Currency,
    /// GBP per unit of `currency` on the day.
    pub fx_rate_to_base: Decimal,
    /// ISO country, when the channel sells to one country.
    pub country_code: Option<&'static str>,
    /// Region label.
    pub region: &'static str,
    /// Meteorological season (northern hemisphere).
    pub season: &'static str,
    /// Promotion running that day.
    pub promotion_code: Option<&'static str>,
    /// Demand exceeded stock.
    pub stockout: bool,
    /// Where the row came from (`demo`).
    pub source: &'static str,
    /// 0..1.
    pub data_quality_score: Decimal,
}

/// Stock of a SKU at a location on a day.
#[derive(Debug, Clone, Serialize)]
pub struct InventorySnapshot {
    /// The inventory snapshot's id (primary key).
    pub id: Uuid,
    /// SKU.
    pub product_id: Uuid,
    /// Location code.
    pub location_id: &'static str,
    /// Location kind.
    pub location_type: LocationType,
    /// Day of the snapshot.
    pub snapshot_date: NaiveDate,
    /// Sellable units.
    pub available_quantity: i32,
    /// Allocated to orders not yet shipped.
    pub reserved_quantity: i32,
    /// On order (production or in transit).
    pub inbound_quantity: i32,
    /// Damaged or failed QC.
    pub defective_quantity: i32,
    /// Safety stock.
    pub safety_stock: i32,
    /// Reorder point.
    pub reorder_point: i32,
    /// Order quantity.
    pub reorder_quantity: i32,
    /// Days until stock-out at recent demand; None without demand.
    pub days_of_supply: Option<i32>,
    /// Mean units per day over the last 28 days.
    pub average_daily_demand: Decimal,
    /// Approximate average age of units on hand.
    pub average_age_days: Option<i32>,
    /// Annualised turns.
    pub turnover_rate: Option<Decimal>,
    /// Status.
    pub stock_status: StockStatus,
    /// Probability of a stock-out within the lead time.
    pub risk_score: Decimal,
    /// Unit cost.
    pub unit_value: Decimal,
}

/// One period of working capital for a market.
#[derive(Debug, Clone, Serialize)]
pub struct WorkingCapital {
    /// The working-capital row's id (primary key).
    pub id: Uuid,
    /// Last day of the month.
    pub projection_date: NaiveDate,
    /// Market code.
    pub market_code: &'static str,
    /// Scenario.
    pub scenario: Scenario,
    /// Closed month (true) or projection.
    pub is_actual: bool,
    /// Currency of the amounts.
    pub currency: Currency,
    /// GBP per unit on `fx_rate_date`.
    pub fx_rate_to_base: Decimal,
    /// Date of the rate.
    pub fx_rate_date: NaiveDate,
    /// Net revenue.
    pub projected_sales_revenue: Decimal,
    /// Cost of goods sold.
    pub projected_cogs: Decimal,
    /// Closing receivables.
    pub accounts_receivable: Decimal,
    /// Closing payables.
    pub accounts_payable: Decimal,
    /// Closing stock value at cost.
    pub inventory_value: Decimal,
    /// Tax accrued in the month.
    pub tax_obligation: Decimal,
    /// Cash received.
    pub cash_inflow: Decimal,
    /// Cash paid.
    pub cash_outflow: Decimal,
    /// inflow − outflow.
    pub net_cash_flow: Decimal,
    /// AR + inventory − AP.
    pub working_capital_requirement: Decimal,
    /// Days sales outstanding.
    pub dso: Option<Decimal>,
    /// Days inventory outstanding.
    pub dio: Option<Decimal>,
    /// Days payables outstanding.
    pub dpo: Option<Decimal>,
    /// DIO + DSO − DPO.
    pub cash_conversion_cycle: Option<Decimal>,
}

/// A production resource.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// The resource's id (primary key).
    pub id: Uuid,
    /// Name.
    pub name: &'static str,
    /// Category.
    pub kind: &'static str,
    /// Capacity in `capacity_unit`.
    pub capacity: f64,
    /// Unit of capacity.
    pub capacity_unit: &'static str,
    /// Status.
    pub status: ResourceStatus,
    /// Site.
    pub location: &'static str,
    /// Cost per hour in GBP.
    pub cost_per_hour: Decimal,
}

/// A daily exchange rate: one `base` is `rate` `quote`.
#[derive(Debug, Clone, Serialize)]
pub struct FxRate {
    /// Currency converted from (EUR, USD).
    pub base_currency: Currency,
    /// Currency converted to (the company's base, GBP).
    pub quote_currency: Currency,
    /// Day.
    pub rate_date: NaiveDate,
    /// Quote per base.
    pub rate: Decimal,
}

/// A monthly production schedule.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// The schedule's id (primary key).
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Start.
    pub start_date: DateTime<Utc>,
    /// End.
    pub end_date: DateTime<Utc>,
    /// Status.
    pub status: ScheduleStatus,
    /// Creator.
    pub created_by: Uuid,
}

/// A production batch.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    /// The job's id (primary key).
    pub id: Uuid,
    /// Job number.
    pub job_number: String,
    /// Schedule of the month it starts in.
    pub schedule_id: Option<Uuid>,
    /// Internal customer: the location being replenished.
    pub customer_name: String,
    /// Status.
    pub status: JobStatus,
    /// SKU made.
    pub product_id: Uuid,
    /// Bottling line used.
    pub resource_id: Uuid,
    /// Units ordered.
    pub quantity: i32,
    /// Units produced.
    pub produced_quantity: i32,
    /// Batch number.
    pub batch_number: String,
    /// 1 (urgent) .. 5.
    pub priority: i32,
    /// Day the stock must arrive.
    pub due_date: NaiveDate,
    /// Planned start.
    pub planned_start: DateTime<Utc>,
    /// Planned end.
    pub planned_end: DateTime<Utc>,
    /// Actual start.
    pub actual_start: Option<DateTime<Utc>>,
    /// Actual end.
    pub actual_end: Option<DateTime<Utc>>,
    /// Waste share.
    pub waste_rate: Decimal,
    /// Yield share.
    pub yield_rate: Decimal,
}

/// A typed setting value.
#[derive(Debug, Clone, Serialize)]
pub enum SettingValue {
    /// value_text.
    Text(&'static str),
    /// value_integer.
    Integer(i64),
    /// value_decimal.
    Decimal(Decimal),
    /// value_boolean.
    Boolean(bool),
}

/// A company setting.
#[derive(Debug, Clone, Serialize)]
pub struct Setting {
    /// Group.
    pub category: &'static str,
    /// Name within the category, e.g. `service_level_a`.
    pub key: &'static str,
    /// Value.
    pub value: SettingValue,
    /// What it controls.
    pub description: &'static str,
}
