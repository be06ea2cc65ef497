//! Global ridge model (`ML`): one linear model trained across many series at once.
//!
//! Each series is seasonally adjusted as for Naive2 and Theta (multiplicative M4
//! decomposition when the 90% ACF test finds seasonality), then cut into windows of its
//! last `L` adjusted values. A window is divided by its mean absolute level, so series of
//! any scale share one model. Features: the `L` scaled lags plus the position in the season
//! (sine and cosine of the first two harmonics) and a constant. Target: the next adjusted
//! value on the same scale. The ridge fit is `smartcore`'s; forecasts are recursive (each
//! step is fed back as a lag), then de-normalised and re-seasonalised.
//!
//! Intervals are empirical: every training series is forecast from `h` steps before its
//! end with the trained model, and the scaled absolute errors at each step, pooled over the
//! batch, give the interval half-widths by quantile. With fewer than 20 such errors the
//! one-step residual spread of the fit, grown with `√k`, is used instead.
//!
//! Training memory is linear in the number of series: the caller decides the batch (the
//! CLI trains once per input batch of 256 series) and each series contributes at most
//! [`GlobalRidge::max_windows`] windows.

use serde::{Deserialize, Serialize};
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::linear::ridge_regression::{RidgeRegression, RidgeRegressionParameters};

use std::sync::Arc;

use crate::baseline::plain_decomposition;
use crate::decompose::m4_seasonal_indices;
use crate::prediction::{z_for_level, Fit, ForecastInterval, Predict, Prediction};
use crate::stats::quantile_select;
use crate::ForecastError;

/// Errors needed per step before empirical interval quantiles are trusted.
const MIN_EMPIRICAL: usize = 20;

/// Specification of the global ridge model.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalRidge {
    /// Season length (1 = none).
    pub season_length: u32,
    /// Number of lags; 0 picks the season length clamped to 8..=36.
    pub lags: usize,
    /// Ridge penalty on the scaled features.
    pub alpha: f64,
    /// Most recent windows taken from each series (bounds memory and time).
    pub max_windows: usize,
}

/// Fitted parameters of the global ridge model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlobalRidgeParams {
    /// Number of lags.
    pub lags: usize,
    /// Ridge penalty.
    pub alpha: f64,
    /// Coefficients: lags (oldest first), then sin/cos of harmonics 1 and 2, then constant.
    pub coefficients: Vec<f64>,
    /// Series that contributed windows to the fit.
    pub series: usize,
    /// Training windows.
    pub windows: usize,
    /// Multiplicative seasonal indices of this series, when seasonal.
    pub seasonal_indices: Option<Vec<f64>>,
}

/// A trained global model, shared by every series of its batch.
#[derive(Debug, Clone)]
pub struct FittedGlobalRidge {
    m: usize,
    lags: usize,
    alpha: f64,
    coef: Vec<f64>,
    series: usize,
    windows: usize,
    max_windows: usize,
    /// Absolute errors per step `k`, scaled by the window level and the series' own
    /// one-step residual spread (pooled holdout forecasts of the batch).
    step_errors: Vec<Vec<f64>>,
    /// Root mean square of the scaled one-step training residuals.
    sigma1: f64,
}

/// A series prepared for the model: adjusted values and its seasonal indices.
#[derive(Debug, Clone)]
struct Prepared {
    adj: Vec<f64>,
    idx: Option<Vec<f64>>,
}

fn prepare(y: &[f64], m: usize) -> Prepared {
    let idx = if m > 1 && y.len() >= 3 * m {
        m4_seasonal_indices(y, m)
    } else {
        None
    };
    let adj = match &idx {
        Some(s) => y.iter().enumerate().map(|(t, v)| v / s[t % m]).collect(),
        None => y.to_vec(),
    };
    Prepared { adj, idx }
}

/// Mean absolute level of a window; `None` when zero or not finite.
fn scale_of(w: &[f64]) -> Option<f64> {
    let s = w.iter().map(|v| v.abs()).sum::<f64>() / w.len() as f64;
    (s > 0.0 && s.is_finite()).then_some(s)
}

fn n_features(lags: usize) -> usize {
    lags + 5
}

/// Feature row for predicting position `t` from the window `w` (already scaled).
fn features(w: &[f64], t: usize, m: usize, out: &mut Vec<f64>) {
    out.extend_from_slice(w);
    let phase = if m > 1 {
        (t % m) as f64 / m as f64 * std::f64::consts::TAU
    } else {
        0.0
    };
    out.extend_from_slice(&[
        phase.sin(),
        phase.cos(),
        (2.0 * phase).sin(),
        (2.0 * phase).cos(),
        1.0,
    ]);
}

impl GlobalRidge {
    /// Default settings for season length `m`.
    pub fn new(season_length: u32) -> Self {
        GlobalRidge {
            season_length,
            lags: 0,
            alpha: 10.0,
            max_windows: 48,
        }
    }

