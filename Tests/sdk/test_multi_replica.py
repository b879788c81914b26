"""Three Switchyard replicas sharing one PostgreSQL: caps hold across them, and a killed replica loses no
ledger row of a call its client was told succeeded.

Needs a PostgreSQL server: `scripts/test.sh` starts one and sets SWITCHYARD_TEST_POSTGRES_URL (and
SWITCHYARD_REQUIRE_POSTGRES=1, so that the suite fails rather than skips when the server is missing).
"""
import os
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

import openai
import pytest

from conftest import BINARY, free_port, wait_until_up

POSTGRES_URL = os.environ.get("SWITCHYARD_TEST_POSTGRES_URL")

if not POSTGRES_URL:
    if os.environ.get("SWITCHYARD_REQUIRE_POSTGRES") == "1":
        raise RuntimeError("SWITCHYARD_TEST_POSTGRES_URL is not set, but scripts/test.sh requires the PostgreSQL tests")
    pytest.skip("no PostgreSQL: set SWITCHYARD_TEST_POSTGRES_URL (scripts/test.sh starts one)", allow_module_level=True)

REPLICAS = 3
# $1 per million input tokens, $2 per million output tokens. The mock reports 12 fresh + 8 cached input and
# 5 output tokens: 30,000 nanodollars a call; the worst case of a call below is 26 × 1,000 + 100 × 2,000.
BUDGET_USD = "0.001"
BUDGET_NANODOLLARS = 1_000_000
REQUESTS_PER_DAY = 60


def psql(url: str, sql: str) -> str:
    result = subprocess.run(["psql", url, "-At", "-c", sql], check=True, capture_output=True, text=True)
    return result.stdout.strip()


@pytest.fixture(scope="module")
def cluster():
    database = f"switchyard_replicas_{uuid.uuid4().hex[:8]}"
    psql(POSTGRES_URL, f"CREATE DATABASE {database}")
    parsed = urllib.parse.urlparse(POSTGRES_URL)
    database_url = urllib.parse.urlunparse(parsed._replace(path=f"/{database}"))

    workdir = tempfile.mkdtemp(prefix="switchyard-replicas-")
    processes, logs = [], []

    def start(args, name):
        log = open(os.path.join(workdir, f"{name}.log"), "w")
        logs.append(log)
        process = subprocess.Popen([BINARY, *args], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        processes.append(process)
        return process

    try:
        mock_port = free_port()
        mock = start(["mock", "--provider", "openai", "--port", str(mock_port), "--latency-ms", "20"], "mock")
        wait_until_up(f"http://127.0.0.1:{mock_port}/", mock, "mock")
        config_path = os.path.join(workdir, "switchyard.yaml")
        with open(config_path, "w") as config:
            config.write(
                f"""
storage: {{ url: "{database_url}" }}
providers:
  openai: {{ kind: openai, api_key: "sk-upstream", base_url: "http://127.0.0.1:{mock_port}/v1" }}
models:
  - name: shared
    targets: [ {{ provider: openai, model: gpt-4o-mini }} ]
    price: {{ input: "1", output: "2" }}
budgets:
  - {{ scope: "key:budgeted", usd: "{BUDGET_USD}", window: day }}
rate_limits:
  - {{ scope: "key:limited", rpd: {REQUESTS_PER_DAY} }}
runaway: {{ loop_threshold: 0 }}
"""
            )
        keys = {}
        for name in ["budgeted", "limited", "plain"]:
            created = subprocess.run(
                [BINARY, "keys", "create", "--name", name, "--config", config_path],
                check=True, capture_output=True, text=True,
            )
            keys[name] = created.stdout.strip().splitlines()[-1]
        ports = [free_port() for _ in range(REPLICAS)]
        replicas = [start(["serve", "--config", config_path, "--port", str(port)], f"replica-{index}") for index, port in enumerate(ports)]
        for process, port in zip(replicas, ports):
            wait_until_up(f"http://127.0.0.1:{port}/healthz", process, "replica")
        yield dict(ports=ports, replicas=replicas, keys=keys, database_url=database_url)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        psql(POSTGRES_URL, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def call(port: int, key: str, text: str):
    """One chat completion; returns (status, request id)."""
    client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=key, max_retries=0, timeout=30)
    try:
        raw = client.chat.completions.with_raw_response.create(
            model="shared", max_tokens=100, messages=[{"role": "user", "content": text}]
        )
        raw.parse()
        return raw.http_response.status_code, raw.headers.get("x-switchyard-request-id")
    except openai.APIStatusError as error:
        return error.status_code, None
    except openai.APIConnectionError:
        return None, None


def spread(cluster, key: str, count: int, workers: int = 24):
    ports = cluster["ports"]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(call, ports[index % len(ports)], key, f"call {index}") for index in range(count)]
        return [future.result() for future in futures]


def test_shared_rate_limit_is_never_exceeded(cluster):
    results = spread(cluster, cluster["keys"]["limited"], 200)
    admitted = sum(1 for status, _ in results if status == 200)
    refused = sum(1 for status, _ in results if status == 429)
    assert admitted + refused == 200
    assert admitted <= REQUESTS_PER_DAY
    # Allotments idle on one replica go back to the store, so nearly the whole cap is usable.
    assert admitted >= REQUESTS_PER_DAY * 3 // 4, f"only {admitted} of {REQUESTS_PER_DAY} admitted"


def test_shared_budget_is_never_exceeded(cluster):
    results = spread(cluster, cluster["keys"]["budgeted"], 200)
    assert any(status == 429 for status, _ in results), "the budget never refused a call"
    admitted = sum(1 for status, _ in results if status == 200)
    time.sleep(1)  # settled consumption reaches the store within the sync interval
    key_id = psql(cluster["database_url"], "SELECT id FROM virtual_keys WHERE name = 'budgeted'")
    spent = int(psql(cluster["database_url"], f"SELECT COALESCE(SUM(cost_nanodollars), 0) FROM ledger_entries WHERE key_id = '{key_id}'"))
    assert spent == admitted * 30_000
    assert spent <= BUDGET_NANODOLLARS


def test_killed_replica_loses_no_acknowledged_row(cluster):
    ports, replicas = cluster["ports"], cluster["replicas"]
    key = cluster["keys"]["plain"]
    acknowledged = []
    lock = threading.Lock()
    stop = time.monotonic() + 4

    def client_loop(port, worker):
        sent = 0
        while time.monotonic() < stop:
            status, request_id = call(port, key, f"worker {worker} call {sent}")
            sent += 1
            if status == 200:
                with lock:
                    acknowledged.append(request_id)

    threads = [threading.Thread(target=client_loop, args=(ports[index % REPLICAS], index)) for index in range(12)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    replicas[1].send_signal(signal.SIGKILL)
    for thread in threads:
        thread.join()
    assert len(acknowledged) > 50
    recorded = set(psql(cluster["database_url"], "SELECT request_id FROM ledger_entries").split())
    missing = [request_id for request_id in acknowledged if request_id not in recorded]
    assert not missing, f"{len(missing)} acknowledged calls have no ledger row, e.g. {missing[:3]}"
