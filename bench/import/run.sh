#!/usr/bin/env bash
# The sales import benchmark in one command: starts (and on the first run creates) a
# PostgreSQL cluster of its own, then imports a generated Shopify export of ROWS line
# items end to end through the app's use case, against row-by-row INSERTs of the same
# file in the same run, and prints rows per second, the ratio and peak memory.
# Manual; not part of CI. About two minutes at 1,000,000 rows on 2 cores.
#
#   bench/import/run.sh [ROWS]        (default 1000000)
#
# BENCH_DATABASE_URL: use that database instead (the benchmark rolls back what it adds).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$SENTIA_ROOT"
rows=${1:-1000000}
export SQLX_OFFLINE=true
target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}

log "building the benchmark (release)"
cargo build --release --quiet -p sentia-core --example import_bench

if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    bench_dir=/var/lib/sentia/bench-db
  else
    bench_dir="${XDG_DATA_HOME:-$HOME/.local/share}/sentia/bench-db"
  fi
  port=$(pg_cluster_start "$bench_dir")
  psql -h 127.0.0.1 -p "$port" -U postgres -XAtqc "select 1 from pg_database where datname='sentia_import_bench'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -Xqc "create database sentia_import_bench"
  BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:$port/sentia_import_bench"
  log "benchmark database: $bench_dir (port $port)"
fi
DATABASE_URL=$BENCH_DATABASE_URL "$target_dir/release/examples/import_bench" "$rows"
