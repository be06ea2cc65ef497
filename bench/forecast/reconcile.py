#!/usr/bin/env python3
"""Bottom-up against MinT (shrinkage) reconciliation, on hierarchies of product x channel
demand, scored on held-out data. Decides whether the engine needs MinT; not part of CI.

  target/bench/venv/bin/python bench/forecast/reconcile.py --sentia target/release/sentia

Hierarchies (bottom level = product x channel series, every aggregate their sum):
  demo_{peak,mild}_monthly   the demo company, last year held out (bench/forecast/run.sh builds
                             them): total, market, channel, SKU, SKU x channel
  intermittent_weekly        the kit's synthetic weekly demand (W_<product>_<channel>):
                             total, channel, product, product x channel

Every node is forecast by the engine (`--models auto`) from its own history. Bottom-up sums
the bottom forecasts. MinT (Wickramasuriya, Athanasopoulos & Hyndman (2019), JASA 114(526))
is y~ = S (S' W^-1 S)^-1 S' W^-1 y^ with W the (uncentred) covariance of one-step forecast
errors, shrunk towards its diagonal (Schafer & Strimmer (2005), as hts estimates it); the errors come from a rolling
origin inside the training data (the engine refitted at each of the last K points), not
from in-sample fits. "app K" is MinT as a workbench run computes it
(`sentia_forecast::reconcile::mint_shrink`): W from each node's errors over a backtest of
the last K periods (one origin, K steps, as the run's review holds out min(horizon, season)
periods), each variance blended with the node's seasonal-naive difference variance as if
that had been seen over 4 periods. Scores per level: MASE (seasonal-naive in-sample scale) and RMSSE,
averaged over the level's nodes.
"""
import argparse
import csv
import os
import subprocess
import sys
from collections import OrderedDict

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def read_long(path):
    out = OrderedDict()
    with open(path) as f:
        for r in csv.DictReader(f):
            out.setdefault(r["unique_id"], []).append(float(r["y"]))
    return out


def demo_levels(uid):
    sku, channel = uid.split("|")
    market = channel.rsplit("_", 1)[-1]
    return OrderedDict([("total", "total"), ("market", market), ("channel", channel),
                        ("sku", sku), ("bottom", uid)])


def weekly_levels(uid):
    _, product, channel = uid.split("_")
    return OrderedDict([("total", "total"), ("channel", channel), ("product", product),
                        ("bottom", uid)])


SETS = {
    # name: (train, test, h, m, levels)
    "demo_peak_monthly": ("target/bench/data/demo_peak_monthly", 12, 12, demo_levels),
    "demo_mild_monthly": ("target/bench/data/demo_mild_monthly", 12, 12, demo_levels),
    "intermittent_weekly": (os.path.join(HERE, "../../../shared/bench/forecast/data/intermittent_weekly"),
                            13, 52, weekly_levels),
}


def hierarchy(bottom_ids, levels_of):
    """Node names (level:key, top first) and the summing matrix S (nodes x bottom)."""
    nodes = OrderedDict()
    for j, uid in enumerate(bottom_ids):
        for level, key in levels_of(uid).items():
            nodes.setdefault((level, key), []).append(j)
    names = list(nodes)
    s = np.zeros((len(names), len(bottom_ids)))
    for i, name in enumerate(names):
        s[i, nodes[name]] = 1.0
    return names, s


