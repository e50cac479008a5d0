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

Who may call (see `_method_routes`): a user's access token (JWT) is verified here, by
`jwt_authn` against identity's JWKS, which Envoy fetches through its own listener; an
organization's API key (`Authorization: Bearer osk_…`) is checked by identity over
`ext_authz`. Either way the service receives the caller as `x-keel-*` headers and never
the credential. The methods in `gateway.access.PUBLIC_METHODS` also take anonymous calls.

Upstreams are reached over mutual TLS 1.3 (`_mesh_tls_socket`): Envoy presents the gateway's
certificate, and a service's cluster accepts only that service's SPIFFE ID.
"""

from __future__ import annotations

import json
import os
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from google.protobuf import descriptor_pb2
from google.protobuf.message import DecodeError

from gateway import body_fields, descriptors, openapi
from gateway.access import PUBLIC_METHODS
from gateway.settings import (
    Address,
    GatewaySettings,
    OtlpEndpoint,
)
from keel_runtime import context as request_context
from keel_runtime import tls
from keel_runtime.config import ConfigError

Json = dict[str, Any]

TRANSCODER = "envoy.filters.http.grpc_json_transcoder"
CORS = "envoy.filters.http.cors"
JWT_AUTHN = "envoy.filters.http.jwt_authn"
EXT_AUTHZ = "envoy.filters.http.ext_authz"
# The two halves of the unknown-body-field check (gateway.body_fields), both Lua.
BODY_KEYS = "envoy.filters.http.lua.body_keys"
BODY_FIELDS = "envoy.filters.http.lua.body_fields"
LUA_API = "envoy.extensions.filters.http.lua.v3"
ROUTER = "envoy.filters.http.router"
OTLP_CLUSTER = "otlp_collector"
UNROUTED_CLUSTER = "unrouted"  # deliberately not defined, see _rest_routes
OPENAPI_PATH = "/openapi.json"
# Envoy refuses a direct-response body above this unless the route configuration says so.
DIRECT_RESPONSE_DEFAULT_LIMIT = 4096
CONNECT_TIMEOUT = "1s"
# Spans Envoy batches per export (its default, 5, means hundreds of exports a second).
TRACE_FLUSH_SPANS = 100

# --- authentication (see _method_routes) ---
IDENTITY = "identity"  # the service, and cluster, that signs tokens and checks API keys
SELF_CLUSTER = "gateway_self"  # the gateway's own listener, where Envoy fetches the JWKS
JWKS_PATH = "/.well-known/jwks.json"
JWT_PROVIDER = "keel"
JWT_API = "envoy.extensions.filters.http.jwt_authn.v3"
EXT_AUTHZ_API = "envoy.extensions.filters.http.ext_authz.v3"
# Named jwt_authn requirements a route picks: a valid token, or a valid token or none.
REQUIRED, OPTIONAL = "required", "optional"
JWT_CLOCK_SKEW_SECONDS = 30
JWT_CACHE_SIZE = 1000  # verified tokens kept per worker thread
JWKS_FETCH_TIMEOUT = "1s"
# Until the first JWKS arrives (identity may start after Envoy), fetch again this often.
JWKS_REFETCH_AFTER_FAILURE = "1s"
EXT_AUTHZ_TIMEOUT = "1s"
# An API key: `Bearer osk_…`, the scheme in any case. Envoy's regexes match the whole value.
API_KEY_AUTHORIZATION = "[Bb][Ee][Aa][Rr][Ee][Rr] osk_.*"
# Verified claims → the request headers services read (keel_runtime.context).
CLAIM_HEADERS = {
    "sub": request_context.USER_ID,
    "org": request_context.ORG_ID,
    "sid": request_context.SESSION_ID,
}

# Retry only what the upstream never processed: safe for every method, idempotent or not.
RETRY_ON = "connect-failure,refused-stream,reset-before-request"
NUM_RETRIES = 2

CORS_METHODS = "GET,POST,PUT,PATCH,DELETE,OPTIONS"
CORS_ALLOW_HEADERS = "authorization,content-type,traceparent,tracestate,x-request-id"
CORS_EXPOSE_HEADERS = "grpc-status,grpc-message,retry-after,x-request-id"
CORS_MAX_AGE = "86400"

# Types the transcoder must resolve to print error details; they come from the descriptor
# set (Envoy itself only knows google.rpc.Status and google.protobuf.Any).
ERROR_DETAIL_TYPES = ("google.rpc.ErrorInfo", "google.rpc.BadRequest", "google.rpc.QuotaFailure")

# Envoy's own error replies to REST clients, as the google.rpc.Code a service would use.
LOCAL_REPLY_CODES: dict[int, int] = {
    400: 3,  # INVALID_ARGUMENT: unknown query parameter, malformed JSON
    401: 16,  # UNAUTHENTICATED
    403: 7,  # PERMISSION_DENIED
    404: 5,  # NOT_FOUND: no such route
    408: 4,  # DEADLINE_EXCEEDED: request not received in time
    413: 3,  # INVALID_ARGUMENT: body too large
    429: 8,  # RESOURCE_EXHAUSTED
    431: 3,  # INVALID_ARGUMENT: headers too large
    500: 13,  # INTERNAL
    502: 14,  # UNAVAILABLE
    503: 14,  # UNAVAILABLE: no healthy upstream, circuit open
    504: 4,  # DEADLINE_EXCEEDED: upstream timeout
}

# The route metadata naming what a request is without its path: `route`, the template
# ("POST /v1/invitations/{token}/accept"), and `rpc`, the gRPC method.
ROUTE_METADATA = "keel"

# Field names follow keel_runtime.logs, so gateway and service lines read alike.
ACCESS_LOG_FORMAT: dict[str, str] = {
    "ts": "%START_TIME(%Y-%m-%dT%H:%M:%S.%3fZ)%",
    "level": "INFO",
    "service": "gateway",
    "logger": "access",
    "method": "%REQ(X-ENVOY-ORIGINAL-METHOD?:METHOD)%",
    # The route's template and method (see _method_routes), never the path itself: paths
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


@dataclass(frozen=True)
class GrpcService:
    """A gRPC service of the descriptor set that the gateway exposes."""

    full_name: str  # keel.catalog.v1.CatalogService
    owner: str  # catalog: the Keel service, and cluster, that serves it
    methods: tuple[str, ...]  # only the methods with a google.api.http rule
    streaming: frozenset[str] = frozenset()  # the server-streaming ones among them
    # method → its REST route template, "GET /v1/templates/{template_id}" (its first rule's)
    templates: Mapping[str, str] = field(default_factory=dict)

    def template(self, method: str) -> str:
        """What logs and spans call `method`: its route template, else its gRPC name."""
        return self.templates.get(method) or f"{self.full_name}/{method}"


# --- the descriptor set ---------------------------------------------------------------


def _read_descriptor(descriptor: Path) -> descriptor_pb2.FileDescriptorSet:
    file_set = descriptor_pb2.FileDescriptorSet()
    try:
        # gateway.descriptors imports annotations_pb2: the http option is parsed, not unknown.
        file_set.ParseFromString(descriptor.read_bytes())
    except (OSError, DecodeError) as exc:
        raise ConfigError(f"KEEL_GATEWAY_DESCRIPTOR: cannot read {descriptor}: {exc}") from exc
    return file_set


def discover_services(file_set: descriptor_pb2.FileDescriptorSet) -> list[GrpcService]:
    """The `keel.*` services with at least one `google.api.http` rule, in file order."""
    return [
        GrpcService(
            full_name=full_name,
            owner=full_name.split(".")[1],
            methods=tuple(m.name for m in exposed),
            streaming=frozenset(m.name for m in exposed if m.server_streaming),
            templates={m.name: _template(m) for m in exposed},
        )
        for full_name, exposed in descriptors.exposed_services(file_set)
    ]


def _template(method: descriptor_pb2.MethodDescriptorProto) -> str:
    verb, path = descriptors.verb_and_path(descriptors.bindings(method)[0])
    return f"{verb} {path}"


def openapi_document(descriptor: Path, public_methods: frozenset[str] = PUBLIC_METHODS) -> Json:
    """The OpenAPI 3.1 document of the descriptor set's REST surface, as a JSON-ready dict."""
    return _openapi_document(_read_descriptor(descriptor), descriptor, public_methods)


