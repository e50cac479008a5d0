"""The API's errors as one exception: the `google.rpc.Status` body every error carries."""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any

ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"

# google.rpc.Code by number, as the body's `code` carries it.
CODES = {
    0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND", 6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED",
    13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
}  # fmt: skip


class KeelError(Exception):
    """An error answer of the API: the HTTP status, the gRPC code (its number and name), the
    message, the `ErrorInfo`'s reason, domain and metadata, every detail as sent, and the
    `Retry-After` in seconds when the answer had one."""

    def __init__(
        self,
        status_code: int,
        code: int,
        message: str,
        details: list[dict[str, Any]] | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = details or []
        self.retry_after = retry_after
        info = next((d for d in self.details if d.get("@type") == ERROR_INFO), {})
        self.reason: str = info.get("reason", "")
        self.domain: str = info.get("domain", "")
        self.metadata: dict[str, str] = dict(info.get("metadata") or {})
        super().__init__(f"{status_code} {self.code_name} {self.reason or '-'}: {message}")

    @property
    def code_name(self) -> str:
        """The gRPC code's name: NOT_FOUND, RESOURCE_EXHAUSTED, …"""
        return CODES.get(self.code, str(self.code))

    def detail(self, type_name: str) -> dict[str, Any] | None:
        """The first detail of a type (`google.rpc.BadRequest`, `google.rpc.QuotaFailure`, …)."""
        wanted = type_name if "/" in type_name else f"type.googleapis.com/{type_name}"
        return next((d for d in self.details if d.get("@type") == wanted), None)

    @classmethod
    def from_http(cls, status_code: int, headers: Mapping[str, str], content: bytes) -> KeelError:
        """The error of an HTTP answer: its `google.rpc.Status` body, or (a body that is not
        one, from a proxy in between) the code the `grpc-status` header or the status gives."""
        body: Any = None
        try:
            body = json.loads(content) if content else None
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = {"message": content.decode("utf-8", "replace").strip()}
        code = body.get("code")
        if not isinstance(code, int):
            header = headers.get("grpc-status", "")
            code = int(header) if header.isdigit() else _code_of_status(status_code)
        details = [d for d in body.get("details") or [] if isinstance(d, dict)]
        return cls(
            status_code,
            code,
            str(body.get("message") or ""),
            details,
            retry_after_seconds(headers.get("retry-after")),
        )


def retry_after_seconds(value: str | None) -> float | None:
    """A `Retry-After` header's wait in seconds (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _code_of_status(status_code: int) -> int:
    return {
        400: 3, 401: 16, 402: 9, 403: 7, 404: 5, 405: 12, 409: 10, 429: 8, 499: 1,
        500: 13, 501: 12, 502: 14, 503: 14, 504: 4,
    }.get(status_code, 2)  # fmt: skip
