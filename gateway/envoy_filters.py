"""The gateway's HTTP filters, in the order `gateway.envoy` chains them: identity headers
stripped, CORS, the gRPC-JSON transcoder with the two header filters keeping grpc-status,
the body-field check (Lua), authentication (jwt_authn, ext_authz); and the local replies,
Envoy's own errors shaped like a transcoded `google.rpc.Status`."""

from __future__ import annotations

import re

from gateway import body_fields
from gateway.descriptors import GrpcService
from gateway.envoy_clusters import IDENTITY, SELF_CLUSTER, self_address
from gateway.envoy_json import Json, extension, header, typed
from gateway.settings import GatewaySettings
from keel_runtime import context as request_context
from keel_runtime.errors import HTTP_STATUS_HEADER

TRANSCODER = "envoy.filters.http.grpc_json_transcoder"
CORS = "envoy.filters.http.cors"
JWT_AUTHN = "envoy.filters.http.jwt_authn"
EXT_AUTHZ = "envoy.filters.http.ext_authz"
# The two halves of the unknown-body-field check (gateway.body_fields), both Lua.
BODY_KEYS = "envoy.filters.http.lua.body_keys"
BODY_FIELDS = "envoy.filters.http.lua.body_fields"
# The HTTP status a service asks for (402 for the refusals a payment would lift), Lua.
HTTP_STATUS = "envoy.filters.http.lua.http_status"
LUA_API = "envoy.extensions.filters.http.lua.v3"
ROUTER = "envoy.filters.http.router"

# --- authentication (see gateway.envoy_routes._method_routes) ---
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
# Verified claims → the request headers services read (keel_runtime.context).
CLAIM_HEADERS = {
    "sub": request_context.USER_ID,
    "org": request_context.ORG_ID,
    "sid": request_context.SESSION_ID,
}


CORS_METHODS = "GET,POST,PUT,PATCH,DELETE,OPTIONS"
CORS_ALLOW_HEADERS = "authorization,content-type,traceparent,tracestate,x-request-id"
CORS_EXPOSE_HEADERS = "grpc-status,grpc-message,retry-after,x-request-id"
CORS_MAX_AGE = "86400"

# Envoy's own error replies to REST clients, as the google.rpc.Code a service would use.
LOCAL_REPLY_CODES: dict[int, int] = {
    400: 3,  # INVALID_ARGUMENT: unknown query parameter, malformed JSON
    401: 16,  # UNAUTHENTICATED
    403: 7,  # PERMISSION_DENIED
    404: 5,  # NOT_FOUND: no such route
    405: 12,  # UNIMPLEMENTED: a known path, another method (as grpc-gateway answers it)
    408: 4,  # DEADLINE_EXCEEDED: request not received in time
    413: 3,  # INVALID_ARGUMENT: body too large
    429: 8,  # RESOURCE_EXHAUSTED
    431: 3,  # INVALID_ARGUMENT: headers too large
    500: 13,  # INTERNAL
    502: 14,  # UNAVAILABLE
    503: 14,  # UNAVAILABLE: no healthy upstream, circuit open
    504: 4,  # DEADLINE_EXCEEDED: upstream timeout
}


