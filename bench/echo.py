"""The bare baseline: a `grpc.aio` server echoing raw bytes (no Keel runtime, no database).

    python -m bench.echo --port PORT

No (de)serializers are registered, so the handler gets and returns the request's bytes:
what is left is grpc.aio's own per-call cost, the floor for any Python gRPC service here.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Sequence

import grpc

SERVICE = "bench.Echo"
METHOD = "Echo"
PATH = f"/{SERVICE}/{METHOD}"


async def _echo(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    return request


async def serve(host: str, port: int) -> None:
    handler = grpc.method_handlers_generic_handler(
        SERVICE, {METHOD: grpc.unary_unary_rpc_method_handler(_echo)}
    )
    await serve_until_stopped("echo", host, port, (handler,))


# The Keel runtime's server options (keel_runtime/server.py), so only per-call work differs.
SERVER_OPTIONS = [("grpc.so_reuseport", 0), ("grpc.max_receive_message_length", 8 << 20)]


async def serve_until_stopped(
    name: str, host: str, port: int, handlers: Sequence[grpc.GenericRpcHandler]
) -> None:
    """A bare grpc.aio server with `handlers` on `host:port` until SIGTERM or SIGINT (the
    bench's baselines: this echo server and the catalog floor)."""
    server = grpc.aio.server(options=SERVER_OPTIONS)
    server.add_generic_rpc_handlers(handlers)
    if server.add_insecure_port(f"{host}:{port}") == 0:
        raise SystemExit(f"{name}: cannot listen on {host}:{port}")
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await server.stop(1.0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.echo", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
