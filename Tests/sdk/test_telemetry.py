"""Telemetry of a live `switchyard serve`, checked with tools nobody here wrote: an OTLP/HTTP receiver decoding
the exported protobuf with the `opentelemetry-proto` package, and `prometheus_client`'s exposition parser.
"""
import http.server
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.request

import openai
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from prometheus_client.parser import text_string_to_metric_families

from conftest import BINARY, free_port, wait_until_up

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN_ID = "00f067aa0ba902b7"


class Receiver(http.server.BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver: POST /v1/traces with an ExportTraceServiceRequest body."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/v1/traces" and self.headers["Content-Type"] == "application/x-protobuf":
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            Receiver.received.append(request)
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.end_headers()
        else:
            self.send_response(400)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def traced_gateway():
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    workdir = tempfile.mkdtemp(prefix="switchyard-telemetry-")
    processes, logs = [], []

    def start(args, name):
        log = open(os.path.join(workdir, f"{name}.log"), "w")
        logs.append(log)
        process = subprocess.Popen([BINARY, *args], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        processes.append(process)
        return process

    try:
        mock_port = free_port()
        mock = start(["mock", "--provider", "openai", "--port", str(mock_port)], "mock")
        wait_until_up(f"http://127.0.0.1:{mock_port}/", mock, "mock")
        port = free_port()
        config_path = os.path.join(workdir, "switchyard.yaml")
        with open(config_path, "w") as config:
            config.write(
                f"""
server: {{ host: 127.0.0.1, port: {port} }}
storage: {{ url: "sqlite://{workdir}/switchyard.db" }}
providers:
  openai: {{ kind: openai, api_key: "sk-upstream-secret-value", base_url: "http://127.0.0.1:{mock_port}/v1" }}
models:
  - {{ name: traced, targets: [ {{ provider: openai, model: gpt-4o-mini }} ], price: {{ input: "1", output: "2" }} }}
telemetry:
  service_name: switchyard-under-test
  otlp: {{ endpoint: "http://127.0.0.1:{receiver.server_address[1]}" }}
  sampling: parent_based
"""
            )
        server = start(["serve", "--config", config_path], "switchyard")
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, "switchyard")
        yield dict(base_url=f"http://127.0.0.1:{port}", log_path=os.path.join(workdir, "switchyard.log"))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        receiver.shutdown()


def spans_of_trace(trace_id: bytes, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        spans = [
            (resource.resource, span)
            for request in Receiver.received
            for resource in request.resource_spans
            for scope in resource.scope_spans
            for span in scope.spans
            if span.trace_id == trace_id
        ]
        if any(span.name.startswith("chat ") for _, span in spans) and any(span.name.startswith("POST ") for _, span in spans):
            return spans
        time.sleep(0.2)
    raise AssertionError(f"no complete trace {trace_id.hex()} received; got {len(Receiver.received)} exports")


def attribute(span, key):
    for item in span.attributes:
        if item.key == key:
            value = item.value
            return getattr(value, value.WhichOneof("value"))
    return None


def test_spans_reach_an_otlp_receiver_and_continue_the_callers_trace(traced_gateway):
    client = openai.OpenAI(
        base_url=traced_gateway["base_url"] + "/v1",
        api_key="unused",
        default_headers={"traceparent": f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01"},
    )
    reply = client.chat.completions.create(model="traced", max_tokens=20, messages=[{"role": "user", "content": "hi"}])
    assert reply.choices[0].message.content

    spans = spans_of_trace(bytes.fromhex(TRACE_ID))
    resource, root = next((resource, span) for resource, span in spans if span.name.startswith("POST "))
    assert root.parent_span_id == bytes.fromhex(PARENT_SPAN_ID)
    service = next(item.value.string_value for item in resource.attributes if item.key == "service.name")
    assert service == "switchyard-under-test"
    names = {span.name for _, span in spans}
    assert {"switchyard.metering", "switchyard.policy", "switchyard.budget", "chat gpt-4o-mini"} <= names
    attempt = next(span for _, span in spans if span.name == "chat gpt-4o-mini")
    # The attempt is the upstream call's one client span: the HTTP client adds no span of its own beneath it.
    client_spans = [span for _, span in spans if span.kind == span.SPAN_KIND_CLIENT]
    assert [span.name for span in client_spans] == ["chat gpt-4o-mini"]
    assert attribute(attempt, "gen_ai.operation.name") == "chat"
    assert attribute(attempt, "gen_ai.provider.name") == "openai"
    assert attribute(attempt, "gen_ai.usage.input_tokens") == 20
    assert attribute(attempt, "gen_ai.usage.output_tokens") == 5
    assert attribute(attempt, "switchyard.cost_usd") == "0.000030000"


def test_metrics_parse_as_prometheus_exposition(traced_gateway):
    client = openai.OpenAI(base_url=traced_gateway["base_url"] + "/v1", api_key="unused")
    client.chat.completions.create(model="traced", max_tokens=20, messages=[{"role": "user", "content": "again"}])
    with urllib.request.urlopen(traced_gateway["base_url"] + "/metrics") as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    requests = families["switchyard_requests"]
    assert requests.type == "counter"
    ok = [s for s in requests.samples if s.labels.get("outcome") == "ok" and s.labels.get("model") == "traced"]
    assert ok and ok[0].value >= 1
    assert families["switchyard_overhead_seconds"].type == "histogram"
    assert families["switchyard_time_to_first_token_seconds"].type == "histogram"
    tokens = {s.labels["kind"]: s.value for s in families["switchyard_tokens"].samples if s.labels.get("model") == "traced"}
    assert tokens["input"] >= 12 and tokens["cache_read"] >= 8 and tokens["output"] >= 5
    assert families["switchyard_breaker_state"].samples[0].labels["deployment"] == "openai/gpt-4o-mini"
    assert any(s.labels.get("queue") == "ledger" for s in families["switchyard_queue_depth"].samples)


def test_readiness_reports_store_telemetry_and_breakers(traced_gateway):
    with urllib.request.urlopen(traced_gateway["base_url"] + "/readyz") as response:
        readiness = json.load(response)
    assert readiness["store"] == "ok"
    assert readiness["telemetry"]["traces"].startswith("otlp http://127.0.0.1:")
    assert readiness["breakers"] == {"openai/gpt-4o-mini": "closed"}


def test_json_log_lines_carry_request_and_trace_ids_and_no_secret(traced_gateway):
    # No key was issued, so the loopback gateway runs open and takes any key; it must still never log one.
    client = openai.OpenAI(base_url=traced_gateway["base_url"] + "/v1", api_key="sy-client-secret-never-logged")
    client.chat.completions.create(model="traced", messages=[{"role": "user", "content": "with a key"}])
    client = openai.OpenAI(
        base_url=traced_gateway["base_url"] + "/v1",
        api_key="unused",
        default_headers={"traceparent": f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01"},
    )
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    time.sleep(0.3)
    with open(traced_gateway["log_path"]) as log:
        text = log.read()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert lines, "no JSON log lines"
    assert all({"timestamp", "level", "message", "logger"} <= line.keys() for line in lines)
    refused = [line for line in lines if line["message"] == "Request refused" and line.get("trace_id") == TRACE_ID]
    assert refused and refused[0]["request_id"].startswith("req_")
    for secret in ["sk-upstream-secret-value", "sy-client-secret-never-logged", "Bearer "]:
        assert secret not in text
