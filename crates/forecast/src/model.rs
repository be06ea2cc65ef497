//! Model selection by name, input cleaning, fallbacks and the automatic pipeline.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::arima::{AutoArima, FittedArima};
use crate::baseline;
use crate::ets::{AutoEts, AveragedEts, FittedEts};
use crate::forecast::ForecastInterval;
use crate::intermittent::{self, classify, IntermittentMethod};
use crate::ml::{FittedGlobalRidge, GlobalRidge};
use crate::regression::{FittedRegression, Regression};
use crate::stats::median;
use crate::theta::{FittedTheta, Theta};
use crate::{Forecast, ForecastError, ModelParams};

/// The models the engine offers. Names follow statsforecast where one exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelKind {
    /// Automatic per-series choice (routing + combination), column `Auto`.
    Auto,
    /// Automatic ETS by AICc.
    AutoEts,
    /// Automatic seasonal ARIMA (stepwise, AICc).
    AutoArima,
    /// Piecewise-linear trend + Fourier seasonality regression ("Prophet"-style).
    Regression,
    /// Standard theta model.
    Theta,
    /// Optimised theta model.
    OptimizedTheta,
    /// Dynamic optimised theta model.
    DynamicOptimizedTheta,
    /// AutoETS averaged over candidate models with Akaike weights.
    EtsAverage,
    /// Mean of the Akaike-weighted ETS, Theta and dynamic optimised theta forecasts, with
    /// the union (envelope) of their intervals.
    Combination,
    /// Last value.
    Naive,
    /// Value one season earlier.
    SeasonalNaive,
    /// Mean of the last season (or 3 values without season).
    WindowAverage,
    /// Naive on the seasonally adjusted series (M4).
    Naive2,
    /// Croston's method.
    Croston,
    /// Syntetos–Boylan approximation.
    Sba,
    /// Teunter–Syntetos–Babai.
    Tsb,
    /// Aggregate–disaggregate intermittent demand approach.
    Adida,
    /// Intermittent multiple aggregation prediction algorithm.
    Imapa,
    /// Global ridge model on scaled lag windows and season position, trained across the
    /// series of a batch ([`fit_batch`]); fitted alone, it trains on the one series.
    Ml,
    /// Per-series choice among the combination, ETS-average, Theta and dynamic optimised
    /// theta (plus TSB for sporadic demand) by a rolling-origin backtest on the series' own
    /// history (lowest mean MASE); the forecast names the choice, e.g. `Select(Theta)`.
    /// Not [`ModelKind::Auto`]'s strategy: on held-out data the combination did better.
    Select,
}

impl ModelKind {
    /// Every model, in a stable order.
    pub const ALL: [ModelKind; 20] = [
        ModelKind::Auto,
        ModelKind::AutoEts,
        ModelKind::AutoArima,
        ModelKind::Regression,
        ModelKind::Theta,
        ModelKind::OptimizedTheta,
        ModelKind::DynamicOptimizedTheta,
        ModelKind::EtsAverage,
        ModelKind::Combination,
        ModelKind::Naive,
        ModelKind::SeasonalNaive,
        ModelKind::WindowAverage,
        ModelKind::Naive2,
        ModelKind::Croston,
        ModelKind::Sba,
        ModelKind::Tsb,
        ModelKind::Adida,
        ModelKind::Imapa,
        ModelKind::Ml,
        ModelKind::Select,
    ];

    /// Output column name (statsforecast's where it has the model).
    pub fn column_name(self) -> &'static str {
        match self {
            ModelKind::Auto => "Auto",
            ModelKind::AutoEts => "AutoETS",
            ModelKind::AutoArima => "AutoARIMA",
            ModelKind::Regression => "Regression",
            ModelKind::Theta => "Theta",
            ModelKind::OptimizedTheta => "OptimizedTheta",
            ModelKind::DynamicOptimizedTheta => "DynamicOptimizedTheta",
            ModelKind::EtsAverage => "ETSAverage",
            ModelKind::Combination => "Combination",
            ModelKind::Naive => "Naive",
            ModelKind::SeasonalNaive => "SeasonalNaive",
            ModelKind::WindowAverage => "WindowAverage",
            ModelKind::Naive2 => "Naive2",
            ModelKind::Croston => "CrostonClassic",
            ModelKind::Sba => "CrostonSBA",
            ModelKind::Tsb => "TSB",
            ModelKind::Adida => "ADIDA",
            ModelKind::Imapa => "IMAPA",
            ModelKind::Ml => "ML",
            ModelKind::Select => "Select",
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.column_name())
    }
}

