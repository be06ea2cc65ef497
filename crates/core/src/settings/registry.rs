//! Every setting Sentia knows: its key, type, allowed values, default, where it may be
//! scoped and who changes it. A key not listed here is refused, so a typo never becomes
//! a setting nobody reads; core reads values through [`SettingDef`], never by parsing
//! strings of its own.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sentia_db::settings::TypedValue;
use sentia_domain::LanguageTag;
use serde::Serialize;

/// Where a setting may be given a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum SettingScope {
    /// For everyone.
    Global,
    /// For one user (their preferences).
    User,
    /// For one product (e.g. its service level).
    Product,
}

impl SettingScope {
    /// The `system_settings.scope` text.
    pub fn as_str(self) -> &'static str {
        match self {
            SettingScope::Global => "global",
            SettingScope::User => "user",
            SettingScope::Product => "product",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        [Self::Global, Self::User, Self::Product]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A setting's type and the values it allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Free text up to a length, or one of `choices`.
    Text {
        /// Allowed values, when the set is closed.
        choices: Option<&'static [&'static str]>,
    },
    /// A whole number in a range.
    Integer {
        /// Smallest.
        min: i64,
        /// Largest.
        max: i64,
    },
    /// A decimal in a range, with at most `dp` decimals.
    Decimal {
        /// Smallest (as text, so that the table stays `const`).
        min: &'static str,
        /// Largest.
        max: &'static str,
        /// Decimals.
        dp: u32,
    },
    /// Yes or no.
    Boolean,
    /// A JSON object.
    Json,
    /// A calendar date.
    Date,
    /// A language tag such as en-GB.
    Locale,
    /// An IANA time zone such as Europe/London.
    TimeZone,
    /// A server's https address (http only on this machine), or empty for none.
    Address,
}

/// Who may change a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editor {
    /// Holders of `settings.manage`.
    Admin,
    /// Each user, their own value (user scope); admins too.
    Owner,
}

/// One known setting.
#[derive(Debug, Clone, Copy)]
pub struct SettingDef {
    /// Category (the settings screen's group).
    pub category: &'static str,
    /// Key within the category.
    pub key: &'static str,
    /// Type and allowed values.
    pub kind: Kind,
    /// The value when none is stored, in the text form an editor types.
    pub default: &'static str,
    /// Where it may have a value.
    pub scopes: &'static [SettingScope],
    /// Who changes it.
    pub editor: Editor,
    /// What it means.
    pub description: &'static str,
}

const GLOBAL: &[SettingScope] = &[SettingScope::Global];
const PER_PRODUCT: &[SettingScope] = &[SettingScope::Global, SettingScope::Product];
const PER_USER: &[SettingScope] = &[SettingScope::Global, SettingScope::User];

const fn admin(
    category: &'static str,
    key: &'static str,
    kind: Kind,
    default: &'static str,
    description: &'static str,
) -> SettingDef {
    SettingDef {
        category,
        key,
        kind,
        default,
        scopes: GLOBAL,
        editor: Editor::Admin,
        description,
    }
}

const fn int(min: i64, max: i64) -> Kind {
    Kind::Integer { min, max }
}

const fn dec(min: &'static str, max: &'static str, dp: u32) -> Kind {
    Kind::Decimal { min, max, dp }
}

const CURRENCIES: &[&str] = &["GBP", "EUR", "USD"];

