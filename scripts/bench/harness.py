#!/usr/bin/env python3
"""The load harness: one run, on loopback, of the same small chat-completion load at

  (a) a fast static upstream directly (nginx answering a fixed OpenAI chat completion or a 100-chunk stream),
  (b) nginx as a plain reverse proxy to it,
  (c) Switchyard to it (a lean configuration, and the realistic one: budgets, rate limits, tracing exported over
      OTLP/HTTP, metrics and the request log on, and the routing timeouts of docs/routing.md's example),
  (d) with --with-litellm, LiteLLM's proxy to it,
  (e) with --edge-floor, the floors under any gateway: each HTTP server alone answering a fixed completion (SwiftNIO's
      codec with one handler; Hummingbird 2, plain and on the connection's event loop), and Switchyard's server and
      upstream client relaying the call to (a) with no gateway work between them, streams too, and the same relay as
      SwiftNIO channel handlers on one event loop (Benchmarks/EdgeFloor),

then holds `--streams` streamed calls open at once through Switchyard (RSS with all of them open) and soaks it at
steady load for `--soak` seconds, sampling its RSS (the trend over the second half: growth or a plateau).

printing for each scenario and target: throughput, p50/p90/p99 latency, latency added over (a), Switchyard's own
overhead (`x-switchyard-overhead-ms`), CPU seconds per 1,000 requests and peak RSS, and the Switchyard/nginx (and
LiteLLM/Switchyard) ratios — and, when any call failed, which runs, by kind (an answer other than 200, or a socket
error and what failed), with the last lines the two Switchyard gateways logged (warnings and errors).
Load comes from wrk; time to first token from a sequential probe that calls the targets in turn (LiteLLM, whose calls
last twenty times longer, after them on its own); the delay each chunk of a stream picks up from a second probe,
through every target in turn, of an upstream whose chunks come 2 ms apart and say when they were written
(scripts/bench/paced_upstream.py). Bounded: every run lasts `--duration` seconds.

Run it through scripts/bench/load.sh, which builds the release binary and installs nginx and wrk.
"""

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

CHUNKS_PER_STREAM = 100
# The servers Benchmarks/EdgeFloor runs (see its header).
EDGE_FLOORS = ["nio", "hummingbird", "hummingbird-loop", "relay", "nio-relay"]
PACED_CHUNKS = 50
PACED_INTERVAL_MS = 2
LITELLM_KEY = "sk-switchyard-bench-" + os.urandom(16).hex()
REQUEST = {"model": "bench", "max_tokens": 64, "messages": [{"role": "user", "content": "Say hello."}]}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"a server exited before listening on {port} (status {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listened on port {port} within {timeout} s")


def completion_body():
    """A whole OpenAI chat completion, as an OpenAI upstream sends it."""
    return json.dumps({
        "id": "chatcmpl-bench", "object": "chat.completion", "created": 1764806400, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello! How can I help you today?"},
                     "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 9, "total_tokens": 20,
                  "prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}},
        "system_fingerprint": "fp_bench",
    }, separators=(",", ":"))


def stream_body():
    """An OpenAI chat-completion stream of 100 content chunks, a finish chunk, a usage chunk and [DONE]."""
    def chunk(delta, finish=None, usage=None, choices=True):
        event = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1764806400, "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}] if choices else []}
        if usage is not None:
            event["usage"] = usage
        return "data: " + json.dumps(event, separators=(",", ":")) + "\n\n"
    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": f"w{i} "}) for i in range(CHUNKS_PER_STREAM)]
    events.append(chunk({}, finish="stop"))
    events.append(chunk(None, usage={"prompt_tokens": 11, "completion_tokens": CHUNKS_PER_STREAM, "total_tokens": 111}, choices=False))
    events.append("data: [DONE]\n\n")
    return "".join(events)


def nginx_string(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Processes:
    """Every process the harness starts, stopped however it ends."""

    def __init__(self):
        self.started = []

    def start(self, command, **options):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=options.pop("stderr", None),
                                   start_new_session=True, **options)
        self.started.append(process)
        return process

    def stop_all(self):
        for process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def process_tree(pid):
    """`pid` and its descendants (nginx's workers)."""
    pids, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            children = open(f"/proc/{parent}/task/{parent}/children").read().split()
        except OSError:
            children = []
        pids += [int(child) for child in children]
        frontier += [int(child) for child in children]
    return pids