    /// The number of lags used.
    pub fn lag_count(&self) -> usize {
        if self.lags > 0 {
            self.lags
        } else {
            (self.season_length.max(1) as usize).clamp(8, 36)
        }
    }

    /// Whether `y` is long enough to give a training window and a forecast origin.
    pub fn usable(&self, y: &[f64]) -> bool {
        y.len() > self.lag_count()
    }

    /// Train on every usable series of `batch` (finite values; the caller cleans them).
    /// `horizon` sets how far back the holdout forecasts for the intervals start.
    pub fn train(
        &self,
        batch: &[&[f64]],
        horizon: usize,
    ) -> Result<FittedGlobalRidge, ForecastError> {
        let m = self.season_length.max(1) as usize;
        let l = self.lag_count();
        let p = n_features(l);
        let mut x: Vec<f64> = vec![];
        let mut target: Vec<f64> = vec![];
        let mut series = 0;
        let prepared: Vec<Prepared> = batch
            .iter()
            .filter(|y| self.usable(y))
            .map(|y| prepare(y, m))
            .collect();
        for pr in &prepared {
            let n = pr.adj.len();
            let first = l.max(n.saturating_sub(self.max_windows));
            let before = target.len();
            let mut w = vec![0.0; l];
            for t in first..n {
                let Some(s) = scale_of(&pr.adj[t - l..t]) else {
                    continue;
                };
                for (o, v) in w.iter_mut().zip(&pr.adj[t - l..t]) {
                    *o = v / s;
                }
                let tv = pr.adj[t] / s;
                if !tv.is_finite() || w.iter().any(|v| !v.is_finite()) {
                    continue;
                }
                features(&w, t, m, &mut x);
                target.push(tv);
            }
            if target.len() > before {
                series += 1;
            }
        }
        let rows = target.len();
        if rows <= p {
            return Err(ForecastError::NotEnoughData {
                model: "ML".into(),
                needed: l + p + 1,
                got: batch.iter().map(|y| y.len()).max().unwrap_or(0),
            });
        }
        let xm = DenseMatrix::new(rows, p, x.clone(), false).map_err(|e| num_err(&e))?;
        let params = RidgeRegressionParameters::default()
            .with_alpha(self.alpha)
            .with_normalize(false);
        let fit: RidgeRegression<f64, f64, DenseMatrix<f64>, Vec<f64>> =
            RidgeRegression::fit(&xm, &target, params).map_err(|e| num_err(&e))?;
        let coef: Vec<f64> = (0..p)
            .map(|i| *smartcore::linalg::basic::arrays::Array::get(fit.coefficients(), (i, 0)))
            .collect();
        if coef.iter().any(|c| !c.is_finite()) {
            return Err(num_err(&"non-finite coefficients"));
        }
        let resid: f64 = x
            .chunks(p)
            .zip(&target)
            .map(|(r, t)| {
                let e = t - r.iter().zip(&coef).map(|(a, b)| a * b).sum::<f64>();
                e * e
            })
            .sum::<f64>()
            / rows as f64;
        let mut fitted = FittedGlobalRidge {
            m,
            lags: l,
            alpha: self.alpha,
            coef,
            series,
            windows: rows,
            max_windows: self.max_windows,
            step_errors: vec![vec![]; horizon],
            sigma1: resid.sqrt(),
        };
        // Holdout forecasts from `horizon` steps before each series' end.
        for pr in &prepared {
            let n = pr.adj.len();
            if n < l + horizon {
                continue;
            }
            let origin = n - horizon;
            let Some((path, s)) = fitted.path(&pr.adj[..origin], horizon) else {
                continue;
            };
            let sd = fitted.series_sigma(&pr.adj);
            for (k, v) in path.iter().enumerate() {
                let e = ((pr.adj[origin + k] - v) / s / sd).abs();
                if e.is_finite() {
                    fitted.step_errors[k].push(e);
                }
            }
        }
        Ok(fitted)
    }
}

fn num_err(e: &dyn std::fmt::Display) -> ForecastError {
    ForecastError::Numerical {
        model: "ML".into(),
        message: e.to_string(),
    }
}

impl FittedGlobalRidge {
    /// Recursive forecast of the adjusted series `adj` (positions `0..n`), `h` steps, on
    /// the original adjusted scale; also returns the window scale at the origin.
    fn path(&self, adj: &[f64], h: usize) -> Option<(Vec<f64>, f64)> {
        let l = self.lags;
        let n = adj.len();
        if n < l {
            return None;
        }
        let s = scale_of(&adj[n - l..])?;
        let mut w: Vec<f64> = adj[n - l..].iter().map(|v| v / s).collect();
        let mut row = Vec::with_capacity(self.coef.len());
        let mut out = Vec::with_capacity(h);
        for k in 0..h {
            row.clear();
            features(&w[w.len() - l..], n + k, self.m, &mut row);
            let v: f64 = row.iter().zip(&self.coef).map(|(a, b)| a * b).sum();
            w.push(v);
            out.push(v * s);
        }
        out.iter().all(|v| v.is_finite()).then_some((out, s))
    }

