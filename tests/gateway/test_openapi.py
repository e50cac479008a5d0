"""The OpenAPI document generated from the descriptor set, and the gateway serving it.

The catalog protos give the document its real content; a small `keel.catalog.shoptest`
proto, compiled here, covers what they do not use yet (bodies, nested and multi-segment
path variables, additional bindings, streams, maps, enums, well-known types, 64-bit
integers). The served document is checked through a real Envoy, as in test_envoy_config.
"""

from __future__ import annotations

import json
import re
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest
from google.api import annotations_pb2
from google.protobuf import descriptor_pb2

from buf.validate import validate_pb2
from gateway import __main__ as cli
from gateway import descriptors, json_schema
from gateway.access import PUBLIC_METHODS
from gateway.envoy import render
from gateway.openapi import PAYMENT_REQUIRED_METHODS, openapi_document
from gateway.settings import DEFAULT_DESCRIPTOR, GatewaySettings
from keel_runtime.config import ConfigError
from tests.support import channels
from tests.support.envoy import EnvoyGateway, envoy_gateway, nowhere, validation_errors
from tests.support.protos import with_test_proto

SHOP_PROTO = """
syntax = "proto3";

package keel.catalog.shoptest;

import "google/api/annotations.proto";
import "google/api/httpbody.proto";
import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/timestamp.proto";

// Sells things.
service ShopService {
  // Places an order in a shop.
  rpc CreateOrder(CreateOrderRequest) returns (Order) {
    option (google.api.http) = {post: "/v1/shops/{shop_id}/orders" body: "order"};
  }
  rpc UpdateOrder(UpdateOrderRequest) returns (Order) {
    option (google.api.http) = {
      patch: "/v1/{order.name=shops/*/orders/*}"
      body: "*"
      additional_bindings {put: "/v1/orders/{order.name}" body: "*"}
    };
  }
  rpc CancelOrder(CancelOrderRequest) returns (Order) {
    option (google.api.http) = {post: "/v1/orders/{order_id}:cancel" body: "*"};
  }
  rpc UploadReceipt(UploadReceiptRequest) returns (google.api.HttpBody) {
    option (google.api.http) = {put: "/v1/orders/{order_id}/receipt" body: "receipt"};
  }
  rpc ExportOrder(CancelOrderRequest) returns (ExportOrderResponse) {
    option (google.api.http) = {get: "/v1/orders/{order_id}:export" response_body: "file"};
  }
  rpc WatchOrders(WatchOrdersRequest) returns (stream OrderEvent) {
    option (google.api.http) = {get: "/v1/orders:watch"};
  }
  rpc Internal(CancelOrderRequest) returns (Order);
}

// An order.
message Order {
  // The order's state.
  enum State {
    STATE_UNSPECIFIED = 0;
    // Placed, not paid yet.
    STATE_OPEN = 1;
    STATE_PAID = 2;
  }
  message Line {
    string sku = 1;
    Line replaces = 2;
    oneof source {
      string warehouse = 3;
      string supplier = 4;
    }
  }
  // `shops/{shop}/orders/{order}`
  string name = 1;
  int64 total_minor = 2;
  uint64 count = 3;
  State state = 4;
  // When it was placed.
  google.protobuf.Timestamp placed_at = 5;
  google.protobuf.Duration ttl = 6;
  map<string, int32> quantities = 7;
  repeated Line lines = 8;
  bytes receipt = 9;
  google.protobuf.Any extra = 10;
  bool gift = 11;
  double weight = 12;
  uint32 parcels = 13;
}

message CreateOrderRequest {
  string shop_id = 1;
  Order order = 2;
  // Idempotency key.
  string request_id = 3;
}

message UpdateOrderRequest {
  Order order = 1;
  string reason = 2;
}

message CancelOrderRequest {
  string order_id = 1;
  string reason = 2;
}

message UploadReceiptRequest {
  string order_id = 1;
  google.api.HttpBody receipt = 2;
}

message ExportOrderResponse {
  google.api.HttpBody file = 1;
}

message WatchOrdersRequest {
  Filter filter = 1;
  repeated string tags = 2;
  Order.State state = 3;
  google.protobuf.Timestamp since = 4;
  map<string, string> labels = 5;
  repeated Filter filters = 6;
  google.protobuf.Any context = 7;
}

message Filter {
  string shop_id = 1;
  Filter narrower = 2;
}

message OrderEvent {
  Order order = 1;
  oneof change {
    bool placed = 2;
    bool cancelled = 3;
  }
}
"""
SHOP = "keel.catalog.shoptest"
# (buf.validate.field): FieldRules. Typed Any: validate_pb2 has no stubs, and the
# module-level `field` it defines at import is invisible to mypy.
VALIDATE_FIELD: Any = validate_pb2.DESCRIPTOR.extensions_by_name["field"]
VALIDATE_ONEOF: Any = validate_pb2.DESCRIPTOR.extensions_by_name["oneof"]


