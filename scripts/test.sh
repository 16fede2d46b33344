#!/usr/bin/env bash
# The test command: build (tests run the production entrypoints from dist/), then every test against a real
# Temporal dev server and PostgreSQL that test/support/global-setup.ts starts.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
exec npx jest --runInBand "$@"
