use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::enums::{string_enum_impls, StringEnum};
use crate::ParseEnumError;

/// An ISO 4217 currency code of the markets Sentia trades in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
pub enum Currency {
    /// Pound sterling (UK, and the company's base currency).
    GBP,
    /// Euro (EU).
    EUR,
    /// US dollar (USA).
    USD,
}

string_enum_impls!(Currency: "currency");

/// The text was not a currency Sentia knows: the error every string-backed enum gives.
pub type ParseCurrencyError = ParseEnumError;

impl Currency {
    /// Parses an ISO code such as `"EUR"`.
    pub fn parse(code: &str) -> Result<Self, ParseCurrencyError> {
        code.parse()
    }

    /// The ISO code.
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// Decimal places of the currency's minor unit (pence, cents).
    pub fn minor_units(self) -> u32 {
        2
    }
}

/// Rounds an amount to the currency's minor unit with banker's rounding, the one
/// rounding rule for money in Sentia (it does not drift upwards over many rows).
pub fn round_money(amount: Decimal, currency: Currency) -> Decimal {
    amount.round_dp_with_strategy(
        currency.minor_units(),
        RoundingStrategy::MidpointNearestEven,
    )
}

/// An amount of money in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Money {
    /// The amount, serialised as a decimal string.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl Money {
    /// Money rounded to the currency's minor unit.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Self {
            amount: round_money(amount, currency),
            currency,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn money_rounds_half_to_even() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(Money::new(d("2.345"), Currency::GBP).amount, d("2.34"));
        assert_eq!(Money::new(d("2.355"), Currency::GBP).amount, d("2.36"));
    }

    #[test]
    fn unknown_currency_is_rejected_with_its_code_and_the_known_ones() {
        let err = Currency::parse("JPY").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""JPY" is not a valid currency (allowed: GBP, EUR, USD)"#
        );
        assert!(Currency::parse("gbp").is_err());
        assert_eq!("EUR".parse::<Currency>().unwrap().code(), "EUR");
    }
}
