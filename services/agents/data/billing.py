"""billing's UsageService as the domain's `AgentLimit`.

CheckLimit goes out as the caller (billing checks their `agents.create`); RecordUsage as
the agents service itself, acting for the organization (its written grant, `agents.run`),
so a caller allowed to create agents never needs the right to run them for the count to
be kept. billing's refusals come back as the same error: its ErrorInfo reason and
metadata, QuotaFailure and RetryInfo, so the REST client sees billing's reason.
"""

from __future__ import annotations

import asyncio
import uuid

import grpc
from google.rpc import error_details_pb2

from keel.billing.v1 import usage_pb2, usage_pb2_grpc
from keel_runtime import clients
from keel_runtime import context as request_context
from keel_runtime.errors import (
    AlreadyExists,
    Conflict,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    KeelError,
    NotFound,
    PermissionDenied,
    QuotaExceeded,
    QuotaViolation,
    Unauthenticated,
    Unavailable,
)
from keel_runtime.status import details_of

# billing's answers that are the caller's to see, as they are; anything else (INTERNAL,
# UNAVAILABLE, a deadline) is billing being unavailable.
_PASSED_ON: dict[grpc.StatusCode, type[KeelError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.ALREADY_EXISTS: AlreadyExists,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPrecondition,
    grpc.StatusCode.ABORTED: Conflict,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
    grpc.StatusCode.RESOURCE_EXHAUSTED: QuotaExceeded,
}
_SERVICE = usage_pb2.DESCRIPTOR.services_by_name["UsageService"]


def billing_error(error: grpc.aio.AioRpcError) -> KeelError:
    """billing's error, to answer our caller with (its code, reason and details)."""
    info = error_details_pb2.ErrorInfo()
    quota: list[QuotaViolation] = []
    fields: list[FieldViolation] = []
    retry_after = None
    for detail in details_of(error):
        if isinstance(detail, error_details_pb2.ErrorInfo):
            info = detail
        elif isinstance(detail, error_details_pb2.QuotaFailure):
            quota = [QuotaViolation(v.subject, v.description) for v in detail.violations]
        elif isinstance(detail, error_details_pb2.BadRequest):
            fields = [
                FieldViolation(v.field, v.description, v.reason) for v in detail.field_violations
            ]
        elif isinstance(detail, error_details_pb2.RetryInfo):
            retry_after = detail.retry_delay.ToMilliseconds() / 1000
    cls = _PASSED_ON.get(error.code())
    if cls is None:
        return Unavailable("billing is unavailable; try again", reason="BILLING_UNAVAILABLE")
    return cls(
        error.details() or "refused by billing",
        reason=info.reason or error.code().name,
        metadata=dict(info.metadata),
        field_violations=fields,
        quota_violations=quota,
        retry_after_seconds=retry_after,
    )


class BillingAgentLimit:
    """The plan's agent limit, kept by billing (one channel per event loop)."""

    def __init__(self, target: str | None = None) -> None:
        self.target = target
        self._stubs: dict[asyncio.AbstractEventLoop, usage_pb2_grpc.UsageServiceStub] = {}

    def _stub(self) -> usage_pb2_grpc.UsageServiceStub:
        loop = asyncio.get_running_loop()
        stub = self._stubs.get(loop)
        if stub is None:
            channel = clients.connect(
                "billing", service_descriptors=[_SERVICE], default_timeout=3.0, target=self.target
            )
            stub = self._stubs[loop] = usage_pb2_grpc.UsageServiceStub(channel)
        return stub

    async def check(self, org_id: uuid.UUID) -> None:
        request = usage_pb2.CheckLimitRequest(
            org_id=str(org_id), limit=usage_pb2.LIMIT_KIND_AGENTS, increment=1
        )
        try:
            await self._stub().CheckLimit(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None

    async def record(self, org_id: uuid.UUID, delta: int, idempotency_key: str) -> None:
        request = usage_pb2.RecordUsageRequest(
            org_id=str(org_id), idempotency_key=idempotency_key, agents_delta=delta
        )
        try:
            with request_context.acting_for(str(org_id)):
                await self._stub().RecordUsage(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None
