//! The engine's output: a model's [`Prediction`](crate::Prediction) with the model's name,
//! parameters and any fallback. Plain data, serialisable.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::arima::ArimaOrder;
use crate::ets::EtsSpec;
use crate::intermittent::IntermittentMethod;
use crate::params::ModelParams;
use crate::prediction::{Decomposition, ForecastInterval, Prediction};
use crate::theta::theta_name;
use crate::ModelKind;

/// The model that produced a forecast. `Display` gives the name shown in reports, e.g.
/// `ETS(M,Ad,M)`, `Combination(ETS-average(3),Theta,DynamicOptimizedTheta)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum ModelName {
    /// Last value carried forward.
    Naive,
    /// Value one season earlier.
    SeasonalNaive,
    /// Mean of the last season (or of 3 values).
    WindowAverage,
    /// Naive on the seasonally adjusted series (M4).
    Naive2,
    /// One ETS model, e.g. `ETS(A,Ad,N)`.
    Ets {
        /// Its components.
        spec: EtsSpec,
    },
    /// ETS models averaged with Akaike weights, e.g. `ETS-average(3)`.
    EtsAverage {
        /// Number of models averaged.
        members: u32,
    },
    /// Seasonal ARIMA, e.g. `ARIMA(0,1,1)(0,1,1)[12]`.
    Arima {
        /// Its orders.
        order: ArimaOrder,
    },
    /// A theta model: `Theta`, `OptimizedTheta`, `DynamicTheta` or `DynamicOptimizedTheta`.
    Theta {
        /// θ optimised.
        optimized: bool,
        /// Dynamic trend line.
        dynamic: bool,
    },
    /// Piecewise-linear trend and Fourier seasonality regression.
    Regression,
    /// An intermittent-demand method, e.g. `TSB`.
    Intermittent {
        /// The method.
        method: IntermittentMethod,
    },
    /// Global ridge model, shown as `ML`.
    Ml,
    /// `Combination(a,b,c)`.
    Combination {
        /// The members, in order.
        members: Vec<ModelName>,
    },
    /// The model [`ModelKind::Select`] chose: `Select(Theta)`, or
    /// `Select(ETSAverage: ETS(A,Ad,N))` when the fitted model's name does not start with
    /// the chosen kind's.
    Select {
        /// The candidate chosen.
        chosen: ModelKind,
        /// The model it fitted.
        model: Box<ModelName>,
    },
}

// `ModelName`, `FallbackReason` and `Fallback` are not string-backed enums: their text is
// composed from their fields (lists joined, parts left out when zero), which strum's
// `Display` derive cannot express. The fixed names in them come from strum (`ModelKind`,
// `Member`, `IntermittentMethod`, the ETS components).
impl fmt::Display for ModelName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelName::Naive => f.write_str("Naive"),
            ModelName::SeasonalNaive => f.write_str("SeasonalNaive"),
            ModelName::WindowAverage => f.write_str("WindowAverage"),
            ModelName::Naive2 => f.write_str("Naive2"),
            ModelName::Ets { spec } => f.write_str(&spec.name()),
            ModelName::EtsAverage { members } => write!(f, "ETS-average({members})"),
            ModelName::Arima { order } => f.write_str(&order.name()),
            ModelName::Theta { optimized, dynamic } => {
                f.write_str(theta_name(*optimized, *dynamic))
            }
            ModelName::Regression => f.write_str("Regression"),
            ModelName::Intermittent { method } => f.write_str(method.name()),
            ModelName::Ml => f.write_str("ML"),
            ModelName::Combination { members } => {
                f.write_str("Combination(")?;
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{m}")?;
                }
                f.write_str(")")
            }
            ModelName::Select { chosen, model } => {
                let inner = model.to_string();
                if inner.starts_with(chosen.column_name()) {
                    write!(f, "Select({inner})")
                } else {
                    write!(f, "Select({chosen}: {inner})")
                }
            }
        }
    }
}

/// A member of the combination, as named in [`FallbackReason`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
pub enum Member {
    /// The Akaike-weighted ETS.
    #[strum(to_string = "ETS")]
    Ets,
    /// A theta model.
    Theta,
}

/// Why a member of the combination could not be fitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberError {
    /// The member.
    pub member: Member,
    /// The error's message.
    pub error: String,
}

