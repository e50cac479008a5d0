"""Domain errors → gRPC status with `google.rpc` details (the wire half of the error model)."""

from __future__ import annotations

from collections.abc import Mapping

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from keel_runtime.errors import (
    CHECKOUT_KEY,
    CHECKOUT_ROUTE,
    HTTP_STATUS_HEADER,
    PAYMENT_REQUIRED_REASONS,
    FieldViolation,
    KeelError,
    Kind,
    QuotaViolation,
    Unavailable,
)

INTERNAL_REASON = "INTERNAL"
INVALID_ARGUMENT_REASON = "INVALID_ARGUMENT"


def error_domain(service: str) -> str:
    """The `ErrorInfo.domain` of a service's errors, e.g. `catalog.keel.dev`."""
    return f"{service}.keel.dev"


def _pack(message: object) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)  # type: ignore[arg-type]
    return packed


def to_status_proto(error: KeelError, domain: str) -> status_pb2.Status:
    details = [
        _pack(
            error_details_pb2.ErrorInfo(
                reason=error.reason, domain=error.domain or domain, metadata=_metadata(error)
            )
        )
    ]
    if error.field_violations:
        bad_request = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=v.field, description=v.description, reason=v.reason
                )
                for v in error.field_violations
            ]
        )
        details.append(_pack(bad_request))
    if error.quota_violations:
        quota = error_details_pb2.QuotaFailure(
            violations=[
                error_details_pb2.QuotaFailure.Violation(
                    subject=v.subject, description=v.description
                )
                for v in error.quota_violations
            ]
        )
        details.append(_pack(quota))
    if error.retry_after_seconds is not None:
        delay = duration_pb2.Duration()
        delay.FromMilliseconds(int(error.retry_after_seconds * 1000))
        details.append(_pack(error_details_pb2.RetryInfo(retry_delay=delay)))
    return status_pb2.Status(
        code=code_pb2.Code.Value(error.kind.value), message=error.message, details=details
    )


def _metadata(error: KeelError) -> Mapping[str, str]:
    """The error's metadata; a refusal a payment would lift also says where to pay."""
    if error.reason in PAYMENT_REQUIRED_REASONS:
        return {CHECKOUT_KEY: CHECKOUT_ROUTE, **error.metadata}
    return error.metadata


def to_grpc_status(error: KeelError, domain: str) -> grpc.Status:
    """A status carrying `grpc-status-details-bin`, plus `retry-after` for rate limits
    and the HTTP status for the refusals a payment would lift (the gateway's 402)."""
    status = rpc_status.to_status(to_status_proto(error, domain))
    extra: tuple[tuple[str, str], ...] = ()
    if error.retry_after_seconds is not None:
        extra += (("retry-after", str(max(1, round(error.retry_after_seconds)))),)
    if error.reason in PAYMENT_REQUIRED_REASONS:
        extra += ((HTTP_STATUS_HEADER, "402"),)
    return _with_trailers(status, extra) if extra else status


def _with_trailers(status: grpc.Status, extra: tuple[tuple[str, str], ...]) -> grpc.Status:
    class _Status(grpc.Status):  # grpc.Status is an abstract bag of three attributes
        code = status.code
        details = status.details
        trailing_metadata = tuple(status.trailing_metadata) + extra

    return _Status()


def grpc_code(kind: Kind) -> grpc.StatusCode:
    return grpc.StatusCode[kind.value]


def details_of(error: grpc.aio.AioRpcError | grpc.RpcError) -> list[object]:
    """Decode the `google.rpc` details of a failed call (for clients and tests)."""
    status = rpc_status.from_call(error)
    if status is None:
        return []
    decoded: list[object] = []
    for detail in status.details:
        for kind in (
            error_details_pb2.ErrorInfo,
            error_details_pb2.BadRequest,
            error_details_pb2.QuotaFailure,
            error_details_pb2.RetryInfo,
        ):
            if detail.Is(kind.DESCRIPTOR):
                message = kind()
                detail.Unpack(message)
                decoded.append(message)
    return decoded


# What another service answers that is our caller's to see, as it is; anything else
# (INTERNAL, UNAVAILABLE, a deadline, UNKNOWN) is that service being unavailable.
_PASSED_ON = frozenset(
    {
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.ALREADY_EXISTS,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.ABORTED,
        grpc.StatusCode.PERMISSION_DENIED,
        grpc.StatusCode.UNAUTHENTICATED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
    }
)


def passed_on(error: grpc.aio.AioRpcError, service: str) -> KeelError:
    """`service`'s refusal as the error to answer our own caller with: its code, message,
    reason and domain, metadata and details (field and quota violations, retry delay)."""
    code = error.code()
    if code not in _PASSED_ON:
        return Unavailable(
            f"{service} is unavailable; try again", reason=f"{service.upper()}_UNAVAILABLE"
        )
    info = error_details_pb2.ErrorInfo()
    fields: list[FieldViolation] = []
    quota: list[QuotaViolation] = []
    retry_after = None
    for detail in details_of(error):
        if isinstance(detail, error_details_pb2.ErrorInfo):
            info = detail
        elif isinstance(detail, error_details_pb2.BadRequest):
            fields = [
                FieldViolation(v.field, v.description, v.reason) for v in detail.field_violations
            ]
        elif isinstance(detail, error_details_pb2.QuotaFailure):
            quota = [QuotaViolation(v.subject, v.description) for v in detail.violations]
        elif isinstance(detail, error_details_pb2.RetryInfo):
            retry_after = detail.retry_delay.ToMilliseconds() / 1000
    passed = KeelError(
        error.details() or f"refused by {service}",
        reason=info.reason or code.name,
        metadata=dict(info.metadata),
        field_violations=fields,
        quota_violations=quota,
        retry_after_seconds=retry_after,
        domain=info.domain or error_domain(service),
    )
    passed.kind = Kind[code.name]  # the code as answered, whichever it is
    return passed
