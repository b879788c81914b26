#!/usr/bin/env bash
# Sets up and runs every Switchyard test on a fresh machine:
#   1. a Python venv with the official OpenAI and Anthropic SDKs (pinned), used as real clients;
#   2. the Swift build and the Swift Testing suites (translators, stores, engine, live HTTP tests), with a throwaway
#      PostgreSQL server (scripts/postgres.sh) for the PostgreSQL store;
#   3. the SDK suite: the official SDKs against a live `switchyard serve` in front of `switchyard mock` upstreams,
#      three replicas sharing that PostgreSQL server, and the load harness (scripts/bench/load.sh) on a tiny load.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -m venv --help >/dev/null 2>&1; then
    apt-get update -q && apt-get install -y -q python3-venv
fi
# nginx and wrk: the load harness's end-to-end check (Tests/sdk/test_load_harness.py) drives them.
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    apt-get update -q && apt-get install -y -q nginx wrk
fi
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r Tests/sdk/requirements.txt

swift build --build-tests

# A throwaway PostgreSQL server for the PostgreSQL store's conformance tests, stopped however this script ends.
postgres_dir="$(mktemp -d -t switchyard-postgres.XXXXXX)"
trap 'scripts/postgres.sh stop "$postgres_dir"' EXIT
SWITCHYARD_TEST_POSTGRES_URL="$(scripts/postgres.sh start "$postgres_dir")"
# The PostgreSQL suites (store conformance, three replicas sharing one database) must run here, never skip.
SWITCHYARD_REQUIRE_POSTGRES=1
export SWITCHYARD_TEST_POSTGRES_URL SWITCHYARD_REQUIRE_POSTGRES

swift test --skip-build
# The request log over a million SQLite rows saturates the machine, so it runs alone, after the other suites.
SWITCHYARD_MILLION_ROWS=1 swift test --skip-build --filter RequestLogMillionRowsTests

SWITCHYARD_BIN="$(swift build --show-bin-path)/switchyard" .venv/bin/python -m pytest Tests/sdk -q -p no:cacheprovider
