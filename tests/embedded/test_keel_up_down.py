"""`keel up` → a request through the gateway → its trace → `keel status` (the agents
worker too: killed, supervisord starts it again) → `keel down`.

The stack runs on free ports (below the ephemeral range, like the defaults) with its
state in a temporary KEEL_HOME, so it never meets a developer's stack on the default ports.
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import psutil

from deploy.embedded import traces
from deploy.embedded.health import grpc_health, logged
from deploy.embedded.programs import WORKER
from deploy.embedded.stack import INFRA, Stack
from keel_runtime.config import SERVICES
from keel_runtime.tls import OPERATOR, MeshTls, make_mesh_credentials
from tests.embedded.keel_stack import KeelStack

PROGRAMS = [*INFRA, *SERVICES, WORKER, "gateway"]


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


def _status_rows(keel_stack: KeelStack, healthy: bool = True) -> dict[str, list[str]]:
    """`keel status`'s rows by name; with `healthy`, it must say all is well (exit 0)."""
    status = keel_stack.keel("status")
    if healthy:
        assert status.returncode == 0, status.stdout + status.stderr
    return {line.split()[0]: line.split() for line in status.stdout.splitlines()[2:-1]}


def _worker_restarted(keel_stack: KeelStack, pid: int, timeout: float = 30.0) -> int:
    """SIGKILL the worker at `pid`; the pid of the one supervisord starts instead."""
    psutil.Process(pid).kill()
    deadline = time.monotonic() + timeout
    while True:
        row = _status_rows(keel_stack, healthy=False).get(WORKER, [])  # STARTING: exit 1
        if row[1:2] == ["RUNNING"] and row[2] != str(pid):
            return int(row[2])
        assert time.monotonic() < deadline, f"the worker was not restarted: {row}"
        time.sleep(0.3)


def test_keel_up_serves_traces_and_keel_down_leaves_nothing(
    keel_stack: KeelStack, tmp_path: Path
) -> None:
    settings, keel = keel_stack.settings, keel_stack.keel
    processes: list[psutil.Process] = []
    try:
        up = keel("up")
        assert up.returncode == 0, f"keel up failed:\n{up.stdout}\n{up.stderr}"
        assert settings.gateway_url in up.stdout
        processes = Stack(settings).live_processes()

        again = keel("up")
        assert again.returncode == 0 and "already up" in again.stdout

        body = _get_json(f"{settings.gateway_url}/v1/templates/categories")
        assert len(body["categories"]) == 5

        rpc = "keel.catalog.v1.CatalogService/ListCategories"
        trace = _wait_for_trace(settings.spans_file, rpc)
        shown = keel("trace", trace[0]["trace_id"])
        assert shown.returncode == 0 and f"catalog: {rpc}" in shown.stdout, shown.stdout

        rows = _status_rows(keel_stack)
        assert sorted(rows) == sorted(PROGRAMS)
        assert all(row[1] == "RUNNING" for row in rows.values()), rows
        assert "SERVING" in rows["catalog"] and "200" in rows["gateway"]
        # The worker serves no port: its health is supervisord's; `up` waited for its word.
        assert rows[WORKER][4:] == ["running", "(no", "health", "port)"]
        worker_log = settings.log_file(WORKER)
        assert logged(worker_log, "working")[0], worker_log.read_text()
        # Killed, it comes back (another executor: its reaper recovers the dead one's runs).
        since = worker_log.stat().st_size
        new_pid = _worker_restarted(keel_stack, int(rows[WORKER][2]))
        processes.append(psutil.Process(new_pid))
        deadline = time.monotonic() + 30
        while not logged(worker_log, "working", since)[0]:
            assert time.monotonic() < deadline, worker_log.read_text()[-2000:]
            time.sleep(0.2)

        logs = keel("logs", "catalog", "-n", "5")
        assert logs.returncode == 0 and logs.stdout.strip()

        # The mesh's certificates were made once, private to the stack's owner; every
        # service port answers the operator's certificate and refuses plaintext and a
        # certificate of another CA.
        certificates = sorted(p.name for p in settings.tls_dir.iterdir())
        assert {"ca.crt", "gateway.crt", "gateway.key", "catalog.key"} <= set(certificates)
        assert all(
            (settings.tls_dir / name).stat().st_mode & 0o777 == 0o600 for name in certificates
        )
        assert settings.tls_dir.stat().st_mode & 0o777 == 0o700
        make_mesh_credentials(tmp_path / "other-ca")
        foreign = MeshTls.load(tmp_path / "other-ca", OPERATOR)
        operator = MeshTls.load(settings.tls_dir, OPERATOR)
        for name in SERVICES:
            port = settings.service_ports[name]
            assert grpc_health(port, name, operator) == (True, "SERVING")
            assert grpc_health(port, name, None)[0] is False, f"{name} took plaintext"
            assert grpc_health(port, name, foreign)[0] is False, f"{name} took another CA"
    finally:
        down = keel("down")
    assert down.returncode == 0, f"keel down failed:\n{down.stdout}\n{down.stderr}"
    assert "killed" not in down.stdout, down.stdout  # everything stopped on its own
    # postgres, redis, otlp, 5 services, the worker, envoy, supervisord, postgres' children
    assert len(processes) > len(PROGRAMS)
    left = [(p.pid, p.name()) for p in processes if _running(p)]
    assert left == [], f"processes of the stack still running: {left}"
    assert keel("status").returncode == 3
