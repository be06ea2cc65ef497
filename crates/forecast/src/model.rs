//! The model registry: one table row per model, input cleaning, fallbacks and the
//! automatic pipeline.
//!
//! Adding a model: write its module (a spec implementing [`Fit`], a fitted type
//! implementing [`Predict`]), add a [`ModelName`] variant if it needs its own name and a
//! [`ModelParams`] variant for its parameters, add a [`ModelKind`] variant (its column name
//! is its strum text) and its row in `ModelKind::row`: aliases, whether it skips the
//! constant/huge-value checks, and the function that fits it.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumCount, IntoStaticStr, VariantArray};

use crate::arima::AutoArima;
use crate::baseline::{Naive, Naive2, SeasonalNaive, WindowAverage};
use crate::ets::{AutoEts, EtsAverage};
use crate::forecast::{Fallback, FallbackReason, Member, MemberError, ModelName};
use crate::intermittent::{classify, IntermittentMethod};
use crate::ml::GlobalRidge;
use crate::prediction::{Fit, ForecastInterval, Predict};
use crate::regression::Regression;
use crate::theta::Theta;
use crate::{Forecast, ForecastError, ModelParams};

/// The models the engine offers. Names follow statsforecast where one exists: the
/// strum text of a variant is its output column (`Display`, [`ModelKind::column_name`]).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Display,
    IntoStaticStr,
    VariantArray,
    EnumCount,
)]
pub enum ModelKind {
    /// Automatic per-series choice (routing + combination), column `Auto`.
    Auto,
    /// Automatic ETS by AICc.
    #[strum(to_string = "AutoETS")]
    AutoEts,
    /// Automatic seasonal ARIMA (stepwise, AICc).
    #[strum(to_string = "AutoARIMA")]
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
    #[strum(to_string = "ETSAverage")]
    EtsAverage,
    /// The Akaike-weighted ETS, Theta and dynamic optimised theta forecasts, weighted by
    /// how well each tracked the series' own history (inverse mean squared error from
    /// earlier origins), with the union (envelope) of their intervals.
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
    #[strum(to_string = "CrostonClassic")]
    Croston,
    /// Syntetos–Boylan approximation.
    #[strum(to_string = "CrostonSBA")]
    Sba,
    /// Teunter–Syntetos–Babai.
    #[strum(to_string = "TSB")]
    Tsb,
    /// Aggregate–disaggregate intermittent demand approach.
    #[strum(to_string = "ADIDA")]
    Adida,
    /// Intermittent multiple aggregation prediction algorithm.
    #[strum(to_string = "IMAPA")]
    Imapa,
    /// Global ridge model on scaled lag windows and season position, trained across the
    /// series of a batch ([`fit_batch`]); fitted alone, it trains on the one series.
    #[strum(to_string = "ML")]
    Ml,
    /// Per-series choice among the combination, ETS-average, Theta and dynamic optimised
    /// theta (plus TSB for sporadic demand) by a rolling-origin backtest on the series' own
    /// history (lowest mean MASE); the forecast names the choice, e.g. `Select(Theta)`.
    /// Not [`ModelKind::Auto`]'s strategy: on held-out data the combination did better.
    Select,
}

impl ModelKind {
    /// Every model, in a stable order (declaration order).
    pub const ALL: [ModelKind; ModelKind::COUNT] =
        *<ModelKind as VariantArray>::VARIANTS.first_chunk().unwrap();

    /// The registry row: one per model, and the match keeps it so.
    fn row(self) -> Row {
        use ModelKind as K;
        let row = |aliases, simple, fit| Row {
            aliases,
            simple,
            fit,
        };
        match self {
            K::Auto => row(&[], false, fit_auto),
            K::AutoEts => row(&["ets"], false, fit_auto_ets),
            K::AutoArima => row(&["arima"], false, fit_auto_arima),
            K::Regression => row(&["prophet"], false, fit_regression),
            K::Theta => row(&[], false, fit_theta),
            K::OptimizedTheta => row(&["otm"], false, fit_optimized_theta),
            K::DynamicOptimizedTheta => row(&["dotm"], false, fit_dotm),
            K::EtsAverage => row(&["etsavg"], false, fit_ets_average),
            K::Combination => row(&["combo", "mean"], false, fit_combination),
            K::Naive => row(&[], true, fit_naive),
            K::SeasonalNaive => row(&["snaive"], true, fit_seasonal_naive),
            K::WindowAverage => row(&["ma", "moving_average"], true, fit_window_average),
            K::Naive2 => row(&[], true, fit_naive2),
            K::Croston => row(&["croston"], false, fit_croston),
            K::Sba => row(&["sba"], false, fit_sba),
            K::Tsb => row(&[], false, fit_tsb),
            K::Adida => row(&[], false, fit_adida),
            K::Imapa => row(&[], false, fit_imapa),
            K::Ml => row(&[], false, fit_ml),
            K::Select => row(&[], false, fit_select),
        }
    }
}

