"""Well-known protobuf types ↔ Python values, for every service's handlers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar, cast

from google.protobuf import struct_pb2, timestamp_pb2
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)  # a naive time is taken as UTC, as FromDatetime does


def optional_uuid(value: str) -> uuid.UUID | None:
    """A UUID field the contract has checked (or left empty: None)."""
    return uuid.UUID(value) if value else None


def timestamp(value: datetime | None) -> timestamp_pb2.Timestamp | None:
    """A Timestamp, or None (field left unset) for a missing time."""
    if value is None:
        return None
    # Timestamp.FromDatetime goes through calendar.timegm: a tenth of a search page's cost.
    delta = value - _EPOCH if value.tzinfo is not None else value - _NAIVE_EPOCH
    return timestamp_pb2.Timestamp(
        seconds=delta.days * 86_400 + delta.seconds, nanos=delta.microseconds * 1000
    )


def optional_time(message: Message, field: str) -> datetime | None:
    """The time in `message`'s Timestamp `field` (UTC), or None when it is unset."""
    if not message.HasField(field):
        return None
    stamp: timestamp_pb2.Timestamp = getattr(message, field)
    return stamp.ToDatetime(tzinfo=UTC)


def struct(value: dict[str, Any] | None) -> struct_pb2.Struct | None:
    if value is None:
        return None
    result = struct_pb2.Struct()
    result.update(value)
    return result


def from_struct(value: struct_pb2.Struct) -> dict[str, Any]:
    return MessageToDict(value)


E = TypeVar("E", bound=int)


class EnumNames(Generic[E]):
    """A protobuf enum ↔ the domain's lower-case names: `BUCKET_KIND_MONTHLY` ↔ `monthly`."""

    def __init__(self, enum_type: type[E], prefix: str) -> None:
        self._values: dict[str, E] = {
            name.removeprefix(prefix).lower(): number
            for name, number in cast(Any, enum_type).items()
            if not name.endswith("_UNSPECIFIED")
        }
        self._names: dict[int, str] = {int(v): k for k, v in self._values.items()}
        self._unspecified = cast(E, 0)

    def value(self, name: str | None) -> E:
        """UNSPECIFIED for no name or one the contract does not know."""
        return self._values.get(name or "", self._unspecified)

    def name(self, value: int) -> str:
        """KeyError for UNSPECIFIED (which validation refuses first)."""
        return self._names[value]
