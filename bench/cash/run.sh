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

# Each recompute also keeps the screen's offline copy, sealed under a key in the kernel
in_private_keyring "$0" "$@"

log "building the release binaries"
cargo build --release --quiet -p sentia-cli --bin sentia
cargo build --release --quiet -p sentia-core --example cash_bench

for scale in 1 100; do
  DATABASE_URL=$(bench_database_url "sentia_cash_$scale")
  export DATABASE_URL
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
