//! Seasonal ARIMA with automatic order selection, after Hyndman & Khandakar (2008),
//! *Automatic time series forecasting: the forecast package for R*, JSS 27(3).
//!
//! - Differencing: seasonal `D ∈ {0, 1}` when the seasonal strength of a classical
//!   decomposition exceeds 0.64 (the rule statsforecast and R use by default, `"seas"`),
//!   then regular `d ∈ {0, 1, 2}` by repeated KPSS tests at 5%.
//! - Estimation: conditional sum of squares (CSS), minimised by Nelder–Mead over
//!   partial autocorrelations (`tanh`-transformed), so every candidate is stationary and
//!   invertible by construction.
//! - Selection: the stepwise search by AICc, starting from four initial models and moving
//!   one order at a time.
//! - Intervals: ψ-weights of the full (differenced) model, `σ² Σ ψ_j²`.
//!
//! Speed choice: CSS throughout (R and statsforecast refine the final candidates by exact
//! maximum likelihood through a Kalman filter); with sparse seasonal polynomials each
//! likelihood evaluation costs O(n·(p+1)(P+1)).

use serde::{Deserialize, Serialize};

use crate::decompose::{centred_ma, seasonal_indices_additive};
use crate::optim::{aicc, minimise};
use crate::prediction::{normal_intervals, Decomposition, Fit, Predict, Prediction, SeasonalKind};
use crate::stats::{mean, variance};
use crate::ForecastError;

/// ARIMA orders `(p,d,q)(P,D,Q)[m]` and whether a constant (mean or drift) is included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArimaOrder {
    /// Non-seasonal AR order.
    pub p: u32,
    /// Non-seasonal differences.
    pub d: u32,
    /// Non-seasonal MA order.
    pub q: u32,
    /// Seasonal AR order.
    pub sp: u32,
    /// Seasonal differences.
    pub sd: u32,
    /// Seasonal MA order.
    pub sq: u32,
    /// Season length.
    pub m: u32,
    /// Include a constant on the differenced series (mean if `d+D = 0`, drift if 1).
    pub constant: bool,
}

impl ArimaOrder {
    /// Name in R's style, e.g. `ARIMA(0,1,1)(0,1,1)[12]` or `ARIMA(1,1,0) with drift`.
    pub fn name(&self) -> String {
        let mut s = format!("ARIMA({},{},{})", self.p, self.d, self.q);
        if self.m > 1 && (self.sp + self.sd + self.sq) > 0 {
            s.push_str(&format!(
                "({},{},{})[{}]",
                self.sp, self.sd, self.sq, self.m
            ));
        }
        if self.constant {
            s.push_str(if self.d + self.sd == 0 {
                " with mean"
            } else {
                " with drift"
            });
        }
        s
    }
}

/// Fitted ARIMA parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArimaParams {
    /// Orders.
    pub order: ArimaOrder,
    /// Non-seasonal AR coefficients φ (`w_t = Σ φ_i w_{t−i} + …`).
    pub ar: Vec<f64>,
    /// Non-seasonal MA coefficients θ (`… + e_t + Σ θ_j e_{t−j}`).
    pub ma: Vec<f64>,
    /// Seasonal AR coefficients Φ.
    pub sar: Vec<f64>,
    /// Seasonal MA coefficients Θ.
    pub sma: Vec<f64>,
    /// Mean (or drift) of the differenced series.
    pub constant: f64,
    /// Innovation variance.
    pub sigma2: f64,
    /// Corrected AIC (CSS likelihood).
    pub aicc: f64,
}

/// Automatic ARIMA spec.
#[derive(Debug, Clone, Copy)]
pub struct AutoArima {
    /// Season length (1 for none).
    pub season_length: u32,
    /// Maximum non-seasonal AR / MA order.
    pub max_pq: u32,
    /// Maximum seasonal AR / MA order.
    pub max_seasonal_pq: u32,
    /// Maximum number of models visited by the stepwise search.
    pub max_models: usize,
}

/// A fitted ARIMA model.
#[derive(Debug, Clone)]
pub struct FittedArima {
    params: ArimaParams,
    y: Vec<f64>,
    resid: Vec<f64>,
}

