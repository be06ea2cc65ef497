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
# The demo cluster trusts loopback connections, so there is no password, and the file has
# no field for one (the app refuses a file that holds a password). The connection
# wizard's "Use the local demo database" button reads this file.
app_data="${XDG_DATA_HOME:-$HOME/.local/share}/sentia"
mkdir -p "$app_data"
printf '{"host":"127.0.0.1","port":%s,"database":"sentia","user":"sentia_app"}\n' "$port" \
  > "$app_data/demo-connection.json"

ensure_ui_deps
log "building the desktop app"
(cd src-tauri && SQLX_OFFLINE=true ../ui/node_modules/.bin/tauri build --debug --no-bundle)
# Sentia keeps database passwords in the desktop keychain (the Secret Service). A fresh
# headless machine has none, or a gnome-keyring without a default collection, and the app
# would stop at its first keychain read. Then the demo runs in a private D-Bus session with
# its own unlocked gnome-keyring (random password, files in a temporary directory), which
# ends with the app: anything saved in it is forgotten.
secret_service_usable() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  printf probe | timeout 20 secret-tool store --label='Sentia keychain check' \
    service com.sentia.app.check user probe 2>/dev/null || return 1
  timeout 20 secret-tool clear service com.sentia.app.check user probe 2>/dev/null || true
}

run_with_private_keychain() {
  local dir status=0
  dir=$(mktemp -d /tmp/sentia-demo-keyring.XXXXXX)
  SENTIA_KEYRING_DIR=$dir dbus-run-session -- bash -c '
    set -euo pipefail
    eval "$(head -c 32 /dev/urandom | base64 | tr -d "\n" \
      | XDG_DATA_HOME=$SENTIA_KEYRING_DIR gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    # Wait until the daemon owns the Secret Service name: a client asking earlier would
    # have D-Bus start a second daemon, without the unlocked login collection.
    for _ in $(seq 1 100); do
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
        | grep -q true && break
      sleep 0.1
    done
    exec "$@"' sentia-demo "$@" || status=$?
  rm -rf "$dir"
  return "$status"
}

log "starting Sentia: choose 'Use the local demo database', then sign in as 'admin' (or another demo user) with password 'sentia-demo'"
if secret_service_usable; then
  exec "$target_dir/debug/sentia-app"
fi
log "no usable keychain in this session: starting a private one for the demo (forgotten when Sentia exits)"
run_with_private_keychain "$target_dir/debug/sentia-app"