impl FromStr for ModelKind {
    type Err = ForecastError;

    /// Accepts the column names and short aliases (`ets`, `snaive`, `croston`, `sba`, `ma`,
    /// `otm`, `combo`), case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let k = s.trim().to_ascii_lowercase();
        let hit = match k.as_str() {
            "ets" | "arima" | "combo" | "mean" | "snaive" | "ma" | "moving_average" | "otm"
            | "dotm" | "etsavg" | "prophet" | "croston" | "sba" => match k.as_str() {
                "prophet" => Some(ModelKind::Regression),
                "ets" => Some(ModelKind::AutoEts),
                "dotm" => Some(ModelKind::DynamicOptimizedTheta),
                "etsavg" => Some(ModelKind::EtsAverage),
                "arima" => Some(ModelKind::AutoArima),
                "combo" | "mean" => Some(ModelKind::Combination),
                "snaive" => Some(ModelKind::SeasonalNaive),
                "ma" | "moving_average" => Some(ModelKind::WindowAverage),
                "otm" => Some(ModelKind::OptimizedTheta),
                "croston" => Some(ModelKind::Croston),
                _ => Some(ModelKind::Sba),
            },
            _ => ModelKind::ALL
                .iter()
                .copied()
                .find(|m| m.column_name().eq_ignore_ascii_case(&k)),
        };
        hit.ok_or_else(|| ForecastError::UnknownModel(s.trim().to_string()))
    }
}

/// What to fit: a model kind, the season length and the seed for simulated intervals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelSpec {
    /// The model.
    pub kind: ModelKind,
    /// Season length (1 = none).
    pub season_length: u32,
    /// Seed for simulation-based intervals.
    pub seed: u64,
}

impl ModelSpec {
    /// A spec with seed 0.
    pub fn new(kind: ModelKind, season_length: u32) -> Self {
        ModelSpec {
            kind,
            season_length,
            seed: 0,
        }
    }

    /// Clean the series and fit the model, falling back to a simpler one (named in the
    /// forecast) when it cannot be fitted.
    ///
    /// Non-finite values are treated as missing: leading ones are dropped, inner ones
    /// interpolated linearly, trailing ones carry the last value forward.
    pub fn fit(&self, y: &[f64]) -> Result<FittedModel, ForecastError> {
        if self.season_length == 0 {
            return Err(ForecastError::InvalidSeasonLength);
        }
        let (clean, note) = clean(y)?;
        let m = self.season_length as usize;
        let (inner, fallback) = fit_inner(self.kind, &clean, m, self.seed);
        let fallback = match (note, fallback) {
            (Some(a), Some(b)) => Some(format!("{b}; {a}")),
            (a, b) => b.or(a),
        };
        Ok(FittedModel {
            y: clean,
            m,
            kind: self.kind,
            seed: self.seed,
            inner,
            fallback,
        })
    }
}

/// A fitted model, ready to predict.
#[derive(Debug, Clone)]
pub struct FittedModel {
    y: Vec<f64>,
    m: usize,
    kind: ModelKind,
    seed: u64,
    inner: Inner,
    fallback: Option<String>,
}

#[derive(Debug, Clone)]
enum Inner {
    Naive,
    SeasonalNaive,
    WindowAverage,
    Naive2,
    Ets(Box<FittedEts>),
    EtsAverage(Box<AveragedEts>),
    Theta(Box<FittedTheta>),
    Arima(Box<FittedArima>),
    Regression(Box<FittedRegression>),
    Intermittent(IntermittentMethod),
    Combination(Vec<Inner>),
    Ml(Arc<FittedGlobalRidge>),
    /// The candidate [`ModelKind::Select`] chose, fitted on the whole series.
    Select(ModelKind, Box<Inner>),
}

