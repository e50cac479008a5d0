"""What the scenarios run against, all under one temporary folder on free ports.

PostgreSQL, Redis and the OTLP receiver live for the whole run, and so do the mesh's
certificates (`keel_runtime.tls.make_mesh_credentials`, under the run's folder); the
services, the echo server and Envoy are started per scenario, each service with mTLS on or
off as its scenario says (`start_service(..., mtls=)`), Envoy in its upstreams' mode.
Every start registers its stop on the `ExitStack` it was given *before* anything can fail,
so closing the stack (on success, error or Ctrl-C) stops everything, PostgreSQL last (it
outlives a Python process).
"""

from __future__ import annotations

import json
import secrets
import sys
import threading
import urllib.request
from collections import Counter
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from bench import echo
from bench.procs import BenchError, Child, clean_environment, free_port, wait_until
from deploy.embedded.health import grpc_health
from deploy.embedded.otlp import OtlpReceiver, service_name
from deploy.embedded.postgres import EmbeddedPostgres
from deploy.embedded.redis import EmbeddedRedis
from deploy.embedded.stack import envoy_binary
from gateway.envoy import write_config
from gateway.settings import GatewaySettings
from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from keel_runtime import tls
from keel_runtime.config import SERVICES

CATALOG_METHOD = "/keel.catalog.v1.CatalogService/ListCategories"
CATEGORIES_PATH = "/v1/templates/categories"
EXPECTED_CATEGORIES = 5  # seeded by catalog's first migration
# Access tokens made once per run must outlive it, however many rounds it has.
ACCESS_TOKEN_SECONDS = 24 * 3600
# One Envoy worker: on 2 cores a second one would only compete with the Python service
# it forwards to (the bottleneck), and one worker keeps one HTTP/2 connection upstream.
ENVOY_CONCURRENCY = 1
# The runs' worker on the built-in model for every model id (no provider, no key), polling
# its queue as often as by default (tests/agents/workers.py runs it the same way).
BUILTIN_WORKER = {"KEEL_AGENTS_BUILTIN_FOR_ALL": "true", "KEEL_AGENTS_QUEUE_POLL_SECONDS": "0.1"}


