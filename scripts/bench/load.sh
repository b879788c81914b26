#!/usr/bin/env bash
# The load harness (issue 6): the same small chat-completion load, on loopback, at a fast static upstream
# directly, at nginx as a reverse proxy to it, at Switchyard to it (lean and realistic configurations), with
# --with-litellm at LiteLLM's proxy to it, and with --edge-floor at the floors under any gateway on each HTTP server
# (Benchmarks/EdgeFloor); see scripts/bench/harness.py for what it prints. Builds the release binaries, installs
# nginx and wrk when missing, and LiteLLM (pinned) into .venv-litellm when asked for.
#
#   scripts/bench/load.sh [--duration SECONDS] [--connections 1,32,256] [--probes N] [--paced-calls N] [--streams N] [--soak SECONDS]
#                         [--ledger-durability committed|queued] [--with-litellm] [--edge-floor]
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
arguments=()
for argument in "$@"; do
    if [ "$argument" = --with-litellm ]; then
        if [ ! -x .venv-litellm/bin/litellm ]; then
            python3 -m venv .venv-litellm
            .venv-litellm/bin/pip install --quiet --disable-pip-version-check "litellm[proxy]==1.106.12"
        fi
        arguments+=(--with-litellm "$PWD/.venv-litellm/bin/litellm")
    elif [ "$argument" = --edge-floor ]; then
        (cd Benchmarks && swift build -c release --product EdgeFloor >/dev/null)
        arguments+=(--edge-floor "$PWD/Benchmarks/.build/release/EdgeFloor")
    else
        arguments+=("$argument")
    fi
done
exec python3 scripts/bench/harness.py --binary "$SWITCHYARD_BIN" "${arguments[@]}"
