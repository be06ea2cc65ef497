//! Exponential smoothing in state-space form (ETS; Hyndman, Koehler, Ord & Snyder (2008),
//! *Forecasting with Exponential Smoothing*), with maximum-likelihood fitting by
//! Nelder–Mead and automatic selection by AICc.
//!
//! The recursions follow R `forecast::ets` (its `etscalc` C code): additive or
//! multiplicative error, no / additive / damped additive trend, no / additive /
//! multiplicative season. Multiplicative trends are not offered (R and statsforecast
//! exclude them from automatic selection by default too), and neither are the unstable
//! additive-error / multiplicative-season combinations.
//!
//! Speed choice: the smoothing parameters, the initial level and the initial trend are
//! optimised; the initial seasonal states come from a classical decomposition of the
//! whole series instead of being optimised (R optimises all `m - 1` of them, which is
//! where most of its time goes). Set [`AutoEts::optimize_seasonal_init`] to optimise
//! them as well.

use serde::{Deserialize, Serialize};
use strum::Display;

use crate::decompose::{seasonal_indices_additive, seasonal_indices_multiplicative};
use crate::optim::{aicc, minimise};
use crate::prediction::{
    normal_intervals, Decomposition, Fit, ForecastInterval, Predict, Prediction, SeasonalKind,
};
use crate::stats::{linear_trend, mean, quantile_select, Rng};
use crate::ForecastError;

/// Error component. `Display` gives its letter in Hyndman's notation (`A`, `M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Display)]
pub enum ErrorType {
    /// Additive errors.
    #[strum(to_string = "A")]
    Additive,
    /// Multiplicative (relative) errors; needs a positive series.
    #[strum(to_string = "M")]
    Multiplicative,
}

/// Trend component. `Display` gives its letters in Hyndman's notation (`N`, `A`, `Ad`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Display)]
pub enum TrendType {
    /// No trend.
    #[strum(to_string = "N")]
    None,
    /// Additive (linear) trend.
    #[strum(to_string = "A")]
    Additive,
    /// Additive damped trend.
    #[strum(to_string = "Ad")]
    Damped,
}

/// Seasonal component. `Display` gives its letter in Hyndman's notation (`N`, `A`, `M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Display)]
pub enum SeasonType {
    /// No season.
    #[strum(to_string = "N")]
    None,
    /// Additive season.
    #[strum(to_string = "A")]
    Additive,
    /// Multiplicative season; needs a positive series.
    #[strum(to_string = "M")]
    Multiplicative,
}

/// One ETS model: its three components and the season length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EtsSpec {
    /// Error component.
    pub error: ErrorType,
    /// Trend component.
    pub trend: TrendType,
    /// Season component.
    pub season: SeasonType,
    /// Season length (ignored when `season` is `None`).
    pub season_length: u32,
}

impl EtsSpec {
    /// Short name in Hyndman's notation, e.g. `ETS(M,Ad,M)`.
    pub fn name(&self) -> String {
        format!("ETS({},{},{})", self.error, self.trend, self.season)
    }

    fn m(&self) -> usize {
        if self.season == SeasonType::None {
            1
        } else {
            self.season_length.max(1) as usize
        }
    }
}

impl Fit for EtsSpec {
    type Fitted = FittedEts;

    /// Fit this model by maximum likelihood (simulated intervals drawn with seed 0).
    fn fit(&self, y: &[f64]) -> Result<FittedEts, ForecastError> {
        fit_spec(self, y, false)
    }
}

/// Fitted parameters of an ETS model (for model versioning).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EtsParams {
    /// The model.
    pub spec: EtsSpec,
    /// Level smoothing.
    pub alpha: f64,
    /// Trend smoothing (0 without trend).
    pub beta: f64,
    /// Seasonal smoothing (0 without season).
    pub gamma: f64,
    /// Damping (1 unless damped).
    pub phi: f64,
    /// Level state before the first observation (`l₀`).
    pub initial_level: f64,
    /// Initial trend (0 without trend).
    pub initial_trend: f64,
    /// Initial seasonal states by position `t mod m` (empty without season).
    pub initial_seasonal: Vec<f64>,
    /// Innovation variance (relative for multiplicative errors).
    pub sigma2: f64,
    /// `-2 log L` up to a constant (R's `lik`).
    pub neg2_loglik: f64,
    /// Corrected Akaike information criterion.
    pub aicc: f64,
}

/// A fitted ETS model.
#[derive(Debug, Clone)]
pub struct FittedEts {
    params: EtsParams,
    n: usize,
    level: f64,
    trend: f64,
    /// Seasonal ring: `season[t % m]` is the state used at time `t`.
    season: Vec<f64>,
    levels: Vec<f64>,
    seasonals: Vec<f64>,
    fitted: Vec<f64>,
    seed: u64,
}

