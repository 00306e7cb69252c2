#!/usr/bin/env bash
# Installs Prometheus and promtool 3.16 into the repo-local .tools/bin with `go install` at a
# pinned version (Go module versions v0.3XX.Y are Prometheus releases 3.XX.Y). Every test and
# `npm run stack` run this Prometheus: its range selectors leave out the sample on their left
# edge, which the counting model relies on (collector-config/README.md, "Counting"). Skips when the version is there.
set -euo pipefail

PROMETHEUS_MODULE_VERSION="v0.316.0"
PROMETHEUS_RELEASE="3.16.0"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="$repo/.tools/bin"

log() { echo "[install-prometheus] $*"; }
die() { echo "[install-prometheus] ERROR: $*" >&2; exit 1; }

# `go install` leaves the binary's own --version blank; Go's build record names the module version.
installed() {
  [[ -x "$bin_dir/$1" ]] &&
    go version -m "$bin_dir/$1" | grep -Eq "^\s+mod\s+github.com/prometheus/prometheus\s+$PROMETHEUS_MODULE_VERSION\s"
}

command -v go >/dev/null || die "Go is not installed (Prometheus is built with go install; see https://go.dev/dl/)"
mkdir -p "$bin_dir"
for tool in prometheus promtool; do
  if installed "$tool"; then
    log "up to date: $bin_dir/$tool ($PROMETHEUS_RELEASE)"
    continue
  fi
  log "installing $tool $PROMETHEUS_RELEASE into $bin_dir (the first build compiles for a few minutes)"
  started=$SECONDS
  GOBIN="$bin_dir" go install "github.com/prometheus/prometheus/cmd/$tool@$PROMETHEUS_MODULE_VERSION" ||
    die "go install github.com/prometheus/prometheus/cmd/$tool@$PROMETHEUS_MODULE_VERSION failed"
  installed "$tool" || die "$bin_dir/$tool is not built from $PROMETHEUS_MODULE_VERSION"
  log "installed $tool in $((SECONDS - started))s"
done
