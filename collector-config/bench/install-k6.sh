#!/usr/bin/env bash
# Installs k6 (the load generator of the ingest benchmark) into the repo-local .tools/bin with
# `go install` at a pinned version. Skips when that version is already there.
set -euo pipefail

K6_VERSION="v1.8.1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin_dir="$repo/.tools/bin"
k6="$bin_dir/k6"

log() { echo "[install-k6] $*"; }
die() { echo "[install-k6] ERROR: $*" >&2; exit 1; }

if [[ -x "$k6" ]] && "$k6" version 2>/dev/null | grep -q "${K6_VERSION#v}"; then
  log "up to date: $k6 ($K6_VERSION)"
  exit 0
fi

command -v go >/dev/null || die "Go is not installed (k6 is built with go install; see https://go.dev/dl/)"
log "installing k6 $K6_VERSION into $bin_dir (first build compiles for a few minutes)"
mkdir -p "$bin_dir"
started=$SECONDS
GOBIN="$bin_dir" go install "go.k6.io/k6@$K6_VERSION" || die "go install go.k6.io/k6@$K6_VERSION failed"
log "installed $("$k6" version | head -1) in $((SECONDS - started))s"