fn pacf_to_coef(u: &[f64]) -> Vec<f64> {
    let mut a: Vec<f64> = Vec::with_capacity(u.len());
    for (k, &uk) in u.iter().enumerate() {
        let r = uk.tanh();
        let prev = a.clone();
        a.push(r);
        for j in 0..k {
            a[j] = prev[j] - r * prev[k - 1 - j];
        }
    }
    a
}

/// Multiply the non-seasonal and seasonal lag polynomials into sparse `(lag, coef)` terms,
/// in the sign convention `x_t = Σ c_lag x_{t−lag}` for AR (and `+ Σ c e_{t−lag}` for MA).
fn expand(ns: &[f64], seas: &[f64], m: usize, ar: bool) -> Vec<(usize, f64)> {
    // Polynomials as 1 ∓ Σ c B^i; product coefficients of B^lag, converted back.
    let sign = if ar { -1.0 } else { 1.0 };
    let mut a = vec![(0usize, 1.0)];
    a.extend(ns.iter().enumerate().map(|(i, c)| (i + 1, sign * c)));
    let mut b = vec![(0usize, 1.0)];
    b.extend(
        seas.iter()
            .enumerate()
            .map(|(i, c)| ((i + 1) * m, sign * c)),
    );
    let mut out: Vec<(usize, f64)> = vec![];
    for &(la, ca) in &a {
        for &(lb, cb) in &b {
            let lag = la + lb;
            if lag == 0 {
                continue;
            }
            match out.iter_mut().find(|(l, _)| *l == lag) {
                Some(t) => t.1 += ca * cb,
                None => out.push((lag, ca * cb)),
            }
        }
    }
    out.iter()
        .map(|&(l, c)| (l, sign * c))
        .filter(|(_, c)| *c != 0.0)
        .collect()
}

fn difference(y: &[f64], lag: usize) -> Vec<f64> {
    (lag..y.len()).map(|t| y[t] - y[t - lag]).collect()
}

/// Conditional-sum-of-squares residuals of an ARMA on `w` (mean `mu`); returns
/// `(sse, count)`. Every model is scored on all observations: values before the start
/// are taken at the mean and past errors at zero. (Conditioning on the first `p + P·m`
/// observations instead, as textbook CSS does, lets seasonal AR terms drop the noisiest
/// early years from the criterion and wins them the AICc comparison unfairly.)
fn css(
    w: &[f64],
    mu: f64,
    ar: &[(usize, f64)],
    ma: &[(usize, f64)],
    resid: &mut [f64],
) -> (f64, usize) {
    let mut sse = 0.0;
    for t in 0..w.len() {
        let mut pred = mu;
        for &(l, c) in ar {
            if t >= l {
                pred += c * (w[t - l] - mu);
            }
        }
        for &(l, c) in ma {
            if t >= l {
                pred += c * resid[t - l];
            }
        }
        let e = w[t] - pred;
        resid[t] = e;
        sse += e * e;
    }
    (sse, w.len())
}

/// KPSS level-stationarity statistic (Kwiatkowski et al. 1992) with the Bartlett
/// long-run variance and `l = ⌊4 (n/100)^{1/4}⌋` lags (R tseries' `lshort`).
fn kpss(x: &[f64]) -> f64 {
    let n = x.len();
    let mu = mean(x);
    let e: Vec<f64> = x.iter().map(|v| v - mu).collect();
    let mut s = 0.0;
    let mut eta = 0.0;
    for v in &e {
        s += v;
        eta += s * s;
    }
    let nf = n as f64;
    let l = (4.0 * (nf / 100.0).powf(0.25)).floor() as usize;
    let mut lrv: f64 = e.iter().map(|v| v * v).sum::<f64>() / nf;
    for k in 1..=l.min(n.saturating_sub(1)) {
        let w = 1.0 - k as f64 / (l as f64 + 1.0);
        let g: f64 = (k..n).map(|t| e[t] * e[t - k]).sum::<f64>() / nf;
        lrv += 2.0 * w * g;
    }
    if lrv <= 0.0 {
        return 0.0;
    }
    eta / (nf * nf * lrv)
}

