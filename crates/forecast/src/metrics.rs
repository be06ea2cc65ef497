//! Accuracy measures (M4 definitions) and rolling-origin backtests.

use serde::{Deserialize, Serialize};

use crate::{Forecast, ForecastError, ModelName, ModelSpec};

/// Accuracy of one forecast against the actuals.
///
/// Scaled measures use the in-sample seasonal-naive MAE (lag `m`, or lag 1 when the
/// series is not longer than `m`) and are `None` when that scale is 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute percentage error (percent); `None` if an actual is 0.
    pub mape: Option<f64>,
    /// Symmetric MAPE (percent, M4: 200/h Σ|y−f|/(|y|+|f|), 0/0 counts as 0).
    pub smape: f64,
    /// Mean absolute scaled error.
    pub mase: Option<f64>,
    /// Weighted absolute percentage error (percent): Σ|y−f| / Σ|y|.
    pub wape: Option<f64>,
    /// Mean error forecast − actual (positive = over-forecast).
    pub bias: f64,
    /// Share of actuals inside each interval (bounds inclusive), by level.
    pub coverage: Vec<(f64, f64)>,
    /// Mean scaled interval score of the 95% interval (α = 0.05), when requested.
    pub msis: Option<f64>,
}

/// Seasonal-naive MAE scale of a training series (as the M4 scorer).
pub fn mase_scale(train: &[f64], m: usize) -> f64 {
    let lag = if train.len() > m { m.max(1) } else { 1 };
    if train.len() <= lag {
        return f64::NAN;
    }
    let d: f64 = (lag..train.len())
        .map(|t| (train[t] - train[t - lag]).abs())
        .sum();
    d / (train.len() - lag) as f64
}

/// Compute all measures of `forecast` against `actual` (same length as its point vector
/// or shorter).
pub fn accuracy(train: &[f64], actual: &[f64], forecast: &Forecast, m: usize) -> Accuracy {
    let h = actual.len().min(forecast.point.len());
    let (y, f) = (&actual[..h], &forecast.point[..h]);
    let hf = h.max(1) as f64;
    let mut mae = 0.0;
    let mut mse = 0.0;
    let mut s = 0.0;
    let mut bias = 0.0;
    let mut ape = Some(0.0);
    let mut sum_abs_y = 0.0;
    for (a, p) in y.iter().zip(f) {
        let e = a - p;
        mae += e.abs();
        mse += e * e;
        bias += p - a;
        let den = a.abs() + p.abs();
        if den > 0.0 {
            s += 2.0 * e.abs() / den;
        }
        ape = match ape {
            Some(acc) if *a != 0.0 => Some(acc + (e / a).abs()),
            _ => None,
        };
        sum_abs_y += a.abs();
    }
    let scale = mase_scale(train, m);
    let scaled = |v: f64| (scale > 0.0 && scale.is_finite()).then(|| v / scale);
    let coverage = forecast
        .intervals
        .iter()
        .map(|iv| {
            let inside = (0..h)
                .filter(|&k| iv.lower[k] <= y[k] && y[k] <= iv.upper[k])
                .count();
            (iv.level, inside as f64 / hf)
        })
        .collect();
    let msis = forecast.interval(95.0).and_then(|iv| {
        let a = 0.05;
        let tot: f64 = (0..h)
            .map(|k| {
                let (l, u) = (iv.lower[k], iv.upper[k]);
                let mut v = u - l;
                if y[k] < l {
                    v += 2.0 / a * (l - y[k]);
                }
                if y[k] > u {
                    v += 2.0 / a * (y[k] - u);
                }
                v
            })
            .sum();
        scaled(tot / hf)
    });
    Accuracy {
        mae: mae / hf,
        rmse: (mse / hf).sqrt(),
        mape: ape.map(|v| 100.0 * v / hf),
        smape: 100.0 * s / hf,
        mase: scaled(mae / hf),
        wape: (sum_abs_y > 0.0).then(|| 100.0 * mae / sum_abs_y),
        bias: bias / hf,
        coverage,
        msis,
    }
}

/// Overall weighted average (M4): mean of the sMAPE and MASE ratios to Naive2's.
pub fn owa(smape: f64, mase: f64, smape_naive2: f64, mase_naive2: f64) -> f64 {
    (smape / smape_naive2 + mase / mase_naive2) / 2.0
}

