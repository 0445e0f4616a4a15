#!/usr/bin/env bash
# Installs the Prism mock server the contract test (tests/tests/contract.rs) starts, at the version
# pinned by .ci/prism/package-lock.json, into .ci/prism/node_modules (git-ignored). Needs Node >= 18.
set -euo pipefail
cd "$(dirname "$0")/prism"
export SCARF_ANALYTICS=false
npm ci --no-audit --no-fund
./node_modules/.bin/prism --version
