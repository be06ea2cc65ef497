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
/// look perfect. On the demo company and the kit's intermittent hierarchy, 4 did better
/// than no prior over all nodes and at the bottom, for 3 and 12 errors, or tied
/// (`bench/forecast/reconcile.py`).
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
/// JASA 114(526); the shrinkage of Schäfer & Strimmer 2005 on uncentred errors, as the
/// `hts` and `FoReco` packages estimate it): the coherent forecasts closest to the base
/// ones in the metric of the errors' covariance `W`, so a node whose past forecasts missed
/// least (bias included) moves least.
///
/// Computed as the projection `ỹ = ŷ − W Cᵀ (C W Cᵀ)⁻¹ C ŷ`, where `C` says "each aggregate
/// equals the sum of its members", so the system has one row per aggregate, not per bottom
/// series, and `W` (a diagonal plus the errors' low-rank product) is never formed. The
/// aggregates that share no series (e.g. one per product) make a diagonal block; only the
/// others (total, categories, markets, channels) are solved densely, and the low-rank part
/// is added by Woodbury's identity. The cost grows with the aggregates times (overlapping
/// aggregates + error periods)², so 15,000 series with 6,000 product totals take
/// milliseconds and megabytes.
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
    // Two errors say nothing about correlation: every pair would look perfectly
    // correlated and the shrinkage would vanish.
    if k < 3 {
        return Err(ReconcileError::Shape(
            "at least three error periods are needed".into(),
        ));
    }
    if nodes.iter().any(|n| {
        !n.prior_variance.is_finite() || n.point.iter().chain(n.errors).any(|v| !v.is_finite())
    }) {
        return Err(ReconcileError::Shape(
            "a forecast, error or prior is not a finite number".into(),
        ));
    }
    if let Some(bad) = hierarchy.aggregates.iter().flatten().find(|&&j| j >= m) {
        return Err(ReconcileError::Shape(format!(
            "member {bad} is not a bottom series"
        )));
    }
    let n = na + m;
    let kf = k as f64;

    // Errors node-major and their uncentred variances: a steady miss counts against a node.
    let mut x: Vec<Vec<f64>> = nodes.iter().map(|node| node.errors.to_vec()).collect();
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
            (kf * v + PRIOR_PERIODS * node.prior_variance.max(0.0)) / (kf + PRIOR_PERIODS)
        })
        .collect();
    let mean = blended.iter().sum::<f64>() / n as f64;
    let floor = if mean > 0.0 { mean * 1e-9 } else { 1.0 };
    let blended: Vec<f64> = blended.iter().map(|v| v.max(floor)).collect();
    // W = diag(own) + (1 − λ)/k X̃ᵀX̃ with X̃ the errors rescaled to the blended variances:
    // W keeps the errors' correlations, shrunk by λ, and has the blended variances on its
    // diagonal. Errors that never varied (up to rounding) carry no correlations.
    let tiny = 1e-12 * mean.max(f64::MIN_POSITIVE);
    let mut own = Vec::with_capacity(n);
    for ((row, v), b) in x.iter_mut().zip(&var).zip(&blended) {
        let varied = *v > tiny;
        let ratio = if varied { (b / v).sqrt() } else { 0.0 };
        row.iter_mut().for_each(|e| *e *= ratio);
        own.push(if varied { lambda * b } else { *b });
    }
    let low = (1.0 - lambda) / kf;

    let mut out: Vec<Vec<f64>> = bottom.iter().map(|b| b.point.to_vec()).collect();
    if na == 0 {
        return Ok(Reconciled {
            bottom: out,
            shrinkage,
        });
    }
    let mut member_of: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (a, members) in hierarchy.aggregates.iter().enumerate() {
        for &j in members {
            member_of[j].push(a);
        }
    }
    let system = System::new(hierarchy, &member_of, &own, &x, low)?;

    // Per period ahead: how far each aggregate's base forecast is from its members' sum,
    // solved for the multipliers z, then spread back through W Cᵀ z.
    for s in 0..h {
        let gap: Vec<f64> = hierarchy
            .aggregates
            .iter()
            .enumerate()
            .map(|(a, members)| {
                aggregates[a].point[s] - members.iter().map(|&j| bottom[j].point[s]).sum::<f64>()
            })
            .collect();
        let z = system.solve(&gap);
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
            series[s] -= own[i] * v[i] + low * low_part;
        }
    }
    Ok(Reconciled {
        bottom: out,
        shrinkage,
    })
}