/// One registry row: what the engine needs to know about a model besides its name.
struct Row {
    /// Short names accepted besides the column name, lower case.
    aliases: &'static [&'static str],
    /// Baselines fit any series: no constant or huge-value check before them.
    simple: bool,
    fit: fn(&[f64], Ctx) -> Fitting,
}

/// What a row's fit function gets besides the series.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    m: usize,
    seed: u64,
}

/// A fitted model with any reasons it differs from the one asked for; an error means the
/// model could not be fitted (the registry then falls back to Naive or Naive2).
type Fitting = Result<(Dyn, Vec<FallbackReason>), ForecastError>;

impl ModelKind {
    /// Output column name (statsforecast's where it has the model).
    pub fn column_name(self) -> &'static str {
        self.into()
    }
}

// Parsing is by hand rather than strum's `EnumString`: it trims the input (the CLI passes
// `--models ets, theta` through unchanged) and fails with this crate's error type.
impl FromStr for ModelKind {
    type Err = ForecastError;

    /// Accepts the column names and short aliases (`ets`, `snaive`, `croston`, `sba`, `ma`,
    /// `otm`, `combo`), case-insensitively, around any whitespace.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim();
        ModelKind::ALL
            .into_iter()
            .find(|m| {
                m.column_name().eq_ignore_ascii_case(name)
                    || m.row().aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| ForecastError::UnknownModel(name.to_string()))
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
        let ctx = Ctx {
            m: self.season_length as usize,
            seed: self.seed,
        };
        let (inner, mut reasons) = fit_kind(self.kind, &clean, ctx);
        reasons.extend(note);
        Ok(FittedModel {
            y: clean,
            m: ctx.m,
            kind: self.kind,
            inner,
            fallback: reasons,
        })
    }

    /// Fit and forecast in one call.
    pub fn forecast(
        &self,
        y: &[f64],
        horizon: usize,
        levels: &[f64],
    ) -> Result<Forecast, ForecastError> {
        self.fit(y)?.predict(horizon, levels)
    }
}

/// A fitted model, ready to predict.
#[derive(Debug, Clone)]
pub struct FittedModel {
    y: Vec<f64>,
    m: usize,
    kind: ModelKind,
    inner: Dyn,
    fallback: Vec<FallbackReason>,
}

/// A fitted model behind the registry: predicts a [`Forecast`] carrying its name and
/// parameters.
trait Fitted: fmt::Debug + Send + Sync {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast, ForecastError>;

    /// See [`Predict::point_from`].
    fn point_from(&self, _y: &[f64], _origin: usize, _h: usize) -> Option<Vec<f64>> {
        None
    }
}

type Dyn = Arc<dyn Fitted>;

/// A model's fitted type with the function that names it and reads its parameters.
struct Described<F> {
    fitted: F,
    describe: fn(&F) -> (ModelName, ModelParams),
}

impl<F: fmt::Debug> fmt::Debug for Described<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fitted.fmt(f)
    }
}

impl<F: Predict + fmt::Debug + Send + Sync> Fitted for Described<F> {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast, ForecastError> {
        let prediction = self.fitted.predict(h, levels)?;
        let (name, params) = (self.describe)(&self.fitted);
        Ok(Forecast::new(name, params, prediction))
    }

    fn point_from(&self, y: &[f64], origin: usize, h: usize) -> Option<Vec<f64>> {
        self.fitted.point_from(y, origin, h)
    }
}

fn described<F: Predict + fmt::Debug + Send + Sync + 'static>(
    fitted: F,
    describe: fn(&F) -> (ModelName, ModelParams),
) -> Dyn {
    Arc::new(Described { fitted, describe })
}

/// Fit `spec`, named and described, with no fallback of its own.
fn plain<S: Fit>(
    spec: S,
    y: &[f64],
    describe: fn(&S::Fitted) -> (ModelName, ModelParams),
) -> Fitting
where
    S::Fitted: fmt::Debug + Send + Sync + 'static,
{
    Ok((described(spec.fit(y)?, describe), vec![]))
}

