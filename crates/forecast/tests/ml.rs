//! The global ridge model (`ML`): learns a pattern shared across series, is deterministic,
//! and falls back (named, finite) on series it cannot use.

use sentia_forecast::{fit_batch, FallbackReason, Forecast, ModelKind, ModelName, ModelSpec};

const M: usize = 12;
const SEASON: [f64; M] = [
    0.8, 0.85, 0.95, 1.0, 1.1, 1.2, 1.3, 1.25, 1.1, 0.95, 0.8, 0.7,
];

/// Deterministic uniform numbers in [0, 1) (xorshift), so the tests need no RNG crate.
struct Xs(u64);
impl Xs {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Roughly normal (sum of 12 uniforms − 6).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

/// `k` series of length `n`: scale × season × (1 + u_t), with u an AR(1) (φ = 0.8) around
/// zero with its own noise per series. The best forecast reverts u towards zero, which
/// seasonal naive (carrying last year's u) cannot do.
fn seasonal_ar_batch(k: usize, n: usize, noise: f64) -> Vec<Vec<f64>> {
    let mut rng = Xs(0x9E37_79B9_7F4A_7C15);
    (0..k)
        .map(|i| {
            let scale = 10.0 + 37.0 * i as f64;
            let mut u = 0.3 * rng.normal() * noise / 0.05;
            (0..n)
                .map(|t| {
                    u = 0.8 * u + noise * rng.normal();
                    scale * SEASON[t % M] * (1.0 + u)
                })
                .collect()
        })
        .collect()
}

fn spec() -> ModelSpec {
    ModelSpec::new(ModelKind::Ml, M as u32)
}

fn forecasts(batch: &[Vec<f64>], h: usize) -> Vec<Forecast> {
    let refs: Vec<&[f64]> = batch.iter().map(Vec::as_slice).collect();
    fit_batch(&spec(), &refs, h)
        .into_iter()
        .map(|f| f.unwrap().predict(h, &[80.0, 95.0]).unwrap())
        .collect()
}

fn assert_finite(f: &Forecast) {
    assert!(f.is_finite(), "{f:?}");
    for iv in &f.intervals {
        for k in 0..f.point.len() {
            assert!(iv.lower[k] <= f.point[k] && f.point[k] <= iv.upper[k]);
        }
    }
}

#[test]
fn learns_a_shared_seasonal_ar_pattern_better_than_seasonal_naive() {
    let (n, h) = (96, 12);
    let full = seasonal_ar_batch(60, n + h, 0.05);
    let train: Vec<Vec<f64>> = full.iter().map(|y| y[..n].to_vec()).collect();
    let fcs = forecasts(&train, h);
    let (mut err_ml, mut err_sn) = (0.0, 0.0);
    for ((y, tr), f) in full.iter().zip(&train).zip(&fcs) {
        assert_eq!(f.model, ModelName::Ml);
        assert!(f.fallback.is_none(), "{:?}", f.fallback);
        assert_finite(f);
        let scale = tr.iter().sum::<f64>() / n as f64;
        for k in 0..h {
            err_ml += (y[n + k] - f.point[k]).abs() / scale;
            err_sn += (y[n + k] - tr[n - M + k % M]).abs() / scale;
        }
    }
    // The global model must clearly beat seasonal naive on the held-out year.
    assert!(
        err_ml < 0.85 * err_sn,
        "ML {err_ml:.3} vs seasonal naive {err_sn:.3}"
    );
}

#[test]
fn reproduces_a_noise_free_pattern_shared_by_scaled_copies() {
    let (n, h) = (60, 18);
    let batch: Vec<Vec<f64>> = (0..20)
        .map(|i| {
            let scale = 5.0 + 3.0 * i as f64;
            (0..n).map(|t| scale * SEASON[t % M]).collect()
        })
        .collect();
    for (i, f) in forecasts(&batch, h).iter().enumerate() {
        let scale = 5.0 + 3.0 * i as f64;
        for k in 0..h {
            let want = scale * SEASON[(n + k) % M];
            assert!(
                (f.point[k] - want).abs() <= 0.02 * want,
                "series {i} step {k}: {} vs {want}",
                f.point[k]
            );
        }
    }
}

#[test]
fn same_input_gives_the_same_output() {
    let batch = seasonal_ar_batch(25, 80, 0.1);
    let a = forecasts(&batch, 18);
    let b = forecasts(&batch, 18);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.point, y.point);
        for (p, q) in x.intervals.iter().zip(&y.intervals) {
            assert_eq!(p.lower, q.lower);
            assert_eq!(p.upper, q.upper);
        }
        assert_eq!(x.params, y.params);
    }
}

#[test]
fn unusable_series_fall_back_by_name_without_nan() {
    let mut batch = seasonal_ar_batch(10, 60, 0.05);
    batch.push(vec![3.0, 4.0, 5.0]); // too short for a window
    batch.push(vec![7.0; 40]); // constant
    batch.push(vec![0.0; 40]); // all zero
    batch.push(vec![f64::NAN, 1.0, f64::NAN, 2.0, 3.0]); // short with gaps
    let fcs = forecasts(&batch, 6);
    for f in &fcs[..10] {
        assert_eq!(f.model, ModelName::Ml);
    }
    for f in &fcs[10..] {
        assert_finite(f);
        assert_ne!(f.model, ModelName::Ml);
        let why = f
            .fallback
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(why.starts_with("Naive"), "{why}");
    }
    assert!(matches!(
        &fcs[10].fallback.as_ref().unwrap().0[0],
        FallbackReason::FitFailed { error, .. } if error.contains("ML needs")
    ));
    // The one-series path names the same fallbacks.
    for y in &batch[10..] {
        let f = spec().fit(y).unwrap().predict(6, &[95.0]).unwrap();
        assert_finite(&f);
        assert!(f.fallback.is_some());
    }
}

#[test]
fn a_batch_of_only_short_series_still_forecasts() {
    let batch = [vec![1.0, 2.0, 3.0], vec![5.0, 5.5]];
    for f in forecasts(&batch, 4) {
        assert_finite(&f);
        assert!(f.fallback.is_some());
    }
}

#[test]
fn a_single_series_trains_on_its_own_windows() {
    let y = &seasonal_ar_batch(1, 72, 0.05)[0];
    let f = spec().fit(y).unwrap().predict(18, &[80.0, 95.0]).unwrap();
    assert_eq!(f.model, ModelName::Ml);
    assert_finite(&f);
}