#[derive(Clone, Copy)]
struct Smooth {
    alpha: f64,
    beta: f64,
    gamma: f64,
    phi: f64,
}

/// Runs the ETS recursions. Returns `(lik, sse)` where `lik = n ln(Σe²) + 2 Σ ln|f|`
/// (the last term for multiplicative errors), or `None` if the path is invalid.
#[allow(clippy::too_many_arguments)]
fn run(
    spec: &EtsSpec,
    y: &[f64],
    p: Smooth,
    l0: f64,
    b0: f64,
    s: &mut [f64],
    trace: Option<&mut Trace>,
) -> Option<(f64, f64)> {
    run_cut(spec, y, p, l0, b0, s, trace, f64::INFINITY)
}

/// [`run`] that may give up early: for additive errors `lik` only grows with each
/// observation, so once it exceeds `cutoff` the result is `Some((∞, ∞))`.
#[allow(clippy::too_many_arguments)]
fn run_cut(
    spec: &EtsSpec,
    y: &[f64],
    p: Smooth,
    l0: f64,
    b0: f64,
    s: &mut [f64],
    trace: Option<&mut Trace>,
    cutoff: f64,
) -> Option<(f64, f64)> {
    // Monomorphised per model so that the component branches leave the inner loop.
    use ErrorType as E;
    use SeasonType as S;
    let d = spec.trend == TrendType::Damped;
    let t = spec.trend != TrendType::None;
    macro_rules! go {
        ($e:expr, $s:expr) => {
            match (t, d) {
                (false, _) => run_impl::<$e, false, false, $s>(y, p, l0, b0, s, trace, cutoff),
                (true, false) => run_impl::<$e, true, false, $s>(y, p, l0, b0, s, trace, cutoff),
                (true, true) => run_impl::<$e, true, true, $s>(y, p, l0, b0, s, trace, cutoff),
            }
        };
    }
    match (spec.error, spec.season) {
        (E::Additive, S::None) => go!(false, 0),
        (E::Additive, S::Additive) => go!(false, 1),
        (E::Additive, S::Multiplicative) => go!(false, 2),
        (E::Multiplicative, S::None) => go!(true, 0),
        (E::Multiplicative, S::Additive) => go!(true, 1),
        (E::Multiplicative, S::Multiplicative) => go!(true, 2),
    }
}

/// [`run`] for one model: `MULT` error, `TREND`/`DAMPED` trend, `SEASON` 0 none,
/// 1 additive, 2 multiplicative.
#[allow(clippy::too_many_arguments)]
fn run_impl<const MULT: bool, const TREND: bool, const DAMPED: bool, const SEASON: u8>(
    y: &[f64],
    p: Smooth,
    l0: f64,
    b0: f64,
    s: &mut [f64],
    mut trace: Option<&mut Trace>,
    cutoff: f64,
) -> Option<(f64, f64)> {
    let m = s.len();
    // lik = n ln(sse) > cutoff  ⇔  sse > exp(cutoff / n) (additive errors only).
    let sse_cut = if MULT || trace.is_some() {
        f64::INFINITY
    } else {
        (cutoff / y.len() as f64).exp()
    };
    let (mut l, mut b) = (l0, b0);
    let mut sse = 0.0;
    let mut sumlog = 0.0;
    // Σ ln|f| accumulated as a product, taking the log only when it nears the range limits
    // (a log per observation was a fifth of the fitting time).
    let mut prodf = 1.0f64;
    let has_trend = TREND;
    let phi = if DAMPED { p.phi } else { 1.0 };
    let beta_ratio = p.beta / p.alpha;
    let mut si = 0usize;
    for &yt in y {
        let old_s = s[si];
        let phib = if has_trend { phi * b } else { 0.0 };
        let q = l + phib;
        let f = match SEASON {
            0 => q,
            1 => q + old_s,
            _ => q * old_s,
        };
        let e = match MULT {
            false => yt - f,
            true => {
                if f.abs() < 1e-10 {
                    return None;
                }
                prodf *= f.abs();
                if !(1e-100..=1e100).contains(&prodf) {
                    sumlog += prodf.ln();
                    prodf = 1.0;
                }
                (yt - f) / f
            }
        };
        sse += e * e;
        if sse > sse_cut {
            return Some((f64::INFINITY, f64::INFINITY));
        }
        let pv = match SEASON {
            0 => yt,
            1 => yt - old_s,
            _ => {
                if old_s.abs() < 1e-10 {
                    return None;
                }
                yt / old_s
            }
        };
        let new_l = q + p.alpha * (pv - q);
        if has_trend {
            b = phib + beta_ratio * (new_l - l - phib);
        }
        match SEASON {
            0 => {}
            1 => s[si] = old_s + p.gamma * (yt - q - old_s),
            _ => {
                if q.abs() < 1e-10 {
                    return None;
                }
                s[si] = old_s + p.gamma * (yt / q - old_s);
            }
        }
        si += 1;
        if si == m {
            si = 0;
        }
        l = new_l;
        if let Some(tr) = trace.as_deref_mut() {
            tr.fitted.push(f);
            tr.levels.push(l);
            tr.seasonals.push(old_s);
        }
    }
    if let Some(tr) = trace {
        tr.l = l;
        tr.b = b;
    }
    sumlog += prodf.ln();
    let n = y.len() as f64;
    let lik = n * sse.max(1e-300).ln() + 2.0 * sumlog;
    if lik.is_finite() {
        Some((lik, sse))
    } else {
        None
    }
}

