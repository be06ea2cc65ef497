#!/usr/bin/env bash
# The cash projection benchmark in one command: for the demo company at --scale 1 and at
# --scale 100 (each seeded once, one year of history, then forecast weekly 13 weeks ahead)
# in a PostgreSQL cluster of its own, times the Working capital screen's recompute
# (crates/core/examples/cash_bench.rs). Manual; not part of CI.
#
#   bench/cash/run.sh [RECOMPUTES]        (default 100)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$SENTIA_ROOT"
recomputes=${1:-100}
export SQLX_OFFLINE=true
target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}

log "building the release binaries"
cargo build --release --quiet -p sentia-cli --bin sentia
cargo build --release --quiet -p sentia-core --example cash_bench

if [ "$(id -u)" = 0 ]; then
  bench_dir=/var/lib/sentia/bench-db
else
  bench_dir="${XDG_DATA_HOME:-$HOME/.local/share}/sentia/bench-db"
fi
port=$(pg_cluster_start "$bench_dir")
for scale in 1 100; do
  db=sentia_cash_$scale
  psql -h 127.0.0.1 -p "$port" -U postgres -XAtqc "select 1 from pg_database where datname='$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -Xqc "create database $db"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db"
  "$target_dir/release/sentia" migrate
  if [ "$(psql "$DATABASE_URL" -XAtqc "select count(*) from historical_sales")" = 0 ]; then
    log "seeding the demo company at scale $scale"
    "$target_dir/release/sentia" seed-demo --scale "$scale" --years 1 > /dev/null
    SENTIA_PASSWORD=sentia-demo "$target_dir/release/sentia" forecast --from-db \
      --user dana.planner --bucket week --horizon 13 > /dev/null
  fi
  log "scale $scale"
  "$target_dir/release/examples/cash_bench" "$recomputes"
done
