"""A server stream through the real Envoy to an HTTP/1.1 client, error in the middle included.

Keel has no streaming RPC with a REST route yet (run events will be the first), so this
compiles a small one of its own; the gateway config is the real one, generated from it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from gateway.access import PUBLIC_METHODS
from keel_runtime.errors import FailedPrecondition
from keel_runtime.status import error_domain, to_grpc_status
from tests.support import channels
from tests.support.envoy import envoy_gateway, nowhere
from tests.support.protos import with_test_proto

TICKER_PROTO = """
syntax = "proto3";
package keel.catalog.streamtest;
import "google/api/annotations.proto";

service TickerService {
  rpc Ticks(TicksRequest) returns (stream Tick) {
    option (google.api.http) = {get: "/v1/ticks"};
  }
}
message TicksRequest {
  int32 count = 1;
  bool fail = 2;
}
message Tick {
  int32 n = 1;
}
"""


@pytest.fixture(scope="module")
def ticker_descriptor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("ticker")
    merged = with_test_proto(TICKER_PROTO, "ticker", home)
    path = home / "merged.binpb"
    path.write_bytes(merged.SerializeToString())
    return path


def _message_classes(descriptor: Path) -> tuple[Any, Any]:
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_pb2.FileDescriptorSet.FromString(descriptor.read_bytes()).file:
        pool.Add(file)
    request = message_factory.GetMessageClass(
        pool.FindMessageTypeByName("keel.catalog.streamtest.TicksRequest")
    )
    tick = message_factory.GetMessageClass(
        pool.FindMessageTypeByName("keel.catalog.streamtest.Tick")
    )
    return request, tick


@pytest.fixture(scope="module")
async def ticker_gateway(ticker_descriptor: Path, tmp_path_factory) -> AsyncIterator[int]:
    request_class, tick_class = _message_classes(ticker_descriptor)

    async def ticks(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
        for n in range(request.count):
            yield tick_class(n=n)
        if request.fail:
            error = FailedPrecondition("the ticker broke", reason="TICKER_BROKE")
            await context.abort_with_status(to_grpc_status(error, error_domain("catalog")))

    handler = grpc.unary_stream_rpc_method_handler(
        ticks,
        request_deserializer=request_class.FromString,
        response_serializer=tick_class.SerializeToString,
    )
    server = grpc.aio.server()
    server.add_generic_rpc_handlers(
        [
            grpc.method_handlers_generic_handler(
                "keel.catalog.streamtest.TickerService", {"Ticks": handler}
            )
        ]
    )
    upstream = channels.listen(server, "127.0.0.1:0", workload="catalog")
    await server.start()
    # The ticker is this test's own method: public, so it is called without a token.
    public = PUBLIC_METHODS | {"keel.catalog.streamtest.TickerService/Ticks"}
    async with envoy_gateway(
        tmp_path_factory.mktemp("ticker-envoy"),
        {"catalog": f"127.0.0.1:{upstream}", "identity": nowhere()},
        {"KEEL_GATEWAY_DESCRIPTOR": str(ticker_descriptor)},
        public_methods=public,
    ) as envoy:
        yield envoy.port
    await server.stop(0)


async def _http11_get(port: int, target: str) -> tuple[str, str, dict[str, str]]:
    """(status line, body, trailers) of a chunked HTTP/1.1 response, read off the socket."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {target} HTTP/1.1\r\nHost: keel\r\nTE: trailers\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    raw = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    head, _, rest = raw.decode().partition("\r\n\r\n")
    assert "transfer-encoding: chunked" in head.lower(), head
    body, trailers = "", {}
    while True:
        size_line, _, rest = rest.partition("\r\n")
        size = int(size_line, 16)
        if size == 0:
            for line in rest.split("\r\n"):
                if ":" in line:
                    name, _, value = line.partition(":")
                    trailers[name.strip().lower()] = value.strip()
            break
        body, rest = body + rest[:size], rest[size + 2 :]
    return head.split("\r\n")[0], body, trailers


async def test_a_complete_stream_is_a_json_array(ticker_gateway: int) -> None:
    status, body, trailers = await _http11_get(ticker_gateway, "/v1/ticks?count=3")
    assert status == "HTTP/1.1 200 OK"
    assert json.loads(body) == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert trailers.get("grpc-status", "0") == "0"


async def test_an_error_mid_stream_reaches_an_http11_client_as_trailers(
    ticker_gateway: int,
) -> None:
    status, body, trailers = await _http11_get(ticker_gateway, "/v1/ticks?count=2&fail=true")
    assert status == "HTTP/1.1 200 OK"  # the headers went out with the first message
    assert '{"n":0}' in body.replace(" ", "") and '{"n":1}' in body.replace(" ", "")
    assert trailers["grpc-status"] == "9"  # FAILED_PRECONDITION
    assert trailers["grpc-message"] == "the ticker broke"