#[derive(Default)]
struct Trace {
    fitted: Vec<f64>,
    levels: Vec<f64>,
    seasonals: Vec<f64>,
    l: f64,
    b: f64,
}

const LOWER: f64 = 1e-4;
const UPPER: f64 = 0.9999;

fn fit_spec(
    spec: &EtsSpec,
    y: &[f64],
    optimize_seasonal: bool,
) -> Result<FittedEts, ForecastError> {
    let n = y.len();
    let m = spec.m();
    let positive = y.iter().all(|v| *v > 0.0);
    let needs_positive =
        spec.error == ErrorType::Multiplicative || spec.season == SeasonType::Multiplicative;
    if needs_positive && !positive {
        return Err(ForecastError::InvalidParameter {
            name: "spec",
            message: format!("{} needs a strictly positive series", spec.name()),
        });
    }
    let seasonal = spec.season != SeasonType::None;
    let min_n = if seasonal { 2 * m } else { 4 };
    if n < min_n {
        return Err(ForecastError::NotEnoughData {
            model: spec.name(),
            needed: min_n,
            got: n,
        });
    }
    // Initial seasonal states and seasonally adjusted series.
    let s_init: Vec<f64> = match spec.season {
        SeasonType::None => vec![0.0],
        SeasonType::Additive => {
            seasonal_indices_additive(y, m).ok_or_else(|| ForecastError::Numerical {
                model: spec.name(),
                message: "seasonal decomposition failed".into(),
            })?
        }
        SeasonType::Multiplicative => seasonal_indices_multiplicative(y, m)
            .map(|v| v.iter().map(|x| x.max(1e-2)).collect())
            .ok_or_else(|| ForecastError::Numerical {
                model: spec.name(),
                message: "seasonal decomposition failed".into(),
            })?,
    };
    let ysa: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(t, v)| match spec.season {
            SeasonType::None => *v,
            SeasonType::Additive => v - s_init[t % m],
            SeasonType::Multiplicative => v / s_init[t % m],
        })
        .collect();
    let maxn = (2 * m).max(10).min(n);
    let (l0, b0) = if spec.trend == TrendType::None {
        (mean(&ysa[..maxn]), 0.0)
    } else {
        let (a, b) = linear_trend(&ysa[..maxn]);
        // lsfit intercept is at t = 0, the state before the first observation.
        (a, b)
    };
    let has_trend = spec.trend != TrendType::None;
    let damped = spec.trend == TrendType::Damped;
    let ymag = y.iter().map(|v| v.abs()).fold(0.0, f64::max).max(1e-12);

    // Parameter vector: alpha, [beta], [gamma], [phi], l0, [b0], [seasonal states].
    let alpha0 = LOWER + 0.2 * (UPPER - LOWER) / m as f64;
    let mut x0 = vec![alpha0];
    let mut step = vec![0.1];
    if has_trend {
        x0.push((0.1 * alpha0).max(LOWER * 2.0));
        step.push(0.01);
    }
    if seasonal {
        x0.push(LOWER + 0.05 * (UPPER - LOWER) * (1.0 - alpha0));
        step.push(0.05);
    }
    if damped {
        x0.push(0.97);
        step.push(-0.05);
    }
    x0.push(l0);
    step.push(0.1 * l0.abs().max(0.01 * ymag));
    if has_trend {
        x0.push(b0);
        step.push(0.1 * b0.abs().max(0.001 * ymag));
    }
    let opt_s = seasonal && optimize_seasonal;
    if opt_s {
        for v in &s_init[..m - 1] {
            x0.push(*v);
            step.push(0.1 * v.abs().max(0.01));
        }
    }
    let mut sbuf = vec![0.0; s_init.len()];
    let unpack = |x: &[f64], sbuf: &mut [f64]| -> Option<(Smooth, f64, f64)> {
        let mut i = 0;
        let alpha = x[i];
        i += 1;
        let beta = if has_trend {
            i += 1;
            x[i - 1]
        } else {
            0.0
        };
        let gamma = if seasonal {
            i += 1;
            x[i - 1]
        } else {
            0.0
        };
        let phi = if damped {
            i += 1;
            x[i - 1]
        } else {
            1.0
        };
        let l0 = x[i];
        i += 1;
        let b0 = if has_trend {
            i += 1;
            x[i - 1]
        } else {
            0.0
        };
        if !(LOWER..=UPPER).contains(&alpha)
            || (has_trend && !(beta >= LOWER && beta <= alpha))
            || (seasonal && !(gamma >= LOWER && gamma <= 1.0 - alpha))
            || (damped && !(0.8..=0.98).contains(&phi))
        {
            return None;
        }
        sbuf.copy_from_slice(&s_init);
        if opt_s {
            let mut tot = 0.0;
            for j in 0..m - 1 {
                sbuf[j] = x[i + j];
                tot += x[i + j];
            }
            sbuf[m - 1] = match spec.season {
                SeasonType::Multiplicative => m as f64 - tot,
                _ => -tot,
            };
            if spec.season == SeasonType::Multiplicative && sbuf.iter().any(|v| *v <= 0.0) {
                return None;
            }
        }
        Some((
            Smooth {
                alpha,
                beta,
                gamma,
                phi,
            },
            l0,
            b0,
        ))
    };
    let objective = |x: &[f64], sbuf: &mut Vec<f64>, cutoff: f64| -> f64 {
        match unpack(x, sbuf) {
            Some((p, l, b)) => run_cut(spec, y, p, l, b, sbuf, None, cutoff)
                .map(|r| r.0)
                .unwrap_or(f64::INFINITY),
            None => f64::INFINITY,
        }
    };
    let max_evals = 100 * x0.len().max(2);
    let res = minimise(
        |x, cutoff| objective(x, &mut sbuf, cutoff),
        &x0,
        &step,
        max_evals,
        1e-6,
    )
    .ok_or_else(|| ForecastError::Numerical {
        model: spec.name(),
        message: "likelihood could not be evaluated".into(),
    })?;
    let mut sfinal = s_init.clone();
    let (p, l0, b0) = unpack(&res.x, &mut sfinal).ok_or_else(|| ForecastError::Numerical {
        model: spec.name(),
        message: "optimiser left the feasible region".into(),
    })?;
    let initial_seasonal = if seasonal { sfinal.clone() } else { vec![] };
    let mut tr = Trace::default();
    let (lik, sse) = run(spec, y, p, l0, b0, &mut sfinal, Some(&mut tr)).ok_or_else(|| {
        ForecastError::Numerical {
            model: spec.name(),
            message: "invalid state path".into(),
        }
    })?;
    let k = x0.len() + if seasonal && !opt_s { m - 1 } else { 0 };
    let aicc = aicc(lik, k + 1, n);
    let dof = (n as f64 - (k + 1) as f64).max(1.0);
    let sigma2 = sse / dof;
    Ok(FittedEts {
        params: EtsParams {
            spec: *spec,
            alpha: p.alpha,
            beta: p.beta,
            gamma: p.gamma,
            phi: p.phi,
            initial_level: l0,
            initial_trend: b0,
            initial_seasonal,
            sigma2,
            neg2_loglik: lik,
            aicc,
        },
        n,
        level: tr.l,
        trend: tr.b,
        season: sfinal,
        levels: tr.levels,
        seasonals: tr.seasonals,
        fitted: tr.fitted,
        seed: 0,
    })
}

