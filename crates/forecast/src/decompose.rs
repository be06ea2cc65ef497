//! Seasonality test and classical decomposition (M4 benchmark definitions).

use crate::prediction::SeasonalKind;
use crate::stats::{acf, mean};

/// The M4 competition's 90% seasonality test: true if `y` counts as seasonal with
/// period `m`.
///
/// Requires `n >= 3m` and, as R's `acf()` default `lag.max`, `m <= floor(10 log10 n)`;
/// then seasonal when `|r_m| > 1.645 sqrt((1 + 2 Σ_{k<m} r_k²) / n)`.
pub fn seasonality_test(y: &[f64], m: usize) -> bool {
    let n = y.len();
    if m <= 1 || n < 3 * m {
        return false;
    }
    if m as f64 > (10.0 * (n as f64).log10()).floor() {
        return false;
    }
    let r: Vec<f64> = (1..=m).map(|k| acf(y, k)).collect();
    let s: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let limit = 1.645 * ((1.0 + 2.0 * s) / n as f64).sqrt();
    r[m - 1].abs() > limit
}

/// Centred moving average of order `m` (2×m for even `m`), as R's `decompose`.
/// Entries without a full window are `None`.
pub(crate) fn centred_ma(y: &[f64], m: usize) -> Vec<Option<f64>> {
    let n = y.len();
    let mut out = vec![None; n];
    if m <= 1 {
        return y.iter().map(|&v| Some(v)).collect();
    }
    let half = m / 2;
    if n < 2 * half + 1 {
        return out;
    }
    let even = m.is_multiple_of(2);
    for (t, slot) in out.iter_mut().enumerate().take(n - half).skip(half) {
        let v = if even {
            let mut s = 0.5 * (y[t - half] + y[t + half]);
            s += y[t + 1 - half..t + half].iter().sum::<f64>();
            s / m as f64
        } else {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        };
        *slot = Some(v);
    }
    out
}

/// Classical multiplicative seasonal indices by position `t mod m` (t = 0 at the first
/// observation), normalised to mean 1, as R's `decompose(type = "multiplicative")` and the
/// scorer's Naive2. `None` if they cannot be computed (too short, or non-positive indices).
pub fn seasonal_indices_multiplicative(y: &[f64], m: usize) -> Option<Vec<f64>> {
    if m <= 1 || y.len() < 2 * m {
        return None;
    }
    let tr = centred_ma(y, m);
    let mut sums = vec![0.0; m];
    let mut cnts = vec![0usize; m];
    for (t, v) in tr.iter().enumerate() {
        if let Some(v) = v {
            if *v == 0.0 {
                continue;
            }
            sums[t % m] += y[t] / v;
            cnts[t % m] += 1;
        }
    }
    if cnts.contains(&0) {
        return None;
    }
    let fig: Vec<f64> = sums.iter().zip(&cnts).map(|(s, &c)| s / c as f64).collect();
    let mu = mean(&fig);
    if mu.is_nan()
        || mu <= 0.0
        || fig
            .iter()
            .any(|v| v.is_nan() || *v <= 0.0 || !v.is_finite())
    {
        return None;
    }
    Some(fig.iter().map(|v| v / mu).collect())
}

/// Classical additive seasonal indices by position `t mod m`, normalised to sum 0.
pub fn seasonal_indices_additive(y: &[f64], m: usize) -> Option<Vec<f64>> {
    if m <= 1 || y.len() < 2 * m {
        return None;
    }
    let tr = centred_ma(y, m);
    let mut sums = vec![0.0; m];
    let mut cnts = vec![0usize; m];
    for (t, v) in tr.iter().enumerate() {
        if let Some(v) = v {
            sums[t % m] += y[t] - v;
            cnts[t % m] += 1;
        }
    }
    if cnts.contains(&0) {
        return None;
    }
    let fig: Vec<f64> = sums.iter().zip(&cnts).map(|(s, &c)| s / c as f64).collect();
    let mu = mean(&fig);
    if !mu.is_finite() {
        return None;
    }
    Some(fig.iter().map(|v| v - mu).collect())
}

/// Multiplicative seasonal adjustment used by Naive2 and Theta: when the series is
/// positive and passes [`seasonality_test`], returns the indices (by position `t mod m`).
pub(crate) fn m4_seasonal_indices(y: &[f64], m: usize) -> Option<Vec<f64>> {
    if y.iter().any(|v| *v <= 0.0) || !seasonality_test(y, m) {
        return None;
    }
    seasonal_indices_multiplicative(y, m)
}

/// A seasonal adjustment: how it combines and the indices by position `t mod m`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeasonalAdjustment {
    /// [`SeasonalKind::Multiplicative`] or [`SeasonalKind::Additive`].
    pub kind: SeasonalKind,
    /// Indices (mean 1) or offsets (sum 0).
    pub indices: Vec<f64>,
}

impl SeasonalAdjustment {
    /// The seasonal component at position `t`.
    pub fn at(&self, t: usize) -> f64 {
        self.indices[t % self.indices.len()]
    }

    /// `y` without its seasonal component.
    pub fn remove(&self, y: &[f64]) -> Vec<f64> {
        y.iter()
            .enumerate()
            .map(|(t, v)| match self.kind {
                SeasonalKind::Additive => v - self.at(t),
                _ => v / self.at(t),
            })
            .collect()
    }

    /// An adjusted value at position `t` with the seasonal component put back.
    pub fn restore(&self, v: f64, t: usize) -> f64 {
        match self.kind {
            SeasonalKind::Additive => v + self.at(t),
            _ => v * self.at(t),
        }
    }

