//! "Prophet"-style regression (Taylor & Letham (2018), *Forecasting at scale*, The American
//! Statistician 72(1)): a piecewise-linear trend with automatic changepoints, Fourier
//! seasonalities and optional holiday/promotion regressors, fitted as one penalised least
//! squares problem.
//!
//! Differences from Prophet, by choice: the Laplace prior on the changepoint slopes becomes a
//! Gaussian (ridge) penalty with the same scale, so the fit is a closed-form solve instead of
//! an L-BFGS run; the saturating (logistic) trend is not offered. Intervals follow Prophet:
//! future changepoints are simulated at the historical rate with the historical mean
//! absolute slope change, plus Gaussian observation noise, from a seeded generator.

use serde::{Deserialize, Serialize};

use crate::prediction::{Decomposition, Fit, ForecastInterval, Predict, Prediction, SeasonalKind};
use crate::stats::{quantile_sorted, Rng};
use crate::ForecastError;

/// How seasonal terms combine with the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeasonalityMode {
    /// `y = trend + seasonal + regressors` (Prophet's default).
    Additive,
    /// Fit on `ln y` (positive series only), so seasonal and regressor effects scale with the
    /// trend.
    Multiplicative,
}

/// The regression spec.
#[derive(Debug, Clone)]
pub struct Regression {
    /// Seasonal periods and their Fourier orders, e.g. `[(12.0, 6)]`.
    pub seasonalities: Vec<(f64, u32)>,
    /// Number of potential changepoints, spread over the first `changepoint_range` of the
    /// history (Prophet: 25 over 80%).
    pub n_changepoints: u32,
    /// Share of the history where changepoints may sit.
    pub changepoint_range: f64,
    /// Prior scale of the slope changes (Prophet: 0.05, on the scaled series).
    pub changepoint_prior_scale: f64,
    /// Prior scale of the seasonal coefficients (Prophet: 10).
    pub seasonality_prior_scale: f64,
    /// Additive or multiplicative seasonality.
    pub mode: SeasonalityMode,
    /// Extra regressors (holidays, promotions): each has one value per history period
    /// followed by one per forecast period.
    pub regressors: Vec<Vec<f64>>,
    /// Seed for the trend-uncertainty simulation.
    pub seed: u64,
}

/// Fitted regression parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressionParams {
    /// Seasonality mode.
    pub mode: SeasonalityMode,
    /// Intercept (scaled units).
    pub intercept: f64,
    /// Initial slope per unit of scaled time (history = [0, 1]).
    pub slope: f64,
    /// Changepoint positions (scaled time) and slope changes.
    pub changepoints: Vec<(f64, f64)>,
    /// Seasonal periods, orders and Fourier coefficients (sin, cos pairs).
    pub seasonal: Vec<(f64, u32, Vec<f64>)>,
    /// Regressor coefficients.
    pub regressor_coefs: Vec<f64>,
    /// Scale of the series (values are divided by it before fitting).
    pub y_scale: f64,
    /// Residual standard deviation (scaled units).
    pub sigma: f64,
}

/// A fitted regression model.
#[derive(Debug, Clone)]
pub struct FittedRegression {
    params: RegressionParams,
    n: usize,
    regressors: Vec<Vec<f64>>,
    seed: u64,
}

impl Regression {
    /// Prophet-like defaults for season length `m` (Fourier order `min(m/2, 10)`).
    pub fn new(season_length: u32) -> Self {
        let m = season_length.max(1);
        let seasonalities = if m > 1 {
            vec![(m as f64, (m / 2).clamp(1, 10))]
        } else {
            vec![]
        };
        Regression {
            seasonalities,
            n_changepoints: 25,
            changepoint_range: 0.8,
            changepoint_prior_scale: 0.05,
            seasonality_prior_scale: 10.0,
            mode: SeasonalityMode::Additive,
            regressors: vec![],
            seed: 0,
        }
    }
}

impl Fit for Regression {
    type Fitted = FittedRegression;

