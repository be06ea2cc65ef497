//! Fitted parameters of every model, serialisable for model versioning. Each model
//! defines its own parameter type; this enum only gathers them (no model imports it).

use serde::{Deserialize, Serialize};

use crate::arima::ArimaParams;
use crate::ets::EtsParams;
use crate::intermittent::IntermittentParams;
use crate::ml::GlobalRidgeParams;
use crate::regression::RegressionParams;
use crate::theta::ThetaParams;

/// Parameters of a fitted model. Serialised with a `model` tag, e.g.
/// `{"model":"naive","sigma":1.2}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum ModelParams {
    /// Last value carried forward.
    Naive {
        /// Last observation.
        last: f64,
        /// Standard deviation of one-step (first-difference) errors.
        sigma: f64,
    },
    /// Value one season ago carried forward.
    SeasonalNaive {
        /// Number of periods the last season repeats over.
        season_length: u32,
        /// Standard deviation of seasonal differences.
        sigma: f64,
    },
    /// Mean of the last `window` values.
    MovingAverage {
        /// Window length.
        window: u32,
        /// Mean forecast.
        mean: f64,
        /// Standard deviation of one-step errors.
        sigma: f64,
    },
    /// Naive on the seasonally adjusted series (M4 Naive2).
    Naive2 {
        /// Multiplicative seasonal indices by position `t mod m`, when seasonal.
        seasonal_indices: Option<Vec<f64>>,
        /// Last seasonally adjusted value.
        last_adjusted: f64,
        /// Standard deviation of adjusted one-step errors.
        sigma: f64,
    },
    /// Exponential smoothing.
    Ets(EtsParams),
    /// Theta method.
    Theta(ThetaParams),
    /// Intermittent-demand method (Croston, SBA, TSB, ADIDA).
    Intermittent(IntermittentParams),
    /// Piecewise-linear trend and Fourier seasonality regression ("Prophet"-style).
    Regression(RegressionParams),
    /// Seasonal ARIMA.
    Arima(ArimaParams),
    /// Global ridge model trained across the series of a batch.
    GlobalRidge(GlobalRidgeParams),
    /// Combination of several models' forecasts.
    Combination {
        /// How the members are combined: `weighted_mean_envelope` (the combination) or
        /// `akaike_weights` (ETS-average).
        method: String,
        /// Member names, as in their forecasts, each with its weight (`name:weight`).
        members: Vec<String>,
        /// Member parameters.
        params: Vec<ModelParams>,
    },
}
