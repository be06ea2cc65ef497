use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency code of the markets Sentia trades in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Currency {
    /// Pound sterling (UK, and the company's base currency).
    GBP,
    /// Euro (EU).
    EUR,
    /// US dollar (USA).
    USD,
}

/// The text was not a currency Sentia knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown currency code {0:?} (expected GBP, EUR or USD)")]
pub struct ParseCurrencyError(pub String);

impl Currency {
    /// All currencies, in a stable order.
    pub const ALL: [Currency; 3] = [Currency::GBP, Currency::EUR, Currency::USD];

    /// Parses an ISO code such as `"EUR"`.
    pub fn parse(code: &str) -> Result<Self, ParseCurrencyError> {
        match code {
            "GBP" => Ok(Self::GBP),
            "EUR" => Ok(Self::EUR),
            "USD" => Ok(Self::USD),
            other => Err(ParseCurrencyError(other.to_owned())),
        }
    }

    /// The ISO code.
    pub fn code(self) -> &'static str {
        match self {
            Self::GBP => "GBP",
            Self::EUR => "EUR",
            Self::USD => "USD",
        }
    }

    /// Decimal places of the currency's minor unit (pence, cents).
    pub fn minor_units(self) -> u32 {
        2
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Currency {
    type Err = ParseCurrencyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
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
    fn unknown_currency_is_rejected_with_its_code() {
        let err = Currency::parse("JPY").unwrap_err();
        assert!(err.to_string().contains("JPY"));
    }
}
