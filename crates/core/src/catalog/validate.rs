//! Form input to checked database fields: each rule is the column's CHECK constraint,
//! stated first here so that a bad value is refused on its field, before any SQL.

use rust_decimal::Decimal;
use sentia_db::catalog::{ChannelFields, MarketFields, ProductFields};
use sentia_domain::{ChannelType, FulfillmentMethod, NonNegativeAmount, Rate, Sku, UnitPrice};

use super::model::{MarketInput, ProductInput, SalesChannelInput};
use crate::AppError;

/// Trimmed text of 1 to `max` characters.
fn text<'a>(field: &str, value: &'a str, max: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    match value.chars().count() {
        0 => Err(AppError::validation(field, "required")),
        n if n > max => Err(AppError::validation(
            field,
            format!("at most {max} characters"),
        )),
        _ => Ok(value),
    }
}

/// Trimmed text, `None` when blank.
fn optional_text<'a>(
    field: &str,
    value: Option<&'a str>,
    max: usize,
) -> Result<Option<&'a str>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => text(field, v, max).map(Some),
    }
}

fn whole(field: &str, value: i32, min: i32, max: i32) -> Result<i32, AppError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::validation(
            field,
            format!("a whole number from {min} to {max}"),
        ))
    }
}

fn decimal(
    field: &str,
    value: Decimal,
    min: Decimal,
    max: Decimal,
    dp: u32,
) -> Result<Decimal, AppError> {
    if value >= min && value <= max && value.normalize().scale() <= dp {
        Ok(value.normalize())
    } else {
        Err(AppError::validation(
            field,
            format!("{min} to {max} with at most {dp} decimals"),
        ))
    }
}

/// A JSON object; blank text is the empty object.
fn json_object(field: &str, value: &str) -> Result<serde_json::Value, AppError> {
    if value.trim().is_empty() {
        return Ok(serde_json::json!({}));
    }
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(v @ serde_json::Value::Object(_)) => Ok(v),
        Ok(_) => Err(AppError::validation(
            field,
            "a JSON object, in braces: {\"key\": \"value\"}",
        )),
        Err(e) => Err(AppError::validation(
            field,
            format!("not valid JSON (line {}, column {})", e.line(), e.column()),
        )),
    }
}

pub(super) fn market(input: &MarketInput) -> Result<MarketFields<'_>, AppError> {
    let code = input.code.trim();
    if !(2..=10).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(AppError::validation("code", "2 to 10 capital letters"));
    }
    let standard = whole("standardShippingDays", input.standard_shipping_days, 0, 365)?;
    let express = whole("expressShippingDays", input.express_shipping_days, 0, 365)?;
    if express > standard {
        return Err(AppError::validation(
            "expressShippingDays",
            "no more than the standard shipping days",
        ));
    }
    Ok(MarketFields {
        code,
        name: text("name", &input.name, 100)?,
        currency: input.currency,
        tax_rate: AppError::on_field("taxRate", Rate::parse(input.tax_rate))?.get(),
        tax_name: text("taxName", &input.tax_name, 30)?,
        standard_shipping_days: standard,
        express_shipping_days: express,
        regulatory_requirements: json_object(
            "regulatoryRequirements",
            &input.regulatory_requirements,
        )?,
        import_restrictions: json_object("importRestrictions", &input.import_restrictions)?,
        export_restrictions: json_object("exportRestrictions", &input.export_restrictions)?,
        is_active: input.active,
    })
}

