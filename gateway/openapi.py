"""The OpenAPI 3.1 document of the REST surface, generated from the protobuf descriptor set.

It describes what the gateway's transcoder accepts and prints, for every `keel.*` method
with a `google.api.http` rule (and its `additional_bindings`):

- the path, with `{field}` and `{field=pattern}` variables as path parameters;
- the request fields bound by neither the path nor the body as query parameters (nested
  message fields as `parent.child`), and the body (`"*"` or one field) as the request body;
- the response message (a server stream is one JSON array); `google.api.HttpBody`, in a
  request or response (the only `response_body` the transcoder takes), is raw content;
- every error as a `google.rpc.Status` (the `default` response);
- the credential: `bearerAuth` (a user's access token or an organization's API key) on
  every operation except the public methods, which carry an empty `security`.

Schemas follow proto3's JSON mapping as the transcoder prints it: proto field names
(`preserve_proto_field_names`), 64-bit integers as strings, enums by name, well-known types
in their JSON form. Comments in the protos become descriptions, and the simple
protovalidate rules (`buf.validate.field`) become JSON Schema keywords.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from google.api import http_pb2
from google.protobuf import descriptor_pb2

from gateway import descriptors, json_schema, openapi_links
from gateway.access import PUBLIC_METHODS
from gateway.descriptors import (
    ENUM_VALUE,
    FILE_ENUM,
    FILE_SERVICE,
    MESSAGE_ENUM,
    MESSAGE_FIELD,
    SERVICE_METHOD,
)
from gateway.settings import GatewaySettings
from keel.options.v1 import options_pb2
from keel_runtime.config import ConfigError

Json = dict[str, Any]
F = descriptor_pb2.FieldDescriptorProto

OPENAPI_VERSION = "3.1.0"
TITLE = "Keel API"
API_VERSION = "v1"
STATUS = "google.rpc.Status"
JSON_MEDIA = "application/json"
EVENT_STREAM = "text/event-stream"
HTTP_BODY = "google.api.HttpBody"  # content passed through as it is, not JSON
RAW: Json = {"*/*": {}}

# A 64-bit integer's decimal digits (the transcoder refuses "" or "1.5" for one).
INT64 = r"^-?[0-9]{1,19}$"
UINT64 = r"^[0-9]{1,20}$"
SCALARS: dict[int, Json] = {
    F.TYPE_DOUBLE: {"type": "number", "format": "double"},
    F.TYPE_FLOAT: {"type": "number", "format": "float"},
    F.TYPE_INT32: {"type": "integer", "format": "int32"},
    F.TYPE_SINT32: {"type": "integer", "format": "int32"},
    F.TYPE_SFIXED32: {"type": "integer", "format": "int32"},
    F.TYPE_UINT32: {"type": "integer", "minimum": 0, "maximum": 4294967295},
    F.TYPE_FIXED32: {"type": "integer", "minimum": 0, "maximum": 4294967295},
    # The transcoder prints 64-bit integers as JSON strings (and accepts both).
    F.TYPE_INT64: {"type": "string", "format": "int64", "pattern": INT64},
    F.TYPE_SINT64: {"type": "string", "format": "int64", "pattern": INT64},
    F.TYPE_SFIXED64: {"type": "string", "format": "int64", "pattern": INT64},
    F.TYPE_UINT64: {"type": "string", "format": "uint64", "pattern": UINT64},
    F.TYPE_FIXED64: {"type": "string", "format": "uint64", "pattern": UINT64},
    F.TYPE_BOOL: {"type": "boolean"},
    F.TYPE_STRING: {"type": "string"},
    F.TYPE_BYTES: {"type": "string", "format": "byte"},
}

ANY: Json = {
    "type": "object",
    "properties": {
        "@type": {
            "type": "string",
            "description": "The message type, e.g. `type.googleapis.com/google.rpc.ErrorInfo`.",
        }
    },
    "required": ["@type"],
    "additionalProperties": True,
}

# Well-known types have their own JSON form: inlined, never in components.
WELL_KNOWN: dict[str, Json] = {
    "google.protobuf.Timestamp": {"type": "string", "format": "date-time"},
    "google.protobuf.Duration": {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]{1,9})?s$"},
    "google.protobuf.FieldMask": {"type": "string"},
    "google.protobuf.Any": ANY,
    "google.protobuf.Struct": {"type": "object"},
    "google.protobuf.Value": {},
    "google.protobuf.ListValue": {"type": "array"},
    "google.protobuf.Empty": {"type": "object"},
    **{
        f"google.protobuf.{name}Value": SCALARS[scalar]
        for name, scalar in [
            ("Double", F.TYPE_DOUBLE),
            ("Float", F.TYPE_FLOAT),
            ("Int64", F.TYPE_INT64),
            ("UInt64", F.TYPE_UINT64),
            ("Int32", F.TYPE_INT32),
            ("UInt32", F.TYPE_UINT32),
            ("Bool", F.TYPE_BOOL),
            ("String", F.TYPE_STRING),
            ("Bytes", F.TYPE_BYTES),
        ]
    },
}
QUERY_TYPES = {"string", "integer", "number", "boolean"}  # what a query parameter can carry

# The gateway's error body, whether a service or Envoy itself answered.
STATUS_SCHEMA: Json = {
    "type": "object",
    "description": "An error: the service's `google.rpc.Status`, or the gateway's own in the "
    "same shape. The HTTP status follows `code`; the `grpc-status` header repeats it.",
    "properties": {
        "code": {
            "type": "integer",
            "format": "int32",
            "description": "The `google.rpc.Code`, e.g. 5 for NOT_FOUND.",
        },
        "message": {"type": "string", "description": "A developer-facing explanation."},
        "details": {
            "type": "array",
            "items": ANY,
            "description": "Typed details such as `google.rpc.ErrorInfo`, "
            "`google.rpc.BadRequest`, `google.rpc.QuotaFailure`, `google.rpc.RetryInfo`.",
        },
    },
    "required": ["code", "message"],
}

_VARIABLE = re.compile(r"\{([^}=]+)(?:=[^}]*)?\}")


# The HTTP statuses the gateway gives the gRPC codes (README "Calling the API"), each a
# `google.rpc.Status` with its details; a public route has no 401 unless a bad token is
# sent, which is still "any other error".
ERRORS = {
    "400": "INVALID_ARGUMENT (`BadRequest` with the field violations), FAILED_PRECONDITION "
    "or OUT_OF_RANGE; also the gateway's own refusals (unknown field or query parameter, "
    "bad JSON).",
    "401": "UNAUTHENTICATED: no credential, or a bad one.",
    "402": "Payment Required: a plan limit or entitlement, or the credits, refuse it "
    "(`ErrorInfo` reason ORG_AGENT_LIMIT_EXCEEDED, ORG_RUN_LIMIT_EXCEEDED, "
    "CAPABILITY_NOT_IN_PLAN, QUALITY_NOT_IN_PLAN, MODEL_NOT_IN_PLAN or INSUFFICIENT_CREDITS; "
    "its metadata: the `plan`, the `limit`, the plan that would allow it as `upgrade_to`, "
    "where the service knows them, and `checkout_route`, where to pay). The `code` is the "
    "service's (RESOURCE_EXHAUSTED or FAILED_PRECONDITION), as gRPC callers get it.",
    "403": "PERMISSION_DENIED (`ErrorInfo` with the reason).",
    "404": "NOT_FOUND, or a resource the caller may not see.",
    "409": "ALREADY_EXISTS or ABORTED.",
    "429": "RESOURCE_EXHAUSTED (`QuotaFailure`, `RetryInfo`), with `Retry-After`.",
    "500": "INTERNAL: nothing of the failure is shown; it is logged with the trace id.",
    "503": "UNAVAILABLE, after the gateway's safe retries.",
    "504": "DEADLINE_EXCEEDED.",
}
ERROR_RESPONSE = "#/components/responses/default"
PAYMENT_REQUIRED = "402"
# The methods that can answer 402 (keel_runtime.errors.PAYMENT_REQUIRED_REASONS): the
# agent limit and the agent's model checked against the plan on each config made current,
# a run's admission (run limits, capability, quality, model, credits), a hold on credits.
PAYMENT_REQUIRED_METHODS = frozenset({
    "keel.agents.v1.AgentService/CreateAgent",
    "keel.agents.v1.AgentService/CreateAgentFromTemplate",
    "keel.agents.v1.AgentService/UpdateAgent",
    "keel.agents.v1.AgentService/RollbackAgent",
    "keel.agents.v1.RunService/StartRun",
    "keel.agents.v1.SharedAgentService/StartSharedRun",
    "keel.billing.v1.CreditService/Reserve",
})  # fmt: skip

BEARER = "bearerAuth"
BEARER_SCHEME: Json = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT or API key (osk_…)",
    "description": "`Authorization: Bearer <token>`: a user's access token (a JWT from "
    "`/v1/auth/login`, `/v1/auth/signup` or `/v1/auth/refresh`) or an organization's API "
    "key (`osk_…`). Missing or invalid: 401 UNAUTHENTICATED.",
}


def build_document(
    file_set: descriptor_pb2.FileDescriptorSet, public_methods: frozenset[str] = frozenset()
) -> Json:
    """The OpenAPI 3.1 document (a JSON-ready dict) for the descriptor set's REST rules.

    `public_methods` (`package.Service/Method`) need no credential; every other operation
    requires the bearer token.
    """
    document = _Builder(file_set, public_methods).document()
    openapi_links.add_links(document)
    return document


class _Builder:
    def __init__(
        self, file_set: descriptor_pb2.FileDescriptorSet, public_methods: frozenset[str]
    ) -> None:
        self.file_set = file_set
        self.public_methods = public_methods
        self.messages = descriptors.messages(file_set)
        self.enums: dict[str, descriptor_pb2.EnumDescriptorProto] = {}
        self.comments: dict[str, str] = {}  # full name (fields: message.field) → comment
        self.schemas: Json = {STATUS: STATUS_SCHEMA}
        for file in file_set.file:
            self._index_file(file)

    # --- the descriptor set, by full name ---------------------------------------------

    def _index_file(self, file: descriptor_pb2.FileDescriptorProto) -> None:
        comments = {
            tuple(location.path): _comment(location) for location in file.source_code_info.location
        }

        def note(name: str, path: tuple[int, ...]) -> None:
            if comments.get(path):
                self.comments[name] = comments[path]

        def enum(
            name: str, proto: descriptor_pb2.EnumDescriptorProto, path: tuple[int, ...]
        ) -> None:
            self.enums[name] = proto
            note(name, path)
            for i, value in enumerate(proto.value):
                note(f"{name}.{value.name}", (*path, ENUM_VALUE, i))

        for name, proto, path in descriptors.file_messages(file):
            note(name, path)
            for i, field in enumerate(proto.field):
                note(f"{name}.{field.name}", (*path, MESSAGE_FIELD, i))
            for i, nested_enum in enumerate(proto.enum_type):
                enum(f"{name}.{nested_enum.name}", nested_enum, (*path, MESSAGE_ENUM, i))
        prefix = f"{file.package}." if file.package else ""
        for i, enum_proto in enumerate(file.enum_type):
            enum(prefix + enum_proto.name, enum_proto, (FILE_ENUM, i))
        for i, service in enumerate(file.service):
            note(prefix + service.name, (FILE_SERVICE, i))
            for j, method in enumerate(service.method):
                note(f"{prefix}{service.name}.{method.name}", (FILE_SERVICE, i, SERVICE_METHOD, j))

    # --- paths --------------------------------------------------------------------------

    def document(self) -> Json:
        paths: dict[str, Json] = {}
        tags = []
        for service, methods in descriptors.exposed_services(self.file_set):
            name = service.rsplit(".", 1)[1]
            tags.append(_described({"name": name}, self.comments.get(service)))
            for method in methods:
                for n, binding in enumerate(descriptors.bindings(method)):
                    http_method, template = descriptors.verb_and_path(binding)
                    verb = http_method.lower()  # OpenAPI's operation keys
                    path, operation = self._operation(service, method, binding, template)
                    operation["operationId"] += f"_{n}" if n else ""
                    if verb in paths.setdefault(path, {}):
                        raise ValueError(f"two google.api.http rules for {verb} {path}")
                    paths[path][verb] = operation
        return {
            "openapi": OPENAPI_VERSION,
            "info": {
                "title": TITLE,
                "version": API_VERSION,
                "description": "Generated from the protos; served by the gateway at "
                "`/openapi.json`. Every error is a `google.rpc.Status`.",
            },
            "tags": tags,
            "paths": paths,
            "components": {
                "schemas": dict(sorted(self.schemas.items())),
                "responses": {
                    **{status: _error(text) for status, text in ERRORS.items()},
                    "default": _error("Any other error."),
                },
                "securitySchemes": {BEARER: BEARER_SCHEME},
            },
        }

    def _operation(
        self,
        service: str,
        method: descriptor_pb2.MethodDescriptorProto,
        rule: http_pb2.HttpRule,
        template: str,
    ) -> tuple[str, Json]:
        request = method.input_type.lstrip(".")
        variables = _VARIABLE.findall(template)
        parameters = [self._path_parameter(request, name) for name in variables]
        bound = set(variables)
        if rule.body and rule.body != "*":
            bound.add(rule.body)
        if rule.body != "*":
            parameters += self._query_parameters(request, bound)
        short_service = service.rsplit(".", 1)[1]
        operation: Json = {
            "operationId": f"{short_service}_{method.name}",
            "tags": [short_service],
        }
        _described(operation, self.comments.get(f"{service}.{method.name}"))
        public = f"{service}/{method.name}" in self.public_methods
        operation["security"] = [] if public else [{BEARER: []}]
        if method.options.deprecated:
            operation["deprecated"] = True
        if parameters:
            operation["parameters"] = parameters
        if rule.body:
            in_path = {v for v in variables if "." not in v}  # top-level fields the path sets
            operation["requestBody"] = self._request_body(request, rule.body, in_path)
        response = method.output_type.lstrip(".")
        extensions: Any = method.options.Extensions  # typed loosely by the generated stubs
        content_types: list[str] = list(extensions[options_pb2.content_types])
        if response == HTTP_BODY and EVENT_STREAM in content_types:
            ok: Json = {"description": "OK: Server-Sent Events, sent as they come"}
            ok["content"] = {EVENT_STREAM: {"schema": {"type": "string"}}}
        elif rule.response_body or response == HTTP_BODY:
            # The transcoder allows response_body only for a google.api.HttpBody field; its
            # media types are the method's `(keel.options.v1.content_types)`.
            ok = {"description": "OK: the content as the service sent it", "content": RAW}
            if content_types:
                ok["content"] = {kind: {"schema": {"type": "string"}} for kind in content_types}
        elif method.server_streaming:
            items = {"type": "array", "items": self._ref(response)}
            ok = {"description": "OK: the messages, as one JSON array sent as they come"}
            ok["content"] = _json_content(items)
        else:
            ok = {"description": "OK", "content": _json_content(self._ref(response))}
        pays = f"{service}/{method.name}" in PAYMENT_REQUIRED_METHODS
        errors = {
            status: {"$ref": f"#/components/responses/{status}"}
            for status in ERRORS
            if not (public and status == "401") and (pays or status != PAYMENT_REQUIRED)
        }
        operation["responses"] = {"200": ok, **errors, "default": {"$ref": ERROR_RESPONSE}}
        return _VARIABLE.sub(lambda m: "{" + m.group(1) + "}", template), operation

    def _path_parameter(self, request: str, field_path: str) -> Json:
        schema = self._field_schema(*descriptors.field_at(self.messages, request, field_path))
        parameter = {"name": field_path, "in": "path", "required": True}
        return {**_described(parameter, schema.pop("description", None)), "schema": schema}

    def _query_parameters(
        self, message: str, bound: set[str], prefix: str = "", seen: frozenset[str] = frozenset()
    ) -> list[Json]:
        """The fields bound by neither path nor body; nested messages as `parent.child`."""
        parameters = []
        for field in self.messages[message].field:
            name = prefix + field.name
            type_name = field.type_name.lstrip(".")
            if name in bound or self._map_entry(field):
                continue
            if type_name in WELL_KNOWN and WELL_KNOWN[type_name].get("type") not in QUERY_TYPES:
                continue  # Any, Struct...: no query form
            if field.type == F.TYPE_MESSAGE and type_name not in WELL_KNOWN:
                if field.label != F.LABEL_REPEATED and type_name not in seen | {message}:
                    parameters += self._query_parameters(
                        type_name, bound, f"{name}.", seen | {message}
                    )
                continue
            schema = self._field_schema(message, field)
            parameter: Json = {"name": name, "in": "query"}
            _described(parameter, schema.pop("description", None))
            if _required(field):
                parameter["required"] = True
            parameters.append({**parameter, "schema": schema})
        return parameters

    def _request_body(self, request: str, body: str, in_path: set[str]) -> Json:
        named = None if body == "*" else descriptors.field_at(self.messages, request, body)
        if (request if named is None else named[1].type_name.lstrip(".")) == HTTP_BODY:
            return {"description": "The content as it is, of any content type.", "content": RAW}
        if named is not None:
            schema = self._field_schema(*named)
            description = schema.pop("description", None)
        elif in_path:  # the request without the fields the path already sets
            schema = self._message_schema(request)
            description = schema.pop("description", None)
            schema["properties"] = {
                k: v for k, v in schema["properties"].items() if k not in in_path
            }
            required = [k for k in schema.pop("required", []) if k not in in_path]
            if required:
                schema["required"] = required
        else:
            schema, description = self._ref(request), None
        body_schema = self.schemas.get(_ref_name(schema), schema)
        content: Json = {"content": _json_content(schema)}
        if body_schema.get("required") or "oneOf" in json.dumps(body_schema.get("allOf", [])):
            content["required"] = True  # no body is an empty message, which these refuse
        return _described(content, description)

    # --- schemas ------------------------------------------------------------------------

    def _ref(self, name: str) -> Json:
        """The schema of a message or enum type: inline if well-known, else a component."""
        if name in WELL_KNOWN:
            return dict(WELL_KNOWN[name])
        if name not in self.schemas:
            self.schemas[name] = {}  # reserve it first: messages may refer to themselves
            self.schemas[name] = (
                self._enum_schema(name) if name in self.enums else self._message_schema(name)
            )
        return {"$ref": _schema_path(name)}

    def _message_schema(self, name: str) -> Json:
        properties = {}
        required = []
        for field in self.messages[name].field:
            properties[field.name] = self._field_schema(name, field)
            if _required(field):
                required.append(field.name)
        schema: Json = _described({"type": "object"}, self.comments.get(name))
        schema["properties"] = properties
        # The gateway refuses a body key its message does not define (gateway/README.md).
        schema["additionalProperties"] = False
        if required:
            schema["required"] = required
        oneofs = json_schema.oneof_clauses(self.messages[name])
        if oneofs:
            schema["allOf"] = oneofs
        return schema

    def _enum_schema(self, name: str) -> Json:
        values = self.enums[name].value
        notes = [
            f"- `{v.name}`: {self.comments[f'{name}.{v.name}']}"
            for v in values
            if f"{name}.{v.name}" in self.comments
        ]
        description = "\n\n".join(filter(None, [self.comments.get(name), "\n".join(notes)]))
        schema = _described({"type": "string"}, description)
        schema["enum"] = [v.name for v in values]
        return schema

    def _field_schema(self, message: str, field: descriptor_pb2.FieldDescriptorProto) -> Json:
        entry = self._map_entry(field)
        value = field if entry is None else entry.field[1]
        if entry is not None:
            schema: Json = {"type": "object", "additionalProperties": self._value(value)}
        elif field.label == F.LABEL_REPEATED:
            schema = {"type": "array", "items": self._value(value)}
        else:
            schema = self._value(value)
        rules = json_schema.field_rules(field)
        if rules is not None:
            schema = json_schema.constrain(schema, rules, self._enum_values(value))
        _described(schema, self.comments.get(f"{message}.{field.name}"))
        if field.options.deprecated:
            schema["deprecated"] = True
        return schema

    def _value(self, field: descriptor_pb2.FieldDescriptorProto) -> Json:
        if field.type in (F.TYPE_MESSAGE, F.TYPE_GROUP, F.TYPE_ENUM):
            return self._ref(field.type_name.lstrip("."))
        return dict(SCALARS[field.type])

    def _enum_values(
        self, field: descriptor_pb2.FieldDescriptorProto
    ) -> json_schema.EnumValues | None:
        if field.type != F.TYPE_ENUM:
            return None
        return [(v.name, v.number) for v in self.enums[field.type_name.lstrip(".")].value]

    def _map_entry(
        self, field: descriptor_pb2.FieldDescriptorProto
    ) -> descriptor_pb2.DescriptorProto | None:
        if field.type != F.TYPE_MESSAGE or field.label != F.LABEL_REPEATED:
            return None
        entry = self.messages.get(field.type_name.lstrip("."))
        return entry if entry is not None and entry.options.map_entry else None


def _required(field: descriptor_pb2.FieldDescriptorProto) -> bool:
    """Required by its rules: `required`, or a zero value they refuse."""
    rules = json_schema.field_rules(field)
    return rules is not None and (rules.required or json_schema.zero_value_refused(field, rules))


def _comment(location: descriptor_pb2.SourceCodeInfo.Location) -> str:
    text = location.leading_comments or location.trailing_comments
    return "\n".join(line.removeprefix(" ") for line in text.splitlines()).strip()


def _described(target: Json, description: str | None) -> Json:
    if description:
        target["description"] = description
    return target


def _error(description: str) -> Json:
    return {"description": description, "content": _json_content({"$ref": _schema_path(STATUS)})}


def _ref_name(schema: Json) -> str:
    return str(schema.get("$ref", "")).removeprefix("#/components/schemas/")


def _schema_path(name: str) -> str:
    return f"#/components/schemas/{name}"


def _json_content(schema: Json) -> Json:
    return {JSON_MEDIA: {"schema": schema}}


def openapi_document(descriptor: Path, public_methods: frozenset[str] = PUBLIC_METHODS) -> Json:
    """The OpenAPI 3.1 document of the descriptor set's REST surface, as a JSON-ready dict."""
    return document_of(descriptors.read(descriptor), descriptor, public_methods)


def document_of(
    file_set: descriptor_pb2.FileDescriptorSet, descriptor: Path, public_methods: frozenset[str]
) -> Json:
    try:
        return build_document(file_set, public_methods)
    except (KeyError, ValueError) as exc:  # an http rule naming no field, or a clash
        raise ConfigError(f"KEEL_GATEWAY_DESCRIPTOR: {descriptor}: {exc}") from exc


def write_openapi(path: str | os.PathLike[str], settings: GatewaySettings) -> Path:
    """Write the OpenAPI document the gateway serves at /openapi.json."""
    target = Path(path)
    document = openapi_document(settings.descriptor, settings.public_methods)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, indent=2) + "\n")
    return target