def cpu_seconds(pid):
    total = 0
    for member in process_tree(pid):
        try:
            fields = open(f"/proc/{member}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def memory_megabytes(pid, field):
    """`field` of /proc/PID/status (`VmRSS` now, `VmHWM` the peak) summed over `pid` and its descendants, in MB."""
    total = 0
    for member in process_tree(pid):
        try:
            match = re.search(rf"{field}:\s+(\d+) kB", open(f"/proc/{member}/status").read())
            total += int(match.group(1)) if match else 0
        except OSError:
            pass
    return total / 1024


WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BENCH_BODY")
if os.getenv("BENCH_AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION") end
overhead_total, overhead_count, failures = 0, 0, 0
function response(status, headers, body)
    if status ~= 200 then failures = failures + 1 end
    local overhead = headers["x-switchyard-overhead-ms"]
    if overhead then
        overhead_total = overhead_total + tonumber(overhead)
        overhead_count = overhead_count + 1
    end
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
    local total, count, failed = 0, 0, 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("overhead_total")
        count = count + thread:get("overhead_count")
        failed = failed + thread:get("failures")
    end
    local overhead = count > 0 and string.format("%.4f", total / count) or "-"
    local errors = summary.errors
    io.write(string.format("RESULT requests=%d seconds=%.3f failures=%d errors=%d p50=%.1f p90=%.1f p99=%.1f overhead=%s "
        .. "connect=%d read=%d write=%d timeout=%d\\n",
        summary.requests, summary.duration / 1e6, failed, errors.connect + errors.read + errors.write + errors.timeout,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), overhead,
        errors.connect, errors.read, errors.write, errors.timeout))
