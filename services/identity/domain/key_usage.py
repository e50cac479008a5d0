"""When each API key was last used, kept off the hot path.

The gateway's check only notes the time in memory; a loop writes what accumulated every
`KEEL_IDENTITY_KEY_USAGE_FLUSH_SECONDS` in one statement. So a key used a thousand times a
second costs one row update per interval, and no check ever waits for a write. At
shutdown the loop writes its last batch before it ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

log = logging.getLogger("keel.identity.key_usage")

# Writes {key id: last use}; moves `last_used_at` forward only.
Store = Callable[[dict[str, datetime]], Awaitable[None]]


class KeyUsage:
    def __init__(self, store: Store, interval_seconds: float) -> None:
        self.store = store
        self.interval = interval_seconds
        self._pending: dict[str, datetime] = {}

    def record(self, key_id: str) -> None:
        self._pending[key_id] = datetime.now(UTC)

    async def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, {}
        try:
            await self.store(batch)
        except BaseException as exc:
            # Keep the batch for the next flush; uses noted meanwhile are newer and win.
            self._pending = {**batch, **self._pending}
            if not isinstance(exc, Exception):
                raise
            log.warning("could not record API key use, will retry: %s", type(exc).__name__)

    async def run(self) -> None:
        try:
            while True:
                await asyncio.sleep(self.interval)
                await self.flush()
        finally:
            await self.flush()
