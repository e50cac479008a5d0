"""The gateway's settings, read from the environment (`KEEL_GATEWAY_*`, the services'
`KEEL_<SERVICE>_ADDR`, the mesh's `KEEL_MTLS`/`KEEL_TLS_DIR` and the standard `OTEL_*`
variables); `gateway.envoy` renders Envoy's bootstrap from them.

A bad value stops with one message naming every variable at fault (`ConfigError`).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gateway.access import PUBLIC_METHODS
from keel_runtime.config import SERVICE_PORTS, ConfigError, Env, TokenAudience, service_address
from keel_runtime.tls import GATEWAY, MeshTls

Json = dict[str, Any]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DESCRIPTOR = REPO_ROOT / "gen" / "keel.binpb"
DEFAULT_OTLP_PORT = 4317


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return False
        return True

    @property
    def authority(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def socket_address(self) -> Json:
        return {"socket_address": {"address": self.host, "port_value": self.port}}


@dataclass(frozen=True)
class OtlpEndpoint:
    address: Address
    tls: bool


def _embedded_upstreams() -> dict[str, Address]:
    return {name: Address("127.0.0.1", port) for name, port in SERVICE_PORTS.items()}


@dataclass(frozen=True)
class GatewaySettings:
    host: str = "127.0.0.1"
    port: int = 8080
    admin_port: int = 9901  # the admin interface always listens on 127.0.0.1 only
    descriptor: Path = DEFAULT_DESCRIPTOR
    cors_origins: tuple[str, ...] = ("*",)
    trace_sampling: float = 100.0  # percent of new traces sampled
    trace_flush_ms: int = 5000  # how often buffered spans are exported (Envoy's default)
    upstream_timeout_seconds: float = 15.0
    upstreams: Mapping[str, Address] = field(default_factory=_embedded_upstreams)
    otlp: OtlpEndpoint | None = None  # None: no tracing
    tokens: TokenAudience = field(default_factory=TokenAudience)  # iss and aud of a token
    jwks_cache_seconds: int = 300  # how long Envoy keeps the JWKS before fetching it again
    # Proxies in front of the gateway (an ingress, a load balancer) whose X-Forwarded-For
    # entries are trusted: the client is the address that many entries from the right.
    # 0: the client is the connection's peer, and X-Forwarded-For is not believed.
    trusted_hops: int = 0
    public_methods: frozenset[str] = PUBLIC_METHODS  # full method names, see gateway.access
    # Where the mesh's CA and the gateway's certificate are (`KEEL_TLS_DIR`): Envoy presents
    # it to every service and checks theirs. None: plaintext upstreams (`KEEL_MTLS=off`).
    tls_dir: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> GatewaySettings:
        env = Env(os.environ if environ is None else environ)
        settings = cls(
            host=env.get("KEEL_GATEWAY_HOST", "127.0.0.1", _parse_ip),
            port=env.get("KEEL_GATEWAY_PORT", 8080, _parse_port),
            admin_port=env.get("KEEL_GATEWAY_ADMIN_PORT", 9901, _parse_port),
            descriptor=_descriptor(env),
            cors_origins=env.get("KEEL_GATEWAY_CORS_ORIGINS", ("*",), _parse_origins),
            trace_sampling=env.get("KEEL_GATEWAY_TRACE_SAMPLING", 100.0, _parse_percent),
            trace_flush_ms=env.get("KEEL_GATEWAY_TRACE_FLUSH_MS", 5000, _parse_flush_ms),
            upstream_timeout_seconds=env.get(
                "KEEL_GATEWAY_UPSTREAM_TIMEOUT_SECONDS", 15.0, _parse_seconds
            ),
            upstreams=_upstreams(env),
            otlp=_otlp_endpoint(env),
            tokens=TokenAudience.from_env(env),
            jwks_cache_seconds=env.get("KEEL_GATEWAY_JWKS_CACHE_SECONDS", 300, _parse_cache),
            trusted_hops=env.get("KEEL_GATEWAY_TRUSTED_HOPS", 0, _parse_hops),
            tls_dir=_tls_dir(env),
        )
        env.check("the gateway")
        return settings


# --- settings from the environment --------------------------------------------------


def _parse_flush_ms(raw: str) -> int:
    value = int(raw)
    if not 100 <= value <= 60_000:
        raise ValueError("expected milliseconds between 100 and 60000")
    return value


def _parse_cache(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= 86_400:
        raise ValueError("expected seconds between 1 and 86400")
    return value


def _parse_hops(raw: str) -> int:
    value = int(raw)
    if not 0 <= value <= 10:
        raise ValueError("expected the number of proxies in front of the gateway, 0-10")
    return value


def _parse_port(raw: str) -> int:
    port = int(raw)
    if not 0 < port <= 65535:
        raise ValueError("expected a port number 1-65535")
    return port


def _parse_ip(raw: str) -> str:
    try:
        ipaddress.ip_address(raw)
    except ValueError as exc:
        raise ValueError("expected an IP address to listen on, such as 0.0.0.0") from exc
    return raw


def _parse_file(raw: str) -> Path:
    path = Path(raw).expanduser().resolve()
    if not path.is_file():
        raise ValueError("no such file")
    return path


def _parse_percent(raw: str) -> float:
    value = float(raw)
    if not 0.0 <= value <= 100.0:
        raise ValueError("expected a percentage 0-100")
    return value


def _parse_seconds(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError("expected a positive number of seconds")
    return value


_ORIGIN = re.compile(r"^https?://[A-Za-z0-9*.-]+(:\d+)?$")


def _parse_origins(raw: str) -> tuple[str, ...]:
    origins = tuple(o.strip() for o in raw.split(",") if o.strip())
    if not origins:
        raise ValueError("expected * or a comma-separated list of origins")
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise ValueError(f"{origin!r} is not an origin like https://app.example.com")
    return origins


def parse_address(raw: str) -> Address:
    """`host:port` or `[v6]:port`."""
    host, sep, port_text = raw.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    elif ":" in host:
        raise ValueError("write an IPv6 address as [addr]:port")
    if not sep or not host:
        raise ValueError("expected host:port")
    return Address(host, _parse_port(port_text))


def _descriptor(env: Env) -> Path:
    path = env.get("KEEL_GATEWAY_DESCRIPTOR", DEFAULT_DESCRIPTOR, _parse_file)
    if path == DEFAULT_DESCRIPTOR and not path.is_file():
        env.problems.append(f"KEEL_GATEWAY_DESCRIPTOR: {path} is missing (run protos/generate.py)")
    return path


def _tls_dir(env: Env) -> Path | None:
    """The folder of the gateway's certificate, checked readable now rather than by Envoy."""
    try:
        mesh = MeshTls.from_env(GATEWAY, env.environ)
    except ConfigError as exc:
        env.problems.append(str(exc))
        return None
    return None if mesh is None else Path(env.environ["KEEL_TLS_DIR"]).resolve()


