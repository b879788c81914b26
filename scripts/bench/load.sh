#!/usr/bin/env bash
# The load harness (issue 6): the same small chat-completion load, on loopback, at a fast static upstream
# directly, at nginx as a reverse proxy to it, and at Switchyard to it (lean and realistic configurations); see
# scripts/bench/harness.py for what it prints. Builds the release binary, installs nginx and wrk when missing.
#
#   scripts/bench/load.sh [--duration SECONDS] [--connections 1,32,256] [--probes N]
#
# SWITCHYARD_BIN runs another build instead (the test suite runs the harness on a tiny load with the debug build).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    apt-get update -q && apt-get install -y -q nginx wrk
fi
if [ -z "${SWITCHYARD_BIN:-}" ]; then
    swift build -c release --product switchyard --scratch-path .build-release >/dev/null
    SWITCHYARD_BIN=".build-release/release/switchyard"
fi
exec python3 scripts/bench/harness.py --binary "$SWITCHYARD_BIN" "$@"
