//! Small numerical helpers shared by the models.

/// Mean of a slice (NaN for an empty slice).
pub(crate) fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    x.iter().sum::<f64>() / x.len() as f64
}

/// Sample variance with `ddof` degrees of freedom removed (0 if too few points).
pub(crate) fn variance(x: &[f64], ddof: usize) -> f64 {
    if x.len() <= ddof {
        return 0.0;
    }
    let m = mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - ddof) as f64
}

/// Sample autocorrelation at lag `k`, as R's `acf()` (denominator: the full sum of squares).
pub(crate) fn acf(x: &[f64], k: usize) -> f64 {
    let n = x.len();
    if k >= n {
        return 0.0;
    }
    let m = mean(x);
    let den: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    if den == 0.0 {
        return 0.0;
    }
    let num: f64 = (k..n).map(|i| (x[i] - m) * (x[i - k] - m)).sum();
    num / den
}

/// Ordinary least squares of `y` on `t = 1..=n`: returns `(intercept, slope)`.
pub(crate) fn linear_trend(y: &[f64]) -> (f64, f64) {
    let n = y.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    if n == 1 {
        return (y[0], 0.0);
    }
    let nf = n as f64;
    let tm = (nf + 1.0) / 2.0;
    let ym = mean(y);
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    for (i, v) in y.iter().enumerate() {
        let dt = (i + 1) as f64 - tm;
        sxy += dt * (v - ym);
        sxx += dt * dt;
    }
    let slope = sxy / sxx;
    (ym - slope * tm, slope)
}

/// Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub(crate) fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let plow = 0.02425;
    if p < plow {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - plow {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// Two-sided standard normal critical value for a level in percent (95 → 1.959964).
pub(crate) fn z_for_level(level: f64) -> f64 {
    normal_quantile(0.5 + level / 200.0)
}

/// Empirical quantile (type 7, as R's default) of an ascending sorted slice.
pub(crate) fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    if n == 1 {
        return sorted[0];
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// [`quantile_sorted`] of an unsorted slice, by selection instead of a full sort (the
/// same two order statistics, so the same value). Reorders `v`.
pub(crate) fn quantile_select(v: &mut [f64], p: f64) -> f64 {
    let n = v.len();
    if n < 2 {
        return v.first().copied().unwrap_or(f64::NAN);
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let (_, &mut x_lo, above) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let x_hi = above.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}

/// Median of a slice (NaN when empty).
pub(crate) fn median(x: &[f64]) -> f64 {
    let mut v: Vec<f64> = x.to_vec();
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, 0.5)
}

/// Seeded random stream for simulation-based intervals: ChaCha8 (`rand_chacha`, whose
/// output is fixed across releases, unlike `StdRng`) with `rand_distr`'s ziggurat normal.
/// Callers pass the seed, so every run is reproducible.
pub(crate) struct Rng(rand_chacha::ChaCha8Rng);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        use rand::SeedableRng;
        Rng(rand_chacha::ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform on the open interval (0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        use rand::Rng as _;
        self.0.sample(rand::distributions::Open01)
    }

    /// Standard normal draw.
    pub(crate) fn normal(&mut self) -> f64 {
        use rand::Rng as _;
        self.0.sample(rand_distr::StandardNormal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_published_values() {
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert!((normal_quantile(0.9) - 1.281_551_565_544_601).abs() < 1e-8);
        assert!((normal_quantile(0.001) + 3.090_232_306_167_813_5).abs() < 1e-8);
        assert!((z_for_level(80.0) - 1.281_551_565_544_601).abs() < 1e-8);
    }

    #[test]
    fn acf_matches_hand_computation() {
        // x = 1, 3, 1, 3: mean 2, deviations -1, 1, -1, 1; den 4; lag 1 num -3 → -0.75.
        let x = [1.0, 3.0, 1.0, 3.0];
        assert!((acf(&x, 1) + 0.75).abs() < 1e-12);
        assert!((acf(&x, 2) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn linear_trend_recovers_a_line() {
        let y: Vec<f64> = (1..=10).map(|t| 3.0 + 2.0 * t as f64).collect();
        let (a, b) = linear_trend(&y);
        assert!((a - 3.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
    }

    #[test]
    fn rng_normals_have_unit_variance() {
        let mut r = Rng::new(7);
        let v: Vec<f64> = (0..20_000).map(|_| r.normal()).collect();
        assert!(mean(&v).abs() < 0.03);
        assert!((variance(&v, 1) - 1.0).abs() < 0.05);
    }

    #[test]
    fn quantile_select_equals_quantile_of_the_sorted_slice() {
        let mut r = Rng::new(9);
        for n in [1, 2, 3, 10, 1000] {
            let v: Vec<f64> = (0..n).map(|_| r.normal()).collect();
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            for p in [0.0, 0.025, 0.1, 0.5, 0.9, 0.975, 1.0] {
                let mut w = v.clone();
                assert_eq!(quantile_select(&mut w, p), quantile_sorted(&sorted, p));
            }
        }
        assert!(quantile_select(&mut [], 0.5).is_nan());
    }

    #[test]
    fn rng_is_reproducible_from_its_seed() {
        let draw = |seed| {
            let mut r = Rng::new(seed);
            (r.normal(), r.uniform())
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
        let u = Rng::new(1).uniform();
        assert!(u > 0.0 && u < 1.0);
    }
}