/// `C W Cᵀ = A + U Uᵀ`, factored for solving: `A = C diag(own) Cᵀ` splits into the
/// aggregates that share no series with each other (a diagonal block `d`) and the rest
/// (`dense`, with `cross` between them), solved through the Schur complement of the
/// diagonal block; `U = √((1 − λ)/k) C X̃ᵀ` is the rank-k part, added by Woodbury.
struct System {
    /// Per aggregate, its block and place in it.
    place: Vec<Place>,
    /// Aggregates in the dense block.
    dense_n: usize,
    /// The diagonal block.
    d: Vec<f64>,
    /// Dense rows × diagonal columns, row-major.
    cross: Vec<f64>,
    /// Cholesky factor of the Schur complement, dense × dense.
    schur: Vec<f64>,
    /// `A⁻¹ U`, one column per error period.
    a_inv_u: Vec<Vec<f64>>,
    /// `U`, one column per error period.
    u: Vec<Vec<f64>>,
    /// Cholesky factor of `I + Uᵀ A⁻¹ U`.
    capacitance: Vec<f64>,
}

/// Where an aggregate sits in [`System`].
#[derive(Debug, Clone, Copy)]
enum Place {
    Dense(usize),
    Diagonal(usize),
}

impl System {
    fn new(
        hierarchy: &Hierarchy,
        member_of: &[Vec<usize>],
        own: &[f64],
        x: &[Vec<f64>],
        low: f64,
    ) -> Result<System, ReconcileError> {
        let na = hierarchy.aggregates.len();
        let k = x.first().map_or(0, Vec::len);
        // Smallest first, an aggregate joins the diagonal block when none of its series is
        // in one already.
        let mut order: Vec<usize> = (0..na).collect();
        order.sort_by_key(|&a| hierarchy.aggregates[a].len());
        let mut claimed = vec![false; hierarchy.bottom];
        let mut disjoint = vec![false; na];
        for a in order {
            let members = &hierarchy.aggregates[a];
            let mut seen = std::collections::BTreeSet::new();
            if members.iter().all(|&j| !claimed[j] && seen.insert(j)) {
                members.iter().for_each(|&j| claimed[j] = true);
                disjoint[a] = true;
            }
        }
        let (mut dense_n, mut diag_n) = (0, 0);
        let place: Vec<Place> = disjoint
            .iter()
            .map(|&is_diag| {
                if is_diag {
                    diag_n += 1;
                    Place::Diagonal(diag_n - 1)
                } else {
                    dense_n += 1;
                    Place::Dense(dense_n - 1)
                }
            })
            .collect();

        let mut d = vec![0.0; diag_n];
        let mut dense = vec![0.0; dense_n * dense_n];
        let mut cross = vec![0.0; dense_n * diag_n];
        for (a, p) in place.iter().enumerate() {
            match *p {
                Place::Dense(r) => dense[r * dense_n + r] += own[a],
                Place::Diagonal(c) => d[c] += own[a],
            }
        }
        for (j, of) in member_of.iter().enumerate() {
            let w = own[na + j];
            for &a in of {
                for &b in of {
                    match (place[a], place[b]) {
                        (Place::Dense(r), Place::Dense(c)) => dense[r * dense_n + c] += w,
                        (Place::Dense(r), Place::Diagonal(c)) => cross[r * diag_n + c] += w,
                        (Place::Diagonal(c), Place::Diagonal(c2)) if c == c2 => d[c] += w,
                        // The transposed half of `cross`; diagonal aggregates share no series.
                        _ => {}
                    }
                }
            }
        }
        // Schur complement of the diagonal block: dense − cross d⁻¹ crossᵀ.
        for r in 0..dense_n {
            for c in 0..=r {
                let sub: f64 = (0..diag_n)
                    .map(|i| cross[r * diag_n + i] * cross[c * diag_n + i] / d[i])
                    .sum();
                dense[r * dense_n + c] -= sub;
                if r != c {
                    dense[c * dense_n + r] -= sub;
                }
            }
        }
        cholesky(&mut dense, dense_n).ok_or(ReconcileError::Singular)?;

        let scale = low.sqrt();
        let u: Vec<Vec<f64>> = (0..k)
            .map(|t| {
                hierarchy
                    .aggregates
                    .iter()
                    .enumerate()
                    .map(|(a, members)| {
                        scale * (x[a][t] - members.iter().map(|&j| x[na + j][t]).sum::<f64>())
                    })
                    .collect()
            })
            .collect();
        let mut system = System {
            place,
            dense_n,
            d,
            cross,
            schur: dense,
            a_inv_u: Vec::new(),
            u,
            capacitance: Vec::new(),
        };
        system.a_inv_u = system.u.iter().map(|col| system.solve_a(col)).collect();
        let mut cap = vec![0.0; k * k];
        for s in 0..k {
            for t in 0..k {
                let dot: f64 = system.u[s]
                    .iter()
                    .zip(&system.a_inv_u[t])
                    .map(|(p, q)| p * q)
                    .sum();
                cap[s * k + t] = dot + if s == t { 1.0 } else { 0.0 };
            }
        }
        cholesky(&mut cap, k).ok_or(ReconcileError::Singular)?;
        system.capacitance = cap;
        Ok(system)
    }