def forecast(sentia, series, h, m, workdir, tag):
    """The engine's Auto forecast of every row of `series` (nodes x n), h steps."""
    src = os.path.join(workdir, tag + "_in.csv")
    out = os.path.join(workdir, tag + "_out.csv")
    with open(src, "w") as f:
        f.write("unique_id,ds,y\n")
        for i, y in enumerate(series):
            for t, v in enumerate(y, start=1):
                f.write("n%d,%d,%.10g\n" % (i, t, v))
    subprocess.run([sentia, "forecast", "--input", src, "--horizon", str(h), "--season-length", str(m),
                    "--models", "Auto", "--level", "95", "--output", out],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    f = np.zeros((len(series), h))
    with open(out) as g:
        rows = list(csv.DictReader(g))
    for r in rows:
        i = int(r["unique_id"][1:])
        k = int(r["ds"]) - len(series[i]) - 1
        f[i, k] = float(r["Auto"])
    return f


def shrunk_covariance(e):
    """The MinT-shrink estimator of the hts package (`shrink.estim`): uncentred second
    moments of the errors (a steady miss counts), shrunk towards their diagonal with the
    Schafer-Strimmer intensity."""
    k, n = e.shape
    cov = e.T @ e / k
    sd = np.sqrt(np.diag(cov))
    sd[sd == 0] = 1.0
    xs = e / sd
    v = (xs.T ** 2 @ xs ** 2 - (xs.T @ xs) ** 2 / k) / (k * (k - 1))
    np.fill_diagonal(v, 0.0)
    corr = xs.T @ xs / k
    np.fill_diagonal(corr, 0.0)
    denom = (corr ** 2).sum()
    lam = 1.0 if denom == 0 else float(np.clip(v.sum() / denom, 0.0, 1.0))
    return lam * np.diag(np.diag(cov)) + (1 - lam) * cov, lam


PRIOR_PERIODS = 4.0


def naive_variance(y, m):
    lag = m if len(y) > m else 1
    return float(((y[lag:] - y[:-lag]) ** 2).mean()) if len(y) > lag else 0.0


def app_covariance(e, y, m):
    """W as a workbench run builds it from K backtest errors per node (`e`, K x nodes):
    the shrunk correlations at variances blended with the seasonal-naive prior."""
    k = e.shape[0]
    w, lam = shrunk_covariance(e)
    lam = max(lam, 1e-4)
    var = (e ** 2).mean(axis=0)
    w = lam * np.diag(var) + (1 - lam) * (e.T @ e / k)
    prior = np.array([naive_variance(row, m) for row in y])
    blended = (k * var + PRIOR_PERIODS * prior) / (k + PRIOR_PERIODS)
    blended = np.maximum(blended, 1e-9 * blended.mean() if blended.mean() > 0 else 1.0)
    varied = var > 1e-12 * blended.mean()
    ratio = np.where(varied, np.sqrt(blended / np.where(varied, var, 1.0)), 0.0)
    out = w * np.outer(ratio, ratio)
    out[np.diag_indices_from(out)] = blended
    return out


def mint(s, w, base):
    winv = np.linalg.pinv(w)
    g = np.linalg.pinv(s.T @ winv @ s) @ s.T @ winv
    return s @ (g @ base)


def scores(actual, fc, train, m):
    """Mean MASE and RMSSE over the nodes of one level."""
    mase, rmsse = [], []
    for a, f, y in zip(actual, fc, train):
        lag = m if len(y) > m else 1
        d = np.abs(np.diff(y, n=1) if lag == 1 else y[lag:] - y[:-lag])
        if d.mean() == 0:
            continue
        mase.append(np.abs(a - f).mean() / d.mean())
        rmsse.append(np.sqrt(((a - f) ** 2).mean() / (d ** 2).mean()))
    return np.mean(mase), np.mean(rmsse)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentia", required=True)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--origins", type=int, default=24, help="one-step errors from the last K points")
    ap.add_argument("--backtests", default="3,12", help="the app's W: errors of a K-period backtest, for each K")
    ap.add_argument("--out", default="target/bench/reconcile")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.sets.split(","):
        base, h, m, levels_of = SETS[name]
        train, test = read_long(base + "_train.csv"), read_long(base + "_test.csv")
        ids = [u for u in train if u in test]
        names, s = hierarchy(ids, levels_of)
        bottom_train = np.array([train[u] for u in ids])
        bottom_test = np.array([test[u][:h] for u in ids])
        y = s @ bottom_train
        actual = s @ bottom_test
        n = y.shape[1]
        base_fc = forecast(args.sentia, y, h, m, args.out, name)
        # One-step errors at the last K origins inside the training window.
        k = min(args.origins, n - max(m, 8))
        errors = np.zeros((k, len(names)))
        for j in range(k):
            origin = n - k + j
            f1 = forecast(args.sentia, y[:, :origin], 1, m, args.out, "%s_o%d" % (name, origin))
            errors[j] = y[:, origin] - f1[:, 0]
        w, lam = shrunk_covariance(errors)
        n_bottom = len(ids)
        bottom_rows = [names.index(("bottom", u)) for u in ids]
        bu = s @ base_fc[bottom_rows]
        mt = mint(s, w, base_fc)
        # WLS: the diagonal alone (variance scaling); scales to many series, unlike a full W.
        wls = mint(s, np.diag(np.diag(w)), base_fc)
        # The app's W: one backtest of the last K periods per node.
        app = []
        for kb in [int(v) for v in args.backtests.split(",") if v]:
            held = forecast(args.sentia, y[:, :n - kb], kb, m, args.out, "%s_bt%d" % (name, kb))
            wb = app_covariance((y[:, n - kb:] - held).T, y, m)
            app.append(("app K=%d" % kb, mint(s, wb, base_fc)))
        print("\n== %s: %d nodes, %d bottom series, h=%d, W from %d one-step errors, shrinkage %.2f =="
              % (name, len(names), n_bottom, h, k, lam))
        print("%-10s %5s | %15s | %15s | %15s | %15s" % ("level", "nodes", "base MASE/RMSSE", "BU MASE/RMSSE",
                                                       "MinT MASE/RMSSE", "WLS MASE/RMSSE")
              + "".join(" | %15s" % label for label, _ in app))
        level_names = list(OrderedDict((lv, None) for lv, _ in names))
        for level in level_names + ["all"]:
            idx = [i for i, (lv, _) in enumerate(names) if level in ("all", lv)]
            row = []
            for fc in [base_fc, bu, mt, wls] + [fc for _, fc in app]:
                a, r = scores(actual[idx], fc[idx], y[idx], m)
                row.append("%7.3f %7.3f" % (a, r))
            print("%-10s %5d | %s" % (level, len(idx), " | ".join(row)))
        print("negative values: MinT %d, WLS %d of %d" % ((mt < 0).sum(), (wls < 0).sum(), mt.size))


if __name__ == "__main__":
    sys.exit(main())