impl FittedEts {
    /// Fitted parameters.
    pub fn params(&self) -> &EtsParams {
        &self.params
    }

    /// One-step-ahead in-sample forecasts.
    pub fn fitted(&self) -> &[f64] {
        &self.fitted
    }

    /// Corrected AIC of the fit.
    pub fn aicc(&self) -> f64 {
        self.params.aicc
    }

    fn smooth(&self) -> Smooth {
        Smooth {
            alpha: self.params.alpha,
            beta: self.params.beta,
            gamma: self.params.gamma,
            phi: self.params.phi,
        }
    }

    /// The model with its states after `y[..origin]` (same parameters), or `None` if the
    /// state path is invalid there.
    fn at_origin(&self, y: &[f64], origin: usize) -> Option<FittedEts> {
        let p = &self.params;
        let mut season = if p.initial_seasonal.is_empty() {
            self.season.clone()
        } else {
            p.initial_seasonal.clone()
        };
        let mut tr = Trace::default();
        let y = y.get(..origin)?;
        run(
            &p.spec,
            y,
            self.smooth(),
            p.initial_level,
            p.initial_trend,
            &mut season,
            Some(&mut tr),
        )?;
        Some(FittedEts {
            params: p.clone(),
            n: origin,
            level: tr.l,
            trend: tr.b,
            season,
            levels: vec![],
            seasonals: vec![],
            fitted: vec![],
            seed: self.seed,
        })
    }

