//! Theta method in its state-space form (Fiorucci, Pellegrini, Louzada, Petropoulos &
//! Koehler (2016), *Models for optimising the theta method and their relationship to state
//! space models*, IJF 32(4)), as statsforecast's `Theta` (standard theta model, θ = 2) and
//! `OptimizedTheta` (θ optimised). Seasonal series are adjusted by classical decomposition
//! first and re-seasonalised afterwards, as statsforecast does: multiplicative, or additive
//! when the series has zeros or negative values (see [`theta_seasonal_adjustment`]).

use serde::{Deserialize, Serialize};

use crate::decompose::{theta_seasonal_adjustment, trend_line, SeasonalAdjustment};
use crate::optim::minimise;
use crate::prediction::{normal_intervals, Decomposition, Fit, Predict, Prediction, SeasonalKind};
use crate::stats::mean;
use crate::ForecastError;

/// Fitted parameters of a theta model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThetaParams {
    /// Whether θ was optimised (OTM) or fixed at 2 (STM).
    pub optimized: bool,
    /// Dynamic trend line (DSTM/DOTM).
    pub dynamic: bool,
    /// Smoothing parameter of the SES part.
    pub alpha: f64,
    /// Theta coefficient.
    pub theta: f64,
    /// Initial smoothed level.
    pub initial_level: f64,
    /// Intercept of the linear trend line (on adjusted data).
    pub an: f64,
    /// Slope of the linear trend line (on adjusted data).
    pub bn: f64,
    /// Seasonal indices (multiplicative) or offsets (additive) by position `t mod m`,
    /// when adjusted.
    pub seasonal_indices: Option<Vec<f64>>,
    /// How `seasonal_indices` apply; parameters stored before additive adjustment existed
    /// read as multiplicative.
    #[serde(default = "multiplicative")]
    pub seasonal_kind: SeasonalKind,
    /// In-sample mean squared one-step error (adjusted scale).
    pub mse: f64,
}

/// Theta spec.
#[derive(Debug, Clone, Copy)]
pub struct Theta {
    /// Season length (1 for none).
    pub season_length: u32,
    /// Optimise θ (OTM) instead of fixing it at 2 (STM).
    pub optimize_theta: bool,
    /// Update the trend line's intercept and slope every period (the dynamic models
    /// DSTM/DOTM) instead of fitting them once on the whole series.
    pub dynamic: bool,
}

fn multiplicative() -> SeasonalKind {
    SeasonalKind::Multiplicative
}

/// A fitted theta model.
#[derive(Debug, Clone)]
pub struct FittedTheta {
    params: ThetaParams,
    adj: Vec<f64>,
    state: State,
    m: usize,
    seasonal: Option<SeasonalAdjustment>,
}

pub(crate) fn theta_name(optimized: bool, dynamic: bool) -> &'static str {
    match (optimized, dynamic) {
        (false, false) => "Theta",
        (true, false) => "OptimizedTheta",
        (false, true) => "DynamicTheta",
        (true, true) => "DynamicOptimizedTheta",
    }
}

fn drift_term(an: f64, bn: f64, alpha: f64, theta: f64, i: usize) -> f64 {
    let d = (1.0 - alpha).powi(i as i32);
    (1.0 - 1.0 / theta) * (an * d + bn * (1.0 - d * (1.0 - alpha)) / alpha)
}

#[derive(Debug, Clone, Copy)]
struct State {
    level: f64,
    meany: f64,
    an: f64,
    bn: f64,
}

impl State {
    /// One update with observation (or, when forecasting, the forecast) `yi` at index `i`.
    fn update(&mut self, yi: f64, i: usize, alpha: f64, dynamic: bool) {
        self.level = alpha * yi + (1.0 - alpha) * self.level;
        if dynamic {
            let fi = i as f64;
            let meany = (fi * self.meany + yi) / (fi + 1.0);
            self.bn = ((fi - 1.0) * self.bn + 6.0 * (yi - self.meany) / (fi + 1.0)) / (fi + 2.0);
            self.an = meany - self.bn * (fi + 2.0) / 2.0;
            self.meany = meany;
        }
    }
}

