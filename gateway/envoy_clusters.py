"""The gateway's upstream clusters: Keel's services over mutual TLS, Envoy's own listener
(where it fetches the JWKS), and the OpenTelemetry collector."""

from __future__ import annotations

import ssl
from pathlib import Path

from gateway.envoy_json import Json, extension, typed
from gateway.settings import Address, GatewaySettings, OtlpEndpoint
from keel_runtime import tls
from keel_runtime.config import ConfigError

OTLP_CLUSTER = "otlp_collector"
CONNECT_TIMEOUT = "1s"
IDENTITY = "identity"  # the service, and cluster, that signs tokens and checks API keys
SELF_CLUSTER = "gateway_self"  # the gateway's own listener, where Envoy fetches the JWKS


def self_address(settings: GatewaySettings) -> Address:
    """Where Envoy reaches its own listener: loopback when it listens on every address."""
    loopback = {"0.0.0.0": "127.0.0.1", "::": "::1"}
    return Address(loopback.get(settings.host, settings.host), settings.port)


def self_cluster(settings: GatewaySettings) -> Json:
    return {
        "name": SELF_CLUSTER,
        "type": "STATIC",
        "connect_timeout": CONNECT_TIMEOUT,
        "load_assignment": _load_assignment(SELF_CLUSTER, self_address(settings)),
    }


def service_cluster(name: str, address: Address, tls_dir: Path | None) -> Json:
    cluster: Json = {
        "name": name,
        "type": "STATIC" if address.is_ip else "STRICT_DNS",
        "connect_timeout": CONNECT_TIMEOUT,
        "lb_policy": "ROUND_ROBIN",
        "typed_extension_protocol_options": _http2_options(),
        "load_assignment": _load_assignment(name, address),
        "health_checks": [
            {
                "timeout": "1s",
                "interval": "5s",
                "no_traffic_interval": "5s",
                "unhealthy_threshold": 2,
                "healthy_threshold": 1,
                # "": the server's overall status, which every Keel service reports.
                "grpc_health_check": {"service_name": ""},
            }
        ],
    }
    if tls_dir is not None:  # health checks, too, go over the cluster's transport socket
        cluster["transport_socket"] = _mesh_tls_socket(name, tls_dir)
    return cluster


def _mesh_tls_socket(service: str, tls_dir: Path) -> Json:
    """Mutual TLS 1.3 to a Keel service: present the gateway's certificate, accept only one
    of the mesh's CA that carries `service`'s SPIFFE ID (keel_runtime.tls)."""
    validation = {
        "trusted_ca": {"filename": str(tls_dir / "ca.crt")},
        "match_typed_subject_alt_names": [
            {"san_type": "URI", "matcher": {"exact": tls.spiffe_id(service)}}
        ],
    }
    certificate = {
        "certificate_chain": {"filename": str(tls_dir / f"{tls.GATEWAY}.crt")},
        "private_key": {"filename": str(tls_dir / f"{tls.GATEWAY}.key")},
    }
    context = typed(
        "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
        sni=service,
        common_tls_context={
            "alpn_protocols": ["h2"],
            "tls_params": {
                "tls_minimum_protocol_version": "TLSv1_3",
                "tls_maximum_protocol_version": "TLSv1_3",
            },
            "tls_certificates": [certificate],
            "validation_context": validation,
        },
    )
    return extension("envoy.transport_sockets.tls", context)


def otlp_cluster(endpoint: OtlpEndpoint) -> Json:
    cluster: Json = {
        "name": OTLP_CLUSTER,
        "type": "STATIC" if endpoint.address.is_ip else "STRICT_DNS",
        "connect_timeout": CONNECT_TIMEOUT,
        "typed_extension_protocol_options": _http2_options(),
        "load_assignment": _load_assignment(OTLP_CLUSTER, endpoint.address),
    }
    if endpoint.tls:
        cluster["transport_socket"] = _tls_socket(endpoint.address.host)
    return cluster


def _tls_socket(host: str) -> Json:
    paths = ssl.get_default_verify_paths()
    ca_file = paths.cafile or paths.openssl_cafile
    if not ca_file or not Path(ca_file).is_file():
        raise ConfigError("OTEL_EXPORTER_OTLP_ENDPOINT: https needs a system CA bundle; none found")
    validation = {
        "trusted_ca": {"filename": ca_file},
        "match_typed_subject_alt_names": [{"san_type": "DNS", "matcher": {"exact": host}}],
    }
    tls = typed(
        "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
        sni=host,
        common_tls_context={"alpn_protocols": ["h2"], "validation_context": validation},
    )
    return extension("envoy.transport_sockets.tls", tls)


def _http2_options() -> Json:
    options = typed(
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        explicit_http_config={"http2_protocol_options": {}},
    )
    return {"envoy.extensions.upstreams.http.v3.HttpProtocolOptions": options}


def _load_assignment(name: str, address: Address) -> Json:
    endpoint = {"endpoint": {"address": address.socket_address()}}
    return {"cluster_name": name, "endpoints": [{"lb_endpoints": [endpoint]}]}
