"""A call still in flight when the shutdown grace runs out is cut off, and the process exits:
a replica that is told to go (SIGTERM) goes within `KEEL_SHUTDOWN_GRACE_SECONDS`, whatever
its calls wait on. The service as a real process (catalog), its call held by a table lock."""

from __future__ import annotations

import subprocess
import threading
import time
from typing import TypedDict

import grpc
from grpc_health.v1 import health_pb2

from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from tests.support import channels
from tests.support.net import wait_until
from tests.support.processes import ServiceProcess, health_status

GRACE = 1.0


class _Outcome(TypedDict, total=False):
    code: grpc.StatusCode
    at: float  # when the call ended (time.monotonic)


def _count(postgres, sql: str) -> int:
    return int(postgres.psql(sql).strip() or 0)


def test_a_call_in_flight_past_the_grace_is_cut_off_and_the_process_exits(
    catalog_env, postgres, tmp_path
):
    env = {**catalog_env, "KEEL_SHUTDOWN_GRACE_SECONDS": str(GRACE)}
    service = ServiceProcess("catalog", env, tmp_path / "catalog.log").start()
    database = catalog_env["KEEL_CATALOG_DATABASE_URL"].rsplit("/", 1)[1]
    # A lock on the table, held until the end: the call cannot finish by itself.
    locker = subprocess.Popen(postgres.psql_command(database), stdin=subprocess.PIPE, text=True)
    assert locker.stdin is not None
    try:
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
                    stub.ListCategories(catalog_pb2.ListCategoriesRequest(), timeout=30)
                except grpc.RpcError as exc:
                    result["code"] = exc.code()
                result["at"] = time.monotonic()

        caller = threading.Thread(target=call)
        caller.start()
        waiting = (
            "SELECT count(*) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND wait_event_type = 'Lock'"
        )
        wait_until(lambda: _count(postgres, waiting) == 1, what="the call to wait on the lock")

        service.terminate()
        told = time.monotonic()
        assert service.process is not None
        serving = health_pb2.HealthCheckResponse.SERVING
        wait_until(lambda: health_status(service.address) != serving, what="NOT_SERVING")

        caller.join(15)
        assert not caller.is_alive(), "the call was never cut off"
        assert result.get("code") in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED)
        assert result["at"] - told >= GRACE * 0.9  # not before the grace ran out
        assert service.process.wait(15) == 0  # and the process went, the lock still held
        assert _count(postgres, held) >= 1
        log = service.log()
        assert '"msg": "shutting down"' in log and '"msg": "stopped"' in log
    finally:
        locker.stdin.write("ROLLBACK;\n")
        locker.stdin.close()
        locker.wait(10)
        if service.process is not None and service.process.poll() is None:
            service.process.kill()
            service.process.wait()