    /// Point forecasts for `h` steps.
    pub fn point(&self, h: usize) -> Vec<f64> {
        let spec = &self.params.spec;
        let m = self.season.len();
        let phi = self.params.phi;
        let mut phistar = 0.0;
        let mut phik = 1.0;
        (0..h)
            .map(|k| {
                let q = match spec.trend {
                    TrendType::None => self.level,
                    TrendType::Additive => self.level + (k + 1) as f64 * self.trend,
                    TrendType::Damped => {
                        phik *= phi;
                        phistar += phik;
                        self.level + phistar * self.trend
                    }
                };
                let s = self.season[(self.n + k) % m];
                match spec.season {
                    SeasonType::None => q,
                    SeasonType::Additive => q + s,
                    SeasonType::Multiplicative => q * s,
                }
            })
            .collect()
    }

    /// Forecast variances of the additive class (Hyndman et al. 2008, class 1), or `None`
    /// for models without an exact closed form.
    fn analytic_variance(&self, h: usize) -> Option<Vec<f64>> {
        let spec = &self.params.spec;
        if spec.error != ErrorType::Additive || spec.season == SeasonType::Multiplicative {
            return None;
        }
        let p = &self.params;
        let m = spec.m();
        let mut out = Vec::with_capacity(h);
        let mut acc = 0.0;
        let mut phisum = 0.0;
        let mut phik = 1.0;
        for k in 0..h {
            out.push(p.sigma2 * (1.0 + acc));
            let j = k + 1;
            let trend_part = match spec.trend {
                TrendType::None => 0.0,
                TrendType::Additive => p.beta * j as f64,
                TrendType::Damped => {
                    phik *= p.phi;
                    phisum += phik;
                    p.beta * phisum
                }
            };
            let seas = if spec.season != SeasonType::None && j % m == 0 {
                p.gamma
            } else {
                0.0
            };
            let c = p.alpha + trend_part + seas;
            acc += c * c;
        }
        Some(out)
    }

    /// Simulated future paths (`nsim × h`, row-major by path).
    fn simulate(&self, h: usize, nsim: usize, seed: u64) -> Vec<Vec<f64>> {
        let spec = &self.params.spec;
        let p = self.smooth();
        let sigma = self.params.sigma2.max(0.0).sqrt();
        let m = self.season.len();
        let mut rng = Rng::new(seed);
        let mut by_step = vec![Vec::with_capacity(nsim); h];
        let mut s = self.season.clone();
        for _ in 0..nsim {
            s.copy_from_slice(&self.season);
            let (mut l, mut b) = (self.level, self.trend);
            for (k, col) in by_step.iter_mut().enumerate() {
                let t = self.n + k;
                let si = t % m;
                let old_s = s[si];
                let phib = match spec.trend {
                    TrendType::None => 0.0,
                    TrendType::Additive => b,
                    TrendType::Damped => p.phi * b,
                };
                let q = l + phib;
                let f = match spec.season {
                    SeasonType::None => q,
                    SeasonType::Additive => q + old_s,
                    SeasonType::Multiplicative => q * old_s,
                };
                let eps = sigma * rng.normal();
                let yt = match spec.error {
                    ErrorType::Additive => f + eps,
                    ErrorType::Multiplicative => f * (1.0 + eps),
                };
                let pv = match spec.season {
                    SeasonType::None => yt,
                    SeasonType::Additive => yt - old_s,
                    SeasonType::Multiplicative => yt / old_s,
                };
                let new_l = q + p.alpha * (pv - q);
                if spec.trend != TrendType::None {
                    b = phib + (p.beta / p.alpha) * (new_l - l - phib);
                }
                match spec.season {
                    SeasonType::None => {}
                    SeasonType::Additive => s[si] = old_s + p.gamma * (yt - q - old_s),
                    SeasonType::Multiplicative => {
                        if q.abs() > 1e-10 {
                            s[si] = old_s + p.gamma * (yt / q - old_s)
                        }
                    }
                }
                l = new_l;
                col.push(yt);
            }
        }
        by_step
    }

    /// Intervals at each level: analytic for the additive class, otherwise from `nsim`
    /// simulated paths drawn with `seed`.
    pub fn intervals(
        &self,
        h: usize,
        levels: &[f64],
        nsim: usize,
        seed: u64,
    ) -> Vec<ForecastInterval> {
        let point = self.point(h);
        if let Some(var) = self.analytic_variance(h) {
            let sd: Vec<f64> = var.iter().map(|v| v.sqrt()).collect();
            return normal_intervals(&point, &sd, levels);
        }
        // Selection rather than sorting each horizon's 1,000 paths: same quantiles, and
        // sorting was a tenth of AutoETS's run time on M3.
        let mut sims = self.simulate(h, nsim.max(10), seed);
        levels
            .iter()
            .map(|&lv| {
                let a = (1.0 - lv / 100.0) / 2.0;
                ForecastInterval {
                    level: lv,
                    lower: sims.iter_mut().map(|c| quantile_select(c, a)).collect(),
                    upper: sims
                        .iter_mut()
                        .map(|c| quantile_select(c, 1.0 - a))
                        .collect(),
                }
            })
            .collect()
    }

