"""The scenarios: start what one needs, prove it answers correctly, load it, stop it."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from bench import cpu, echo
from bench import identity as auth
from bench.infra import (
    CATALOG_METHOD,
    MODES,
    Gateway,
    Infra,
    Server,
    Tracing,
    echo_call,
    list_categories,
)
from bench.loadgen import Load, Result, grpc_frame, h2load, post_script, wrk
from bench.procs import BenchError, Child, stop_all
from keel_runtime.config import SERVICES

MIB = 1024 * 1024
ECHO = "echo"
DEFAULT_MODE = MODES[1]

# The identity scenarios (`Runner.run_identity`), all against one identity, one catalog
# and two Envoys per round.
LOGIN = "login"  # POST /v1/auth/login through Envoy: one argon2id verification each
AUTHZ = "authz"  # CheckPermission straight to identity over gRPC
READ_PUBLIC = "auth/public"  # GET /v1/templates/categories with no credential
READ_JWT = "auth/jwt"  # the same with an access token, verified by Envoy (route public)
READ_JWT_REQUIRED = "auth/jwt-required"  # the same where the route is not public
READ_API_KEY = "auth/api-key"  # the same with an API key, checked by identity (ext_authz)
# Tracing off: these figures isolate what authentication costs, as the tracing modes
# isolate what tracing costs.
AUTH_MODE = MODES[0]


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
        self._fixture: auth.Fixture | None = None  # made through the API in the first round

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

    def run_identity(self, round_: int) -> None:
        """Logins, CheckPermission, and the categories read with no credential, a JWT, a
        JWT where the route is not public, and an API key; tracing off throughout.

        One fresh identity and catalog; Envoy twice: the default config, and one where
        the categories read is not public. Users, organization, token and API key are
        made once per run, through the first round's gateway."""
        identity = self.infra.start_service("identity", AUTH_MODE)
        catalog = self.infra.start_service("catalog", AUTH_MODE)
        children: list[Child] = [identity.child, catalog.child]
        try:
            self.infra.wait_serving(identity)
            self.infra.wait_serving(catalog)
            public = self.infra.start_gateway(catalog, AUTH_MODE, identity=identity)
            children.append(public.child)
            fixture = self._fixture = self._fixture or auth.create_fixture(public)
            auth.check_public_gateway(public, fixture)
            jwt = auth.bearer(fixture.access_token)
            private = self.infra.start_gateway(
                catalog, AUTH_MODE, identity=identity, public_methods=auth.NOT_PUBLIC,
                ready=lambda g: auth.read_ok(g, jwt),
            )  # fmt: skip
            children.append(private.child)
            auth.check_private_gateway(private, fixture)
            auth.check_login(public, fixture)
            reply = auth.check_permission(identity.address, fixture).SerializeToString()
            postgres = self.infra.pg.pid()
            reads = _pids(catalog, public.child.pid, postgres) | {"identity": identity.child.pid}
            steps = [
                self._rest_step(READ_PUBLIC, round_, reads, public, {}),
                self._rest_step(READ_JWT, round_, reads, public, jwt),
                self._rest_step(
                    READ_JWT_REQUIRED, round_, reads | {"envoy": private.child.pid}, private, jwt
                ),
                self._rest_step(READ_API_KEY, round_, reads, public, auth.bearer(fixture.api_key)),
                lambda: self._authz(round_, identity, fixture, len(grpc_frame(reply)), postgres),
                lambda: self._login(round_, identity, public, fixture, postgres),
            ]
            for step in steps if round_ % 2 else reversed(steps):
                step()
            auth.check_permission(identity.address, fixture)  # still right after the load
        finally:
            stop_all(children)

    def _rest_step(
        self,
        name: str,
        round_: int,
        pids: dict[str, int],
        gateway: Gateway,
        headers: dict[str, str],
    ) -> Callable[[], None]:
        def step() -> None:
            self._measure(
                name, round_, pids,
                lambda s: wrk(gateway.categories_url, self.load, s, headers=headers),
            )  # fmt: skip

        return step

    def _authz(
        self, round_: int, identity: Server, fixture: auth.Fixture, frame: int, postgres: int | None
    ) -> None:
        body = self._body("check-permission", fixture.check_request().SerializeToString())
        url = f"http://{identity.address}{auth.CHECK_METHOD}"
        pids = {"service": identity.child.pid} | ({"postgres": postgres} if postgres else {})
        self._measure(
            AUTHZ, round_, pids,
            lambda s: h2load(url, body, frame, self.load, s, self._log(AUTHZ)),
        )  # fmt: skip

    def _login(
        self,
        round_: int,
        identity: Server,
        gateway: Gateway,
        fixture: auth.Fixture,
        postgres: int | None,
    ) -> None:
        script = post_script(self.infra.home / "login.lua", auth.LOGIN_PATH, fixture.login_bodies)
        url = gateway.url + auth.LOGIN_PATH
        pids = {"service": identity.child.pid, "envoy": gateway.child.pid}
        pids |= {"postgres": postgres} if postgres else {}
        connections = self.load.login_connections
        self._measure(
            LOGIN, round_, pids,
            lambda s: wrk(url, self.load, s, script=script, connections=connections),
            self.load.login_seconds,
        )  # fmt: skip

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
        self,
        name: str,
        round_: int,
        pids: Mapping[str, int],
        run: Callable[[int], Result],
        seconds: int | None = None,
    ) -> None:
        run(self.load.warmup)  # thrown away: pools, connections and caches fill up first
        self.infra.receiver.take_counts()
        before, start = cpu.snapshot(pids), time.monotonic()
        result = run(seconds or self.load.duration)
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


def rate(rps: float) -> str:
    """req/s as printed: a decimal where there are few (logins)."""
    return f"{rps:.1f}" if rps < 100 else f"{rps:.0f}"


def _progress(m: Measurement) -> None:
    r = m.result
    errors = f", {r.errors} errors" if r.errors else ""
    print(
        f"  round {m.round} {m.scenario:<17} {rate(r.rps):>8} req/s  p50 {r.p50_ms:6.2f} ms  "
        f"p99 {r.p99_ms:6.2f} ms{errors}",
        flush=True,
    )