pub(crate) fn clean(y: &[f64]) -> Result<(Vec<f64>, Option<String>), ForecastError> {
    let first = y
        .iter()
        .position(|v| v.is_finite())
        .ok_or(ForecastError::EmptySeries)?;
    let x = &y[first..];
    let missing = x.iter().filter(|v| !v.is_finite()).count();
    let mut out = x.to_vec();
    if missing > 0 {
        let mut last_ok = 0;
        let mut t = 1;
        while t < out.len() {
            if out[t].is_finite() {
                if t > last_ok + 1 {
                    let (a, b) = (out[last_ok], out[t]);
                    let span = (t - last_ok) as f64;
                    for (j, v) in out.iter_mut().enumerate().take(t).skip(last_ok + 1) {
                        *v = a + (b - a) * (j - last_ok) as f64 / span;
                    }
                }
                last_ok = t;
            }
            t += 1;
        }
        let lv = out[last_ok];
        for v in out.iter_mut().skip(last_ok + 1) {
            *v = lv;
        }
    }
    let mut notes = vec![];
    if first > 0 {
        notes.push(format!("{first} leading missing values dropped"));
    }
    if missing > 0 {
        notes.push(format!("{missing} missing values filled"));
    }
    Ok((out, (!notes.is_empty()).then(|| notes.join(", "))))
}

fn naive_or_naive2(y: &[f64], m: usize) -> Inner {
    if m > 1 && y.len() >= 3 * m {
        Inner::Naive2
    } else {
        Inner::Naive
    }
}

fn is_constant(y: &[f64]) -> bool {
    y.iter().all(|v| *v == y[0])
}

/// Extreme magnitudes would overflow sums of squares; such series use the naive model.
fn magnitude_ok(y: &[f64]) -> bool {
    y.iter().all(|v| v.abs() < 1e100)
}

fn fit_inner(kind: ModelKind, y: &[f64], m: usize, seed: u64) -> (Inner, Option<String>) {
    use ModelKind as K;
    let simple = matches!(
        kind,
        K::Naive | K::SeasonalNaive | K::WindowAverage | K::Naive2
    );
    if !simple {
        if is_constant(y) {
            return (Inner::Naive, Some("Naive: constant series".into()));
        }
        if !magnitude_ok(y) {
            return (
                naive_or_naive2(y, m),
                Some("Naive: values too large for model fitting".into()),
            );
        }
    }
    let fb = |e: ForecastError| {
        (
            naive_or_naive2(y, m),
            Some(format!("{}: {e}", fallback_name(y, m))),
        )
    };
    match kind {
        K::Naive => (Inner::Naive, None),
        K::SeasonalNaive => (Inner::SeasonalNaive, None),
        K::WindowAverage => (Inner::WindowAverage, None),
        K::Naive2 => (Inner::Naive2, None),
        K::AutoEts => match AutoEts::new(m as u32).fit(y) {
            Ok(f) => (Inner::Ets(Box::new(f)), None),
            Err(e) => fb(e),
        },
        K::Regression => match (Regression {
            seed,
            ..Regression::new(m as u32)
        })
        .fit(y)
        {
            Ok(f) => (Inner::Regression(Box::new(f)), None),
            Err(e) => fb(e),
        },
        K::AutoArima => match AutoArima::new(m as u32).fit(y) {
            Ok(f) => (Inner::Arima(Box::new(f)), None),
            Err(e) => fb(e),
        },
        K::EtsAverage => match AutoEts::new(m as u32).fit_averaged(y) {
            Ok(f) => (Inner::EtsAverage(Box::new(f)), None),
            Err(e) => fb(e),
        },
        K::Theta | K::OptimizedTheta | K::DynamicOptimizedTheta => {
            let spec = match kind {
                K::Theta => Theta::standard(m as u32),
                K::OptimizedTheta => Theta::optimized(m as u32),
                _ => Theta::dynamic_optimized(m as u32),
            };
            match spec.fit(y) {
                Ok(f) => (Inner::Theta(Box::new(f)), None),
                Err(e) => fb(e),
            }
        }
        K::Croston | K::Sba | K::Tsb | K::Adida | K::Imapa => {
            if y.iter().all(|v| *v == 0.0) {
                return (Inner::Naive, Some("Naive: all values are zero".into()));
            }
            let method = match kind {
                K::Croston => IntermittentMethod::Croston,
                K::Sba => IntermittentMethod::Sba,
                K::Tsb => IntermittentMethod::Tsb,
                K::Adida => IntermittentMethod::Adida,
                _ => IntermittentMethod::Imapa,
            };
            (Inner::Intermittent(method), None)
        }
        K::Ml => {
            let spec = GlobalRidge::new(m as u32);
            if !spec.usable(y) {
                return fb(ForecastError::NotEnoughData {
                    model: "ML".into(),
                    needed: spec.lag_count() + 1,
                    got: y.len(),
                });
            }
            match spec.fit(&[y], ML_HOLDOUT) {
                Ok(f) => (Inner::Ml(Arc::new(f)), None),
                Err(e) => fb(e),
            }
        }
        K::Combination => combination(y, m),
        K::Select => select(y, m, seed),
        K::Auto => {
            if y.iter().all(|v| *v == 0.0) {
                return (Inner::Naive, Some("Naive: all values are zero".into()));
            }
            if classify(y).is_some_and(|s| s.class.is_sporadic()) {
                return (Inner::Intermittent(IntermittentMethod::Tsb), None);
            }
            combination(y, m)
        }
    }
}

