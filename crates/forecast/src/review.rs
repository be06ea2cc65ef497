//! What a planner sees of one series: the forecast, what the model would have said over
//! the last periods of the history (a backtest drawn over the actuals), the candidate
//! models ranked by that backtest, and a confidence score derived from it.
//!
//! Periods with stock-outs are censored demand: what was sold is a lower bound of what
//! was wanted. [`uncensor`] never lowers them; it raises one to the level of its
//! uncensored neighbours when that is higher, so a stock-out does not teach the model
//! that demand fell.

use serde::{Deserialize, Serialize};

use crate::intermittent::classify;
use crate::{accuracy, Accuracy, Forecast, ForecastError, ModelKind, ModelParams, ModelSpec};

/// What to review a series with.
#[derive(Debug, Clone)]
pub struct ReviewConfig {
    /// The model asked for (the run's model).
    pub kind: ModelKind,
    /// Season length (12 for months, 52 for weeks, 1 for none).
    pub season_length: u32,
    /// Periods to forecast.
    pub horizon: usize,
    /// Interval levels in percent, e.g. `[80.0, 95.0]`.
    pub levels: Vec<f64>,
    /// Seed for simulated intervals.
    pub seed: u64,
}

/// One model's result in the backtest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The model kind.
    pub kind: ModelKind,
    /// The model it fitted, e.g. `ETS(M,N,M)`.
    pub model: String,
    /// Mean absolute scaled error over the held-out periods.
    pub mase: Option<f64>,
    /// Weighted absolute percentage error, percent.
    pub wape: Option<f64>,
    /// Mean error, forecast − actual (positive = over-forecast), units.
    pub bias: f64,
}

/// The chosen model's forecast over the last periods of the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// Index of the first held-out period in the history.
    pub start: usize,
    /// What the model, trained on the periods before `start`, predicted.
    pub predicted: Vec<f64>,
    /// What happened (the demand the engine learns from).
    pub actual: Vec<f64>,
    /// Its accuracy.
    pub accuracy: Accuracy,
}

/// The review of one series.
#[derive(Debug, Clone)]
pub struct Review {
    /// The forecast from the whole history.
    pub forecast: Forecast,
    /// The demand the engine learnt from (censored periods raised, see [`uncensor`]).
    pub demand: Vec<f64>,
    /// The chosen model's backtest; `None` when the history is too short to hold any out.
    pub backtest: Option<Backtest>,
    /// Every candidate that could be backtested, best (lowest MASE, then WAPE) first.
    pub candidates: Vec<Candidate>,
    /// 1 / (1 + MASE) of the backtest, 0 without one; see [`confidence_score`].
    pub confidence: f64,
    /// Why this model, in words.
    pub reason: String,
}

/// Demand with censored periods raised to what their uncensored neighbours suggest.
///
/// A censored value becomes the larger of itself and the linear interpolation between
/// the nearest uncensored periods on either side (the one side's value at the ends); it
/// is never lowered. `censored` shorter than `y` counts the rest as uncensored.
pub fn uncensor(y: &[f64], censored: &[bool]) -> Vec<f64> {
    let is_censored = |i: usize| censored.get(i).copied().unwrap_or(false);
    let mut out = y.to_vec();
    for i in (0..y.len()).filter(|&i| is_censored(i)) {
        let before = (0..i).rev().find(|&j| !is_censored(j));
        let after = (i + 1..y.len()).find(|&k| !is_censored(k));
        let neighbours = match (before, after) {
            (Some(j), Some(k)) => y[j] + (y[k] - y[j]) * (i - j) as f64 / (k - j) as f64,
            (Some(j), None) => y[j],
            (None, Some(k)) => y[k],
            (None, None) => continue,
        };
        if neighbours.is_finite() && neighbours > out[i] {
            out[i] = neighbours;
        }
    }
    out
}

/// Confidence in a forecast from its backtest: `1 / (1 + MASE)`, so 1 is a perfect
/// backtest, 0.5 an error as large as the seasonal-naive in-sample error, and it falls
/// towards 0 as the error grows. Without a MASE (a flat history) `1 − WAPE`, floored at 0;
/// without either, 0. Rounded to two decimals.
pub fn confidence_score(mase: Option<f64>, wape: Option<f64>) -> f64 {
    let raw = match (mase, wape) {
        (Some(m), _) if m.is_finite() && m >= 0.0 => 1.0 / (1.0 + m),
        (_, Some(w)) if w.is_finite() => (1.0 - w / 100.0).max(0.0),
        _ => 0.0,
    };
    (raw * 100.0).round() / 100.0
}

/// Periods held out for the backtest: up to one season (at least 3) and at most the
/// horizon, leaving a training window of two seasons (6 periods without season).
pub fn backtest_length(n: usize, m: usize, horizon: usize) -> usize {
    let train = if m > 1 { 2 * m } else { 6 };
    let want = horizon.min(m.max(3)).max(1);
    want.min(n.saturating_sub(train))
}

