"""Configuration from `KEEL_*` environment variables, with embedded-mode defaults.

Settings are read once at start; a bad value stops the process with one clear message
naming the variable (`ConfigError`). Secrets are never echoed back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from keel_runtime.tls import MeshTls

T = TypeVar("T")

# The five services and their gRPC ports in the embedded stack (and in `deploy/`). Every
# default port of the stack stays below 32768: Linux hands out 32768-60999 (other systems
# 49152-65535) as the local ports of outgoing connections, and one of those (even in
# TIME_WAIT) on a service's port would stop that service from listening.
SERVICE_PORTS: dict[str, int] = {
    "identity": 20051,
    "billing": 20052,
    "agents": 20053,
    "catalog": 20054,
    "messaging": 20055,
}
SERVICES = tuple(SERVICE_PORTS)
# How long a service keeps identity's answers at most (`KEEL_AUTHZ_CACHE_SECONDS`): a
# safety net, since any identity event drops them.
AUTHZ_CACHE_SECONDS = 60.0

EMBEDDED_PG_PORT = 15432
EMBEDDED_REDIS_PORT = 16379


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


def _parse_int(raw: str) -> int:
    return int(raw)


def _parse_float(raw: str) -> float:
    return float(raw)


def _parse_database_url(raw: str) -> str:
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise ValueError("not a database URL") from exc
    if url.get_backend_name() != "postgresql":
        raise ValueError("expected a postgresql+asyncpg:// URL")
    return url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def _parse_redis_url(raw: str) -> str:
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("expected a redis:// URL")
    return raw


def _parse_port(raw: str) -> int:
    port = int(raw)
    if not 0 <= port <= 65535:
        raise ValueError("expected a port number 0-65535")
    return port


@dataclass
class Env:
    """Reads typed settings from an environment mapping and collects every problem."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    problems: list[str] = field(default_factory=list)

    def get(self, name: str, default: T, parse: Callable[[str], T], *, secret: bool = False) -> T:
        raw = self.environ.get(name)
        if raw is None or raw == "":
            return default
        try:
            return parse(raw)
        except ValueError as exc:
            shown = "<hidden>" if secret else repr(raw)
            self.problems.append(f"{name}={shown}: {exc}")
            return default

    def check(self, what: str) -> None:
        if self.problems:
            raise ConfigError(f"bad configuration for {what}: " + "; ".join(self.problems))


def default_database_url(service: str) -> str:
    role = f"keel_{service}"
    return f"postgresql+asyncpg://{role}:{role}@127.0.0.1:{EMBEDDED_PG_PORT}/{role}"


def service_address(service: str, environ: Mapping[str, str] | None = None) -> str:
    """Where to reach `service` over gRPC: `KEEL_<SERVICE>_ADDR`, else the embedded port."""
    environ = os.environ if environ is None else environ
    return environ.get(f"KEEL_{service.upper()}_ADDR") or f"127.0.0.1:{SERVICE_PORTS[service]}"


@dataclass(frozen=True)
class ServiceConfig:
    """What every service needs to run. Service-specific settings extend this."""

    name: str
    host: str
    port: int
    database_url: str
    db_pool_size: int
    redis_url: str
    shutdown_grace_seconds: float
    health_check_interval_seconds: float
    outbox_poll_seconds: float
    log_level: str
    # Safety net only: cached authorization answers and facts are dropped on identity's
    # events; this bounds how long one may live regardless.
    authz_cache_seconds: float
    # This service's certificate and the mesh's CA (`KEEL_MTLS`, `KEEL_TLS_DIR`); None
    # only with `KEEL_MTLS=off`.
    mesh_tls: MeshTls | None

    @classmethod
    def from_env(cls, name: str, environ: Mapping[str, str] | None = None) -> ServiceConfig:
        from keel_runtime.tls import MeshTls  # tls names the services listed here

        env = Env(os.environ if environ is None else environ)
        prefix = f"KEEL_{name.upper()}_"
        config = cls(
            name=name,
            host=env.get(prefix + "HOST", "127.0.0.1", str),
            port=env.get(prefix + "PORT", SERVICE_PORTS[name], _parse_port),
            database_url=env.get(
                prefix + "DATABASE_URL",
                default_database_url(name),
                _parse_database_url,
                secret=True,
            ),
            db_pool_size=env.get(prefix + "DB_POOL_SIZE", 10, _parse_int),
            redis_url=env.get(
                "KEEL_REDIS_URL",
                f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0",
                _parse_redis_url,
                secret=True,
            ),
            shutdown_grace_seconds=env.get("KEEL_SHUTDOWN_GRACE_SECONDS", 10.0, _parse_float),
            health_check_interval_seconds=env.get("KEEL_HEALTH_CHECK_SECONDS", 5.0, _parse_float),
            outbox_poll_seconds=env.get("KEEL_OUTBOX_POLL_SECONDS", 1.0, _parse_float),
            log_level=env.get("KEEL_LOG_LEVEL", "INFO", _parse_log_level),
            authz_cache_seconds=env.get(
                "KEEL_AUTHZ_CACHE_SECONDS", AUTHZ_CACHE_SECONDS, _parse_float
            ),
            mesh_tls=_mesh_tls(env, name, MeshTls),
        )
        if config.db_pool_size < 1:
            env.problems.append(f"{prefix}DB_POOL_SIZE: must be at least 1")
        env.check(f"the {name} service")
        return config


def _mesh_tls(env: Env, name: str, loader: type[MeshTls]) -> MeshTls | None:
    try:
        return loader.from_env(name, env.environ)
    except ConfigError as exc:
        env.problems.append(str(exc))
        return None


def _parse_log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError("expected DEBUG, INFO, WARNING or ERROR")
    return level


@dataclass(frozen=True)
class TokenAudience:
    """Who issues user access tokens and for whom: identity signs them, the gateway checks.

    Both read the same two variables, so they cannot disagree.
    """

    issuer: str = "keel-identity"
    audience: str = "keel-api"

    @classmethod
    def from_env(cls, env: Env) -> TokenAudience:
        return cls(
            issuer=env.get("KEEL_JWT_ISSUER", cls.issuer, _parse_name),
            audience=env.get("KEEL_JWT_AUDIENCE", cls.audience, _parse_name),
        )


def _parse_name(raw: str) -> str:
    value = raw.strip()
    if not value or len(value) > 200 or any(c.isspace() for c in value):
        raise ValueError("expected a non-empty name without spaces")
    return value