/// Runs the recursions; returns `(mse over e[3..], final state)`.
#[allow(clippy::too_many_arguments)]
fn run(
    y: &[f64],
    alpha: f64,
    theta: f64,
    l0: f64,
    an: f64,
    bn: f64,
    dynamic: bool,
) -> (f64, State) {
    let mut st = State {
        level: alpha * y[0] + (1.0 - alpha) * l0,
        meany: y[0],
        an: if dynamic { y[0] } else { an },
        bn: if dynamic { 0.0 } else { bn },
    };
    let mut sse = 0.0;
    let mut cnt = 0usize;
    for (i, &yi) in y.iter().enumerate().skip(1) {
        let mu = st.level + drift_term(st.an, st.bn, alpha, theta, i);
        let e = yi - mu;
        if i >= 3 {
            sse += e * e;
            cnt += 1;
        }
        st.update(yi, i, alpha, dynamic);
    }
    (if cnt > 0 { sse / cnt as f64 } else { 0.0 }, st)
}

impl Theta {
    /// Standard theta model (θ = 2).
    pub fn standard(season_length: u32) -> Self {
        Theta {
            season_length,
            optimize_theta: false,
            dynamic: false,
        }
    }

    /// Optimised theta model.
    pub fn optimized(season_length: u32) -> Self {
        Theta {
            season_length,
            optimize_theta: true,
            dynamic: false,
        }
    }

    /// Dynamic optimised theta model (DOTM).
    pub fn dynamic_optimized(season_length: u32) -> Self {
        Theta {
            season_length,
            optimize_theta: true,
            dynamic: true,
        }
    }

    fn name(&self) -> &'static str {
        theta_name(self.optimize_theta, self.dynamic)
    }
}

impl Fit for Theta {
    type Fitted = FittedTheta;

    /// Fit by minimising the in-sample one-step MSE.
    fn fit(&self, y: &[f64]) -> Result<FittedTheta, ForecastError> {
        let n = y.len();
        if n < 5 {
            return Err(ForecastError::NotEnoughData {
                model: self.name().into(),
                needed: 5,
                got: n,
            });
        }
        let m = self.season_length.max(1) as usize;
        let seasonal = theta_seasonal_adjustment(y, m);
        let adj = match &seasonal {
            Some(s) => s.remove(y),
            None => y.to_vec(),
        };
        let nf = n as f64;
        let tm: f64 = adj
            .iter()
            .enumerate()
            .map(|(t, v)| (t + 1) as f64 * v)
            .sum::<f64>()
            / nf;
        let ym = mean(&adj);
        let bn = 6.0 * (2.0 * tm - (1.0 + nf) * ym) / (nf * nf - 1.0);
        let an = ym - (nf + 1.0) * bn / 2.0;
        let scale = adj.iter().map(|v| v.abs()).fold(0.0, f64::max).max(1e-12);
        let obj = |x: &[f64], _cutoff: f64| -> f64 {
            let alpha = x[0];
            let theta = if self.optimize_theta { x[2] } else { 2.0 };
            if !(0.1..=0.99).contains(&alpha) || !(1.0..=1e4).contains(&theta) {
                return f64::INFINITY;
            }
            run(&adj, alpha, theta, x[1], an, bn, self.dynamic).0
        };
        let l0 = adj[0] / 2.0;
        let (x0, step) = if self.optimize_theta {
            (
                vec![0.5, l0, 2.0],
                vec![0.1, 0.1 * l0.abs().max(0.01 * scale), 0.5],
            )
        } else {
            (vec![0.5, l0], vec![0.1, 0.1 * l0.abs().max(0.01 * scale)])
        };
        let r = minimise(obj, &x0, &step, 1000, 1e-8).ok_or_else(|| ForecastError::Numerical {
            model: self.name().into(),
            message: "objective could not be evaluated".into(),
        })?;
        let (alpha, l0) = (r.x[0], r.x[1]);
        let theta = if self.optimize_theta { r.x[2] } else { 2.0 };
        let (mse, state) = run(&adj, alpha, theta, l0, an, bn, self.dynamic);
        Ok(FittedTheta {
            params: ThetaParams {
                optimized: self.optimize_theta,
                dynamic: self.dynamic,
                alpha,
                theta,
                initial_level: l0,
                an,
                bn,
                seasonal_indices: seasonal.as_ref().map(|s| s.indices.clone()),
                seasonal_kind: seasonal.as_ref().map_or(SeasonalKind::None, |s| s.kind),
                mse,
            },
            adj,
            state,
            m,
            seasonal,
        })
    }
}

impl FittedTheta {
    /// Fitted parameters.
    pub fn params(&self) -> &ThetaParams {
        &self.params
    }
}