    /// As [`Predict::predict`] with `nsim` simulated paths drawn with `seed`.
    pub fn predict_with(&self, h: usize, levels: &[f64], nsim: usize, seed: u64) -> Prediction {
        let point = self.point(h);
        let intervals = self.intervals(h, levels, nsim, seed);
        let spec = &self.params.spec;
        let kind = match spec.season {
            SeasonType::None => SeasonalKind::None,
            SeasonType::Additive => SeasonalKind::Additive,
            SeasonType::Multiplicative => SeasonalKind::Multiplicative,
        };
        let neutral = if kind == SeasonalKind::Multiplicative {
            1.0
        } else {
            0.0
        };
        let m = self.season.len();
        let mut trend = self.levels.clone();
        let mut seasonal: Vec<f64> = if kind == SeasonalKind::None {
            vec![neutral; self.n]
        } else {
            self.seasonals.clone()
        };
        let mut phistar = 0.0;
        let mut phik = 1.0;
        for k in 0..h {
            let t = match spec.trend {
                TrendType::None => self.level,
                TrendType::Additive => self.level + (k + 1) as f64 * self.trend,
                TrendType::Damped => {
                    phik *= self.params.phi;
                    phistar += phik;
                    self.level + phistar * self.trend
                }
            };
            trend.push(t);
            seasonal.push(if kind == SeasonalKind::None {
                neutral
            } else {
                self.season[(self.n + k) % m]
            });
        }
        Prediction {
            point,
            intervals,
            decomposition: Decomposition {
                kind,
                trend,
                seasonal,
            },
        }
    }
}

impl Predict for FittedEts {
    /// Full forecast with intervals (1,000 simulated paths where simulation is needed,
    /// drawn with the spec's seed) and decomposition.
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        Ok(self.predict_with(h, levels, 1000, self.seed))
    }

    fn point_from(&self, y: &[f64], origin: usize, h: usize) -> Option<Vec<f64>> {
        Some(self.at_origin(y, origin)?.point(h))
    }
}

/// Automatic ETS: fits every admissible model and keeps the one with the lowest AICc.
#[derive(Debug, Clone)]
pub struct AutoEts {
    /// Season length (1 for none).
    pub season_length: u32,
    /// Also optimise the initial seasonal states (slower, as R/statsforecast).
    pub optimize_seasonal_init: bool,
    /// Consider damped trends.
    pub allow_damped: bool,
    /// Seed for simulated intervals.
    pub seed: u64,
}

impl AutoEts {
    /// Automatic ETS for season length `m`.
    pub fn new(season_length: u32) -> Self {
        AutoEts {
            season_length,
            optimize_seasonal_init: false,
            allow_damped: true,
            seed: 0,
        }
    }

    /// The candidate models for `y`.
    pub fn candidates(&self, y: &[f64]) -> Vec<EtsSpec> {
        let m = self.season_length.max(1) as usize;
        let positive = y.iter().all(|v| *v > 0.0);
        let seasonal = m > 1 && y.len() >= 2 * m;
        let mut out = vec![];
        let errors: &[ErrorType] = if positive {
            &[ErrorType::Additive, ErrorType::Multiplicative]
        } else {
            &[ErrorType::Additive]
        };
        let trends: &[TrendType] = if self.allow_damped {
            &[TrendType::None, TrendType::Additive, TrendType::Damped]
        } else {
            &[TrendType::None, TrendType::Additive]
        };
        let mut seasons = vec![SeasonType::None];
        if seasonal {
            seasons.push(SeasonType::Additive);
            if positive {
                seasons.push(SeasonType::Multiplicative);
            }
        }
        for &error in errors {
            for &trend in trends {
                for &season in &seasons {
                    if error == ErrorType::Additive && season == SeasonType::Multiplicative {
                        continue;
                    }
                    out.push(EtsSpec {
                        error,
                        trend,
                        season,
                        season_length: self.season_length,
                    });
                }
            }
        }
        out
    }

    /// Fit every candidate; failures are skipped (the error of the last failure is
    /// returned when none succeeds).
    pub fn fit_all(&self, y: &[f64]) -> Result<Vec<FittedEts>, ForecastError> {
        let mut fits = vec![];
        let mut last_err = None;
        for spec in self.candidates(y) {
            match fit_spec(&spec, y, self.optimize_seasonal_init) {
                Ok(f) if f.aicc().is_finite() => fits.push(FittedEts {
                    seed: self.seed,
                    ..f
                }),
                Ok(_) => {}
                Err(e) => last_err = Some(e),
            }
        }
        if fits.is_empty() {
            return Err(last_err.unwrap_or(ForecastError::NotEnoughData {
                model: "AutoETS".into(),
                needed: 4,
                got: y.len(),
            }));
        }
        Ok(fits)
    }

