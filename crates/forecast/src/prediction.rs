//! What every model produces, and the two traits every model implements.
//!
//! A spec ([`Fit`]) is fitted to a series and gives a fitted model ([`Predict`]), a
//! different type, as in augurs. Every fitted model predicts one plain-data
//! [`Prediction`]; the engine ([`ModelSpec`](crate::ModelSpec)) adds the model's name,
//! parameters and any fallback to make a [`Forecast`](crate::Forecast). This module imports
//! no model, so every model can import it.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::ForecastError;

/// A model specification that can be fitted to a series.
pub trait Fit {
    /// The fitted model.
    type Fitted: Predict;

    /// Fit to `y` (finite values; [`ModelSpec`](crate::ModelSpec) cleans the series first).
    fn fit(&self, y: &[f64]) -> Result<Self::Fitted, ForecastError>;
}

/// A fitted model.
pub trait Predict {
    /// Forecast `horizon` steps with intervals at `levels` (percent, e.g. `[80.0, 95.0]`).
    /// Random draws, where a model needs them, come from the seed given to its spec.
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Prediction, ForecastError>;

    /// Point forecasts for `horizon` steps from the earlier origin `origin` of `y`, the
    /// series the model was fitted on: its states after `y[..origin]` with the parameters
    /// fitted on the whole of `y`. A cheap look at how the model does over several steps
    /// inside its own history (no refit); `None` where a model does not offer it.
    fn point_from(&self, _y: &[f64], _origin: usize, _horizon: usize) -> Option<Vec<f64>> {
        None
    }
}

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

/// The output of every fitted model: points, intervals and decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Point forecasts, one per horizon step.
    pub point: Vec<f64>,
    /// One interval per requested level, in the order requested.
    pub intervals: Vec<ForecastInterval>,
    /// Trend/seasonal decomposition over history and horizon.
    pub decomposition: Decomposition,
}

/// Two-sided standard normal critical value for a level in percent (95 → 1.959964).
pub(crate) fn z_for_level(level: f64) -> f64 {
    Normal::standard().inverse_cdf(0.5 + level / 200.0)
}

/// Normal intervals `point ± z·sd` at each level, `sd` per horizon step.
pub(crate) fn normal_intervals(point: &[f64], sd: &[f64], levels: &[f64]) -> Vec<ForecastInterval> {
    levels
        .iter()
        .map(|&level| {
            let z = z_for_level(level);
            ForecastInterval {
                level,
                lower: point.iter().zip(sd).map(|(p, s)| p - z * s).collect(),
                upper: point.iter().zip(sd).map(|(p, s)| p + z * s).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_matches_published_values() {
        assert!((z_for_level(95.0) - 1.959_963_984_540_054).abs() < 1e-12);
        assert!((z_for_level(80.0) - 1.281_551_565_544_601).abs() < 1e-12);
        assert!((z_for_level(99.8) - 3.090_232_306_167_813_5).abs() < 1e-12);
    }

    #[test]
    fn normal_intervals_are_symmetric_about_the_point() {
        let iv = normal_intervals(&[10.0, 20.0], &[1.0, 2.0], &[95.0]);
        assert_eq!(iv[0].level, 95.0);
        assert!((iv[0].upper[1] - 20.0 - 2.0 * 1.959_963_984_540_054).abs() < 1e-9);
        assert!((iv[0].lower[1] + iv[0].upper[1] - 40.0).abs() < 1e-12);
    }
}
