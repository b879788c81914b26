#!/usr/bin/env bash
# Measures what an open circuit breaker costs a request: the same load, through the same Switchyard, on an alias
# whose only deployment is healthy, and on an alias whose preferred deployment is down (breaker open) with the
# healthy one behind it. Loopback only; bounded in time. Prints wrk's latency for both and the ratio of p50s.
#
#   scripts/bench/breaker-overhead.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"

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

gateway_port="$(free_port)"
cat > "$workdir/switchyard.yaml" <<YAML
server: { host: 127.0.0.1, port: $gateway_port }
storage: { url: "sqlite::memory:" }
providers:
  healthy: { kind: openai, api_key: k, base_url: "http://127.0.0.1:$mock_port/v1" }
  down:    { kind: openai, api_key: k, base_url: "http://127.0.0.1:1/v1" }
models:
  - { name: all-healthy, targets: [ { provider: healthy, model: gpt-4o-mini } ] }
  - { name: one-down,    targets: [ { provider: down, model: gpt-4o-mini }, { provider: healthy, model: gpt-4o-mini } ] }
resilience:
  breaker: { cooldown: 1m }
YAML
"$binary" serve --config "$workdir/switchyard.yaml" --log-level error >/dev/null 2>&1 & pids+=($!)
wait_port "$gateway_port"

body() { printf '{"model":"%s","messages":[{"role":"user","content":"hi"}]}' "$1"; }
for _ in $(seq 1 10); do   # opens the down deployment's breaker
    curl -s -o /dev/null -H 'content-type: application/json' -d "$(body one-down)" "http://127.0.0.1:$gateway_port/v1/chat/completions"
done

run() {
    cat > "$workdir/$1.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$(body "$1")'
LUA
    wrk -t1 -c1 -d"${duration}s" --latency -s "$workdir/$1.lua" "http://127.0.0.1:$gateway_port/v1/chat/completions" \
        | tee "$workdir/$1.out" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx"
}
echo "== all healthy"; run all-healthy
echo "== preferred deployment down, breaker open"; run one-down
p50() { awk '/ 50%/ { v=$2; if (v ~ /us$/) { sub(/us/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms/,"",v) } else { sub(/s/,"",v); v*=1000 } print v }' "$1"; }
healthy="$(p50 "$workdir/all-healthy.out")"; degraded="$(p50 "$workdir/one-down.out")"
python3 -c "print(f'p50 all healthy {${healthy}:.3f} ms, one down {${degraded}:.3f} ms, ratio {${degraded}/${healthy}:.3f}')"
