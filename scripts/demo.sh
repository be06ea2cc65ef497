#!/usr/bin/env bash
# Builds Sentia and starts it on a local demo PostgreSQL that this script creates (first
# run) and seeds with the generated demo company. Safe to run again: it reuses both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$SENTIA_ROOT"

ensure_apt_packages
ensure_rust

if [ "$(id -u)" = 0 ]; then
  DEMO_DIR=/var/lib/sentia/demo-db
else
  DEMO_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/sentia/demo-db"
fi
log "starting the demo database in $DEMO_DIR"
port=$(pg_cluster_start "$DEMO_DIR")
psql -h 127.0.0.1 -p "$port" -U postgres -XAtqc "select 1 from pg_database where datname='sentia'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$port" -U postgres -Xqc "create database sentia"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/sentia"

target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}
log "building the sentia command"
SQLX_OFFLINE=true cargo build -q -p sentia-cli
sentia=$target_dir/debug/sentia
$sentia migrate
if [ "$(psql "$DATABASE_URL" -XAtqc 'select count(*) from products')" = 0 ]; then
  log "seeding the demo company (three years of sales)"
  $sentia seed-demo
fi

# The app connects as sentia_app, a role that owns no tables, so row-level security applies.
# The demo cluster trusts loopback connections, so there is no password to keep. The
# connection wizard's "Use the local demo database" button reads this file.
app_data="${XDG_DATA_HOME:-$HOME/.local/share}/sentia"
mkdir -p "$app_data"
printf '{"host":"127.0.0.1","port":%s,"database":"sentia","user":"sentia_app","password":null}\n' "$port" \
  > "$app_data/demo-connection.json"

ensure_ui_deps
log "building the desktop app"
(cd src-tauri && SQLX_OFFLINE=true ../ui/node_modules/.bin/tauri build --debug --no-bundle)
log "starting Sentia: choose 'Use the local demo database', then sign in as 'admin' (or another demo user) with password 'sentia-demo'"
exec "$target_dir/debug/sentia-app"
