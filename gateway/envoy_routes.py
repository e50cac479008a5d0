"""The gateway's routes: what Envoy answers itself (`/healthz`, `/openapi.json`), each exposed
method's routes by credential, and the REST routes the filters before the transcoder see."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from gateway import body_fields, docs
from gateway.descriptors import GrpcService
from gateway.envoy_filters import (
    BODY_FIELDS,
    BODY_KEYS,
    CORS,
    EXT_AUTHZ,
    EXT_AUTHZ_API,
    HTTP_STATUS,
    JWT_API,
    JWT_AUTHN,
    LUA_API,
    OPTIONAL,
    REQUIRED,
    TRANSCODER,
    cors_policy,
    ext_authz_off,
    jwt_off,
)
from gateway.envoy_json import Json, duration, extension, header, typed
from gateway.settings import GatewaySettings

UNROUTED_CLUSTER = "unrouted"  # deliberately not defined, see _rest_routes
OPENAPI_PATH = "/openapi.json"
# Envoy refuses a direct-response body above this unless the route configuration says so.
DIRECT_RESPONSE_DEFAULT_LIMIT = 4096

# An API key: `Bearer osk_…`, the scheme in any case. Envoy's regexes match the whole value.
API_KEY_AUTHORIZATION = "[Bb][Ee][Aa][Rr][Ee][Rr] osk_.*"

# Retry only what the upstream never processed: safe for every method, idempotent or not.
RETRY_ON = "connect-failure,refused-stream,reset-before-request"
NUM_RETRIES = 2

OVERWRITE = "OVERWRITE_IF_EXISTS_OR_ADD"
# A REST path template and the HTTP methods bound to it (descriptors.rest_paths).
RestPaths = Mapping[str, frozenset[str]]
# A template's variable, `{agent_id}` (or `{name=pattern}`): one segment, and never a
# custom verb (`/v1/runs/{run_id}:cancel` is not GetRun's `/v1/runs/{run_id}`).
_VARIABLE = re.compile(r"\{[^}]*\}")
_SEGMENT = "[^/:]+"
# Never 405: CORS answers preflights, on the REST route (a direct response skips CORS).
PREFLIGHT = "OPTIONS"

# The route metadata naming what a request is without its path: `route`, the template
# ("POST /v1/invitations/{token}/accept"), and `rpc`, the gRPC method.
ROUTE_METADATA = "keel"


def route_config(
    settings: GatewaySettings,
    services: list[GrpcService],
    check: body_fields.BodyCheck,
    document: Json,
    paths: RestPaths,
) -> Json:
    served = json.dumps(document, separators=(",", ":"))
    bundle = docs.bundle()
    page_headers = [header("content-security-policy", docs.CONTENT_SECURITY_POLICY, OVERWRITE)]
    routes = [
        _direct_route("healthz", "/healthz", _inline("ok\n"), "text/plain"),
        _direct_route("openapi", OPENAPI_PATH, _inline(served), "application/json"),
        _direct_route(
            "docs", docs.PAGE_PATH, _inline(docs.PAGE), "text/html; charset=utf-8", page_headers
        ),
        # Read by Envoy when it loads the config, and answered from memory.
        _direct_route(
            "docs bundle",
            docs.BUNDLE_PATH,
            {"filename": str(bundle)},
            "text/javascript; charset=utf-8",
            [header("cache-control", "public, max-age=3600", OVERWRITE)],
        ),
        *(route for s in services for m in s.methods for route in _method_routes(s, m, settings)),
        _grpc_not_exposed_route(),
        *_method_not_allowed_routes(paths),
        *_rest_routes(check),
    ]
    return {
        "name": "gateway",
        "validate_clusters": False,  # _rest_routes names a cluster that does not exist
        # Room for the OpenAPI document and Redoc, which outgrow Envoy's default 4 KiB.
        "max_direct_response_body_size_bytes": max(
            DIRECT_RESPONSE_DEFAULT_LIMIT, len(served.encode()), bundle.stat().st_size
        ),
        "virtual_hosts": [
            {
                "name": "keel",
                "domains": ["*"],
                "typed_per_filter_config": {
                    CORS: cors_policy(settings),
                    # Only the API-key routes call identity (see _method_routes).
                    EXT_AUTHZ: ext_authz_off(),
                },
                "routes": routes,
            }
        ],
    }


def _inline(body: str) -> Json:
    return {"inline_string": body}


def _direct_route(
    name: str, path: str, body: Json, content_type: str, headers: list[Json] | None = None
) -> Json:
    """`GET|HEAD path` answered by Envoy itself with `body` (a DataSource)."""
    get_or_head = {"name": ":method", "string_match": {"safe_regex": {"regex": "GET|HEAD"}}}
    return {
        "name": name,
        "match": {"path": path, "headers": [get_or_head]},
        "direct_response": {"status": 200, "body": body},
        "response_headers_to_add": [
            header("content-type", content_type, OVERWRITE),
            *(headers or []),
        ],
        # Probes every few seconds, or a static document, are not worth a trace. But this is
        # only Envoy's own decision, which the OpenTelemetry sampler (gateway.envoy._tracing)
        # replaces: with tracing on, these are sampled like any request (Envoy 1.40 has no
        # per-route override of the sampler). It applies if tracing ever runs without a sampler.
        "tracing": {"random_sampling": {"numerator": 0}, "overall_sampling": {"numerator": 0}},
        "typed_per_filter_config": {
            TRANSCODER: typed("envoy.config.route.v3.FilterConfig", disabled=True),
            JWT_AUTHN: jwt_off(),
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
                JWT_AUTHN: jwt_off(),
                EXT_AUTHZ: typed(f"{EXT_AUTHZ_API}.ExtAuthzPerRoute", check_settings={}),
            },
        },
        {
            "name": name,
            "match": {"path": f"/{name}", "grpc": {}},
            **named,
            "route": action,
            "request_headers_to_remove": ["authorization"],
            "typed_per_filter_config": {
                JWT_AUTHN: typed(f"{JWT_API}.PerRouteConfig", requirement_name=requirement)
            },
        },
    ]


def _route_action(service: GrpcService, method: str, settings: GatewaySettings) -> Json:
    action: Json = {"cluster": service.owner, "retry_policy": _retry_policy()}
    if method in service.streaming:
        # A server stream lasts as long as it must; the stream idle timeout still applies.
        action["timeout"] = "0s"
    else:
        timeout = duration(settings.upstream_timeout_seconds)
        action["timeout"] = timeout
        # Also sends the deadline upstream as grpc-timeout (and caps a gRPC client's own);
        # when it passes, a REST client gets 504 DEADLINE_EXCEEDED.
        action["max_stream_duration"] = {
            "max_stream_duration": timeout,
            "grpc_timeout_header_max": timeout,
        }
    return action


def _retry_policy() -> Json:
    previous_hosts = typed("envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate")
    return {
        "retry_on": RETRY_ON,
        "num_retries": NUM_RETRIES,
        # Retry on another replica when there is one.
        "retry_host_predicate": [
            extension("envoy.retry_host_predicates.previous_hosts", previous_hosts)
        ],
        "host_selection_retry_max_attempts": 3,
    }


def _grpc_not_exposed_route() -> Json:
    # A gRPC call to a method without an HTTP rule: Envoy answers UNIMPLEMENTED.
    return {
        "name": "grpc_not_exposed",
        "match": {"prefix": "/", "grpc": {}},
        "direct_response": {"status": 404, "body": {"inline_string": "method not exposed"}},
        "typed_per_filter_config": {JWT_AUTHN: jwt_off()},
    }


def _method_not_allowed_routes(paths: RestPaths) -> list[Json]:
    """A known path with a method it does not bind → 405 with `Allow`, answered by Envoy
    (the transcoder would answer 400 with an empty message). Unknown paths stay 404.

    One route per number of variables and set of allowed methods, its paths as one regex,
    so a REST request meets a handful of regexes, not one per path. Fewer variables come
    first: a literal segment wins over a variable, as in the transcoder, so
    `PATCH /v1/templates/categories` is 405 (it takes GET), not UpdateTemplate on a template
    id "categories". A regex stricter than the transcoder (no `:` in a variable) costs
    nothing: what none matches goes on to the transcoder, as before.
    """
    groups: dict[tuple[int, frozenset[str]], list[str]] = {}
    for path in sorted(paths):
        variables = len(_VARIABLE.findall(path))
        groups.setdefault((variables, paths[path]), []).append(_path_regex(path))
    return [
        _method_not_allowed(methods, regexes)
        for (_, methods), regexes in sorted(
            groups.items(), key=lambda item: (item[0][0], sorted(item[0][1]))
        )
    ]


def _path_regex(template: str) -> str:
    literals = _VARIABLE.split(template)
    return _SEGMENT.join(re.escape(literal) for literal in literals)


def _method_not_allowed(methods: frozenset[str], regexes: list[str]) -> Json:
    allow = ", ".join(sorted(methods))
    other = "|".join(re.escape(m) for m in sorted(methods | {PREFLIGHT}))
    not_bound = {
        "name": ":method",
        "string_match": {"safe_regex": {"regex": other}},
        "invert_match": True,
    }
    return {
        "name": f"method not allowed ({allow})",
        "match": {"safe_regex": {"regex": "|".join(regexes)}, "headers": [not_bound]},
        "direct_response": {
            "status": 405,
            "body": {"inline_string": f"method not allowed; this path takes {allow}"},
        },
        "response_headers_to_add": [header("allow", allow, OVERWRITE)],
        "typed_per_filter_config": {
            TRANSCODER: typed("envoy.config.route.v3.FilterConfig", disabled=True),
            JWT_AUTHN: jwt_off(),
        },
    }


def _rest_routes(check: body_fields.BodyCheck) -> list[Json]:
    """Any REST path, as the filters before the transcoder's rewrite look it up.

    CORS ignores direct-response routes, so these must forward. The transcoder answers
    every REST request it cannot map (404/400) and moves the rest onto a method route, so
    the action is only a backstop: its cluster does not exist, which Envoy answers with 404.

    A request whose HTTP method a checked body rule uses (POST, PATCH…) takes the first
    route, which turns the body check on (gateway.envoy_filters.body_check_filters); any
    other, the second. Both turn on the service's HTTP status (envoy_filters.http_status).
    """
    action = {"cluster": UNROUTED_CLUSTER, "cluster_not_found_response_code": "NOT_FOUND"}
    http_status = {HTTP_STATUS: typed(f"{LUA_API}.LuaPerRoute", name=HTTP_STATUS)}
    rest = {
        "name": "rest",
        "match": {"prefix": "/"},
        "route": action,
        "typed_per_filter_config": http_status,
    }
    if not check.bodies:
        return [rest]
    regex = "|".join(re.escape(verb) for verb in check.verbs)
    verbs = {"name": ":method", "string_match": {"safe_regex": {"regex": regex}}}
    # Envoy picks a request's filters by the route it first matches: the two this route
    # turns on run for the whole request, after the transcoder's rewrite onto a method
    # route too (see gateway.envoy_filters.body_check_filters).
    with_body = {
        "name": "rest (json body)",
        "match": {"prefix": "/", "headers": [verbs]},
        "route": action,
        "typed_per_filter_config": {
            **http_status,
            **{
                name: typed(f"{LUA_API}.LuaPerRoute", name=name)
                for name in (BODY_KEYS, BODY_FIELDS)
            },
        },
    }
    return [with_body, rest]
