#!/usr/bin/env bash
# The test command: build (tests run the production entrypoints from dist/), then every test against a real
# Temporal dev server and PostgreSQL that test/support/global-setup.ts starts. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run build --silent || exit 1
mkdir -p .data
npx jest --maxWorkers="${TEST_WORKERS:-3}" --json --outputFile=.data/jest-results.json "$@"
code=$?
node -e "
  const r = require('./.data/jest-results.json');
  console.log('tests: ' + r.numPassedTests + ' passed, ' + r.numFailedTests + ' failed, ' + r.numPendingTests + ' skipped');
" || true
exit $code