pub(crate) fn clean(y: &[f64]) -> Result<(Vec<f64>, Option<FallbackReason>), ForecastError> {
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
    let note = (first > 0 || missing > 0).then_some(FallbackReason::MissingValues {
        leading_dropped: first,
        filled: missing,
    });
    Ok((out, note))
}

fn uses_naive2(y: &[f64], m: usize) -> bool {
    m > 1 && y.len() >= 3 * m
}

/// Naive2 for series with three seasons, else Naive: the stand-in when a model fails.
fn naive_or_naive2(y: &[f64], m: usize) -> (Dyn, ModelName) {
    let fitted = if uses_naive2(y, m) {
        fit_naive2(y, Ctx { m, seed: 0 })
    } else {
        fit_naive(y, Ctx { m, seed: 0 })
    };
    let name = fallback_name(y, m);
    // The baselines fit any non-empty series.
    let (inner, _) = fitted.expect("baselines fit any non-empty series");
    (inner, name)
}

fn fallback_name(y: &[f64], m: usize) -> ModelName {
    if uses_naive2(y, m) {
        ModelName::Naive2
    } else {
        ModelName::Naive
    }
}

fn is_constant(y: &[f64]) -> bool {
    y.iter().all(|v| *v == y[0])
}

/// Extreme magnitudes would overflow sums of squares; such series use the naive model.
fn magnitude_ok(y: &[f64]) -> bool {
    y.iter().all(|v| v.abs() < 1e100)
}

fn naive_because(y: &[f64], reason: FallbackReason) -> (Dyn, Vec<FallbackReason>) {
    let (inner, _) = fit_naive(y, Ctx { m: 1, seed: 0 }).expect("naive fits any series");
    (inner, vec![reason])
}

/// Fit `kind` through its registry row, with the checks every non-baseline model gets
/// and the Naive/Naive2 stand-in when fitting fails.
fn fit_kind(kind: ModelKind, y: &[f64], ctx: Ctx) -> (Dyn, Vec<FallbackReason>) {
    let row = kind.row();
    if !row.simple {
        if is_constant(y) {
            return naive_because(y, FallbackReason::ConstantSeries);
        }
        if !magnitude_ok(y) {
            return (
                naive_or_naive2(y, ctx.m).0,
                vec![FallbackReason::ValuesTooLarge],
            );
        }
    }
    match (row.fit)(y, ctx) {
        Ok(fitted) => fitted,
        Err(e) => {
            let (inner, model) = naive_or_naive2(y, ctx.m);
            let error = e.to_string();
            (inner, vec![FallbackReason::FitFailed { model, error }])
        }
    }
}

fn fit_naive(y: &[f64], _: Ctx) -> Fitting {
    plain(Naive, y, |f| {
        let (last, sigma) = (f.last, f.sigma);
        (ModelName::Naive, ModelParams::Naive { last, sigma })
    })
}

fn fit_seasonal_naive(y: &[f64], ctx: Ctx) -> Fitting {
    let spec = SeasonalNaive {
        season_length: ctx.m,
    };
    if ctx.m <= 1 {
        return fit_naive(y, ctx);
    }
    if y.len() < ctx.m {
        let (inner, _) = fit_naive(y, ctx)?;
        return Ok((inner, vec![FallbackReason::ShorterThanSeason]));
    }
    plain(spec, y, |f| {
        let params = ModelParams::SeasonalNaive {
            season_length: f.season_length() as u32,
            sigma: f.sigma,
        };
        (ModelName::SeasonalNaive, params)
    })
}

fn fit_window_average(y: &[f64], ctx: Ctx) -> Fitting {
    let window = if ctx.m > 1 { ctx.m } else { 3 };
    plain(WindowAverage { window }, y, |f| {
        let params = ModelParams::MovingAverage {
            window: f.window as u32,
            mean: f.mean,
            sigma: f.sigma,
        };
        (ModelName::WindowAverage, params)
    })
}

fn fit_naive2(y: &[f64], ctx: Ctx) -> Fitting {
    plain(
        Naive2 {
            season_length: ctx.m,
        },
        y,
        |f| {
            let params = ModelParams::Naive2 {
                seasonal_indices: f.seasonal_indices.clone(),
                last_adjusted: f.last_adjusted,
                sigma: f.sigma,
            };
            (ModelName::Naive2, params)
        },
    )
}

