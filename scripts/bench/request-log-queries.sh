#!/usr/bin/env bash
# The request log at scale: fills an SQLite file with 1,000,000 synthetic rows and prints the wall time of the
# admin API's queries over it (by key, model, status, time range, a cursor page deep in the log, one request by id),
# then of a retention purge of 100,000 rows in batches with appends and queries running beside it. The test asserts
# the results; the figures are printed. Release mode, with testing enabled for the test's access to the writer.
#
#   scripts/bench/request-log-queries.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SWITCHYARD_MILLION_ROWS=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-release-testing \
    --filter RequestLogMillionRowsTests 2>&1 | grep -E "request-log bench|Test run|✘"
