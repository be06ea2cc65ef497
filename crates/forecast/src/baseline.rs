//! Baselines: naive, seasonal naive, moving average and the M4 Naive2.

use crate::decompose::{m4_seasonal_indices, trend_line};
use crate::forecast::{Decomposition, ForecastInterval, SeasonalKind};
use crate::stats::{mean, z_for_level};
use crate::{Forecast, ModelParams};

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

fn normal_intervals(point: &[f64], sd: &[f64], levels: &[f64]) -> Vec<ForecastInterval> {
    levels
        .iter()
        .map(|&lv| {
            let z = z_for_level(lv);
            ForecastInterval {
                level: lv,
                lower: point.iter().zip(sd).map(|(p, s)| p - z * s).collect(),
                upper: point.iter().zip(sd).map(|(p, s)| p + z * s).collect(),
            }
        })
        .collect()
}

pub(crate) fn plain_decomposition(y: &[f64], point: &[f64], m: usize) -> Decomposition {
    let mut trend = trend_line(y, m);
    trend.extend_from_slice(point);
    Decomposition {
        kind: SeasonalKind::None,
        seasonal: vec![0.0; trend.len()],
        trend,
    }
}

/// Naive: the last value, with random-walk intervals (`σ √h`). Needs `y` non-empty.
pub(crate) fn naive(y: &[f64], h: usize, levels: &[f64]) -> Forecast {
    let last = *y.last().unwrap_or(&0.0);
    let sigma = rms(y.windows(2).map(|w| w[1] - w[0]));
    let point = vec![last; h];
    let sd: Vec<f64> = (1..=h).map(|k| sigma * (k as f64).sqrt()).collect();
    Forecast {
        model: "Naive".into(),
        intervals: normal_intervals(&point, &sd, levels),
        decomposition: plain_decomposition(y, &point, 1),
        point,
        params: ModelParams::Naive { last, sigma },
        fallback: None,
    }
}

/// Seasonal naive: the value one season earlier; intervals `σ √(⌊(h−1)/m⌋ + 1)`.
/// Falls back to naive when the series is shorter than one season.
pub(crate) fn seasonal_naive(y: &[f64], h: usize, m: usize, levels: &[f64]) -> Forecast {
    let n = y.len();
    if m <= 1 || n < m {
        let mut f = naive(y, h, levels);
        if m > 1 {
            f.fallback = Some("Naive: series shorter than one season".into());
        }
        return f;
    }
    let sigma = rms((m..n).map(|t| y[t] - y[t - m]));
    let point: Vec<f64> = (0..h).map(|k| y[n - m + k % m]).collect();
    let sd: Vec<f64> = (0..h)
        .map(|k| sigma * ((k / m + 1) as f64).sqrt())
        .collect();
    Forecast {
        model: "SeasonalNaive".into(),
        intervals: normal_intervals(&point, &sd, levels),
        decomposition: plain_decomposition(y, &point, m),
        point,
        params: ModelParams::SeasonalNaive {
            season_length: m as u32,
            sigma,
        },
        fallback: None,
    }
}

/// Moving average of the last `window` values; constant intervals from one-step errors
/// plus the uncertainty of the mean.
pub(crate) fn moving_average(y: &[f64], h: usize, window: usize, levels: &[f64]) -> Forecast {
    let n = y.len();
    let k = window.clamp(1, n.max(1));
    let mu = mean(&y[n - k..]);
    let sigma = rms((k..n).map(|t| y[t] - mean(&y[t - k..t])));
    let point = vec![mu; h];
    let sd = vec![sigma * (1.0 + 1.0 / k as f64).sqrt(); h];
    Forecast {
        model: "WindowAverage".into(),
        intervals: normal_intervals(&point, &sd, levels),
        decomposition: plain_decomposition(y, &point, 1),
        point,
        params: ModelParams::MovingAverage {
            window: k as u32,
            mean: mu,
            sigma,
        },
        fallback: None,
    }
}

/// M4 Naive2: naive on the multiplicatively seasonally adjusted series when the series is
/// positive and passes the 90% seasonality test (same definition as the benchmark scorer).
pub(crate) fn naive2(y: &[f64], h: usize, m: usize, levels: &[f64]) -> Forecast {
    let n = y.len();
    let idx = m4_seasonal_indices(y, m);
    let adj: Vec<f64> = match &idx {
        Some(s) => y.iter().enumerate().map(|(t, v)| v / s[t % m]).collect(),
        None => y.to_vec(),
    };
    let last = adj[n - 1];
    let sigma = rms(adj.windows(2).map(|w| w[1] - w[0]));
    let fac = |t: usize| idx.as_ref().map(|s| s[t % m]).unwrap_or(1.0);
    let point: Vec<f64> = (0..h).map(|k| last * fac(n + k)).collect();
    let sd: Vec<f64> = (0..h)
        .map(|k| sigma * ((k + 1) as f64).sqrt() * fac(n + k))
        .collect();
    let kind = if idx.is_some() {
        SeasonalKind::Multiplicative
    } else {
        SeasonalKind::None
    };
    let mut trend = trend_line(&adj, m);
    trend.extend(std::iter::repeat_n(last, h));
    let seasonal = (0..n + h)
        .map(|t| if idx.is_some() { fac(t) } else { 0.0 })
        .collect();
    Forecast {
        model: "Naive2".into(),
        intervals: normal_intervals(&point, &sd, levels),
        decomposition: Decomposition {
            kind,
            trend,
            seasonal,
        },
        point,
        params: ModelParams::Naive2 {
            seasonal_indices: idx,
            last_adjusted: last,
            sigma,
        },
        fallback: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
