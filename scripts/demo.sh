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

log "building the sentia command"
SQLX_OFFLINE=true cargo build --release -q -p sentia-cli
sentia=target/release/sentia
$sentia migrate
if [ "$(psql "$DATABASE_URL" -XAtqc 'select count(*) from products')" = 0 ]; then
  log "seeding the demo company (three years of sales)"
  $sentia seed-demo
fi

# The app connects as sentia_app, a role that owns no tables, so row-level security applies.
# The demo cluster trusts loopback connections, so there is no password to keep.
# The connection reaches the app two ways: the wizard's "Use the local demo database" reads
# demo-connection.json, and the SENTIA_DB_* variables pre-provision it (as IT would) so the
# app opens straight at the sign-in screen.
app_data="${XDG_DATA_HOME:-$HOME/.local/share}/sentia"
mkdir -p "$app_data"
printf '{"host":"127.0.0.1","port":%s,"database":"sentia","user":"sentia_app","password":null}\n' "$port" \
  > "$app_data/demo-connection.json"
export SENTIA_DB_HOST=127.0.0.1 SENTIA_DB_PORT="$port" SENTIA_DB_NAME=sentia SENTIA_DB_USER=sentia_app SENTIA_DB_TLS=disable
if [ -d src-tauri ] && [ -f src-tauri/Cargo.toml ]; then
  ensure_ui_deps
  log "building the desktop app"
  (cd src-tauri && SQLX_OFFLINE=true npx --prefix ../ui tauri build --debug --no-bundle)
  log "starting Sentia — log in as 'admin' (or another demo user) with password 'sentia-demo'"
  exec target/debug/sentia-app
else
  $sentia doctor --no-keychain
  log "demo database ready at $DATABASE_URL (the desktop shell is not built in this version)"
fi
