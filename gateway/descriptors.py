"""Reading the descriptor set: what gateway.envoy, gateway.openapi and gateway.body_fields
share about services, messages and their `google.api.http` rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path

# Imported before any descriptor set is parsed, so the http option is parsed, not left unknown.
from google.api import annotations_pb2, http_pb2
from google.protobuf import descriptor_pb2
from google.protobuf.message import DecodeError

from keel_runtime.config import ConfigError

F = descriptor_pb2.FieldDescriptorProto
Messages = dict[str, descriptor_pb2.DescriptorProto]  # by full name, nested ones included

# Source-code-info path components (descriptor.proto field numbers).
FILE_MESSAGE, FILE_ENUM, FILE_SERVICE = 4, 5, 6
MESSAGE_FIELD, MESSAGE_NESTED, MESSAGE_ENUM = 2, 3, 4
ENUM_VALUE = SERVICE_METHOD = 2


def exposed_services(
    file_set: descriptor_pb2.FileDescriptorSet,
) -> Iterator[tuple[str, list[descriptor_pb2.MethodDescriptorProto]]]:
    """Each `keel.*` service with at least one `google.api.http` rule, in file order: its
    full name (`keel.identity.v1.AuthService`) and the methods that have a rule."""
    for file in file_set.file:
        if not file.package.startswith("keel."):
            continue
        for service in file.service:
            exposed = [m for m in service.method if m.options.HasExtension(annotations_pb2.http)]
            if exposed:
                yield f"{file.package}.{service.name}", exposed


def bindings(method: descriptor_pb2.MethodDescriptorProto) -> list[http_pb2.HttpRule]:
    """A method's `google.api.http` rule followed by its additional bindings."""
    rule = method.options.Extensions[annotations_pb2.http]
    return [rule, *rule.additional_bindings]


def verb_and_path(rule: http_pb2.HttpRule) -> tuple[str, str]:
    """The HTTP method a rule binds (`GET`…; a custom kind as written) and its path template."""
    pattern = rule.WhichOneof("pattern")
    if pattern == "custom":
        return rule.custom.kind, rule.custom.path
    if pattern is None:
        raise ValueError(f"google.api.http rule without a pattern: {rule}")
    return pattern.upper(), getattr(rule, pattern)


def file_messages(
    file: descriptor_pb2.FileDescriptorProto,
) -> Iterator[tuple[str, descriptor_pb2.DescriptorProto, tuple[int, ...]]]:
    """Every message a file declares, each before its nested ones: the full name, the
    message and its source-code-info path."""

    def walk(
        name: str, message: descriptor_pb2.DescriptorProto, path: tuple[int, ...]
    ) -> Iterator[tuple[str, descriptor_pb2.DescriptorProto, tuple[int, ...]]]:
        yield name, message, path
        for i, nested in enumerate(message.nested_type):
            yield from walk(f"{name}.{nested.name}", nested, (*path, MESSAGE_NESTED, i))

    prefix = f"{file.package}." if file.package else ""
    for i, message in enumerate(file.message_type):
        yield from walk(prefix + message.name, message, (FILE_MESSAGE, i))


def messages(file_set: descriptor_pb2.FileDescriptorSet) -> Messages:
    """Every message of the descriptor set by full name, nested ones included."""
    return {name: message for file in file_set.file for name, message, _ in file_messages(file)}


def field_at(
    messages: Messages, message: str, field_path: str
) -> tuple[str, descriptor_pb2.FieldDescriptorProto]:
    """The field a rule's dotted path (`book.name`) names, with the message declaring it."""
    *parents, last = field_path.split(".")
    for name in parents:
        parent = field(messages, message, name)
        if parent.type != F.TYPE_MESSAGE:
            raise ValueError(f"{message}.{name} is not a message (google.api.http rule)")
        message = parent.type_name.lstrip(".")
    return message, field(messages, message, last)


def field(messages: Messages, message: str, name: str) -> descriptor_pb2.FieldDescriptorProto:
    if message not in messages:
        raise ValueError(f"{message}: not in the descriptor set (google.api.http rule)")
    for candidate in messages[message].field:
        if candidate.name == name:
            return candidate
    raise ValueError(f"{message} has no field {name!r} (google.api.http rule)")


# Types the transcoder must resolve to print error details; they come from the descriptor
# set (Envoy itself only knows google.rpc.Status and google.protobuf.Any).
ERROR_DETAIL_TYPES = ("google.rpc.ErrorInfo", "google.rpc.BadRequest", "google.rpc.QuotaFailure")


@dataclasses.dataclass(frozen=True)
class GrpcService:
    """A gRPC service of the descriptor set that the gateway exposes."""

    full_name: str  # keel.catalog.v1.CatalogService
    owner: str  # catalog: the Keel service, and cluster, that serves it
    methods: tuple[str, ...]  # only the methods with a google.api.http rule
    streaming: frozenset[str] = frozenset()  # the server-streaming ones among them
    # method → its REST route template, "GET /v1/templates/{template_id}" (its first rule's)
    templates: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def template(self, method: str) -> str:
        """What logs and spans call `method`: its route template, else its gRPC name."""
        return self.templates.get(method) or f"{self.full_name}/{method}"


def read(descriptor: Path) -> descriptor_pb2.FileDescriptorSet:
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
        for full_name, exposed in exposed_services(file_set)
    ]


def _template(method: descriptor_pb2.MethodDescriptorProto) -> str:
    verb, path = verb_and_path(bindings(method)[0])
    return f"{verb} {path}"


def missing_error_detail_types(descriptor: Path) -> list[str]:
    """Detail types the transcoder could not print; such errors reach REST clients bodiless."""
    defined = {
        f"{file.package}.{message.name}"
        for file in read(descriptor).file
        for message in file.message_type
    }
    return [name for name in ERROR_DETAIL_TYPES if name not in defined]


def rest_paths(file_set: descriptor_pb2.FileDescriptorSet) -> dict[str, frozenset[str]]:
    """Each path template of the REST surface (additional bindings included) and the HTTP
    methods bound to it: `/v1/agents` → {GET, POST}."""
    paths: dict[str, set[str]] = {}
    for _, methods in exposed_services(file_set):
        for method in methods:
            for rule in bindings(method):
                verb, path = verb_and_path(rule)
                paths.setdefault(path, set()).add(verb)
    return {path: frozenset(verbs) for path, verbs in paths.items()}