def _upstreams(env: Env) -> dict[str, Address]:
    upstreams = {}
    for name in SERVICE_PORTS:
        raw = service_address(name, env.environ)
        try:
            upstreams[name] = parse_address(raw)
        except ValueError as exc:
            env.problems.append(f"KEEL_{name.upper()}_ADDR={raw!r}: {exc}")
    return upstreams


def _parse_otlp_url(raw: str) -> OtlpEndpoint:
    url = urlsplit(raw)
    if url.scheme not in {"http", "https"} or not url.hostname:
        raise ValueError("expected an OTLP/gRPC URL such as http://collector:4317")
    port = url.port or DEFAULT_OTLP_PORT  # url.port raises ValueError on a bad port
    return OtlpEndpoint(Address(url.hostname, port), tls=url.scheme == "https")


def _otlp_endpoint(env: Env) -> OtlpEndpoint | None:
    """The collector named by the standard OTEL_* variables, as the services read them."""
    environ = env.environ
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    if environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() != "otlp":
        return None
    for variable in ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"):
        protocol = environ.get(variable, "").strip()
        if protocol and protocol != "grpc":
            env.problems.append(f"{variable}={protocol!r}: the gateway exports OTLP over grpc")
    for variable in ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"):
        if environ.get(variable):
            return env.get(variable, None, _parse_otlp_url)
    return None