fn auto_ets(ctx: Ctx) -> AutoEts {
    AutoEts {
        seed: ctx.seed,
        ..AutoEts::new(ctx.m as u32)
    }
}

fn fit_auto_ets(y: &[f64], ctx: Ctx) -> Fitting {
    plain(auto_ets(ctx), y, |f| {
        let spec = f.params().spec;
        (
            ModelName::Ets { spec },
            ModelParams::Ets(f.params().clone()),
        )
    })
}

fn fit_ets_average(y: &[f64], ctx: Ctx) -> Fitting {
    Ok((ets_average(y, ctx)?, vec![]))
}

/// ETS averaged with Akaike weights; a single member is named and described as itself.
fn ets_average(y: &[f64], ctx: Ctx) -> Result<Dyn, ForecastError> {
    let fitted = EtsAverage(auto_ets(ctx)).fit(y)?;
    Ok(described(fitted, |f| {
        let members = f.members();
        if let [(_, only)] = members {
            let spec = only.params().spec;
            return (
                ModelName::Ets { spec },
                ModelParams::Ets(only.params().clone()),
            );
        }
        let params = ModelParams::Combination {
            method: "akaike_weights".into(),
            members: members
                .iter()
                .map(|(w, f)| format!("{}:{w:.4}", f.params().spec.name()))
                .collect(),
            params: members
                .iter()
                .map(|(_, f)| ModelParams::Ets(f.params().clone()))
                .collect(),
        };
        let count = members.len() as u32;
        (ModelName::EtsAverage { members: count }, params)
    }))
}

fn fit_auto_arima(y: &[f64], ctx: Ctx) -> Fitting {
    plain(AutoArima::new(ctx.m as u32), y, |f| {
        let order = f.params().order;
        (
            ModelName::Arima { order },
            ModelParams::Arima(f.params().clone()),
        )
    })
}

fn fit_regression(y: &[f64], ctx: Ctx) -> Fitting {
    let spec = Regression {
        seed: ctx.seed,
        ..Regression::new(ctx.m as u32)
    };
    plain(spec, y, |f| {
        (
            ModelName::Regression,
            ModelParams::Regression(f.params().clone()),
        )
    })
}

fn theta(spec: Theta, y: &[f64]) -> Result<Dyn, ForecastError> {
    let fitted = spec.fit(y)?;
    Ok(described(fitted, |f| {
        let p = f.params();
        let name = ModelName::Theta {
            optimized: p.optimized,
            dynamic: p.dynamic,
        };
        (name, ModelParams::Theta(p.clone()))
    }))
}

fn fit_theta(y: &[f64], ctx: Ctx) -> Fitting {
    Ok((theta(Theta::standard(ctx.m as u32), y)?, vec![]))
}

fn fit_optimized_theta(y: &[f64], ctx: Ctx) -> Fitting {
    Ok((theta(Theta::optimized(ctx.m as u32), y)?, vec![]))
}

fn fit_dotm(y: &[f64], ctx: Ctx) -> Fitting {
    Ok((theta(Theta::dynamic_optimized(ctx.m as u32), y)?, vec![]))
}

fn intermittent(method: IntermittentMethod, y: &[f64]) -> Fitting {
    if y.iter().all(|v| *v == 0.0) {
        return Ok(naive_because(y, FallbackReason::AllZero));
    }
    plain(method, y, |f| {
        let method = f.params().method;
        let params = ModelParams::Intermittent(f.params().clone());
        (ModelName::Intermittent { method }, params)
    })
}

fn fit_croston(y: &[f64], _: Ctx) -> Fitting {
    intermittent(IntermittentMethod::Croston, y)
}

fn fit_sba(y: &[f64], _: Ctx) -> Fitting {
    intermittent(IntermittentMethod::Sba, y)
}

fn fit_tsb(y: &[f64], _: Ctx) -> Fitting {
    intermittent(IntermittentMethod::Tsb, y)
}

fn fit_adida(y: &[f64], _: Ctx) -> Fitting {
    intermittent(IntermittentMethod::Adida, y)
}

fn fit_imapa(y: &[f64], _: Ctx) -> Fitting {
    intermittent(IntermittentMethod::Imapa, y)
}

fn describe_ml(f: &crate::ml::FittedSeries) -> (ModelName, ModelParams) {
    (ModelName::Ml, ModelParams::GlobalRidge(f.params()))
}

