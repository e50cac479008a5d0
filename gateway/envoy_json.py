"""Building blocks of Envoy's v3 JSON configuration, shared by the gateway's modules."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def typed(type_name: str, **fields: Any) -> Json:
    return {"@type": f"type.googleapis.com/{type_name}", **fields}


def extension(name: str, typed_config: Json) -> Json:
    """A named extension (a filter, transport socket, logger…) and its typed config."""
    return {"name": name, "typed_config": typed_config}


def duration(seconds: float) -> str:
    return f"{seconds:.3f}s"


def header(name: str, value: str, action: str) -> Json:
    return {"header": {"key": name, "value": value}, "append_action": action}
