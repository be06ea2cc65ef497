//! Nelder–Mead simplex minimiser (the method R's `ets()` and statsforecast use for ETS
//! and Theta likelihoods). Out-of-bounds points are handled by the objective returning
//! `f64::INFINITY` (or any large value), as R's `nmmin` does.

/// Result of a minimisation.
pub(crate) struct NmResult {
    pub x: Vec<f64>,
    pub f: f64,
}

/// Minimise a model's fitting criterion: the one entry point ARIMA, ETS and Theta share.
/// `f(x, cutoff)` may stop early as in [`nelder_mead_cut`]; NaN and other non-finite values
/// count as +∞ (outside the feasible region). An empty `x0` evaluates `f` once. Returns
/// `None` when no feasible point was found.
pub(crate) fn minimise<F: FnMut(&[f64], f64) -> f64>(
    mut f: F,
    x0: &[f64],
    step: &[f64],
    max_evals: usize,
    reltol: f64,
) -> Option<NmResult> {
    let res = nelder_mead_cut(
        |x, cutoff| {
            let v = f(x, cutoff);
            if v.is_finite() {
                v
            } else {
                f64::INFINITY
            }
        },
        x0,
        step,
        max_evals,
        reltol,
    );
    res.f.is_finite().then_some(res)
}

/// Small-sample corrected Akaike criterion from −2·log-likelihood, `k` estimated
/// parameters and `n` observations; +∞ when `n ≤ k + 1`.
pub(crate) fn aicc(neg2_loglik: f64, k: usize, n: usize) -> f64 {
    let (k, n) = (k as f64, n as f64);
    if n - k - 1.0 > 0.0 {
        neg2_loglik + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0)
    } else {
        f64::INFINITY
    }
}

/// Minimise `f` from `x0` with initial steps `step` (one per coordinate).
#[cfg(test)]
pub(crate) fn nelder_mead<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    step: &[f64],
    max_evals: usize,
    reltol: f64,
) -> NmResult {
    nelder_mead_cut(|x, _| f(x), x0, step, max_evals, reltol)
}

