#!/usr/bin/env bash
# Measures what budgets and rate limits add to Switchyard's own overhead (x-switchyard-overhead-ms): the same
# sequential load through two gateways that differ only in their quotas — none, or a dollar budget, a token
# budget and request and token rate limits on the key plus a global budget — on SQLite and on PostgreSQL.
# Metering (the ledger) is on in both. Runs alternate off/on twice; loopback only; bounded in time.
#
#   scripts/bench/quota-overhead.sh [seconds per run, default 10]
#
# PostgreSQL: uses SWITCHYARD_TEST_POSTGRES_URL if set, else starts one with scripts/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"

command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
swift build -c release --product switchyard --scratch-path .build-release >/dev/null
binary=".build-release/release/switchyard"

workdir="$(mktemp -d)"
postgres_dir=""
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "$postgres_dir" ]; then scripts/postgres.sh stop "$postgres_dir" >/dev/null 2>&1 || true; fi
    rm -rf "$workdir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

postgres_url="${SWITCHYARD_TEST_POSTGRES_URL:-}"
if [ -z "$postgres_url" ]; then
    # A directory of its own: the server runs as an unprivileged user, which must own it.
    postgres_dir="$(mktemp -d -t switchyard-postgres.XXXXXX)"
    postgres_url="$(scripts/postgres.sh start "$postgres_dir" | tail -n 1)"
fi

mock_port="$(free_port)"
"$binary" mock --provider openai --port "$mock_port" >/dev/null 2>&1 & pids+=($!)
wait_port "$mock_port"

# Writes a configuration for storage $1 with quotas on ($2 = on) or off, creates the key, starts the gateway;
# sets gateway_port and gateway_key. (Not called in a subshell, so the gateway's pid reaches the cleanup trap.)
start_gateway() {
    local storage="$1" quotas="$2" name="$3" port key
    port="$(free_port)"
    {
        echo "server: { host: 127.0.0.1, port: $port }"
        echo "storage: { url: \"$storage\" }"
        echo "providers: { openai: { kind: openai, api_key: k, base_url: \"http://127.0.0.1:$mock_port/v1\" } }"
        echo "models: [ { name: bench, targets: [ { provider: openai, model: gpt-4o-mini } ], price: { input: \"0.15\", output: \"0.60\" } } ]"
        echo "runaway: { loop_threshold: 0 }"
        if [ "$quotas" = on ]; then
            echo "budgets:"
            echo "  - { scope: \"key:$name\", usd: \"100000\", window: month }"
            echo "  - { scope: \"key:$name\", tokens: 1000000000000, window: day }"
            echo "  - { scope: global, usd: \"1000000\", window: month }"
            echo "rate_limits:"
            echo "  - { scope: \"key:$name\", rpm: 100000000, tpm: 1000000000000 }"
        fi
    } > "$workdir/$name.yaml"
    key="$("$binary" keys create --name "$name" --config "$workdir/$name.yaml" | tail -n 1)"
    "$binary" serve --config "$workdir/$name.yaml" --log-level error >/dev/null 2>&1 & pids+=($!)
    wait_port "$port"
    gateway_port="$port"
    gateway_key="$key"
}

run() {
    local port="$1" key="$2" label="$3"
    cat > "$workdir/load.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
wrk.body = '{"model":"bench","max_tokens":64,"messages":[{"role":"user","content":"Say hello."}]}'
overhead_total, overhead_count, failures = 0, 0, 0
-- A histogram of the overhead in 10 µs buckets up to 5 ms (b500 holds everything above), for its median.
for i = 0, 500 do _G["b" .. i] = 0 end
function response(status, headers, body)
    if status ~= 200 then failures = failures + 1 end
    local overhead = headers["x-switchyard-overhead-ms"]
    if overhead then
        local value = tonumber(overhead)
        overhead_total = overhead_total + value
        overhead_count = overhead_count + 1
        local bucket = math.min(500, math.floor(value * 100))
        _G["b" .. bucket] = _G["b" .. bucket] + 1
    end
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
    local total, count, failed, buckets = 0, 0, 0, {}
    for _, thread in ipairs(threads) do
        total = total + thread:get("overhead_total")
        count = count + thread:get("overhead_count")
        failed = failed + thread:get("failures")
        for i = 0, 500 do buckets[i] = (buckets[i] or 0) + thread:get("b" .. i) end
    end
    local seen, median = 0, 0
    for i = 0, 500 do
        seen = seen + buckets[i]
        if seen * 2 >= count then median = (i + 0.5) / 100; break end
    end
    io.write(string.format("RESULT %s requests=%d failures=%d p50_ms=%.3f p99_ms=%.3f overhead_mean_ms=%.4f overhead_median_ms=%.3f\n",
        "$label", summary.requests, failed, latency:percentile(50) / 1000, latency:percentile(99) / 1000, total / math.max(count, 1), median))
end
LUA
    # Warm up (connections, allotments, caches), then measure.
    wrk -t1 -c1 -d2s -s "$workdir/load.lua" "http://127.0.0.1:$port/v1/chat/completions" >/dev/null
    wrk -t1 -c1 -d"${duration}s" -s "$workdir/load.lua" "http://127.0.0.1:$port/v1/chat/completions" | grep RESULT | tee -a "$workdir/results"
}

for backend in sqlite postgres; do
    for mode in off on; do
        if [ "$backend" = sqlite ]; then storage="sqlite://$workdir/$mode.db"; else
            database="bench_${mode}_$$"
            psql "$postgres_url" -qc "CREATE DATABASE $database" >/dev/null
            storage="$(python3 -c 'import sys, urllib.parse as u; p = u.urlparse(sys.argv[1]); print(u.urlunparse(p._replace(path="/" + sys.argv[2])))' "$postgres_url" "$database")"
        fi
        start_gateway "$storage" "$mode" "$backend-$mode"
        eval "${backend}_${mode}=\"$gateway_port $gateway_key\""
    done
    for round in 1 2; do
        for mode in off on; do
            eval "set -- \$${backend}_${mode}"
            run "$1" "$2" "$backend-quotas-$mode-round$round"
        done
    done
done

python3 - "$workdir/results" <<'PY'
import re, sys
rows = [dict(re.findall(r"(\S+)=(\S+)", line)) | {"label": line.split()[1]} for line in open(sys.argv[1])]
print()
print(f"{'run':32} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'overhead ms':>12}")
for row in rows:
    print(f"{row['label']:32} {row['requests']:>9} {float(row['p50_ms']):8.3f} {float(row['p99_ms']):8.3f} {float(row['overhead_mean_ms']):12.4f}")
for backend in ["sqlite", "postgres"]:
    mean = lambda mode: sum(float(r["overhead_mean_ms"]) for r in rows if r["label"].startswith(f"{backend}-quotas-{mode}")) / 2
    off, on = mean("off"), mean("on")
    print(f"{backend}: overhead off {off:.4f} ms, on {on:.4f} ms, on/off {on / off:.3f}")
PY