fn fit_ml(y: &[f64], ctx: Ctx) -> Fitting {
    let spec = GlobalRidge::new(ctx.m as u32);
    if !spec.usable(y) {
        return Err(ForecastError::NotEnoughData {
            model: "ML".into(),
            needed: spec.lag_count() + 1,
            got: y.len(),
        });
    }
    plain(spec, y, describe_ml)
}

fn fit_auto(y: &[f64], ctx: Ctx) -> Fitting {
    if y.iter().all(|v| *v == 0.0) {
        return Ok(naive_because(y, FallbackReason::AllZero));
    }
    if classify(y).is_some_and(|s| s.class.is_sporadic()) {
        return fit_tsb(y, ctx);
    }
    Ok(combination(y, ctx))
}

fn fit_combination(y: &[f64], ctx: Ctx) -> Fitting {
    Ok(combination(y, ctx))
}

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
    let cleaned: Vec<Option<(Vec<f64>, Option<FallbackReason>)>> =
        batch.iter().map(|y| clean(y).ok()).collect();
    let usable = |y: &[f64]| global.usable(y) && !is_constant(y) && magnitude_ok(y);
    let train: Vec<&[f64]> = cleaned
        .iter()
        .flatten()
        .map(|(y, _)| y.as_slice())
        .filter(|y| usable(y))
        .collect();
    let fitted = global.train(&train, horizon).map(Arc::new);
    batch
        .iter()
        .zip(cleaned)
        .map(|(raw, c)| match (c, &fitted) {
            (Some((y, note)), Ok(g)) if usable(&y) => Ok(FittedModel {
                m,
                kind: ModelKind::Ml,
                inner: described(g.for_series(&y), describe_ml),
                fallback: note.into_iter().collect(),
                y,
            }),
            (Some((y, note)), Err(e)) if usable(&y) => {
                let (inner, model) = naive_or_naive2(&y, m);
                let error = e.to_string();
                let mut fallback = vec![FallbackReason::FitFailed { model, error }];
                fallback.extend(note);
                Ok(FittedModel {
                    inner,
                    m,
                    kind: ModelKind::Ml,
                    fallback,
                    y,
                })
            }
            _ => spec.fit(raw),
        })
        .collect()
}

/// The weighted mean of the members' points with the union (envelope) of the intervals of
/// the members that carry weight, which accounts for the disagreement between models that
/// each member's own interval ignores.
#[derive(Debug)]
struct Combination {
    members: Vec<Dyn>,
    /// One per member, summing to 1; see [`member_weights`].
    weights: Vec<f64>,
}

impl Fitted for Combination {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast, ForecastError> {
        let fs = self
            .members
            .iter()
            .zip(&self.weights)
            .filter(|(_, w)| **w > 0.0)
            .map(|(m, w)| Ok((*w, m.forecast(h, levels)?)))
            .collect::<Result<Vec<_>, ForecastError>>()?;
        Ok(combine(fs))
    }
}

/// How far back [`member_weights`] looks: forecasts from up to `VALIDATION_ORIGINS`
/// origins, each [`select_horizon`] steps ahead, the last origin one horizon before the end
/// and the others each a third of a horizon earlier, none before the first season.
const VALIDATION_ORIGINS: usize = 3;

/// The members' weights from evidence inside the series' own history: each member's mean
/// squared error when it forecasts from earlier origins of the series with its fitted
/// parameters ([`Fitted::point_from`]), turned into [`weights_from_errors`]. Equal weights
/// where that evidence is missing (a short history, or a member that cannot say).
fn member_weights(members: &[Dyn], y: &[f64], m: usize) -> Vec<f64> {
    let equal = vec![1.0 / members.len() as f64; members.len()];
    let h = select_horizon(m);
    let step = h.div_ceil(3);
    let origins: Vec<usize> = (0..VALIDATION_ORIGINS)
        .filter_map(|j| y.len().checked_sub(h + j * step))
        .filter(|o| *o >= m.max(4))
        .collect();
    if origins.is_empty() {
        return equal;
    }
    let mut errors = Vec::with_capacity(members.len());
    for member in members {
        let mut sum = 0.0;
        let mut count = 0usize;
        for &origin in &origins {
            let Some(points) = member.point_from(y, origin, h) else {
                return equal;
            };
            for (k, p) in points.iter().enumerate() {
                sum += (y[origin + k] - p).powi(2);
                count += 1;
            }
        }
        let mse = sum / count as f64;
        if !mse.is_finite() {
            return equal;
        }
        errors.push(mse);
    }
    weights_from_errors(&errors)
}