    /// Fit all candidates and keep them with their Akaike weights (see [`EtsAverage`])
    /// `w ∝ exp(−ΔAICc / 2)` (Burnham & Anderson; for ETS see Kolassa (2011), *Combining
    /// exponential smoothing forecasts using Akaike weights*, IJF 27(2)). Models with a
    /// weight below 0.1% are dropped and the rest renormalised.
    pub fn fit_averaged(&self, y: &[f64]) -> Result<AveragedEts, ForecastError> {
        let fits = self.fit_all(y)?;
        let best = fits.iter().map(|f| f.aicc()).fold(f64::INFINITY, f64::min);
        let mut members: Vec<(f64, FittedEts)> = fits
            .into_iter()
            .map(|f| ((-0.5 * (f.aicc() - best)).exp(), f))
            .filter(|(w, _)| *w >= 1e-3)
            .collect();
        let tot: f64 = members.iter().map(|m| m.0).sum();
        for m in &mut members {
            m.0 /= tot;
        }
        members.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(AveragedEts {
            members,
            seed: self.seed,
        })
    }
}

impl Fit for AutoEts {
    type Fitted = FittedEts;

    /// Fit all candidates and return the best by AICc.
    fn fit(&self, y: &[f64]) -> Result<FittedEts, ForecastError> {
        let fits = self.fit_all(y)?;
        let best = fits
            .into_iter()
            .min_by(|a, b| a.aicc().total_cmp(&b.aicc()));
        best.ok_or(ForecastError::NotEnoughData {
            model: "AutoETS".into(),
            needed: 4,
            got: y.len(),
        })
    }
}

/// Every AutoETS candidate averaged with Akaike weights.
#[derive(Debug, Clone)]
pub struct EtsAverage(pub AutoEts);

impl Fit for EtsAverage {
    type Fitted = AveragedEts;

    fn fit(&self, y: &[f64]) -> Result<AveragedEts, ForecastError> {
        self.0.fit_averaged(y)
    }
}

/// ETS forecasts averaged over candidate models with Akaike weights.
#[derive(Debug, Clone)]
pub struct AveragedEts {
    members: Vec<(f64, FittedEts)>,
    seed: u64,
}

impl AveragedEts {
    /// The members and their weights, heaviest first.
    pub fn members(&self) -> &[(f64, FittedEts)] {
        &self.members
    }
}

