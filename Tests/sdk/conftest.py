"""Starts mock upstreams and a live Switchyard for the official-SDK suite.

Everything listens on 127.0.0.1 on free ports and is stopped when the session ends.
"""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass

import pytest

BINARY = os.environ.get("SWITCHYARD_BIN", ".build/debug/switchyard")

# What each mock upstream reports by default, normalized (see `switchyard mock --help`):
# fresh input, cache read, cache write, output. OpenAI and Gemini have no cache-write count.
MOCK_USAGE = {
    "openai": dict(fresh=12, read=8, write=0, output=5),
    "anthropic": dict(fresh=12, read=8, write=4, output=5),
    "gemini": dict(fresh=12, read=8, write=0, output=5),
    "openai-compatible": dict(fresh=12, read=8, write=0, output=5),
}

# Model alias -> the upstream kind that serves it.
ALIASES = {
    "via-openai": "openai",
    "via-anthropic": "anthropic",
    "via-gemini": "gemini",
    "via-compatible": "openai-compatible",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early with status {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answered, even if with an error status
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start listening at {url}")


@dataclass
class Gateway:
    base_url: str
    key: str
    config_path: str


@pytest.fixture(scope="session")
def gateway():
    processes = []
    workdir = tempfile.mkdtemp(prefix="switchyard-sdk-")
    logs = []

    def start(args, name):
        log = open(os.path.join(workdir, f"{name}.log"), "w")
        logs.append(log)
        process = subprocess.Popen([BINARY, *args], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        processes.append(process)
        return process

    try:
        mocks = {}
        for provider in ["openai", "anthropic", "gemini", "openai-compatible"]:
            port = free_port()
            process = start(["mock", "--provider", provider, "--port", str(port)], f"mock-{provider}")
            mocks[provider] = port
            wait_until_up(f"http://127.0.0.1:{port}/", process, f"mock {provider}")
        throttled_port = free_port()
        process = start(
            ["mock", "--provider", "anthropic", "--port", str(throttled_port), "--status", "429", "--retry-after", "7"],
            "mock-throttled",
        )
        wait_until_up(f"http://127.0.0.1:{throttled_port}/", process, "throttled mock")

        port = free_port()
        config_path = os.path.join(workdir, "switchyard.yaml")
        with open(config_path, "w") as config:
            config.write(
                f"""
server: {{ host: 127.0.0.1, port: {port} }}
storage: {{ url: "sqlite://{workdir}/switchyard.db" }}
providers:
  openai:     {{ kind: openai, api_key: "sk-upstream-openai", base_url: "http://127.0.0.1:{mocks['openai']}/v1" }}
  anthropic:  {{ kind: anthropic, api_key: "sk-upstream-anthropic", base_url: "http://127.0.0.1:{mocks['anthropic']}/v1" }}
  gemini:     {{ kind: gemini, api_key: "upstream-gemini", base_url: "http://127.0.0.1:{mocks['gemini']}/v1beta" }}
  compatible: {{ kind: openai-compatible, base_url: "http://127.0.0.1:{mocks['openai-compatible']}/v1" }}
  throttled:  {{ kind: anthropic, api_key: "sk-upstream-throttled", base_url: "http://127.0.0.1:{throttled_port}/v1" }}
models:
  - {{ name: via-openai,     targets: [ {{ provider: openai, model: gpt-4o-mini }} ] }}
  - {{ name: via-anthropic,  targets: [ {{ provider: anthropic, model: claude-haiku-4-5 }} ] }}
  - {{ name: via-gemini,     targets: [ {{ provider: gemini, model: gemini-2.5-flash }} ] }}
  - {{ name: via-compatible, targets: [ {{ provider: compatible, model: llama-3.1-8b }} ] }}
  - {{ name: throttled,      targets: [ {{ provider: throttled, model: claude-haiku-4-5 }} ] }}
"""
            )
        created = subprocess.run(
            [BINARY, "keys", "create", "--name", "sdk-tests", "--config", config_path],
            check=True, capture_output=True, text=True,
        )
        key = created.stdout.strip().splitlines()[-1]
        assert key.startswith("sy-"), created.stdout

        server = start(["serve", "--config", config_path], "switchyard")
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, "switchyard")
        yield Gateway(base_url=f"http://127.0.0.1:{port}", key=key, config_path=config_path)
        assert server.poll() is None, "switchyard exited during the SDK suite"
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
