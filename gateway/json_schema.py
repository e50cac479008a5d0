"""protovalidate's field rules (`buf.validate.field`, `buf.validate.oneof`) as JSON Schema.

What a service refuses, the document says, so that a request the document allows is one
the service accepts:

- string `min_len`/`max_len`/`len`/`pattern`/`const`/`in`/`example` and the `email`,
  `uuid`, `uri`, `hostname`, `ipv4`, `ipv6` formats; 32-bit integer and floating-point
  `gt`/`gte`/`lt`/`lte`/`const`/`in`; repeated `min_items`/`max_items`/`unique` (and
  `items` rules); map `min_pairs`/`max_pairs` (and `values` rules);
- enum `const`/`in`/`not_in`/`defined_only`: the value names the rule allows (so
  `not_in: [0]` leaves `*_UNSPECIFIED` out);
- `required`, and a field without presence whose zero value its rules refuse (`min_len:
  1`, a format, `not_in: [0]`, `min_items: 1`…): leaving it out sends that zero value,
  so the document requires it;
- `ignore: IGNORE_IF_ZERO_VALUE`: the zero value is allowed beside the rules;
- a oneof: at most one of its fields, exactly one when the oneof is `required`.

- a 64-bit integer's `gte: 0` as a pattern of digits; a FieldMask's `in`/`const` as a
  pattern of its JSON form (comma-separated lowerCamelCase paths).

CEL rules, other 64-bit integer bounds, bytes, durations and timestamps are enforced by
the services but have no JSON Schema form here (NOT_DESCRIBED).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from google.protobuf import descriptor_pb2

# Registers the `buf.validate.*` options, so a descriptor set parsed after this import
# carries the rules as extensions rather than as unknown bytes.
from buf.validate import validate_pb2

Json = dict[str, Any]
EnumValues = list[tuple[str, int]]  # an enum type's value names and numbers
F = descriptor_pb2.FieldDescriptorProto
# Typed Any: validate_pb2 has no stubs.
VALIDATE_FIELD: Any = validate_pb2.DESCRIPTOR.extensions_by_name["field"]
VALIDATE_ONEOF: Any = validate_pb2.DESCRIPTOR.extensions_by_name["oneof"]
IGNORE_IF_ZERO_VALUE = 1

NUMERIC_RULES = {
    "gte": "minimum",
    "lte": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
    "const": "const",
    "in": "enum",
    "example": "examples",
}
RULES: dict[str, dict[str, str]] = {
    "string": {
        "min_len": "minLength",
        "max_len": "maxLength",
        "pattern": "pattern",
        "const": "const",
        "in": "enum",
        "example": "examples",
    },
    "repeated": {"min_items": "minItems", "max_items": "maxItems", "unique": "uniqueItems"},
    "map": {"min_pairs": "minProperties", "max_pairs": "maxProperties"},
    **{kind: NUMERIC_RULES for kind in ("int32", "sint32", "sfixed32", "uint32", "fixed32")},
    **{kind: NUMERIC_RULES for kind in ("double", "float")},
}
STRING_FORMATS = {
    "email": "email",
    "hostname": "hostname",
    "ipv4": "ipv4",
    "ipv6": "ipv6",
    "uri": "uri",
    "uri_ref": "uri-reference",
    "uuid": "uuid",
}
INT64_KINDS = {"int64", "sint64", "sfixed64"}  # JSON strings: only a sign bound has a pattern
NON_NEGATIVE = r"^[0-9]{1,19}$"
# Formats the empty string does not have (uri_ref does: "" is a relative reference).
EMPTY_FAILS = set(STRING_FORMATS) - {"uri_ref"}


def field_rules(field: descriptor_pb2.FieldDescriptorProto) -> Any:
    """The field's `buf.validate.FieldRules`, if it declares any."""
    if not field.options.HasExtension(VALIDATE_FIELD):
        return None
    return field.options.Extensions[VALIDATE_FIELD]