/// As [`nelder_mead`], for objectives that can stop early: `f(x, cutoff)` may return any
/// value `>= cutoff` (e.g. infinity) once it knows its result will be at least `cutoff`.
/// The simplex only compares such trial points against the cutoff and never keeps them, so
/// the search path is exactly that of the exact objective.
pub(crate) fn nelder_mead_cut<F: FnMut(&[f64], f64) -> f64>(
    mut f: F,
    x0: &[f64],
    step: &[f64],
    max_evals: usize,
    reltol: f64,
) -> NmResult {
    const EXACT: f64 = f64::INFINITY;
    let n = x0.len();
    if n == 0 {
        let v = f(x0, EXACT);
        return NmResult { x: vec![], f: v };
    }
    let mut pts: Vec<Vec<f64>> = Vec::with_capacity(n + 1);
    let mut vals: Vec<f64> = Vec::with_capacity(n + 1);
    pts.push(x0.to_vec());
    vals.push(f(x0, EXACT));
    for i in 0..n {
        let mut p = x0.to_vec();
        p[i] += step[i];
        let mut v = f(&p, EXACT);
        if !v.is_finite() {
            // Try the other direction when the first step leaves the feasible region.
            p[i] = x0[i] - step[i];
            v = f(&p, EXACT);
        }
        pts.push(p);
        vals.push(v);
    }
    let mut evals = n + 1;
    let mut order: Vec<usize> = (0..=n).collect();
    let mut centroid = vec![0.0; n];
    let mut xr = vec![0.0; n];
    let mut xe = vec![0.0; n];
    let mut xc = vec![0.0; n];
    while evals < max_evals {
        order.sort_by(|&a, &b| vals[a].total_cmp(&vals[b]));
        let best = order[0];
        let worst = order[n];
        let second = order[n - 1];
        let fb = vals[best];
        let fw = vals[worst];
        if fw.is_finite() && (fw - fb).abs() <= reltol * (fb.abs() + reltol) {
            break;
        }
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for &i in &order[..n] {
            for (c, p) in centroid.iter_mut().zip(&pts[i]) {
                *c += p;
            }
        }
        centroid.iter_mut().for_each(|c| *c /= n as f64);
        for j in 0..n {
            xr[j] = centroid[j] + (centroid[j] - pts[worst][j]);
        }
        // Only whether fr < fw matters beyond fw (contraction uses min(fr, fw)).
        let fr = f(&xr, fw);
        evals += 1;
        if fr < fb {
            for j in 0..n {
                xe[j] = centroid[j] + 2.0 * (centroid[j] - pts[worst][j]);
            }
            let fe = f(&xe, fr);
            evals += 1;
            if fe < fr {
                pts[worst].copy_from_slice(&xe);
                vals[worst] = fe;
            } else {
                pts[worst].copy_from_slice(&xr);
                vals[worst] = fr;
            }
            continue;
        }
        if fr < vals[second] {
            pts[worst].copy_from_slice(&xr);
            vals[worst] = fr;
            continue;
        }
        // Contraction (outside if the reflection improved on the worst, else inside).
        let outside = fr < fw;
        for j in 0..n {
            xc[j] = if outside {
                centroid[j] + 0.5 * (xr[j] - centroid[j])
            } else {
                centroid[j] + 0.5 * (pts[worst][j] - centroid[j])
            };
        }
        let fc = f(&xc, fr.min(fw));
        evals += 1;
        if fc < fr.min(fw) {
            pts[worst].copy_from_slice(&xc);
            vals[worst] = fc;
            continue;
        }
        // Shrink towards the best point.
        let bp = pts[best].clone();
        for &i in &order[1..] {
            for (p, b) in pts[i].iter_mut().zip(&bp) {
                *p = b + 0.5 * (*p - b);
            }
            vals[i] = f(&pts[i], EXACT);
            evals += 1;
        }
    }
    let best = (0..=n)
        .min_by(|&a, &b| vals[a].total_cmp(&vals[b]))
        .unwrap_or(0);
    NmResult {
        x: pts[best].clone(),
        f: vals[best],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_the_rosenbrock_function() {
        let r = nelder_mead(
            |x| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2),
            &[-1.2, 1.0],
            &[0.1, 0.1],
            5000,
            1e-14,
        );
        assert!(
            (r.x[0] - 1.0).abs() < 1e-3 && (r.x[1] - 1.0).abs() < 1e-3,
            "{:?}",
            r.x
        );
    }

    #[test]
    fn respects_an_infeasible_region() {
        // Minimum of (x-2)^2 subject to x <= 1 is at 1.
        let r = nelder_mead(
            |x| {
                if x[0] > 1.0 {
                    f64::INFINITY
                } else {
                    (x[0] - 2.0).powi(2)
                }
            },
            &[0.0],
            &[0.5],
            1000,
            1e-12,
        );
        assert!((r.x[0] - 1.0).abs() < 1e-3, "{:?}", r.x);
    }

    #[test]
    fn minimise_treats_nan_as_infeasible_and_reports_no_feasible_point() {
        // NaN right of 1 must act as a wall, like +inf.
        let r = minimise(
            |x, _| {
                if x[0] > 1.0 {
                    f64::NAN
                } else {
                    (x[0] - 2.0).powi(2)
                }
            },
            &[0.0],
            &[0.5],
            1000,
            1e-12,
        )
        .expect("feasible");
        assert!((r.x[0] - 1.0).abs() < 1e-3, "{:?}", r.x);
        assert!(minimise(|_, _| f64::NAN, &[0.0, 0.0], &[1.0, 1.0], 100, 1e-8).is_none());
        let empty = minimise(|x, _| x.len() as f64 + 3.0, &[], &[], 10, 1e-8).expect("empty");
        assert_eq!(empty.f, 3.0);
    }

    #[test]
    fn aicc_matches_the_formula() {
        // -2logL = 10, k = 2, n = 20: 10 + 4 + 12/17.
        assert!((aicc(10.0, 2, 20) - (14.0 + 12.0 / 17.0)).abs() < 1e-12);
        assert_eq!(aicc(10.0, 3, 4), f64::INFINITY);
    }
}
