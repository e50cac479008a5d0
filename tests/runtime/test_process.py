"""The service as a real process: bad config, and graceful shutdown on SIGTERM."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from typing import TypedDict

import grpc
import pytest
from grpc_health.v1 import health_pb2

from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from tests.support import channels
from tests.support.net import wait_until
from tests.support.processes import ROOT, ServiceProcess, health_status


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KEEL_CATALOG_PORT", "eighty"),
        ("KEEL_CATALOG_DATABASE_URL", "mysql://root@localhost/catalog"),
        ("KEEL_LOG_LEVEL", "LOUD"),
    ],
)
def test_bad_config_fails_at_start_with_one_clear_message(variable, value):
    result = subprocess.run(
        [sys.executable, "-m", "services.catalog"],
        cwd=ROOT,
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one message, no traceback
    assert variable in lines[0] and lines[0].startswith("catalog: bad configuration")


def test_database_password_is_never_echoed_in_config_errors():
    result = subprocess.run(
        [sys.executable, "-m", "services.catalog"],
        cwd=ROOT,
        env={
            **os.environ,
            "KEEL_CATALOG_DATABASE_URL": "sqlite:///hunter2",
            "KEEL_CATALOG_PORT": "x",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "hunter2" not in result.stderr and "KEEL_CATALOG_DATABASE_URL" in result.stderr


class _Outcome(TypedDict, total=False):
    """What the in-flight call ended with: the slugs, or the error code."""

    slugs: list[str]
    error: grpc.StatusCode


def _count(postgres, sql: str) -> int:
    return int(postgres.psql(sql).strip() or 0)


def test_sigterm_drains_the_in_flight_call_then_exits(catalog_env, postgres, tmp_path):
    service = ServiceProcess("catalog", catalog_env, tmp_path / "catalog.log").start()
    database = catalog_env["KEEL_CATALOG_DATABASE_URL"].rsplit("/", 1)[1]
    # Hold a lock on the table, so a ListCategories call stays in flight until we let go.
    locker = subprocess.Popen(postgres.psql_command(database), stdin=subprocess.PIPE, text=True)
    assert locker.stdin is not None
    locker.stdin.write("BEGIN; LOCK TABLE categories IN ACCESS EXCLUSIVE MODE;\n")
    locker.stdin.flush()
    held = (
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
        f"WHERE l.granted AND l.mode = 'AccessExclusiveLock' AND d.datname = '{database}'"
    )
    wait_until(lambda: _count(postgres, held) >= 1, what="the table lock")

    result: _Outcome = {}

    def call() -> None:
        with channels.sync_channel(service.address) as channel:
            stub = catalog_pb2_grpc.CatalogServiceStub(channel)
            try:
                reply = stub.ListCategories(catalog_pb2.ListCategoriesRequest(), timeout=20)
                result["slugs"] = [c.slug for c in reply.categories]
            except grpc.RpcError as exc:
                result["error"] = exc.code()

    caller = threading.Thread(target=call)
    caller.start()
    waiting = (
        "SELECT count(*) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND wait_event_type = 'Lock'"
    )
    wait_until(lambda: _count(postgres, waiting) == 1, what="the call to wait on the lock")

    service.terminate()
    # Shutting down (new calls refused while the in-flight one drains), the call still in
    # flight and the process still there, not cut off.
    serving = health_pb2.HealthCheckResponse.SERVING
    wait_until(lambda: health_status(service.address) != serving, what="NOT_SERVING")
    assert caller.is_alive()
    assert service.process is not None and service.process.poll() is None

    locker.stdin.write("COMMIT;\n")
    locker.stdin.close()
    locker.wait(10)
    caller.join(20)
    assert result.get("slugs") and len(result["slugs"]) == 5, result
    assert service.process.wait(20) == 0
    log = service.log()
    assert '"msg": "shutting down"' in log and '"msg": "stopped"' in log


def _list_categories(address: str, traceparent: str) -> None:
    with channels.sync_channel(address) as channel:
        stub = catalog_pb2_grpc.CatalogServiceStub(channel)
        stub.ListCategories(
            catalog_pb2.ListCategoriesRequest(), metadata=[("traceparent", traceparent)], timeout=5
        )


@pytest.mark.parametrize("tracing", ["on", "off"])
def test_spans_and_per_rpc_metrics_reach_the_otlp_endpoint(catalog_env, otlp, tmp_path, tracing):
    env = {
        **catalog_env,
        "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
        "OTEL_SERVICE_NAME": f"catalog-{tracing}",
        "OTEL_TRACES_SAMPLER": "parentbased_always_on",
        "OTEL_BSP_SCHEDULE_DELAY": "50",
        "OTEL_METRIC_EXPORT_INTERVAL": "200",
    }
    if tracing == "off":
        env["OTEL_TRACES_EXPORTER"] = "none"
    service = ServiceProcess("catalog", env, tmp_path / "catalog.log").start()
    trace_id = os.urandom(16).hex()
    try:
        _list_categories(service.address, f"00-{trace_id}-{os.urandom(8).hex()}-01")
        deadline = time.monotonic() + 10
        while "rpc.server.duration" not in otlp.metrics(f"catalog-{tracing}"):
            assert time.monotonic() < deadline, otlp.metrics()
            time.sleep(0.1)
        time.sleep(0.3)  # spans are flushed every 50 ms
    finally:
        assert service.stop() == 0
    spans = otlp.spans(trace_id)
    if tracing == "on":
        assert {s["name"] for s in spans} >= {"keel.catalog.v1.CatalogService/ListCategories"}
    else:
        assert spans == []  # tracing off: nothing traced, metrics still exported