/// Every known setting, by category.
pub const REGISTRY: &[SettingDef] = &[
    admin(
        "security",
        "password.min_length",
        int(8, 128),
        "12",
        "Fewest characters in a password",
    ),
    admin(
        "security",
        "login.max_failed_attempts",
        int(3, 20),
        "5",
        "Failed sign-ins before the account locks",
    ),
    admin(
        "security",
        "login.lockout_minutes",
        int(1, 1440),
        "15",
        "How long a locked account stays locked",
    ),
    admin(
        "finance",
        "base_currency",
        Kind::Text {
            choices: Some(CURRENCIES),
        },
        "GBP",
        "Currency sales are booked to (fx_rate_to_base)",
    ),
    admin(
        "finance",
        "reporting_currency",
        Kind::Text {
            choices: Some(CURRENCIES),
        },
        "GBP",
        "Currency reports open in",
    ),
    admin(
        "finance",
        "fiscal_year_start_month",
        int(1, 12),
        "4",
        "First month of the fiscal year",
    ),
    admin(
        "finance",
        "credit_facility_limit",
        dec("0", "1000000000", 2),
        "500000",
        "Revolving credit line, base currency",
    ),
    admin(
        "finance",
        "net_worth",
        dec("0", "1000000000", 2),
        "0",
        "Net worth the lender's covenant is measured on, base currency (0: no covenant)",
    ),
    admin(
        "finance",
        "max_debt_to_equity",
        dec("0", "100", 2),
        "0",
        "Most debt per unit of net worth the covenant allows (0: no covenant)",
    ),
    admin(
        "finance",
        "line_warning_share",
        dec("0", "1", 2),
        "0.75",
        "Share of the credit line drawn that raises a warning",
    ),
    admin(
        "finance",
        "credit_facility_rate",
        dec("0", "1", 4),
        "0.065",
        "Interest on the credit line drawn, per year",
    ),
    admin(
        "finance",
        "minimum_cash",
        dec("0", "1000000000", 2),
        "50000",
        "Cash floor on top of the facility, base currency",
    ),
    admin(
        "finance",
        "payable_days",
        int(0, 365),
        "45",
        "Days to pay suppliers (channels carry their own receivable days)",
    ),
    admin(
        "finance",
        "wacc",
        dec("0", "1", 4),
        "0.08",
        "Weighted average cost of capital, per year",
    ),
    admin(
        "finance",
        "carrying_cost_rate",
        dec("0", "1", 4),
        "0.12",
        "Inventory carrying cost, per year",
    ),
    admin(
        "finance",
        "opening_cash",
        dec("-1000000000", "1000000000", 2),
        "0",
        "Cash at bank when a projection starts, base currency",
    ),
    admin(
        "finance",
        "monthly_opex",
        dec("0", "1000000000", 2),
        "0",
        "Operating expenses paid each month (rent, salaries, marketing), base currency",
    ),
    admin(
        "finance",
        "bad_debt_rate",
        dec("0", "1", 4),
        "0.01",
        "Share of sales never collected",
    ),
    admin(
        "finance",
        "inventory_days",
        int(0, 365),
        "45",
        "Days of inventory the plan holds (DIO): purchases keep stock at this cover",
    ),
    admin(
        "finance",
        "ccc_target_days",
        int(0, 365),
        "55",
        "Cash conversion cycle target",
    ),
    SettingDef {
        scopes: PER_PRODUCT,
        ..admin(
            "inventory",
            "service_level_a",
            dec("0.5", "0.9999", 4),
            "0.99",
            "Cycle service level, class A",
        )
    },
    SettingDef {
        scopes: PER_PRODUCT,
        ..admin(
            "inventory",
            "service_level_b",
            dec("0.5", "0.9999", 4),
            "0.98",
            "Cycle service level, class B",
        )
    },
    SettingDef {
        scopes: PER_PRODUCT,
        ..admin(
            "inventory",
            "service_level_c",
            dec("0.5", "0.9999", 4),
            "0.95",
            "Cycle service level, class C",
        )
    },
    admin(
        "inventory",
        "overstock_days",
        int(1, 3650),
        "120",
        "Days of supply above which stock is excess",
    ),
    admin(
        "inventory",
        "order_cost",
        dec("0", "1000000", 2),
        "47",
        "Cost of placing one replenishment order (EOQ's S), base currency",
    ),
    admin(
        "inventory",
        "lead_time_variability",
        dec("0", "2", 2),
        "0.10",
        "Standard deviation of the lead time as a share of it",
    ),
    admin(
        "inventory",
        "order_window_days",
        int(1, 365),
        "28",
        "A planning run recommends the orders due within this many days",
    ),
    admin(
        "inventory",
        "order_budget",
        dec("0", "1000000000", 2),
        "0",
        "Money for replenishment orders in one order window, base currency; 0 = no limit",
    ),
    admin(
        "production",
        "hours_per_week",
        int(1, 168),
        "80",
        "Hours a production resource runs in a week",
    ),
    admin(
        "forecasting",
        "default_horizon_days",
        int(7, 730),
        "90",
        "Default forecast horizon",
    ),
    admin(
        "forecasting",
        "interval_levels",
        Kind::Text { choices: None },
        "80,95",
        "Prediction interval levels shown",
    ),
    admin(
        "updates",
        "endpoint",
        Kind::Address,
        "",
        "Update server: the https address of the folder holding stable/ and beta/latest.json (empty: no updates)",
    ),
    admin(
        "updates",
        "channel",
        Kind::Text {
            choices: Some(&["stable", "beta"]),
        },
        "stable",
        "Which releases this company installs",
    ),
    admin(
        "approvals",
        "manager_limit",
        dec("0", "1000000000", 2),
        "50000",
        "Largest plan a manager may approve, base currency",
    ),
    admin(
        "approvals",
        "director_limit",
        dec("0", "1000000000", 2),
        "200000",
        "Largest plan a director may approve, base currency",
    ),
    admin(
        "demo",
        "generated",
        Kind::Boolean,
        "false",
        "This database holds generated demo data",
    ),
    SettingDef {
        scopes: PER_USER,
        editor: Editor::Owner,
        ..admin(
            "preferences",
            "locale",
            Kind::Locale,
            "en-GB",
            "Language and number format",
        )
    },
    SettingDef {
        scopes: PER_USER,
        editor: Editor::Owner,
        ..admin(
            "preferences",
            "time_zone",
            Kind::TimeZone,
            "Europe/London",
            "Time zone dates are shown in",
        )
    },
    SettingDef {
        scopes: PER_USER,
        editor: Editor::Owner,
        ..admin(
            "preferences",
            "theme",
            Kind::Text {
                choices: Some(&["system", "light", "dark"]),
            },
            "system",
            "Colour theme",
        )
    },
    SettingDef {
        scopes: PER_USER,
        editor: Editor::Owner,
        ..admin(
            "preferences",
            "dashboard_filters",
            Kind::Json,
            "{}",
            "Filters the dashboard opens with",
        )
    },
];