pub(super) fn product(input: &ProductInput) -> Result<ProductFields<'_>, AppError> {
    let sku = input.sku.trim();
    AppError::on_field("sku", Sku::parse(sku))?;
    let unit_cost = AppError::on_field("unitCost", UnitPrice::parse(input.unit_cost))?.get();
    let selling_price =
        AppError::on_field("sellingPrice", UnitPrice::parse(input.selling_price))?.get();
    if unit_cost >= selling_price {
        return Err(AppError::validation(
            "sellingPrice",
            "must be above the unit cost",
        ));
    }
    let weight_kg = input
        .weight_kg
        .map(|w| decimal("weightKg", w, Decimal::new(1, 3), Decimal::from(50), 3))
        .transpose()?;
    let dimensions_cm = optional_text("dimensionsCm", input.dimensions_cm.as_deref(), 30)?;
    if let Some(d) = dimensions_cm {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let number = |s: &str| match s.split_once('.') {
            Some((whole, fraction)) => digits(whole) && digits(fraction),
            None => digits(s),
        };
        let parts: Vec<&str> = d.split('x').collect();
        if parts.len() != 3 || !parts.iter().all(|p| number(p)) {
            return Err(AppError::validation(
                "dimensionsCm",
                "length x width x height in cm, e.g. 12x8x4.5",
            ));
        }
    }
    let batch_size_min = whole("batchSizeMin", input.batch_size_min, 1, 10_000)?;
    let batch_size_max = whole("batchSizeMax", input.batch_size_max, 1, 100_000)?;
    if batch_size_max < batch_size_min {
        return Err(AppError::validation(
            "batchSizeMax",
            "at least the smallest batch",
        ));
    }
    Ok(ProductFields {
        sku,
        name: text("name", &input.name, 200)?,
        category: input.category,
        market_region: input.market.trim(),
        unit_cost,
        selling_price,
        weight_kg,
        dimensions_cm,
        production_time_hours: decimal(
            "productionTimeHours",
            input.production_time_hours,
            Decimal::new(1, 1),
            Decimal::from(72),
            2,
        )?,
        batch_size_min,
        batch_size_max,
        lead_time_days: whole("leadTimeDays", input.lead_time_days, 1, 3650)?,
        shelf_life_days: input
            .shelf_life_days
            .map(|d| whole("shelfLifeDays", d, 1, 36_500))
            .transpose()?,
        compliance_data: json_object("complianceData", &input.compliance_data)?,
        is_active: input.active,
    })
}

pub(super) fn channel(input: &SalesChannelInput) -> Result<ChannelFields<'_>, AppError> {
    let fits = match input.channel_type {
        ChannelType::Amazon => matches!(
            input.fulfillment_method,
            FulfillmentMethod::Fba | FulfillmentMethod::Fbm
        ),
        ChannelType::Shopify => input.fulfillment_method == FulfillmentMethod::Own,
    };
    if !fits {
        return Err(AppError::validation(
            "fulfillmentMethod",
            "Amazon channels ship FBA or FBM; Shopify channels ship Own",
        ));
    }
    let rate = |field: &str, v: Option<Decimal>| {
        v.map(|v| AppError::on_field(field, Rate::parse(v)).map(Rate::get))
            .transpose()
    };
    let amount = |field: &str, v: Decimal| {
        AppError::on_field(field, NonNegativeAmount::parse(v)).map(NonNegativeAmount::get)
    };
    Ok(ChannelFields {
        name: text("name", &input.name, 100)?,
        channel_type: input.channel_type,
        market_code: input.market.trim(),
        commission_rate: AppError::on_field("commissionRate", Rate::parse(input.commission_rate))?
            .get(),
        fulfillment_method: input.fulfillment_method,
        marketplace_id: optional_text("marketplaceId", input.marketplace_id.as_deref(), 20)?,
        fixed_fee_per_order: amount("fixedFeePerOrder", input.fixed_fee_per_order)?,
        fulfillment_fee_per_unit: amount("fulfillmentFeePerUnit", input.fulfillment_fee_per_unit)?,
        payment_terms_days: whole("paymentTermsDays", input.payment_terms_days, 0, 365)?,
        processing_days: whole("processingDays", input.processing_days, 0, 365)?,
        api_settings: json_object("apiSettings", &input.api_settings)?,
        conversion_rate: rate("conversionRate", input.conversion_rate)?,
        return_rate: rate("returnRate", input.return_rate)?,
        monthly_revenue_target: input
            .monthly_revenue_target
            .map(|v| {
                decimal(
                    "monthlyRevenueTarget",
                    v,
                    Decimal::ZERO,
                    Decimal::new(99_999_999_999_999, 2),
                    2,
                )
            })
            .transpose()?,
        is_active: input.active,
    })
}
