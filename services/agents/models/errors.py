"""HTTP failures of any provider as ModelErrors: one table for the OpenAI and Anthropic SDKs.

The SDKs run with `max_retries=0`; retrying is `with_retries`' job, and it needs to know
what is worth retrying: rate limits, 5xx (Anthropic's 529 "overloaded" included), lost
connections and timeouts are; a refused key, an unknown model or a bad request are not.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping

from services.agents.models.base import ModelError

_MESSAGE_LIMIT = 300


def status_error(
    provider: str, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> ModelError:
    """The ModelError for an HTTP error status answered by `provider`."""
    message = f"{provider}: HTTP {status}: {detail[:_MESSAGE_LIMIT]}"
    if status == 429:
        hint = retry_after(headers or {})
        return ModelError(
            message, reason="RATE_LIMITED", retryable=True, status=status, retry_after=hint
        )
    if status >= 500:
        return ModelError(message, reason="PROVIDER_UNAVAILABLE", retryable=True, status=status)
    if status == 408:
        return ModelError(message, reason="TIMEOUT", retryable=True, status=status)
    reason = {401: "AUTHENTICATION", 403: "AUTHENTICATION", 404: "UNKNOWN_MODEL"}.get(
        status, "BAD_REQUEST"
    )
    return ModelError(message, reason=reason, retryable=False, status=status)


def unavailable(provider: str, detail: str) -> ModelError:
    """The provider could not be reached, or broke off or garbled its answer."""
    return ModelError(
        f"{provider}: {detail[:_MESSAGE_LIMIT]}", reason="PROVIDER_UNAVAILABLE", retryable=True
    )


def timed_out(provider: str, seconds: float | None = None) -> ModelError:
    """No complete answer in time: our whole-call deadline (`seconds`) or the SDK's."""
    within = f" within {seconds:g}s" if seconds is not None else ""
    return ModelError(f"{provider}: no complete answer{within}", reason="TIMEOUT", retryable=True)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the provider asks us to wait: `retry-after-ms`, or `retry-after` as seconds
    or as an HTTP date; None when absent or unreadable."""
    millis = _number(headers.get("retry-after-ms"))
    if millis is not None:
        return max(millis / 1000, 0.0)
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = _number(raw)
    if seconds is not None:
        return max(seconds, 0.0)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _number(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value == value and value != float("inf") else None  # not NaN, finite