/// The models every series is compared with besides the one asked for.
fn comparison_kinds(y: &[f64], m: usize) -> Vec<ModelKind> {
    use ModelKind as K;
    let mut kinds = vec![K::AutoEts, K::Theta];
    if m > 1 {
        kinds.push(K::SeasonalNaive);
    }
    kinds.push(K::Naive);
    if classify(y).is_some_and(|s| s.class.is_sporadic()) {
        kinds.push(K::Tsb);
    }
    kinds
}

/// Forecast a series and review it: backtest the model asked for and the comparison
/// models over the last [`backtest_length`] periods, rank them, score the confidence.
pub fn review(y: &[f64], censored: &[bool], cfg: &ReviewConfig) -> Result<Review, ForecastError> {
    let demand = uncensor(y, censored);
    let m = cfg.season_length.max(1) as usize;
    let spec = |kind| ModelSpec {
        kind,
        season_length: cfg.season_length,
        seed: cfg.seed,
    };
    let forecast = spec(cfg.kind).forecast(&demand, cfg.horizon, &cfg.levels)?;
    let held = backtest_length(demand.len(), m, cfg.horizon);

    let mut backtest = None;
    let mut candidates = Vec::new();
    if held > 0 {
        let start = demand.len() - held;
        let (train, test) = demand.split_at(start);
        let mut kinds = vec![cfg.kind];
        kinds.extend(
            comparison_kinds(train, m)
                .into_iter()
                .filter(|k| *k != cfg.kind),
        );
        for kind in kinds {
            let Ok(f) = spec(kind).forecast(train, held, &[]) else {
                continue;
            };
            let acc = accuracy(train, test, &f, m);
            candidates.push(Candidate {
                kind,
                model: f.model.to_string(),
                mase: acc.mase,
                wape: acc.wape,
                bias: acc.bias,
            });
            if kind == cfg.kind {
                backtest = Some(Backtest {
                    start,
                    predicted: f.point,
                    actual: test.to_vec(),
                    accuracy: acc,
                });
            }
        }
        candidates.sort_by(|a, b| rank_key(a).total_cmp(&rank_key(b)));
    }

    let confidence = backtest
        .as_ref()
        .map_or(0.0, |b| confidence_score(b.accuracy.mase, b.accuracy.wape));
    let reason = reason(cfg.kind, &forecast, backtest.is_some(), &candidates, held);
    Ok(Review {
        forecast,
        demand,
        backtest,
        candidates,
        confidence,
        reason,
    })
}

/// Candidates sort by MASE, then WAPE (a flat history has no MASE); failures last.
fn rank_key(c: &Candidate) -> f64 {
    c.mase
        .or(c.wape.map(|w| w / 100.0))
        .filter(|v| v.is_finite())
        .unwrap_or(f64::INFINITY)
}

fn reason(
    kind: ModelKind,
    forecast: &Forecast,
    backtested: bool,
    candidates: &[Candidate],
    held: usize,
) -> String {
    let mut text = format!("{kind} fitted {}", forecast.model);
    if let Some(fallback) = &forecast.fallback {
        text.push_str(&format!(" ({fallback})"));
    }
    if let Some(weights) = member_weights(forecast) {
        text.push_str(&format!(
            ", its members weighted by how well each tracked this series' history ({weights})"
        ));
    }
    if !backtested {
        text.push_str("; too little history to backtest, so no confidence score");
        return text;
    }
    let rank = candidates.iter().position(|c| c.kind == kind).unwrap_or(0) + 1;
    let score = |c: &Candidate| match (c.mase, c.wape) {
        (Some(m), _) => format!("MASE {m:.2}"),
        (None, Some(w)) => format!("WAPE {w:.1} %"),
        _ => "no score".to_owned(),
    };
    let own = candidates.iter().find(|c| c.kind == kind).map(score);
    text.push_str(&format!(
        "; over the last {held} periods it ranked {rank} of {} ({})",
        candidates.len(),
        own.unwrap_or_default()
    ));
    if rank > 1 {
        let best = &candidates[0];
        text.push_str(&format!("; best was {} ({})", best.kind, score(best)));
    }
    if kind == ModelKind::Auto && rank > 1 {
        text.push_str("; Auto is kept because over many series it beats choosing by one backtest");
    }
    text
}

