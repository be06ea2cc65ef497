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

/// Cholesky factor of the symmetric positive definite `p × p` matrix `a` (row-major), in
/// place: its lower triangle becomes `L` with `a = L Lᵀ`. `None` when `a` is not positive
/// definite.
pub(crate) fn cholesky(a: &mut [f64], p: usize) -> Option<()> {
    for j in 0..p {
        let mut d = a[j * p + j];
        for k in 0..j {
            d -= a[j * p + k] * a[j * p + k];
        }
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j * p + j] = d;
        for i in j + 1..p {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= a[i * p + k] * a[j * p + k];
            }
            a[i * p + j] = s / d;
        }
    }
    Some(())
}

/// Solves `L Lᵀ x = b` in place, `l` a factor from [`cholesky`].
pub(crate) fn cholesky_solve(l: &[f64], b: &mut [f64], p: usize) {
    for i in 0..p {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * p + k] * b[k];
        }
        b[i] = s / l[i * p + i];
    }
    for i in (0..p).rev() {
        let mut s = b[i];
        for k in i + 1..p {
            s -= l[k * p + i] * b[k];
        }
        b[i] = s / l[i * p + i];
    }
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
    fn cholesky_solves_a_small_system() {
        // [[4, 2], [2, 3]] x = [2, 5] → x = [-0.5, 2].
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        let mut b = vec![2.0, 5.0];
        cholesky(&mut a, 2).unwrap();
        cholesky_solve(&a, &mut b, 2);
        assert!((b[0] + 0.5).abs() < 1e-12 && (b[1] - 2.0).abs() < 1e-12);
        assert!(cholesky(&mut [1.0, 2.0, 2.0, 1.0], 2).is_none());
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
