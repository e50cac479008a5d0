"""The Envoy v3 bootstrap for Keel's gateway, generated from the protobuf descriptor set.

One listener transcodes REST/JSON to gRPC (`grpc_json_transcoder`) for every `keel.*`
service that carries `google.api.http` rules, and routes each annotated method to the
cluster of the Keel service that owns it. Only annotated methods are routed: an RPC
without an HTTP rule is internal, unreachable through the gateway as REST or as gRPC.

What the edge answers itself:
- `GET /healthz` → 200 `ok` whenever Envoy serves requests. It says nothing about the
  services: each cluster tracks those with active gRPC health checks.
- `GET /openapi.json` → the OpenAPI 3.1 document of the REST surface (`gateway.openapi`),
  generated with the config from the same descriptor set and held in it.
- Unknown path → 404, unknown query parameter or malformed body → 400, as JSON shaped
  like a transcoded `google.rpc.Status` (`code`, `message`, `details`). So is a JSON body
  with a top-level key its method's message does not define, which the transcoder alone
  would drop silently (`gateway.body_fields`, two Lua filters around the transcoder).
- Upstream gRPC errors → the matching HTTP status, the `google.rpc.Status` as JSON with
  its details (whose types must be in the descriptor set), and a `grpc-status` header.

Who may call (see `gateway.envoy_routes`): a user's access token (JWT) is verified here, by
`jwt_authn` against identity's JWKS, which Envoy fetches through its own listener; an
organization's API key (`Authorization: Bearer osk_…`) is checked by identity over
`ext_authz`. Either way the service receives the caller as `x-keel-*` headers and never
the credential. The methods in `gateway.access.PUBLIC_METHODS` also take anonymous calls.

Upstreams are reached over mutual TLS 1.3 (`gateway.envoy_clusters`): Envoy presents the gateway's
certificate, and a service's cluster accepts only that service's SPIFFE ID.

This module holds the bootstrap, the listener and its connection manager (access log,
tracing); the routes are in `gateway.envoy_routes`, the HTTP filters and local replies in
`gateway.envoy_filters`, the clusters in `gateway.envoy_clusters`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from gateway import body_fields, descriptors, openapi
from gateway.descriptors import GrpcService
from gateway.envoy_clusters import (
    IDENTITY,
    OTLP_CLUSTER,
    otlp_cluster,
    self_cluster,
    service_cluster,
)
from gateway.envoy_filters import (
    CORS,
    EXT_AUTHZ,
    JWT_AUTHN,
    ROUTER,
    TRANSCODER,
    body_check_filters,
    ext_authz,
    http_status,
    jwt_authn,
    local_reply_config,
    restore_grpc_status,
    save_grpc_status,
    strip_identity_headers,
    transcoder,
)
from gateway.envoy_json import Json, extension, typed
from gateway.envoy_routes import ROUTE_METADATA, RestPaths, route_config
from gateway.settings import Address, GatewaySettings
from keel_runtime import context as request_context
from keel_runtime.config import ConfigError

# Spans Envoy batches per export (its default, 5, means hundreds of exports a second).
TRACE_FLUSH_SPANS = 100
RE2_MAX_PROGRAM_SIZE = 10_000


# Field names follow keel_runtime.logs, so gateway and service lines read alike.
ACCESS_LOG_FORMAT: dict[str, str] = {
    "ts": "%START_TIME(%Y-%m-%dT%H:%M:%S.%3fZ)%",
    "level": "INFO",
    "service": "gateway",
    "logger": "access",
    "method": "%REQ(X-ENVOY-ORIGINAL-METHOD?:METHOD)%",
    # The route's template and method (see gateway.envoy_routes), never the path itself: paths
    # carry secrets (an invitation's token, a share link's id). Null for an unknown path.
    "route": f"%METADATA(ROUTE:{ROUTE_METADATA}:route)%",
    "rpc": f"%METADATA(ROUTE:{ROUTE_METADATA}:rpc)%",
    "status": "%RESPONSE_CODE%",
    # From the grpc-status trailer, or the header every transcoded response carries.
    "grpc_status": "%GRPC_STATUS(SNAKE_STRING)%",
    "flags": "%RESPONSE_FLAGS%",
    "details": "%RESPONSE_CODE_DETAILS%",
    "duration_ms": "%DURATION%",
    "upstream_ms": "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%",
    "upstream_cluster": "%UPSTREAM_CLUSTER%",
    "upstream_host": "%UPSTREAM_HOST%",
    "bytes_in": "%BYTES_RECEIVED%",
    "bytes_out": "%BYTES_SENT%",
    "client": "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%",
    "user_agent": "%REQ(USER-AGENT)%",
    # The authenticated caller, as the gateway forwarded it (clients' own copies are dropped).
    "user_id": f"%REQ({request_context.USER_ID.upper()})%",
    "org_id": f"%REQ({request_context.ORG_ID.upper()})%",
    "api_key_id": f"%REQ({request_context.API_KEY_ID.upper()})%",
    "request_id": "%REQ(X-REQUEST-ID)%",
    "trace_id": "%TRACE_ID%",
    "traceparent": "%REQ(TRACEPARENT)%",
}


def render(settings: GatewaySettings) -> Json:
    """The complete Envoy bootstrap as a JSON-ready dict."""
    file_set = descriptors.read(settings.descriptor)  # read once, for all that follows
    services = descriptors.discover_services(file_set)
    if not services:
        raise ConfigError(
            f"KEEL_GATEWAY_DESCRIPTOR: {settings.descriptor} has no keel.* service "
            "with google.api.http rules"
        )
    exposed = {f"{s.full_name}/{m}" for s in services for m in s.methods}
    not_exposed = sorted(settings.public_methods - exposed)
    if not_exposed:
        raise ConfigError(
            f"public method(s) not exposed by {settings.descriptor} (no such method, or no "
            f"google.api.http rule): {', '.join(not_exposed)}"
        )
    # Identity is always needed: it checks API keys and serves the JWKS.
    owners = sorted({s.owner for s in services} | {IDENTITY})
    unknown = [o for o in owners if o not in settings.upstreams]
    if unknown:
        raise ConfigError(f"no upstream address for service(s): {', '.join(unknown)}")
    try:
        check = body_fields.body_check(file_set)
    except ValueError as exc:  # an http rule's body naming no field
        raise ConfigError(f"KEEL_GATEWAY_DESCRIPTOR: {settings.descriptor}: {exc}") from exc
    document = openapi.document_of(file_set, settings.descriptor, settings.public_methods)
    paths = descriptors.rest_paths(file_set)
    clusters = [service_cluster(o, settings.upstreams[o], settings.tls_dir) for o in owners]
    clusters.append(self_cluster(settings))
    if settings.otlp is not None:
        clusters.append(otlp_cluster(settings.otlp))
    config: Json = {
        "node": {"id": "gateway", "cluster": "keel-gateway"},
        "admin": {"address": Address("127.0.0.1", settings.admin_port).socket_address()},
        "static_resources": {
            "listeners": [_listener(settings, services, check, document, paths)],
            "clusters": clusters,
        },
    }
    # The 405 routes' path regexes (envoy_routes._method_not_allowed_routes) are one RE2
    # program per set of allowed methods, larger than Envoy's default limit of 100.
    static: Json = {"re2.max_program_size.error_level": RE2_MAX_PROGRAM_SIZE}
    if settings.otlp is not None:
        static |= {
            "tracing.opentelemetry.flush_interval_ms": settings.trace_flush_ms,
            # Envoy's default sends a batch every 5 spans; at thousands of spans a second
            # that is hundreds of export calls, each a cost to Envoy and to the collector.
            "tracing.opentelemetry.min_flush_spans": TRACE_FLUSH_SPANS,
        }
    config["layered_runtime"] = {
        "layers": [
            {"name": "gateway", "static_layer": static},
            # Kept, as without a layered runtime: the admin's /runtime_modify.
            {"name": "admin", "admin_layer": {}},
        ]
    }
    return config


def write_config(path: str | os.PathLike[str], settings: GatewaySettings) -> Path:
    """Render and write the bootstrap as JSON (Envoy reads `.json` as well as YAML)."""
    target = Path(path)
    config = render(settings)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(config, indent=2) + "\n")
    return target


def _listener(
    settings: GatewaySettings,
    services: list[GrpcService],
    check: body_fields.BodyCheck,
    document: Json,
    paths: RestPaths,
) -> Json:
    manager = extension(
        "envoy.filters.network.http_connection_manager",
        _connection_manager(settings, services, check, document, paths),
    )
    return {
        "name": "gateway",
        "address": Address(settings.host, settings.port).socket_address(),
        # Lets an operator drain only this ingress (`/drain_listeners?inboundonly`).
        "traffic_direction": "INBOUND",
        "filter_chains": [{"filters": [manager]}],
    }


def _connection_manager(
    settings: GatewaySettings,
    services: list[GrpcService],
    check: body_fields.BodyCheck,
    document: Json,
    paths: RestPaths,
) -> Json:
    body_keys, body_fields_check = body_check_filters(check)
    manager = typed(
        "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
        stat_prefix="gateway",
        codec_type="AUTO",
        # An error in the middle of a server stream reaches HTTP/1.1 clients as a trailer.
        http_protocol_options={"enable_trailers": True},
        # The client's address is the connection's peer, or (KEEL_GATEWAY_TRUSTED_HOPS)
        # the entry of X-Forwarded-For that the trusted proxies in front appended.
        use_remote_address=True,
        xff_num_trusted_hops=settings.trusted_hops,
        normalize_path=True,
        merge_slashes=True,
        generate_request_id=True,
        # Keep a client's x-request-id for correlation, and unmodified (no trace bits).
        preserve_external_request_id=True,
        request_id_extension={
            "typed_config": typed(
                "envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig",
                pack_trace_reason=False,
                # Sampling is the OpenTelemetry sampler's job (see _tracing).
                use_request_id_for_trace_sampling=False,
            )
        },
        access_log=[_access_log()],
        local_reply_config=local_reply_config(),
        route_config=route_config(settings, services, check, document, paths),
        http_filters=[
            # Identity headers are set by the gateway's own authentication, never by a
            # client: whatever a caller sent under those names is dropped first.
            strip_identity_headers(),
            # CORS next: preflights are answered before the transcoder sees them.
            extension(CORS, typed("envoy.extensions.filters.http.cors.v3.Cors")),
            restore_grpc_status(),
            # The JSON body's top-level keys, for body_fields (body_check_filters).
            *body_keys,
            # After the transcoder on the way back: the status a service asked REST clients for.
            http_status(),
            extension(TRANSCODER, transcoder(settings, services)),
            save_grpc_status(),
            # Authentication after the transcoder: it has moved a REST call onto its
            # method's route, which says what that method needs (see envoy_routes._method_routes).
            extension(JWT_AUTHN, jwt_authn(settings)),
            extension(EXT_AUTHZ, ext_authz()),
            # The last word before the service: unknown body fields are refused.
            *body_fields_check,
            extension(ROUTER, typed("envoy.extensions.filters.http.router.v3.Router")),
        ],
    )
    if settings.otlp is not None:
        manager["tracing"] = _tracing(settings)
    return manager


def _tracing(settings: GatewaySettings) -> Json:
    """OpenTelemetry spans; an incoming W3C traceparent is continued, not replaced."""
    samplers = "envoy.extensions.tracers.opentelemetry.samplers.v3"
    ratio = typed(
        f"{samplers}.TraceIdRatioBasedSamplerConfig",
        sampling_percentage={
            "numerator": round(settings.trace_sampling * 10_000),
            "denominator": "MILLION",
        },
    )
    # Like the services' default sampler: follow the caller's sampled flag, and sample a
    # ratio of the traces that start here.
    parent_based = typed(
        f"{samplers}.ParentBasedSamplerConfig",
        wrapped_sampler=extension(
            "envoy.tracers.opentelemetry.samplers.trace_id_ratio_based", ratio
        ),
    )
    provider = typed(
        "envoy.config.trace.v3.OpenTelemetryConfig",
        grpc_service={"envoy_grpc": {"cluster_name": OTLP_CLUSTER}, "timeout": "1s"},
        service_name="gateway",
        sampler=extension("envoy.tracers.opentelemetry.samplers.parent_based", parent_based),
    )
    return {
        # The sampler above decides; Envoy's own random pick must let every request reach it.
        "random_sampling": {"value": 100},
        # `http.url` without its path, which may hold a secret (an invitation's token, a
        # share link's id); the span's name and `http.route` say which route it was.
        "max_path_tag_length": 0,
        "custom_tags": [
            {
                "tag": "http.route",
                "metadata": {
                    "kind": {"route": {}},
                    "metadata_key": {"key": ROUTE_METADATA, "path": [{"key": "route"}]},
                },
            }
        ],
        # A CLIENT span per upstream attempt, so retries and upstream latency show up.
        "spawn_upstream_span": True,
        "provider": extension("envoy.tracers.opentelemetry", provider),
    }


def _access_log() -> Json:
    stdout = typed(
        "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
        log_format={"json_format": ACCESS_LOG_FORMAT},
    )
    return extension("envoy.access_loggers.stdout", stdout)
