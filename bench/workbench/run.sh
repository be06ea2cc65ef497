#!/usr/bin/env bash
# The forecast workbench benchmark in one command: starts (and on the first run creates and
# seeds) a PostgreSQL cluster of its own with the demo company at --scale 1000 --years 2
# (15,000 product × channel series, about 10 million sales rows), then runs monthly
# forecasts of every series through the app's use case, timing each stage, and opens
# sampled series views; baselines are measured in the same run.
# Manual; not part of CI. Seeding takes about half an hour on 2 cores; later runs reuse it.
#
#   bench/workbench/run.sh [RUNS] [VIEWS]        (default 2 runs, 200 series views)
#
# BENCH_DATABASE_URL: use that database instead (it must be empty or already seeded).
# BENCH_SCALE / BENCH_YEARS: a smaller load for a quick try (defaults 1000 / 2).
# BENCH_RECONCILE=mint: MinT runs, which need BENCH_YEARS=3 (a backtest to weigh the levels).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$SENTIA_ROOT"
runs=${1:-2}
views=${2:-200}
scale=${BENCH_SCALE:-1000}
years=${BENCH_YEARS:-2}
export SQLX_OFFLINE=true
target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}

log "building the release binaries"
cargo build --release --quiet -p sentia-cli --bin sentia
cargo build --release --quiet -p sentia-core --example forecast_bench

if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  BENCH_DATABASE_URL=$(bench_database_url "sentia_workbench_${scale}_${years}")
fi
export DATABASE_URL=$BENCH_DATABASE_URL

"$target_dir/release/sentia" migrate
rows=$(psql "$DATABASE_URL" -XAtqc "select count(*) from historical_sales")
if [ "$rows" = 0 ]; then
  log "seeding the demo company at scale $scale over $years years"
  "$target_dir/release/sentia" seed-demo --scale "$scale" --years "$years"
fi

"$target_dir/release/examples/forecast_bench" "$runs" "$views"
