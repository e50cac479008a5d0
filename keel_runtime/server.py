"""The service runtime: one `main()` that every service's `python -m services.<name>` calls.

`main(spec)` reads config (bad config stops the process with one clear message), sets up
logging and telemetry, then either runs the migrations (`migrate`) or serves:
a grpc.aio server with the Keel interceptor, the standard health service (SERVING only
while the database answers), reflection, the relay of the service's event outbox and its
own background tasks (`Runtime.tasks`, added by `register`). On SIGTERM or SIGINT health
goes NOT_SERVING, in-flight calls drain within the grace period, then background tasks
stop, pools close and telemetry flushes.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.utils import suppress_instrumentation
from redis.asyncio import Redis

from keel_runtime import authz, logs, telemetry, tls
from keel_runtime.config import ConfigError, ServiceConfig
from keel_runtime.db import Database
from keel_runtime.events import OutboxRelay
from keel_runtime.rpc import RpcInterceptor

log = logging.getLogger("keel.server")
LIVENESS = "liveness"


@dataclass
class Runtime:
    """What a running service has at hand: config, database pool, Redis client."""

    config: ServiceConfig
    database: Database
    redis: Redis
    # Loops `register` adds for the server's lifetime: started once it serves, cancelled
    # and awaited at shutdown (before the pools close).
    tasks: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)


Command = Callable[[ServiceConfig, list[str]], Coroutine[Any, Any, int]]


class ConfigLoader(Protocol):
    """A service's `from_env`: its settings from `environ`, else the process's environment."""

    def __call__(self, name: str, environ: Mapping[str, str] | None = None) -> ServiceConfig: ...


@dataclass(frozen=True)
class ServiceSpec:
    """How to build one service on the shared runtime."""

    name: str
    # The service's Alembic script folder.
    migrations: Path
    # Adds the servicers to the server (none: a service that answers health only).
    register: Callable[[grpc.aio.Server, Runtime], None] | None = None
    # Fully qualified gRPC service names this service implements (health, reflection).
    grpc_services: Sequence[str] = ()
    # Reads the service's settings (from `environ`, else the process's environment);
    # services with settings of their own pass theirs.
    load_config: ConfigLoader = ServiceConfig.from_env
    # Operator commands besides serve and migrate: `python -m services.<name> <command> …`
    # runs `commands[command](config, arguments)` and exits with the code it returns.
    commands: Mapping[str, Command] = field(default_factory=dict)
    # Schema a library of the service owns, applied after its Alembic migrations to the
    # database at the URL it is given (agents: DBOS's tables).
    migrate: Callable[[str], None] | None = None
    # Who may call methods whose protos are not ours to annotate with
    # `(keel.options.v1.callers)`: `/pkg.Service/Method` → workload names.
    callers: Mapping[str, Sequence[str]] = field(default_factory=dict)


def main(spec: ServiceSpec, argv: Sequence[str] | None = None) -> None:
    """Entry point: `python -m services.<name> [serve|migrate]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "serve"
    try:
        config = spec.load_config(spec.name)
    except ConfigError as exc:
        print(f"{spec.name}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    logs.configure(spec.name, config.log_level)
    if command == "migrate":
        from keel_runtime import migrations  # Alembic costs ~12 MB: only when migrating

        migrations.upgrade(spec.migrations, config.database_url)
        if spec.migrate is not None:
            spec.migrate(config.database_url)
        log.info("migrations applied")
    elif command in spec.commands:
        raise SystemExit(asyncio.run(spec.commands[command](config, args[1:])))
    elif command == "serve":
        tel = telemetry.setup(spec.name)
        try:
            asyncio.run(serve(spec, config))
        finally:
            tel.shutdown()  # flush buffered spans and metrics last
    else:
        usage = "|".join(["serve", "migrate", *spec.commands])
        print(f"usage: python -m services.{spec.name} [{usage}]", file=sys.stderr)
        raise SystemExit(2)


def freeze_startup_heap() -> None:
    """Put what start-up made (modules, descriptors, the SDKs: a started agents worker
    holds ~300,000 objects) out of the garbage collector's reach, once serving: a full
    collection then walks only what serving made since, so its pause, which every call in
    flight waits out, stays short (a full collection of a started worker took 0.5-1.3 s
    on this machine under load; frozen, none of that). CPython's `gc.freeze`, for servers."""
    gc.collect()
    gc.freeze()


async def serve(
    spec: ServiceSpec,
    config: ServiceConfig,
    *,
    stop: asyncio.Event | None = None,
    started: Callable[[int], None] | None = None,
) -> None:
    """Serve until `stop` is set or SIGTERM/SIGINT arrives; then shut down gracefully.

    Telemetry is the caller's (process-wide): `main()` sets it up and flushes it after.
    """
    if stop is None:  # run as the process's main service: signals stop it
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, stop.set)

    database = Database(
        config.database_url, pool_size=config.db_pool_size, application_name=spec.name
    )
    runtime = Runtime(config=config, database=database, redis=Redis.from_url(config.redis_url))
    mesh = config.mesh_tls
    tls.use(mesh)  # the calls this service makes present its certificate
    interceptor = RpcInterceptor(spec.name, database, mtls=mesh is not None, callers=spec.callers)
    server = grpc.aio.server(
        interceptors=[interceptor],
        options=[("grpc.so_reuseport", 0), ("grpc.max_receive_message_length", 8 << 20)],
    )
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    if spec.register is not None:
        spec.register(server, runtime)
    reflection.enable_server_reflection(
        [
            *spec.grpc_services,
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
            reflection.SERVICE_NAME,
        ],
        server,
    )
    address = f"{config.host}:{config.port}"
    try:
        if mesh is None:
            port = server.add_insecure_port(address)
        else:  # only callers with a certificate of the mesh's CA get through the handshake
            port = server.add_secure_port(address, mesh.server_credentials())
    except RuntimeError:  # grpc's way of saying the address is taken or unusable
        port = 0
    if port == 0:
        await database.close()
        raise SystemExit(
            f"{spec.name}: cannot listen on {config.host}:{config.port} (address in use?)"
        )
    with suppress_instrumentation():
        serving = await database.ping()
    await _set_health(health_servicer, _health_names(spec), serving)
    # Liveness: SERVING for as long as the process serves at all, database or not, so an
    # orchestrator restarts a stuck process but not every pod during a database outage.
    await _set_health(health_servicer, [LIVENESS], True)
    await server.start()
    tasks = [asyncio.create_task(_watch_database(spec, runtime, health_servicer, serving))]
    relay = OutboxRelay(database, runtime.redis, spec.name, poll_seconds=config.outbox_poll_seconds)
    tasks.append(asyncio.create_task(relay.run()))
    # Cached authorization answers (and identity's own facts) go on identity's changes.
    authz.configure(config.authz_cache_seconds)
    tasks.append(asyncio.create_task(authz.CHANGES.follow(runtime.redis)))
    tasks += [asyncio.create_task(task()) for task in runtime.tasks]
    freeze_startup_heap()
    log.info("serving", extra={"address": f"{config.host}:{port}"})
    if started is not None:
        started(port)
    try:
        await stop.wait()
    finally:
        await _shutdown(server, health_servicer, tasks, runtime)


async def _shutdown(
    server: grpc.aio.Server,
    health_servicer: health.aio.HealthServicer,
    tasks: list[asyncio.Task[None]],
    runtime: Runtime,
) -> None:
    log.info("shutting down", extra={"grace_seconds": runtime.config.shutdown_grace_seconds})
    await health_servicer.enter_graceful_shutdown()
    # Refuses new calls at once; in-flight ones get the grace period to finish.
    await server.stop(runtime.config.shutdown_grace_seconds)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await runtime.database.close()
    await runtime.redis.aclose()
    log.info("stopped")


def _health_names(spec: ServiceSpec) -> list[str]:
    return ["", spec.name, *spec.grpc_services]


async def _set_health(
    health_servicer: health.aio.HealthServicer, names: Sequence[str], serving: bool
) -> None:
    status = (
        health_pb2.HealthCheckResponse.SERVING
        if serving
        else health_pb2.HealthCheckResponse.NOT_SERVING
    )
    for name in names:
        await health_servicer.set(name, status)


async def _watch_database(
    spec: ServiceSpec, runtime: Runtime, health_servicer: health.aio.HealthServicer, serving: bool
) -> None:
    """Keep the health status in step with the database being reachable."""
    while True:
        await asyncio.sleep(runtime.config.health_check_interval_seconds)
        with suppress_instrumentation():  # a probe every few seconds is not worth a trace
            reachable = await runtime.database.ping()
        if reachable != serving:
            log.warning("database reachable: %s", reachable)
            await _set_health(health_servicer, _health_names(spec), reachable)
            serving = reachable