impl Predict for AveragedEts {
    /// Weighted average of the members' points and bounds (and decompositions), each
    /// member with 500 simulated paths where it needs them.
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let fcs: Vec<(f64, Prediction)> = self
            .members
            .iter()
            .map(|(w, f)| (*w, f.predict_with(h, levels, 500, self.seed)))
            .collect();
        let mut out = fcs[0].1.clone();
        let wsum =
            |get: &dyn Fn(&Prediction) -> f64| fcs.iter().map(|(w, f)| w * get(f)).sum::<f64>();
        for k in 0..h {
            out.point[k] = wsum(&|f| f.point[k]);
            for j in 0..levels.len() {
                out.intervals[j].lower[k] = wsum(&|f| f.intervals[j].lower[k]);
                out.intervals[j].upper[k] = wsum(&|f| f.intervals[j].upper[k]);
            }
        }
        if fcs.len() > 1 {
            let len = out.decomposition.trend.len();
            for k in 0..len {
                out.decomposition.trend[k] = wsum(&|f| f.decomposition.trend[k]);
            }
        }
        Ok(out)
    }

    fn point_from(&self, y: &[f64], origin: usize, h: usize) -> Option<Vec<f64>> {
        let mut sum = vec![0.0; h];
        for (w, f) in &self.members {
            for (acc, v) in sum.iter_mut().zip(f.point_from(y, origin, h)?) {
                *acc += w * v;
            }
        }
        Some(sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann() -> EtsSpec {
        EtsSpec {
            error: ErrorType::Additive,
            trend: TrendType::None,
            season: SeasonType::None,
            season_length: 1,
        }
    }

    #[test]
    fn ses_recursion_matches_hand_computation() {
        // SES with alpha = 0.5, l0 = 10 on y = 12, 8, 11:
        // f1 = 10, l1 = 11; f2 = 11, l2 = 9.5; f3 = 9.5, l3 = 10.25. SSE = 4 + 9 + 2.25.
        let y = [12.0, 8.0, 11.0];
        let mut s = [0.0];
        let mut tr = Trace::default();
        let p = Smooth {
            alpha: 0.5,
            beta: 0.0,
            gamma: 0.0,
            phi: 1.0,
        };
        let (_, sse) = run(&ann(), &y, p, 10.0, 0.0, &mut s, Some(&mut tr)).unwrap();
        assert_eq!(tr.fitted, vec![10.0, 11.0, 9.5]);
        assert!((tr.l - 10.25).abs() < 1e-12);
        assert!((sse - 15.25).abs() < 1e-12);
    }

    #[test]
    fn holt_recursion_matches_hand_computation() {
        // Holt (A,A,N), alpha = 0.5, beta = 0.25, l0 = 10, b0 = 1, y1 = 13:
        // f1 = 11, e = 2, l1 = 12, b1 = 1 + 0.25 * 2 = 1.5; next forecast 13.5.
        let spec = EtsSpec {
            trend: TrendType::Additive,
            ..ann()
        };
        let mut s = [0.0];
        let mut tr = Trace::default();
        let p = Smooth {
            alpha: 0.5,
            beta: 0.25,
            gamma: 0.0,
            phi: 1.0,
        };
        run(&spec, &[13.0], p, 10.0, 1.0, &mut s, Some(&mut tr)).unwrap();
        assert!((tr.l - 12.0).abs() < 1e-12 && (tr.b - 1.5).abs() < 1e-12);
    }

    #[test]
    fn ses_fit_on_a_level_series_forecasts_its_level() {
        let y: Vec<f64> = (0..60)
            .map(|i| 100.0 + if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let fit = ann().fit(&y).unwrap();
        let f = fit.point(5);
        assert!(f.iter().all(|v| (v - 100.0).abs() < 1.0), "{f:?}");
        // Additive class: 95% half-width = 1.96 sigma at h = 1.
        let iv = fit.intervals(1, &[95.0], 100, 1);
        let half = (iv[0].upper[0] - iv[0].lower[0]) / 2.0;
        assert!((half - 1.959_964 * fit.params().sigma2.sqrt()).abs() < 1e-6);
    }

    #[test]
    fn two_seasons_are_enough_for_a_seasonal_model() {
        // Demand with a strong yearly swing and two years of history: the seasonal
        // decomposition needs two full seasons, and a third is not required.
        let profile = [
            0.55, 0.45, 0.4, 0.3, 0.2, 0.1, 0.15, 0.25, 0.45, 0.8, 1.2, 1.5,
        ];
        let y: Vec<f64> = (0..24)
            .map(|i| (300.0 + 3.0 * i as f64) * profile[i % 12] + (i % 5) as f64)
            .collect();
        let auto = AutoEts::new(12);
        assert!(auto
            .candidates(&y)
            .iter()
            .any(|s| s.season != SeasonType::None));
        assert!(auto
            .candidates(&y[..23])
            .iter()
            .all(|s| s.season == SeasonType::None));
        let fit = auto.fit(&y).unwrap();
        assert_ne!(fit.params().spec.season, SeasonType::None);
        let f = fit.point(12);
        assert!(f[11] > 5.0 * f[5], "{f:?}");
    }

    #[test]
    fn auto_ets_picks_a_seasonal_model_for_a_seasonal_series() {
        let y: Vec<f64> = (0..96)
            .map(|i| {
                (200.0 + 2.0 * i as f64)
                    * (1.0 + 0.3 * ((i % 12) as f64 / 12.0 * std::f64::consts::TAU).sin())
            })
            .collect();
        let fit = AutoEts::new(12).fit(&y).unwrap();
        assert_ne!(
            fit.params().spec.season,
            SeasonType::None,
            "{}",
            fit.params().spec.name()
        );
        let f = fit.point(12);
        let truth: Vec<f64> = (96..108)
            .map(|i| {
                (200.0 + 2.0 * i as f64)
                    * (1.0 + 0.3 * ((i % 12) as f64 / 12.0 * std::f64::consts::TAU).sin())
            })
            .collect();
        for (a, b) in f.iter().zip(&truth) {
            assert!((a - b).abs() / b < 0.03, "{f:?} vs {truth:?}");
        }
    }

    #[test]
    fn simulated_intervals_contain_the_point() {
        let y: Vec<f64> = (0..48)
            .map(|i| 50.0 + (i as f64 * 0.7).sin() * 5.0 + i as f64)
            .collect();
        let spec = EtsSpec {
            error: ErrorType::Multiplicative,
            trend: TrendType::Damped,
            season: SeasonType::None,
            season_length: 1,
        };
        let fit = spec.fit(&y).unwrap();
        let fc = fit.predict_with(6, &[80.0, 95.0], 1000, 42);
        for k in 0..6 {
            assert!(fc.intervals[1].lower[k] <= fc.intervals[0].lower[k]);
            assert!(
                fc.intervals[0].lower[k] <= fc.point[k] && fc.point[k] <= fc.intervals[0].upper[k]
            );
        }
    }
}