@dataclass(frozen=True)
class Tracing:
    """One tracing mode, as the services' standard OTEL_* variables and Envoy's settings."""

    key: str
    label: str
    service_env: dict[str, str]  # OTEL_EXPORTER_OTLP_ENDPOINT is added when `export`
    export: bool
    gateway_percent: float | None  # None: Envoy without a tracing provider

    def env(self, endpoint: str) -> dict[str, str]:
        extra = {"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint} if self.export else {}
        return {**self.service_env, **extra}


# "default" is what a deployment gets without tuning: the runtime's parent-based 10 %
# ratio sampler, exporting what it samples; Envoy samples 10 % and the services follow
# its decision through `traceparent`.
MODES = (
    # Tracing off, metrics on (as a deployment runs with tracing switched off).
    Tracing("off", "off", {"OTEL_TRACES_EXPORTER": "none"}, export=True, gateway_percent=None),
    Tracing("default", "default 10%", {}, export=True, gateway_percent=10.0),
    Tracing(
        "full",
        "100% + export",
        {"OTEL_TRACES_SAMPLER": "parentbased_always_on"},
        export=True,
        gateway_percent=100.0,
    ),
)


class CountingReceiver(OtlpReceiver):
    """The embedded stack's OTLP receiver, counting spans per service instead of keeping
    them: the benchmark needs proof that spans arrive, not the spans (storing 100 % of
    them would only add CPU and memory to a 2-core machine's bill)."""

    def __init__(self) -> None:
        super().__init__(file=None, max_spans=1)
        self.counts: Counter[str] = Counter()
        self._counting = threading.Lock()

    def receive(self, request: ExportTraceServiceRequest) -> None:
        # Counted straight off the message: turning each span into a record would make
        # this Python receiver, on the same two cores, a bigger cost than a real
        # collector elsewhere would be.
        counts: Counter[str] = Counter()
        for resource_spans in request.resource_spans:
            service = service_name(resource_spans.resource)
            counts[service] += sum(len(s.spans) for s in resource_spans.scope_spans)
        with self._counting:
            self.counts.update(counts)

    def take_counts(self) -> dict[str, int]:
        with self._counting:
            counts, self.counts = dict(self.counts), Counter()
        return counts


@dataclass
class Server:
    """A started server process (a Keel service, the echo baseline or an anchor)."""

    name: str
    child: Child
    port: int
    # The mesh's certificates when it serves mutual TLS; None: plaintext (KEEL_MTLS=off,
    # and the echo server and the anchors, which know nothing of the mesh).
    tls_dir: Path | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def categories_url(self) -> str:
        """The REST read, for an HTTP server (the monolith anchor)."""
        return f"http://{self.address}{CATEGORIES_PATH}"


@dataclass
class Gateway:
    child: Child
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def categories_url(self) -> str:
        return f"{self.url}{CATEGORIES_PATH}"


class Infra:
    def __init__(self, home: Path, stack: ExitStack) -> None:
        self.home = home
        self.stack = stack
        self.logs = home / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.pg = EmbeddedPostgres(home / "pg", free_port())
        self.redis = EmbeddedRedis(home / "redis", free_port())
        self.receiver = CountingReceiver()
        self.tls_dir = home / "tls"  # the mesh's CA and a certificate per workload
        # identity's server secret for this run (its database lives as long as the run).
        self.identity_secret = secrets.token_urlsafe(48)
        self.events_sealing_key = secrets.token_urlsafe(48)
        self._started = 0

    # -- for the whole run ----------------------------------------------------------------

    def start_backing_services(self) -> None:
        """The mesh's certificates, PostgreSQL with the five service databases migrated,
        Redis, the OTLP receiver."""
        tls.make_mesh_credentials(self.tls_dir)
        self.stack.callback(self.pg.stop)  # first in, last out: after every service
        self.pg.start()
        self.pg.ensure_service_databases(SERVICES)
        self.stack.callback(self.redis.stop)
        self.redis.start()
        self.stack.callback(self.receiver.stop)
        self.receiver.start(0)
        self._migrate()

    def _migrate(self) -> None:
        migrations = [
            self._child(f"migrate-{name}", _service_argv(name, "migrate"), self._env(name, 0))
            for name in SERVICES
        ]  # in parallel: each is mostly Python start-up
        for child in migrations:
            if child.popen.wait(120) != 0:
                raise BenchError(f"{child.name} failed; last lines:\n{child.tail()}")

    # -- per scenario ---------------------------------------------------------------------

    def start_service(
        self,
        name: str,
        tracing: Tracing,
        *,
        mtls: bool,
        peers: Mapping[str, Server] | None = None,
        settings: Mapping[str, str] | None = None,
    ) -> Server:
        """`name` serving on a free port, with mutual TLS or in plaintext (`KEEL_MTLS`, said
        by every scenario: h2load cannot present a client certificate); `peers` are the
        services it calls (billing asks identity to authorize), found as `KEEL_<PEER>_ADDR`;
        `settings` are extra `KEEL_*` settings."""
        port = free_port()
        env = self._service_env(name, port, tracing, mtls, peers or {}) | dict(settings or {})
        child = self._child(name, _service_argv(name), env)
        return Server(name, child, port, self.tls_dir if mtls else None)

    def start_worker(
        self,
        tracing: Tracing,
        *,
        mtls: bool,
        peers: Mapping[str, Server],
        settings: Mapping[str, str],
        label: str = "agents-worker",
    ) -> Child:
        """`python -m services.agents worker` with agents's environment (its database, the
        services it calls as `peers`) and the worker's own `settings`; wait for it with
        `wait_working`."""
        env = self._service_env("agents", 0, tracing, mtls, peers) | dict(settings)
        return self._child(label, _service_argv("agents", "worker"), env)

    def wait_working(self, worker: Child, timeout: float = 60.0) -> None:
        """Until the worker has logged that it works (its queue registered)."""

        def working() -> bool:
            return '"working"' in worker.log_path.read_text(errors="replace")

        wait_until(working, f"{worker.name} to work", timeout, worker)

    def _service_env(
        self, name: str, port: int, tracing: Tracing, mtls: bool, peers: Mapping[str, Server]
    ) -> dict[str, str]:
        if any((peer.tls_dir is not None) != mtls for peer in peers.values()):
            raise BenchError(f"{name} and its peers must all serve mTLS, or none")
        env = {**self._env(name, port), **tracing.env(self.receiver.endpoint)}
        env["KEEL_MTLS"] = "on" if mtls else "off"
        env |= {f"KEEL_{peer.upper()}_ADDR": s.address for peer, s in peers.items()}
        return env

    def wait_serving(self, server: Server, timeout: float = 60.0) -> None:
        wait_until(lambda: _serving(server), f"{server.name} to serve", timeout, server.child)

    def start_echo(self) -> Server:
        port = free_port()
        argv = [sys.executable, "-m", "bench.echo", "--port", str(port)]
        server = Server("echo", self._child("echo", argv, clean_environment()), port)
        wait_until(lambda: _echo_ok(server.address), "the echo server", 30, server.child)
        return server

    def start_anchor(self, module: str, ready: Callable[[Server], bool]) -> Server:
        """An anchor (`bench.floor`, `bench.monolith`) on a free port, returned once `ready`
        holds. It reads catalog's database as catalog does, with its role and password;
        asyncpg takes the plain `postgresql://` form of the URL."""
        url = self.pg.database_url("catalog", driver="postgresql")
        return self.start_bench_server(module, ready, ["--database-url", url])

    def start_bench_server(
        self, module: str, ready: Callable[[Server], bool], args: list[str]
    ) -> Server:
        """`python -m bench.<module> --port P <args>` on a free port, returned once `ready`
        holds (an anchor; the runs' local model)."""
        port = free_port()
        argv = [sys.executable, "-m", f"bench.{module}", "--port", str(port), *args]
        server = Server(module, self._child(module, argv, clean_environment()), port)
        wait_until(lambda: ready(server), f"bench.{module} to answer", 60, server.child)
        return server

    def start_gateway(
        self,
        catalog: Server,
        tracing: Tracing,
        *,
        identity: Server | None = None,
        public_methods: frozenset[str] | None = None,
        ready: Callable[[Gateway], bool] | None = None,
        others: Mapping[str, Server] | None = None,
    ) -> Gateway:
        """Envoy routing to `catalog` (and `identity` when given, for logins, the JWKS and
        API keys; and `others` by service name), with the default public methods unless
        `public_methods` says otherwise; returned once `ready` holds (default: the public
        categories read works). Its upstreams are mTLS (TLS 1.3, the gateway's
        certificate) when `catalog` serves mTLS."""
        upstreams = {**(others or {}), **({"identity": identity} if identity else {})}
        if any(s.tls_dir != catalog.tls_dir for s in upstreams.values()):
            raise BenchError("the gateway's upstreams must all serve mTLS, or none")
        port = free_port()
        settings = self._gateway_settings(port, catalog, tracing, upstreams)
        if public_methods is not None:
            settings = replace(settings, public_methods=public_methods)
        config = write_config(self.home / f"envoy-{self._started}.json", settings)
        argv = [
            envoy_binary(), "-c", str(config), "--use-dynamic-base-id",
            "--concurrency", str(ENVOY_CONCURRENCY), "--log-level", "warn",
        ]  # fmt: skip
        # The JSON access log (stdout) is still formatted per request, as in production,
        # but not kept: at thousands of req/s it would only fill the disk.
        child = self._child("envoy", argv, clean_environment(), quiet_stdout=True)
        gateway = Gateway(child, port)
        check = ready or (lambda g: rest_ok(g.categories_url))
        wait_until(lambda: check(gateway), "Envoy to route", 60, child)
        return gateway

    def _gateway_settings(
        self, port: int, catalog: Server, tracing: Tracing, upstreams: Mapping[str, Server]
    ) -> GatewaySettings:
        # The other services are not running here: their clusters point at a closed port.
        nowhere = f"127.0.0.1:{free_port()}"
        env = {f"KEEL_{name.upper()}_ADDR": nowhere for name in SERVICES}
        env |= {
            "KEEL_GATEWAY_PORT": str(port),
            "KEEL_GATEWAY_ADMIN_PORT": str(free_port()),
            "KEEL_CATALOG_ADDR": catalog.address,
            "KEEL_MTLS": "on" if catalog.tls_dir else "off",
            "KEEL_TLS_DIR": str(self.tls_dir),
        }
        env |= {f"KEEL_{name.upper()}_ADDR": s.address for name, s in upstreams.items()}
        if tracing.gateway_percent is not None:
            env["KEEL_GATEWAY_TRACE_SAMPLING"] = f"{tracing.gateway_percent:g}"
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = self.receiver.endpoint
        return GatewaySettings.from_env(env)

    # -- helpers --------------------------------------------------------------------------

    def _env(self, name: str, port: int) -> dict[str, str]:
        prefix = f"KEEL_{name.upper()}_"
        env = clean_environment() | {
            prefix + "PORT": str(port),
            prefix + "DATABASE_URL": self.pg.database_url(name),
            "KEEL_REDIS_URL": self.redis.url,
            "KEEL_SHUTDOWN_GRACE_SECONDS": "2",
            # KEEL_MTLS comes from the scenario (start_service); migrations keep the default.
            "KEEL_TLS_DIR": str(self.tls_dir),
        }
        if name == "identity":
            # KEEL_IDENTITY_PASSWORD_HASH_MEMORY_KIB stays unset: logins are measured with
            # the production argon2id cost (clean_environment drops any KEEL_* of ours).
            env[prefix + "SECRET"] = self.identity_secret
            env["KEEL_EVENTS_SEALING_KEY"] = self.events_sealing_key
            env[prefix + "ACCESS_TOKEN_SECONDS"] = str(ACCESS_TOKEN_SECONDS)
        return env

    def _child(
        self, name: str, argv: list[str], env: dict[str, str], *, quiet_stdout: bool = False
    ) -> Child:
        self._started += 1
        log = self.logs / f"{self._started:02d}-{name}.log"
        child = Child(name, argv, env, log, quiet_stdout=quiet_stdout)
        self.stack.callback(child.stop)
        return child


def _service_argv(name: str, command: str = "serve") -> list[str]:
    return [sys.executable, "-m", f"services.{name}", command]


# -- one call each, to prove a scenario works before loading it ---------------------------


def channel(server: Server, workload: str) -> grpc.Channel:
    """A blocking channel to `server`, as `workload` (its certificate) when it serves mTLS."""
    mesh = None if server.tls_dir is None else tls.MeshTls.load(server.tls_dir, workload)
    return tls.blocking_channel(server.address, mesh, server=server.name)


def _serving(server: Server) -> bool:
    """SERVING to a health check, as the operator's probes ask (their certificate)."""
    mesh = None if server.tls_dir is None else tls.MeshTls.load(server.tls_dir, tls.OPERATOR)
    return grpc_health(server.port, server.name, mesh)[0]


def plaintext_refused(server: Server) -> bool:
    """Whether `server` refuses a plaintext health check: proof that it serves mTLS."""
    with grpc.insecure_channel(server.address) as plain:
        try:
            health_pb2_grpc.HealthStub(plain).Check(health_pb2.HealthCheckRequest(), timeout=2)
        except grpc.RpcError:
            return True
    return False


def list_categories(server: Server) -> catalog_pb2.ListCategoriesResponse:
    """One real ListCategories call (as the gateway, with mTLS); raises BenchError unless it
    returns the 5 categories."""
    with channel(server, tls.GATEWAY) as chan:
        try:
            reply = catalog_pb2_grpc.CatalogServiceStub(chan).ListCategories(
                catalog_pb2.ListCategoriesRequest(), timeout=5
            )
        except grpc.RpcError as exc:
            raise BenchError(f"ListCategories on {server.address} failed: {exc}") from exc
    if len(reply.categories) != EXPECTED_CATEGORIES:
        raise BenchError(f"ListCategories returned {len(reply.categories)} categories")
    return reply


def echo_call(address: str, payload: bytes, timeout: float = 5) -> bytes:
    with grpc.insecure_channel(address) as channel:
        call = channel.unary_unary(echo.PATH)
        return bytes(call(payload, timeout=timeout))


def _echo_ok(address: str) -> bool:
    try:
        return echo_call(address, b"ping", timeout=1) == b"ping"
    except grpc.RpcError:
        return False


def get_json(url: str, timeout: float = 5) -> object:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def rest_ok(url: str) -> bool:
    try:
        body = get_json(url, timeout=2)
    except (OSError, ValueError):
        return False  # not listening yet, or no healthy upstream yet (503)
    return isinstance(body, dict) and len(body.get("categories", [])) == EXPECTED_CATEGORIES


def grpc_ok(server: Server) -> bool:
    """Whether `server` answers ListCategories yet (the floor anchor has no health service)."""
    try:
        list_categories(server)
    except BenchError:
        return False
    return True
