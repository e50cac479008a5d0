"""Reading a run's events, and following them as the workers write them.

The workers notify channel `run_events` in the transaction that adds an event: with the
run's id (`data.runs.append_event`), or, for text deltas, the hot path, with the events
themselves: a JSON array of those a worker's batch wrote, several runs' (`data.deltas`),
or one event as an object. One connection per process LISTENs and hands each watcher of
that run what arrived; a watcher reads the table when a notification does not carry its
event, after a gap, and every `POLL_SECONDS` of quiet, so a notification lost with a
dropped connection delays an event by that much at most and loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import asyncpg

from keel_runtime.db import Database
from services.agents.domain.events import RunEvent

log = logging.getLogger("keel.agents.events")
CHANNEL = "run_events"
POLL_SECONDS = 1.0
_PAGE = """SELECT run_id, sequence, type, data, terminal, created_at FROM run_events
WHERE run_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3"""


class _Follower:
    """One stream's mailbox: events the notifications carried, and a wake-up."""

    def __init__(self) -> None:
        self.woken = asyncio.Event()
        self.arrived: list[RunEvent] = []
        self.must_read = False  # a notification came without its event


class EventWatcher:
    """The domain's `Watcher` on agents's database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._waiting: dict[uuid.UUID, set[_Follower]] = defaultdict(set)
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
        """The stored events after `after`, then the live ones: as the notifications carry
        them while they come in order; from the table again after a gap, a notification
        without its event (the terminal ones, large ones) or `POLL_SECONDS` of quiet."""
        await self._listen()
        follower = _Follower()
        self._waiting[run_id].add(follower)
        try:
            while True:
                follower.woken.clear()
                follower.arrived.clear()  # the page below has them
                follower.must_read = False
                for event in await self.page(run_id, after, 500):
                    yield event
                    after = event.sequence
                    if event.terminal:
                        return
                async for event in self._live(follower, after):
                    yield event
                    after = event.sequence
                    if event.terminal:
                        return
        finally:
            self._waiting[run_id].discard(follower)
            if not self._waiting[run_id]:
                del self._waiting[run_id]

    async def _live(self, follower: _Follower, after: int) -> AsyncIterator[RunEvent]:
        """Events as notified, while each is the next one; returns when the table must
        be read (then `follow` pages from where the stream got to)."""
        while True:
            if not follower.arrived:
                try:
                    await asyncio.wait_for(follower.woken.wait(), POLL_SECONDS)
                except TimeoutError:
                    return
                follower.woken.clear()
            if follower.must_read:
                return  # a notification without its event: the table has it
            arrived, follower.arrived = follower.arrived, []
            for event in sorted(arrived, key=lambda e: e.sequence):
                if event.sequence <= after:
                    continue
                if event.sequence != after + 1:
                    return  # a gap: the table has what is missing
                yield event
                after = event.sequence

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
        if payload.startswith(("{", "[")):  # an event, or a batch's events
            for value in _values(payload):
                self._hand_over(_event(value))
            return
        with contextlib.suppress(ValueError):
            self._must_read(uuid.UUID(payload))

    def _hand_over(self, event: RunEvent | None) -> None:
        if event is None:
            return  # unreadable: the table has it, read after POLL_SECONDS at most
        for follower in self._waiting.get(event.run_id, ()):
            follower.arrived.append(event)
            follower.woken.set()

    def _must_read(self, run_id: uuid.UUID) -> None:
        for follower in self._waiting.get(run_id, ()):
            follower.must_read = True
            follower.woken.set()

    async def close(self) -> None:
        if self._listener is not None:
            await self._listener.close()


def _values(payload: str) -> list[Any]:
    """A notification's events as JSON values (`[None]` when it is not JSON)."""
    try:
        value = json.loads(payload)
    except ValueError:
        return [None]
    return value if isinstance(value, list) else [value]


def _event(value: Any) -> RunEvent | None:
    """An event a notification carries (a text delta: never terminal)."""
    try:
        return RunEvent(
            uuid.UUID(value["run"]), int(value["sequence"]), value["type"], value["data"],
            False, datetime.fromisoformat(value["at"]),
        )  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return None
