"""Where the embedded stack keeps its state and which ports it uses (all from env vars)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deploy.embedded.postgres import database_name
from keel_runtime.config import EMBEDDED_PG_PORT, EMBEDDED_REDIS_PORT, SERVICE_PORTS, SERVICES
from keel_runtime.tls import make_mesh_credentials

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OTLP_PORT = 4317
DEFAULT_GATEWAY_PORT = 8080
DEFAULT_GATEWAY_ADMIN_PORT = 9901
DEFAULT_UP_TIMEOUT = 120.0
# One name for every process would mislabel all spans; each service names itself.
_NOT_INHERITED = ("OTEL_SERVICE_NAME",)


class SettingsError(ValueError):
    """A KEEL_* variable of the embedded stack is malformed."""


def _port(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "")
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        port = -1
    if not 0 < port <= 65535:
        raise SettingsError(f"{name}={raw!r}: expected a port number 1-65535")
    return port


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "")
    try:
        return float(raw) if raw else default
    except ValueError:
        raise SettingsError(f"{name}={raw!r}: expected a number of seconds") from None


@dataclass(frozen=True)
class StackSettings:
    home: Path
    pg_port: int
    redis_port: int
    otlp_port: int
    gateway_port: int
    gateway_admin_port: int
    service_ports: Mapping[str, int]
    up_timeout: float

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StackSettings:
        env = os.environ if environ is None else environ
        return cls(
            home=Path(env.get("KEEL_HOME") or REPO_ROOT / ".keel").expanduser().resolve(),
            pg_port=_port(env, "KEEL_PG_PORT", EMBEDDED_PG_PORT),
            redis_port=_port(env, "KEEL_REDIS_PORT", EMBEDDED_REDIS_PORT),
            otlp_port=_port(env, "KEEL_OTLP_PORT", DEFAULT_OTLP_PORT),
            gateway_port=_port(env, "KEEL_GATEWAY_PORT", DEFAULT_GATEWAY_PORT),
            gateway_admin_port=_port(env, "KEEL_GATEWAY_ADMIN_PORT", DEFAULT_GATEWAY_ADMIN_PORT),
            service_ports={
                name: _port(env, f"KEEL_{name.upper()}_PORT", default)
                for name, default in SERVICE_PORTS.items()
            },
            up_timeout=_seconds(env, "KEEL_UP_TIMEOUT", DEFAULT_UP_TIMEOUT),
        )

    # -- the state folder -----------------------------------------------------------------

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def run_dir(self) -> Path:
        """Sockets and pid files."""
        return self.home / "run"

    @property
    def postgres_dir(self) -> Path:
        return self.home / "postgres"

    @property
    def redis_dir(self) -> Path:
        return self.home / "redis"

    @property
    def spans_file(self) -> Path:
        return self.home / "traces" / "spans.jsonl"

    @property
    def envoy_config(self) -> Path:
        return self.home / "envoy.json"

    @property
    def supervisord_conf(self) -> Path:
        return self.home / "supervisord.conf"

    @property
    def secrets_dir(self) -> Path:
        return self.home / "secrets"

    @property
    def tls_dir(self) -> Path:
        return self.secrets_dir / "tls"

    def log_file(self, program: str) -> Path:
        return self.logs_dir / f"{program}.log"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"


def child_environment(
    settings: StackSettings, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of every process of the stack: our defaults, then the caller's."""
    caller = dict(os.environ if environ is None else environ)
    defaults = {
        "KEEL_HOME": str(settings.home),
        "KEEL_REDIS_URL": f"redis://127.0.0.1:{settings.redis_port}/0",
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{settings.otlp_port}",
        "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
        "OTEL_TRACES_SAMPLER_ARG": "1.0",
        "KEEL_GATEWAY_PORT": str(settings.gateway_port),
        "KEEL_GATEWAY_ADMIN_PORT": str(settings.gateway_admin_port),
        "KEEL_GATEWAY_TRACE_SAMPLING": "100",
        # A request's spans show in `keel trace` about a second later, not after 5 s.
        "KEEL_GATEWAY_TRACE_FLUSH_MS": "1000",
        "OTEL_BSP_SCHEDULE_DELAY": "1000",
        "PYTHONUNBUFFERED": "1",
        # A developer's machine: every client is 127.0.0.1, so the per-address sign-up
        # limit (10 an hour) would stop a script after ten users. The overall one stays.
        "KEEL_IDENTITY_SIGNUPS_PER_ADDRESS_PER_HOUR": "10000",
    }
    for service in SERVICES:
        prefix = f"KEEL_{service.upper()}_"
        port = settings.service_ports[service]
        name = database_name(service)
        defaults[prefix + "PORT"] = str(port)
        defaults[prefix + "ADDR"] = f"127.0.0.1:{port}"
        defaults[prefix + "DATABASE_URL"] = (
            f"postgresql+asyncpg://{name}:{name}@127.0.0.1:{settings.pg_port}/{name}"
        )
    for variable, name in STACK_SECRETS.items():
        if not caller.get(variable):
            defaults[variable] = stack_secret(settings, name)
    if caller.get("KEEL_MTLS", "on").strip().lower() != "off" and not caller.get("KEEL_TLS_DIR"):
        # The mesh's CA and a certificate per workload, made once (0600), like the secrets.
        make_mesh_credentials(settings.tls_dir)
        defaults["KEEL_TLS_DIR"] = str(settings.tls_dir)
    env = defaults | caller
    for name in _NOT_INHERITED:
        env.pop(name, None)
    return env


# Secrets the stack makes once and keeps under KEEL_HOME/secrets (0600), so they survive
# restarts: identity's server secret keys the API-key hashes and encrypts the signing keys;
# the events sealing key encrypts secrets carried by events (invitation tokens).
STACK_SECRETS = {
    "KEEL_IDENTITY_SECRET": "identity.secret",
    "KEEL_EVENTS_SEALING_KEY": "events-sealing.key",
}


def stack_secret(settings: StackSettings, name: str) -> str:
    path = settings.secrets_dir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