end
"""


def failure_kinds(fields):
    """What wrk counted as failed, by kind: answers that were not 200, and socket errors by what failed."""
    kinds = [("not 200", "failures"), ("connect", "connect"), ("read", "read"), ("write", "write"), ("timeout", "timeout")]
    return ", ".join(f"{label} {fields[key]}" for label, key in kinds if int(fields.get(key, 0)) > 0)


def run_wrk(url, body, connections, duration, script_path, pid, authorization=None):
    threads = 1 if connections == 1 else 2
    warmup = ["wrk", f"-t{threads}", f"-c{connections}", "-d1s", "-s", script_path, url]
    environment = dict(os.environ, BENCH_BODY=body)
    if authorization:
        environment["BENCH_AUTHORIZATION"] = authorization
    subprocess.run(warmup, env=environment, stdout=subprocess.DEVNULL, check=True, timeout=60)
    cpu_before = cpu_seconds(pid)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", script_path, url]
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    cpu_used = cpu_seconds(pid) - cpu_before
    line = next((line for line in output.splitlines() if line.startswith("RESULT")), None)
    if line is None:
        sys.exit(f"wrk printed no result for {url}:\n{output}")
    fields = dict(item.split("=") for item in line.split()[1:])
    requests = int(fields["requests"])
    return {
        "requests": requests,
        "failures": int(fields["failures"]) + int(fields["errors"]),
        "failure_kinds": failure_kinds(fields),
        "throughput": requests / float(fields["seconds"]),
        "p50": float(fields["p50"]) / 1000, "p90": float(fields["p90"]) / 1000, "p99": float(fields["p99"]) / 1000,
        "overhead": None if fields["overhead"] == "-" else float(fields["overhead"]),
        "cpu_per_1000": cpu_used / max(requests, 1) * 1000,
        "rss": memory_megabytes(pid, "VmHWM"),
    }


class StreamProbe:
    """Streamed calls to one target on one keep-alive connection, one call at a time: time to the first content
    chunk, and the time from it to the end of the stream per chunk, in ms."""

    def __init__(self, port, path, body, authorization=None):
        credentials = f"Authorization: {authorization}\r\n" if authorization else ""
        self.port = port
        self.request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{credentials}"
                        f"Content-Length: {len(body)}\r\n\r\n{body}").encode()
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.first, self.per_chunk = [], []

    def call(self):
        started = time.perf_counter()
        self.connection.sendall(self.request)
        received, first_content, head_end, length = b"", None, -1, None
        while True:
            data = self.connection.recv(65536)
            if not data:
                sys.exit(f"port {self.port} closed the connection mid-stream")
            received += data
            if first_content is None and (b'"content":"w' in received or b'"text":"w' in received):
                first_content = time.perf_counter()
            if head_end < 0:
                head_end = received.find(b"\r\n\r\n")
                if head_end >= 0:
                    head = received[:head_end].decode("latin-1")
                    if not head.startswith("HTTP/1.1 200"):
                        sys.exit(f"streamed probe got {head.splitlines()[0]!r} from port {self.port}")
                    match = re.search(r"(?im)^content-length:\s*(\d+)", head)
                    length = int(match.group(1)) if match else None
            if head_end >= 0:
                body_bytes = len(received) - head_end - 4
                if (length is not None and body_bytes >= length) or (length is None and received.endswith(b"\r\n0\r\n\r\n")):
                    break
        ended = time.perf_counter()
        if first_content is None:
            sys.exit(f"no content chunk in the stream from port {self.port}")
        self.first.append((first_content - started) * 1000)
        self.per_chunk.append((ended - first_content) * 1000 / CHUNKS_PER_STREAM)

    def result(self):
        self.connection.close()
        first = sorted(self.first)
        return {"ttft_p50": statistics.median(first), "ttft_p99": first[min(len(first) - 1, int(len(first) * 0.99))],
                "per_chunk": statistics.median(self.per_chunk)}


def probe_streams(probes, count):
    """`count` streamed calls to each probe, interleaved — one to each target in turn — so that the machine's moments
    of noise fall on every target alike and the added figures compare like with like."""
    for _ in range(count):
        for probe in probes.values():
            probe.call()
    return {name: probe.result() for name, probe in probes.items()}


class PacedProbe:
    """Streamed calls to one target on one keep-alive connection, from the paced upstream (scripts/bench/
    paced_upstream.py), whose content chunks are 2 ms apart and say when they were written: how long each chunk took
    to arrive, in ms."""

    STAMP = re.compile(rb'"content":"t(\d+) ')

    def __init__(self, port, path, body):
        self.port = port
        self.request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n{body}").encode()
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.delays = []

    def call(self):
        self.connection.sendall(self.request)
        received, searched_to, stamps = b"", 0, 0
        while not received.endswith(b"\r\n0\r\n\r\n"):
            data = self.connection.recv(65536)
            arrived = time.monotonic_ns()
            if not data:
                sys.exit(f"port {self.port} closed the connection mid-stream")
            received += data
            for match in self.STAMP.finditer(received, searched_to):
                self.delays.append((arrived - int(match.group(1))) / 1e6)
                searched_to = match.end()
                stamps += 1
        if not received.startswith(b"HTTP/1.1 200") or stamps != PACED_CHUNKS:
            sys.exit(f"paced probe got {stamps} of {PACED_CHUNKS} chunks from port {self.port}: {received[:200]!r}")

    def result(self):
        self.connection.close()
        delays = sorted(self.delays)
        return {"p50": statistics.median(delays), "p99": delays[min(len(delays) - 1, int(len(delays) * 0.99))], "chunks": len(delays)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the switchyard executable")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--connections", default="1,32,256", help="concurrency levels (default 1,32,256)")
    parser.add_argument("--probes", type=int, default=300, help="sequential streamed calls for time to first token")
    parser.add_argument("--paced-calls", type=int, default=20,
                        help=f"sequential calls per target to the paced upstream ({PACED_CHUNKS} chunks {PACED_INTERVAL_MS} ms apart; default 20)")
    parser.add_argument("--streams", type=int, default=1000, help="streamed calls held open at once (default 1000)")
    parser.add_argument("--soak", type=int, default=300, help="seconds of steady load while RSS is sampled (default 300)")
    parser.add_argument("--ledger-durability", choices=["committed", "queued"], default="committed",
                        help="Switchyard's storage.ledger_durability (default committed: each call waits for its ledger row)")
    parser.add_argument("--with-litellm", metavar="LITELLM", help="also drive LiteLLM's proxy, started with this `litellm` executable")
    parser.add_argument("--edge-floor", metavar="EDGEFLOOR",
                        help="also drive the floors under any gateway (this EdgeFloor executable, from the Benchmarks package): the "
                             "HTTP servers alone answering a fixed completion, and relays with no gateway work")
    options = parser.parse_args()
    levels = [int(level) for level in options.connections.split(",")]

    processes = Processes()
    workdir = tempfile.mkdtemp(prefix="switchyard-bench-")
    os.chmod(workdir, 0o755)  # nginx's workers run as an unprivileged user and read the stream file from here
    try:
        report = run(options, levels, processes, workdir)
    finally:
        processes.stop_all()
        subprocess.run(["rm", "-rf", workdir])
    print(report)


def run(options, levels, processes, workdir):
    upstream_port, proxy_port, receiver_port, paced_port = free_port(), free_port(), free_port(), free_port()
    lean_port, realistic_port = free_port(), free_port()

    # (a) The upstream: nginx answering from memory, one worker — far faster than any gateway in front of it.
    os.makedirs(os.path.join(workdir, "static/stream/v1/chat"))
    with open(os.path.join(workdir, "static/stream/v1/chat/completions"), "w") as stream:
        stream.write(stream_body())
    upstream_conf = os.path.join(workdir, "upstream.conf")
    with open(upstream_conf, "w") as conf:
        conf.write(textwrap.dedent(f"""\
            worker_processes 1; daemon off; pid {workdir}/upstream.pid; error_log {workdir}/upstream.err warn;
            events {{ worker_connections 8192; }}
            http {{
                access_log off; client_body_temp_path {workdir}/upstream-body; keepalive_requests 1000000;
                server {{
                    listen 127.0.0.1:{upstream_port} backlog=4096;
                    location = /v1/chat/completions {{ default_type application/json; return 200 {nginx_string(completion_body())}; }}
                    location = /stream/v1/chat/completions {{
                        # Too long for `return`: served from a file; a POST to a file is a 405, turned into the file.
                        root {workdir}/static; default_type text/event-stream; error_page 405 =200 $uri;
                    }}
                }}
            }}
            """))
    upstream = processes.start(["nginx", "-c", upstream_conf, "-p", workdir, "-e", f"{workdir}/upstream.err"])
    wait_for_port(upstream_port, upstream)

    # (b) nginx as a plain reverse proxy with pooled upstream connections, one worker per core.
    proxy_conf = os.path.join(workdir, "proxy.conf")
    with open(proxy_conf, "w") as conf:
        conf.write(textwrap.dedent(f"""\
            worker_processes auto; daemon off; pid {workdir}/proxy.pid; error_log {workdir}/proxy.err warn;
            events {{ worker_connections 8192; }}
            http {{
                access_log off; client_body_temp_path {workdir}/proxy-body; proxy_temp_path {workdir}/proxy-temp;
                keepalive_requests 1000000;
                upstream fast {{ server 127.0.0.1:{upstream_port}; keepalive 512; }}
                upstream paced {{ server 127.0.0.1:{paced_port}; keepalive 64; }}
                server {{
                    listen 127.0.0.1:{proxy_port} backlog=4096;
                    location / {{ proxy_pass http://fast; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }}
                    location /paced/ {{ proxy_pass http://paced/; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }}
                }}
            }}
            """))
    proxy = processes.start(["nginx", "-c", proxy_conf, "-p", workdir, "-e", f"{workdir}/proxy.err"])
    wait_for_port(proxy_port, proxy)

    # An OTLP/HTTP receiver for the realistic configuration's traces.
    receiver = processes.start(stderr=subprocess.DEVNULL, command=[sys.executable, "-c", textwrap.dedent(f"""\
        import http.server
        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.end_headers()
            def log_message(self, *args): pass
        http.server.ThreadingHTTPServer(("127.0.0.1", {receiver_port}), Receiver).serve_forever()
        """)])
    wait_for_port(receiver_port, receiver)

    # A slow streaming upstream for the open-streams scenario: each stream lasts about 14 s.
    slow_port = free_port()
    slow = processes.start([options.binary, "mock", "--provider", "openai", "--port", str(slow_port), "--chunk-delay-ms", "2000"],
                           stderr=subprocess.DEVNULL)
    wait_for_port(slow_port, slow)

    # A streaming upstream whose chunks come 2 ms apart, stamped with the time they were written: the delay each
    # chunk picks up on its way through a gateway, as a model's tokens would.
    paced = processes.start([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "paced_upstream.py"),
                             str(paced_port), str(PACED_CHUNKS), str(PACED_INTERVAL_MS)])
    wait_for_port(paced_port, paced)

    # (c) Switchyard: lean (telemetry off, request log off, no quotas, no timeouts) and realistic (all of it on).
    def switchyard(name, port, realistic):
        # The realistic models carry docs/routing.md's example timeouts: every call then runs under a time limit.
        timeouts = ", timeouts: { connect: 2s, first_token: 15s, idle: 30s, total: 5m }" if realistic else ""
        lines = [
            f"server: {{ host: 127.0.0.1, port: {port}, upstream_connections_per_host: {max(256, options.streams + 64)} }}",
            f'storage: {{ url: "sqlite://{workdir}/{name}.db", ledger_durability: {options.ledger_durability} }}',
            "providers:",
            f'  upstream: {{ kind: openai, api_key: k, base_url: "http://127.0.0.1:{upstream_port}/v1" }}',
            f'  upstream-stream: {{ kind: openai, api_key: k, base_url: "http://127.0.0.1:{upstream_port}/stream/v1" }}',
            f'  slow: {{ kind: openai, api_key: k, base_url: "http://127.0.0.1:{slow_port}/v1" }}',
            f'  paced: {{ kind: openai, api_key: k, base_url: "http://127.0.0.1:{paced_port}/v1" }}',
            "models:",
            '  - { name: bench, targets: [ { provider: upstream, model: gpt-4o-mini } ], price: { input: "0.15", output: "0.60" }' + timeouts + ' }',
            '  - { name: bench-stream, targets: [ { provider: upstream-stream, model: gpt-4o-mini } ], price: { input: "0.15", output: "0.60" }' + timeouts + ' }',
            '  - { name: bench-slow, targets: [ { provider: slow, model: gpt-4o-mini } ], price: { input: "0.15", output: "0.60" }' + timeouts + ' }',
            '  - { name: bench-paced, targets: [ { provider: paced, model: gpt-4o-mini } ], price: { input: "0.15", output: "0.60" }' + timeouts + ' }',
            "runaway: { loop_threshold: 0 }",
        ]
        if realistic:
            lines += [
                f'telemetry: {{ otlp: {{ endpoint: "http://127.0.0.1:{receiver_port}" }}, sampling: always, metrics: prometheus, logs: {{ level: warning }} }}',
                "request_log: { capture: metadata }",
                "budgets:",
                '  - { scope: global, usd: "1000000", window: month }',
                "rate_limits:",
                "  - { scope: global, rpm: 100000000, tpm: 1000000000000 }",
            ]
        else:
            lines += ["telemetry: { metrics: off, logs: { level: warning } }", "request_log: { capture: none }"]
        path = os.path.join(workdir, f"{name}.yaml")
        with open(path, "w") as conf:
            conf.write("\n".join(lines) + "\n")
        # Warnings and errors only (`logs.level: warning`), read back if any call failed.
        process = processes.start([options.binary, "serve", "--config", path], stderr=open(os.path.join(workdir, f"{name}.log"), "w"))
        wait_for_port(port, process)
        return process

    lean = switchyard("lean", lean_port, realistic=False)
    realistic = switchyard("realistic", realistic_port, realistic=True)

    # (d) LiteLLM's proxy, on its defaults (no database), with the model cost map read locally.
    litellm = None
    if options.with_litellm:
        litellm_port = free_port()
        path = os.path.join(workdir, "litellm.yaml")
        with open(path, "w") as conf:
            conf.write(textwrap.dedent(f"""\
                model_list:
                  - model_name: gpt-4o-mini
                    litellm_params: {{ model: openai/gpt-4o-mini, api_base: "http://127.0.0.1:{upstream_port}/v1", api_key: k }}
                  - model_name: gpt-4o-mini-stream
                    litellm_params: {{ model: openai/gpt-4o-mini, api_base: "http://127.0.0.1:{upstream_port}/stream/v1", api_key: k }}
                """))
        environment = dict(os.environ, LITELLM_MASTER_KEY=LITELLM_KEY, LITELLM_LOCAL_MODEL_COST_MAP="True",
                           LITELLM_TELEMETRY="False", LITELLM_LOG="ERROR")
        litellm = processes.start([options.with_litellm, "--config", path, "--host", "127.0.0.1", "--port", str(litellm_port)],
                                  stderr=subprocess.DEVNULL, env=environment)
        wait_for_port(litellm_port, litellm, timeout=180)

    # The floors: each HTTP server alone, answering a fixed completion without an upstream or any work, and two
    # relays to (a) with nothing done between their hops — Switchyard's server and upstream client, and SwiftNIO's
    # channel handlers on one event loop. A gateway on that design adds at least its floor's latency over (a)'s.
    def edge_floor(server, *upstream):
        floor_port = free_port()
        floor = processes.start([options.edge_floor, server, str(floor_port), *upstream])
        wait_for_port(floor_port, floor)
        return floor, floor_port

    floors = {}
    if options.edge_floor:
        upstream_arguments = {"relay": [f"http://127.0.0.1:{upstream_port}"], "nio-relay": ["127.0.0.1", str(upstream_port)]}
        for server in EDGE_FLOORS:
            floor, floor_port = edge_floor(server, *upstream_arguments.get(server, []))
            floors[f"floor {server}"] = (floor, floor_port, "/v1/chat/completions", json.dumps(REQUEST), None)

    script = os.path.join(workdir, "load.lua")
    with open(script, "w") as lua:
        lua.write(WRK_SCRIPT)
    openai_body = json.dumps(REQUEST)
    direct_body = json.dumps(dict(REQUEST, model="gpt-4o-mini"))
    anthropic_body = json.dumps({"model": "bench", "max_tokens": 64, "messages": [{"role": "user", "content": "Say hello."}]})

    targets = {
        "upstream": (upstream, upstream_port, "/v1/chat/completions", direct_body, None),
        "nginx": (proxy, proxy_port, "/v1/chat/completions", direct_body, None),
        "switchyard": (lean, lean_port, "/v1/chat/completions", openai_body, None),
        "switchyard realistic": (realistic, realistic_port, "/v1/chat/completions", openai_body, None),
        "switchyard anthropic-in": (lean, lean_port, "/v1/messages", anthropic_body, None),
    }
    if litellm is not None:
        targets["litellm"] = (litellm, litellm_port, "/v1/chat/completions", direct_body, f"Bearer {LITELLM_KEY}")
    targets |= floors
    rows = []
    for connections in levels:
        for name, (process, port, path, body, authorization) in targets.items():
            if name == "switchyard anthropic-in" and connections != 1:
                continue
            result = run_wrk(f"http://127.0.0.1:{port}{path}", body, connections, options.duration, script, process.pid, authorization)
            rows.append((connections, name, result))

    stream_body_json = lambda model: json.dumps({"model": model, "max_tokens": 64, "stream": True, "stream_options": {"include_usage": True},
                                                  "messages": [{"role": "user", "content": "Say hello."}]})
    probes = {
        "upstream": StreamProbe(upstream_port, "/stream/v1/chat/completions", stream_body_json("gpt-4o-mini")),
        "nginx": StreamProbe(proxy_port, "/stream/v1/chat/completions", stream_body_json("gpt-4o-mini")),
        "switchyard": StreamProbe(lean_port, "/v1/chat/completions", stream_body_json("bench-stream")),
        "switchyard realistic": StreamProbe(realistic_port, "/v1/chat/completions", stream_body_json("bench-stream")),
    }
    if floors:
        probes["floor relay"] = StreamProbe(floors["floor relay"][1], "/stream/v1/chat/completions", stream_body_json("gpt-4o-mini"))
    streams = probe_streams(probes, options.probes)
    if litellm is not None:
        # LiteLLM's calls last some 10 ms, twenty times the others'. Interleaved with them, they leave the machine
        # idle between the others' calls, and a call after an idle gap is slower for every target (measured
        # 2026-12-05: a 20 ms pause after each call took nginx's first content from 0.17 to 0.33 ms at p50, and
        # Switchyard's from 1.0 to 1.4). So LiteLLM is probed on its own, after the others.
        litellm_probe = StreamProbe(litellm_port, "/v1/chat/completions", stream_body_json("gpt-4o-mini-stream"), f"Bearer {LITELLM_KEY}")
        streams |= probe_streams({"litellm": litellm_probe}, options.probes)
    paced_body = lambda model: json.dumps({"model": model, "stream": True, "messages": [{"role": "user", "content": "Say hello."}]})
    paced_probes = {
        "upstream": PacedProbe(paced_port, "/v1/chat/completions", paced_body("gpt-4o-mini")),
        "nginx": PacedProbe(proxy_port, "/paced/v1/chat/completions", paced_body("gpt-4o-mini")),
        "switchyard": PacedProbe(lean_port, "/v1/chat/completions", paced_body("bench-paced")),
        "switchyard realistic": PacedProbe(realistic_port, "/v1/chat/completions", paced_body("bench-paced")),
    }
    if floors:
        _, paced_relay_port = edge_floor("relay", f"http://127.0.0.1:{paced_port}")
        paced_probes["floor relay"] = PacedProbe(paced_relay_port, "/v1/chat/completions", paced_body("gpt-4o-mini"))
    paced_streams = probe_streams(paced_probes, options.paced_calls)
    memory = {"open": open_streams(lean_port, lean.pid, options.streams),
              "soak": soak(f"http://127.0.0.1:{lean_port}/v1/chat/completions", openai_body, script, lean.pid, options.soak)}
    return (format_report(options, rows, streams, paced_streams) + "\n\n" + format_memory(options, memory)
            + format_failures(rows, memory["soak"], workdir))


def format_failures(rows, soaked, workdir):
    """Every run that counted a failure, by kind, and the last lines the two gateways logged; empty when none failed."""
    failed = [f"  {connections:>4} {name}: {result['failure_kinds']}" for connections, name, result in rows if result["failures"]]
    if soaked["failures"]:
        failed.append(f"  soak: {soaked['failure_kinds']}")
    if not failed:
        return ""
    lines = ["", "", "Failures:"] + failed
    for name in ["lean", "realistic"]:
        with open(os.path.join(workdir, f"{name}.log")) as log:
            logged = [line.rstrip() for line in log if "No API keys" not in line][-5:]
        if logged:
            lines += [f"  {name} gateway, last lines logged:"] + [f"    {line}" for line in logged]
    return "\n".join(lines)


def open_streams(port, pid, count):
    """Opens `count` streamed calls at once; returns RSS before, once every one has its first content, and peak."""
    body = json.dumps({"model": "bench-slow", "max_tokens": 64, "stream": True, "messages": [{"role": "user", "content": "Say hello."}]})
    request = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}").encode()
    before = memory_megabytes(pid, "VmRSS")

    async def one(started):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        received = b""
        while True:
            _, head_ended, body_so_far = received.partition(b"\r\n\r\n")
            if head_ended and b'"content":"' in body_so_far:
                break
            data = await reader.read(65536)
            if not data:
                raise RuntimeError("closed before the first content")
            received += data
        started.release()
        while await reader.read(65536):
            pass
        writer.close()
        return received.startswith(b"HTTP/1.1 200")

    async def all_of_them():
        started = asyncio.Semaphore(0)
        calls = [asyncio.create_task(one(started)) for _ in range(count)]
        opened = 0
        try:
            async with asyncio.timeout(90):
                for _ in range(count):
                    await started.acquire()
                    opened += 1
        except TimeoutError:
            pass
        all_open = memory_megabytes(pid, "VmRSS")
        results = await asyncio.gather(*calls, return_exceptions=True)
        return opened, all_open, sum(1 for result in results if result is True)

    opened, all_open, completed = asyncio.run(all_of_them())
    return {"count": count, "opened": opened, "completed": completed, "before": before, "all_open": all_open,
            "peak": memory_megabytes(pid, "VmHWM")}


def soak(url, body, script_path, pid, seconds):
    """Steady load (wrk, 32 connections) for `seconds`, sampling RSS; the least-squares slope over the second half."""
    environment = dict(os.environ, BENCH_BODY=body)
    load = subprocess.Popen(["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "10s", "-s", script_path, url],
                            env=environment, stdout=subprocess.PIPE, text=True)
    interval = max(1.0, seconds / 30)
    samples, started = [], time.monotonic()
    while load.poll() is None:
        samples.append((time.monotonic() - started, memory_megabytes(pid, "VmRSS")))
        time.sleep(interval)
    output = load.communicate()[0]
    line = next((line for line in output.splitlines() if line.startswith("RESULT")), "")
    fields = dict(item.split("=") for item in line.split()[1:]) if line else {}
    second_half = [sample for sample in samples if sample[0] >= seconds / 2] or samples
    slope = 0.0
    if len(second_half) > 1:
        times, values = [t for t, _ in second_half], [v for _, v in second_half]
        mean_t, mean_v = statistics.mean(times), statistics.mean(values)
        spread = sum((t - mean_t) ** 2 for t in times)
        slope = sum((t - mean_t) * (v - mean_v) for t, v in second_half) / spread * 60 if spread else 0.0
    return {"seconds": seconds, "requests": int(fields.get("requests", 0)), "failures": int(fields.get("failures", 0)) + int(fields.get("errors", 0)),
            "failure_kinds": failure_kinds(fields), "samples": samples, "slope": slope}


def format_memory(options, memory):
    opened = memory["open"]
    soaked = memory["soak"]
    series = " ".join(f"{value:.0f}" for _, value in soaked["samples"])
    return "\n".join([
        f"Open streams: {opened['count']} streamed calls at once through Switchyard (a slow upstream, ~14 s per stream): "
        f"{opened['opened']} had their first content together, {opened['completed']} completed; RSS {opened['before']:.1f} MB before, "
        f"{opened['all_open']:.1f} MB with them open, peak {opened['peak']:.1f} MB",
        f"Soak: {soaked['seconds']} s at 32 connections, {soaked['requests']} requests, {soaked['failures']} failed; "
        f"RSS samples (MB): {series}; trend over the second half {soaked['slope']:+.2f} MB/min",
    ])


def format_report(options, rows, streams, paced_streams):
    lines = [f"Load: wrk, {options.duration} s per run after a 1 s warm-up, loopback; one chat completion per request "
             f"(stream: {CHUNKS_PER_STREAM} chunks). Latency in ms; added = p50/p99 minus the upstream's at the same concurrency. "
             f"Switchyard's ledger durability: {options.ledger_durability}.", ""]
    header = f"{'conc':>4} {'target':24} {'req/s':>9} {'p50':>7} {'p90':>7} {'p99':>7} {'+p50':>7} {'+p99':>7} {'overhead':>9} {'cpu s/1k':>9} {'peak RSS MB':>11} {'failed':>6}"
    lines += [header, "-" * len(header)]
    by_level = {}
    for connections, name, result in rows:
        by_level.setdefault(connections, {})[name] = result
    for connections, results in by_level.items():
        base = results["upstream"]
        for name, result in results.items():
            added50 = result["p50"] - base["p50"] if name != "upstream" else 0.0
            added99 = result["p99"] - base["p99"] if name != "upstream" else 0.0
            overhead = f"{result['overhead']:.3f}" if result["overhead"] is not None else "-"
            lines.append(f"{connections:>4} {name:24} {result['throughput']:9.0f} {result['p50']:7.3f} {result['p90']:7.3f} {result['p99']:7.3f} "
                         f"{added50:7.3f} {added99:7.3f} {overhead:>9} {result['cpu_per_1000']:9.3f} {result['rss']:11.1f} {result['failures']:>6}")
    lines.append("")
    for connections, results in by_level.items():
        base, nginx, lean, realistic = results["upstream"], results["nginx"], results["switchyard"], results["switchyard realistic"]
        def added_ratio(percentile):
            nginx_added = nginx[percentile] - base[percentile]
            if nginx_added <= 0:
                return "n/a (nginx added nothing measurable)"
            return f"{(lean[percentile] - base[percentile]) / nginx_added:.1f}x"
        lines.append(
            f"concurrency {connections}: upstream alone {base['throughput']:.0f} req/s "
            f"({base['throughput'] / max(nginx['throughput'], 1):.1f}x nginx's, {base['throughput'] / max(realistic['throughput'], 1):.1f}x realistic Switchyard's); "
            f"Switchyard/nginx added p50 {added_ratio('p50')}, p99 {added_ratio('p99')}; "
            f"throughput Switchyard/nginx {lean['throughput'] / nginx['throughput']:.2f}, realistic {realistic['throughput'] / nginx['throughput']:.2f}")
        for name, floor in results.items():
            if name.startswith("floor "):
                nginx_added = nginx["p50"] - base["p50"]
                ratio = f" ({(floor['p50'] - base['p50']) / nginx_added:.1f}x nginx's)" if nginx_added > 0 else ""
                lines.append(
                    f"concurrency {connections}: {name} over the upstream p50 "
                    f"{floor['p50'] - base['p50']:+.3f} ms{ratio}; throughput {floor['throughput'] / nginx['throughput']:.2f} of nginx's proxy")
        if "litellm" in results:
            litellm = results["litellm"]
            lines.append(
                f"concurrency {connections}: throughput Switchyard/LiteLLM {lean['throughput'] / max(litellm['throughput'], 1e-9):.1f}x, "
                f"realistic {realistic['throughput'] / max(litellm['throughput'], 1e-9):.1f}x; added p50 LiteLLM/Switchyard "
                f"{(litellm['p50'] - base['p50']) / max(lean['p50'] - base['p50'], 1e-9):.1f}x")
    lines.append("")
    lines.append(f"Streams ({options.probes} sequential calls each, the targets in turn, LiteLLM after them): time to first content chunk p50 / p99, and the median time per chunk from the first content to the end, in ms")
    base = streams["upstream"]
    for name, stream in streams.items():
        lines.append(f"  {name:24} ttft p50 {stream['ttft_p50']:.3f} p99 {stream['ttft_p99']:.3f} (added p50 {stream['ttft_p50'] - base['ttft_p50']:+.3f}, "
                     f"p99 {stream['ttft_p99'] - base['ttft_p99']:+.3f}); per chunk {stream['per_chunk']:.4f} (added {stream['per_chunk'] - base['per_chunk']:+.4f})")
    lines.append("")
    lines.append(f"Paced streams ({options.paced_calls} sequential calls each, the targets in turn; {PACED_CHUNKS} chunks "
                 f"{PACED_INTERVAL_MS} ms apart, each stamped when the upstream wrote it): the time each chunk took to arrive, p50 / p99, in ms")
    base = paced_streams["upstream"]
    for name, paced in paced_streams.items():
        lines.append(f"  {name:24} chunk delay p50 {paced['p50']:.3f} p99 {paced['p99']:.3f} "
                     f"(added p50 {paced['p50'] - base['p50']:+.3f}, p99 {paced['p99'] - base['p99']:+.3f}) over {paced['chunks']} chunks")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
