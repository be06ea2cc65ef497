//! MinT runs: every total of the run's series (all of them, each category, market, channel
//! and product) is forecast from its own summed history too, and the series are moved to
//! the agreeing forecasts MinT finds from all levels, so a total's own forecast counts as
//! much as its backtest earned. The stored rows stay per series; totals remain their sums.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use sentia_db::forecasts::{NewForecast, RunSeries};
use sentia_forecast::reconcile::{mint_shrink, naive_variance, Hierarchy, NodeForecast};
use sentia_forecast::{backtest_length, review, Backtest, Review, ReviewConfig};
use uuid::Uuid;

use super::model::{RunProgress, RunStage};
use super::run::units;
use crate::job::Cancel;
use crate::AppError;

/// Totals reviewed per blocking task: progress and cancel are heard between chunks.
const CHUNK: usize = 64;

/// What MinT needs of one node: its forecast, its errors over the run's shared error
/// periods, and the demand it learnt from (for the totals' histories).
pub(super) struct Base {
    /// The forecast as stored, never below 0.
    point: Vec<f64>,
    /// Per period ahead, the 80 % and 95 % intervals as the engine gave them.
    intervals: Vec<[Option<(f64, f64)>; 2]>,
    errors: Vec<f64>,
    prior_variance: f64,
    demand: Vec<f64>,
}

impl Base {
    /// The node as the engine reviewed it; `periods` errors, ending at the last period.
    pub(super) fn of(review: &Review, periods: usize, season: usize) -> Base {
        let f = &review.forecast;
        let interval =
            |level: f64, k: usize| f.interval(level).map(|iv| (iv.lower[k], iv.upper[k]));
        Base {
            point: f.point.iter().map(|v| v.max(0.0)).collect(),
            intervals: (0..f.point.len())
                .map(|k| [interval(80.0, k), interval(95.0, k)])
                .collect(),
            errors: past_errors(&review.demand, review.backtest.as_ref(), periods, season),
            prior_variance: naive_variance(&review.demand, season),
            demand: review.demand.clone(),
        }
    }

    fn node(&self) -> NodeForecast<'_> {
        NodeForecast {
            point: &self.point,
            errors: &self.errors,
            prior_variance: self.prior_variance,
        }
    }

    /// The stored values of period `k` once the point moves to `value`: the intervals move
    /// with it, then everything is whole units, at least 0, around the point.
    fn moved(&self, k: usize, value: f64) -> Moved {
        let shift = value.max(0.0) - self.point[k];
        let point = units(value);
        let bounds = |iv: Option<(f64, f64)>| {
            iv.map(|(lo, hi)| (units(lo + shift).min(point), units(hi + shift).max(point)))
        };
        Moved {
            point,
            interval_95: bounds(self.intervals[k][1]).unwrap_or((point, point)),
            interval_80: bounds(self.intervals[k][0]),
        }
    }
}

/// A forecast row's values after reconciliation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Moved {
    point: i32,
    interval_95: (i32, i32),
    interval_80: Option<(i32, i32)>,
}

/// Error periods of a run whose longest series has `longest` periods: those the backtest of
/// that series holds out. `None` when there are too few for a covariance (two errors make
/// every pair of levels look perfectly correlated).
pub(super) fn error_periods(longest: usize, season: usize, horizon: usize) -> Option<usize> {
    Some(backtest_length(longest, season, horizon)).filter(|k| *k >= 3)
}

/// Errors (actual − forecast) over the last `periods` periods: the backtest's where it
/// reaches, before that (a younger series) the seasonal-naive forecast's, or the naive
/// one's; before the series starts it sold nothing and nothing was forecast.
fn past_errors(
    demand: &[f64],
    backtest: Option<&Backtest>,
    periods: usize,
    season: usize,
) -> Vec<f64> {
    let n = demand.len();
    (0..periods)
        .map(|i| {
            let Some(t) = (n + i).checked_sub(periods) else {
                return 0.0;
            };
            if let Some(b) = backtest.filter(|b| t >= b.start) {
                return b.actual[t - b.start] - b.predicted[t - b.start];
            }
            let lag = if season > 1 && t >= season { season } else { 1 };
            demand[t] - t.checked_sub(lag).map_or(0.0, |p| demand[p])
        })
        .collect()
}