def _schemas(ref: str) -> str:
    return f"#/components/schemas/{ref}"


# --- the document for the current descriptor set --------------------------------------


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return openapi_document(DEFAULT_DESCRIPTOR)


def test_is_a_well_formed_openapi_31_document(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    _check_structure(document)


def test_category_paths_with_their_parameters(document: dict[str, Any]) -> None:
    listing = document["paths"]["/v1/templates/categories"]["get"]
    assert listing["operationId"] == "CatalogService_ListCategories"
    assert listing["description"] == "Lists template categories in display order. Public."
    assert listing["parameters"] == [
        {
            "name": "page_size",
            "in": "query",
            "description": "At most this many categories; 0 means the server default (50).",
            "schema": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 100},
        },
        {
            "name": "page_token",
            "in": "query",
            "description": "The `next_page_token` of a previous call.",
            "schema": {"type": "string", "maxLength": 256},
        },
    ]
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": _schemas("keel.catalog.v1.ListCategoriesResponse")}

    one = document["paths"]["/v1/templates/categories/{slug}"]["get"]
    assert one["parameters"] == [
        {
            "name": "slug",
            "in": "path",
            "required": True,
            "schema": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            },
        }
    ]
    assert "requestBody" not in one
    assert {"/v1/templates/categories", "/v1/templates/categories/{slug}"} <= set(document["paths"])


