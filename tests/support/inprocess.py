"""Run a service's real gRPC server inside the test's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from keel_runtime.server import ServiceSpec, serve
from tests.support.channels import mesh_env
from tests.support.net import free_port


@asynccontextmanager
async def running(spec: ServiceSpec, environ: dict[str, str]) -> AsyncIterator[str]:
    """Serve `spec` on a free port with settings from `environ`; yields its address."""
    prefix = f"KEEL_{spec.name.upper()}_"
    config = spec.load_config(
        spec.name,
        {
            **mesh_env(),
            prefix + "PORT": str(free_port()),
            "KEEL_HEALTH_CHECK_SECONDS": "0.2",
            **environ,
        },
    )
    stop = asyncio.Event()
    started: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(serve(spec, config, stop=stop, started=started.set_result))
    waiting: set[asyncio.Future[Any]] = {task, started}
    done, _ = await asyncio.wait(waiting, timeout=15, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # raises what stopped the server from starting
    port = started.result()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        stop.set()
        await task
