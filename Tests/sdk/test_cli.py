"""The `switchyard` command line: the embedded default, keys, check-config, and serve settings seen from outside."""
import concurrent.futures
import json
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from conftest import BINARY, free_port, wait_until_up


def post_json(url, body, headers=None):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def clean_environment(**extra):
    environment = {
        name: value for name, value in os.environ.items()
        if not name.endswith("_API_KEY") and not name.endswith("_BASE_URL") and not name.startswith("SWITCHYARD_")
    }
    environment.update(extra)
    return environment


def serve_embedded_default(environment):
    """Starts `switchyard serve` with no configuration file in a fresh directory; returns (process, base URL, log)."""
    workdir = tempfile.mkdtemp(prefix="switchyard-embedded-")
    port = free_port()
    log_path = os.path.join(workdir, "serve.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [BINARY, "serve", "--port", str(port)], cwd=workdir, env=environment,
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    wait_until_up(f"http://127.0.0.1:{port}/healthz", process, "switchyard serve")
    return process, f"http://127.0.0.1:{port}", log_path, workdir


def stop(process):
    process.terminate()
    assert process.wait(timeout=15) == 0, "serve must shut down cleanly on SIGTERM"


def test_embedded_default_without_providers_explains_what_to_set():
    process, base_url, log_path, workdir = serve_embedded_default(clean_environment())
    try:
        with urllib.request.urlopen(f"{base_url}/readyz", timeout=10) as response:
            readiness = json.load(response)
        assert readiness["status"] == "ready"
        assert readiness["providers"] == 0
        status, body = post_json(
            f"{base_url}/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
        )
        assert status == 503
        assert body["error"]["code"] == "no_provider_configured"
        for variable in ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY"]:
            assert variable in body["error"]["message"]
        assert os.path.exists(os.path.join(workdir, "switchyard.db")), "the embedded default keeps its SQLite store in the working directory"
        assert os.path.exists(os.path.join(workdir, "switchyard-request-log.db")), "and its request log in a file of its own beside it"
    finally:
        stop(process)
    log = open(log_path).read()
    assert "No model provider is configured" in log
    assert "runs open on loopback" in log


def test_embedded_default_serves_providers_from_the_environment():
    mock_port = free_port()
    mock = subprocess.Popen(
        [BINARY, "mock", "--provider", "openai", "--port", str(mock_port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{mock_port}/", mock, "mock")
        environment = clean_environment(OPENAI_API_KEY="sk-upstream", SWITCHYARD_OPENAI_BASE_URL=f"http://127.0.0.1:{mock_port}/v1")
        process, base_url, _, _ = serve_embedded_default(environment)
        try:
            status, body = post_json(
                f"{base_url}/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
            )
            assert status == 200, body
            assert body["choices"][0]["message"]["content"].startswith("Hello from the mock")
            with urllib.request.urlopen(f"{base_url}/v1/models", timeout=10) as response:
                ids = [model["id"] for model in json.load(response)["data"]]
            assert "gpt-4o-mini" in ids
            assert ids[0] == "gpt-4o-mini", "cheapest first"
        finally:
            stop(process)
    finally:
        mock.terminate()
        mock.wait(timeout=15)


def test_keys_create_list_revoke(gateway):
    def run(*args):
        return subprocess.run([BINARY, "keys", *args, "--config", gateway.config_path], capture_output=True, text=True)

    created = run("create", "--name", "short-lived", "--tenant", "platform")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("sy-")
    key_id = created.stdout.split()[2]
    assert key_id.startswith("key_")

    listed = run("list")
    assert key_id in listed.stdout and "short-lived" in listed.stdout
    assert secret not in listed.stdout, "a listing never shows secrets"

    duplicate = run("create", "--name", "short-lived")
    assert duplicate.returncode != 0

    assert run("revoke", key_id).returncode == 0
    status, body = post_json(
        f"{gateway.base_url}/v1/chat/completions",
        {"model": "via-openai", "messages": [{"role": "user", "content": "hi"}]},
        {"authorization": f"Bearer {secret}"},
    )
    assert status == 401
    assert "revoked" in body["error"]["message"]


def test_check_config_names_every_problem_with_its_line():
    workdir = tempfile.mkdtemp(prefix="switchyard-config-")
    good = os.path.join(workdir, "good.yaml")
    with open(good, "w") as file:
        file.write("providers:\n  local: { kind: openai-compatible, base_url: 'http://127.0.0.1:9/v1' }\n"
                   "models:\n  - { name: fast, targets: [ { provider: local, model: m } ] }\n")
    result = subprocess.run([BINARY, "check-config", good], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert "OK" in result.stdout

    bad = os.path.join(workdir, "bad.yaml")
    with open(bad, "w") as file:
        file.write("server: { port: 70000 }\nproviders:\n  local: { kind: openia }\n")
    result = subprocess.run([BINARY, "check-config", bad], capture_output=True, text=True)
    assert result.returncode == 1
    assert "line 1: server.port" in result.stdout
    assert "line 3: providers.local.kind" in result.stdout


def run_keys(gateway, *args):
    return subprocess.run([BINARY, "keys", *args, "--config", gateway.config_path], capture_output=True, text=True)


def chat(gateway, secret):
    return post_json(
        f"{gateway.base_url}/v1/chat/completions",
        {"model": "via-openai", "messages": [{"role": "user", "content": "hi"}]},
        {"authorization": f"Bearer {secret}"},
    )


def test_keys_create_with_budgets_and_rate_limits(gateway):
    created = run_keys(
        gateway, "create", "--name", "limited", "--tenant", "research", "--models", "via-openai,via-anthropic",
        "--budget-usd", "12.50", "--budget-window", "day", "--budget-tokens", "50000",
        "--rpm", "60", "--tpm", "10000", "--rpd", "1000", "--tpd", "500000", "--expires", "2999-01-31",
    )
    assert created.returncode == 0, created.stderr
    lines = created.stdout.strip().splitlines()
    secret = lines[-1]
    assert secret.startswith("sy-") and " " not in secret, "the secret stands alone on the last line"
    assert "budget $12.50/day" in created.stdout
    assert "60 requests/minute" in created.stdout

    status, body = chat(gateway, secret)
    assert status == 200, body

    listed = run_keys(gateway, "list")
    line = next(line for line in listed.stdout.splitlines() if "\tlimited\t" in line)
    for summary in ["budget $12.50/day", "budget 50000 tokens/day", "60 requests/minute", "10000 tokens/minute",
                    "1000 requests/day", "500000 tokens/day"]:
        assert summary in line, line
    assert secret not in listed.stdout


def test_keys_create_refuses_bad_flags_and_creates_nothing(gateway):
    cases = [
        (["--budget-usd=-5"], "greater than zero"),
        (["--budget-usd", "0"], "greater than zero"),
        (["--budget-usd", "99999999"], "10,000,000"),
        (["--budget-usd", "NaN"], "decimal dollar amount"),
        (["--budget-usd", "1.0000000001"], "decimal places"),
        (["--budget-usd", "5", "--budget-window", "week"], "minute, hour, day, month, total"),
        (["--budget-window", "day"], "--budget-usd"),
        (["--rpm", "1.5"], "whole number"),
        (["--tpm", "100000000000000"], "10^13"),
        (["--expires", "next tuesday"], "ISO 8601"),
        (["--expires", "2001-01-01"], "past"),
    ]
    for flags, mentions in cases:
        result = run_keys(gateway, "create", "--name", "never-created", *flags)
        assert result.returncode != 0, flags
        assert mentions in result.stderr, (flags, result.stderr)
        assert "sy-" not in result.stdout
    assert "never-created" not in run_keys(gateway, "list").stdout


def test_keys_rotate_prints_a_new_secret_and_the_old_one_stops_working(gateway):
    created = run_keys(gateway, "create", "--name", "rotated")
    assert created.returncode == 0, created.stderr
    old = created.stdout.strip().splitlines()[-1]
    key_id = created.stdout.split()[2]
    assert chat(gateway, old)[0] == 200

    rotated = run_keys(gateway, "rotate", key_id)
    assert rotated.returncode == 0, rotated.stderr
    new = rotated.stdout.strip().splitlines()[-1]
    assert new.startswith("sy-") and new != old
    status, body = chat(gateway, new)
    assert status == 200, body

    # The server trusts a looked-up key for its cache lifetime (5 s); after that the old secret is refused.
    deadline = time.monotonic() + 15
    while True:
        status, body = chat(gateway, old)
        if status == 401 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert status == 401, body
    assert "not valid" in body["error"]["message"]

    assert run_keys(gateway, "revoke", key_id).returncode == 0
    again = run_keys(gateway, "rotate", key_id)
    assert again.returncode != 0
    assert "revoked" in again.stderr
    missing = run_keys(gateway, "rotate", "key_missing")
    assert missing.returncode != 0
    assert "key_missing" in missing.stderr


def established_connections_to(port):
    """Open TCP connections whose far end is 127.0.0.1:`port`, read from /proc/net/tcp (state 01 = ESTABLISHED)."""
    count = 0
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            if int(fields[2].split(":")[1], 16) == port and fields[3] == "01":
                count += 1
    return count


def test_upstream_connections_per_host_caps_the_connections_to_one_upstream():
    workdir = tempfile.mkdtemp(prefix="switchyard-pool-")
    mock_port, port = free_port(), free_port()
    mock = subprocess.Popen([BINARY, "mock", "--provider", "openai", "--port", str(mock_port), "--latency-ms", "1000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    config_path = os.path.join(workdir, "switchyard.yaml")
    with open(config_path, "w") as config:
        config.write(
            f"""
server: {{ host: 127.0.0.1, port: {port}, upstream_connections_per_host: 1 }}
storage: {{ url: "sqlite://{workdir}/switchyard.db" }}
providers: {{ openai: {{ kind: openai, api_key: k, base_url: "http://127.0.0.1:{mock_port}/v1" }} }}
models: [ {{ name: slow, targets: [ {{ provider: openai, model: gpt-4o-mini }} ] }} ]
runaway: {{ loop_threshold: 0 }}
"""
        )
    server = subprocess.Popen([BINARY, "serve", "--config", config_path], env=clean_environment(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{mock_port}/", mock, "mock")
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, "switchyard serve")
        body = {"model": "slow", "messages": [{"role": "user", "content": "hi"}]}
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            calls = [pool.submit(post_json, f"http://127.0.0.1:{port}/v1/chat/completions", body) for _ in range(3)]
            # While the three calls are in flight, the gateway holds a single connection to the upstream.
            most = 0
            while not all(call.done() for call in calls):
                most = max(most, established_connections_to(mock_port))
                time.sleep(0.05)
            statuses = [call.result()[0] for call in calls]
        assert statuses == [200, 200, 200]
        assert most == 1, f"{most} connections to the upstream at once with upstream_connections_per_host: 1"
    finally:
        stop(server)
        mock.terminate()
        mock.wait(timeout=10)