def _openapi_document(
    file_set: descriptor_pb2.FileDescriptorSet, descriptor: Path, public_methods: frozenset[str]
) -> Json:
    try:
        return openapi.build_document(file_set, public_methods)
    except (KeyError, ValueError) as exc:  # an http rule naming no field, or a clash
        raise ConfigError(f"KEEL_GATEWAY_DESCRIPTOR: {descriptor}: {exc}") from exc


def write_openapi(path: str | os.PathLike[str], settings: GatewaySettings) -> Path:
    """Write the OpenAPI document the gateway serves at /openapi.json."""
    target = Path(path)
    document = openapi_document(settings.descriptor, settings.public_methods)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, indent=2) + "\n")
    return target


def missing_error_detail_types(descriptor: Path) -> list[str]:
    """Detail types the transcoder could not print; such errors reach REST clients bodiless."""
    defined = {
        f"{file.package}.{message.name}"
        for file in _read_descriptor(descriptor).file
        for message in file.message_type
    }
    return [name for name in ERROR_DETAIL_TYPES if name not in defined]


# --- the bootstrap --------------------------------------------------------------------


def render(settings: GatewaySettings) -> Json:
    """The complete Envoy bootstrap as a JSON-ready dict."""
    file_set = _read_descriptor(settings.descriptor)  # read once, for all that follows
    services = discover_services(file_set)
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
    document = _openapi_document(file_set, settings.descriptor, settings.public_methods)
    clusters = [_service_cluster(o, settings.upstreams[o], settings.tls_dir) for o in owners]
    clusters.append(_self_cluster(settings))
    if settings.otlp is not None:
        clusters.append(_otlp_cluster(settings.otlp))
    config: Json = {
        "node": {"id": "gateway", "cluster": "keel-gateway"},
        "admin": {"address": Address("127.0.0.1", settings.admin_port).socket_address()},
        "static_resources": {
            "listeners": [_listener(settings, services, check, document)],
            "clusters": clusters,
        },
    }
    if settings.otlp is not None:
        flush = {
            "tracing.opentelemetry.flush_interval_ms": settings.trace_flush_ms,
            # Envoy's default sends a batch every 5 spans; at thousands of spans a second
            # that is hundreds of export calls, each a cost to Envoy and to the collector.
            "tracing.opentelemetry.min_flush_spans": TRACE_FLUSH_SPANS,
        }
        config["layered_runtime"] = {
            "layers": [
                {"name": "tracing", "static_layer": flush},
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


def _typed(type_name: str, **fields: Any) -> Json:
    return {"@type": f"type.googleapis.com/{type_name}", **fields}


def _filter(name: str, typed_config: Json) -> Json:
    return {"name": name, "typed_config": typed_config}


def _duration(seconds: float) -> str:
    return f"{seconds:.3f}s"


def _listener(
    settings: GatewaySettings,
    services: list[GrpcService],
    check: body_fields.BodyCheck,
    document: Json,
) -> Json:
    manager = _filter(
        "envoy.filters.network.http_connection_manager",
        _connection_manager(settings, services, check, document),
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
) -> Json:
    body_keys, body_fields_check = _body_check_filters(check)
    manager = _typed(
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
            "typed_config": _typed(
                "envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig",
                pack_trace_reason=False,
                # Sampling is the OpenTelemetry sampler's job (see _tracing).
                use_request_id_for_trace_sampling=False,
            )
        },
        access_log=[_access_log()],
        local_reply_config=_local_reply_config(),
        route_config=_route_config(settings, services, check, document),
        http_filters=[
            # Identity headers are set by the gateway's own authentication, never by a
            # client: whatever a caller sent under those names is dropped first.
            _strip_identity_headers(),
            # CORS next: preflights are answered before the transcoder sees them.
            _filter(CORS, _typed("envoy.extensions.filters.http.cors.v3.Cors")),
            _restore_grpc_status(),
            # The JSON body's top-level keys, for body_fields (see _body_check_filters).
            *body_keys,
            _filter(TRANSCODER, _transcoder(settings, services)),
            _save_grpc_status(),
            # Authentication after the transcoder: it has moved a REST call onto its
            # method's route, which says what that method needs (see _method_routes).
            _filter(JWT_AUTHN, _jwt_authn(settings)),
            _filter(EXT_AUTHZ, _ext_authz()),
            # The last word before the service: unknown body fields are refused.
            *body_fields_check,
            _filter(ROUTER, _typed("envoy.extensions.filters.http.router.v3.Router")),
        ],
    )
    if settings.otlp is not None:
        manager["tracing"] = _tracing(settings)
    return manager


def _transcoder(settings: GatewaySettings, services: list[GrpcService]) -> Json:
    return _typed(
        "envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder",
        proto_descriptor=str(settings.descriptor),
        services=[s.full_name for s in services],
        auto_mapping=False,
        convert_grpc_status=True,
        # Without these an unknown path is forwarded as it is and ends in a 503.
        request_validation_options={
            "reject_unknown_method": True,
            "reject_unknown_query_parameters": True,
        },
        print_options={
            "add_whitespace": False,
            "preserve_proto_field_names": True,
            "always_print_primitive_fields": True,
            "always_print_enums_as_ints": False,
        },
    )


# The transcoder drops grpc-status when it turns an error into an HTTP status and a JSON
# body. These two filters keep it as a response header, so clients and the access log see
# the real gRPC code (NOT_FOUND and UNIMPLEMENTED are both HTTP 404). On the response path
# filters run bottom-up: "save" sees the upstream's headers, "restore" the transcoded ones.
SAVED_STATUS = "x-keel-grpc-status"


def _save_grpc_status() -> Json:
    copy = _header(SAVED_STATUS, "%RESP(GRPC-STATUS)%", "OVERWRITE_IF_EXISTS_OR_ADD")
    return _header_mutation("save_grpc_status", [{"append": copy}])


def _restore_grpc_status() -> Json:
    restore = _header("grpc-status", f"%RESP({SAVED_STATUS.upper()})%", "ADD_IF_ABSENT")
    return _header_mutation("restore_grpc_status", [{"append": restore}, {"remove": SAVED_STATUS}])


def _header(name: str, value: str, action: str) -> Json:
    return {"header": {"key": name, "value": value}, "append_action": action}


def _header_mutation(
    name: str, response_mutations: list[Json], request_mutations: list[Json] | None = None
) -> Json:
    mutations: Json = {"response_mutations": response_mutations}
    if request_mutations:
        mutations["request_mutations"] = request_mutations
    return _filter(
        f"envoy.filters.http.header_mutation.{name}",
        _typed(
            "envoy.extensions.filters.http.header_mutation.v3.HeaderMutation", mutations=mutations
        ),
    )


def _strip_identity_headers() -> Json:
    return _header_mutation(
        "strip_identity", [], [{"remove": name} for name in request_context.IDENTITY_KEYS]
    )


def _route_config(
    settings: GatewaySettings,
    services: list[GrpcService],
    check: body_fields.BodyCheck,
    document: Json,
) -> Json:
    served = json.dumps(document, separators=(",", ":"))
    routes = [
        _direct_route("healthz", "/healthz", "ok\n", "text/plain"),
        _direct_route("openapi", OPENAPI_PATH, served, "application/json"),
        *(route for s in services for m in s.methods for route in _method_routes(s, m, settings)),
        _grpc_not_exposed_route(),
        *_rest_routes(check),
    ]
    return {
        "name": "gateway",
        "validate_clusters": False,  # _rest_route names a cluster that does not exist
        # Room for the OpenAPI document, which outgrows Envoy's default 4 KiB.
        "max_direct_response_body_size_bytes": max(
            DIRECT_RESPONSE_DEFAULT_LIMIT, len(served.encode())
        ),
        "virtual_hosts": [
            {
                "name": "keel",
                "domains": ["*"],
                "typed_per_filter_config": {
                    CORS: _cors_policy(settings),
                    # Only the API-key routes call identity (see _method_routes).
                    EXT_AUTHZ: _ext_authz_off(),
                },
                "routes": routes,
            }
        ],
    }


def _direct_route(name: str, path: str, body: str, content_type: str) -> Json:
    """`GET|HEAD path` answered by Envoy itself with `body`."""
    get_or_head = {"name": ":method", "string_match": {"safe_regex": {"regex": "GET|HEAD"}}}
    return {
        "name": name,
        "match": {"path": path, "headers": [get_or_head]},
        "direct_response": {"status": 200, "body": {"inline_string": body}},
        "response_headers_to_add": [
            _header("content-type", content_type, "OVERWRITE_IF_EXISTS_OR_ADD")
        ],
        # Probes every few seconds, or a static document, are not worth a trace. But this is
        # only Envoy's own decision, which the OpenTelemetry sampler (see _tracing) replaces:
        # with tracing on, these are sampled like any request (Envoy 1.40 has no per-route
        # override of the sampler). It applies if tracing ever runs without a sampler.
        "tracing": {"random_sampling": {"numerator": 0}, "overall_sampling": {"numerator": 0}},
        "typed_per_filter_config": {
            TRANSCODER: _typed("envoy.config.route.v3.FilterConfig", disabled=True),
            JWT_AUTHN: _jwt_off(),
        },
    }


def _method_routes(service: GrpcService, method: str, settings: GatewaySettings) -> list[Json]:
    """Where a transcoded (or gRPC) call of one exposed method goes, by its credential.

    The transcoder has rewritten a REST call's path to the gRPC one and cleared the route
    cache, so jwt_authn and ext_authz, which come after it, see one of these two routes:
    - with an API key (`Bearer osk_…`): identity checks it over ext_authz and answers with
      the caller's headers; the access-token check is off;
    - anything else: jwt_authn requires a valid access token, or for a public method
      accepts none (but refuses a bad one); ext_authz is off (the virtual host's default),
      so users' calls never wait for identity.
    Neither route forwards the `authorization` header itself.
    """
    name = f"{service.full_name}/{method}"
    action = _route_action(service, method, settings)
    # Logs and spans name the call by its template (the transcoder's route refresh applies
    # this route's decorator to the ingress span): never by a path that holds a secret.
    template = service.template(method)
    named = {
        "decorator": {"operation": template},
        "metadata": {"filter_metadata": {ROUTE_METADATA: {"route": template, "rpc": f"/{name}"}}},
    }
    api_key = {
        "name": "authorization",
        "string_match": {"safe_regex": {"regex": API_KEY_AUTHORIZATION}},
    }
    requirement = OPTIONAL if name in settings.public_methods else REQUIRED
    return [
        {
            "name": f"{name} (api key)",
            "match": {"path": f"/{name}", "grpc": {}, "headers": [api_key]},
            **named,
            "route": action,
            "request_headers_to_remove": ["authorization"],
            "typed_per_filter_config": {
                JWT_AUTHN: _jwt_off(),
                EXT_AUTHZ: _typed(f"{EXT_AUTHZ_API}.ExtAuthzPerRoute", check_settings={}),
            },
        },
        {
            "name": name,
            "match": {"path": f"/{name}", "grpc": {}},
            **named,
            "route": action,
            "request_headers_to_remove": ["authorization"],
            "typed_per_filter_config": {
                JWT_AUTHN: _typed(f"{JWT_API}.PerRouteConfig", requirement_name=requirement)
            },
        },
    ]


def _route_action(service: GrpcService, method: str, settings: GatewaySettings) -> Json:
    action: Json = {"cluster": service.owner, "retry_policy": _retry_policy()}
    if method in service.streaming:
        # A server stream lasts as long as it must; the stream idle timeout still applies.
        action["timeout"] = "0s"
    else:
        timeout = _duration(settings.upstream_timeout_seconds)
        action["timeout"] = timeout
        # Also sends the deadline upstream as grpc-timeout (and caps a gRPC client's own);
        # when it passes, a REST client gets 504 DEADLINE_EXCEEDED.
        action["max_stream_duration"] = {
            "max_stream_duration": timeout,
            "grpc_timeout_header_max": timeout,
        }
    return action


def _retry_policy() -> Json:
    previous_hosts = _typed("envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate")
    return {
        "retry_on": RETRY_ON,
        "num_retries": NUM_RETRIES,
        # Retry on another replica when there is one.
        "retry_host_predicate": [
            _filter("envoy.retry_host_predicates.previous_hosts", previous_hosts)
        ],
        "host_selection_retry_max_attempts": 3,
    }


def _grpc_not_exposed_route() -> Json:
    # A gRPC call to a method without an HTTP rule: Envoy answers UNIMPLEMENTED.
    return {
        "name": "grpc_not_exposed",
        "match": {"prefix": "/", "grpc": {}},
        "direct_response": {"status": 404, "body": {"inline_string": "method not exposed"}},
        "typed_per_filter_config": {JWT_AUTHN: _jwt_off()},
    }


def _rest_routes(check: body_fields.BodyCheck) -> list[Json]:
    """Any REST path, as the filters before the transcoder's rewrite look it up.

    CORS ignores direct-response routes, so these must forward. The transcoder answers
    every REST request it cannot map (404/400) and moves the rest onto a method route, so
    the action is only a backstop: its cluster does not exist, which Envoy answers with 404.

    A request whose HTTP method a checked body rule uses (POST, PATCH…) takes the first
    route, which turns the body check on (see _body_check_filters); any other, the second.
    """
    action = {"cluster": UNROUTED_CLUSTER, "cluster_not_found_response_code": "NOT_FOUND"}
    rest = {"name": "rest", "match": {"prefix": "/"}, "route": action}
    if not check.bodies:
        return [rest]
    regex = "|".join(re.escape(verb) for verb in check.verbs)
    verbs = {"name": ":method", "string_match": {"safe_regex": {"regex": regex}}}
    # Envoy picks a request's filters by the route it first matches: the two this route
    # turns on run for the whole request, after the transcoder's rewrite onto a method
    # route too (see _body_check_filters).
    with_body = {
        "name": "rest (json body)",
        "match": {"prefix": "/", "headers": [verbs]},
        "route": action,
        "typed_per_filter_config": {
            name: _typed(f"{LUA_API}.LuaPerRoute", name=name) for name in (BODY_KEYS, BODY_FIELDS)
        },
    }
    return [with_body, rest]


def _body_check_filters(check: body_fields.BodyCheck) -> tuple[list[Json], list[Json]]:
    """Unknown top-level JSON body fields → 400, which the transcoder would drop silently.

    Two Lua filters (gateway.body_fields): body_keys before the transcoder notes the
    body's top-level keys; body_fields after it compares them with the fields of the
    message the transcoded method takes. Both are off unless a route turns them on: only
    the REST route of the HTTP methods that carry a checked body does (_rest_routes), so
    GET requests and gRPC clients never run Lua.
    """
    if not check.bodies:
        return [], []

    def lua(name: str, source: str, **default: Json) -> Json:
        # A route turns a filter on by naming its code (LuaPerRoute); a filter picks its
        # per-route config from the route of the moment. For body_keys, before the
        # transcoder, that is the REST route; body_fields runs after the transcoder moved
        # the call onto its method's route, which names no code: the default runs.
        # Script errors count in http.gateway.lua.<stat_prefix>.errors.
        code = {
            "source_codes": {name: {"inline_string": source}},
            "stat_prefix": name.rsplit(".", 1)[1],
            **default,
        }
        return {**_filter(name, _typed(f"{LUA_API}.Lua", **code)), "disabled": True}

    check_source = body_fields.check_lua(check.bodies)
    return (
        [lua(BODY_KEYS, body_fields.scan_lua())],
        [lua(BODY_FIELDS, check_source, default_source_code={"inline_string": check_source})],
    )


def _cors_policy(settings: GatewaySettings) -> Json:
    return _typed(
        "envoy.extensions.filters.http.cors.v3.CorsPolicy",
        allow_origin_string_match=[_origin_matcher(o) for o in settings.cors_origins],
        allow_methods=CORS_METHODS,
        allow_headers=CORS_ALLOW_HEADERS,
        expose_headers=CORS_EXPOSE_HEADERS,
        max_age=CORS_MAX_AGE,
    )


def _origin_matcher(origin: str) -> Json:
    if origin == "*":
        return {"safe_regex": {"regex": ".*"}}
    if "*" in origin:  # https://*.example.com: any one DNS label
        return {"safe_regex": {"regex": re.escape(origin).replace(r"\*", "[A-Za-z0-9-]+")}}
    return {"exact": origin}


def _jwt_authn(settings: GatewaySettings) -> Json:
    requirements = {
        REQUIRED: {"provider_name": JWT_PROVIDER},
        # No token is fine; a token that fails verification is not.
        OPTIONAL: {
            "requires_any": {
                "requirements": [{"provider_name": JWT_PROVIDER}, {"allow_missing": {}}]
            }
        },
    }
    return _typed(
        f"{JWT_API}.JwtAuthentication",
        providers={JWT_PROVIDER: _jwt_provider(settings)},
        requirement_map=requirements,
        # Every route names its requirement; one that does not (a mistake) needs a token.
        rules=[{"match": {"prefix": "/"}, "requirement_name": REQUIRED}],
    )


def _jwt_provider(settings: GatewaySettings) -> Json:
    return {
        "issuer": settings.tokens.issuer,
        "audiences": [settings.tokens.audience],
        # Envoy matches the scheme case-sensitively: take the two usual spellings. Not the
        # access_token query parameter Envoy reads by default.
        "from_headers": [
            {"name": "authorization", "value_prefix": "Bearer "},
            {"name": "authorization", "value_prefix": "bearer "},
        ],
        "forward": False,
        "require_expiration": True,
        "clock_skew_seconds": JWT_CLOCK_SKEW_SECONDS,
        # A client sends the same token until it expires: verify its signature once (each
        # use still checks exp, iss and aud). Saves ~50-80 µs of Envoy CPU per call.
        "jwt_cache_config": {"jwt_cache_size": JWT_CACHE_SIZE},
        "claim_to_headers": [
            {"claim_name": claim, "header_name": header} for claim, header in CLAIM_HEADERS.items()
        ],
        "remote_jwks": {
            "http_uri": {
                "uri": f"http://{_self_address(settings).authority}{JWKS_PATH}",
                "cluster": SELF_CLUSTER,
                "timeout": JWKS_FETCH_TIMEOUT,
            },
            "cache_duration": f"{settings.jwks_cache_seconds}s",
            # Fetched at start and refreshed in the background, so requests do not wait for
            # it. Nor may the listener (fast_listener): the fetch goes through it.
            "async_fetch": {
                "fast_listener": True,
                "failed_refetch_duration": JWKS_REFETCH_AFTER_FAILURE,
            },
            "retry_policy": {
                "num_retries": 3,
                "retry_back_off": {"base_interval": "0.2s", "max_interval": "1s"},
            },
        },
    }


def _ext_authz() -> Json:
    return _typed(
        f"{EXT_AUTHZ_API}.ExtAuthz",
        grpc_service={"envoy_grpc": {"cluster_name": IDENTITY}, "timeout": EXT_AUTHZ_TIMEOUT},
        transport_api_version="V3",
        # Identity down or slow: refuse as unavailable, never let the call through.
        failure_mode_allow=False,
        status_on_error={"code": "ServiceUnavailable"},
        allowed_headers={"patterns": [{"exact": "authorization"}]},  # all it needs
    )


def _jwt_off() -> Json:
    return _typed(f"{JWT_API}.PerRouteConfig", disabled=True)


def _ext_authz_off() -> Json:
    return _typed(f"{EXT_AUTHZ_API}.ExtAuthzPerRoute", disabled=True)


def _self_address(settings: GatewaySettings) -> Address:
    """Where Envoy reaches its own listener: loopback when it listens on every address."""
    loopback = {"0.0.0.0": "127.0.0.1", "::": "::1"}
    return Address(loopback.get(settings.host, settings.host), settings.port)


def _self_cluster(settings: GatewaySettings) -> Json:
    return {
        "name": SELF_CLUSTER,
        "type": "STATIC",
        "connect_timeout": CONNECT_TIMEOUT,
        "load_assignment": _load_assignment(SELF_CLUSTER, _self_address(settings)),
    }


def _service_cluster(name: str, address: Address, tls_dir: Path | None) -> Json:
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
    context = _typed(
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
    return _filter("envoy.transport_sockets.tls", context)


def _otlp_cluster(endpoint: OtlpEndpoint) -> Json:
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
    tls = _typed(
        "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
        sni=host,
        common_tls_context={"alpn_protocols": ["h2"], "validation_context": validation},
    )
    return _filter("envoy.transport_sockets.tls", tls)


def _http2_options() -> Json:
    options = _typed(
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        explicit_http_config={"http2_protocol_options": {}},
    )
    return {"envoy.extensions.upstreams.http.v3.HttpProtocolOptions": options}


def _load_assignment(name: str, address: Address) -> Json:
    endpoint = {"endpoint": {"address": address.socket_address()}}
    return {"cluster_name": name, "endpoints": [{"lb_endpoints": [endpoint]}]}


def _tracing(settings: GatewaySettings) -> Json:
    """OpenTelemetry spans; an incoming W3C traceparent is continued, not replaced."""
    samplers = "envoy.extensions.tracers.opentelemetry.samplers.v3"
    ratio = _typed(
        f"{samplers}.TraceIdRatioBasedSamplerConfig",
        sampling_percentage={
            "numerator": round(settings.trace_sampling * 10_000),
            "denominator": "MILLION",
        },
    )
    # Like the services' default sampler: follow the caller's sampled flag, and sample a
    # ratio of the traces that start here.
    parent_based = _typed(
        f"{samplers}.ParentBasedSamplerConfig",
        wrapped_sampler=_filter("envoy.tracers.opentelemetry.samplers.trace_id_ratio_based", ratio),
    )
    provider = _typed(
        "envoy.config.trace.v3.OpenTelemetryConfig",
        grpc_service={"envoy_grpc": {"cluster_name": OTLP_CLUSTER}, "timeout": "1s"},
        service_name="gateway",
        sampler=_filter("envoy.tracers.opentelemetry.samplers.parent_based", parent_based),
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
        "provider": _filter("envoy.tracers.opentelemetry", provider),
    }


def _access_log() -> Json:
    stdout = _typed(
        "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
        log_format={"json_format": ACCESS_LOG_FORMAT},
    )
    return _filter("envoy.access_loggers.stdout", stdout)


def _local_reply_config() -> Json:
    # The first matching mapper wins. A refused token is a 401 whatever is wrong with it,
    # though jwt_authn answers a token for another audience with 403.
    grpc_client, token_refused = _grpc_client(), _token_refused()
    return {
        "mappers": [
            # A gRPC client's local reply stays a gRPC status, derived from the HTTP one.
            {
                "filter": {"and_filter": {"filters": [grpc_client, token_refused]}},
                "status_code": 401,
            },
            {"filter": grpc_client},
            {
                **_rest_error(401, LOCAL_REPLY_CODES[401]),
                "filter": token_refused,
                "status_code": 401,
            },
            *(_rest_error(status, code) for status, code in LOCAL_REPLY_CODES.items()),
        ]
    }


def _rest_error(status: int, code: int) -> Json:
    """A local reply with `status` as a REST client sees errors: a google.rpc.Status body."""
    return {
        "filter": _status_is(status),
        "headers_to_add": [_header("grpc-status", str(code), "OVERWRITE_IF_EXISTS_OR_ADD")],
        "body_format_override": {
            "json_format": {"code": code, "message": "%LOCAL_REPLY_BODY%", "details": []},
        },
    }


def _token_refused() -> Json:
    """A local reply of jwt_authn, which its response code details name."""
    expression = _typed(
        "envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter",
        expression="response.code_details.startsWith('jwt_authn_access_denied')",
    )
    return {"extension_filter": _filter("envoy.access_loggers.extension_filters.cel", expression)}


def _status_is(status: int) -> Json:
    comparison = {"op": "EQ", "value": {"default_value": status, "runtime_key": f"lr.{status}"}}
    return {"status_code_filter": {"comparison": comparison}}


def _grpc_client() -> Json:
    """A gRPC request the transcoder did not make (it leaves x-envoy-original-path)."""
    grpc = {"name": "content-type", "string_match": {"prefix": "application/grpc"}}
    not_transcoded = {"name": "x-envoy-original-path", "present_match": False}
    return {
        "and_filter": {
            "filters": [
                {"header_filter": {"header": grpc}},
                {"header_filter": {"header": not_transcoded}},
            ]
        }
    }
