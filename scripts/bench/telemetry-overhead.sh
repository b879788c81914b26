#!/usr/bin/env bash
# Measures what tracing, metrics and the request log add to Switchyard's own overhead (x-switchyard-overhead-ms):
# the same sequential load through two gateways side by side — one with all three off (no exporter, metrics off,
# request log capture none), one with all three on (every trace exported over OTLP/HTTP to a local receiver,
# Prometheus metrics, request log capture metadata). Runs alternate off/on, round after round, so each pair shares
# the machine's state of the moment; besides the averages it prints the median of the rounds' on/off ratios, the
# figure least moved by a noisy neighbour. Loopback only; bounded in time.
#
#   scripts/bench/telemetry-overhead.sh [seconds per run, default 3] [rounds, default 12]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-3}"
rounds="${2:-12}"

command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
swift build -c release --product switchyard --scratch-path .build-release >/dev/null
binary=".build-release/release/switchyard"

workdir="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$workdir"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }

mock_port="$(free_port)"
"$binary" mock --provider openai --port "$mock_port" >/dev/null 2>&1 & pids+=($!)
wait_port "$mock_port"

# An OTLP/HTTP receiver that accepts every export and counts the spans' bytes.
receiver_port="$(free_port)"
python3 - "$receiver_port" <<'PY' >/dev/null 2>&1 & pids+=($!)
import http.server, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
PY
sleep 0.5

start_gateway() {
    local mode="$1" port
    port="$(free_port)"
    {
        echo "server: { host: 127.0.0.1, port: $port }"
        echo "storage: { url: \"sqlite://$workdir/$mode.db\" }"
        echo "providers: { openai: { kind: openai, api_key: k, base_url: \"http://127.0.0.1:$mock_port/v1\" } }"
        echo "models: [ { name: bench, targets: [ { provider: openai, model: gpt-4o-mini } ], price: { input: \"0.15\", output: \"0.60\" } } ]"
        if [ "$mode" = on ]; then
            echo "telemetry: { otlp: { endpoint: \"http://127.0.0.1:$receiver_port\" }, sampling: always, metrics: prometheus, logs: { level: warning } }"
            echo "request_log: { capture: metadata }"
        else
            echo "telemetry: { metrics: off, logs: { level: warning } }"
            echo "request_log: { capture: none }"
        fi
    } > "$workdir/$mode.yaml"
    "$binary" serve --config "$workdir/$mode.yaml" >/dev/null 2>&1 & pids+=($!)
    wait_port "$port"
    gateway_port="$port"
}

run() {
    local port="$1" label="$2"
    cat > "$workdir/load.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
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
    wrk -t1 -c1 -d1s -s "$workdir/load.lua" "http://127.0.0.1:$port/v1/chat/completions" >/dev/null
    wrk -t1 -c1 -d"${duration}s" -s "$workdir/load.lua" "http://127.0.0.1:$port/v1/chat/completions" | grep RESULT | tee -a "$workdir/results"
}

# Not in a subshell, so each gateway's pid reaches the cleanup trap.
start_gateway off; off_port="$gateway_port"
start_gateway on; on_port="$gateway_port"
for round in $(seq 1 "$rounds"); do
    run "$off_port" "telemetry-off-round$round"
    run "$on_port" "telemetry-on-round$round"
done
curl -s "http://127.0.0.1:$on_port/metrics" | grep -c '^switchyard_' | xargs -I{} echo "metric samples served by the 'on' gateway: {}"

python3 - "$workdir/results" "$rounds" <<'PY'
import re, statistics, sys
rounds = int(sys.argv[2])
rows = [dict(re.findall(r"(\S+)=(\S+)", line)) | {"label": line.split()[1]} for line in open(sys.argv[1])]
print()
print(f"{'run':28} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'overhead mean':>14} {'overhead median':>16}")
for row in rows:
    print(f"{row['label']:28} {row['requests']:>9} {float(row['p50_ms']):8.3f} {float(row['p99_ms']):8.3f} "
          f"{float(row['overhead_mean_ms']):14.4f} {float(row['overhead_median_ms']):16.3f}")
for statistic in ["mean", "median"]:
    average = lambda mode: sum(float(r[f"overhead_{statistic}_ms"]) for r in rows if r["label"].startswith(f"telemetry-{mode}")) / rounds
    off, on = average("off"), average("on")
    pairs = zip([r for r in rows if r["label"].startswith("telemetry-off")], [r for r in rows if r["label"].startswith("telemetry-on")])
    ratios = sorted(float(on[f"overhead_{statistic}_ms"]) / float(off[f"overhead_{statistic}_ms"]) for off, on in pairs)
    print(f"overhead {statistic}: off {off:.4f} ms, on {on:.4f} ms, on/off {on / off:.3f}; "
          f"median of the rounds' on/off {statistics.median(ratios):.3f} (from {ratios[0]:.2f} to {ratios[-1]:.2f})")
PY
