"""The `switchyard` command line: the embedded default, keys, and check-config."""
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
