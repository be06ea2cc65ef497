//! Hierarchies of series: an aggregate is the sum of the series below it. Forecasts are made
//! coherent bottom-up (sum the bottom series) or by MinT, which also uses the aggregates' own
//! forecasts; a number set at an aggregate is spread back down.

use crate::stats::{cholesky, cholesky_solve};

/// The aggregates of a hierarchy, each the bottom series (`0..bottom`) it sums. Any grouping
/// works, nested or crossed (by category and by channel at once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hierarchy {
    /// Number of bottom series.
    pub bottom: usize,
    /// Each aggregate's members.
    pub aggregates: Vec<Vec<usize>>,
}

/// A node's base forecast over the horizon and its forecast errors (actual − forecast) over
/// the same past periods as every other node.
#[derive(Debug, Clone, Copy)]
pub struct NodeForecast<'a> {
    /// Forecast per period ahead.
    pub point: &'a [f64],
    /// Errors over the shared past periods.
    pub errors: &'a [f64],
    /// The error variance assumed before any error is seen, e.g. the node's mean squared
    /// seasonal-naive difference ([`naive_variance`]).
    pub prior_variance: f64,
}

/// How many periods of errors the prior variance counts as: a short backtest's variance
/// is blended with it, so a few lucky (or sporadic, all-zero) errors do not make a node
/// look perfect. On the demo company and the kit's intermittent hierarchy, 4 beat no prior
/// at every level (`bench/forecast/reconcile.py`).
pub const PRIOR_PERIODS: f64 = 4.0;

/// Mean squared seasonal-naive difference of `y` (lag `season`, or 1 when the history is
/// not longer than a season): the one-step error variance of the simplest forecast.
pub fn naive_variance(y: &[f64], season: usize) -> f64 {
    let lag = if season > 1 && y.len() > season {
        season
    } else {
        1
    };
    if y.len() <= lag {
        return 0.0;
    }
    let d = &y[lag..];
    d.iter().zip(y).map(|(a, b)| (a - b) * (a - b)).sum::<f64>() / d.len() as f64
}

/// Coherent bottom forecasts from MinT.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciled {
    /// Per bottom series, the reconciled forecast per period ahead; every aggregate's is
    /// the sum of its members'.
    pub bottom: Vec<Vec<f64>>,
    /// How far the error covariance was shrunk towards its diagonal (1 = diagonal only).
    pub shrinkage: f64,
}

/// Why MinT could not reconcile.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReconcileError {
    /// The nodes do not match the hierarchy or each other.
    #[error("reconciliation input: {0}")]
    Shape(String),
    /// The error covariance left the system unsolvable.
    #[error("the forecast errors give no usable covariance")]
    Singular,
}

