"""`keel up` → a request through the gateway → its trace → `keel status` → `keel down`.

The stack runs on free ports with its state in a temporary KEEL_HOME, so it never meets
a developer's stack on the default ports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psutil

from deploy.embedded import traces
from deploy.embedded.settings import StackSettings
from deploy.embedded.stack import INFRA, Stack
from keel_runtime.config import SERVICES

PROGRAMS = [*INFRA, *SERVICES, "gateway"]


def _stack_env(home: Path, free_ports: Callable[[int], list[int]]) -> dict[str, str]:
    # The caller's KEEL_*/OTEL_* win inside the stack, so drop them: they may point at a
    # developer's running stack.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEEL_", "OTEL_"))}
    ports = iter(free_ports(5 + len(SERVICES)))
    env |= {f"KEEL_{name.upper()}_PORT": str(next(ports)) for name in SERVICES}
    env |= {
        name: str(next(ports))
        for name in (
            "KEEL_PG_PORT",
            "KEEL_REDIS_PORT",
            "KEEL_OTLP_PORT",
            "KEEL_GATEWAY_PORT",
            "KEEL_GATEWAY_ADMIN_PORT",
        )
    }
    env |= {
        "KEEL_HOME": str(home),
        "KEEL_UP_TIMEOUT": "180",
        "OTEL_BSP_SCHEDULE_DELAY": "200",  # export spans quickly, the test waits for them
    }
    return env


def _keel(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deploy.embedded.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _get_json(url: str) -> dict:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        assert response.status == 200
        return json.load(response)


def _wait_for_trace(spans_file: Path, rpc: str, timeout: float = 30.0) -> list[dict]:
    """The trace holding the `rpc` server span, once the gateway's spans are there too."""
    deadline = time.monotonic() + timeout
    while True:
        spans = traces.load_spans(spans_file)
        for group in traces.group_by_trace(spans).values():
            names = {(s["service"], s["name"]) for s in group}
            if ("catalog", rpc) in names and "gateway" in {s["service"] for s in group}:
                return group
        assert time.monotonic() < deadline, f"no gateway+catalog trace of {rpc} in {spans_file}"
        time.sleep(0.5)


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_keel_up_serves_traces_and_keel_down_leaves_nothing(
    server_dir: Path, ports: Callable[[int], list[int]]
) -> None:
    env = _stack_env(server_dir / "keel", ports)
    settings = StackSettings.from_env(env)
    processes: list[psutil.Process] = []
    try:
        up = _keel(env, "up")
        assert up.returncode == 0, f"keel up failed:\n{up.stdout}\n{up.stderr}"
        assert settings.gateway_url in up.stdout
        processes = Stack(settings).live_processes()

        again = _keel(env, "up")
        assert again.returncode == 0 and "already up" in again.stdout

        body = _get_json(f"{settings.gateway_url}/v1/templates/categories")
        assert len(body["categories"]) == 5

        rpc = "keel.catalog.v1.CatalogService/ListCategories"
        trace = _wait_for_trace(settings.spans_file, rpc)
        shown = _keel(env, "trace", trace[0]["trace_id"])
        assert shown.returncode == 0 and f"catalog: {rpc}" in shown.stdout, shown.stdout

        status = _keel(env, "status")
        assert status.returncode == 0, status.stdout + status.stderr
        rows = {line.split()[0]: line.split() for line in status.stdout.splitlines()[2:-1]}
        assert sorted(rows) == sorted(PROGRAMS)
        assert all(row[1] == "RUNNING" for row in rows.values()), status.stdout
        assert "SERVING" in rows["catalog"] and "200" in rows["gateway"]

        logs = _keel(env, "logs", "catalog", "-n", "5")
        assert logs.returncode == 0 and logs.stdout.strip()
    finally:
        down = _keel(env, "down")
    assert down.returncode == 0, f"keel down failed:\n{down.stdout}\n{down.stderr}"
    assert "killed" not in down.stdout, down.stdout  # everything stopped on its own
    # postgres, redis, otlp, 5 services, envoy, supervisord, postgres' own children
    assert len(processes) > len(PROGRAMS)
    left = [(p.pid, p.name()) for p in processes if _running(p)]
    assert left == [], f"processes of the stack still running: {left}"
    assert _keel(env, "status").returncode == 3