/// Seasonal strength `max(0, 1 − Var(R)/Var(S+R))` of a classical additive decomposition.
fn seasonal_strength(y: &[f64], m: usize) -> f64 {
    let Some(idx) = seasonal_indices_additive(y, m) else {
        return 0.0;
    };
    let tr = centred_ma(y, m);
    let mut sr = vec![];
    let mut r = vec![];
    for (t, v) in tr.iter().enumerate() {
        if let Some(v) = v {
            let detr = y[t] - v;
            sr.push(detr);
            r.push(detr - idx[t % m]);
        }
    }
    let vsr = variance(&sr, 1);
    if vsr <= 0.0 {
        return 0.0;
    }
    (1.0 - variance(&r, 1) / vsr).max(0.0)
}

struct OrderFit {
    params: ArimaParams,
    resid: Vec<f64>,
}

fn fit_order(y: &[f64], o: ArimaOrder) -> Option<OrderFit> {
    let m = o.m.max(1) as usize;
    let mut w = y.to_vec();
    for _ in 0..o.sd {
        w = difference(&w, m);
    }
    for _ in 0..o.d {
        w = difference(&w, 1);
    }
    let (p, q, sp, sq) = (o.p as usize, o.q as usize, o.sp as usize, o.sq as usize);
    let k = p + q + sp + sq + o.constant as usize;
    if w.len() < p + sp * m + k + 3 {
        return None;
    }
    let wm = mean(&w);
    let wsd = variance(&w, 1).sqrt().max(1e-12 * wm.abs().max(1e-300));
    let mut resid = vec![0.0; w.len()];
    let unpack = |x: &[f64]| {
        let ar = pacf_to_coef(&x[..p]);
        let ma: Vec<f64> = pacf_to_coef(&x[p..p + q]).iter().map(|c| -c).collect();
        let sar = pacf_to_coef(&x[p + q..p + q + sp]);
        let sma: Vec<f64> = pacf_to_coef(&x[p + q + sp..p + q + sp + sq])
            .iter()
            .map(|c| -c)
            .collect();
        let mu = if o.constant { x[k - 1] } else { 0.0 };
        (ar, ma, sar, sma, mu)
    };
    let obj = |x: &[f64], _cutoff: f64| -> f64 {
        if x[..p + q + sp + sq].iter().any(|u| u.abs() > 6.0) {
            return f64::INFINITY;
        }
        let (ar, ma, sar, sma, mu) = unpack(x);
        let a = expand(&ar, &sar, m, true);
        let b = expand(&ma, &sma, m, false);
        css(&w, mu, &a, &b, &mut resid).0
    };
    let mut x0 = vec![0.0; k];
    let mut step = vec![0.3; k];
    if o.constant {
        x0[k - 1] = wm;
        step[k - 1] = 0.1 * wsd;
    }
    let res = minimise(obj, &x0, &step, 150 + 100 * k, 1e-7)?;
    let (ar, ma, sar, sma, mu) = unpack(&res.x);
    let a = expand(&ar, &sar, m, true);
    let b = expand(&ma, &sma, m, false);
    let mut resid = vec![0.0; w.len()];
    let (sse, cnt) = css(&w, mu, &a, &b, &mut resid);
    let nf = cnt as f64;
    let sigma2 = sse / nf;
    let loglik = -0.5 * nf * ((2.0 * std::f64::consts::PI * sigma2.max(1e-300)).ln() + 1.0);
    let aicc = aicc(-2.0 * loglik, k + 1, cnt);
    if !aicc.is_finite() {
        return None;
    }
    Some(OrderFit {
        params: ArimaParams {
            order: o,
            ar,
            ma,
            sar,
            sma,
            constant: mu,
            sigma2: sse / (nf - k as f64).max(1.0),
            aicc,
        },
        resid,
    })
}

impl AutoArima {
    /// Automatic ARIMA with Hyndman–Khandakar's default limits (p, q ≤ 5; P, Q ≤ 2).
    pub fn new(season_length: u32) -> Self {
        AutoArima {
            season_length,
            max_pq: 5,
            max_seasonal_pq: 2,
            max_models: 40,
        }
    }
}