/// A combination's member weights in words, e.g. `Theta 61 %, ETS(A,N,A) 39 %`.
fn member_weights(forecast: &Forecast) -> Option<String> {
    let ModelParams::Combination {
        method, members, ..
    } = &forecast.params
    else {
        return None;
    };
    if method != "weighted_mean_envelope" {
        return None;
    }
    let parts: Vec<String> = members
        .iter()
        .filter_map(|m| {
            let (name, weight) = m.rsplit_once(':')?;
            let weight: f64 = weight.parse().ok()?;
            Some(format!("{name} {:.0} %", 100.0 * weight))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncensor_raises_a_stock_out_to_its_neighbours_and_never_lowers() {
        let y = [10.0, 12.0, 2.0, 16.0, 30.0];
        let out = uncensor(&y, &[false, false, true, false, true]);
        assert_eq!(out[2], 14.0);
        // The last period is censored but above its only neighbour: kept.
        assert_eq!(out[4], 30.0);
        assert_eq!(&out[..2], &y[..2]);
        assert_eq!(uncensor(&y, &[]), y.to_vec());
    }

    #[test]
    fn confidence_falls_with_the_scaled_error() {
        assert_eq!(confidence_score(Some(0.0), None), 1.0);
        assert_eq!(confidence_score(Some(1.0), None), 0.5);
        assert_eq!(confidence_score(Some(3.0), Some(10.0)), 0.25);
        assert_eq!(confidence_score(None, Some(20.0)), 0.8);
        assert_eq!(confidence_score(None, Some(250.0)), 0.0);
        assert_eq!(confidence_score(None, None), 0.0);
    }

    #[test]
    fn backtest_leaves_two_seasons_to_train_on() {
        assert_eq!(backtest_length(36, 12, 12), 12);
        assert_eq!(backtest_length(36, 12, 3), 3);
        assert_eq!(backtest_length(30, 12, 12), 6);
        assert_eq!(backtest_length(20, 12, 12), 0);
        assert_eq!(backtest_length(10, 1, 12), 3);
    }

    fn seasonal(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| {
                100.0
                    + 2.0 * t as f64
                    + 40.0 * ((t % 12) as f64 / 12.0 * std::f64::consts::TAU).sin()
            })
            .collect()
    }

    #[test]
    fn review_ranks_candidates_and_keeps_the_chosen_backtest() {
        let y = seasonal(48);
        let cfg = ReviewConfig {
            // Theta, not Auto: Auto weighs its members by the history and would follow
            // ETS here, tying with it.
            kind: ModelKind::Theta,
            season_length: 12,
            horizon: 6,
            levels: vec![80.0, 95.0],
            seed: 0,
        };
        let r = review(&y, &[], &cfg).unwrap();
        assert_eq!(r.forecast.point.len(), 6);
        let bt = r.backtest.as_ref().unwrap();
        assert_eq!(bt.start, 42);
        assert_eq!(bt.actual, y[42..].to_vec());
        assert_eq!(bt.predicted.len(), 6);
        assert!(r.candidates.len() >= 4);
        let keys: Vec<f64> = r.candidates.iter().map(rank_key).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        // A noise-free additive series: ETS(A,A,A) recovers it exactly and ranks first.
        assert_eq!(
            r.candidates[0].kind,
            ModelKind::AutoEts,
            "{:?}",
            r.candidates
        );
        assert!(r.candidates[0].mase.unwrap() < 1e-6);
        let chosen = r
            .candidates
            .iter()
            .find(|c| c.kind == ModelKind::Theta)
            .unwrap();
        assert_eq!(r.confidence, confidence_score(chosen.mase, chosen.wape));
        assert_eq!(bt.accuracy.mase, chosen.mase);
        assert!(r.reason.contains("best was AutoETS"), "{}", r.reason);
    }

    #[test]
    fn an_auto_review_names_the_member_weights() {
        let cfg = ReviewConfig {
            kind: ModelKind::Auto,
            season_length: 12,
            horizon: 6,
            levels: vec![80.0, 95.0],
            seed: 0,
        };
        let noisy: Vec<f64> = seasonal(72)
            .iter()
            .enumerate()
            .map(|(t, v)| v + ((t * 37) % 11) as f64)
            .collect();
        let r = review(&noisy, &[], &cfg).unwrap();
        let (_, after) = r.reason.split_once("history (").expect(&r.reason);
        let (weights, _) = after.split_once(" %)").expect(&r.reason);
        // "ETS-average(5) 52 %, Theta 31 %, DynamicOptimizedTheta 17": each number ends a
        // part before " %".
        let total: f64 = weights
            .split(" %")
            .map(|p| p.rsplit(' ').next().unwrap().parse::<f64>().unwrap())
            .sum();
        assert!((total - 100.0).abs() <= 2.0, "{}", r.reason);
    }

    #[test]
    fn a_short_history_has_no_backtest_and_says_so() {
        let r = review(
            &[5.0, 6.0, 7.0],
            &[],
            &ReviewConfig {
                kind: ModelKind::Auto,
                season_length: 12,
                horizon: 3,
                levels: vec![95.0],
                seed: 0,
            },
        )
        .unwrap();
        assert!(r.backtest.is_none());
        assert_eq!(r.confidence, 0.0);
        assert!(r.reason.contains("too little history"), "{}", r.reason);
    }
}