/// MinT with a shrunk error covariance (Wickramasuriya, Athanasopoulos & Hyndman 2019,
/// JASA 114(526); the shrinkage of Schäfer & Strimmer 2005, as in the `hts` and `FoReco`
/// packages): the coherent forecasts closest to the base ones in the metric of the errors'
/// covariance `W`, so a node whose forecasts have been good moves least.
///
/// Computed as the projection `ỹ = ŷ − W Cᵀ (C W Cᵀ)⁻¹ C ŷ`, where `C` says "each aggregate
/// equals the sum of its members": the system is one row per aggregate, not per bottom
/// series, and `W` (a diagonal plus the low-rank sample covariance) is never formed, so
/// 15,000 series with a thousand aggregates need megabytes, not gigabytes.
pub fn mint_shrink(
    hierarchy: &Hierarchy,
    aggregates: &[NodeForecast<'_>],
    bottom: &[NodeForecast<'_>],
) -> Result<Reconciled, ReconcileError> {
    let (na, m) = (hierarchy.aggregates.len(), hierarchy.bottom);
    if aggregates.len() != na || bottom.len() != m || m == 0 {
        return Err(ReconcileError::Shape(format!(
            "{} aggregates and {} bottom series given for a hierarchy of {na} and {m}",
            aggregates.len(),
            bottom.len()
        )));
    }
    let nodes: Vec<&NodeForecast<'_>> = aggregates.iter().chain(bottom).collect();
    let (h, k) = (nodes[0].point.len(), nodes[0].errors.len());
    if nodes
        .iter()
        .any(|n| n.point.len() != h || n.errors.len() != k)
    {
        return Err(ReconcileError::Shape(
            "every node needs the same horizon and the same error periods".into(),
        ));
    }
    if k < 2 {
        return Err(ReconcileError::Shape(
            "at least two error periods are needed".into(),
        ));
    }
    if let Some(bad) = hierarchy.aggregates.iter().flatten().find(|&&j| j >= m) {
        return Err(ReconcileError::Shape(format!(
            "member {bad} is not a bottom series"
        )));
    }
    let n = na + m;
    let kf = (k - 1) as f64;

    // Centred errors, node-major, and their variances.
    let mut x: Vec<Vec<f64>> = nodes
        .iter()
        .map(|node| {
            let mean = node.errors.iter().sum::<f64>() / k as f64;
            node.errors.iter().map(|e| e - mean).collect()
        })
        .collect();
    let var: Vec<f64> = x
        .iter()
        .map(|r| r.iter().map(|v| v * v).sum::<f64>() / kf)
        .collect();
    let shrinkage = shrinkage_intensity(&x, &var);
    // A trace of the diagonal keeps W invertible when the data ask for no shrinkage at all.
    let lambda = shrinkage.max(1e-4);
    // Each variance blended with its prior; the floor is for a hierarchy with no error at all.
    let blended: Vec<f64> = var
        .iter()
        .zip(&nodes)
        .map(|(v, node)| {
            (k as f64 * v + PRIOR_PERIODS * node.prior_variance.max(0.0))
                / (k as f64 + PRIOR_PERIODS)
        })
        .collect();
    let mean = blended.iter().sum::<f64>() / n as f64;
    let floor = if mean > 0.0 { mean * 1e-9 } else { 1.0 };
    let blended: Vec<f64> = blended.iter().map(|v| v.max(floor)).collect();
    // W = diag(own) + (1 − λ)/(k − 1) X̃ᵀX̃ with X̃ the errors rescaled to the blended
    // variances: W keeps the errors' correlations, shrunk by λ, and has the blended
    // variances on its diagonal. A node whose errors never varied has no correlations.
    let mut own = Vec::with_capacity(n);
    for ((row, v), b) in x.iter_mut().zip(&var).zip(&blended) {
        let ratio = if *v > 0.0 { (b / v).sqrt() } else { 0.0 };
        row.iter_mut().for_each(|e| *e *= ratio);
        own.push(if *v > 0.0 { lambda * b } else { *b });
    }
    let diag = own;
    let low = (1.0 - lambda) / kf;

    let mut member_of: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (a, members) in hierarchy.aggregates.iter().enumerate() {
        for &j in members {
            member_of[j].push(a);
        }
    }

    // C W Cᵀ = C diag(own) Cᵀ + (1 − λ)/(k − 1) (C X̃ᵀ)(C X̃ᵀ)ᵀ, one row per aggregate.
    let mut cwc = vec![0.0; na * na];
    for a in 0..na {
        cwc[a * na + a] += diag[a];
    }
    for (j, of) in member_of.iter().enumerate() {
        let d = diag[na + j];
        for &a in of {
            for &b in of {
                cwc[a * na + b] += d;
            }
        }
    }
    let cx: Vec<Vec<f64>> = hierarchy
        .aggregates
        .iter()
        .enumerate()
        .map(|(a, members)| {
            let mut row = x[a].clone();
            for &j in members {
                for (r, v) in row.iter_mut().zip(&x[na + j]) {
                    *r -= v;
                }
            }
            row
        })
        .collect();
    for a in 0..na {
        for b in 0..=a {
            let dot: f64 = cx[a].iter().zip(&cx[b]).map(|(p, q)| p * q).sum();
            cwc[a * na + b] += low * dot;
            if a != b {
                cwc[b * na + a] += low * dot;
            }
        }
    }
    cholesky(&mut cwc, na).ok_or(ReconcileError::Singular)?;

    // Per period ahead: how far each aggregate's base forecast is from its members' sum,
    // solved for the multipliers z, then spread back through W Cᵀ z.
    let mut out: Vec<Vec<f64>> = bottom.iter().map(|b| b.point.to_vec()).collect();
    for s in 0..h {
        let mut z: Vec<f64> = hierarchy
            .aggregates
            .iter()
            .enumerate()
            .map(|(a, members)| {
                aggregates[a].point[s] - members.iter().map(|&j| bottom[j].point[s]).sum::<f64>()
            })
            .collect();
        if na > 0 {
            cholesky_solve(&cwc, &mut z, na);
        }
        // v = Cᵀ z: an aggregate's own multiplier, minus those of its aggregates for a
        // bottom series.
        let v: Vec<f64> = z
            .iter()
            .copied()
            .chain(
                member_of
                    .iter()
                    .map(|of| -of.iter().map(|&a| z[a]).sum::<f64>()),
            )
            .collect();
        let mut q = vec![0.0; k];
        for (row, vi) in x.iter().zip(&v) {
            for (qt, xt) in q.iter_mut().zip(row) {
                *qt += xt * vi;
            }
        }
        for (j, series) in out.iter_mut().enumerate() {
            let i = na + j;
            let low_part: f64 = x[i].iter().zip(&q).map(|(xt, qt)| xt * qt).sum();
            series[s] -= diag[i] * v[i] + low * low_part;
        }
    }
    Ok(Reconciled {
        bottom: out,
        shrinkage,
    })
}

/// Schäfer–Strimmer's shrinkage intensity towards the diagonal for centred errors `x`
/// (node-major, `var` their variances), from `k × k` sums rather than the `n × n`
/// correlation matrix.
fn shrinkage_intensity(x: &[Vec<f64>], var: &[f64]) -> f64 {
    let k = x.first().map_or(0, Vec::len);
    let (kf, kk) = ((k - 1) as f64, k as f64);
    let xs: Vec<Vec<f64>> = x
        .iter()
        .zip(var)
        .map(|(row, v)| {
            let sd = if *v > 0.0 { v.sqrt() } else { 1.0 };
            row.iter().map(|e| e / sd).collect()
        })
        .collect();
    // Gram matrix over periods: ‖XsᵀXs‖² = ‖Xs Xsᵀ‖², summed over all node pairs.
    let mut gram = vec![0.0; k * k];
    for row in &xs {
        for t in 0..k {
            for u in 0..k {
                gram[t * k + u] += row[t] * row[u];
            }
        }
    }
    let gram_sq: f64 = gram.iter().map(|g| g * g).sum();
    let per_period: f64 = (0..k).map(|t| gram[t * k + t] * gram[t * k + t]).sum();
    // All pairs (i, j), then the diagonal i = j taken out.
    let r_sq_all = gram_sq / (kf * kf);
    let var_all = kk / kf.powi(3) * (per_period - gram_sq / kk);
    let (mut r_sq_diag, mut var_diag) = (0.0, 0.0);
    for row in &xs {
        let sq: Vec<f64> = row.iter().map(|v| v * v).collect();
        let mean = sq.iter().sum::<f64>() / kk;
        r_sq_diag += (sq.iter().sum::<f64>() / kf).powi(2);
        var_diag += sq.iter().map(|w| (w - mean) * (w - mean)).sum::<f64>();
    }
    let var_diag = var_diag * kk / kf.powi(3);
    let denominator = r_sq_all - r_sq_diag;
    if denominator <= 1e-12 * r_sq_all.max(1.0) {
        return 1.0;
    }
    ((var_all - var_diag) / denominator).clamp(0.0, 1.0)
}

/// Splits `total` units over members in proportion to `weights` (their statistical
/// forecasts), in whole units that add up to `total` exactly: each member gets the floor
/// of its share, and the units left go to the largest remainders (ties to the earlier
/// member). When every weight is zero the split is even.
pub fn spread(total: u64, weights: &[u64]) -> Vec<u64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let (weights, sum): (Vec<u128>, u128) = if sum == 0 {
        (vec![1; weights.len()], weights.len() as u128)
    } else {
        (weights.iter().map(|&w| u128::from(w)).collect(), sum)
    };
    let total = u128::from(total);
    let mut shares: Vec<u64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total * w;
        // The floor fits: a share is at most `total`.
        shares.push(u64::try_from(exact / sum).unwrap_or(u64::MAX));
        remainders.push((exact % sum, i));
    }
    let given: u128 = shares.iter().map(|&s| u128::from(s)).sum();
    let left = usize::try_from(total - given).unwrap_or(usize::MAX);
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(left) {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_follow_the_weights_and_add_up() {
        assert_eq!(spread(100, &[30, 10]), vec![75, 25]);
        // 10 × (1/3, 1/3, 1/3): 3 each and the unit left to the first.
        assert_eq!(spread(10, &[5, 5, 5]), vec![4, 3, 3]);
        // 7 × (0.5, 0.3, 0.2) = 3.5, 2.1, 1.4: floors 3, 2, 1; the unit left goes to 0.5.
        assert_eq!(spread(7, &[50, 30, 20]), vec![4, 2, 1]);
    }

    #[test]
    fn all_zero_weights_split_evenly_and_nothing_for_no_members() {
        assert_eq!(spread(5, &[0, 0]), vec![3, 2]);
        assert_eq!(spread(5, &[]), Vec::<u64>::new());
        assert_eq!(spread(0, &[4, 6]), vec![0, 0]);
    }

    #[test]
    fn a_member_with_no_statistical_forecast_gets_nothing_while_others_have_one() {
        assert_eq!(spread(9, &[0, 3]), vec![0, 9]);
    }

    /// Total, two groups and four bottom series: {0, 1} and {2, 3}.
    fn small_hierarchy() -> Hierarchy {
        Hierarchy {
            bottom: 4,
            aggregates: vec![vec![0, 1, 2, 3], vec![0, 1], vec![2, 3]],
        }
    }

    fn noise(seed: u64, n: usize) -> Vec<f64> {
        let mut r = crate::stats::Rng::new(seed);
        (0..n).map(|_| r.normal()).collect()
    }

    fn nodes<'a>(points: &'a [Vec<f64>], errors: &'a [Vec<f64>]) -> Vec<NodeForecast<'a>> {
        nodes_with(points, errors, &vec![0.0; points.len()])
    }

    fn nodes_with<'a>(
        points: &'a [Vec<f64>],
        errors: &'a [Vec<f64>],
        priors: &[f64],
    ) -> Vec<NodeForecast<'a>> {
        points
            .iter()
            .zip(errors)
            .zip(priors)
            .map(|((point, errors), &prior_variance)| NodeForecast {
                point,
                errors,
                prior_variance,
            })
            .collect()
    }

    /// The textbook form: shrinkage from the full correlation matrix, W formed (the shrunk
    /// correlations at the variances blended with the priors) and inverted,
    /// ỹ = S (Sᵀ W⁻¹ S)⁻¹ Sᵀ W⁻¹ ŷ.
    fn dense_mint(
        h: &Hierarchy,
        points: &[Vec<f64>],
        errors: &[Vec<f64>],
        priors: &[f64],
    ) -> (Vec<Vec<f64>>, f64) {
        let (na, m) = (h.aggregates.len(), h.bottom);
        let n = na + m;
        let k = errors[0].len();
        let kf = (k - 1) as f64;
        let x: Vec<Vec<f64>> = errors
            .iter()
            .map(|e| {
                let mean = e.iter().sum::<f64>() / k as f64;
                e.iter().map(|v| v - mean).collect()
            })
            .collect();
        let cov = |i: usize, j: usize| (0..k).map(|t| x[i][t] * x[j][t]).sum::<f64>() / kf;
        let sd: Vec<f64> = (0..n).map(|i| cov(i, i).sqrt()).collect();
        let xs = |i: usize, t: usize| x[i][t] / sd[i];
        let (mut num, mut den) = (0.0, 0.0);
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    continue;
                }
                let w: Vec<f64> = (0..k).map(|t| xs(i, t) * xs(j, t)).collect();
                let wbar = w.iter().sum::<f64>() / k as f64;
                num += k as f64 / kf.powi(3) * w.iter().map(|v| (v - wbar).powi(2)).sum::<f64>();
                den += (w.iter().sum::<f64>() / kf).powi(2);
            }
        }
        let lambda = (num / den).clamp(0.0, 1.0);
        let mut s = vec![vec![0.0; m]; n];
        for (a, members) in h.aggregates.iter().enumerate() {
            for &j in members {
                s[a][j] = 1.0;
            }
        }
        for j in 0..m {
            s[na + j][j] = 1.0;
        }
        let var: Vec<f64> = (0..n)
            .map(|i| {
                (k as f64 * cov(i, i) + PRIOR_PERIODS * priors[i]) / (k as f64 + PRIOR_PERIODS)
            })
            .collect();
        let mut w = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                let corr = cov(i, j) / (sd[i] * sd[j]);
                w[i * n + j] = if i == j {
                    var[i]
                } else {
                    (1.0 - lambda) * corr * (var[i] * var[j]).sqrt()
                };
            }
        }
        cholesky(&mut w, n).unwrap();
        // W⁻¹ S, column by column.
        let winv_s: Vec<Vec<f64>> = (0..m)
            .map(|j| {
                let mut col: Vec<f64> = (0..n).map(|i| s[i][j]).collect();
                cholesky_solve(&w, &mut col, n);
                col
            })
            .collect();
        let mut a = vec![0.0; m * m];
        for p in 0..m {
            for q in 0..m {
                a[p * m + q] = (0..n).map(|i| s[i][p] * winv_s[q][i]).sum();
            }
        }
        cholesky(&mut a, m).unwrap();
        let hlen = points[0].len();
        let mut out = vec![vec![0.0; hlen]; m];
        for t in 0..hlen {
            let mut b: Vec<f64> = (0..m)
                .map(|p| (0..n).map(|i| winv_s[p][i] * points[i][t]).sum())
                .collect();
            cholesky_solve(&a, &mut b, m);
            for j in 0..m {
                out[j][t] = b[j];
            }
        }
        (out, lambda)
    }

    #[test]
    fn mint_equals_the_textbook_formula() {
        let h = small_hierarchy();
        let points: Vec<Vec<f64>> = (0..7)
            .map(|i| noise(100 + i, 3).iter().map(|v| 50.0 + 10.0 * v).collect())
            .collect();
        // Errors with a shared component, so the nodes are correlated and shrinkage < 1.
        let common = noise(7, 8);
        let errors: Vec<Vec<f64>> = (0..7)
            .map(|i| {
                noise(200 + i, 8)
                    .iter()
                    .zip(&common)
                    .map(|(e, c)| e + 2.0 * c)
                    .collect()
            })
            .collect();
        // Priors from nothing to well above the errors' own variance.
        let priors = [0.0, 1.0, 30.0, 2.0, 0.5, 8.0, 4.0];
        let (agg_p, bot_p) = points.split_at(3);
        let (agg_e, bot_e) = errors.split_at(3);
        let got = mint_shrink(
            &h,
            &nodes_with(agg_p, agg_e, &priors[..3]),
            &nodes_with(bot_p, bot_e, &priors[3..]),
        )
        .unwrap();
        let (want, lambda) = dense_mint(&h, &points, &errors, &priors);
        assert!(lambda > 0.0 && lambda < 1.0, "shrinkage {lambda}");
        assert!(
            (got.shrinkage - lambda).abs() < 1e-9,
            "{} vs {lambda}",
            got.shrinkage
        );
        for (g, w) in got.bottom.iter().flatten().zip(want.iter().flatten()) {
            assert!((g - w).abs() < 1e-6, "{g} vs {w}");
        }
    }

    #[test]
    fn the_prior_is_the_seasonal_naive_error_variance() {
        // Lag 2 over [1, 2, 4, 4, 7]: differences 3, 2, 3.
        assert!((naive_variance(&[1.0, 2.0, 4.0, 4.0, 7.0], 2) - 22.0 / 3.0).abs() < 1e-12);
        // No longer than a season: lag 1, differences 1 and 2.
        assert!((naive_variance(&[1.0, 2.0, 4.0], 12) - 2.5).abs() < 1e-12);
        assert_eq!(naive_variance(&[5.0], 12), 0.0);
    }

    #[test]
    fn coherent_forecasts_are_left_as_they_are() {
        let h = small_hierarchy();
        let bottom: Vec<Vec<f64>> = vec![
            vec![1.0, 2.0],
            vec![3.0, 4.0],
            vec![5.0, 6.0],
            vec![7.0, 8.0],
        ];
        let sum = |js: &[usize]| -> Vec<f64> {
            (0..2)
                .map(|t| js.iter().map(|&j| bottom[j][t]).sum())
                .collect()
        };
        let aggs: Vec<Vec<f64>> = h.aggregates.iter().map(|a| sum(a)).collect();
        let errors: Vec<Vec<f64>> = (0..7).map(|i| noise(i, 6)).collect();
        let got = mint_shrink(
            &h,
            &nodes(&aggs, &errors[..3]),
            &nodes(&bottom, &errors[3..]),
        )
        .unwrap();
        for (g, w) in got.bottom.iter().flatten().zip(bottom.iter().flatten()) {
            assert!((g - w).abs() < 1e-9);
        }
    }

    #[test]
    fn an_aggregate_with_large_errors_barely_moves_the_series_below() {
        let h = Hierarchy {
            bottom: 2,
            aggregates: vec![vec![0, 1]],
        };
        let bottom = vec![vec![10.0], vec![20.0]];
        let total = vec![vec![60.0]];
        let quiet: Vec<Vec<f64>> = (0..2).map(|i| noise(i, 10)).collect();
        let loud: Vec<Vec<f64>> = vec![noise(9, 10).iter().map(|v| 1000.0 * v).collect()];
        let got = mint_shrink(&h, &nodes(&total, &loud), &nodes(&bottom, &quiet)).unwrap();
        let sum: f64 = got.bottom.iter().map(|b| b[0]).sum();
        assert!(
            (sum - 30.0).abs() < 0.1,
            "the total's forecast is not trusted: {sum}"
        );
        // A trusted total pulls the series up to it.
        let got = mint_shrink(
            &h,
            &nodes(&total, &quiet[..1]),
            &nodes(&bottom, &[loud[0].clone(), loud[0].clone()]),
        )
        .unwrap();
        let sum: f64 = got.bottom.iter().map(|b| b[0]).sum();
        assert!(
            (sum - 60.0).abs() < 0.1,
            "the total's forecast is trusted: {sum}"
        );
    }

    #[test]
    fn mismatched_nodes_and_perfect_errors_are_handled() {
        let h = small_hierarchy();
        let p = vec![vec![1.0]; 7];
        let e = vec![vec![0.0; 4]; 7];
        assert!(matches!(
            mint_shrink(&h, &nodes(&p[..2], &e[..2]), &nodes(&p[3..], &e[3..])),
            Err(ReconcileError::Shape(_))
        ));
        let short = vec![vec![0.0]; 7];
        assert!(mint_shrink(
            &h,
            &nodes(&p[..3], &short[..3]),
            &nodes(&p[3..], &short[3..])
        )
        .is_err());
        // Every past forecast perfect: no covariance to go on, but still an answer.
        let got = mint_shrink(&h, &nodes(&p[..3], &e[..3]), &nodes(&p[3..], &e[3..])).unwrap();
        assert!(got.bottom.iter().flatten().all(|v| v.is_finite()));
    }

    proptest! {
        #[test]
        fn shares_always_add_up_and_stay_within_one_unit_of_exact(
            total in 0u64..1_000_000,
            weights in proptest::collection::vec(0u64..100_000, 1..40),
        ) {
            let shares = spread(total, &weights);
            prop_assert_eq!(shares.iter().sum::<u64>(), total);
            let sum: u64 = weights.iter().sum();
            for (share, w) in shares.iter().zip(&weights) {
                let exact = if sum == 0 { total as f64 / weights.len() as f64 }
                            else { total as f64 * *w as f64 / sum as f64 };
                prop_assert!((*share as f64 - exact).abs() < 1.0 + 1e-9);
            }
        }
    }
}