def test_category_schema_has_proto_field_names_and_comments(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    category = schemas["keel.catalog.v1.Category"]
    assert category["description"] == "A group of templates shown together in the catalog."
    assert list(category["properties"]) == ["slug", "name", "description", "icon", "sort_order"]
    assert category["properties"]["slug"] == {
        "type": "string",
        "description": "Stable, URL-safe identifier, for example `customer-service`.",
    }
    assert category["properties"]["sort_order"]["type"] == "integer"
    listing = schemas["keel.catalog.v1.ListCategoriesResponse"]["properties"]
    assert listing["categories"] == {
        "type": "array",
        "items": {"$ref": _schemas("keel.catalog.v1.Category")},
    }
    assert listing["next_page_token"]["description"] == "Empty when there are no more pages."
    tag = next(t for t in document["tags"] if t["name"] == "CatalogService")
    assert tag["description"].startswith("CatalogService owns agent templates")


def test_every_operation_but_the_public_ones_needs_the_bearer_token(
    document: dict[str, Any],
) -> None:
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "osk_" in scheme["bearerFormat"]
    operations = {
        op["operationId"]: op for item in document["paths"].values() for op in item.values()
    }
    public = {name.rsplit(".", 1)[1].replace("/", "_") for name in PUBLIC_METHODS}
    assert public <= set(operations)
    for operation_id, operation in operations.items():
        expected: list[dict[str, list[str]]] = (
            [] if operation_id in public else [{"bearerAuth": []}]
        )
        assert operation["security"] == expected, operation_id
    assert operations["AuthService_GetContext"]["security"] == [{"bearerAuth": []}]
    jwks = document["paths"]["/.well-known/jwks.json"]["get"]
    assert jwks["security"] == []


def test_402_is_listed_by_the_routes_that_refuse_for_payment(document: dict[str, Any]) -> None:
    paying = {
        f"{verb.upper()} {path}"
        for path, item in document["paths"].items()
        for verb, operation in item.items()
        if "402" in operation["responses"]
    }
    assert paying == {
        "POST /v1/agents",
        "POST /v1/agents/from-template/{template_id}",
        "PATCH /v1/agents/{agent_id}",
        "POST /v1/agents/{agent_id}/versions/{version}:rollback",
        "POST /v1/agents/{agent_id}/runs",
        "POST /v1/share/{share_id}/runs",
        "POST /v1/organizations/{org_id}/credits/reservations",
    }


def test_errors_are_a_shared_status_schema(document: dict[str, Any]) -> None:
    responses = document["components"]["responses"]
    for name, response in responses.items():
        error = response["content"]["application/json"]
        assert error["schema"] == {"$ref": _schemas("google.rpc.Status")}, name
    assert "BadRequest" in responses["400"]["description"]
    assert "Retry-After" in responses["429"]["description"]
    assert "checkout_route" in responses["402"]["description"]
    pays = {name.rsplit(".", 1)[1].replace("/", "_") for name in PAYMENT_REQUIRED_METHODS}
    for item in document["paths"].values():
        for operation in item.values():
            statuses = set(operation["responses"]) - {"200"}
            expected = {"400", "403", "404", "409", "429", "500", "503", "504", "default"}
            if operation["security"]:
                expected.add("401")  # a public route refuses only a bad token
            if operation["operationId"] in pays:
                expected.add("402")  # a plan limit, an entitlement or the credits
            assert statuses == expected, operation["operationId"]
            for status in statuses:
                ref = operation["responses"][status]["$ref"]
                assert ref == f"#/components/responses/{status}"
    status = document["components"]["schemas"]["google.rpc.Status"]
    assert status["properties"]["code"]["type"] == "integer"
    assert status["properties"]["message"]["type"] == "string"
    detail = status["properties"]["details"]["items"]
    assert detail["type"] == "object"
    assert detail["required"] == ["@type"]


# --- what the catalog does not use yet ---------------------------------------------------


@pytest.fixture(scope="module")
def shop_descriptor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default descriptor set plus the compiled shoptest proto, with validate rules."""
    home = tmp_path_factory.mktemp("shop")
    merged = with_test_proto(SHOP_PROTO, "shop", home)

    (proto,) = [f for f in merged.file if f.name == "shop.proto"]
    messages = {m.name: m for m in proto.message_type}

    messages["Line"] = messages["Order"].nested_type[0]

    def rules(message: str, field: str) -> Any:
        (found,) = [f for f in messages[message].field if f.name == field]
        return found.options.Extensions[VALIDATE_FIELD]

    rules("Order", "name").required = True
    rules("Order", "weight").double.gt = 0
    rules("Order", "weight").double.lte = 1000
    rules("Order", "parcels").uint32.gt = 10  # gt > lt: outside [3, 10], which
    rules("Order", "parcels").uint32.lt = 3  # JSON Schema bounds cannot say
    rules("Filter", "shop_id").string.uuid = True
    tags = rules("WatchOrdersRequest", "tags").repeated
    tags.min_items = 1
    tags.items.string.min_len = 2
    getattr(rules("CancelOrderRequest", "reason").string, "in").extend(["late", "wrong"])
    rules("Order", "state").enum.not_in.append(0)  # *_UNSPECIFIED refused
    sku = rules("Line", "sku")
    sku.string.min_len = 1
    sku.ignore = json_schema.IGNORE_IF_ZERO_VALUE  # empty, or at least 1 character
    (event,) = [m for m in proto.message_type if m.name == "OrderEvent"]
    event.oneof_decl[0].options.Extensions[VALIDATE_ONEOF].required = True

    path = home / "merged.binpb"
    path.write_bytes(merged.SerializeToString())
    return path


@pytest.fixture(scope="module")
def shop(shop_descriptor: Path) -> dict[str, Any]:
    return openapi_document(shop_descriptor)


def test_shop_document_is_well_formed(shop: dict[str, Any]) -> None:
    _check_structure(shop)
    tags = [t["name"] for t in shop["tags"]]
    assert tags[-1] == "ShopService"  # in file order: the test protos come last
    shop_paths = {
        path
        for path, item in shop["paths"].items()
        if any(op["tags"] == ["ShopService"] for op in item.values())
    }
    assert shop_paths == {
        "/v1/shops/{shop_id}/orders",
        "/v1/{order.name}",
        "/v1/orders/{order.name}",
        "/v1/orders/{order_id}:cancel",
        "/v1/orders/{order_id}/receipt",
        "/v1/orders/{order_id}:export",
        "/v1/orders:watch",
    }


def test_named_body_field_and_remaining_query_fields(shop: dict[str, Any]) -> None:
    create = shop["paths"]["/v1/shops/{shop_id}/orders"]["post"]
    assert create["description"] == "Places an order in a shop."
    assert [(p["name"], p["in"]) for p in create["parameters"]] == [
        ("shop_id", "path"),
        ("request_id", "query"),
    ]
    assert create["parameters"][1]["description"] == "Idempotency key."
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": _schemas(f"{SHOP}.Order")}


def test_whole_request_body_with_nested_path_variable_and_additional_binding(
    shop: dict[str, Any],
) -> None:
    patch = shop["paths"]["/v1/{order.name}"]["patch"]
    put = shop["paths"]["/v1/orders/{order.name}"]["put"]
    assert (patch["operationId"], put["operationId"]) == (
        "ShopService_UpdateOrder",
        "ShopService_UpdateOrder_1",
    )
    (name,) = patch["parameters"]  # body "*": nothing left for the query
    assert (name["name"], name["in"], name["required"]) == ("order.name", "path", True)
    assert name["description"] == "`shops/{shop}/orders/{order}`"
    body = patch["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": _schemas(f"{SHOP}.UpdateOrderRequest")}


def test_whole_body_leaves_out_the_fields_the_path_sets(shop: dict[str, Any]) -> None:
    cancel = shop["paths"]["/v1/orders/{order_id}:cancel"]["post"]
    assert [p["name"] for p in cancel["parameters"]] == ["order_id"]
    body = cancel["requestBody"]["content"]["application/json"]["schema"]
    assert body == {
        "type": "object",
        "properties": {"reason": {"type": "string", "enum": ["late", "wrong"]}},
        "additionalProperties": False,  # the gateway refuses other keys
        "required": ["reason"],  # "" is not in the list: leaving it out is refused
    }
    assert cancel["requestBody"]["required"] is True  # no body is an empty message
    ok = cancel["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": _schemas(f"{SHOP}.Order")}


def test_http_body_is_raw_content(shop: dict[str, Any]) -> None:
    upload = shop["paths"]["/v1/orders/{order_id}/receipt"]["put"]
    assert upload["requestBody"]["content"] == {"*/*": {}}
    assert upload["responses"]["200"]["content"] == {"*/*": {}}
    export = shop["paths"]["/v1/orders/{order_id}:export"]["get"]  # response_body
    assert [p["name"] for p in export["parameters"]] == ["order_id", "reason"]
    assert export["responses"]["200"]["content"] == {"*/*": {}}
    assert "google.api.HttpBody" not in shop["components"]["schemas"]


def test_stream_query_parameters_flatten_nested_messages(shop: dict[str, Any]) -> None:
    watch = shop["paths"]["/v1/orders:watch"]["get"]
    parameters = {p["name"]: p for p in watch["parameters"]}
    # Maps, repeated messages, Any and a message's own recursion stay out of the query.
    assert list(parameters) == ["filter.shop_id", "tags", "state", "since"]
    assert parameters["filter.shop_id"]["schema"] == {"type": "string", "format": "uuid"}
    assert parameters["tags"]["schema"] == {
        "type": "array",
        "items": {"type": "string", "minLength": 2},
        "minItems": 1,
    }
    assert parameters["state"]["schema"] == {"$ref": _schemas(f"{SHOP}.Order.State")}
    assert parameters["since"]["schema"] == {"type": "string", "format": "date-time"}
    ok = watch["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"type": "array", "items": {"$ref": _schemas(f"{SHOP}.OrderEvent")}}


def test_message_schema_follows_the_json_mapping(shop: dict[str, Any]) -> None:
    schemas = shop["components"]["schemas"]
    order = schemas[f"{SHOP}.Order"]
    # weight: gt 0 refuses the 0 an absent field is; parcels outside [3, 10] allows 0.
    assert order["required"] == ["name", "state", "weight"]
    assert order["additionalProperties"] is False
    p = order["properties"]
    assert p["total_minor"] == {"type": "string", "format": "int64", "pattern": "^-?[0-9]{1,19}$"}
    assert p["count"] == {"type": "string", "format": "uint64", "pattern": "^[0-9]{1,20}$"}
    assert p["state"] == {"type": "string", "enum": ["STATE_OPEN", "STATE_PAID"]}
    assert p["placed_at"] == {
        "type": "string",
        "format": "date-time",
        "description": "When it was placed.",
    }
    assert p["ttl"]["type"] == "string"
    assert re.fullmatch(p["ttl"]["pattern"], "1.5s")
    assert p["quantities"] == {
        "type": "object",
        "additionalProperties": {"type": "integer", "format": "int32"},
    }
    assert p["lines"] == {"type": "array", "items": {"$ref": _schemas(f"{SHOP}.Order.Line")}}
    assert p["receipt"] == {"type": "string", "format": "byte"}
    assert p["extra"]["type"] == "object"
    assert p["extra"]["required"] == ["@type"]
    assert p["gift"] == {"type": "boolean"}
    assert p["weight"] == {
        "type": "number",
        "format": "double",
        "exclusiveMinimum": 0,
        "maximum": 1000,
    }
    assert p["parcels"] == {"type": "integer", "minimum": 0, "maximum": 4294967295}
    line = schemas[f"{SHOP}.Order.Line"]["properties"]
    assert line["replaces"] == {"$ref": _schemas(f"{SHOP}.Order.Line")}  # recursive
    assert line["sku"] == {"anyOf": [{"const": ""}, {"type": "string", "minLength": 1}]}
    state = schemas[f"{SHOP}.Order.State"]
    assert state["type"] == "string"
    assert state["enum"] == ["STATE_UNSPECIFIED", "STATE_OPEN", "STATE_PAID"]
    assert state["description"] == "The order's state.\n\n- `STATE_OPEN`: Placed, not paid yet."
    assert "keel.catalog.shoptest.Internal" not in json.dumps(shop)


def test_oneof_fields_are_exclusive_and_a_required_oneof_needs_one(shop: dict[str, Any]) -> None:
    schemas = shop["components"]["schemas"]
    line = schemas[f"{SHOP}.Order.Line"]
    assert line["allOf"] == [{"not": {"anyOf": [{"required": ["warehouse", "supplier"]}]}}]
    event = schemas[f"{SHOP}.OrderEvent"]
    assert event["allOf"] == [{"oneOf": [{"required": ["placed"]}, {"required": ["cancelled"]}]}]


def test_required_rules_make_query_parameters_required(shop: dict[str, Any]) -> None:
    watch = {p["name"]: p for p in shop["paths"]["/v1/orders:watch"]["get"]["parameters"]}
    assert watch["filter.shop_id"]["required"] is True  # a uuid: "" is refused
    assert watch["tags"]["required"] is True  # min_items 1
    assert "required" not in watch["since"]


def test_the_document_carries_the_rules_of_the_protos(document: dict[str, Any]) -> None:
    """Every protovalidate rule in the protos is one the document maps or one named as
    having no JSON Schema form: a new kind of rule fails here until it is decided."""
    file_set = descriptor_pb2.FileDescriptorSet.FromString(DEFAULT_DESCRIPTOR.read_bytes())
    seen = set()
    for file in file_set.file:
        if not file.package.startswith("keel."):
            continue
        for _, message, _ in descriptors.file_messages(file):
            for field in message.field:
                rules = json_schema.field_rules(field)
                if rules is not None:
                    seen |= json_schema.rule_names(rules)
    assert seen, "the protos declare rules"
    unknown = seen - json_schema.DESCRIBED - json_schema.NOT_DESCRIBED
    assert not unknown, f"rules neither mapped nor named as not describable: {unknown}"
    signup = document["components"]["schemas"]["keel.identity.v1.SignupRequest"]
    assert signup["required"] == ["email", "password", "display_name"]
    assert signup["properties"]["email"]["format"] == "email"
    update = document["paths"]["/v1/organizations/{org_id}/members/{user_id}"]["patch"]
    role = update["requestBody"]["content"]["application/json"]["schema"]["properties"]["role"]
    assert "ROLE_UNSPECIFIED" not in role["enum"]


def test_a_create_links_to_the_operations_on_what_it_created(document: dict[str, Any]) -> None:
    create = document["paths"]["/v1/agents"]["post"]["responses"]["200"]["links"]
    assert create["AgentService_GetAgent"] == {
        "operationId": "AgentService_GetAgent",
        "parameters": {"agent_id": "$response.body#/agent/id"},
        "description": "The `agent` this call created.",
    }
    assert {"AgentService_UpdateAgent", "AgentService_DeleteAgent", "RunService_StartRun"} <= set(
        create
    )
    invite = document["paths"]["/v1/organizations/{org_id}/invitations"]["post"]
    revoke = invite["responses"]["200"]["links"]["InvitationService_RevokeInvitation"]
    assert revoke["parameters"] == {
        "org_id": "$request.path.org_id",  # the create's own path
        "invitation_id": "$response.body#/invitation/id",
    }
    start = document["paths"]["/v1/agents/{agent_id}/runs"]["post"]["responses"]["200"]
    assert "RunService_GetRun" in start["links"]
    assert "RunService_StreamRunEvents" not in start["links"]  # lasts as long as the run


def test_event_streams_are_server_sent_events(document: dict[str, Any]) -> None:
    for path in ("/v1/runs/{run_id}/events", "/v1/share/{share_id}/runs/{run_id}/events"):
        ok = document["paths"][path]["get"]["responses"]["200"]
        assert ok["content"] == {"text/event-stream": {"schema": {"type": "string"}}}


def test_exports_name_their_media_types(document: dict[str, Any]) -> None:
    """Streams of HttpBody that are not events: what `(keel.options.v1.content_types)` says."""
    text = {"schema": {"type": "string"}}
    logs = document["paths"]["/v1/agents/{agent_id}/analytics/logs/export"]["get"]
    assert logs["responses"]["200"]["content"] == {"text/csv": text, "application/json": text}
    usage = document["paths"]["/v1/organizations/{org_id}/usage/export"]["get"]
    assert usage["responses"]["200"]["content"] == {"text/csv": text}


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/v1/templates/categories/{nope}", "no field 'nope'"),
        ("/v1/templates/categories", "two google.api.http rules for get"),
    ],
)
def test_bad_http_rule_is_a_config_error(tmp_path: Path, path: str, error: str) -> None:
    file_set = descriptor_pb2.FileDescriptorSet.FromString(DEFAULT_DESCRIPTOR.read_bytes())
    (catalog,) = [f for f in file_set.file if f.name == "keel/catalog/v1/catalog.proto"]
    get_category = catalog.service[0].method[1]
    get_category.options.Extensions[annotations_pb2.http].get = path
    broken = tmp_path / "broken.binpb"
    broken.write_bytes(file_set.SerializeToString())
    with pytest.raises(ConfigError, match=error):
        openapi_document(broken)


def test_cli_writes_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "docs" / "openapi.json"
    assert cli.main(["--openapi-out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert json.loads(out.read_text()) == openapi_document(DEFAULT_DESCRIPTOR)
    with pytest.raises(SystemExit):
        cli.main([])  # neither --out nor --openapi-out


def test_route_serves_the_document_inline(shop_descriptor: Path) -> None:
    config = render(
        GatewaySettings.from_env(
            {**channels.mesh_env(), "KEEL_GATEWAY_DESCRIPTOR": str(shop_descriptor)}
        )
    )
    listener = config["static_resources"]["listeners"][0]
    route_config = listener["filter_chains"][0]["filters"][0]["typed_config"]["route_config"]
    routes = {r["name"]: r for r in route_config["virtual_hosts"][0]["routes"]}
    route = routes["openapi"]
    body = route["direct_response"]["body"]["inline_string"]
    assert json.loads(body) == openapi_document(shop_descriptor)
    assert len(body) > 4096  # beyond Envoy's default, hence:
    assert route_config["max_direct_response_body_size_bytes"] >= len(body.encode())
    assert route["match"]["path"] == "/openapi.json"
    transcoder = "envoy.filters.http.grpc_json_transcoder"
    assert route["typed_per_filter_config"][transcoder]["disabled"] is True


def test_config_with_a_large_document_passes_envoy_validation(
    tmp_path: Path, shop_descriptor: Path
) -> None:
    config = render(
        GatewaySettings.from_env(
            {**channels.mesh_env(), "KEEL_GATEWAY_DESCRIPTOR": str(shop_descriptor)}
        )
    )
    path = tmp_path / "envoy.json"
    path.write_text(json.dumps(config))
    assert validation_errors(path) == ""


# --- served by a real Envoy ------------------------------------------------------------


def _gateway(home: Path, env: dict[str, str]) -> AbstractAsyncContextManager[EnvoyGateway]:
    """Envoy on the rendered config; no service runs (the document needs none)."""
    return envoy_gateway(home, {"catalog": nowhere(), "identity": nowhere()}, env)


async def test_gateway_serves_the_document(tmp_path: Path) -> None:
    async with _gateway(tmp_path, {}) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url, timeout=10) as http:
            response = await http.get("/openapi.json")
            head = await http.head("/openapi.json")
            other_method = await http.post("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == openapi_document(DEFAULT_DESCRIPTOR)
    assert (head.status_code, head.headers["content-type"]) == (200, "application/json")
    assert other_method.status_code == 404  # only GET and HEAD; the rest is the transcoder's


async def test_gateway_serves_a_document_beyond_4_kib(
    tmp_path: Path, shop_descriptor: Path
) -> None:
    async with _gateway(tmp_path, {"KEEL_GATEWAY_DESCRIPTOR": str(shop_descriptor)}) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url, timeout=10) as http:
            response = await http.get("/openapi.json")
    assert response.status_code == 200
    assert len(response.content) > 4096
    assert response.json() == openapi_document(shop_descriptor)


# --- a minimal structural check (no OpenAPI validator is installed) -------------------

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _check_structure(document: dict[str, Any]) -> None:
    assert isinstance(document["info"]["title"], str)
    assert isinstance(document["info"]["version"], str)
    schemas = document["components"]["schemas"]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", name) for name in schemas)
    operation_ids = []
    for path, item in document["paths"].items():
        assert path.startswith("/")
        template_names = re.findall(r"\{([^}]+)\}", path)
        assert item and set(item) <= METHODS, path
        for operation in item.values():
            operation_ids.append(operation["operationId"])
            parameters = operation.get("parameters", [])
            keys = [(p["name"], p["in"]) for p in parameters]
            assert len(keys) == len(set(keys)), path
            in_path = [p for p in parameters if p["in"] == "path"]
            assert [p["name"] for p in in_path] == template_names, path
            assert all(p["required"] is True for p in in_path)
            assert all(p["in"] in {"path", "query"} and "schema" in p for p in parameters)
            if "requestBody" in operation:
                assert len(operation["requestBody"]["content"]) == 1
            assert {"200", "default"} <= set(operation["responses"])
            for requirement in operation["security"]:
                assert set(requirement) <= set(document["components"]["securitySchemes"])
            for response in operation["responses"].values():
                if "$ref" in response:
                    response = _resolve(document, response["$ref"])
                assert isinstance(response["description"], str)
    assert len(operation_ids) == len(set(operation_ids))
    for ref in re.findall(r'"\$ref": "([^"]+)"', json.dumps(document)):
        assert _resolve(document, ref), ref


def _resolve(document: dict[str, Any], ref: str) -> Any:
    """The component a `#/components/<kind>/<name>` reference names."""
    kind, name = ref.removeprefix("#/components/").split("/", 1)
    assert kind in {"schemas", "responses"}, ref
    return document["components"][kind][name]