    /// Root mean square of this series' scaled one-step residuals under the global model
    /// (its own noise level), or the pooled one when the series gives none.
    fn series_sigma(&self, adj: &[f64]) -> f64 {
        let l = self.lags;
        let n = adj.len();
        let first = l.max(n.saturating_sub(self.max_windows));
        let mut row = Vec::with_capacity(self.coef.len());
        let mut w = vec![0.0; l];
        let (mut ss, mut cnt) = (0.0, 0usize);
        for t in first..n {
            let Some(s) = scale_of(&adj[t - l..t]) else {
                continue;
            };
            for (o, v) in w.iter_mut().zip(&adj[t - l..t]) {
                *o = v / s;
            }
            row.clear();
            features(&w, t, self.m, &mut row);
            let e = adj[t] / s - row.iter().zip(&self.coef).map(|(a, b)| a * b).sum::<f64>();
            if e.is_finite() {
                ss += e * e;
                cnt += 1;
            }
        }
        let sd = if cnt > 0 {
            (ss / cnt as f64).sqrt()
        } else {
            0.0
        };
        if sd > 1e-9 && sd.is_finite() {
            sd
        } else if self.sigma1 > 1e-9 {
            self.sigma1
        } else {
            1.0
        }
    }

    /// The model paired with one (clean) series of the batch, or any series of the same
    /// kind, ready to forecast it.
    pub fn for_series(self: &Arc<Self>, y: &[f64]) -> FittedSeries {
        FittedSeries {
            prepared: prepare(y, self.m),
            y: y.to_vec(),
            model: Arc::clone(self),
        }
    }

    /// Half-width at step `k` (0-based) for `level` percent, on the window scale, for a
    /// series whose one-step residual spread is `sd`.
    fn half_width(&self, k: usize, level: f64, sd: f64) -> f64 {
        match self.step_errors.get(k) {
            Some(e) if e.len() >= MIN_EMPIRICAL => {
                let mut v = e.clone();
                quantile_select(&mut v, level / 100.0) * sd
            }
            _ => z_for_level(level) * sd * ((k + 1) as f64).sqrt(),
        }
    }
}

/// Trains on the one series it is fitted to (holdout 0: one series gives too few errors
/// for empirical quantiles, so its intervals are normal either way).
impl Fit for GlobalRidge {
    type Fitted = FittedSeries;

    fn fit(&self, y: &[f64]) -> Result<FittedSeries, ForecastError> {
        Ok(Arc::new(self.train(&[y], 0)?).for_series(y))
    }
}

/// A fitted global model and the series it forecasts.
#[derive(Debug, Clone)]
pub struct FittedSeries {
    model: Arc<FittedGlobalRidge>,
    y: Vec<f64>,
    prepared: Prepared,
}

impl FittedSeries {
    /// The global model's parameters with this series' seasonal indices.
    pub fn params(&self) -> GlobalRidgeParams {
        let g = &self.model;
        GlobalRidgeParams {
            lags: g.lags,
            alpha: g.alpha,
            coefficients: g.coef.clone(),
            series: g.series,
            windows: g.windows,
            seasonal_indices: self.prepared.idx.clone(),
        }
    }
}

impl Predict for FittedSeries {
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let (g, pr, y) = (&self.model, &self.prepared, &self.y);
        let (path, s) = g
            .path(&pr.adj, h)
            .ok_or_else(|| num_err(&"no usable window at the forecast origin"))?;
        let n = y.len();
        let fac = |k: usize| pr.idx.as_ref().map(|ix| ix[(n + k) % g.m]).unwrap_or(1.0);
        let sd = g.series_sigma(&pr.adj);
        let point: Vec<f64> = path.iter().enumerate().map(|(k, v)| v * fac(k)).collect();
        let intervals = levels
            .iter()
            .map(|&lv| {
                let half: Vec<f64> = (0..h)
                    .map(|k| g.half_width(k, lv, sd) * s * fac(k))
                    .collect();
                ForecastInterval {
                    level: lv,
                    lower: point.iter().zip(&half).map(|(p, w)| p - w).collect(),
                    upper: point.iter().zip(&half).map(|(p, w)| p + w).collect(),
                }
            })
            .collect();
        Ok(Prediction {
            decomposition: plain_decomposition(y, &point, g.m),
            intervals,
            point,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_have_the_documented_layout() {
        let mut r = vec![];
        features(&[1.0, 2.0], 3, 12, &mut r);
        assert_eq!(r.len(), n_features(2));
        assert_eq!(&r[..2], &[1.0, 2.0]);
        assert!((r[2] - 1.0).abs() < 1e-12, "sin(pi/2) at position 3 of 12");
        assert_eq!(r[6], 1.0);
    }

    #[test]
    fn zero_windows_have_no_scale() {
        assert_eq!(scale_of(&[0.0, 0.0]), None);
        assert_eq!(scale_of(&[-2.0, 2.0]), Some(2.0));
    }
}
