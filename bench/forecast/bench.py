#!/usr/bin/env python3
"""Run the Sentia engine and the statsforecast peer on the same data in one run, score both
with the kit's score.py and print, per model: wall time, speed ratio to the peer's counterpart,
sMAPE / MASE / OWA, 80/95% coverage and MSIS. Called by run.sh; standard library only."""
import argparse
import csv
import json
import os
import subprocess
import sys
import time

SEASONAL = ["Auto", "AutoETS", "ETSAverage", "Theta", "OptimizedTheta", "DynamicOptimizedTheta",
            "Combination", "Select", "SeasonalNaive", "Naive"]
PEER = ["AutoETS", "Theta", "OptimizedTheta", "SeasonalNaive", "Naive"]
INTERMITTENT = ["Auto", "TSB", "ADIDA", "IMAPA", "CrostonSBA", "CrostonClassic", "AutoETS", "SeasonalNaive", "Naive"]
PEER_INTERMITTENT = ["CrostonClassic", "CrostonSBA", "ADIDA", "IMAPA", "TSB", "AutoETS", "SeasonalNaive", "Naive"]
SETS = {
    # name: (file base, h, m, our models, peer models, where: "kit" data or "built" by run.sh)
    "m3": ("m3_monthly_1000", 18, 12, SEASONAL[:6] + ["Regression", "ML"] + SEASONAL[6:], PEER, "kit"),
    "tourism_monthly": ("tourism_monthly", 24, 12, SEASONAL, PEER, "built"),
    "tourism_quarterly": ("tourism_quarterly", 8, 4, SEASONAL, PEER, "built"),
    "m3_yearly": ("m3_yearly", 6, 1, SEASONAL, PEER, "built"),
    "m3_other": ("m3_other", 8, 1, SEASONAL, PEER, "built"),
    "demo_mild_monthly": ("demo_mild_monthly", 12, 12, SEASONAL, PEER, "built"),
    "demo_peak_monthly": ("demo_peak_monthly", 12, 12, SEASONAL, PEER, "built"),
    "demo_mild_weekly": ("demo_mild_weekly", 52, 52, SEASONAL, PEER, "built"),
    "demo_peak_weekly": ("demo_peak_weekly", 52, 52, SEASONAL, PEER, "built"),
    "daily": ("intermittent_daily", 28, 7, INTERMITTENT, PEER_INTERMITTENT, "kit"),
    "weekly": ("intermittent_weekly", 13, 52, INTERMITTENT, PEER_INTERMITTENT, "kit"),
}
ALL_SETS = ",".join(SETS)
# Whose time our model is compared with. Auto is compared with the peer's automatic ETS.
COUNTERPART = {"Auto": "AutoETS", "ETSAverage": "AutoETS", "DynamicOptimizedTheta": "OptimizedTheta"}


def run(cmd, **kw):
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, check=True, **kw)


def limit_file(src, dst, n):
    """First n series of a long CSV (file order), for quick runs."""
    seen = []
    with open(src) as f, open(dst, "w") as g:
        r = csv.reader(f)
        g.write(",".join(next(r)) + "\n")
        for row in r:
            if not seen or seen[-1] != row[0]:
                if len(seen) == n:
                    break
                seen.append(row[0])
            g.write(",".join(row) + "\n")


def score(py, kit, train, test, m, files, out_json, missing):
    run([py, os.path.join(kit, "score.py"), "--train", train, "--test", test, "--m", str(m),
         "--missing", missing, "--json", out_json] + files, stdout=subprocess.DEVNULL)
    with open(out_json) as f:
        return {r["model"].split(":")[-1]: r for r in json.load(f)["results"]}


def peer_combination(path, out, members):
    """Mean of the peer's members (points and bounds), the issue's reference combination."""
    with open(path) as f:
        rows = list(csv.DictReader(f))
    sfx = ["", "-lo-80", "-hi-80", "-lo-95", "-hi-95"]
    with open(out, "w") as g:
        g.write("unique_id,ds," + ",".join("PeerMean" + s for s in sfx) + "\n")
        for r in rows:
            vals = [sum(float(r[m + s]) for m in members) / len(members) for s in sfx]
            g.write("%s,%s,%s\n" % (r["unique_id"], r["ds"], ",".join("%.10g" % v for v in vals)))


def print_targets(summary):
    """Auto against the peer on every set: OWA (MASE on the intermittent sets, where sMAPE and
    so OWA mean little) beside the peer's best single model and its three-model mean."""
    print("\n== Auto against the peer ==")
    print("%-20s %-6s %8s %8s %-16s %9s %7s %6s" % (
        "set", "score", "Auto", "best peer", "(model)", "PeerMean", "cov95", "met"))
    for name, s in summary.items():
        key = "owa" if s["seasonal"] else "mase"
        ours = {r["model"]: r for r in s["rows"] if r["who"] == "sentia"}
        peer = {r["model"]: r for r in s["rows"] if r["who"] == "peer"}
        if "Auto" not in ours or not peer:
            continue
        auto = ours["Auto"][key]
        single = {m: r[key] for m, r in peer.items() if m != "PeerMean" and r.get(key) is not None}
        best = min(single, key=single.get)
        mean = peer.get("PeerMean", {}).get(key)
        cov = ours["Auto"].get("cov95")
        met = auto <= single[best] and (mean is None or auto < mean) and (
            cov is None or 0.93 <= cov <= 0.97)
        print("%-20s %-6s %8.3f %8.3f %-16s %9s %7s %6s" % (
            name, key, auto, single[best], best, fmt(mean), fmt(cov), "yes" if met else "no"))