/// Holdout length for the intervals of an `ML` model fitted to a single series (one series
/// gives too few errors for empirical quantiles, so its intervals are normal either way).
const ML_HOLDOUT: usize = 0;

/// Fit `spec` to every series of a batch, in order.
///
/// For [`ModelKind::Ml`] one global model is trained on all usable series of the batch
/// (and its interval errors come from forecasts `horizon` steps before each series' end);
/// series it cannot use (too short, constant, too large) get the fallback [`ModelSpec::fit`]
/// would give them, named. Other kinds fit each series alone, as [`ModelSpec::fit`].
pub fn fit_batch(
    spec: &ModelSpec,
    batch: &[&[f64]],
    horizon: usize,
) -> Vec<Result<FittedModel, ForecastError>> {
    if spec.kind != ModelKind::Ml || spec.season_length == 0 {
        return batch.iter().map(|y| spec.fit(y)).collect();
    }
    let m = spec.season_length as usize;
    let global = GlobalRidge::new(spec.season_length);
    let cleaned: Vec<Option<(Vec<f64>, Option<String>)>> =
        batch.iter().map(|y| clean(y).ok()).collect();
    let usable = |y: &[f64]| global.usable(y) && !is_constant(y) && magnitude_ok(y);
    let train: Vec<&[f64]> = cleaned
        .iter()
        .flatten()
        .map(|(y, _)| y.as_slice())
        .filter(|y| usable(y))
        .collect();
    let fitted = global.fit(&train, horizon).map(Arc::new);
    batch
        .iter()
        .zip(cleaned)
        .map(|(raw, c)| match (c, &fitted) {
            (Some((y, note)), Ok(g)) if usable(&y) => Ok(FittedModel {
                m,
                kind: ModelKind::Ml,
                seed: spec.seed,
                inner: Inner::Ml(Arc::clone(g)),
                fallback: note,
                y,
            }),
            (Some((y, note)), Err(e)) if usable(&y) => {
                let reason = format!("{}: {e}", fallback_name(&y, m));
                Ok(FittedModel {
                    inner: naive_or_naive2(&y, m),
                    m,
                    kind: ModelKind::Ml,
                    seed: spec.seed,
                    fallback: Some(match note {
                        Some(n) => format!("{reason}; {n}"),
                        None => reason,
                    }),
                    y,
                })
            }
            _ => spec.fit(raw),
        })
        .collect()
}

