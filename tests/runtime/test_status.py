"""Another service's refusal, passed on to our own caller as it was answered."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from google.rpc import error_details_pb2

from keel_runtime.errors import (
    CHECKOUT_ROUTE,
    FailedPrecondition,
    KeelError,
    Kind,
    QuotaExceeded,
    QuotaViolation,
)
from keel_runtime.status import details_of, passed_on, to_grpc_status, to_status_proto

METHOD = "/test.Refuse/Now"


@pytest.fixture
async def refusing() -> AsyncIterator[grpc.aio.Channel]:
    """A server answering each call with the error its request names (a stand-in billing)."""

    async def refuse(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
        error: KeelError
        if request == b"quota":
            error = QuotaExceeded(
                "3 of 3 agents",
                reason="ORG_AGENT_LIMIT_EXCEEDED",
                metadata={"limit": "3"},
                quota_violations=[QuotaViolation("org/1", "agents")],
                retry_after_seconds=2,
            )
            await context.abort_with_status(to_grpc_status(error, "billing.keel.dev"))
        if request == b"credits":
            error = FailedPrecondition("not enough credits", reason="INSUFFICIENT_CREDITS")
            await context.abort_with_status(to_grpc_status(error, "billing.keel.dev"))
        if request == b"rate":
            error = QuotaExceeded("slow down", reason="RATE_LIMITED", retry_after_seconds=3)
            await context.abort_with_status(to_grpc_status(error, "billing.keel.dev"))
        await context.abort(grpc.StatusCode.INTERNAL, "boom")
        return b""

    server = grpc.aio.server()
    handler = grpc.unary_unary_rpc_method_handler(refuse)
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler("test.Refuse", {"Now": handler})]
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel
    await server.stop(0)


async def _refusal(channel: grpc.aio.Channel, request: bytes) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await channel.unary_unary(METHOD)(request, timeout=5)
    return refused.value


async def test_a_refusal_keeps_its_code_reason_domain_and_details(refusing):
    passed = passed_on(await _refusal(refusing, b"quota"), "billing")
    assert passed.kind is Kind.RESOURCE_EXHAUSTED
    assert passed.reason == "ORG_AGENT_LIMIT_EXCEEDED"
    assert passed.metadata == {"limit": "3", "checkout_route": CHECKOUT_ROUTE}
    assert passed.retry_after_seconds == 2
    # Answered again by the service passing it on: billing's reason stays billing's.
    status = to_status_proto(passed, "agents.keel.dev")
    info = error_details_pb2.ErrorInfo()
    assert status.details[0].Unpack(info) and info.domain == "billing.keel.dev"
    assert [v.subject for v in passed.quota_violations] == ["org/1"]


async def test_a_failure_of_the_other_service_is_it_being_unavailable(refusing):
    error = await _refusal(refusing, b"other")
    assert error.code() == grpc.StatusCode.INTERNAL and details_of(error) == []
    passed = passed_on(error, "billing")
    assert isinstance(passed, KeelError) and passed.kind is Kind.UNAVAILABLE
    assert passed.reason == "BILLING_UNAVAILABLE" and "boom" not in passed.message


async def test_a_refusal_a_payment_would_lift_asks_rest_clients_for_402_and_names_the_checkout(
    refusing,
):
    """gRPC callers get the same code; the trailer is for the gateway (REST's 402)."""
    for request, code in ((b"quota", grpc.StatusCode.RESOURCE_EXHAUSTED),
                          (b"credits", grpc.StatusCode.FAILED_PRECONDITION)):  # fmt: skip
        error = await _refusal(refusing, request)
        assert error.code() == code
        assert ("x-keel-http-status", "402") in tuple(error.trailing_metadata() or ())
        info = details_of(error)[0]
        assert isinstance(info, error_details_pb2.ErrorInfo)
        assert info.metadata["checkout_route"] == "POST /v1/organizations/{org_id}/billing/checkout"


async def test_a_rate_limit_is_no_payment_refusal(refusing):
    error = await _refusal(refusing, b"rate")
    trailers = dict(error.trailing_metadata() or ())
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert trailers["retry-after"] == "3" and "x-keel-http-status" not in trailers
    info = details_of(error)[0]
    assert isinstance(info, error_details_pb2.ErrorInfo) and "checkout_route" not in info.metadata