/// Bates–Granger weights: inversely proportional to each member's mean squared error
/// (Bates & Granger (1969), *The combination of forecasts*, Operational Research Quarterly
/// 20(4)), so a member that tracked the series' own history badly counts for little. A
/// member with no error takes all the weight.
fn weights_from_errors(mse: &[f64]) -> Vec<f64> {
    let best = mse.iter().copied().fold(f64::INFINITY, f64::min);
    let raw: Vec<f64> = if best > 0.0 {
        mse.iter().map(|e| best / e).collect()
    } else {
        mse.iter().map(|e| f64::from(*e == 0.0)).collect()
    };
    let total: f64 = raw.iter().sum();
    raw.iter().map(|w| w / total).collect()
}

fn combination(y: &[f64], ctx: Ctx) -> (Dyn, Vec<FallbackReason>) {
    let mut members = vec![];
    let mut problems = vec![];
    match ets_average(y, ctx) {
        Ok(f) => members.push(f),
        Err(e) => problems.push(MemberError {
            member: Member::Ets,
            error: e.to_string(),
        }),
    }
    let m = ctx.m as u32;
    for spec in [Theta::standard(m), Theta::dynamic_optimized(m)] {
        match theta(spec, y) {
            Ok(f) => members.push(f),
            Err(e) => problems.push(MemberError {
                member: Member::Theta,
                error: e.to_string(),
            }),
        }
    }
    // With one or two seasons the members estimate the season poorly or not at all (the
    // seasonality tests need more), so last year's pattern joins them and the weights
    // decide. Shorter than a season there is no pattern to repeat.
    let seasons = y.len() / ctx.m.max(1);
    if !members.is_empty() && ctx.m > 1 && (1..3).contains(&seasons) {
        if let Ok((seasonal_naive, _)) = fit_seasonal_naive(y, ctx) {
            members.push(seasonal_naive);
        }
    }
    match members.len() {
        0 => {
            let (inner, model) = naive_or_naive2(y, ctx.m);
            (inner, vec![FallbackReason::NoMember { model, problems }])
        }
        1 => (
            members.remove(0),
            vec![FallbackReason::SingleMember { problems }],
        ),
        _ => {
            let weights = member_weights(&members, y, ctx.m);
            (Arc::new(Combination { members, weights }), vec![])
        }
    }
}