fn fallback_name(y: &[f64], m: usize) -> &'static str {
    match naive_or_naive2(y, m) {
        Inner::Naive2 => "Naive2",
        _ => "Naive",
    }
}

fn combination(y: &[f64], m: usize) -> (Inner, Option<String>) {
    let mut members = vec![];
    let mut problems = vec![];
    match AutoEts::new(m as u32).fit_averaged(y) {
        Ok(f) => members.push(Inner::EtsAverage(Box::new(f))),
        Err(e) => problems.push(format!("ETS: {e}")),
    }
    for spec in [
        Theta::standard(m as u32),
        Theta::dynamic_optimized(m as u32),
    ] {
        match spec.fit(y) {
            Ok(f) => members.push(Inner::Theta(Box::new(f))),
            Err(e) => problems.push(format!("Theta: {e}")),
        }
    }
    match members.len() {
        0 => (
            naive_or_naive2(y, m),
            Some(format!("{}: {}", fallback_name(y, m), problems.join("; "))),
        ),
        1 => (
            members.pop().unwrap_or(Inner::Naive),
            Some(format!("single model: {}", problems.join("; "))),
        ),
        _ => (Inner::Combination(members), None),
    }
}

/// Number of backtest origins [`ModelKind::Select`] scores its candidates on.
pub(crate) const SELECT_FOLDS: usize = 2;

/// Backtest horizon of [`ModelKind::Select`]: one season, kept within 4..=18 (6 without
/// season). The folds do not overlap: the last `SELECT_FOLDS` horizons are held out.
pub(crate) fn select_horizon(m: usize) -> usize {
    if m > 1 {
        m.clamp(4, 18)
    } else {
        6
    }
}

/// Fewest points [`ModelKind::Select`] backtests on: the held-out folds plus a first
/// training window of two seasons (at least 8 points).
pub(crate) fn select_min_len(m: usize) -> usize {
    SELECT_FOLDS * select_horizon(m) + (2 * m).max(8)
}

/// [`ModelKind::Select`]: score each candidate by its mean MASE over a rolling-origin
/// backtest on `y` (MAE where a fold's MASE scale is zero; the scale is the same for every
/// candidate in a fold), keep the first with the lowest score and refit it on all of `y`.
fn select(y: &[f64], m: usize, seed: u64) -> (Inner, Option<String>) {
    use ModelKind as K;
    // The combination stands in, with the reason first and any note of its own after it.
    let combination_because = |reason: String| {
        let (inner, note) = combination(y, m);
        let note = match note {
            Some(n) => format!("{reason}; {n}"),
            None => reason,
        };
        (Inner::Select(K::Combination, Box::new(inner)), Some(note))
    };
    let needed = select_min_len(m);
    if y.len() < needed {
        return combination_because(format!(
            "Combination: series too short for the selection backtest (needs {needed} points, got {})",
            y.len()
        ));
    }
    let mut candidates = vec![
        K::Combination,
        K::EtsAverage,
        K::Theta,
        K::DynamicOptimizedTheta,
    ];
    if classify(y).is_some_and(|s| s.class.is_sporadic()) {
        candidates.push(K::Tsb);
    }
    let cfg = crate::BacktestConfig {
        horizon: select_horizon(m),
        folds: SELECT_FOLDS,
        step: select_horizon(m),
        season_length: m,
        levels: vec![],
    };
    let mut best: Option<(K, f64)> = None;
    for kind in candidates {
        let spec = ModelSpec {
            kind,
            season_length: m as u32,
            seed,
        };
        let Ok(folds) = crate::backtest(y, &spec, &cfg) else {
            continue;
        };
        let score = folds
            .iter()
            .map(|f| f.accuracy.mase.unwrap_or(f.accuracy.mae))
            .sum::<f64>()
            / folds.len() as f64;
        // Strictly lower: a tie keeps the earlier candidate.
        if score.is_finite() && best.is_none_or(|(_, s)| score < s) {
            best = Some((kind, score));
        }
    }
    match best {
        Some((kind, _)) => {
            let (inner, note) = fit_inner(kind, y, m, seed);
            (Inner::Select(kind, Box::new(inner)), note)
        }
        None => combination_because("Combination: no candidate could be backtested".into()),
    }
}