/// The groups a series belongs to.
pub(super) struct Membership {
    pub product_id: Uuid,
    pub channel_id: Uuid,
    pub category: String,
    pub market_code: String,
}

/// The totals over `series`: all, each category, market, channel and product. A total with
/// a single series, or the same series as another total, adds nothing and is left out.
pub(super) fn hierarchy(series: &[Membership]) -> (Hierarchy, Vec<String>) {
    let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for (j, s) in series.iter().enumerate() {
        for key in [
            (0, "all series".to_owned()),
            (1, format!("category {}", s.category)),
            (2, format!("market {}", s.market_code)),
            (3, format!("channel {}", s.channel_id)),
            (4, format!("product {}", s.product_id)),
        ] {
            groups.entry(key).or_default().push(j);
        }
    }
    let mut seen: BTreeSet<Vec<usize>> = BTreeSet::new();
    let (names, aggregates) = groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1 && seen.insert(members.clone()))
        .map(|((_, name), members)| (name, members))
        .unzip();
    (
        Hierarchy {
            bottom: series.len(),
            aggregates,
        },
        names,
    )
}

/// What MinT did to a run.
pub(super) struct Outcome {
    /// Per series, its rows' values per period ahead.
    rows: Vec<Vec<Moved>>,
    /// Totals forecast.
    pub totals: usize,
    /// Seconds the MinT solve took, once the totals were forecast.
    pub solve_secs: f64,
    /// How far the error covariance was shrunk towards its diagonal.
    pub shrinkage: f64,
}

