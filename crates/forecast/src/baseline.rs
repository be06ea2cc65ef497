//! Baselines: naive, seasonal naive, moving average and the M4 Naive2.

use crate::decompose::{m4_seasonal_indices, trend_line};
use crate::prediction::{normal_intervals, Decomposition, Fit, Predict, Prediction, SeasonalKind};
use crate::stats::mean;
use crate::ForecastError;

/// Root mean square, scaled by the largest magnitude first so that values near the top
/// of the floating-point range do not overflow when squared.
fn rms(x: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = x.collect();
    let big = v.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    if v.is_empty() || big == 0.0 || !big.is_finite() {
        return 0.0;
    }
    let s: f64 = v.iter().map(|x| (x / big) * (x / big)).sum();
    big * (s / v.len() as f64).sqrt()
}

pub(crate) fn plain_decomposition(y: &[f64], point: &[f64], m: usize) -> Decomposition {
    history_then(trend_line(y, m), point)
}

fn history_then(mut trend: Vec<f64>, point: &[f64]) -> Decomposition {
    trend.extend_from_slice(point);
    Decomposition {
        kind: SeasonalKind::None,
        seasonal: vec![0.0; trend.len()],
        trend,
    }
}

/// Naive: the last value, with random-walk intervals (`σ √h`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Naive;

/// Fitted [`Naive`].
#[derive(Debug, Clone)]
pub(crate) struct FittedNaive {
    pub(crate) last: f64,
    pub(crate) sigma: f64,
    trend: Vec<f64>,
}

impl Fit for Naive {
    type Fitted = FittedNaive;

    /// Needs `y` non-empty.
    fn fit(&self, y: &[f64]) -> Result<FittedNaive, ForecastError> {
        Ok(FittedNaive {
            last: *y.last().unwrap_or(&0.0),
            sigma: rms(y.windows(2).map(|w| w[1] - w[0])),
            trend: trend_line(y, 1),
        })
    }
}

impl Predict for FittedNaive {
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let point = vec![self.last; h];
        let sd: Vec<f64> = (1..=h).map(|k| self.sigma * (k as f64).sqrt()).collect();
        Ok(Prediction {
            intervals: normal_intervals(&point, &sd, levels),
            decomposition: history_then(self.trend.clone(), &point),
            point,
        })
    }
}

/// Seasonal naive: the value one season earlier; intervals `σ √(⌊(h−1)/m⌋ + 1)`. Needs at
/// least one season (`m > 1`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SeasonalNaive {
    pub(crate) season_length: usize,
}

/// Fitted [`SeasonalNaive`].
#[derive(Debug, Clone)]
pub(crate) struct FittedSeasonalNaive {
    last_season: Vec<f64>,
    pub(crate) sigma: f64,
    trend: Vec<f64>,
}

impl Fit for SeasonalNaive {
    type Fitted = FittedSeasonalNaive;

    fn fit(&self, y: &[f64]) -> Result<FittedSeasonalNaive, ForecastError> {
        let (n, m) = (y.len(), self.season_length);
        if m <= 1 || n < m {
            return Err(ForecastError::NotEnoughData {
                model: "SeasonalNaive".into(),
                needed: m,
                got: n,
            });
        }
        Ok(FittedSeasonalNaive {
            last_season: y[n - m..].to_vec(),
            sigma: rms((m..n).map(|t| y[t] - y[t - m])),
            trend: trend_line(y, m),
        })
    }
}

impl FittedSeasonalNaive {
    pub(crate) fn season_length(&self) -> usize {
        self.last_season.len()
    }
}

impl Predict for FittedSeasonalNaive {
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let m = self.last_season.len();
        let point: Vec<f64> = (0..h).map(|k| self.last_season[k % m]).collect();
        let sd: Vec<f64> = (0..h)
            .map(|k| self.sigma * ((k / m + 1) as f64).sqrt())
            .collect();
        Ok(Prediction {
            intervals: normal_intervals(&point, &sd, levels),
            decomposition: history_then(self.trend.clone(), &point),
            point,
        })
    }

    fn point_from(&self, y: &[f64], origin: usize, h: usize) -> Option<Vec<f64>> {
        let m = self.last_season.len();
        let season = y.get(origin.checked_sub(m)?..origin)?;
        Some((0..h).map(|k| season[k % m]).collect())
    }
}

/// Moving average of the last `window` values; constant intervals from one-step errors
/// plus the uncertainty of the mean.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WindowAverage {
    pub(crate) window: usize,
}

/// Fitted [`WindowAverage`].
#[derive(Debug, Clone)]
pub(crate) struct FittedWindowAverage {
    pub(crate) window: usize,
    pub(crate) mean: f64,
    pub(crate) sigma: f64,
    trend: Vec<f64>,
}

impl Fit for WindowAverage {
    type Fitted = FittedWindowAverage;

    fn fit(&self, y: &[f64]) -> Result<FittedWindowAverage, ForecastError> {
        let n = y.len();
        let k = self.window.clamp(1, n.max(1));
        Ok(FittedWindowAverage {
            window: k,
            mean: mean(&y[n - k..]),
            sigma: rms((k..n).map(|t| y[t] - mean(&y[t - k..t]))),
            trend: trend_line(y, 1),
        })
    }
}