/// The known setting `category`.`key`.
pub fn find(category: &str, key: &str) -> Option<&'static SettingDef> {
    REGISTRY
        .iter()
        .find(|d| d.category == category && d.key == key)
}

impl SettingDef {
    /// `text` (as an editor types it) as this setting's value, or what is wrong with it.
    pub fn parse(&self, text: &str) -> Result<TypedValue, String> {
        let text = text.trim();
        match self.kind {
            Kind::Text {
                choices: Some(choices),
            } => choices
                .iter()
                .find(|c| **c == text)
                .map(|c| TypedValue::Text((*c).to_owned()))
                .ok_or_else(|| format!("one of {}", choices.join(", "))),
            Kind::Text { choices: None } => {
                if text.is_empty() || text.chars().count() > 500 {
                    Err("1 to 500 characters".to_owned())
                } else {
                    Ok(TypedValue::Text(text.to_owned()))
                }
            }
            Kind::Integer { min, max } => text
                .parse::<i64>()
                .ok()
                .filter(|v| (min..=max).contains(v))
                .map(TypedValue::Integer)
                .ok_or_else(|| format!("a whole number from {min} to {max}")),
            Kind::Decimal { min, max, dp } => {
                let (lo, hi) = (bound(min), bound(max));
                text.parse::<Decimal>()
                    .ok()
                    .filter(|v| *v >= lo && *v <= hi && v.normalize().scale() <= dp)
                    .map(|v| TypedValue::Decimal(v.normalize()))
                    .ok_or_else(|| {
                        format!("a number from {min} to {max} with at most {dp} decimals")
                    })
            }
            Kind::Boolean => match text {
                "true" => Ok(TypedValue::Boolean(true)),
                "false" => Ok(TypedValue::Boolean(false)),
                _ => Err("true or false".to_owned()),
            },
            Kind::Json => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(v @ serde_json::Value::Object(_)) => Ok(TypedValue::Json(v)),
                _ => Err("a JSON object, in braces".to_owned()),
            },
            Kind::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(TypedValue::Date)
                .map_err(|_| "a date like 2026-12-31".to_owned()),
            Kind::Locale => LanguageTag::parse(text)
                .map(|t| TypedValue::Text(t.as_str().to_owned()))
                .map_err(|e| e.message().to_owned()),
            // The shape here; that the zone exists, the database's zone list says (core).
            Kind::Address if text.is_empty() => Ok(TypedValue::Text(String::new())),
            Kind::Address => crate::updates::check_address(text)
                .map(|()| TypedValue::Text(text.to_owned()))
                .map_err(|e| e.to_string()),
            Kind::TimeZone => {
                let part = |p: &str| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+'))
                };
                if text.len() <= 64 && text.split('/').all(part) {
                    Ok(TypedValue::Text(text.to_owned()))
                } else {
                    Err(TIME_ZONE_RULE.to_owned())
                }
            }
        }
    }

    /// A stored JSON value (a current value or one from the history) as this setting's.
    pub fn from_json(&self, value: &serde_json::Value) -> Result<TypedValue, String> {
        self.parse(&text_of(value))
    }

    /// A stored JSON value as an editor would type it: `500000` for the JSON number
    /// `500000.0` that a numeric column becomes. A value the definition no longer accepts
    /// is shown as stored.
    pub fn shown(&self, value: &serde_json::Value) -> String {
        self.from_json(value)
            .map(|v| text_of_typed(&v))
            .unwrap_or_else(|_| text_of(value))
    }

    /// The default value.
    pub fn default_value(&self) -> TypedValue {
        // The registry's own test parses every default.
        self.parse(self.default)
            .unwrap_or_else(|e| panic!("default of {}.{}: {e}", self.category, self.key))
    }

    /// The kind as words for the settings screen: "decimal, 0.5 to 0.9999".
    pub fn rule(&self) -> String {
        match self.kind {
            Kind::Text { choices: Some(c) } => format!("one of {}", c.join(", ")),
            Kind::Text { choices: None } => "text".to_owned(),
            Kind::Integer { min, max } => format!("whole number, {min} to {max}"),
            Kind::Decimal { min, max, dp } => format!("number, {min} to {max}, {dp} decimals"),
            Kind::Boolean => "true or false".to_owned(),
            Kind::Json => "JSON object".to_owned(),
            Kind::Date => "date".to_owned(),
            Kind::Locale => "language tag, e.g. en-GB".to_owned(),
            Kind::TimeZone => "time zone, e.g. Europe/London".to_owned(),
            Kind::Address => "https address, or empty for none".to_owned(),
        }
    }
}