fn predict_inner(
    inner: &Inner,
    y: &[f64],
    m: usize,
    h: usize,
    levels: &[f64],
    seed: u64,
) -> Result<Forecast, ForecastError> {
    Ok(match inner {
        Inner::Naive => baseline::naive(y, h, levels),
        Inner::SeasonalNaive => baseline::seasonal_naive(y, h, m, levels),
        Inner::WindowAverage => baseline::moving_average(y, h, if m > 1 { m } else { 3 }, levels),
        Inner::Naive2 => baseline::naive2(y, h, m, levels),
        Inner::Ets(f) => f.predict(h, levels, seed),
        Inner::EtsAverage(f) => f.predict(h, levels, seed),
        Inner::Theta(f) => f.predict(h, levels),
        Inner::Arima(f) => f.predict(h, levels),
        Inner::Regression(f) => f.predict(h, levels)?,
        Inner::Intermittent(method) => intermittent::forecast(y, h, *method, levels)?,
        Inner::Ml(f) => f.predict(y, h, levels)?,
        Inner::Select(kind, chosen) => {
            let mut f = predict_inner(chosen, y, m, h, levels, seed)?;
            // `Select(Theta)`, `Select(Combination(…))`, `Select(ETSAverage: ETS(A,Ad,N))`.
            f.model = if f.model.starts_with(kind.column_name()) {
                format!("Select({})", f.model)
            } else {
                format!("Select({kind}: {})", f.model)
            };
            f
        }
        Inner::Combination(members) => {
            let fs = members
                .iter()
                .map(|i| predict_inner(i, y, m, h, levels, seed))
                .collect::<Result<Vec<_>, _>>()?;
            combine(fs, Combine::MeanEnvelope)
        }
    })
}

/// How member forecasts are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Combine {
    /// Mean of points; the union (envelope) of the members' intervals, which accounts for
    /// the disagreement between models that each member's own interval ignores.
    MeanEnvelope,
    /// Median of points and of each bound.
    #[allow(dead_code)]
    Median,
}

/// Combine member forecasts point by point (and bound by bound).
fn combine(fs: Vec<Forecast>, method: Combine) -> Forecast {
    let h = fs[0].point.len();
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    type Agg = fn(Vec<f64>) -> f64;
    let (pt, lo, hi): (Agg, Agg, Agg) = match method {
        Combine::MeanEnvelope => (
            |v| v.iter().sum::<f64>() / v.len() as f64,
            |v| v.into_iter().fold(f64::INFINITY, f64::min),
            |v| v.into_iter().fold(f64::NEG_INFINITY, f64::max),
        ),
        Combine::Median => (|v| median(&v), |v| median(&v), |v| median(&v)),
    };
    let point: Vec<f64> = (0..h)
        .map(|k| pt(fs.iter().map(|f| f.point[k]).collect()))
        .collect();
    let intervals = fs[0]
        .intervals
        .iter()
        .enumerate()
        .map(|(j, iv)| ForecastInterval {
            level: iv.level,
            lower: (0..h)
                .map(|k| lo(fs.iter().map(|f| f.intervals[j].lower[k]).collect()))
                .collect(),
            upper: (0..h)
                .map(|k| hi(fs.iter().map(|f| f.intervals[j].upper[k]).collect()))
                .collect(),
        })
        .collect();
    let len = fs[0].decomposition.trend.len();
    let trend = (0..len)
        .map(|k| {
            mean(
                fs.iter()
                    .map(|f| f.decomposition.trend.get(k).copied().unwrap_or(0.0))
                    .collect(),
            )
        })
        .collect();
    let mut decomposition = fs[0].decomposition.clone();
    decomposition.trend = trend;
    let members: Vec<String> = fs.iter().map(|f| f.model.clone()).collect();
    Forecast {
        model: format!("Combination({})", members.join(",")),
        point,
        intervals,
        params: ModelParams::Combination {
            method: match method {
                Combine::MeanEnvelope => "mean_envelope".into(),
                Combine::Median => "median".into(),
            },
            members,
            params: fs.into_iter().map(|f| f.params).collect(),
        },
        decomposition,
        fallback: None,
    }
}