/// Why the requested model was replaced, or what was done to the input. `Display` gives
/// the text shown in reports, e.g. `Naive: constant series`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum FallbackReason {
    /// `Naive: constant series`.
    ConstantSeries,
    /// `Naive: values too large for model fitting` (Naive2 stands in when seasonal).
    ValuesTooLarge,
    /// `Naive: all values are zero`.
    AllZero,
    /// `Naive: series shorter than one season` (seasonal naive).
    ShorterThanSeason,
    /// `{model}: {error}`: the requested model could not be fitted.
    FitFailed {
        /// The model that stood in (Naive or Naive2).
        model: ModelName,
        /// The fitting error's message.
        error: String,
    },
    /// `{model}: ETS: …; Theta: …`: no member of the combination could be fitted.
    NoMember {
        /// The model that stood in (Naive or Naive2).
        model: ModelName,
        /// Each member's error.
        problems: Vec<MemberError>,
    },
    /// `single model: Theta: …`: only one member of the combination could be fitted.
    SingleMember {
        /// The other members' errors.
        problems: Vec<MemberError>,
    },
    /// `Combination: series too short for the selection backtest (needs N points, got n)`.
    TooShortForSelection {
        /// Points the backtest needs.
        needed: usize,
        /// Points the series has.
        got: usize,
    },
    /// `Combination: no candidate could be backtested`.
    NoSelectionCandidate,
    /// `{model}: non-finite output of {kind}`.
    NonFiniteOutput {
        /// The model that stood in (Naive or Naive2).
        model: ModelName,
        /// The model whose output was not finite.
        of: ModelKind,
    },
    /// `Naive: non-finite output` (when Naive2 failed as well).
    NoFiniteOutput,
    /// `N leading missing values dropped, M missing values filled` (either part only
    /// when non-zero).
    MissingValues {
        /// Non-finite values before the first finite one, dropped.
        leading_dropped: usize,
        /// Non-finite values after it, interpolated or carried forward.
        filled: usize,
    },
}

fn problems(f: &mut fmt::Formatter<'_>, problems: &[MemberError]) -> fmt::Result {
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{}: {}", p.member, p.error)?;
    }
    Ok(())
}

impl fmt::Display for FallbackReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FallbackReason as R;
        match self {
            R::ConstantSeries => f.write_str("Naive: constant series"),
            R::ValuesTooLarge => f.write_str("Naive: values too large for model fitting"),
            R::AllZero => f.write_str("Naive: all values are zero"),
            R::ShorterThanSeason => f.write_str("Naive: series shorter than one season"),
            R::FitFailed { model, error } => write!(f, "{model}: {error}"),
            R::NoMember { model, problems: p } => {
                write!(f, "{model}: ")?;
                problems(f, p)
            }
            R::SingleMember { problems: p } => {
                f.write_str("single model: ")?;
                problems(f, p)
            }
            R::TooShortForSelection { needed, got } => write!(
                f,
                "Combination: series too short for the selection backtest (needs {needed} points, got {got})"
            ),
            R::NoSelectionCandidate => {
                f.write_str("Combination: no candidate could be backtested")
            }
            R::NonFiniteOutput { model, of } => write!(f, "{model}: non-finite output of {of}"),
            R::NoFiniteOutput => f.write_str("Naive: non-finite output"),
            R::MissingValues {
                leading_dropped,
                filled,
            } => {
                if *leading_dropped > 0 {
                    write!(f, "{leading_dropped} leading missing values dropped")?;
                    if *filled > 0 {
                        f.write_str(", ")?;
                    }
                }
                if *filled > 0 {
                    write!(f, "{filled} missing values filled")?;
                }
                Ok(())
            }
        }
    }
}

/// Every reason a forecast's model or input differs from what was asked for, innermost
/// first. `Display` joins them with `"; "`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fallback(pub Vec<FallbackReason>);

impl Fallback {
    /// Whether `reason` is among the reasons.
    pub fn contains(&self, reason: &FallbackReason) -> bool {
        self.0.contains(reason)
    }
}

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

/// A forecast: point values, intervals, the model that produced it and its parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The model, e.g. `ETS(M,Ad,M)` or `Combination(ETS(A,A,N),Theta)` when displayed.
    pub model: ModelName,
    /// Point forecasts, one per horizon step.
    pub point: Vec<f64>,
    /// One interval per requested level, in the order requested.
    pub intervals: Vec<ForecastInterval>,
    /// Fitted parameters, for model versioning (values in the units of the input series).
    pub params: ModelParams,
    /// Trend/seasonal decomposition over history and horizon.
    pub decomposition: Decomposition,
    /// Set when the requested model could not be used and another one replaced it, or
    /// the input was repaired, with the reasons (e.g. `Naive: constant series`).
    pub fallback: Option<Fallback>,
}

impl Forecast {
    /// A model's prediction with its name and parameters, without fallback.
    pub fn new(model: ModelName, params: ModelParams, prediction: Prediction) -> Self {
        Forecast {
            model,
            point: prediction.point,
            intervals: prediction.intervals,
            params,
            decomposition: prediction.decomposition,
            fallback: None,
        }
    }

    /// The interval at `level` (percent), if it was requested.
    pub fn interval(&self, level: f64) -> Option<&ForecastInterval> {
        self.intervals
            .iter()
            .find(|i| (i.level - level).abs() < 1e-9)
    }

    /// True if every point and bound is finite.
    pub fn is_finite(&self) -> bool {
        self.point.iter().all(|v| v.is_finite())
            && self
                .intervals
                .iter()
                .all(|i| i.lower.iter().chain(&i.upper).all(|v| v.is_finite()))
    }
}
