"""List pagination (`page_size` + `page_token` → `next_page_token`), keyset style.

A page token is the sort key of the last item served, opaque to clients (URL-safe
base64 of JSON). Keyset rather than offset: pages stay stable while rows are added,
and a deep page costs the same as the first.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from keel_runtime.errors import FieldViolation, InvalidArgument

T = TypeVar("T")
MAX_PAGE_SIZE = 100


def int32(value: Any) -> bool:
    """A cursor part that is a PostgreSQL integer."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31


def int64(value: Any) -> bool:
    """A cursor part that is a PostgreSQL bigint."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def text(value: Any) -> bool:
    """A cursor part that is a string PostgreSQL can hold (no NUL, valid UTF-8)."""
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def uuid_text(value: Any) -> bool:
    """A cursor part that is a UUID as text."""
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def timestamp(value: Any) -> bool:
    """A cursor part that is an ISO 8601 timestamp with a time zone."""
    if not text(value):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_page_token: str


def _bad_token() -> InvalidArgument:
    return InvalidArgument(
        "page_token is not a token this list returned",
        reason="INVALID_PAGE_TOKEN",
        field_violations=[FieldViolation("page_token", "not a token this list returned")],
    )


@dataclass(frozen=True)
class PageRequest:
    size: int
    # The sort key of the last item of the previous page, or None for the first page.
    after: list[Any] | None

    @classmethod
    def parse(cls, page_size: int, page_token: str, *, default_size: int = 50) -> PageRequest:
        size = min(page_size or default_size, MAX_PAGE_SIZE)
        if not page_token:
            return cls(size, None)
        try:
            after = json.loads(base64.urlsafe_b64decode(page_token.encode()))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise _bad_token() from None
        if not isinstance(after, list):
            raise _bad_token()
        return cls(size, after)

    def cursor(self, *kinds: Callable[[Any], bool]) -> tuple[Any, ...] | None:
        """The previous page's last sort key, checked against one predicate per part.

        A token is client input: anything but the shape this list issues is refused as
        INVALID_ARGUMENT, never passed on to the database.
        """
        if self.after is None:
            return None
        if len(self.after) != len(kinds) or not all(
            ok(part) for ok, part in zip(kinds, self.after, strict=True)
        ):
            raise _bad_token()
        return tuple(self.after)

    def result(self, fetched: Sequence[T], key: Callable[[T], list[Any]]) -> Page[T]:
        """The page from `fetched` (the repository is asked for `size + 1` rows)."""
        items = list(fetched[: self.size])
        more = len(fetched) > self.size
        token = ""
        if more and items:
            token = base64.urlsafe_b64encode(json.dumps(key(items[-1])).encode()).decode()
        return Page(items, token)