/// Forecasts every total of `hierarchy` from the summed demand of its series, a chunk at a
/// time so that progress and cancel are heard, and reconciles them with the series'
/// forecasts `bases` (in the hierarchy's bottom order).
#[allow(clippy::too_many_arguments)]
pub(super) async fn reconcile(
    hierarchy: Hierarchy,
    names: Vec<String>,
    bases: Vec<Base>,
    cfg: &ReviewConfig,
    periods: usize,
    progress: &(dyn Fn(RunProgress) + Sync),
    cancel: &Cancel,
) -> Result<Outcome, AppError> {
    let cfg = ReviewConfig {
        levels: Vec::new(),
        ..cfg.clone()
    };
    let season = cfg.season_length.max(1) as usize;
    let total = hierarchy.aggregates.len();
    let bases = Arc::new(bases);
    let hierarchy = Arc::new(hierarchy);
    let mut totals: Vec<Base> = Vec::with_capacity(total);
    while totals.len() < total {
        cancel.check()?;
        progress(RunProgress {
            stage: RunStage::Reconciling,
            done: totals.len() as u32,
            total: total as u32,
            current: names.get(totals.len()).cloned(),
        });
        let range = totals.len()..(totals.len() + CHUNK).min(total);
        let (bases, hierarchy, cfg, names) = (
            bases.clone(),
            hierarchy.clone(),
            cfg.clone(),
            names[range.clone()].to_vec(),
        );
        let chunk = tokio::task::spawn_blocking(move || {
            hierarchy.aggregates[range]
                .par_iter()
                .zip(&names)
                .map(|(members, name)| {
                    let demand = summed(members.iter().map(|&j| bases[j].demand.as_slice()));
                    let censored = vec![false; demand.len()];
                    review(&demand, &censored, &cfg)
                        .map(|r| Base::of(&r, periods, season))
                        .map_err(|e| AppError::internal(&format!("the total of {name}: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| AppError::internal(&e))??;
        totals.extend(chunk);
    }
    cancel.check()?;
    tokio::task::spawn_blocking(move || {
        let began = std::time::Instant::now();
        let aggregates: Vec<NodeForecast<'_>> = totals.iter().map(Base::node).collect();
        let bottom: Vec<NodeForecast<'_>> = bases.iter().map(Base::node).collect();
        let reconciled =
            mint_shrink(&hierarchy, &aggregates, &bottom).map_err(|e| AppError::internal(&e))?;
        let rows = bases
            .iter()
            .zip(&reconciled.bottom)
            .map(|(base, values)| {
                values
                    .iter()
                    .enumerate()
                    .map(|(k, v)| base.moved(k, *v))
                    .collect()
            })
            .collect();
        Ok(Outcome {
            rows,
            totals: totals.len(),
            solve_secs: began.elapsed().as_secs_f64(),
            shrinkage: reconciled.shrinkage,
        })
    })
    .await
    .map_err(|e| AppError::internal(&e))?
}

/// Sums series that all end in the same period, the shorter ones zero before they start.
fn summed<'a>(series: impl Iterator<Item = &'a [f64]> + Clone) -> Vec<f64> {
    let len = series.clone().map(<[f64]>::len).max().unwrap_or(0);
    let mut sum = vec![0.0; len];
    for s in series {
        for (total, v) in sum[len - s.len()..].iter_mut().zip(s) {
            *total += v;
        }
    }
    sum
}

/// Puts the reconciled values on the run's rows (`horizon` per series, in series order)
/// and says in each series' reason how far it moved.
pub(super) fn apply(
    outcome: &Outcome,
    horizon: usize,
    series: &mut [RunSeries],
    points: &mut [NewForecast],
) {
    let totals = match outcome.totals {
        1 => "1 total".to_owned(),
        n => format!("{n} totals"),
    };
    for ((row, rows), moved) in series
        .iter_mut()
        .zip(points.chunks_mut(horizon))
        .zip(&outcome.rows)
    {
        let before: i64 = rows.iter().map(|p| i64::from(p.predicted_demand)).sum();
        for (p, m) in rows.iter_mut().zip(moved) {
            p.predicted_demand = m.point;
            (p.lower_bound, p.upper_bound) = m.interval_95;
            p.interval_80 = m.interval_80;
        }
        let after: i64 = rows.iter().map(|p| i64::from(p.predicted_demand)).sum();
        row.reason.push_str(&format!(
            "; reconciled by MinT with the run's {totals} forecast too: {before} → {after} \
             units over the horizon"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_from_the_backtest_then_seasonal_naive_then_naive() {
        let demand = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0];
        let backtest = Backtest {
            start: 4,
            predicted: vec![7.0, 10.0],
            actual: vec![8.0, 13.0],
            accuracy: sentia_forecast::Accuracy {
                mae: 2.0,
                rmse: 2.2,
                mape: None,
                smape: 0.0,
                mase: None,
                wape: None,
                bias: 0.0,
                coverage: Vec::new(),
                msis: None,
            },
        };
        // Season 2: t = 2 and 3 compare with two periods back; t = 4, 5 are backtested.
        assert_eq!(
            past_errors(&demand, Some(&backtest), 4, 2),
            vec![2.0, 3.0, 1.0, 3.0]
        );
        // Longer than the series: before it starts, nothing; its first period against 0.
        assert_eq!(
            past_errors(&demand[..2], None, 4, 12),
            vec![0.0, 0.0, 1.0, 1.0]
        );
    }

    #[test]
    fn totals_without_anything_to_add_are_left_out() {
        let (p1, p2, c1, c2) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let series = |product_id, channel_id, category: &str| Membership {
            product_id,
            channel_id,
            category: category.to_owned(),
            market_code: "UK".to_owned(),
        };
        // One category and one market: both the same as "all series".
        let (h, names) = hierarchy(&[
            series(p1, c1, "Red"),
            series(p1, c2, "Red"),
            series(p2, c1, "Red"),
        ]);
        assert_eq!(h.bottom, 3);
        assert_eq!(names.len(), h.aggregates.len());
        assert_eq!(names[0], "all series");
        // all, channel c1 {0, 2}, product p1 {0, 1}; c2 and p2 have one series each.
        assert_eq!(h.aggregates.len(), 3);
        assert!(h.aggregates.contains(&vec![0, 2]) && h.aggregates.contains(&vec![0, 1]));
    }

    #[test]
    fn sums_align_series_at_their_end() {
        let a = [1.0, 2.0, 3.0];
        let b = [10.0];
        assert_eq!(summed([&a[..], &b[..]].into_iter()), vec![1.0, 2.0, 13.0]);
    }
}