/// What a time-zone setting takes.
pub const TIME_ZONE_RULE: &str = "an IANA time zone such as Europe/London";

fn bound(text: &str) -> Decimal {
    text.parse().unwrap_or(Decimal::ZERO)
}

/// A JSON value in the text form an editor types (strings unquoted, objects as JSON).
pub fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A typed value in the text form an editor types.
pub fn text_of_typed(value: &TypedValue) -> String {
    match value {
        TypedValue::Text(s) => s.clone(),
        TypedValue::Integer(v) => v.to_string(),
        TypedValue::Decimal(v) => v.normalize().to_string(),
        TypedValue::Boolean(v) => v.to_string(),
        TypedValue::Json(v) => v.to_string(),
        TypedValue::Date(v) => v.to_string(),
    }
}

/// A currency setting's value, for the registry's own test.
#[cfg(test)]
fn currency_of(value: &TypedValue) -> Option<sentia_domain::Currency> {
    match value {
        TypedValue::Text(s) => s.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_is_a_valid_value_and_keys_are_unique() {
        for d in REGISTRY {
            d.parse(d.default)
                .unwrap_or_else(|e| panic!("{}.{}: {e}", d.category, d.key));
            assert_eq!(
                REGISTRY
                    .iter()
                    .filter(|o| o.category == d.category && o.key == d.key)
                    .count(),
                1,
                "{}.{}",
                d.category,
                d.key
            );
            assert!(d.scopes.contains(&SettingScope::Global));
        }
        assert_eq!(
            currency_of(
                &find("finance", "reporting_currency")
                    .unwrap()
                    .default_value()
            ),
            Some(sentia_domain::Currency::GBP)
        );
    }

    #[test]
    fn values_are_checked_against_their_type_and_range() {
        let level = find("inventory", "service_level_a").unwrap();
        assert_eq!(
            level.parse("0.975"),
            Ok(TypedValue::Decimal("0.975".parse().unwrap()))
        );
        assert!(level.parse("1.5").is_err());
        assert!(level.parse("0.99999").is_err(), "too many decimals");
        assert!(level.parse("high").is_err());
        let attempts = find("security", "login.max_failed_attempts").unwrap();
        assert_eq!(attempts.parse(" 7 "), Ok(TypedValue::Integer(7)));
        assert!(attempts.parse("2").is_err());
        let zone = find("preferences", "time_zone").unwrap();
        assert!(zone.parse("America/Argentina/Buenos_Aires").is_ok());
        assert!(zone.parse("Europe Berlin").is_err());
        let currency = find("finance", "reporting_currency").unwrap();
        assert!(currency.parse("JPY").is_err());
        assert_eq!(
            level.from_json(&serde_json::json!(0.97)),
            Ok(TypedValue::Decimal("0.97".parse().unwrap()))
        );
        assert!(find("finance", "no_such_key").is_none());
        let limit = find("finance", "credit_facility_limit").unwrap();
        assert_eq!(limit.shown(&serde_json::json!(500000.0)), "500000");
        assert_eq!(
            limit.shown(&serde_json::json!("not a number")),
            "not a number"
        );
    }
}