impl Fit for AutoArima {
    type Fitted = FittedArima;

    /// Choose differencing and orders, and fit.
    fn fit(&self, y: &[f64]) -> Result<FittedArima, ForecastError> {
        let n = y.len();
        if n < 8 {
            return Err(ForecastError::NotEnoughData {
                model: "AutoARIMA".into(),
                needed: 8,
                got: n,
            });
        }
        let m = self.season_length.max(1) as usize;
        let seasonal = m > 1 && n >= 2 * m + 4;
        let sd = u32::from(seasonal && seasonal_strength(y, m) > 0.64);
        let mut x = y.to_vec();
        if sd == 1 {
            x = difference(&x, m);
        }
        let mut d = 0;
        while d < 2 && x.len() > 4 && kpss(&x) > 0.463 {
            x = difference(&x, 1);
            d += 1;
        }
        let constant_ok = d + sd <= 1;
        let ms = if seasonal { m as u32 } else { 1 };
        let sp_max = if seasonal { self.max_seasonal_pq } else { 0 };
        let mk = |p: u32, q: u32, sp: u32, sq: u32, c: bool| ArimaOrder {
            p,
            d,
            q,
            sp,
            sd,
            sq,
            m: ms,
            constant: c && constant_ok,
        };
        let mut tried: Vec<ArimaOrder> = vec![];
        let mut best: Option<OrderFit> = None;
        let consider =
            |o: ArimaOrder, best: &mut Option<OrderFit>, tried: &mut Vec<ArimaOrder>| -> bool {
                if tried.contains(&o)
                    || o.p > self.max_pq
                    || o.q > self.max_pq
                    || o.sp > sp_max
                    || o.sq > sp_max
                    || tried.len() >= self.max_models
                {
                    return false;
                }
                tried.push(o);
                match fit_order(y, o) {
                    Some(f) if best.as_ref().is_none_or(|b| f.params.aicc < b.params.aicc) => {
                        *best = Some(f);
                        true
                    }
                    _ => false,
                }
            };
        let s1 = u32::from(seasonal);
        for o in [
            mk(2, 2, s1, s1, true),
            mk(0, 0, 0, 0, true),
            mk(1, 0, s1, 0, true),
            mk(0, 1, 0, s1, true),
        ] {
            consider(o, &mut best, &mut tried);
        }
        if constant_ok {
            consider(mk(0, 0, 0, 0, false), &mut best, &mut tried);
        }
        while let Some(cur) = best.as_ref().map(|b| b.params.order) {
            let mut improved = false;
            let dec = |v: u32| v.checked_sub(1);
            let mut cands: Vec<ArimaOrder> = vec![];
            let (p, q, sp, sq, c) = (cur.p, cur.q, cur.sp, cur.sq, cur.constant);
            if seasonal {
                if let Some(v) = dec(sp) {
                    cands.push(mk(p, q, v, sq, c));
                }
                cands.push(mk(p, q, sp + 1, sq, c));
                if let Some(v) = dec(sq) {
                    cands.push(mk(p, q, sp, v, c));
                }
                cands.push(mk(p, q, sp, sq + 1, c));
                if let (Some(a), Some(b)) = (dec(sp), dec(sq)) {
                    cands.push(mk(p, q, a, b, c));
                }
                cands.push(mk(p, q, sp + 1, sq + 1, c));
            }
            if let Some(v) = dec(p) {
                cands.push(mk(v, q, sp, sq, c));
            }
            cands.push(mk(p + 1, q, sp, sq, c));
            if let Some(v) = dec(q) {
                cands.push(mk(p, v, sp, sq, c));
            }
            cands.push(mk(p, q + 1, sp, sq, c));
            if let (Some(a), Some(b)) = (dec(p), dec(q)) {
                cands.push(mk(a, b, sp, sq, c));
            }
            cands.push(mk(p + 1, q + 1, sp, sq, c));
            if constant_ok {
                cands.push(mk(p, q, sp, sq, !c));
            }
            for o in cands {
                if consider(o, &mut best, &mut tried) {
                    improved = true;
                    break;
                }
            }
            if !improved || tried.len() >= self.max_models {
                break;
            }
        }
        let best = best.ok_or_else(|| ForecastError::Numerical {
            model: "AutoARIMA".into(),
            message: "no ARIMA model could be fitted".into(),
        })?;
        Ok(FittedArima {
            params: best.params,
            y: y.to_vec(),
            resid: best.resid,
        })
    }
}