def constrain(schema: Json, rules: Any, enum_values: EnumValues | None = None) -> Json:
    """`schema` with the JSON Schema form of `rules` (a field's, or its items' or values').

    `enum_values`: the values of the field's enum type, when it is one; enum rules then
    give an inline list of the names they allow instead of the type's `$ref`.
    """
    kind = rules.WhichOneof("type")
    if kind == "enum" and enum_values is not None:
        schema = _enum(schema, rules.enum, enum_values)
    elif kind in INT64_KINDS and _non_negative(getattr(rules, kind)):
        schema["pattern"] = NON_NEGATIVE
    elif kind == "field_mask":
        _field_mask(schema, rules.field_mask)
    elif kind in RULES:
        _keywords(schema, kind, getattr(rules, kind), enum_values)
    if rules.ignore == IGNORE_IF_ZERO_VALUE and kind in RULES | {"enum": {}}:
        zero = _zero(schema, enum_values)
        if zero is not None:
            return {"anyOf": [{"const": zero}, schema]}
    return schema


def _keywords(schema: Json, kind: str, typed: Any, enum_values: EnumValues | None) -> None:
    if kind == "repeated" and typed.HasField("items"):
        schema["items"] = constrain(schema["items"], typed.items, enum_values)
    if kind == "map" and typed.HasField("values"):
        values = schema["additionalProperties"]
        schema["additionalProperties"] = constrain(values, typed.values, enum_values)
    skipped = set()
    if RULES[kind] is NUMERIC_RULES:
        lower, upper = typed.WhichOneof("greater_than"), typed.WhichOneof("less_than")
        if lower and upper and getattr(typed, lower) > getattr(typed, upper):
            skipped = {lower, upper}  # gt > lt means "outside the range": no keyword for that
    for descriptor, value in typed.ListFields():
        if descriptor.name in skipped:
            continue
        if descriptor.name in RULES[kind]:
            schema[RULES[kind][descriptor.name]] = list(value) if descriptor.is_repeated else value
        elif descriptor.name == "not_in" and kind != "repeated":
            schema["not"] = {"enum": list(value)}
        elif kind == "string" and descriptor.name == "len":
            schema["minLength"] = schema["maxLength"] = value
        elif kind == "string" and descriptor.name in STRING_FORMATS and value is True:
            schema["format"] = STRING_FORMATS[descriptor.name]


def _non_negative(rules: Any) -> bool:
    """`gte: 0` (or `gt: -1`) and nothing else: the one 64-bit bound a pattern can say."""
    names = {d.name for d, _ in rules.ListFields()}
    return (names == {"gte"} and rules.gte == 0) or (names == {"gt"} and rules.gt == -1)


def _field_mask(schema: Json, rules: Any) -> None:
    """`in`/`const` as a pattern of the JSON form: comma-separated lowerCamelCase paths."""
    if rules.HasField("const"):
        schema["const"] = ",".join(_camel(path) for path in rules.const.paths)
    allowed = getattr(rules, "in")
    if allowed:
        path = "(" + "|".join(re.escape(_camel(p)) for p in allowed) + ")"
        schema["pattern"] = f"^({path}(,{path})*)?$"


def _camel(path: str) -> str:
    return ".".join(
        re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), p) for p in path.split(".")
    )


def _enum(schema: Json, rules: Any, values: EnumValues) -> Json:
    """The enum's names that `rules` allow (by number), inline."""
    inline: Json = {"type": "string", "enum": [name for name, n in values if _allows(rules, n)]}
    return {**inline, **{k: v for k, v in schema.items() if k == "description"}}


def _allows(rules: Any, number: int) -> bool:
    if rules.HasField("const") and number != rules.const:
        return False
    if getattr(rules, "in") and number not in getattr(rules, "in"):
        return False
    return number not in rules.not_in


def _zero(schema: Json, enum_values: EnumValues | None) -> Any:
    """The JSON zero value of a scalar, repeated or map field's schema (None: unknown)."""
    if "items" in schema:
        return []
    if "additionalProperties" in schema:
        return {}
    if enum_values is not None:
        return next(name for name, number in enum_values if number == 0)
    return {"string": "", "integer": 0, "number": 0, "boolean": False}.get(schema.get("type", ""))


def zero_value_refused(field: descriptor_pb2.FieldDescriptorProto, rules: Any) -> bool:
    """Whether `rules` refuse the field's zero value: the field is then required, because
    leaving a field without presence out is sending its zero value."""
    if field.proto3_optional or field.HasField("oneof_index") or rules.ignore:
        return False
    kind = rules.WhichOneof("type")
    if kind is None:
        return False
    typed: Any = getattr(rules, kind)
    if kind == "string":
        return _string_refuses_empty(typed)
    if kind == "enum":
        return not _allows(typed, 0)
    if kind == "repeated":
        return bool(typed.min_items)
    if kind == "map":
        return bool(typed.min_pairs)
    if kind in RULES and RULES[kind] is NUMERIC_RULES:
        return _number_refuses_zero(typed)
    return False


