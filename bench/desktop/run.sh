#!/usr/bin/env bash
# Package size, start-up and memory of Sentia's release build against a minimal Tauri app
# (bench/desktop/minimal) built and measured in the same run, under Xvfb. Prints the
# .deb/.rpm sizes (when scripts/release.sh has built them), the start to a mapped window,
# and the PSS of the whole process tree on the first screen and, signed in, on the
# dashboard. Manual; not part of CI (two release builds: about 10 minutes the first time).
#
#   bench/desktop/run.sh            BENCH_STARTS=5 starts each, BENCH_IDLE_S=8 s idle
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$SENTIA_ROOT"
export SQLX_OFFLINE=true
target_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}
export CARGO_TARGET_DIR=$target_dir

# Inside a private kernel keyring: the apps store the database password there.
in_private_keyring "$0" "$@"

ensure_ui_deps
tauri=$SENTIA_ROOT/ui/node_modules/.bin/tauri
log "building Sentia (release, UI embedded)"
(cd src-tauri && "$tauri" build --no-bundle >/dev/null)
log "building the minimal Tauri app (release)"
# In a target folder of its own: another workspace, other features of the same crates.
(cd bench/desktop/minimal && CARGO_TARGET_DIR=$target_dir/bench-minimal "$tauri" build --no-bundle >/dev/null)
cargo build --release --quiet -p sentia-cli --bin sentia

url=$(bench_database_url sentia_desktop)
export DATABASE_URL=$url
"$target_dir/release/sentia" migrate >/dev/null 2>&1
if [ "$(psql "$url" -XAtqc 'select count(*) from users')" = 0 ]; then
  "$target_dir/release/sentia" seed-demo --years 2 >/dev/null
fi

megabytes() { awk -v n="$(basename "$1")" -v b="$(stat -c %s "$1")" 'BEGIN { printf "%-44s %6.1f MB\n", n, b / 1e6 }'; }

venv=$(ensure_e2e_venv)
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1

for pkg in "$target_dir"/release/bundle/deb/*.deb "$target_dir"/release/bundle/rpm/*.rpm; do
  if [ -f "$pkg" ]; then megabytes "$pkg"; fi
done
megabytes "$target_dir/release/sentia-app"

DISPLAY=$display BENCH_SENTIA="$target_dir/release/sentia-app" \
  BENCH_MINIMAL="$target_dir/bench-minimal/release/sentia-bench-minimal" \
  BENCH_DB_PORT=$(python3 -c "import urllib.parse,sys; print(urllib.parse.urlparse(sys.argv[1]).port)" "$url") \
  BENCH_DB_NAME=sentia_desktop \
  "$venv/bin/python" bench/desktop/measure.py