/// Rolling-origin backtest settings.
#[derive(Debug, Clone)]
pub struct BacktestConfig {
    /// Forecast horizon per fold.
    pub horizon: usize,
    /// Number of forecast origins.
    pub folds: usize,
    /// Distance between consecutive origins (1 = every period).
    pub step: usize,
    /// Season length used by MASE scaling.
    pub season_length: usize,
    /// Interval levels to evaluate.
    pub levels: Vec<f64>,
}

/// One fold of a backtest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fold {
    /// Number of training observations at this origin.
    pub origin: usize,
    /// Model actually used (after any fallback).
    pub model: ModelName,
    /// Accuracy of the model.
    pub accuracy: Accuracy,
    /// Accuracy of Naive2 at the same origin (the OWA reference).
    pub naive2: Accuracy,
}

/// Rolling-origin evaluation of `spec` on `y`: the last origin leaves exactly `horizon`
/// points for testing, earlier origins are `step` apart.
pub fn backtest(
    y: &[f64],
    spec: &ModelSpec,
    cfg: &BacktestConfig,
) -> Result<Vec<Fold>, ForecastError> {
    if cfg.horizon == 0 {
        return Err(ForecastError::InvalidHorizon);
    }
    let n = y.len();
    let folds = cfg.folds.max(1);
    let span = cfg.horizon + (folds - 1) * cfg.step.max(1);
    if n < span + 2 {
        return Err(ForecastError::NotEnoughData {
            model: "backtest".into(),
            needed: span + 2,
            got: n,
        });
    }
    let naive2 = ModelSpec {
        kind: crate::ModelKind::Naive2,
        ..spec.clone()
    };
    let mut out = Vec::with_capacity(folds);
    for k in 0..folds {
        let origin = n - span + k * cfg.step.max(1);
        let train = &y[..origin];
        let test = &y[origin..origin + cfg.horizon];
        let f = spec.fit(train)?.predict(cfg.horizon, &cfg.levels)?;
        let f2 = naive2.fit(train)?.predict(cfg.horizon, &cfg.levels)?;
        out.push(Fold {
            origin,
            model: f.model.clone(),
            accuracy: accuracy(train, test, &f, cfg.season_length),
            naive2: accuracy(train, test, &f2, cfg.season_length),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prediction::{Decomposition, ForecastInterval, SeasonalKind};

    fn fc(point: Vec<f64>, lo: Vec<f64>, hi: Vec<f64>) -> Forecast {
        Forecast {
            model: ModelName::Naive,
            intervals: vec![ForecastInterval {
                level: 95.0,
                lower: lo,
                upper: hi,
            }],
            decomposition: Decomposition {
                kind: SeasonalKind::None,
                trend: vec![],
                seasonal: vec![],
            },
            point,
            params: crate::ModelParams::Naive {
                last: 0.0,
                sigma: 0.0,
            },
            fallback: None,
        }
    }

    #[test]
    fn measures_match_the_scorer_selftest() {
        // score.py self-test 1: train 1..5 (m = 1), test [6, 8], forecast [5, 10].
        let train = [1.0, 2.0, 3.0, 4.0, 5.0];
        let f = fc(vec![5.0, 10.0], vec![4.0, 9.0], vec![7.0, 9.5]);
        let a = accuracy(&train, &[6.0, 8.0], &f, 1);
        let smape = 100.0 * (2.0 * 1.0 / 11.0 + 2.0 * 2.0 / 18.0) / 2.0;
        assert!((a.smape - smape).abs() < 1e-12);
        assert!((a.mase.unwrap() - 1.5).abs() < 1e-12);
        assert!((a.mae - 1.5).abs() < 1e-12);
        assert!((a.rmse - 2.5f64.sqrt()).abs() < 1e-12);
        assert!((a.bias - 0.5).abs() < 1e-12);
        assert!((a.wape.unwrap() - 100.0 * 3.0 / 14.0).abs() < 1e-12);
        assert!((a.coverage[0].1 - 0.5).abs() < 1e-12);
        // MSIS: widths 3 and 0.5; second point below lower 9 by 1 → 40 · 1.
        assert!((a.msis.unwrap() - (3.0 + 0.5 + 40.0) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn owa_of_naive2_is_one() {
        assert_eq!(owa(12.0, 0.9, 12.0, 0.9), 1.0);
    }
}