impl FittedArima {
    /// Fitted parameters.
    pub fn params(&self) -> &ArimaParams {
        &self.params
    }

    /// Point forecasts and ψ-weight variances.
    fn forecast_with_var(&self, h: usize) -> (Vec<f64>, Vec<f64>) {
        let p = &self.params;
        let o = p.order;
        let m = o.m.max(1) as usize;
        // Differenced series stack: level 0 = y, then seasonal, then regular differences.
        let mut stack = vec![self.y.clone()];
        let mut lags = vec![];
        for _ in 0..o.sd {
            let next = difference(stack.last().map(|v| v.as_slice()).unwrap_or(&[]), m);
            stack.push(next);
            lags.push(m);
        }
        for _ in 0..o.d {
            let next = difference(stack.last().map(|v| v.as_slice()).unwrap_or(&[]), 1);
            stack.push(next);
            lags.push(1);
        }
        let a = expand(&p.ar, &p.sar, m, true);
        let b = expand(&p.ma, &p.sma, m, false);
        let mut w = stack.last().cloned().unwrap_or_default();
        let mut e = self.resid.clone();
        let nw = w.len();
        for k in 0..h {
            let t = nw + k;
            let mut pred = p.constant;
            for &(l, c) in &a {
                pred += c * (w[t - l] - p.constant);
            }
            for &(l, c) in &b {
                if t >= l && t - l < nw {
                    pred += c * e[t - l];
                }
            }
            w.push(pred);
            e.push(0.0);
        }
        // Integrate back through the stack.
        let mut fut: Vec<f64> = w[nw..].to_vec();
        for level in (0..lags.len()).rev() {
            let lag = lags[level];
            let base = &stack[level];
            let mut ext = base.clone();
            for (k, v) in fut.iter().enumerate() {
                let prev = ext[base.len() + k - lag];
                ext.push(prev + v);
            }
            fut = ext[base.len()..].to_vec();
        }
        // ψ-weights of the full AR polynomial (including differences) and the MA part.
        let mut full: Vec<f64> = vec![0.0; 1];
        for &(l, c) in &a {
            if full.len() <= l {
                full.resize(l + 1, 0.0);
            }
            full[l] += c;
        }
        // multiply (1 - Σ full_i B^i) by (1 - B^lag) for each difference
        let mut poly: Vec<f64> = vec![1.0];
        poly.extend(full.iter().skip(1).map(|c| -c));
        for &lag in &lags {
            let mut np = vec![0.0; poly.len() + lag];
            for (i, c) in poly.iter().enumerate() {
                np[i] += c;
                np[i + lag] -= c;
            }
            poly = np;
        }
        let mut ma = vec![0.0; h];
        for &(l, c) in &b {
            if l < h {
                ma[l] += c;
            }
        }
        let mut psi = vec![0.0; h];
        let mut var = Vec::with_capacity(h);
        let mut acc = 0.0;
        for j in 0..h {
            let mut v = if j == 0 { 1.0 } else { ma[j] };
            for i in 1..=j.min(poly.len() - 1) {
                v -= poly[i] * psi[j - i];
            }
            psi[j] = v;
            acc += v * v;
            var.push(p.sigma2 * acc);
        }
        (fut, var)
    }
}