def _string_refuses_empty(rules: Any) -> bool:
    if rules.min_len or rules.len or any(getattr(rules, f) for f in EMPTY_FAILS):
        return True
    if rules.HasField("const") and rules.const:
        return True
    if getattr(rules, "in") and "" not in getattr(rules, "in"):
        return True
    return bool(rules.pattern) and re.search(rules.pattern, "") is None


def _number_refuses_zero(rules: Any) -> bool:
    lower, upper = rules.WhichOneof("greater_than"), rules.WhichOneof("less_than")
    above = lower is None or (0 > rules.gt if lower == "gt" else 0 >= rules.gte)
    below = upper is None or (0 < rules.lt if upper == "lt" else 0 <= rules.lte)
    if lower and upper and getattr(rules, lower) > getattr(rules, upper):
        allowed = above or below  # gt > lt: outside the range
    else:
        allowed = above and below
    if rules.HasField("const") and rules.const != 0:
        allowed = False
    listed = getattr(rules, "in")
    return not allowed or (bool(listed) and 0 not in listed) or 0 in rules.not_in


def oneof_clauses(message: descriptor_pb2.DescriptorProto) -> list[Json]:
    """At most one field of each oneof (the transcoder refuses two); exactly one when the
    oneof is `(buf.validate.oneof).required`. Synthetic oneofs (proto3 `optional`) left out."""
    clauses: list[Json] = []
    for index, oneof in enumerate(message.oneof_decl):
        members = [
            f.name
            for f in message.field
            if f.HasField("oneof_index") and f.oneof_index == index and not f.proto3_optional
        ]
        if not members:
            continue
        required = oneof.options.HasExtension(VALIDATE_ONEOF) and bool(
            oneof.options.Extensions[VALIDATE_ONEOF].required
        )
        if required:
            clauses.append({"oneOf": [{"required": [name]} for name in members]})
        elif len(members) > 1:
            pairs = [{"required": list(pair)} for pair in itertools.combinations(members, 2)]
            clauses.append({"not": {"anyOf": pairs}})
    return clauses


# What the document says of a rule, by name (`kind.rule`, or the kind when none of its
# rules is described): the drift test checks the protos use no other.
DESCRIBED = (
    {f"{kind}.{name}" for kind, table in RULES.items() for name in table}
    | {f"string.{name}" for name in (*STRING_FORMATS, "len", "not_in")}
    | {f"{kind}.not_in" for kind, table in RULES.items() if table is NUMERIC_RULES}
    | {f"enum.{name}" for name in ("const", "in", "not_in", "defined_only")}
    | {"repeated.items", "map.values", "required", "ignore"}
    | {f"{kind}.non_negative" for kind in INT64_KINDS}
    | {"field_mask.in", "field_mask.const"}
)
NOT_DESCRIBED = {
    "cel",  # CEL expressions: the services' own checks
    "cel_expression",
    "enum.example",
    "map.keys",
    "field_mask.not_in",
    "field_mask.example",
    *("int64", "uint64", "sint64", "fixed64", "sfixed64"),  # strings in JSON: no bounds
    *("bytes", "bool", "duration", "timestamp", "any"),
}
UNBOUNDED_KINDS = {name for name in NOT_DESCRIBED if "." not in name and name != "cel"}


def rule_names(rules: Any) -> set[str]:
    """The names of the rules `rules` sets (nested item, key and value rules included)."""
    names = {d.name for d, _ in rules.ListFields() if d.name in ("required", "ignore", "cel")}
    names |= {"cel_expression"} if rules.cel_expression else set()
    kind = rules.WhichOneof("type")
    if kind is None:
        return names
    if kind in INT64_KINDS and _non_negative(getattr(rules, kind)):
        return names | {f"{kind}.non_negative"}
    if kind in UNBOUNDED_KINDS:
        return names | {kind}
    for descriptor, value in getattr(rules, kind).ListFields():
        names.add(f"{kind}.{descriptor.name}")
        if descriptor.name in ("items", "keys", "values"):
            names |= rule_names(value)
    return names
