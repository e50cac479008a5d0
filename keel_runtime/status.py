"""Domain errors → gRPC status with `google.rpc` details (the wire half of the error model)."""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from keel_runtime.errors import KeelError, Kind

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
            error_details_pb2.ErrorInfo(reason=error.reason, domain=domain, metadata=error.metadata)
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


def to_grpc_status(error: KeelError, domain: str) -> grpc.Status:
    """A status carrying `grpc-status-details-bin`, plus `retry-after` for rate limits."""
    status = rpc_status.to_status(to_status_proto(error, domain))
    if error.retry_after_seconds is not None:
        retry_after = str(max(1, round(error.retry_after_seconds)))
        status = _with_trailers(status, (("retry-after", retry_after),))
    return status


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