    /// `A⁻¹ r`, through the Schur complement.
    fn solve_a(&self, r: &[f64]) -> Vec<f64> {
        let (dense_n, diag_n) = (self.dense_n, self.d.len());
        let mut r_dense = vec![0.0; dense_n];
        let mut r_diag = vec![0.0; diag_n];
        for (a, p) in self.place.iter().enumerate() {
            match *p {
                Place::Dense(i) => r_dense[i] = r[a],
                Place::Diagonal(i) => r_diag[i] = r[a],
            }
        }
        let scaled: Vec<f64> = r_diag.iter().zip(&self.d).map(|(v, d)| v / d).collect();
        for (i, rd) in r_dense.iter_mut().enumerate() {
            *rd -= self.cross[i * diag_n..(i + 1) * diag_n]
                .iter()
                .zip(&scaled)
                .map(|(c, s)| c * s)
                .sum::<f64>();
        }
        cholesky_solve(&self.schur, &mut r_dense, dense_n);
        for (i, rd) in r_diag.iter_mut().enumerate() {
            let back: f64 = (0..dense_n)
                .map(|j| self.cross[j * diag_n + i] * r_dense[j])
                .sum();
            *rd = (*rd - back) / self.d[i];
        }
        self.place
            .iter()
            .map(|p| match *p {
                Place::Dense(i) => r_dense[i],
                Place::Diagonal(i) => r_diag[i],
            })
            .collect()
    }

    /// `(A + U Uᵀ)⁻¹ r` by Woodbury: `A⁻¹r − A⁻¹U (I + UᵀA⁻¹U)⁻¹ Uᵀ A⁻¹r`.
    fn solve(&self, r: &[f64]) -> Vec<f64> {
        let mut z = self.solve_a(r);
        let k = self.u.len();
        let mut w: Vec<f64> = self
            .u
            .iter()
            .map(|col| col.iter().zip(&z).map(|(p, q)| p * q).sum())
            .collect();
        cholesky_solve(&self.capacitance, &mut w, k);
        for (col, wt) in self.a_inv_u.iter().zip(&w) {
            for (zi, ci) in z.iter_mut().zip(col) {
                *zi -= ci * wt;
            }
        }
        z
    }
}

