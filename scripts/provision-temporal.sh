#!/usr/bin/env bash
# Prints the path of a Temporal CLI binary, providing one when none exists.
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, $(go env GOPATH)/bin/temporal, `go install` (when Go is
# installed), else the official download into .data/bin. Progress goes to stderr; only the path to stdout.
set -euo pipefail
VERSION="v1.5.1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if command -v go >/dev/null 2>&1; then
  gobin="$(go env GOPATH)/bin/temporal"
  if [ -x "$gobin" ]; then echo "$gobin"; exit 0; fi
  echo "building the Temporal CLI $VERSION with go install (about 3 minutes, once)..." >&2
  go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2
  echo "$gobin"; exit 0
fi
local_bin="$here/.data/bin/temporal"
if [ -x "$local_bin" ]; then echo "$local_bin"; exit 0; fi
echo "downloading the Temporal CLI..." >&2
mkdir -p "$here/.data/bin"
arch="$(uname -m)"; case "$arch" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; esac
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
curl -fsSL "https://temporal.download/cli/archive/latest?platform=${os}&arch=${arch}" | tar -xz -C "$here/.data/bin" temporal
echo "$local_bin"