def transcoder(settings: GatewaySettings, services: list[GrpcService]) -> Json:
    return typed(
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


def save_grpc_status() -> Json:
    copy = header(SAVED_STATUS, "%RESP(GRPC-STATUS)%", "OVERWRITE_IF_EXISTS_OR_ADD")
    return _header_mutation("save_grpc_status", [{"append": copy}])


def restore_grpc_status() -> Json:
    restore = header("grpc-status", f"%RESP({SAVED_STATUS.upper()})%", "ADD_IF_ABSENT")
    return _header_mutation("restore_grpc_status", [{"append": restore}, {"remove": SAVED_STATUS}])


def _header_mutation(
    name: str, response_mutations: list[Json], request_mutations: list[Json] | None = None
) -> Json:
    mutations: Json = {"response_mutations": response_mutations}
    if request_mutations:
        mutations["request_mutations"] = request_mutations
    return extension(
        f"envoy.filters.http.header_mutation.{name}",
        typed(
            "envoy.extensions.filters.http.header_mutation.v3.HeaderMutation", mutations=mutations
        ),
    )


def strip_identity_headers() -> Json:
    return _header_mutation(
        "strip_identity", [], [{"remove": name} for name in request_context.IDENTITY_KEYS]
    )


def http_status() -> Json:
    """A REST response's status as the service asked (keel_runtime.errors.HTTP_STATUS_HEADER):
    402 Payment Required for the refusals a payment would lift, which the transcoder, mapping
    gRPC codes, would answer 400 or 429. The header is dropped either way.

    Before the transcoder in the chain, so after it on the way back: it sees the transcoded
    response, where a unary error's trailers have become headers. Off unless a REST route
    turns it on (gateway.envoy_routes._rest_routes): gRPC clients never run it.
    """
    return _lua(
        HTTP_STATUS, _HTTP_STATUS_LUA, default_source_code={"inline_string": _HTTP_STATUS_LUA}
    )


_HTTP_STATUS_LUA = f"""
function envoy_on_response(handle)
  local headers = handle:headers()
  local status = headers:get("{HTTP_STATUS_HEADER}")
  if status == nil then
    return
  end
  headers:remove("{HTTP_STATUS_HEADER}")
  if string.match(status, "^4%d%d$") then
    headers:replace(":status", status)
  end
end
"""


def _lua(name: str, source: str, **default: Json) -> Json:
    # A route turns a filter on by naming its code (LuaPerRoute); a filter picks its
    # per-route config from the route of the moment. Before the transcoder, that is the REST
    # route; after it moved the call onto its method's route, which names no code, the
    # default runs. Script errors count in http.gateway.lua.<stat_prefix>.errors.
    code = {
        "source_codes": {name: {"inline_string": source}},
        "stat_prefix": name.rsplit(".", 1)[1],
        **default,
    }
    return {**extension(name, typed(f"{LUA_API}.Lua", **code)), "disabled": True}


def body_check_filters(check: body_fields.BodyCheck) -> tuple[list[Json], list[Json]]:
    """Unknown top-level JSON body fields → 400, which the transcoder would drop silently.

    Two Lua filters (gateway.body_fields): body_keys before the transcoder notes the
    body's top-level keys; body_fields after it compares them with the fields of the
    message the transcoded method takes. Both are off unless a route turns them on: only
    the REST route of the HTTP methods that carry a checked body does (gateway.envoy_routes
    ._rest_routes), so GET requests and gRPC clients never run Lua.
    """
    if not check.bodies:
        return [], []
    check_source = body_fields.check_lua(check.bodies)
    return (
        [_lua(BODY_KEYS, body_fields.scan_lua())],
        [_lua(BODY_FIELDS, check_source, default_source_code={"inline_string": check_source})],
    )


def cors_policy(settings: GatewaySettings) -> Json:
    return typed(
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


def jwt_authn(settings: GatewaySettings) -> Json:
    requirements = {
        REQUIRED: {"provider_name": JWT_PROVIDER},
        # No token is fine; a token that fails verification is not.
        OPTIONAL: {
            "requires_any": {
                "requirements": [{"provider_name": JWT_PROVIDER}, {"allow_missing": {}}]
            }
        },
    }
    return typed(
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
                "uri": f"http://{self_address(settings).authority}{JWKS_PATH}",
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


def ext_authz() -> Json:
    return typed(
        f"{EXT_AUTHZ_API}.ExtAuthz",
        grpc_service={"envoy_grpc": {"cluster_name": IDENTITY}, "timeout": EXT_AUTHZ_TIMEOUT},
        transport_api_version="V3",
        # Identity down or slow: refuse as unavailable, never let the call through.
        failure_mode_allow=False,
        status_on_error={"code": "ServiceUnavailable"},
        allowed_headers={"patterns": [{"exact": "authorization"}]},  # all it needs
    )


def jwt_off() -> Json:
    return typed(f"{JWT_API}.PerRouteConfig", disabled=True)


def ext_authz_off() -> Json:
    return typed(f"{EXT_AUTHZ_API}.ExtAuthzPerRoute", disabled=True)


def local_reply_config() -> Json:
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
        "headers_to_add": [header("grpc-status", str(code), "OVERWRITE_IF_EXISTS_OR_ADD")],
        "body_format_override": {
            "json_format": {"code": code, "message": "%LOCAL_REPLY_BODY%", "details": []},
        },
    }


def _token_refused() -> Json:
    """A local reply of jwt_authn, which its response code details name."""
    expression = typed(
        "envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter",
        expression="response.code_details.startsWith('jwt_authn_access_denied')",
    )
    return {"extension_filter": extension("envoy.access_loggers.extension_filters.cel", expression)}


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