impl FittedModel {
    /// Forecast `horizon` steps with intervals at `levels` (percent, e.g. `[80.0, 95.0]`).
    ///
    /// The result never contains NaN or infinity: a model whose output is not finite is
    /// replaced by the naive forecast, named in [`Forecast::fallback`]. When the history is
    /// non-negative, points and bounds are floored at zero.
    pub fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast, ForecastError> {
        if horizon == 0 {
            return Err(ForecastError::InvalidHorizon);
        }
        if let Some(bad) = levels.iter().find(|l| !(**l > 0.0 && **l < 100.0)) {
            return Err(ForecastError::InvalidLevel(*bad));
        }
        let mut f = predict_inner(&self.inner, &self.y, self.m, horizon, levels, self.seed)
            .ok()
            .filter(Forecast::is_finite);
        let mut fallback = self.fallback.clone();
        if f.is_none() {
            let inner = naive_or_naive2(&self.y, self.m);
            f = predict_inner(&inner, &self.y, self.m, horizon, levels, self.seed)
                .ok()
                .filter(Forecast::is_finite);
            fallback = Some(format!(
                "{}: non-finite output of {}",
                fallback_name(&self.y, self.m),
                self.kind
            ));
        }
        let mut f = match f {
            Some(f) => f,
            None => {
                fallback = Some("Naive: non-finite output".into());
                baseline::naive(&self.y, horizon, levels)
            }
        };
        if !f.is_finite() {
            return Err(ForecastError::Numerical {
                model: self.kind.to_string(),
                message: "no finite forecast (values out of floating-point range)".into(),
            });
        }
        if self.y.iter().all(|v| *v >= 0.0) {
            clamp_at_zero(&mut f);
        }
        enforce_interval_order(&mut f);
        // Nested fallbacks keep the innermost reason.
        if f.fallback.is_none() {
            f.fallback = fallback;
        } else if let Some(outer) = fallback {
            f.fallback = Some(format!(
                "{}; {outer}",
                f.fallback.take().unwrap_or_default()
            ));
        }
        Ok(f)
    }

    /// The cleaned series the model was fitted on.
    pub fn series(&self) -> &[f64] {
        &self.y
    }
}

/// Demand that has never been negative is not forecast negative: points and bounds are
/// floored at zero when the history is non-negative.
fn clamp_at_zero(f: &mut Forecast) {
    f.point.iter_mut().for_each(|v| *v = v.max(0.0));
    for iv in &mut f.intervals {
        iv.lower.iter_mut().for_each(|v| *v = v.max(0.0));
        iv.upper.iter_mut().for_each(|v| *v = v.max(0.0));
    }
}

/// Makes every interval contain the point forecast and wider levels contain narrower
/// ones. Simulated quantiles of skewed models can miss either by a hair; a caller must be
/// able to rely on both.
fn enforce_interval_order(f: &mut Forecast) {
    let mut order: Vec<usize> = (0..f.intervals.len()).collect();
    order.sort_by(|&a, &b| f.intervals[a].level.total_cmp(&f.intervals[b].level));
    let h = f.point.len();
    let mut lo: Vec<f64> = f.point.clone();
    let mut hi: Vec<f64> = f.point.clone();
    for j in order {
        let iv = &mut f.intervals[j];
        for k in 0..h {
            iv.lower[k] = iv.lower[k].min(lo[k]);
            iv.upper[k] = iv.upper[k].max(hi[k]);
            lo[k] = iv.lower[k];
            hi[k] = iv.upper[k];
        }
    }
}

/// Convenience: fit `kind` on `y` and forecast `horizon` steps.
pub fn forecast(
    y: &[f64],
    kind: ModelKind,
    season_length: u32,
    horizon: usize,
    levels: &[f64],
) -> Result<Forecast, ForecastError> {
    ModelSpec::new(kind, season_length)
        .fit(y)?
        .predict(horizon, levels)
}
