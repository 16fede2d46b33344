#!/usr/bin/env bash
# Prints the path of a stripe-mock binary, building one when none exists.
# Order: $STRIPE_MOCK_PATH, `stripe-mock` on PATH, the Go bin folder ($(go env GOBIN), else the first entry of
# $(go env GOPATH) + /bin), else `go install` (needs Go; stripe-mock ships no prebuilt download we can rely on).
# Progress goes to stderr; only the path to stdout.
set -euo pipefail
VERSION="v0.197.0"

if [ -n "${STRIPE_MOCK_PATH:-}" ]; then
  [ -x "$STRIPE_MOCK_PATH" ] || { echo "STRIPE_MOCK_PATH=$STRIPE_MOCK_PATH is not an executable file" >&2; exit 1; }
  echo "$STRIPE_MOCK_PATH"; exit 0
fi
if command -v stripe-mock >/dev/null 2>&1; then command -v stripe-mock; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "stripe-mock not found: set STRIPE_MOCK_PATH, put stripe-mock on PATH, or install Go so it can be built" >&2
  exit 1
fi
gobin_dir="$(go env GOBIN)"
if [ -z "$gobin_dir" ]; then
  gopath="$(go env GOPATH)"
  gobin_dir="${gopath%%:*}/bin"
fi
gobin="$gobin_dir/stripe-mock"
if [ -x "$gobin" ]; then echo "$gobin"; exit 0; fi
echo "building stripe-mock $VERSION with go install (about a minute, once)..." >&2
go install "github.com/stripe/stripe-mock@$VERSION" >&2
[ -x "$gobin" ] || { echo "go install finished but $gobin is missing" >&2; exit 1; }
echo "$gobin"
