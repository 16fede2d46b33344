#!/usr/bin/env bash
# The test command: build (tests run the production entrypoints from dist/), then every test against a real
# Temporal dev server and PostgreSQL that test/support/global-setup.ts starts. Ends with one summary line.
#
# Two phases: every file but the chaos subset on three jest workers, then the chaos subset alone. It starts its own
# dev server, PostgreSQL proxy, two workers and two API replicas and kills them: beside other files on two cores it
# starved them (a browser file's backtest waited past a minute) and they starved it. Given file arguments, one jest
# run of just those.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run build --silent || exit 1
mkdir -p .data
rm -f .data/jest-results*.json
ALONE='test/chaos-short.test.ts'
if [ "$#" -gt 0 ]; then
  npx jest --maxWorkers="${TEST_WORKERS:-3}" --json --outputFile=.data/jest-results.json "$@"
  code=$?
else
  npx jest --maxWorkers="${TEST_WORKERS:-3}" --json --outputFile=.data/jest-results.json \
    --testPathIgnorePatterns "/node_modules/" "$ALONE"
  code=$?
  npx jest --runInBand --json --outputFile=.data/jest-results-alone.json "$ALONE"
  alone=$?
  [ "$code" -eq 0 ] && code=$alone
fi
node -e "
  const fs = require('fs');
  const files = ['.data/jest-results.json', '.data/jest-results-alone.json'].filter((f) => fs.existsSync(f));
  const sum = (k) => files.reduce((n, f) => n + require('./' + f)[k], 0);
  console.log('tests: ' + sum('numPassedTests') + ' passed, ' + sum('numFailedTests') + ' failed, ' + sum('numPendingTests') + ' skipped');
" || true
exit $code
