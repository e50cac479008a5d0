"""The worker's liveness: its event loop touches a file every few seconds, and
`python -m services.agents.heartbeat` (the Kubernetes and compose liveness probe) says
whether the file is fresh. The probe
imports nothing but the standard library: it starts a process every period.

A worker serves no port, so nothing else can tell a wedged worker (an event loop stuck in
a blocking call, a deadlock between DBOS's threads and the loop) from a quiet one. Only
the loop is proven alive: a database or billing outage must not get workers restarted,
since a new one would wait for them all the same.

Settings: `KEEL_AGENTS_WORKER_HEARTBEAT_FILE` (default `/tmp/keel-agents-worker.alive`),
`KEEL_AGENTS_WORKER_HEARTBEAT_SECONDS` (how often, default 5) and
`KEEL_AGENTS_WORKER_HEARTBEAT_MAX_AGE_SECONDS` (stale after, default 30).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_PREFIX = "KEEL_AGENTS_WORKER_HEARTBEAT_"


@dataclass(frozen=True)
class Heartbeat:
    path: Path
    every_seconds: float
    max_age_seconds: float

    @classmethod
    def from_env(cls, environ: dict[str, str]) -> Heartbeat:
        return cls(
            Path(environ.get(_PREFIX + "FILE") or "/tmp/keel-agents-worker.alive"),
            float(environ.get(_PREFIX + "SECONDS") or 5),
            float(environ.get(_PREFIX + "MAX_AGE_SECONDS") or 30),
        )

    def beat(self) -> None:
        """The time now, written whole: a probe never reads half a file."""
        partial = self.path.with_name(self.path.name + ".tmp")
        partial.write_text(f"{time.time():.3f}\n")
        os.replace(partial, self.path)

    async def run(self) -> None:
        while True:
            self.beat()
            await asyncio.sleep(self.every_seconds)

    def age(self) -> float | None:
        """Seconds since the last beat (None: no beat yet, or an unreadable file)."""
        try:
            return time.time() - float(self.path.read_text())
        except (OSError, ValueError):
            return None


def alive() -> int:
    """0 when the worker's heartbeat is fresh; else 1, saying why."""
    heartbeat = Heartbeat.from_env(dict(os.environ))
    age = heartbeat.age()
    if age is None or age > heartbeat.max_age_seconds:
        seen = "no heartbeat" if age is None else f"last heartbeat {age:.0f} s ago"
        print(f"agents worker: {seen} ({heartbeat.path})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(alive())
