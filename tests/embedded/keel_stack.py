"""A whole embedded stack for tests: its own KEEL_HOME and ports, driven through `keel`."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from deploy.embedded.ports import bind_error
from deploy.embedded.settings import StackSettings
from keel_runtime.config import SERVICES

# Below every system's ephemeral range, like the defaults, so no outgoing connection (of
# this stack or another) takes one; clear of the defaults, so a developer's stack is safe.
TEST_PORTS = range(21000, 30000)
INFRA_PORT_VARIABLES = (
    "KEEL_PG_PORT",
    "KEEL_REDIS_PORT",
    "KEEL_OTLP_PORT",
    "KEEL_GATEWAY_PORT",
    "KEEL_GATEWAY_ADMIN_PORT",
)


def stack_ports(count: int) -> list[int]:
    """`count` distinct ports of TEST_PORTS that a server could listen on right now."""
    found: list[int] = []
    for port in random.sample(TEST_PORTS, len(TEST_PORTS)):
        if bind_error("127.0.0.1", port) is None:
            found.append(port)
            if len(found) == count:
                return found
    raise RuntimeError(f"not {count} free ports in {TEST_PORTS}")


def stack_env(home: Path) -> dict[str, str]:
    """The environment of a stack in `home` on ports of its own."""
    # The caller's KEEL_*/OTEL_* win inside the stack, so drop them: they may point at a
    # developer's running stack.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEEL_", "OTEL_"))}
    variables = [*(f"KEEL_{name.upper()}_PORT" for name in SERVICES), *INFRA_PORT_VARIABLES]
    ports = stack_ports(len(variables))
    env |= {name: str(port) for name, port in zip(variables, ports, strict=True)}
    env |= {
        "KEEL_HOME": str(home),
        "KEEL_UP_TIMEOUT": "180",
        "OTEL_BSP_SCHEDULE_DELAY": "200",  # export spans quickly, tests wait for them
    }
    return env


@dataclass
class KeelStack:
    env: dict[str, str]

    @property
    def settings(self) -> StackSettings:
        return StackSettings.from_env(self.env)

    def keel(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `keel ARGS` against this stack."""
        return subprocess.run(
            _command(args),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start `keel ARGS` without waiting for it."""
        return subprocess.Popen(
            _command(args), env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )


def _command(args: tuple[str, ...]) -> list[str]:
    return [sys.executable, "-m", "deploy.embedded.cli", *args]
