"""Service clients (`keel_runtime.clients.connect`) retry only read methods, and only on
UNAVAILABLE: a read is safe to repeat, a write answered UNAVAILABLE may have been applied.
Against a real gRPC server over the mesh's TLS that answers as told and counts the attempts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import grpc
import pytest

from keel.catalog.v1 import templates_pb2, templates_pb2_grpc
from keel_runtime import clients, tls
from tests.support import channels

SERVICE = templates_pb2.DESCRIPTOR.services_by_name["TemplateService"]


@dataclass
class Flaky:
    """Answers each method with the codes queued for it (then OK), counting attempts."""

    failures: dict[str, list[grpc.StatusCode]] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)

    def handler(
        self, method: str, request_type: Any, reply: Callable[[], Any]
    ) -> grpc.RpcMethodHandler:
        async def handle(request: Any, context: grpc.aio.ServicerContext) -> Any:
            self.attempts[method] = self.attempts.get(method, 0) + 1
            queued = self.failures.get(method, [])
            if queued:
                await context.abort(queued.pop(0), "not now")
            return reply()

        return grpc.unary_unary_rpc_method_handler(
            handle,
            request_deserializer=request_type.FromString,
            response_serializer=lambda message: message.SerializeToString(),
        )


@pytest.fixture
async def flaky() -> AsyncIterator[tuple[Flaky, templates_pb2_grpc.TemplateServiceStub]]:
    """The server, as catalog, and a stub on the runtime's client channel to it, as agents."""
    state = Flaky()
    server = grpc.aio.server()
    server.add_generic_rpc_handlers(
        [
            grpc.method_handlers_generic_handler(
                SERVICE.full_name,
                {
                    "GetTemplate": state.handler(
                        "GetTemplate",
                        templates_pb2.GetTemplateRequest,
                        templates_pb2.GetTemplateResponse,
                    ),
                    "CreateTemplate": state.handler(
                        "CreateTemplate",
                        templates_pb2.CreateTemplateRequest,
                        templates_pb2.CreateTemplateResponse,
                    ),
                },
            )
        ]
    )
    port = channels.listen(server, "127.0.0.1:0", workload="catalog")
    await server.start()
    previous = tls.local()
    tls.use(tls.MeshTls.from_env("agents"))
    channel = clients.connect("catalog", target=f"127.0.0.1:{port}", service_descriptors=[SERVICE])
    try:
        yield state, templates_pb2_grpc.TemplateServiceStub(channel)
    finally:
        await channel.close()
        tls.use(previous)
        await server.stop(None)


GET = templates_pb2.GetTemplateRequest(template_id="0a6f3e55-7c1d-4a8e-9b2f-000000000001")
CREATE = templates_pb2.CreateTemplateRequest()


async def test_a_read_answered_unavailable_is_retried_until_it_succeeds(flaky):
    state, stub = flaky
    state.failures["GetTemplate"] = [grpc.StatusCode.UNAVAILABLE] * 2
    await stub.GetTemplate(GET)
    assert state.attempts["GetTemplate"] == 3


async def test_a_read_is_tried_three_times_at_most(flaky):
    state, stub = flaky
    state.failures["GetTemplate"] = [grpc.StatusCode.UNAVAILABLE] * 5
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await stub.GetTemplate(GET)
    assert failure.value.code() == grpc.StatusCode.UNAVAILABLE
    assert state.attempts["GetTemplate"] == 3


async def test_a_write_answered_unavailable_is_not_retried(flaky):
    state, stub = flaky
    state.failures["CreateTemplate"] = [grpc.StatusCode.UNAVAILABLE]
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await stub.CreateTemplate(CREATE)
    assert failure.value.code() == grpc.StatusCode.UNAVAILABLE
    assert state.attempts["CreateTemplate"] == 1
    await stub.CreateTemplate(CREATE)  # the caller decides whether to try again
    assert state.attempts["CreateTemplate"] == 2


@pytest.mark.parametrize(
    "code",
    [grpc.StatusCode.INTERNAL, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.ABORTED],
)
async def test_a_read_failing_otherwise_is_not_retried(flaky, code):
    state, stub = flaky
    state.failures["GetTemplate"] = [code]
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await stub.GetTemplate(GET)
    assert failure.value.code() == code
    assert state.attempts["GetTemplate"] == 1
