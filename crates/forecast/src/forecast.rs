//! Output types: plain data, serialisable.

use serde::{Deserialize, Serialize};

use crate::params::ModelParams;

/// A prediction interval at one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastInterval {
    /// Nominal coverage in percent, e.g. `95.0`.
    pub level: f64,
    /// Lower bound per horizon step.
    pub lower: Vec<f64>,
    /// Upper bound per horizon step.
    pub upper: Vec<f64>,
}

/// How the seasonal component combines with the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeasonalKind {
    /// No seasonal component (`seasonal` is all zeros).
    None,
    /// `y ≈ trend + seasonal`.
    Additive,
    /// `y ≈ trend × seasonal`.
    Multiplicative,
}

/// Trend and seasonal components over the history and the horizon, for drawing.
///
/// Both vectors have length `n + h` (history, then horizon).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decomposition {
    /// How `seasonal` combines with `trend`.
    pub kind: SeasonalKind,
    /// Trend (level) component.
    pub trend: Vec<f64>,
    /// Seasonal component (0 for none/additive-neutral, 1 for multiplicative-neutral).
    pub seasonal: Vec<f64>,
}

/// A forecast: point values, intervals, the model that produced it and its parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// Model description, e.g. `ETS(M,Ad,M)` or `Combination(ETS(A,A,N),Theta)`.
    pub model: String,
    /// Point forecasts, one per horizon step.
    pub point: Vec<f64>,
    /// One interval per requested level, in the order requested.
    pub intervals: Vec<ForecastInterval>,
    /// Fitted parameters, for model versioning (values in the units of the input series).
    pub params: ModelParams,
    /// Trend/seasonal decomposition over history and horizon.
    pub decomposition: Decomposition,
    /// Set when the requested model could not be used and another one replaced it, with
    /// the reason (e.g. `"Naive: constant series"`).
    pub fallback: Option<String>,
}

impl Forecast {
    /// The interval at `level` (percent), if it was requested.
    pub fn interval(&self, level: f64) -> Option<&ForecastInterval> {
        self.intervals
            .iter()
            .find(|i| (i.level - level).abs() < 1e-9)
    }

    /// True if every point and bound is finite.
    pub fn is_finite(&self) -> bool {
        self.point.iter().all(|v| v.is_finite())
            && self
                .intervals
                .iter()
                .all(|i| i.lower.iter().chain(&i.upper).all(|v| v.is_finite()))
    }
}
