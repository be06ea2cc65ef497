#!/usr/bin/env bash
# The update check from end to end, as IT and finance live it: builds version N and N+1 as
# signed .deb packages with a throwaway key, installs N with dpkg, serves N+1's manifest
# and package from 127.0.0.1, and drives the installed app under Xvfb (tests/e2e's
# harness): it finds N+1, downloads and verifies it, installs it, and after the restart
# reports the new version. Then a tampered package, one signed by another key and a
# manifest announcing another version are each refused and nothing is installed.
# Needs root (dpkg) and about 15 minutes for two release builds. Manual release check;
# .ci/run keeps the signature and manifest tests (src-tauri/tests/updates.rs).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/lib.sh"
cd "$ROOT"
[ "$(id -u)" = 0 ] || die "run as root: it installs packages with dpkg"

WORK=$(mktemp -d /tmp/sentia-update.XXXXXX)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

current=$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])')
next=$(python3 -c "v='$current'.split('.'); v[2]=str(int(v[2])+1); print('.'.join(v))")
port=$(free_port)
base="http://127.0.0.1:$port/stable"
ensure_ui_deps
tauri=ui/node_modules/.bin/tauri
$tauri signer generate --ci -p "" -w "$WORK/key" >/dev/null
$tauri signer generate --ci -p "" -w "$WORK/other-key" >/dev/null
export SENTIA_UPDATE_PUBKEY=$(cat "$WORK/key.pub")

for v in "$current" "$next"; do
  TAURI_SIGNING_PRIVATE_KEY=$WORK/key TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" \
    scripts/release.sh --base-url "$base" --version "$v" --insecure-http --out "$WORK/$v" \
    --notes <(printf 'Sentia %s\n- what is new in %s\n' "$v" "$v")
done
log "installing Sentia $current from its .deb"
dpkg -i "$WORK/$current"/*.deb >/dev/null
package=$(dpkg-deb -f "$WORK/$current"/*.deb Package)
binary=$(dpkg -L "$package" | grep '^/usr/bin/' | head -1)

# N+1 on the update server, and beside it the wrong packages for the refusals: each case
# is an update server of its own, <case>/stable/latest.json.
for case in good tampered other-key wrong-version; do mkdir -p "$WORK/serve/$case/stable"; done
cp "$WORK/$next"/* "$WORK/serve/good/stable/"
deb=$(basename "$WORK/$next"/*.deb)
python3 - "$WORK" "$deb" "$port" "$next" <<'PY'
import json, shutil, subprocess, sys
work, deb, port, nxt = sys.argv[1:]
src = json.load(open(f"{work}/{nxt}/latest.json"))
def write(case, manifest, package=None):
    d = f"{work}/serve/{case}/stable"
    if package is not None:
        open(f"{d}/{deb}", "wb").write(package)
    manifest["platforms"] = {k: {**v, "url": f"http://127.0.0.1:{port}/{case}/stable/{deb}"}
                             for k, v in manifest["platforms"].items()}
    json.dump(manifest, open(f"{d}/latest.json", "w"))
write("good", json.loads(json.dumps(src)))
good = open(f"{work}/{nxt}/{deb}", "rb").read()
bad = bytearray(good); bad[len(bad) // 2] ^= 1
write("tampered", json.loads(json.dumps(src)), bytes(bad))
# Signed by a key the app does not trust.
shutil.copy(f"{work}/{nxt}/{deb}", f"{work}/serve/other-key/stable/{deb}")
subprocess.run(["ui/node_modules/.bin/tauri", "signer", "sign", "-f", f"{work}/other-key", "-p", "",
                "--app-version", nxt, f"{work}/serve/other-key/stable/{deb}"], check=True, capture_output=True)
other = json.loads(json.dumps(src))
sig = open(f"{work}/serve/other-key/stable/{deb}.sig").read().strip()
for v in other["platforms"].values(): v["signature"] = sig
write("other-key", other)
# The genuine package of N+1 announced as a later version.
wrong = json.loads(json.dumps(src)); wrong["version"] = nxt.rsplit(".", 1)[0] + "." + str(int(nxt.rsplit(".", 1)[1]) + 1)
write("wrong-version", wrong, good)
PY
(cd "$WORK/serve" && python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) & SERVER_PID=$!

# The updater installs with pkexec; as root here, run dpkg directly.
mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexec "$@"\n' > "$WORK/bin/pkexec"; chmod +x "$WORK/bin/pkexec"

log "driving the installed app: $binary"
PATH="$WORK/bin:$PATH" SKIP_BUILD=1 E2E_APP_BINARY="$binary" E2E_SCRIPT="$ROOT/tests/update/test_update.py" \
  UPDATE_BASE="http://127.0.0.1:$port" UPDATE_FROM="$current" UPDATE_TO="$next" UPDATE_PACKAGE="$package" \
  tests/e2e/run.sh
dpkg -r "$package" >/dev/null
