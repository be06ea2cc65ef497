#!/usr/bin/env bash
# Builds Sentia's Linux release packages (.deb and .rpm), signs them with the update key
# and writes the update manifest, ready to serve from any static HTTP server:
#
#   TAURI_SIGNING_PRIVATE_KEY=<key file or key> [TAURI_SIGNING_PRIVATE_KEY_PASSWORD=…] \
#     scripts/release.sh --base-url https://updates.example.com/sentia/stable \
#                        [--notes FILE] [--mandatory] [--out DIR] [--version X.Y.Z]
#
# Copy DIR's files to <base-url>/ (the channel's folder: stable/ or beta/). The manifest
# has a `linux-x86_64-deb` and a `linux-x86_64-rpm` entry; each signature is bound to the
# version (the app refuses a package signed for another one). The key never enters the
# repository; `npx tauri signer generate` makes one, and its public half goes in
# tauri.conf.json (plugins.updater.pubkey).
#
# For the update test only: SENTIA_UPDATE_PUBKEY replaces the public key built in, and
# --insecure-http lets the build fetch updates over http from this machine.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$SENTIA_ROOT"

base_url="" notes="" mandatory=false out="$SENTIA_ROOT/target/release-packages" version="" insecure=false
while [ $# -gt 0 ]; do
  case "$1" in
    --base-url) base_url=${2%/}; shift 2 ;;
    --notes) notes=$(cat "$2"); shift 2 ;;
    --mandatory) mandatory=true; shift ;;
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --insecure-http) insecure=true; shift ;;
    *) echo "release.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$base_url" ] || { echo "release.sh: --base-url is required (where the packages will be served)" >&2; exit 2; }
if [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  echo "release.sh: set TAURI_SIGNING_PRIVATE_KEY to the update key (a file or the key itself)" >&2
  exit 2
fi
# The key is a file or the key itself. The signer also reads these variables on its own,
# and refuses a key given twice: it gets the key as an argument, with the variables unset.
key_args=(-k "$TAURI_SIGNING_PRIVATE_KEY")
[ -f "$TAURI_SIGNING_PRIVATE_KEY" ] && key_args=(-f "$TAURI_SIGNING_PRIVATE_KEY")
key_args+=(-p "${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}")

[ -n "$version" ] || version=$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])')
config=$(VERSION="$version" INSECURE="$insecure" PUBKEY="${SENTIA_UPDATE_PUBKEY:-}" python3 -c '
import json, os
c = {"version": os.environ["VERSION"], "bundle": {"createUpdaterArtifacts": False}}
updater = {}
if os.environ["PUBKEY"]:
    updater["pubkey"] = os.environ["PUBKEY"]
if os.environ["INSECURE"] == "true":
    updater["dangerousInsecureTransportProtocol"] = True
if updater:
    c["plugins"] = {"updater": updater}
print(json.dumps(c))')

ensure_ui_deps
log "building Sentia $version: .deb and .rpm"
(cd src-tauri && SQLX_OFFLINE=true ../ui/node_modules/.bin/tauri build --bundles deb,rpm --config "$config")

bundle_dir=${CARGO_TARGET_DIR:-$SENTIA_ROOT/target}/release/bundle
deb=$(ls -t "$bundle_dir"/deb/*_"$version"_*.deb | head -1)
rpm=$(ls -t "$bundle_dir"/rpm/*-"$version"-*.rpm | head -1)
mkdir -p "$out"
cp "$deb" "$rpm" "$out/"
for pkg in "$out/$(basename "$deb")" "$out/$(basename "$rpm")"; do
  log "signing $(basename "$pkg") for version $version"
  env -u TAURI_SIGNING_PRIVATE_KEY -u TAURI_SIGNING_PRIVATE_KEY_PASSWORD \
    ui/node_modules/.bin/tauri signer sign "${key_args[@]}" --app-version "$version" "$pkg" > /dev/null
done

OUT="$out" BASE="$base_url" VERSION="$version" NOTES="$notes" MANDATORY="$mandatory" \
DEB=$(basename "$deb") RPM=$(basename "$rpm") python3 - <<'EOF'
import datetime, json, os
out, base = os.environ["OUT"], os.environ["BASE"]
def entry(name):
    with open(os.path.join(out, name + ".sig")) as f:
        return {"signature": f.read().strip(), "url": f"{base}/{name}"}
manifest = {
    "version": os.environ["VERSION"],
    "notes": os.environ["NOTES"] or f"Sentia {os.environ['VERSION']}",
    "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "mandatory": os.environ["MANDATORY"] == "true",
    "platforms": {
        "linux-x86_64-deb": entry(os.environ["DEB"]),
        "linux-x86_64-rpm": entry(os.environ["RPM"]),
    },
}
with open(os.path.join(out, "latest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
EOF
log "ready to serve from $base_url: $(cd "$out" && ls | tr '\n' ' ')"