impl Predict for FittedTheta {
    /// Forecast with intervals (SES variance `σ²(1 + (h−1)α²)` on the adjusted scale,
    /// re-seasonalised) and decomposition.
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let p = &self.params;
        let n = self.adj.len();
        let mut st = self.state;
        let mut adj_f = Vec::with_capacity(h);
        for k in 0..h {
            let mu = st.level + drift_term(st.an, st.bn, p.alpha, p.theta, n + k);
            adj_f.push(mu);
            st.update(mu, n + k, p.alpha, p.dynamic);
        }
        let restore = |v: f64, t: usize| self.seasonal.as_ref().map_or(v, |s| s.restore(v, t));
        let point: Vec<f64> = adj_f
            .iter()
            .enumerate()
            .map(|(k, v)| restore(*v, n + k))
            .collect();
        let sigma = p.mse.max(0.0).sqrt();
        let sd: Vec<f64> = (0..h)
            .map(|k| {
                let sd = sigma * (1.0 + k as f64 * p.alpha * p.alpha).sqrt();
                self.seasonal
                    .as_ref()
                    .map_or(sd, |s| s.restore_spread(sd, n + k))
            })
            .collect();
        let intervals = normal_intervals(&point, &sd, levels);
        let mut trend = trend_line(&self.adj, self.m);
        trend.extend_from_slice(&adj_f);
        let (kind, seasonal) = match &self.seasonal {
            Some(s) => (s.kind, (0..n + h).map(|t| s.at(t)).collect()),
            None => (SeasonalKind::None, vec![0.0; n + h]),
        };
        Ok(Prediction {
            point,
            intervals,
            decomposition: Decomposition {
                kind,
                trend,
                seasonal,
            },
        })
    }

    fn point_from(&self, y: &[f64], origin: usize, h: usize) -> Option<Vec<f64>> {
        let p = &self.params;
        let y = y.get(..origin).filter(|y| y.len() >= 2)?;
        let adj = match &self.seasonal {
            Some(s) => s.remove(y),
            None => y.to_vec(),
        };
        let (_, mut st) = run(
            &adj,
            p.alpha,
            p.theta,
            p.initial_level,
            p.an,
            p.bn,
            p.dynamic,
        );
        let mut out = Vec::with_capacity(h);
        for k in 0..h {
            let t = origin + k;
            let mu = st.level + drift_term(st.an, st.bn, p.alpha, p.theta, t);
            out.push(self.seasonal.as_ref().map_or(mu, |s| s.restore(mu, t)));
            st.update(mu, t, p.alpha, p.dynamic);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theta_line_drift_is_half_the_regression_slope() {
        // On a noiseless line the SES level lags, but each further step adds (1-1/θ)·b = b/2
        // once the (1-α)^i terms vanish.
        let y: Vec<f64> = (1..=60).map(|t| 10.0 + 2.0 * t as f64).collect();
        let fit = Theta::standard(1).fit(&y).unwrap();
        assert!((fit.params().bn - 2.0).abs() < 1e-9);
        assert!((fit.params().an - 10.0).abs() < 1e-9);
        let f = fit.predict(30, &[]).unwrap().point;
        assert!((f[29] - f[28] - 1.0).abs() < 1e-3, "{:?}", &f[27..]);
    }

    #[test]
    fn theta_on_seasonal_data_is_reseasonalised() {
        let y: Vec<f64> = (0..72)
            .map(|i| 100.0 * [0.8, 1.0, 1.2, 1.0][i % 4] + (i % 3) as f64)
            .collect();
        let fit = Theta::standard(4).fit(&y).unwrap();
        assert!(fit.params().seasonal_indices.is_some());
        let f = fit.predict(4, &[95.0]).unwrap();
        assert!(f.point[0] < f.point[2], "{:?}", f.point);
        assert!(f.intervals[0].lower[0] < f.point[0]);
    }

    #[test]
    fn optimized_theta_is_at_least_as_good_in_sample() {
        let y: Vec<f64> = (0..50)
            .map(|i| 20.0 + 0.5 * i as f64 + ((i * 7) % 5) as f64)
            .collect();
        let s = Theta::standard(1).fit(&y).unwrap();
        let o = Theta::optimized(1).fit(&y).unwrap();
        assert!(o.params().mse <= s.params().mse * 1.0001);
    }
}
