#!/usr/bin/env bash
# Before/after benchmark of the forecast crate: builds `examples/models_bench.rs` for a
# base commit (in a temporary worktree, never committed) and for the working tree, runs
# the two alternately (one thread each, same data), checks that every point and 95% bound
# agrees, and prints time ratios and accuracy side by side. Manual; not part of CI.
#
#   bench/forecast/models_bench.sh <base-commit> [runs=3] [-- models_bench args]
#
# BEFORE_BIN / AFTER_BIN skip the builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:?base commit}
RUNS=${2:-3}
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
DATA=${DATA:-../shared/bench/forecast/data}
OUT=${OUT:-target/bench/models}
mkdir -p "$OUT"
if [ -z "${BEFORE_BIN:-}" ]; then
    WT=/tmp/forecast-before
    [ -d "$WT" ] || git worktree add --detach "$WT" "$BASE"
    # The example may be newer than the base commit.
    mkdir -p "$WT/crates/forecast/examples"
    cp crates/forecast/examples/models_bench.rs "$WT/crates/forecast/examples/"
    (cd "$WT" && CARGO_TARGET_DIR=/tmp/forecast-before-target \
        cargo build -q -p sentia-forecast --release --example models_bench)
    BEFORE_BIN=/tmp/forecast-before-target/release/examples/models_bench
fi
if [ -z "${AFTER_BIN:-}" ]; then
    cargo build -q -p sentia-forecast --release --example models_bench
    AFTER_BIN=${CARGO_TARGET_DIR:-target}/release/examples/models_bench
fi
for r in $(seq 1 "$RUNS"); do
    dump_b=() dump_a=()
    if [ "$r" = 1 ]; then
        dump_b=(--dump "$OUT/before.tsv")
        dump_a=(--dump "$OUT/after.tsv")
    fi
    # Alternate which build goes first.
    if [ $((r % 2)) = 1 ]; then
        "$BEFORE_BIN" --data "$DATA" "${dump_b[@]}" "$@" > "$OUT/before_$r.txt"
        "$AFTER_BIN" --data "$DATA" "${dump_a[@]}" "$@" > "$OUT/after_$r.txt"
    else
        "$AFTER_BIN" --data "$DATA" "${dump_a[@]}" "$@" > "$OUT/after_$r.txt"
        "$BEFORE_BIN" --data "$DATA" "${dump_b[@]}" "$@" > "$OUT/before_$r.txt"
    fi
    echo "run $r done" >&2
done
python3 - "$OUT" "$RUNS" <<'PY'
import statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])

def table(path):
    rows = {}
    with open(path) as f:
        next(f)
        for line in f:
            s, m, sec, smape, mase, cov, msis, failed = line.split("\t")
            rows[(s, m)] = (float(sec), smape, mase, cov, msis, failed.strip())
    return rows

before = [table(f"{out}/before_{r}.txt") for r in range(1, runs + 1)]
after = [table(f"{out}/after_{r}.txt") for r in range(1, runs + 1)]

def load(path):
    d = {}
    with open(path) as f:
        for line in f:
            s, m, sid, k, p, lo, hi = line.rstrip("\n").split("\t")
            d[(s, m, sid, k)] = (float(p), float(lo), float(hi))
    return d

db, da = load(f"{out}/before.tsv"), load(f"{out}/after.tsv")
# Points: relative difference. Bounds: difference relative to the forecast's scale (the
# larger of |point| and the interval width), since a bound near zero has no useful
# relative precision.
points, bounds = {}, {}
for key, (p, lo, hi) in db.items():
    s, m = key[0], key[1]
    if key not in da:
        points[(s, m)] = bounds[(s, m)] = float("inf")
        continue
    p2, lo2, hi2 = da[key]
    rel = abs(p - p2) / max(abs(p), abs(p2), 1e-300) if p != p2 else 0.0
    scale = max(abs(p), hi - lo, 1e-300)
    points[(s, m)] = max(points.get((s, m), 0.0), rel)
    bounds[(s, m)] = max(bounds.get((s, m), 0.0), max(abs(lo - lo2), abs(hi - hi2)) / scale)
print("| set | model | before s (median) | after s (median) | after/before | sMAPE before → after | MASE before → after | MSIS before → after | points: max rel. diff | bounds: max diff / scale |")
print("|---|---|---:|---:|---:|---|---|---|---:|---:|")
for key in before[0]:
    tb = statistics.median(b[key][0] for b in before)
    ta = statistics.median(a[key][0] for a in after)
    b0, a0 = before[0][key], after[0][key]
    ratio = ta / tb if tb > 0 else float("nan")
    same = lambda i: b0[i] if b0[i] == a0[i] else f"{b0[i]} → {a0[i]}"
    print(f"| {key[0]} | {key[1]} | {tb:.3f} | {ta:.3f} | {ratio:.2f} | {same(1)} | {same(2)} | {same(4)} | {points.get(key, 0.0):.0e} | {bounds.get(key, 0.0):.0e} |")
PY
