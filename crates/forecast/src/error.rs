//! The crate's error type.

use thiserror::Error;

/// Why a forecast could not be produced.
///
/// Most data problems (constant, short, NaN-containing series) are not errors: the
/// engine falls back to a simpler model and names the fallback in
/// [`Forecast::fallback`](crate::Forecast::fallback). These variants are the cases where
/// no sensible forecast exists.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ForecastError {
    /// The series has no finite observation at all.
    #[error("the series is empty (no finite observations)")]
    EmptySeries,
    /// The model needs more observations than the series has.
    #[error("not enough data: {model} needs at least {needed} observations, got {got}")]
    NotEnoughData {
        /// Model that was asked for.
        model: String,
        /// Minimum number of observations it needs.
        needed: usize,
        /// Number of observations given.
        got: usize,
    },
    /// The horizon must be at least 1.
    #[error("the horizon must be at least 1")]
    InvalidHorizon,
    /// The season length must be at least 1.
    #[error("the season length must be at least 1")]
    InvalidSeasonLength,
    /// A prediction-interval level outside the open interval (0, 100).
    #[error("interval level {0} is not between 0 and 100 (exclusive)")]
    InvalidLevel(f64),
    /// A model name that the engine does not know.
    #[error("unknown model `{0}`")]
    UnknownModel(String),
    /// A parameter given to a model spec is out of range.
    #[error("invalid parameter {name}: {message}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// Numerical failure that no fallback could repair.
    #[error("numerical failure in {model}: {message}")]
    Numerical {
        /// Model that failed.
        model: String,
        /// What went wrong.
        message: String,
    },
}
