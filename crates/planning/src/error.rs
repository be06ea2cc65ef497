//! The crate's error type.

use thiserror::Error;

/// Why a planning number could not be computed.
///
/// Only inputs that have no sensible answer are errors (a probability of 1.2, a negative
/// lead time, a forecast that stops before the lead time ends). Degenerate but meaningful
/// inputs (zero demand, zero variability) give a number, not an error.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PlanningError {
    /// A probability (service level, fill rate) outside the open interval (0, 1).
    #[error("{name} must be strictly between 0 and 1, got {value}")]
    InvalidProbability {
        /// Which input.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A number that must be finite and not negative was negative, NaN or infinite.
    #[error("{name} must be a finite number of at least 0, got {value}")]
    InvalidQuantity {
        /// Which input.
        name: &'static str,
        /// The value given, as text (it may be a `Decimal` or an `f64`).
        value: String,
    },
    /// A number that must be strictly positive was zero or less.
    #[error("{name} must be greater than 0, got {value}")]
    NotPositive {
        /// Which input.
        name: &'static str,
        /// The value given, as text.
        value: String,
    },
    /// The per-period forecast ends before the lead time does.
    #[error("the forecast covers {available} periods but the lead time needs {needed}")]
    ForecastTooShort {
        /// Periods the lead time spans (rounded up).
        needed: usize,
        /// Periods in the forecast.
        available: usize,
    },
    /// A fill-rate target needs the order quantity, because shortages are a share of it.
    #[error("a fill-rate target needs the order quantity")]
    OrderQuantityRequired,
    /// The forecast's period length must be at least one day.
    #[error("the forecast period must be at least one day")]
    InvalidPeriodLength,
}

/// Checks that an `f64` is finite and not negative.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64, PlanningError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(PlanningError::InvalidQuantity {
            name,
            value: value.to_string(),
        })
    }
}

/// Checks that a probability lies in the open interval (0, 1): 0 and 1 have no finite
/// normal quantile, and a 100 % target would need infinite stock.
pub(crate) fn probability(name: &'static str, value: f64) -> Result<f64, PlanningError> {
    if value.is_finite() && value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(PlanningError::InvalidProbability { name, value })
    }
}
