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

import grpc

SERVICE = "bench.Echo"
METHOD = "Echo"
PATH = f"/{SERVICE}/{METHOD}"


async def _echo(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    return request


async def serve(host: str, port: int) -> None:
    # The same server options as the Keel runtime's, so only the per-call work differs.
    server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
    handler = grpc.method_handlers_generic_handler(
        SERVICE, {METHOD: grpc.unary_unary_rpc_method_handler(_echo)}
    )
    server.add_generic_rpc_handlers((handler,))
    if server.add_insecure_port(f"{host}:{port}") == 0:
        raise SystemExit(f"echo: cannot listen on {host}:{port}")
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
