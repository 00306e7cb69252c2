#!/usr/bin/env bash
# The one test command (README, .ci/run): prepares the machine, then lints,
# typechecks and runs every workspace's tests. Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare-machine.sh
npx biome check .
# No export nobody imports (knip.json: unused exports and types only).
npx knip --no-progress
npm run typecheck

# Every workspace runs even when one fails; the closing line adds up vitest's counts.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
npm run test --workspaces --if-present 2>&1 | tee "$log" || status=$?
node scripts/sum-test-counts.mjs "$log"
exit "$status"
