#!/usr/bin/env bash
# Runs every check and test of Sentia: formatting, lints, the dependency rules, the sqlx
# offline data, the Rust tests against a real PostgreSQL (a throwaway cluster unless
# DATABASE_URL answers), the UI checks, and the end-to-end tests in the real window.
# Installs what it needs first (idempotent, quick when already present).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$SENTIA_ROOT"

ensure_apt_packages
ensure_rust
rustup component add rustfmt clippy >/dev/null 2>&1 || true

if ! database_url_reachable; then
  PG_TMP=$(mktemp -d /tmp/sentia-test-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  port=$(pg_cluster_start "$PG_TMP/cluster")
  trap 'pg_cluster_stop "$PG_TMP/cluster"; rm -rf "$PG_TMP"' EXIT
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  log "started a throwaway PostgreSQL on port $port"
fi
# Query macros read the committed .sqlx data, never a live database, so a stray
# DATABASE_URL cannot change what compiles.
export SQLX_OFFLINE=true

log "formatting"
cargo fmt --all --check

log "lints"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# unsafe_code is denied everywhere; the one audited exception is the allocator setting.
unsafe_allowed=$(grep -rl --include='*.rs' 'allow(unsafe_code)' crates src-tauri | sort | tr '\n' ' ')
if [ "$unsafe_allowed" != "src-tauri/src/main.rs " ]; then
  die "unsafe code allowed outside src-tauri/src/main.rs: $unsafe_allowed"
fi

log "dependency direction"
for crate in sentia-domain sentia-forecast sentia-finance sentia-planning sentia-demo sentia-import; do
  if cargo tree -p "$crate" -e normal --prefix none 2>/dev/null | grep -Eq '^(sqlx|tauri|tokio|keyring) '; then
    die "$crate is a pure crate but depends on sqlx, tauri, tokio or keyring"
  fi
done
# The desktop app must not link the demo simulator or its loader.
if cargo tree -p sentia-app -e normal --prefix none 2>/dev/null | grep -Eq '^sentia-demo(-db)? '; then
  die "sentia-app links the demo generator"
fi
for crate in sentia-db sentia-core; do
  if cargo metadata --no-deps --format-version 1 | grep -q "\"name\":\"$crate\"" \
     && cargo tree -p "$crate" -e normal --prefix none 2>/dev/null | grep -Eq '^tauri '; then
    die "$crate must not depend on tauri"
  fi
done

# The sqlx offline data (.sqlx) is checked by building with SQLX_OFFLINE=true above: a
# query without its entry does not compile. Refresh it with
# `cargo sqlx prepare --workspace -- --all-targets` against a migrated database.

log "Rust tests"
# Keychain tests use the kernel keyring: give them a session keyring of their own.
keyctl session sentia-tests cargo test --workspace --quiet 2>&1 | tee /tmp/sentia-cargo-test.log

log "UI checks"
ensure_ui_deps
(cd ui && npm run --silent typecheck && npm run --silent lint && npm run --silent test && npm run --silent build)

log "end-to-end tests in the real window"
# tauri-driver bridges WebDriver to WebKitWebDriver (Debian's webkit2gtk-driver).
command -v tauri-driver >/dev/null || cargo install tauri-driver --version 2.1.0 --locked --quiet
tests/e2e/run.sh

passed=$(grep -Eo '[0-9]+ passed' /tmp/sentia-cargo-test.log | awk '{s+=$1} END {print s+0}')
log "all checks passed ($passed Rust tests)"
