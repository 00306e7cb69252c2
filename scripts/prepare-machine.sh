#!/usr/bin/env bash
# Installs everything the stack and the tests need on a fresh Debian machine:
# Debian packages, npm dependencies, our Collector build and k6. Idempotent: a
# second run with nothing changed takes seconds. With CI=true any failure stops
# the run, so a missing prerequisite can never turn into a skipped suite.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[prepare]\033[0m %s\n' "$*"; }

# Debian packages: Alertmanager + amtool, headless Chromium, nginx (the rate-limiting proxy in front
# of the browser-facing endpoint; its tests start their own nginx, so the service itself is not used).
# (Debian's Prometheus is 2.42; Prometheus 3 is built below.)
DEBIAN_PACKAGES=(prometheus-alertmanager chromium nginx)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "Please install these Debian packages as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm dependencies (one lock file for every workspace).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund
fi

command -v go >/dev/null || { echo "Go is required to build the Collector and k6: https://go.dev/dl/" >&2; exit 1; }

# Our Collector build (collector-config/build-collector.sh skips work when nothing changed).
if [ -f collector-config/build-collector.sh ]; then
  bash collector-config/build-collector.sh
fi

# Prometheus and promtool 3.16, pinned, for every test and the local stack.
bash scripts/install-prometheus.sh

# k6, for the ingest benchmark and its smoke test.
if [ -f collector-config/bench/install-k6.sh ]; then
  bash collector-config/bench/install-k6.sh
fi
say "machine ready"