impl Predict for FittedArima {
    /// Forecast with normal intervals and a drawing decomposition.
    fn predict(&self, h: usize, levels: &[f64]) -> Result<Prediction, ForecastError> {
        let (point, var) = self.forecast_with_var(h);
        let sd: Vec<f64> = var.iter().map(|v| v.sqrt()).collect();
        let intervals = normal_intervals(&point, &sd, levels);
        let mut all = self.y.clone();
        all.extend_from_slice(&point);
        let m = self.params.order.m.max(1) as usize;
        let trend = crate::decompose::trend_line(&all, m);
        Ok(Prediction {
            point,
            intervals,
            decomposition: Decomposition {
                kind: SeasonalKind::None,
                seasonal: vec![0.0; all.len()],
                trend,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Rng;

    #[test]
    fn pacf_transform_gives_levinson_coefficients() {
        // Two partial autocorrelations r1, r2 → φ1 = r1 (1 − r2), φ2 = r2.
        let (r1, r2): (f64, f64) = (0.5, -0.3);
        let c = pacf_to_coef(&[r1.atanh(), r2.atanh()]);
        assert!((c[0] - r1 * (1.0 - r2)).abs() < 1e-12 && (c[1] - r2).abs() < 1e-12);
    }

    #[test]
    fn seasonal_polynomials_multiply() {
        // (1 − 0.5B)(1 − 0.4B^4) = 1 − 0.5B − 0.4B^4 + 0.2B^5.
        let t = expand(&[0.5], &[0.4], 4, true);
        let get = |l: usize| t.iter().find(|x| x.0 == l).map(|x| x.1).unwrap_or(0.0);
        assert!((get(1) - 0.5).abs() < 1e-12);
        assert!((get(4) - 0.4).abs() < 1e-12);
        assert!((get(5) + 0.2).abs() < 1e-12);
    }

    #[test]
    fn recovers_an_ar1_coefficient() {
        let mut rng = Rng::new(3);
        let mut y = vec![0.0];
        for _ in 0..400 {
            let last = *y.last().unwrap();
            y.push(0.7 * last + rng.normal());
        }
        let f = fit_order(
            &y,
            ArimaOrder {
                p: 1,
                d: 0,
                q: 0,
                sp: 0,
                sd: 0,
                sq: 0,
                m: 1,
                constant: false,
            },
        )
        .unwrap();
        assert!((f.params.ar[0] - 0.7).abs() < 0.08, "{:?}", f.params.ar);
    }

    #[test]
    fn random_walk_intervals_grow_like_sqrt_h() {
        let mut rng = Rng::new(5);
        let mut y = vec![100.0];
        for _ in 0..200 {
            let last = *y.last().unwrap();
            y.push(last + rng.normal());
        }
        let fit = AutoArima::new(1).fit(&y).unwrap();
        assert_eq!(fit.params().order.d, 1, "{}", fit.params().order.name());
        let (_, var) = fit.forecast_with_var(9);
        // For ARIMA(0,1,0) var_h = h σ²; allow small AR/MA terms.
        assert!((var[8] / var[0] - 9.0).abs() < 3.0, "{var:?}");
    }

    #[test]
    fn white_noise_gets_a_small_model() {
        let mut rng = Rng::new(11);
        let y: Vec<f64> = (0..120).map(|_| 100.0 + 5.0 * rng.normal()).collect();
        let o = AutoArima::new(12).fit(&y).unwrap().params().order;
        assert_eq!(o.d + o.sd, 0, "{}", o.name());
        assert!(o.p + o.q + o.sp + o.sq <= 2, "{}", o.name());
    }

    #[test]
    fn seasonal_series_gets_a_seasonal_difference() {
        let y: Vec<f64> = (0..120)
            .map(|i| 50.0 + 10.0 * ((i % 12) as f64 - 5.5).abs() + 0.1 * i as f64)
            .collect();
        let fit = AutoArima::new(12).fit(&y).unwrap();
        assert_eq!(fit.params().order.sd, 1);
        let f = fit.predict(12, &[95.0]).unwrap();
        let truth: Vec<f64> = (120..132)
            .map(|i| 50.0 + 10.0 * ((i % 12) as f64 - 5.5).abs() + 0.1 * i as f64)
            .collect();
        for (a, b) in f.point.iter().zip(&truth) {
            assert!((a - b).abs() < 1.0, "{:?}", f.point);
        }
    }
}
