"""Keel's one error model, in domain terms (no gRPC here).

Domain code raises these; the RPC layer (`keel_runtime.rpc`) turns them into a gRPC
status with `google.rpc` details, and the gateway turns that into HTTP. `reason` is a
stable, UPPER_SNAKE identifier clients may switch on (`ErrorInfo.reason`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Enum):
    """What went wrong, independent of transport; maps 1:1 onto gRPC codes."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    ABORTED = "ABORTED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
    UNAVAILABLE = "UNAVAILABLE"
    DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED"
    INTERNAL = "INTERNAL"


# Refusals a payment would lift (the plan's limits and entitlements, the credits): REST
# clients get 402 Payment Required for them, whatever their gRPC code (the RPC layer
# marks them with HTTP_STATUS_HEADER, which the gateway turns into the HTTP status), and
# their ErrorInfo names where to pay: CHECKOUT_KEY → billing's checkout (a plan or a
# credit package). Rate limits are not among them: they pass with time (429, Retry-After).
PAYMENT_REQUIRED_REASONS = frozenset({
    "ORG_AGENT_LIMIT_EXCEEDED", "ORG_RUN_LIMIT_EXCEEDED", "CAPABILITY_NOT_IN_PLAN",
    "QUALITY_NOT_IN_PLAN", "MODEL_NOT_IN_PLAN", "INSUFFICIENT_CREDITS",
})  # fmt: skip
HTTP_STATUS_HEADER = "x-keel-http-status"
CHECKOUT_KEY = "checkout_route"
CHECKOUT_ROUTE = "POST /v1/organizations/{org_id}/billing/checkout"


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request (`google.rpc.BadRequest.FieldViolation`)."""

    field: str
    description: str
    reason: str = ""


@dataclass(frozen=True)
class QuotaViolation:
    """One exhausted quota (`google.rpc.QuotaFailure.Violation`)."""

    subject: str
    description: str


class KeelError(Exception):
    """Base of every error a caller may see. Subclasses fix `kind`."""

    kind = Kind.INTERNAL

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        metadata: dict[str, str] | None = None,
        field_violations: list[FieldViolation] | None = None,
        quota_violations: list[QuotaViolation] | None = None,
        retry_after_seconds: float | None = None,
        domain: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        # Whose reason it is (`ErrorInfo.domain`): the serving service's unless set, as for
        # an error another service answered and this one passes on (`status.passed_on`).
        self.domain = domain
        self.metadata = metadata or {}
        self.field_violations = field_violations or []
        self.quota_violations = quota_violations or []
        self.retry_after_seconds = retry_after_seconds


class InvalidArgument(KeelError):
    kind = Kind.INVALID_ARGUMENT

    @classmethod
    def of_field(cls, field: str, description: str, reason: str) -> InvalidArgument:
        """One field's violation: "field: description", and that field in BadRequest."""
        return cls(
            f"{field}: {description}",
            reason=reason,
            field_violations=[FieldViolation(field, description, reason)],
        )


class NotFound(KeelError):
    kind = Kind.NOT_FOUND


class AlreadyExists(KeelError):
    kind = Kind.ALREADY_EXISTS


class FailedPrecondition(KeelError):
    kind = Kind.FAILED_PRECONDITION


class Conflict(KeelError):
    """A concurrent change won; the caller may retry the whole operation."""

    kind = Kind.ABORTED


class PermissionDenied(KeelError):
    kind = Kind.PERMISSION_DENIED


class Unauthenticated(KeelError):
    kind = Kind.UNAUTHENTICATED


class QuotaExceeded(KeelError):
    """A limit or rate was hit; carries `QuotaFailure` and, when known, `RetryInfo`."""

    kind = Kind.RESOURCE_EXHAUSTED


class Unavailable(KeelError):
    """A dependency is down; safe to retry later."""

    kind = Kind.UNAVAILABLE
