#!/usr/bin/env bash
# The dashboard query benchmark at 10 million sales rows, in one command: starts (and on
# the first run creates and seeds) a PostgreSQL cluster of its own with the demo company
# at --scale 670 --years 3 (about 10.2 million historical_sales rows), then runs the
# dashboard's queries and the naive baseline in the same run and prints p50/p95 and ratios.
# Manual; not part of CI. Seeding takes about half an hour on 2 cores; later runs reuse it.
#
#   bench/dashboard/run.sh [ITERATIONS]        (default 30)
#
# BENCH_DATABASE_URL: use that database instead (it must be empty or already seeded).
# BENCH_SCALE / BENCH_YEARS: a smaller load for a quick try (defaults 670 / 3).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$SENTIA_ROOT"
iterations=${1:-30}
scale=${BENCH_SCALE:-670}
years=${BENCH_YEARS:-3}
export SQLX_OFFLINE=true
target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}

log "building the release binaries"
cargo build --release --quiet -p sentia-cli --bin sentia
cargo build --release --quiet -p sentia-core --example dashboard_bench

if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  BENCH_DATABASE_URL=$(bench_database_url "sentia_bench")
fi
export DATABASE_URL=$BENCH_DATABASE_URL

"$target_dir/release/sentia" migrate
rows=$(psql "$DATABASE_URL" -XAtqc "select count(*) from historical_sales")
if [ "$rows" = 0 ]; then
  log "seeding the demo company at scale $scale over $years years (10 million rows take about half an hour)"
  "$target_dir/release/sentia" seed-demo --scale "$scale" --years "$years"
fi

"$target_dir/release/examples/dashboard_bench" "$iterations"
