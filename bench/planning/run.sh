#!/usr/bin/env bash
# The supply-planning benchmark in one command: starts (and on the first run creates and
# seeds) a PostgreSQL cluster of its own with the demo company at --scale 1000 --years 1
# (15,000 product × location items), runs a weekly forecast of every series so that
# planning reads forecasts, then times planning runs and the per-item baseline
# (crates/core/examples/planning_bench.rs). Manual; not part of CI.
#
#   bench/planning/run.sh [RUNS] [SAMPLE]        (default 2 runs, 300 sampled items)
#
# BENCH_DATABASE_URL: use that database instead (it must be empty or already seeded).
# BENCH_SCALE / BENCH_YEARS: a smaller load for a quick try (defaults 1000 / 1).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$SENTIA_ROOT"
runs=${1:-2}
sample=${2:-300}
scale=${BENCH_SCALE:-1000}
years=${BENCH_YEARS:-1}
export SQLX_OFFLINE=true
target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}

log "building the release binaries"
cargo build --release --quiet -p sentia-cli --bin sentia
cargo build --release --quiet -p sentia-core --example planning_bench

if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  BENCH_DATABASE_URL=$(bench_database_url "sentia_planning_${scale}_${years}")
fi
export DATABASE_URL=$BENCH_DATABASE_URL

"$target_dir/release/sentia" migrate
rows=$(psql "$DATABASE_URL" -XAtqc "select count(*) from historical_sales")
if [ "$rows" = 0 ]; then
  log "seeding the demo company at scale $scale over $years years"
  "$target_dir/release/sentia" seed-demo --scale "$scale" --years "$years"
fi
live=$(psql "$DATABASE_URL" -XAtqc "select count(*) from forecasts where superseded_by is null")
if [ "$live" = 0 ]; then
  log "forecasting every series weekly, 13 weeks ahead, so that planning reads forecasts"
  SENTIA_PASSWORD=sentia-demo "$target_dir/release/sentia" forecast --from-db \
    --user dana.planner --bucket week --horizon 13 > /dev/null
fi

"$target_dir/release/examples/planning_bench" "$runs" "$sample"
