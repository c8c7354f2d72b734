#!/usr/bin/env bash
# Runs every test: unit, adapter (DynamoDB Local), local-mode system tests and the browser test.
set -euo pipefail
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec mvn -B verify "$@"