/// Schäfer–Strimmer's shrinkage intensity towards the diagonal for uncentred errors `x`
/// (node-major, `var` their mean squares), as `hts` computes it, from `k × k` sums rather
/// than the `n × n` correlation matrix.
fn shrinkage_intensity(x: &[Vec<f64>], var: &[f64]) -> f64 {
    let k = x.first().map_or(0, Vec::len);
    let kk = k as f64;
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
    let fourth: f64 = (0..k).map(|t| gram[t * k + t] * gram[t * k + t]).sum();
    // All pairs (i, j), then the diagonal i = j taken out: correlations r = Σ xs xs / k,
    // their variances v = (Σ xs²xs² − (Σ xs xs)²/k) / (k (k − 1)).
    let r_sq_all = gram_sq / (kk * kk);
    let v_all = (fourth - gram_sq / kk) / (kk * (kk - 1.0));
    let (mut r_sq_diag, mut v_diag) = (0.0, 0.0);
    for row in &xs {
        let sq: f64 = row.iter().map(|v| v * v).sum();
        let quad: f64 = row.iter().map(|v| v.powi(4)).sum();
        r_sq_diag += (sq / kk).powi(2);
        v_diag += (quad - sq * sq / kk) / (kk * (kk - 1.0));
    }
    let denominator = r_sq_all - r_sq_diag;
    if denominator <= 1e-12 * r_sq_all.max(1.0) {
        return 1.0;
    }
    ((v_all - v_diag) / denominator).clamp(0.0, 1.0)
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
        let kf = k as f64;
        // As `hts::shrink.estim`: uncentred moments, pair by pair.
        let cov =
            |i: usize, j: usize| (0..k).map(|t| errors[i][t] * errors[j][t]).sum::<f64>() / kf;
        let sd: Vec<f64> = (0..n).map(|i| cov(i, i).sqrt()).collect();
        let varied = |i: usize| sd[i] > 0.0;
        let xs = |i: usize, t: usize| errors[i][t] / sd[i];
        let (mut num, mut den) = (0.0, 0.0);
        for i in 0..n {
            for j in 0..n {
                if i == j || !varied(i) || !varied(j) {
                    continue;
                }
                let w: Vec<f64> = (0..k).map(|t| xs(i, t) * xs(j, t)).collect();
                let sum = w.iter().sum::<f64>();
                num += (w.iter().map(|v| v * v).sum::<f64>() - sum * sum / kf) / (kf * (kf - 1.0));
                den += (sum / kf).powi(2);
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
                w[i * n + j] = if i == j {
                    var[i]
                } else if varied(i) && varied(j) {
                    let corr = cov(i, j) / (sd[i] * sd[j]);
                    (1.0 - lambda) * corr * (var[i] * var[j]).sqrt()
                } else {
                    0.0
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
        let lambda = matches_the_textbook(&h, &points, &errors, &priors);
        assert!(lambda > 0.0 && lambda < 1.0, "shrinkage {lambda}");
    }

    /// Asserts that `mint_shrink` gives the textbook's forecasts and shrinkage for nodes
    /// listed aggregates first; returns the shrinkage.
    fn matches_the_textbook(
        h: &Hierarchy,
        points: &[Vec<f64>],
        errors: &[Vec<f64>],
        priors: &[f64],
    ) -> f64 {
        let na = h.aggregates.len();
        let (agg_p, bot_p) = points.split_at(na);
        let (agg_e, bot_e) = errors.split_at(na);
        let got = mint_shrink(
            h,
            &nodes_with(agg_p, agg_e, &priors[..na]),
            &nodes_with(bot_p, bot_e, &priors[na..]),
        )
        .unwrap();
        let (want, lambda) = dense_mint(h, points, errors, priors);
        assert!(
            (got.shrinkage - lambda).abs() < 1e-9,
            "{} vs {lambda}",
            got.shrinkage
        );
        for (g, w) in got.bottom.iter().flatten().zip(want.iter().flatten()) {
            assert!((g - w).abs() < 1e-6, "{g} vs {w}");
        }
        lambda
    }

    #[test]
    fn mint_equals_the_textbook_formula_with_more_nodes_than_errors_and_a_flat_one() {
        // 12 series: 6 products of 2 series (disjoint), 3 channels of 4, and the total; 22
        // nodes, 5 error periods, and one series whose errors never varied.
        let mut aggregates: Vec<Vec<usize>> = (0..6).map(|p| vec![2 * p, 2 * p + 1]).collect();
        aggregates.extend((0..3).map(|c| (0..12).filter(|j| j % 3 == c).collect::<Vec<_>>()));
        aggregates.push((0..12).collect());
        let h = Hierarchy {
            bottom: 12,
            aggregates,
        };
        let n = 22;
        let points: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                noise(300 + i as u64, 2)
                    .iter()
                    .map(|v| 40.0 + 8.0 * v)
                    .collect()
            })
            .collect();
        let common = noise(17, 5);
        let mut errors: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                noise(400 + i as u64, 5)
                    .iter()
                    .zip(&common)
                    .map(|(e, c)| 0.5 + e + c)
                    .collect()
            })
            .collect();
        errors[15] = vec![0.0; 5];
        let priors: Vec<f64> = (0..n).map(|i| 0.5 + (i % 4) as f64).collect();
        matches_the_textbook(&h, &points, &errors, &priors);
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
