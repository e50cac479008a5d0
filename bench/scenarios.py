"""The scenarios: start what one needs, prove it answers correctly, load it, stop it."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench import cpu, echo
from bench.infra import (
    CATALOG_METHOD,
    MODES,
    Infra,
    Server,
    Tracing,
    echo_call,
    list_categories,
)
from bench.loadgen import Load, Result, grpc_frame, h2load, wrk
from bench.procs import BenchError, stop_all
from keel_runtime.config import SERVICES

MIB = 1024 * 1024
ECHO = "echo"
DEFAULT_MODE = MODES[1]


def scenario_name(kind: str, tracing: Tracing | None = None) -> str:
    """`echo`, `direct/off`, `rest/full`, …"""
    return kind if tracing is None else f"{kind}/{tracing.key}"


@dataclass
class Measurement:
    scenario: str
    round: int
    result: Result
    seconds: float
    cpu_percent: dict[str, float]  # % of one core per process group
    spans: dict[str, int] = field(default_factory=dict)  # received per service
    rss_mib: float = 0.0  # the server's RSS right after the run

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "result": asdict(self.result)}


class Runner:
    def __init__(self, infra: Infra, load: Load) -> None:
        self.infra = infra
        self.load = load
        self.measurements: list[Measurement] = []
        self._reply: bytes | None = None  # a serialized ListCategoriesResponse

    # -- idle memory -----------------------------------------------------------------------

    def idle_rss(self, idle_seconds: float) -> dict[str, float]:
        """RSS (MiB) of each service after start and a while idle (no call yet), and of
        Envoy for reference. At the default tracing mode: the OTLP exporter is loaded, as
        deployed. Also fetches the catalog reply the echo baseline sends."""
        servers = [self.infra.start_service(name, DEFAULT_MODE) for name in SERVICES]
        gateway = None
        try:
            for server in servers:  # started together: Python start-up overlaps
                self.infra.wait_serving(server)
            time.sleep(idle_seconds)
            rss = {s.name: _rss_mib(s.child.pid) for s in servers}  # before any call
            catalog = next(s for s in servers if s.name == "catalog")
            self._reply = list_categories(catalog.address).SerializeToString()
            gateway = self.infra.start_gateway(catalog, DEFAULT_MODE)
            rss["gateway (Envoy)"] = _rss_mib(gateway.child.pid)
        finally:
            stop_all([s.child for s in servers] + ([gateway.child] if gateway else []))
        return rss

    # -- load ------------------------------------------------------------------------------

    def run_echo(self, round_: int) -> None:
        server = self.infra.start_echo()
        try:
            payload = self.reply  # echoed back: the same response size as the catalog's
            if echo_call(server.address, payload) != payload:
                raise BenchError("the echo server did not echo")
            body = self._body("echo", payload)
            url = f"http://{server.address}{echo.PATH}"
            frame = len(grpc_frame(payload))
            self._measure(
                ECHO, round_, {"service": server.child.pid},
                lambda s: h2load(url, body, frame, self.load, s, self._log("echo")),
            )  # fmt: skip
        finally:
            server.child.stop()

    def run_mode(self, tracing: Tracing, round_: int) -> None:
        """Direct gRPC, then REST through Envoy, against one fresh catalog process."""
        catalog = self.infra.start_service("catalog", tracing)
        self.infra.wait_serving(catalog)
        gateway = None
        try:
            reply = list_categories(catalog.address).SerializeToString()
            gateway = self.infra.start_gateway(catalog, tracing)
            pids = _pids(catalog, gateway.child.pid, self.infra.pg.pid())
            self._direct(tracing, round_, catalog, len(grpc_frame(reply)), pids)
            self._measure(
                scenario_name("rest", tracing), round_, pids,
                lambda s: wrk(gateway.categories_url, self.load, s),
            )  # fmt: skip
            list_categories(catalog.address)  # still answering correctly after the load
        finally:
            stop_all([catalog.child] + ([gateway.child] if gateway else []))

    def _direct(
        self, tracing: Tracing, round_: int, catalog: Server, frame: int, pids: dict[str, int]
    ) -> None:
        body = self._body("list-categories", b"")  # an empty request: the default page
        url = f"http://{catalog.address}{CATALOG_METHOD}"
        name = scenario_name("direct", tracing)
        self._measure(
            name, round_, pids,
            lambda s: h2load(url, body, frame, self.load, s, self._log(name)),
        )  # fmt: skip

    def _measure(
        self, name: str, round_: int, pids: Mapping[str, int], run: Callable[[int], Result]
    ) -> None:
        run(self.load.warmup)  # thrown away: pools, connections and caches fill up first
        self.infra.receiver.take_counts()
        before, start = cpu.snapshot(pids), time.monotonic()
        result = run(self.load.duration)
        wall = time.monotonic() - start
        usage = cpu.usage(before, cpu.snapshot(pids), wall)
        spans = self.infra.receiver.take_counts()
        rss = _rss_mib(pids["service"])
        measurement = Measurement(name, round_, result, round(wall, 2), usage, spans, rss)
        self.measurements.append(measurement)
        _progress(measurement)

    # -- helpers ---------------------------------------------------------------------------

    @property
    def reply(self) -> bytes:
        if self._reply is None:
            raise BenchError("no ListCategories reply yet: measure idle memory first")
        return self._reply

    def _body(self, name: str, message: bytes) -> Path:
        path = self.infra.home / f"{name}.grpc"
        path.write_bytes(grpc_frame(message))
        return path

    def _log(self, name: str) -> Path:
        return self.infra.home / f"h2load-{name.replace('/', '-')}.log"


def _pids(catalog: Server, envoy: int, postgres: int | None) -> dict[str, int]:
    pids = {"service": catalog.child.pid, "envoy": envoy}
    if postgres is not None:
        pids["postgres"] = postgres
    return pids


def _rss_mib(pid: int) -> float:
    return round(psutil.Process(pid).memory_info().rss / MIB, 1)


def _progress(m: Measurement) -> None:
    r = m.result
    errors = f", {r.errors} errors" if r.errors else ""
    print(
        f"  round {m.round} {m.scenario:<13} {r.rps:8.0f} req/s  p50 {r.p50_ms:6.2f} ms  "
        f"p99 {r.p99_ms:6.2f} ms{errors}",
        flush=True,
    )