def fmt(v, nd=3):
    return "-" if v is None else ("%.*f" % (nd, v))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sentia", required=True)
    ap.add_argument("--python", required=True, help="python with the peer's packages")
    ap.add_argument("--kit", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sets", default=ALL_SETS)
    ap.add_argument("--built", default="target/bench/data", help="folder of the sets run.sh builds")
    ap.add_argument("--with-arima", action="store_true", help="also AutoARIMA (peer: ~10 min on m3)")
    ap.add_argument("--limit", type=int, default=0, help="first N series only (scored with --missing drop)")
    ap.add_argument("--reuse-peer", action="store_true",
                    help="keep the peer's forecasts from an earlier run with the same options")
    ap.add_argument("--threads", type=int, default=0, help="our worker threads (0 = all cores)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    kit_data = os.path.join(args.kit, "data")
    summary = {}
    for name in args.sets.split(","):
        base, h, m, ours, peers, where = SETS[name]
        data = kit_data if where == "kit" else args.built
        seasonal_set = peers is PEER
        ours, peers = list(ours), list(peers)
        if args.with_arima and seasonal_set:
            ours.insert(3, "AutoARIMA")
            peers.insert(1, "AutoARIMA")
        train = os.path.join(data, base + "_train.csv")
        test = os.path.join(data, base + "_test.csv")
        missing, full_train = "penalize", train
        if args.limit:
            lt = os.path.join(args.out, "%s_train_%d.csv" % (name, args.limit))
            limit_file(train, lt, args.limit)
            train, missing = lt, "drop"
        # ours: one process per model, wall time including start-up and CSV IO
        our_files, our_time = [], {}
        for model in ours:
            out = os.path.join(args.out, "%s_sentia_%s.csv" % (name, model))
            t0 = time.perf_counter()
            run([args.sentia, "forecast", "--input", train, "--horizon", str(h), "--season-length", str(m),
                 "--models", model, "--threads", str(args.threads), "--output", out])
            our_time[model] = time.perf_counter() - t0
            our_files.append(out)
        # single-threaded run of the automatic pipelines, for a like-for-like core count
        one_core = {}
        for model in ["Auto", "AutoETS"] if name == "m3" else []:
            out = os.path.join(args.out, "%s_sentia_%s_1thread.csv" % (name, model))
            t0 = time.perf_counter()
            run([args.sentia, "forecast", "--input", train, "--horizon", str(h), "--season-length", str(m),
                 "--models", model, "--threads", "1", "--output", out])
            one_core[model] = time.perf_counter() - t0
        # peer
        peer_out = os.path.join(args.out, "%s_peer.csv" % name)
        timings = os.path.join(args.out, "%s_peer_timings.json" % name)
        if not (args.reuse_peer and os.path.exists(peer_out) and os.path.exists(timings)):
            run([args.python, os.path.join(args.kit, "peer_statsforecast.py"), "--train", train, "--h", str(h),
                 "--m", str(m), "--models", ",".join(peers), "--out", peer_out, "--timings-json", timings])
        with open(timings) as f:
            peer_time = {k: v[0] for k, v in json.load(f)["seconds"].items()}
        peer_files = [peer_out]
        if args.with_arima and seasonal_set:
            comb = os.path.join(args.out, "%s_peer_mean.csv" % name)
            peer_combination(peer_out, comb, ["AutoETS", "AutoARIMA", "Theta"])
            peer_files.append(comb)
        s_ours = score(args.python, args.kit, full_train, test, m, our_files,
                       os.path.join(args.out, "%s_sentia_scores.json" % name), missing)
        s_peer = score(args.python, args.kit, full_train, test, m, peer_files,
                       os.path.join(args.out, "%s_peer_scores.json" % name), missing)
        print("\n== %s (%s, h=%d, m=%d) ==" % (name, base, h, m))
        head = "%-30s %9s %8s %8s %7s %6s %6s %6s %8s" % (
            "model", "time s", "x peer", "sMAPE", "MASE", "OWA", "cov80", "cov95", "MSIS95")
        print(head)
        rows = []
        for who, models, sc, tm in [("sentia", ours, s_ours, our_time), ("peer", peers, s_peer, peer_time)]:
            for model in models + (["PeerMean"] if who == "peer" and "PeerMean" in sc else []):
                r = sc.get(model)
                if r is None:
                    continue
                t = tm.get(model)
                ratio = None
                if who == "sentia":
                    pt = peer_time.get(COUNTERPART.get(model, model))
                    ratio = pt / t if (pt and t) else None
                label = "%s %s" % (who, model)
                print("%-30s %9s %8s %8s %7s %6s %6s %6s %8s" % (
                    label, fmt(t, 2), ("%.1fx" % ratio) if ratio else "-", fmt(r["smape"]), fmt(r["mase"]),
                    fmt(r["owa"]), fmt(r.get("cov80")), fmt(r.get("cov95")), fmt(r.get("msis"))))
                rows.append({"who": who, "model": model, "seconds": t, "speedup_vs_peer": ratio, **r})
        n2 = s_ours.get("Naive2 (ref)")
        if n2:
            print("%-30s %9s %8s %8s %7s %6s" % ("Naive2 (scorer)", "-", "-", fmt(n2["smape"]), fmt(n2["mase"]),
                                                   fmt(n2["owa"])))
        for model, t in one_core.items():
            pt = peer_time.get(model if model != "Auto" else "AutoETS")
            print("sentia %-10s 1 thread: %.2f s%s" % (model, t, (" (%.1fx peer %s, n_jobs=1)" % (
                pt / t, "AutoETS")) if pt else ""))
        summary[name] = {"rows": rows, "one_thread_seconds": one_core, "seasonal": seasonal_set}
    print_targets(summary)
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print("\nwrote %s" % os.path.join(args.out, "summary.json"))


if __name__ == "__main__":
    main()
