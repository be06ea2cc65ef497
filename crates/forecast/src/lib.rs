//! Demand forecasting engine for Sentia: series in, forecasts out.
//!
//! Pure compute: no IO, no async, no globals. A [`ModelSpec`] is fitted to a series
//! (`&[f64]`) and the [`FittedModel`] predicts a [`Forecast`]: point values, intervals per
//! level, the model's typed name ([`ModelName`]), its parameters (serialisable, for model
//! versioning), a trend/seasonal decomposition and any [`Fallback`].
//!
//! Every model is a spec implementing [`Fit`] whose fitted type implements [`Predict`] and
//! returns a plain [`Prediction`]; `ModelSpec` picks the model from the registry table in
//! `model.rs` (one row per model), cleans the input and applies the fallbacks.
//!
//! ```
//! use sentia_forecast::{ModelKind, ModelSpec};
//!
//! // Three years of monthly demand with a yearly pattern.
//! let y: Vec<f64> = (0..36)
//!     .map(|t| 100.0 + t as f64 + 20.0 * ((t % 12) as f64 / 12.0 * std::f64::consts::TAU).sin())
//!     .collect();
//! let fitted = ModelSpec::new(ModelKind::Auto, 12).fit(&y)?;
//! let fc = fitted.predict(6, &[80.0, 95.0])?;
//! assert_eq!(fc.point.len(), 6);
//! let iv = fc.interval(95.0).unwrap();
//! assert!(iv.lower[0] <= fc.point[0] && fc.point[0] <= iv.upper[0]);
//! println!("{}: {:?}", fc.model, fc.point);
//! # Ok::<(), sentia_forecast::ForecastError>(())
//! ```
//!
//! Robustness: empty or all-missing series are a typed [`ForecastError`]; constant,
//! all-zero, very short, NaN-containing, negative and huge-valued series get a forecast,
//! with any substitute model named in [`Forecast::fallback`]. Output is never NaN.
#![warn(missing_docs)]

pub mod arima;
mod baseline;
mod decompose;
mod error;
pub mod ets;
mod forecast;
pub mod intermittent;
mod metrics;
pub mod ml;
mod model;
mod optim;
mod params;
mod prediction;
pub mod reconcile;
pub mod regression;
mod review;
mod stats;
pub mod theta;

pub use decompose::{seasonal_indices_additive, seasonal_indices_multiplicative, seasonality_test};
pub use error::ForecastError;
pub use forecast::{Fallback, FallbackReason, Forecast, Member, MemberError, ModelName};
pub use metrics::{accuracy, backtest, mase_scale, owa, Accuracy, BacktestConfig, Fold};
pub use model::{fit_batch, forecast, FittedModel, ModelKind, ModelSpec};
pub use params::ModelParams;
pub use prediction::{Decomposition, Fit, ForecastInterval, Predict, Prediction, SeasonalKind};
pub use review::{
    backtest_length, confidence_score, review, uncensor, Backtest, Candidate, Review, ReviewConfig,
};
