"""Reading a run's events, and following them as the workers write them.

The workers notify channel `run_events` with the run's id in the transaction that adds
an event (`data.runs.append_event`). One connection per process LISTENs and wakes the
watchers of that run, which then read what is new; a watcher also looks every
`POLL_SECONDS` on its own, so a notification lost with a dropped connection delays an
event by that much at most and loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import asyncpg

from keel_runtime.db import Database
from services.agents.domain.events import RunEvent

log = logging.getLogger("keel.agents.events")
CHANNEL = "run_events"
POLL_SECONDS = 1.0
_PAGE = """SELECT run_id, sequence, type, data, terminal, created_at FROM run_events
WHERE run_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3"""


class EventWatcher:
    """The domain's `Watcher` on agents's database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._waiting: dict[uuid.UUID, set[asyncio.Event]] = defaultdict(set)
        self._listener: asyncpg.Connection | None = None
        self._opening = asyncio.Lock()

    async def page(self, run_id: uuid.UUID, after: int, limit: int) -> list[RunEvent]:
        connection = await self.database.reader()
        try:
            rows = await connection.fetch(_PAGE, run_id, after, limit)
        finally:
            await self.database.release(connection)
        return [RunEvent(*row) for row in rows]

    async def follow(self, run_id: uuid.UUID, after: int) -> AsyncIterator[RunEvent]:
        await self._listen()
        woken = asyncio.Event()
        self._waiting[run_id].add(woken)
        try:
            while True:
                woken.clear()
                for event in await self.page(run_id, after, 500):
                    yield event
                    after = event.sequence
                    if event.terminal:
                        return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), POLL_SECONDS)
        finally:
            self._waiting[run_id].discard(woken)
            if not self._waiting[run_id]:
                del self._waiting[run_id]

    async def _listen(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        async with self._opening:
            if self._listener is not None and not self._listener.is_closed():
                return
            try:
                self._listener = await asyncpg.connect(self.database.dsn)
                await self._listener.add_listener(CHANNEL, self._notified)
            except (OSError, asyncpg.PostgresError):
                log.warning("cannot listen for run events; polling", exc_info=True)
                self._listener = None

    def _notified(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            for woken in self._waiting.get(uuid.UUID(payload), ()):
                woken.set()

    async def close(self) -> None:
        if self._listener is not None:
            await self._listener.close()