    /// Fit by penalised least squares.
    fn fit(&self, y: &[f64]) -> Result<FittedRegression, ForecastError> {
        let n = y.len();
        if n < 3 {
            return Err(ForecastError::NotEnoughData {
                model: "Regression".into(),
                needed: 3,
                got: n,
            });
        }
        for (i, r) in self.regressors.iter().enumerate() {
            if r.len() < n {
                return Err(ForecastError::InvalidParameter {
                    name: "regressors",
                    message: format!("regressor {i} has {} values, the series {n}", r.len()),
                });
            }
        }
        let log = self.mode == SeasonalityMode::Multiplicative;
        if log && y.iter().any(|v| *v <= 0.0) {
            return Err(ForecastError::InvalidParameter {
                name: "mode",
                message: "multiplicative seasonality needs a positive series".into(),
            });
        }
        let z: Vec<f64> = if log {
            y.iter().map(|v| v.ln()).collect()
        } else {
            y.to_vec()
        };
        let y_scale = z.iter().fold(0.0f64, |a, v| a.max(v.abs())).max(1e-300);
        let z: Vec<f64> = z.iter().map(|v| v / y_scale).collect();
        let tmax = (n - 1).max(1) as f64;
        let ncp = if n >= 10 {
            (self.n_changepoints as usize).min(((n as f64) * self.changepoint_range) as usize - 1)
        } else {
            0
        };
        let cps: Vec<f64> = (1..=ncp)
            .map(|j| self.changepoint_range * j as f64 / (ncp + 1) as f64)
            .collect();
        let seas: Vec<(f64, u32)> = self
            .seasonalities
            .iter()
            .copied()
            .filter(|(p, _)| (n as f64) >= 2.0 * p)
            .collect();
        let design = |t: usize| -> Vec<f64> {
            let ts = t as f64 / tmax;
            let mut row = vec![1.0, ts];
            row.extend(cps.iter().map(|c| (ts - c).max(0.0)));
            for &(p, k) in &seas {
                for j in 1..=k {
                    let a = std::f64::consts::TAU * j as f64 * t as f64 / p;
                    row.push(a.sin());
                    row.push(a.cos());
                }
            }
            row.extend(self.regressors.iter().map(|r| r[t]));
            row
        };
        let rows: Vec<Vec<f64>> = (0..n).map(design).collect();
        let p = rows[0].len();
        let nseas: usize = seas.iter().map(|s| 2 * s.1 as usize).sum();
        // Prior precision per coefficient, relative to a first noise estimate.
        let solve_with = |lambda: &[f64]| -> Option<Vec<f64>> {
            let mut a = vec![0.0; p * p];
            let mut b = vec![0.0; p];
            for (row, zt) in rows.iter().zip(&z) {
                for i in 0..p {
                    b[i] += row[i] * zt;
                    for j in i..p {
                        a[i * p + j] += row[i] * row[j];
                    }
                }
            }
            for i in 0..p {
                for j in 0..i {
                    a[i * p + j] = a[j * p + i];
                }
                a[i * p + i] += lambda[i];
            }
            crate::stats::cholesky(&mut a, p)?;
            crate::stats::cholesky_solve(&a, &mut b, p);
            Some(b)
        };
        let resid_var = |beta: &[f64]| -> f64 {
            let sse: f64 = rows
                .iter()
                .zip(&z)
                .map(|(r, zt)| {
                    let f: f64 = r.iter().zip(beta).map(|(x, c)| x * c).sum();
                    (zt - f) * (zt - f)
                })
                .sum();
            sse / (n as f64 - 2.0).max(1.0)
        };
        let mut lam = vec![1e-9; p];
        for l in lam.iter_mut().skip(2).take(ncp) {
            *l = 1e6; // first pass: no changepoints
        }
        let mut beta = solve_with(&lam).ok_or_else(|| numerical("singular design"))?;
        // The penalties are prior precisions relative to the noise variance, which is not
        // known up front: start from the straight-line fit's residuals and re-estimate.
        for _ in 0..3 {
            let s2 = resid_var(&beta).max(1e-12);
            for l in lam.iter_mut().skip(2).take(ncp) {
                *l = s2 / (self.changepoint_prior_scale * self.changepoint_prior_scale);
            }
            for l in lam.iter_mut().skip(2 + ncp).take(nseas) {
                *l = s2 / (self.seasonality_prior_scale * self.seasonality_prior_scale);
            }
            beta = solve_with(&lam).ok_or_else(|| numerical("singular design"))?;
        }
        let sigma = resid_var(&beta).sqrt();
        let mut k = 2 + ncp;
        let mut seasonal = vec![];
        for &(per, ord) in &seas {
            let len = 2 * ord as usize;
            seasonal.push((per, ord, beta[k..k + len].to_vec()));
            k += len;
        }
        Ok(FittedRegression {
            params: RegressionParams {
                mode: self.mode,
                intercept: beta[0],
                slope: beta[1],
                changepoints: cps
                    .iter()
                    .copied()
                    .zip(beta[2..2 + ncp].iter().copied())
                    .collect(),
                seasonal,
                regressor_coefs: beta[k..].to_vec(),
                y_scale,
                sigma,
            },
            n,
            regressors: self.regressors.clone(),
            seed: self.seed,
        })
    }
}