    /// Scales a spread (standard deviation) on the adjusted scale to position `t`.
    pub fn restore_spread(&self, sd: f64, t: usize) -> f64 {
        match self.kind {
            SeasonalKind::Additive => sd,
            _ => sd * self.at(t),
        }
    }
}

/// The theta method's seasonal adjustment as its reference implementation (statsforecast's
/// `auto_theta`) defines it, which differs from the M4 benchmark's ([`m4_seasonal_indices`]):
/// tested for any `m >= 4` with two full seasons (`n >= 2m`) at the exact one-sided 90%
/// normal quantile; multiplicative decomposition, unless the series has a zero or negative
/// value or an index falls below 0.01, when the decomposition is additive instead. Without
/// that switch a series with a single zero was not adjusted at all, which cost the theta
/// forecasts most of their accuracy on seasonal demand with gaps.
pub(crate) fn theta_seasonal_adjustment(y: &[f64], m: usize) -> Option<SeasonalAdjustment> {
    let n = y.len();
    if m < 4 || n < 2 * m {
        return None;
    }
    let r: Vec<f64> = (1..=m).map(|k| acf(y, k)).collect();
    let stat = ((1.0 + 2.0 * r[..m - 1].iter().map(|v| v * v).sum::<f64>()) / n as f64).sqrt();
    let one_sided_90 = 1.6448536269514722;
    if r[m - 1].abs() / stat <= one_sided_90 {
        return None;
    }
    let positive = y.iter().all(|v| *v > 0.0);
    if positive {
        if let Some(indices) = seasonal_indices_multiplicative(y, m) {
            if indices.iter().all(|v| *v >= 0.01) {
                return Some(SeasonalAdjustment {
                    kind: SeasonalKind::Multiplicative,
                    indices,
                });
            }
        }
    }
    seasonal_indices_additive(y, m).map(|indices| SeasonalAdjustment {
        kind: SeasonalKind::Additive,
        indices,
    })
}

/// A generic trend line for drawing: the centred moving average, extended at the ends
/// with the nearest available value (or the series itself when too short).
pub(crate) fn trend_line(y: &[f64], m: usize) -> Vec<f64> {
    let ma = centred_ma(y, m.max(1));
    let first = ma.iter().flatten().next().copied();
    let last = ma.iter().rev().flatten().next().copied();
    match (first, last) {
        (Some(f), Some(l)) => {
            let firsti = ma.iter().position(|v| v.is_some()).unwrap_or(0);
            ma.iter()
                .enumerate()
                .map(|(i, v)| v.unwrap_or(if i < firsti { f } else { l }))
                .collect()
        }
        _ => y.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasonality_test_matches_scorer_selftest() {
        // score.py self-test: alternating 1,3 series of length 20 is seasonal with m = 2.
        let x: Vec<f64> = (0..20)
            .map(|i| if i % 2 == 0 { 1.0 } else { 3.0 })
            .collect();
        assert!((acf(&x, 1) + 0.95).abs() < 1e-12);
        assert!(seasonality_test(&x, 2));
        assert!(!seasonality_test(&[1.0, 3.0, 1.0, 3.0, 1.0], 2));
    }

    #[test]
    fn multiplicative_indices_of_a_pure_seasonal_pattern() {
        let pat = [0.5, 1.0, 1.5];
        let y: Vec<f64> = (0..12).map(|i| 10.0 * pat[i % 3]).collect();
        let idx = seasonal_indices_multiplicative(&y, 3).unwrap();
        for (a, b) in idx.iter().zip(pat) {
            assert!((a - b).abs() < 1e-12, "{idx:?}");
        }
    }

    #[test]
    fn theta_adjustment_is_additive_when_the_series_has_a_zero() {
        let pat = [0.5, 1.0, 1.5, 2.0];
        let mut y: Vec<f64> = (0..24)
            .map(|i| 10.0 * pat[i % 4] + (i % 3) as f64)
            .collect();
        let positive = theta_seasonal_adjustment(&y, 4).unwrap();
        assert_eq!(positive.kind, SeasonalKind::Multiplicative);
        y[5] = 0.0;
        let with_zero = theta_seasonal_adjustment(&y, 4).unwrap();
        assert_eq!(with_zero.kind, SeasonalKind::Additive);
        let adjusted = with_zero.remove(&y);
        assert!((with_zero.restore(adjusted[7], 7) - y[7]).abs() < 1e-12);
        // Two seasons are enough, whatever the season length (the M4 test wants three).
        let weekly: Vec<f64> = (0..104)
            .map(|i| {
                if i % 52 >= 48 {
                    60.0
                } else {
                    5.0 + (i % 3) as f64
                }
            })
            .collect();
        assert!(!seasonality_test(&weekly, 52));
        assert!(theta_seasonal_adjustment(&weekly, 52).is_some());
        assert!(theta_seasonal_adjustment(&weekly[..103], 52).is_none());
    }

    #[test]
    fn additive_indices_sum_to_zero() {
        let y: Vec<f64> = (0..24)
            .map(|i| i as f64 + [3.0, -1.0, -2.0, 0.0][i % 4])
            .collect();
        let idx = seasonal_indices_additive(&y, 4).unwrap();
        assert!(idx.iter().sum::<f64>().abs() < 1e-12);
        assert!((idx[0] - 3.0).abs() < 1e-9, "{idx:?}");
    }
}
