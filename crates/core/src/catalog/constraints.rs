//! The catalog tables' constraints, in the words the catalog screens show.

use crate::error::ConstraintText;

const DEACTIVATE: &str = "it has sales, stock or production history: deactivate it instead, \
                          so that it leaves the pickers and its history stays";

const fn invalid(
    constraint: &'static str,
    field: &'static str,
    message: &'static str,
) -> ConstraintText {
    ConstraintText {
        constraint,
        field,
        message,
        conflict: false,
    }
}

const fn clash(
    constraint: &'static str,
    field: &'static str,
    message: &'static str,
) -> ConstraintText {
    ConstraintText {
        constraint,
        field,
        message,
        conflict: true,
    }
}

pub(crate) const CONSTRAINTS: &[ConstraintText] = &[
    // Markets.
    clash("markets_code_key", "code", "another market has this code"),
    invalid(
        "markets_code_format_check",
        "code",
        "2 to 10 capital letters",
    ),
    invalid(
        "markets_currency_code_check",
        "currency",
        "a three-letter currency code",
    ),
    invalid("markets_tax_rate_check", "taxRate", "a rate from 0 to 1"),
    invalid(
        "markets_shipping_days_check",
        "expressShippingDays",
        "no more than the standard shipping days",
    ),
    invalid(
        "markets_regulatory_object_check",
        "regulatoryRequirements",
        "a JSON object",
    ),
    clash("products_market_region_fkey", "active", DEACTIVATE),
    clash("sales_channels_market_code_fkey", "active", DEACTIVATE),
    clash("working_capital_market_code_fkey", "active", DEACTIVATE),
    // Products.
    clash("products_sku_key", "sku", "another product has this SKU"),
    invalid(
        "products_sku_format_check",
        "sku",
        "3 to 50 capital letters, digits, dashes or underscores",
    ),
    invalid(
        "products_category_check",
        "category",
        "unknown product line",
    ),
    invalid("products_unit_cost_check", "unitCost", "0.01 to 10,000"),
    invalid(
        "products_selling_price_check",
        "sellingPrice",
        "0.01 to 10,000",
    ),
    invalid(
        "products_cost_below_price_check",
        "sellingPrice",
        "must be above the unit cost",
    ),
    invalid("products_weight_check", "weightKg", "0.001 to 50 kg"),
    invalid(
        "products_dimensions_format_check",
        "dimensionsCm",
        "length x width x height in cm, e.g. 12x8x4.5",
    ),
    invalid(
        "products_production_time_check",
        "productionTimeHours",
        "0.1 to 72 hours",
    ),
    invalid(
        "products_batch_size_check",
        "batchSizeMax",
        "at least the smallest batch, at most 100,000",
    ),
    invalid(
        "products_lead_time_check",
        "leadTimeDays",
        "at least one day",
    ),
    invalid(
        "products_shelf_life_check",
        "shelfLifeDays",
        "at least one day",
    ),
    clash("historical_sales_product_id_fkey", "active", DEACTIVATE),
    clash("inventory_levels_product_id_fkey", "active", DEACTIVATE),
    clash("working_capital_product_id_fkey", "active", DEACTIVATE),
    clash("jobs_product_id_fkey", "active", DEACTIVATE),
    // Sales channels.
    clash(
        "sales_channels_name_key",
        "name",
        "another channel has this name",
    ),
    invalid(
        "sales_channels_channel_type_check",
        "channelType",
        "Amazon or Shopify",
    ),
    invalid(
        "sales_channels_fulfillment_method_check",
        "fulfillmentMethod",
        "FBA, FBM or Own",
    ),
    invalid(
        "sales_channels_fulfillment_matches_type_check",
        "fulfillmentMethod",
        "Amazon channels ship FBA or FBM; Shopify channels ship Own",
    ),
    invalid(
        "sales_channels_commission_rate_check",
        "commissionRate",
        "a rate from 0 to 1",
    ),
    invalid(
        "sales_channels_fees_check",
        "fixedFeePerOrder",
        "fees cannot be negative",
    ),
    invalid(
        "sales_channels_days_check",
        "paymentTermsDays",
        "days cannot be negative",
    ),
    invalid(
        "sales_channels_conversion_rate_check",
        "conversionRate",
        "a rate from 0 to 1",
    ),
    invalid(
        "sales_channels_return_rate_check",
        "returnRate",
        "a rate from 0 to 1",
    ),
    invalid(
        "sales_channels_target_check",
        "monthlyRevenueTarget",
        "cannot be negative",
    ),
    clash(
        "historical_sales_sales_channel_id_fkey",
        "active",
        DEACTIVATE,
    ),
];