fn numerical(msg: &str) -> ForecastError {
    ForecastError::Numerical {
        model: "Regression".into(),
        message: msg.into(),
    }
}

impl FittedRegression {
    /// Fitted parameters.
    pub fn params(&self) -> &RegressionParams {
        &self.params
    }

    fn trend(&self, t: usize) -> f64 {
        let ts = t as f64 / (self.n - 1).max(1) as f64;
        let p = &self.params;
        p.intercept
            + p.slope * ts
            + p.changepoints
                .iter()
                .map(|(c, d)| d * (ts - c).max(0.0))
                .sum::<f64>()
    }

    fn seasonal(&self, t: usize) -> f64 {
        let mut s = 0.0;
        for (per, ord, coef) in &self.params.seasonal {
            for j in 1..=*ord as usize {
                let a = std::f64::consts::TAU * j as f64 * t as f64 / per;
                s += coef[2 * (j - 1)] * a.sin() + coef[2 * (j - 1) + 1] * a.cos();
            }
        }
        s
    }

    fn regressor_effect(&self, t: usize) -> f64 {
        self.regressors
            .iter()
            .zip(&self.params.regressor_coefs)
            .map(|(r, c)| r.get(t).copied().unwrap_or(0.0) * c)
            .sum()
    }

    fn to_original(&self, v: f64) -> f64 {
        let v = v * self.params.y_scale;
        match self.params.mode {
            SeasonalityMode::Additive => v,
            SeasonalityMode::Multiplicative => v.min(700.0).exp(),
        }
    }
}

