#!/usr/bin/env bash
# The offline report benchmark in one command: the demo company (seeded once, one year of
# history, forecast weekly) in a PostgreSQL cluster of its own; each report screen opened
# 100 times from its offline copy against the live fetch (crates/core/examples/
# offline_bench.rs). Manual; not part of CI.
#
#   bench/offline/run.sh [OPENS]        (default 100)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$SENTIA_ROOT"
opens=${1:-100}
export SQLX_OFFLINE=true
target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}

# The copies' keys go to the kernel keyring of a private session.
in_private_keyring "$0" "$@"

log "building the release binaries"
cargo build --release --quiet -p sentia-cli --bin sentia
cargo build --release --quiet -p sentia-core --example offline_bench

DATABASE_URL=$(bench_database_url "sentia_cash_1")
export DATABASE_URL
"$target_dir/release/sentia" migrate
if [ "$(psql "$DATABASE_URL" -XAtqc "select count(*) from historical_sales")" = 0 ]; then
  log "seeding the demo company"
  "$target_dir/release/sentia" seed-demo --years 1 > /dev/null
  SENTIA_PASSWORD=sentia-demo "$target_dir/release/sentia" forecast --from-db \
    --user dana.planner --bucket week --horizon 13 > /dev/null
fi
"$target_dir/release/examples/offline_bench" "$opens"
