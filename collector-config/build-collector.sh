#!/usr/bin/env bash
# Builds the Bilan Collector (collector-config/dist/otelcol-bilan) with the pinned OpenTelemetry
# Collector Builder. Skips work that is already done: the builder when installed at the pinned
# version, the build when the binary is newer than this script and the manifest.
set -euo pipefail

BUILDER_VERSION="v0.160.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
tools="$repo/.tools"
builder="$tools/builder-$BUILDER_VERSION"
manifest="$here/builder-config.yaml"
binary="$here/dist/otelcol-bilan"

log() { echo "[build-collector] $*"; }
die() { echo "[build-collector] ERROR: $*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed (need Go >= 1.24 to build the Collector)"

# Our own component's sources count as inputs too.
newest_source="$(find "$here/countledger" -name '*.go' ! -name '*_test.go' -o -name go.mod | xargs ls -t | head -1)"
if [[ -x "$binary" && "$binary" -nt "$manifest" && "$binary" -nt "${BASH_SOURCE[0]}" && "$binary" -nt "$newest_source" ]]; then
  log "up to date: $binary (delete it to force a rebuild)"
  exit 0
fi

if [[ ! -x "$builder" ]]; then
  log "installing the Collector Builder $BUILDER_VERSION into $tools"
  mkdir -p "$tools"
  tmpbin="$(mktemp -d)"
  GOBIN="$tmpbin" go install "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION" \
    || die "go install of the Collector Builder failed"
  mv "$tmpbin/builder" "$builder"
  rmdir "$tmpbin"
fi

log "building $binary (first build downloads many modules and compiles for minutes)"
started=$SECONDS
cd "$here"
"$builder" --config="$manifest" || die "the Collector Builder failed"
[[ -x "$binary" ]] || die "the build finished without producing $binary"
touch "$binary"
log "built $binary in $((SECONDS - started))s ($(du -h "$binary" | cut -f1))"
"$binary" --version
