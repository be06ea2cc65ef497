//! The company's fixed facts, from the domain brief: markets, channels, product lines,
//! users, resources and settings.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use sentia_domain::{
    ChannelType, Currency, FulfillmentMethod, LocationType, ProductCategory, ResourceStatus, Role,
};
use serde_json::json;
use uuid::Uuid;

use crate::{Channel, Market, Product, Resource, Setting, SettingValue, User};

/// A decimal from a literal written as text (keeps tables of rates readable).
pub(crate) fn d(s: &str) -> Decimal {
    s.parse().expect("valid decimal literal")
}

/// A random (v4-shaped) id drawn from the seeded generator, so ids are reproducible.
pub(crate) fn new_id(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

pub(crate) fn users(rng: &mut ChaCha8Rng) -> Vec<User> {
    let people = [
        ("admin", "Priya Shah", Role::Admin, "Europe/London", "en-GB"),
        (
            "fiona.finance",
            "Fiona Clarke",
            Role::Manager,
            "Europe/London",
            "en-GB",
        ),
        (
            "marco.planning",
            "Marco Rossi",
            Role::Manager,
            "Europe/Rome",
            "it-IT",
        ),
        (
            "alex.analyst",
            "Alex Morgan",
            Role::Analyst,
            "Europe/London",
            "en-GB",
        ),
        (
            "dana.planner",
            "Dana Kim",
            Role::Analyst,
            "America/New_York",
            "en-US",
        ),
        (
            "victor.viewer",
            "Victor Weber",
            Role::Viewer,
            "Europe/Berlin",
            "de-DE",
        ),
    ];
    people
        .into_iter()
        .map(|(username, name, role, timezone, language)| User {
            id: new_id(rng),
            username: username.to_owned(),
            email: format!("{username}@sentia-spirits.example"),
            display_name: name.to_owned(),
            role,
            password: DEMO_PASSWORD,
            timezone,
            language,
        })
        .collect()
}

/// Every demo user's password. Documented in the README; only for the local demo.
pub const DEMO_PASSWORD: &str = "sentia-demo";

pub(crate) fn markets(rng: &mut ChaCha8Rng) -> Vec<Market> {
    vec![
        Market {
            id: new_id(rng),
            code: "UK",
            name: "United Kingdom",
            currency: Currency::GBP,
            tax_rate: d("0.2000"),
            tax_name: "VAT",
            standard_shipping_days: 2,
            express_shipping_days: 1,
            regulatory_requirements: json!({"labelling": "UK FIC", "food_business_registration": true}),
            import_restrictions: json!({"raw_materials_duty": "0.025", "finished_goods_duty": "0.055"}),
            // HMRC: quarterly returns, paid one month and seven days after the quarter.
            tax_filing_months: 3,
            tax_due_months: 1,
            tax_due_days: 7,
            duty_rate: duty_rate("UK"),
        },
        Market {
            id: new_id(rng),
            code: "EU",
            name: "European Union",
            currency: Currency::EUR,
            // Average of the member states the shop ships to.
            tax_rate: d("0.1900"),
            tax_name: "VAT",
            standard_shipping_days: 5,
            express_shipping_days: 3,
            regulatory_requirements: json!({"labelling": "EU 1169/2011", "languages": ["de", "fr", "nl", "it"]}),
            import_restrictions: json!({"duty_from_uk": "0.032"}),
            // Monthly returns, paid by the 10th of the next month (as in Germany).
            tax_filing_months: 1,
            tax_due_months: 0,
            tax_due_days: 10,
            duty_rate: duty_rate("EU"),
        },
        Market {
            id: new_id(rng),
            code: "USA",
            name: "United States",
            currency: Currency::USD,
            tax_rate: d("0.0800"),
            tax_name: "Sales tax",
            standard_shipping_days: 7,
            express_shipping_days: 3,
            regulatory_requirements: json!({"labelling": "FDA 21 CFR 101", "fda_facility_registration": true}),
            import_restrictions: json!({"duty_from_uk": "0.064"}),
            // Monthly sales-tax returns, paid by the 20th of the next month.
            tax_filing_months: 1,
            tax_due_months: 0,
            tax_due_days: 20,
            duty_rate: duty_rate("USA"),
        },
    ]
}

/// Duty paid on goods shipped from the UK plant into a market, as a share of cost.
pub(crate) fn duty_rate(market: &str) -> Decimal {
    match market {
        "EU" => d("0.032"),
        "USA" => d("0.064"),
        _ => Decimal::ZERO,
    }
}

pub(crate) fn channels(rng: &mut ChaCha8Rng) -> Vec<Channel> {
    #[allow(clippy::type_complexity)]
    let rows: [(
        &str,
        ChannelType,
        &str,
        &str,
        FulfillmentMethod,
        Option<&str>,
        &str,
        &str,
        i32,
        i32,
        &str,
        &str,
        &str,
        &str,
        &str,
        LocationType,
    ); 5] = [
        (
            "Amazon UK",
            ChannelType::Amazon,
            "UK",
            "0.1500",
            FulfillmentMethod::Fba,
            Some("A1F83G8C2ARO7P"),
            "0.00",
            "2.80",
            14,
            2,
            "0.1200",
            "0.0500",
            "50000",
            "0.001",
            "FBA-UK-BHX4",
            LocationType::Fba,
        ),
        (
            "Amazon USA",
            ChannelType::Amazon,
            "USA",
            "0.1500",
            FulfillmentMethod::Fba,
            Some("ATVPDKIKX0DER"),
            "0.00",
            "3.60",
            14,
            3,
            "0.1000",
            "0.0600",
            "75000",
            "0.001",
            "FBA-US-ONT8",
            LocationType::Fba,
        ),
        (
            "Shopify UK",
            ChannelType::Shopify,
            "UK",
            "0.0290",
            FulfillmentMethod::Own,
            None,
            "0.30",
            "0.00",
            35,
            1,
            "0.0800",
            "0.0300",
            "25000",
            "0.025",
            "WH-UK-LON",
            LocationType::Warehouse,
        ),
        (
            "Shopify EU",
            ChannelType::Shopify,
            "EU",
            "0.0290",
            FulfillmentMethod::Own,
            None,
            "0.30",
            "0.00",
            42,
            2,
            "0.0600",
            "0.0400",
            "30000",
            "0.025",
            "WH-UK-LON",
            LocationType::Warehouse,
        ),
        (
            "Shopify USA",
            ChannelType::Shopify,
            "USA",
            "0.0290",
            FulfillmentMethod::Own,
            None,
            "0.30",
            "0.00",
            38,
            2,
            "0.0700",
            "0.0300",
            "35000",
            "0.025",
            "3PL-US-ATL",
            LocationType::ThirdParty,
        ),
    ];
    rows.into_iter()
        .map(
            |(
                name,
                channel_type,
                market,
                commission,
                fulfillment,
                marketplace,
                fixed,
                per_unit,
                terms,
                processing,
                conversion,
                returns,
                target,
                bad_debt,
                location,
                location_type,
            )| Channel {
                id: new_id(rng),
                name,
                channel_type,
                market_code: market,
                commission_rate: d(commission),
                fulfillment_method: fulfillment,
                marketplace_id: marketplace,
                fixed_fee_per_order: d(fixed),
                fulfillment_fee_per_unit: d(per_unit),
                payment_terms_days: terms,
                processing_days: processing,
                conversion_rate: d(conversion),
                return_rate: d(returns),
                monthly_revenue_target: d(target),
                bad_debt_rate: d(bad_debt),
                location_id: location,
                location_type,
            },
        )
        .collect()
}

/// Price tier of each line relative to GABA Red (entry), and its share of unit volume.
pub(crate) fn line_tiers() -> [(ProductCategory, &'static str, Decimal, Decimal, f64); 3] {
    [
        (ProductCategory::GabaRed, "RED", d("1.00"), d("1.00"), 0.45),
        (
            ProductCategory::GabaBlack,
            "BLACK",
            d("1.10"),
            d("1.08"),
            0.35,
        ),
        (
            ProductCategory::GabaGold,
            "GOLD",
            d("1.25"),
            d("1.20"),
            0.20,
        ),
    ]
}

/// List price and unit cost of GABA Red per market, local currency, excluding tax. Costs
/// are the plant's £15.00 / £16.50 / £18.00 converted at the budget rates.
pub(crate) fn base_price_and_cost(market: &str) -> (Decimal, Decimal) {
    match market {
        "UK" => (d("29.99"), d("15.00")),
        "EU" => (d("34.99"), d("19.41")),
        _ => (d("39.99"), d("22.78")),
    }
}

pub(crate) fn product(
    rng: &mut ChaCha8Rng,
    market: &'static str,
    tier: &(ProductCategory, &'static str, Decimal, Decimal, f64),
    variant: u32,
) -> Product {
    let (price, cost) = base_price_and_cost(market);
    let (category, code, price_factor, cost_factor, _) = tier;
    // Tiered prices keep a ".99" ending, as list prices do.
    let selling_price = (price * price_factor).floor() + d("0.99");
    let unit_cost = (cost * cost_factor).round_dp(2);
    let (sku, name) = if variant == 0 {
        (
            format!("GABA_{code}_{market}"),
            format!("{} 50cl ({market})", category.as_str()),
        )
    } else {
        (
            format!("GABA_{code}_{market}_V{variant:04}"),
            format!("{} 50cl ({market}) variant {variant}", category.as_str()),
        )
    };
    Product {
        id: new_id(rng),
        sku,
        name,
        category: *category,
        market_region: market,
        unit_cost,
        selling_price,
        weight_kg: d("0.950"),
        dimensions_cm: "8x8x30",
        production_time_hours: d("3.50"),
        batch_size_min: 100,
        batch_size_max: 1000,
        lead_time_days: 14,
        shelf_life_days: 540,
        compliance_data: json!({
            "label_language": match market { "EU" => "multi", "USA" => "en-US", _ => "en-GB" },
            "alcohol_free": true,
            "hs_code": "2202.99",
        }),
    }
}

pub(crate) fn resources(rng: &mut ChaCha8Rng) -> Vec<Resource> {
    let rows = [
        (
            "Bottling line 1",
            "bottling_line",
            400.0,
            "units/hour",
            ResourceStatus::Available,
            "45.00",
        ),
        (
            "Bottling line 2",
            "bottling_line",
            250.0,
            "units/hour",
            ResourceStatus::Maintenance,
            "38.00",
        ),
        (
            "Infusion tank A",
            "infusion_tank",
            1000.0,
            "litres",
            ResourceStatus::Available,
            "12.00",
        ),
        (
            "Infusion tank B",
            "infusion_tank",
            1000.0,
            "litres",
            ResourceStatus::Available,
            "12.00",
        ),
        (
            "Labelling machine",
            "labelling",
            600.0,
            "units/hour",
            ResourceStatus::Available,
            "20.00",
        ),
        (
            "QC laboratory",
            "quality_control",
            8.0,
            "batches/day",
            ResourceStatus::Available,
            "60.00",
        ),
        (
            "Packing station",
            "packaging",
            300.0,
            "units/hour",
            ResourceStatus::Offline,
            "25.00",
        ),
    ];
    rows.into_iter()
        .map(|(name, kind, capacity, unit, status, cost)| Resource {
            id: new_id(rng),
            name,
            kind,
            capacity,
            capacity_unit: unit,
            status,
            location: "Infusion and bottling partner, Kent",
            cost_per_hour: d(cost),
        })
        .collect()
}

pub(crate) fn settings() -> Vec<Setting> {
    use SettingValue::*;
    let s = |category, key, value, description| Setting {
        category,
        key,
        value,
        description,
    };
    vec![
        s(
            "finance",
            "base_currency",
            Text("GBP"),
            "Currency all reports convert to",
        ),
        s(
            "finance",
            "fiscal_year_start_month",
            Integer(4),
            "First month of the fiscal year (April)",
        ),
        s(
            "finance",
            "credit_facility_limit",
            Decimal(d("500000")),
            "Revolving credit line, GBP",
        ),
        s(
            "finance",
            "minimum_cash",
            Decimal(d("50000")),
            "Cash floor on top of the facility, GBP",
        ),
        s(
            "finance",
            "opening_cash",
            Decimal(d("180000")),
            "Cash at bank when a projection starts, GBP",
        ),
        s(
            "finance",
            "monthly_opex",
            Decimal(d("95000")),
            "Operating expenses paid each month (rent, salaries, marketing), GBP",
        ),
        s(
            "finance",
            "wacc",
            Decimal(d("0.08")),
            "Weighted average cost of capital, per year",
        ),
        s(
            "finance",
            "carrying_cost_rate",
            Decimal(d("0.12")),
            "Inventory carrying cost, per year",
        ),
        s(
            "finance",
            "ccc_target_days",
            Integer(55),
            "Cash conversion cycle target",
        ),
        s(
            "inventory",
            "service_level_a",
            Decimal(d("0.99")),
            "Cycle service level, class A",
        ),
        s(
            "inventory",
            "service_level_b",
            Decimal(d("0.98")),
            "Cycle service level, class B",
        ),
        s(
            "inventory",
            "service_level_c",
            Decimal(d("0.95")),
            "Cycle service level, class C",
        ),
        s(
            "inventory",
            "overstock_days",
            Integer(120),
            "Days of supply above which stock is excess",
        ),
        s(
            "forecasting",
            "default_horizon_days",
            Integer(90),
            "Default forecast horizon",
        ),
        s(
            "forecasting",
            "interval_levels",
            Text("80,95"),
            "Prediction interval levels shown",
        ),
        s(
            "approvals",
            "manager_limit",
            Decimal(d("50000")),
            "Largest plan a manager may approve, GBP",
        ),
        s(
            "approvals",
            "director_limit",
            Decimal(d("200000")),
            "Largest plan a director may approve, GBP",
        ),
        s(
            "demo",
            "generated",
            Boolean(true),
            "This database holds generated demo data",
        ),
    ]
}