impl Predict for FittedWindowAverage {
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let point = vec![self.mean; h];
        let sd = vec![self.sigma * (1.0 + 1.0 / self.window as f64).sqrt(); h];
        Ok(Prediction {
            intervals: normal_intervals(&point, &sd, levels),
            decomposition: history_then(self.trend.clone(), &point),
            point,
        })
    }
}

/// M4 Naive2: naive on the multiplicatively seasonally adjusted series when the series is
/// positive and passes the 90% seasonality test (same definition as the benchmark scorer).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Naive2 {
    pub(crate) season_length: usize,
}

/// Fitted [`Naive2`].
#[derive(Debug, Clone)]
pub(crate) struct FittedNaive2 {
    pub(crate) seasonal_indices: Option<Vec<f64>>,
    pub(crate) last_adjusted: f64,
    pub(crate) sigma: f64,
    n: usize,
    m: usize,
    trend: Vec<f64>,
}

impl Fit for Naive2 {
    type Fitted = FittedNaive2;

    fn fit(&self, y: &[f64]) -> Result<FittedNaive2, ForecastError> {
        let (n, m) = (y.len(), self.season_length);
        let idx = m4_seasonal_indices(y, m);
        let adj: Vec<f64> = match &idx {
            Some(s) => y.iter().enumerate().map(|(t, v)| v / s[t % m]).collect(),
            None => y.to_vec(),
        };
        Ok(FittedNaive2 {
            last_adjusted: adj[n - 1],
            sigma: rms(adj.windows(2).map(|w| w[1] - w[0])),
            trend: trend_line(&adj, m),
            seasonal_indices: idx,
            n,
            m,
        })
    }
}

impl Predict for FittedNaive2 {
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let (n, m, last) = (self.n, self.m, self.last_adjusted);
        let idx = &self.seasonal_indices;
        let fac = |t: usize| idx.as_ref().map(|s| s[t % m]).unwrap_or(1.0);
        let point: Vec<f64> = (0..h).map(|k| last * fac(n + k)).collect();
        let sd: Vec<f64> = (0..h)
            .map(|k| self.sigma * ((k + 1) as f64).sqrt() * fac(n + k))
            .collect();
        let kind = if idx.is_some() {
            SeasonalKind::Multiplicative
        } else {
            SeasonalKind::None
        };
        let mut trend = self.trend.clone();
        trend.extend(std::iter::repeat_n(last, h));
        let seasonal = (0..n + h)
            .map(|t| if idx.is_some() { fac(t) } else { 0.0 })
            .collect();
        Ok(Prediction {
            intervals: normal_intervals(&point, &sd, levels),
            decomposition: Decomposition {
                kind,
                trend,
                seasonal,
            },
            point,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(y: &[f64], h: usize, levels: &[f64]) -> Prediction {
        Naive.fit(y).unwrap().predict(h, levels).unwrap()
    }

    fn seasonal_naive(y: &[f64], h: usize, m: usize, levels: &[f64]) -> Prediction {
        let spec = SeasonalNaive { season_length: m };
        spec.fit(y).unwrap().predict(h, levels).unwrap()
    }

    fn naive2(y: &[f64], h: usize, m: usize, levels: &[f64]) -> Prediction {
        let spec = Naive2 { season_length: m };
        spec.fit(y).unwrap().predict(h, levels).unwrap()
    }

    fn moving_average(y: &[f64], h: usize, window: usize, levels: &[f64]) -> Prediction {
        let spec = WindowAverage { window };
        spec.fit(y).unwrap().predict(h, levels).unwrap()
    }

    #[test]
    fn naive_repeats_the_last_value_with_growing_intervals() {
        let f = naive(&[1.0, 2.0, 4.0], 3, &[95.0]);
        assert_eq!(f.point, vec![4.0; 3]);
        // one-step errors 1, 2 → rms = sqrt(2.5)
        let w1 = f.intervals[0].upper[0] - f.point[0];
        let w3 = f.intervals[0].upper[2] - f.point[2];
        assert!((w1 - 1.959_964 * 2.5f64.sqrt()).abs() < 1e-5);
        assert!((w3 / w1 - 3f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn seasonal_naive_repeats_the_last_season() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let f = seasonal_naive(&y, 5, 3, &[]);
        assert_eq!(f.point, vec![4.0, 5.0, 6.0, 4.0, 5.0]);
    }

    #[test]
    fn naive2_matches_the_scorer_selftest() {
        let x: Vec<f64> = (0..20)
            .map(|i| if i % 2 == 0 { 1.0 } else { 3.0 })
            .collect();
        let f = naive2(&x, 3, 2, &[]);
        assert!((f.point[0] - 1.0).abs() < 1e-12);
        assert!((f.point[1] - 3.0).abs() < 1e-12);
        assert!((f.point[2] - 1.0).abs() < 1e-12);
        assert_eq!(
            naive2(&[1.0, 2.0, 3.0, 4.0, 5.0], 2, 2, &[]).point,
            vec![5.0, 5.0]
        );
    }

    #[test]
    fn moving_average_is_the_mean_of_the_window() {
        let f = moving_average(&[1.0, 2.0, 3.0, 10.0, 20.0], 2, 2, &[80.0]);
        assert_eq!(f.point, vec![15.0, 15.0]);
    }
}