/// Combine weighted member forecasts point by point (and bound by bound).
fn combine(weighted: Vec<(f64, Forecast)>) -> Forecast {
    let (weights, fs): (Vec<f64>, Vec<Forecast>) = weighted.into_iter().unzip();
    let h = fs[0].point.len();
    let mean = |v: Vec<f64>| v.iter().zip(&weights).map(|(v, w)| v * w).sum::<f64>();
    let point: Vec<f64> = (0..h)
        .map(|k| mean(fs.iter().map(|f| f.point[k]).collect()))
        .collect();
    let intervals = fs[0]
        .intervals
        .iter()
        .enumerate()
        .map(|(j, iv)| ForecastInterval {
            level: iv.level,
            lower: (0..h)
                .map(|k| {
                    fs.iter()
                        .map(|f| f.intervals[j].lower[k])
                        .fold(f64::INFINITY, f64::min)
                })
                .collect(),
            upper: (0..h)
                .map(|k| {
                    fs.iter()
                        .map(|f| f.intervals[j].upper[k])
                        .fold(f64::NEG_INFINITY, f64::max)
                })
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
    let names: Vec<ModelName> = fs.iter().map(|f| f.model.clone()).collect();
    Forecast {
        params: ModelParams::Combination {
            method: "weighted_mean_envelope".into(),
            members: names
                .iter()
                .zip(&weights)
                .map(|(name, w)| format!("{name}:{w:.4}"))
                .collect(),
            params: fs.into_iter().map(|f| f.params).collect(),
        },
        model: ModelName::Combination { members: names },
        point,
        intervals,
        decomposition,
        fallback: None,
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

/// The candidate [`ModelKind::Select`] chose, fitted on the whole series.
#[derive(Debug)]
struct Selected {
    chosen: ModelKind,
    inner: Dyn,
}

impl Fitted for Selected {
    fn forecast(&self, h: usize, levels: &[f64]) -> Result<Forecast, ForecastError> {
        let mut f = self.inner.forecast(h, levels)?;
        f.model = ModelName::Select {
            chosen: self.chosen,
            model: Box::new(f.model),
        };
        Ok(f)
    }
}

/// [`ModelKind::Select`]: score each candidate by its mean MASE over a rolling-origin
/// backtest on `y` (MAE where a fold's MASE scale is zero; the scale is the same for every
/// candidate in a fold), keep the first with the lowest score and refit it on all of `y`.
fn fit_select(y: &[f64], ctx: Ctx) -> Fitting {
    use ModelKind as K;
    let m = ctx.m;
    // The combination stands in, with the reason first and any reasons of its own after.
    let combination_because = |reason: FallbackReason| {
        let (inner, notes) = combination(y, ctx);
        let chosen = K::Combination;
        let mut reasons = vec![reason];
        reasons.extend(notes);
        Ok((Arc::new(Selected { chosen, inner }) as Dyn, reasons))
    };
    let needed = select_min_len(m);
    if y.len() < needed {
        let got = y.len();
        return combination_because(FallbackReason::TooShortForSelection { needed, got });
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
            seed: ctx.seed,
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
        Some((chosen, _)) => {
            let (inner, notes) = fit_kind(chosen, y, ctx);
            Ok((Arc::new(Selected { chosen, inner }), notes))
        }
        None => combination_because(FallbackReason::NoSelectionCandidate),
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
        let mut f = self
            .inner
            .forecast(horizon, levels)
            .ok()
            .filter(Forecast::is_finite);
        let mut fallback = self.fallback.clone();
        if f.is_none() {
            let (inner, model) = naive_or_naive2(&self.y, self.m);
            f = inner
                .forecast(horizon, levels)
                .ok()
                .filter(Forecast::is_finite);
            fallback = vec![FallbackReason::NonFiniteOutput {
                model,
                of: self.kind,
            }];
        }
        let mut f = match f {
            Some(f) => f,
            None => {
                fallback = vec![FallbackReason::NoFiniteOutput];
                let (inner, _) = fit_naive(&self.y, Ctx { m: 1, seed: 0 })?;
                inner.forecast(horizon, levels)?
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
        f.fallback = (!fallback.is_empty()).then_some(Fallback(fallback));
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
    ModelSpec::new(kind, season_length).forecast(y, horizon, levels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ets::{ErrorType, EtsSpec, SeasonType, TrendType};

    fn seasonal_demand(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| {
                let season = [0.6, 0.8, 1.0, 1.4, 1.2, 0.9, 0.7, 0.8, 1.0, 1.1, 1.3, 1.2][t % 12];
                (100.0 + 2.0 * t as f64) * season + ((t * 37) % 11) as f64
            })
            .collect()
    }

    #[test]
    fn members_forecast_from_the_end_as_they_predict() {
        // `point_from` at the last origin runs the same states as the fit, so it must
        // reproduce the forecast; at an earlier origin it forecasts periods it has seen.
        let y = seasonal_demand(72);
        let ctx = Ctx { m: 12, seed: 1 };
        let members = [
            ets_average(&y, ctx).unwrap(),
            theta(Theta::standard(12), &y).unwrap(),
            theta(Theta::dynamic_optimized(12), &y).unwrap(),
        ];
        for member in &members {
            let want = member.forecast(6, &[]).unwrap().point;
            let got = member.point_from(&y, y.len(), 6).unwrap();
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g - w).abs() <= 1e-9 * w.abs(),
                    "{member:?}: {got:?} vs {want:?}"
                );
            }
            let earlier = member.point_from(&y, 60, 12).unwrap();
            let mae = earlier
                .iter()
                .zip(&y[60..])
                .map(|(f, a)| (f - a).abs())
                .sum::<f64>()
                / 12.0;
            assert!(
                mae < 0.1 * y[60..].iter().sum::<f64>() / 12.0,
                "{member:?}: {mae}"
            );
        }
    }

    #[test]
    fn seasonal_naive_joins_only_one_or_two_seasons_of_history() {
        let members = |n: usize| {
            let f = ModelSpec::new(ModelKind::Auto, 12)
                .fit(&seasonal_demand(n))
                .unwrap()
                .predict(3, &[])
                .unwrap();
            match f.model {
                ModelName::Combination { members } => members,
                other => panic!("{other}"),
            }
        };
        let has_seasonal_naive = |n| {
            members(n)
                .iter()
                .any(|m| matches!(m, ModelName::SeasonalNaive))
        };
        assert!(!has_seasonal_naive(10));
        assert!(!members(10).iter().any(|m| matches!(m, ModelName::Naive)));
        assert!(has_seasonal_naive(12));
        assert!(has_seasonal_naive(35));
        assert!(!has_seasonal_naive(36));
    }

    #[test]
    fn bates_granger_weights_follow_the_inverse_error() {
        let w = weights_from_errors(&[1.0, 2.0, 4.0]);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((w[0] / w[1] - 2.0).abs() < 1e-12 && (w[1] / w[2] - 2.0).abs() < 1e-12);
        assert_eq!(weights_from_errors(&[0.0, 3.0]), vec![1.0, 0.0]);
    }

    #[test]
    fn the_combination_weighs_down_a_member_that_missed_the_history() {
        // A theta forecast that ignores the season misses strongly seasonal demand by the
        // seasonal swing; the seasonal one tracks it, so the first gets little weight.
        let y = seasonal_demand(72);
        let members = vec![
            theta(Theta::standard(12), &y).unwrap(),
            theta(Theta::standard(1), &y).unwrap(),
        ];
        let w = member_weights(&members, &y, 12);
        assert!(w[0] > 0.9 && w[1] < 0.1, "{w:?}");
        // No origin a season in and a horizon before the end: equal weights.
        assert_eq!(member_weights(&members, &y[..20], 12), vec![0.5, 0.5]);
        let f = ModelSpec::new(ModelKind::Auto, 12)
            .fit(&y)
            .unwrap()
            .predict(12, &[95.0])
            .unwrap();
        let ModelParams::Combination {
            method, members, ..
        } = &f.params
        else {
            panic!("{:?}", f.model);
        };
        assert_eq!(method, "weighted_mean_envelope");
        let total: f64 = members
            .iter()
            .map(|m| m.rsplit(':').next().unwrap().parse::<f64>().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-3, "{members:?}");
    }

    #[test]
    fn column_names_are_the_published_ones() {
        // The CLI's output columns and the reference tables use these; spelled out on
        // purpose so that a renamed variant or a lost attribute fails here.
        let names: Vec<&str> = ModelKind::ALL.iter().map(|k| k.column_name()).collect();
        assert_eq!(
            names.join(","),
            "Auto,AutoETS,AutoARIMA,Regression,Theta,OptimizedTheta,DynamicOptimizedTheta,\
             ETSAverage,Combination,Naive,SeasonalNaive,WindowAverage,Naive2,CrostonClassic,\
             CrostonSBA,TSB,ADIDA,IMAPA,ML,Select"
        );
        for kind in ModelKind::ALL {
            assert_eq!(kind.to_string(), kind.column_name());
        }
    }

    #[test]
    fn every_name_and_alias_parses_to_one_model_whatever_its_case_and_spacing() {
        let mut seen = vec![];
        for kind in ModelKind::ALL {
            let names =
                std::iter::once(kind.column_name()).chain(kind.row().aliases.iter().copied());
            for name in names {
                let lower = name.to_ascii_lowercase();
                assert!(!seen.contains(&lower), "{name} names two models");
                seen.push(lower.clone());
                assert_eq!(name.parse::<ModelKind>().unwrap(), kind);
                assert_eq!(format!(" {lower}\t").parse::<ModelKind>().unwrap(), kind);
                assert_eq!(
                    name.to_ascii_uppercase().parse::<ModelKind>().unwrap(),
                    kind
                );
            }
        }
        assert_eq!(" ets ".parse::<ModelKind>().unwrap(), ModelKind::AutoEts);
        assert_eq!(
            " no-such-model ".parse::<ModelKind>().unwrap_err(),
            ForecastError::UnknownModel("no-such-model".into())
        );
    }

    #[test]
    fn ets_and_intermittent_names_use_the_usual_notation() {
        let spec = EtsSpec {
            error: ErrorType::Multiplicative,
            trend: TrendType::Damped,
            season: SeasonType::Multiplicative,
            season_length: 12,
        };
        assert_eq!(spec.name(), "ETS(M,Ad,M)");
        let spec = EtsSpec {
            error: ErrorType::Additive,
            trend: TrendType::None,
            season: SeasonType::Additive,
            season_length: 4,
        };
        assert_eq!(spec.name(), "ETS(A,N,A)");
        assert_eq!(IntermittentMethod::Croston.name(), "CrostonClassic");
        assert_eq!(IntermittentMethod::Sba.name(), "CrostonSBA");
        assert_eq!(IntermittentMethod::Imapa.name(), "IMAPA");
        assert_eq!(Member::Ets.to_string(), "ETS");
        assert_eq!(Member::Theta.to_string(), "Theta");
    }
}