impl Predict for FittedRegression {
    /// Forecast `h` steps; intervals from 500 simulated trend paths plus noise (drawn with
    /// the spec's seed).
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        if self.regressors.iter().any(|r| r.len() < self.n + h) {
            return Err(ForecastError::InvalidParameter {
                name: "regressors",
                message: format!("regressors need {} values (history + horizon)", self.n + h),
            });
        }
        let p = &self.params;
        let n = self.n;
        let tmax = (n - 1).max(1) as f64;
        let dt = 1.0 / tmax;
        let base: Vec<f64> = (n..n + h)
            .map(|t| self.trend(t) + self.seasonal(t) + self.regressor_effect(t))
            .collect();
        let point: Vec<f64> = base.iter().map(|v| self.to_original(*v)).collect();
        // Future changepoints at the historical rate, Laplace slope changes.
        let ncp = p.changepoints.len();
        let rate = if ncp > 0 {
            ncp as f64 / (p.changepoints.last().map(|c| c.0).unwrap_or(1.0) / dt).max(1.0)
        } else {
            0.0
        };
        let mean_abs = if ncp > 0 {
            p.changepoints.iter().map(|c| c.1.abs()).sum::<f64>() / ncp as f64
        } else {
            0.0
        };
        let nsim = 500;
        let mut rng = Rng::new(self.seed);
        let mut sims = vec![Vec::with_capacity(nsim); h];
        for _ in 0..nsim {
            let mut extra_slope = 0.0;
            let mut extra = 0.0;
            for (k, col) in sims.iter_mut().enumerate() {
                if rate > 0.0 && rng.uniform() < rate {
                    let u = rng.uniform() - 0.5;
                    extra_slope += -mean_abs * u.signum() * (1.0 - 2.0 * u.abs()).ln();
                }
                extra += extra_slope * dt;
                let v = base[k] + extra + p.sigma * rng.normal();
                col.push(self.to_original(v));
            }
        }
        for col in &mut sims {
            col.sort_unstable_by(f64::total_cmp);
        }
        let intervals = levels
            .iter()
            .map(|&lv| {
                let a = (1.0 - lv / 100.0) / 2.0;
                ForecastInterval {
                    level: lv,
                    lower: sims.iter().map(|c| quantile_sorted(c, a)).collect(),
                    upper: sims.iter().map(|c| quantile_sorted(c, 1.0 - a)).collect(),
                }
            })
            .collect();
        let log = p.mode == SeasonalityMode::Multiplicative;
        let trend: Vec<f64> = (0..n + h)
            .map(|t| self.to_original(self.trend(t)))
            .collect();
        let seasonal: Vec<f64> = (0..n + h)
            .map(|t| {
                let s = self.seasonal(t) * p.y_scale;
                if log {
                    s.exp()
                } else {
                    s
                }
            })
            .collect();
        Ok(Prediction {
            point,
            intervals,
            decomposition: Decomposition {
                kind: if p.seasonal.is_empty() {
                    SeasonalKind::None
                } else if log {
                    SeasonalKind::Multiplicative
                } else {
                    SeasonalKind::Additive
                },
                trend,
                seasonal,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_line_plus_a_sinusoid() {
        let y: Vec<f64> = (0..96)
            .map(|t| 10.0 + 0.5 * t as f64 + 3.0 * (std::f64::consts::TAU * t as f64 / 12.0).sin())
            .collect();
        let fit = Regression::new(12).fit(&y).unwrap();
        let f = fit.predict(12, &[95.0]).unwrap();
        for (k, v) in f.point.iter().enumerate() {
            let t = (96 + k) as f64;
            let truth = 10.0 + 0.5 * t + 3.0 * (std::f64::consts::TAU * t / 12.0).sin();
            assert!((v - truth).abs() < 0.5, "step {k}: {v} vs {truth}");
        }
    }

    #[test]
    fn a_slope_change_is_followed() {
        // Flat for 60 periods, then rising by 2 per period.
        let y: Vec<f64> = (0..100)
            .map(|t| {
                if t < 60 {
                    50.0
                } else {
                    50.0 + 2.0 * (t - 60) as f64
                }
            })
            .collect();
        let f = Regression::new(1)
            .fit(&y)
            .unwrap()
            .predict(5, &[80.0])
            .unwrap();
        let slope = f.point[4] - f.point[3];
        assert!((slope - 2.0).abs() < 0.5, "{:?}", f.point);
    }

    #[test]
    fn a_promotion_regressor_gets_its_effect() {
        let promo: Vec<f64> = (0..70)
            .map(|t| if t % 10 == 0 { 1.0 } else { 0.0 })
            .collect();
        let y: Vec<f64> = (0..60).map(|t| 100.0 + 40.0 * promo[t]).collect();
        let mut spec = Regression::new(1);
        spec.regressors = vec![promo];
        let fit = spec.fit(&y).unwrap();
        let effect = fit.params().regressor_coefs[0] * fit.params().y_scale;
        assert!((effect - 40.0).abs() < 1.0, "{effect}");
        let f = fit.predict(10, &[]).unwrap();
        assert!(
            (f.point[0] - 140.0).abs() < 2.0 && (f.point[1] - 100.0).abs() < 2.0,
            "{:?}",
            f.point
        );
    }
}
