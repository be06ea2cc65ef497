# Shared helpers for the demo and test scripts. Source it; it defines functions only.
# Every installer is idempotent and quick when things are already present.

SENTIA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the build, the tests and the demo need (the Tauri v2 list for Debian,
# PostgreSQL, Xvfb + WebKitWebDriver for end-to-end tests, keyutils for a headless keychain).
APT_PACKAGES=(
  build-essential pkg-config curl wget file patchelf
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  postgresql postgresql-client
  xvfb xauth webkit2gtk-driver imagemagick
  keyutils dbus-x11 gnome-keyring libsecret-tools
  nodejs npm python3 python3-venv
)

ensure_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # Node may come from elsewhere than Debian (a newer npm is fine): skip those if present.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
  fi
  local wanted=()
  for p in "${missing[@]}"; do [ -n "$p" ] && wanted+=("$p"); done
  [ ${#wanted[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${wanted[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || die "Rust is not installed: see https://rustup.rs (cargo 1.94 or newer)"
}

ensure_ui_deps() {
  # npm ci is exact and reproducible; skip it when node_modules matches the lock file.
  local stamp="$SENTIA_ROOT/ui/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$SENTIA_ROOT/ui/package-lock.json" -nt "$stamp" ]; then
    log "installing UI packages (npm ci)"
    (cd "$SENTIA_ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# in_private_keyring SCRIPT ARGS…: runs the calling script again inside a private kernel
# keyring session (once), so the passwords and keys it stores never reach the user's own
# keyring; the app's keychain then is that keyring.
in_private_keyring() {
  if [ -z "${SENTIA_IN_KEYRING:-}" ]; then
    export SENTIA_IN_KEYRING=1
    exec keyctl session - bash "$@"
  fi
  export SENTIA_KEYRING=keyutils
}

# ensure_e2e_venv: the WebDriver client (selenium) for the window tests and the desktop
# benchmark, in a virtualenv kept between runs; prints its directory.
ensure_e2e_venv() {
  local venv=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}/e2e-venv
  local wanted=$SENTIA_ROOT/tests/e2e/requirements.txt
  if ! cmp -s "$wanted" "$venv/requirements.installed"; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$wanted" >&2
    cp "$wanted" "$venv/requirements.installed"
  fi
  echo "$venv"
}

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)

# Runs a command as the PostgreSQL cluster owner: initdb refuses to run as root.
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi
}

# free_port [PREFERRED]: prints PREFERRED when it is free on loopback, else any free port.
free_port() {
  python3 - "${1:-0}" <<'PY'
import socket, sys
for port in (int(sys.argv[1]), 0):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(s.getsockname()[1])
    break
PY
}

# pg_cluster_start DIR: creates (if needed) and starts a cluster in DIR on a free loopback
# port (the one it had before, if free), trust authentication for local connections only.
# Prints the port.
pg_cluster_start() {
  local dir=$1 port
  [ -n "$PG_BIN" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir" && chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    cat "$dir/port"
    return 0
  fi
  # The same port as last time when it is free: saved connections keep working.
  port=$(free_port "$(cat "$dir/port" 2>/dev/null || echo 0)")
  echo "$port" > "$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || die "PostgreSQL did not start: see $dir/server.log"
  echo "$port"
}

pg_cluster_stop() {
  local dir=$1
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
}

# True when DATABASE_URL points at a server that answers.
database_url_reachable() {
  [ -n "${DATABASE_URL:-}" ] && psql "$DATABASE_URL" -XAtqc 'select 1' >/dev/null 2>&1
}

# The benchmarks' own PostgreSQL cluster, beside the demo database and outside the
# repository (the postgres user must reach it): starts it, creates database $1 if it is
# missing, and prints its URL.
bench_database_url() {
  local db=$1 dir port
  if [ "$(id -u)" = 0 ]; then
    dir=/var/lib/sentia/bench-db
  else
    dir="${XDG_DATA_HOME:-$HOME/.local/share}/sentia/bench-db"
  fi
  port=$(pg_cluster_start "$dir")
  psql -h 127.0.0.1 -p "$port" -U postgres -XAtqc "select 1 from pg_database where datname='$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -Xqc "create database $db"
  log "benchmark database: $dir (port $port), $db"
  echo "postgres://postgres@127.0.0.1:$port/$db"
}
