#!/usr/bin/env bash
# The one test command (README, .ci/run): prepares the machine, then lints and
# runs every workspace's tests. Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare-machine.sh
npx biome check .
npm run typecheck
npm run test --workspaces --if-present
