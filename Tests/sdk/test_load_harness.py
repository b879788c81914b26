"""The load harness (scripts/bench/load.sh) runs end to end on a tiny load.

It is a benchmark, run by hand; this only checks that it still starts every target, drives each scenario without a
failed request, and prints every figure. No timing is asserted.
"""
import os
import re
import subprocess

from conftest import BINARY

TARGETS = ["upstream", "nginx", "switchyard", "switchyard realistic"]


def test_harness_runs_every_scenario_on_a_tiny_load():
    result = subprocess.run(
        ["scripts/bench/load.sh", "--duration", "1", "--connections", "1,4", "--probes", "20", "--paced-calls", "2", "--streams", "20", "--soak", "3"],
        env=dict(os.environ, SWITCHYARD_BIN=os.path.abspath(BINARY)),
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    rows = {}
    for line in report.splitlines():
        match = re.match(r"\s*(\d+) (.{24}) +(\d+) ", line)
        if match:
            fields = line.split()
            rows[(int(match.group(1)), match.group(2).strip())] = fields
    for connections in (1, 4):
        for target in TARGETS:
            fields = rows.get((connections, target))
            assert fields is not None, f"no row for {target} at concurrency {connections}:\n{report}"
            assert fields[-1] == "0", f"{target} at concurrency {connections} had failed requests:\n{report}"
            throughput, p50 = float(fields[-10]), float(fields[-9])
            assert throughput > 0 and p50 > 0, report
    anthropic = rows.get((1, "switchyard anthropic-in"))
    assert anthropic is not None and anthropic[-1] == "0", report
    # Switchyard's own overhead comes back in every answer it gives.
    assert rows[(1, "switchyard")][-4] != "-", report
    assert rows[(1, "upstream")][-4] == "-", report
    assert "concurrency 4: upstream alone" in report
    for target in TARGETS:
        assert re.search(rf"^\s+{target}\s+ttft p50 \d", report, re.MULTILINE), report
        assert re.search(rf"^\s+{target}\s+chunk delay p50 \d.* over 100 chunks$", report, re.MULTILINE), report
    assert "20 had their first content together, 20 completed" in report, report
    assert re.search(r"Soak: 3 s at 32 connections, [1-9]\d* requests, 0 failed; RSS samples \(MB\): \d", report), report


def test_failures_are_reported_by_kind_with_what_the_gateways_logged(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("harness", "scripts/bench/harness.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)

    fields = {"failures": "2", "connect": "0", "read": "30", "write": "0", "timeout": "1"}
    assert harness.failure_kinds(fields) == "not 200 2, read 30, timeout 1"
    assert harness.failure_kinds({"failures": "0", "connect": "0", "read": "0", "write": "0", "timeout": "0"}) == ""

    (tmp_path / "lean.log").write_text(
        '{"level":"warning","message":"No API keys exist: the gateway runs open on loopback."}\n'
        '{"level":"warning","message":"Upstream attempt failed","error":"upstream_unavailable"}\n'
    )
    (tmp_path / "realistic.log").write_text("")
    clean = {"failures": 0, "failure_kinds": ""}
    rows = [(1, "switchyard", clean), (32, "switchyard", {"failures": 31, "failure_kinds": "read 30, timeout 1"})]
    report = harness.format_failures(rows, dict(clean), str(tmp_path))
    assert "Failures:" in report
    assert "32 switchyard: read 30, timeout 1" in report
    assert "Upstream attempt failed" in report and "No API keys" not in report
    assert "realistic gateway" not in report
    assert harness.format_failures([(1, "switchyard", clean)], dict(clean), str(tmp_path)) == ""
