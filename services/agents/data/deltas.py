"""Streamed text deltas, written with group commit: one writer per worker process.

A model stream hands its text to `DeltaWriter.write` every flush and waits for the answer
(whether a cancel was asked for). When no write is in flight, the delta is written at
once; while one is, the deltas that arrive meanwhile (any runs') wait and are written
together next, in one statement and one commit. PostgreSQL serializes commits that
NOTIFY, so a commit per delta, per run, was what capped the events a second.

One statement per batch: each run's `last_event` bumped by its count, each event
inserted with its sequence (a run's in the order they were handed over), one
notification carrying the batch's events as a JSON array (when that would pass NOTIFY's
8,000 bytes: one per event, or just the run's id for an event that alone would; the
watchers then read the table), and each run's cancel flag. Every listening backend reads
every notification, so one per batch rather than one per event saves PostgreSQL's time.
Batches go one at a time on one connection, so a run's events are stored in order.

A batch that fails is written again delta by delta, so that one run's error (its
terminal event already written: the trigger refuses) fails that run's deltas only;
the others' waiters get their answer, the failing ones the error: nothing is dropped.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass, field

import asyncpg

# $1 the runs, $2 each delta's data (NULL: only the cancel flag is asked for), in order.
BATCH = """
WITH given AS (
  SELECT run_id, data, ord FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY g(run_id, data, ord)
), counted AS (
  SELECT run_id, count(data) AS n FROM given GROUP BY run_id
), bumped AS (
  UPDATE runs r SET last_event = r.last_event + c.n FROM counted c
  WHERE r.id = c.run_id AND c.n > 0
  RETURNING r.id, r.last_event - c.n AS base
), added AS (
  INSERT INTO run_events (run_id, sequence, type, data)
  SELECT g.run_id, b.base + row_number() OVER (PARTITION BY g.run_id ORDER BY g.ord),
    'message.delta', CAST(g.data AS jsonb)
  FROM given g JOIN bumped b ON b.id = g.run_id WHERE g.data IS NOT NULL
  RETURNING run_id, sequence, json_build_object('run', run_id, 'sequence', sequence,
    'type', type, 'data', data, 'at', created_at)::text AS event
), together AS (
  SELECT '[' || string_agg(event, ',' ORDER BY run_id, sequence) || ']' AS events FROM added
), notified AS (
  SELECT count(pg_notify('run_events', payload)) AS n FROM (
    SELECT events AS payload FROM together WHERE octet_length(events) < 7900
    UNION ALL
    SELECT CASE WHEN octet_length(event) < 7900 THEN event ELSE CAST(run_id AS text) END
    FROM added, together WHERE octet_length(together.events) >= 7900
  ) p
)
SELECT r.id, r.cancel_requested_at IS NOT NULL AS cancel
FROM runs r JOIN counted c ON r.id = c.run_id, notified"""


class RunMissing(LookupError):
    """A delta for a run that is not in the database."""


@dataclass
class _Delta:
    run_id: uuid.UUID
    data: str | None  # the event's data as JSON; None to ask for the cancel flag only
    answer: asyncio.Future[bool] = field(repr=False)


class DeltaWriter:
    """The process's text deltas, group-committed on one connection of its own."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._queued: list[_Delta] = []
        self._writing: asyncio.Task[None] | None = None
        self._connection: asyncpg.Connection | None = None

    async def write(self, run_id: uuid.UUID, text: str) -> bool:
        """Store `text` as the run's next `message.delta` (nothing when empty); whether
        a cancel was asked for."""
        data = json.dumps({"text": text}) if text else None
        delta = _Delta(run_id, data, asyncio.get_running_loop().create_future())
        self._queued.append(delta)
        if self._writing is None:
            self._writing = asyncio.create_task(self._drain())
        return await delta.answer

    async def close(self) -> None:
        if self._writing is not None:
            self._writing.cancel()
            await asyncio.gather(self._writing, return_exceptions=True)
        _fail(self._queued, ConnectionError("the delta writer closed"))
        if self._connection is not None:
            await self._connection.close()

    async def _drain(self) -> None:
        batch: list[_Delta] = []
        try:
            while self._queued:
                # A waiter that gave up (cancelled) before its batch left is not written.
                batch = [d for d in self._queued if not d.answer.done()]
                self._queued = []
                if batch:
                    await self._write(batch)
        except BaseException as stopped:  # cancelled by close(): nobody is left waiting
            _fail(batch, ConnectionError(f"the delta writer stopped ({stopped!r})"))
            raise
        finally:
            self._writing = None

    async def _write(self, batch: list[_Delta]) -> None:
        try:
            answers = await self._send(batch)
        except Exception as error:
            if len(batch) == 1 or not self._usable():
                _fail(batch, error)
                return
            await self._write_one_by_one(batch)
            return
        for delta in batch:
            if delta.run_id in answers:
                _answer(delta, answers[delta.run_id])
            else:
                _fail([delta], RunMissing(f"run {delta.run_id} is missing"))

    async def _write_one_by_one(self, batch: list[_Delta]) -> None:
        """After a batch failed: each alone, in order; a run whose delta failed gets its
        later ones failed too (never a later text stored without an earlier one)."""
        failed: dict[uuid.UUID, BaseException] = {}
        for delta in batch:
            if delta.run_id in failed:
                _fail([delta], failed[delta.run_id])
                continue
            try:
                answers = await self._send([delta])
            except Exception as error:
                failed[delta.run_id] = error
                _fail([delta], error)
                continue
            if delta.run_id in answers:
                _answer(delta, answers[delta.run_id])
            else:
                failed[delta.run_id] = RunMissing(f"run {delta.run_id} is missing")
                _fail([delta], failed[delta.run_id])

    async def _send(self, batch: list[_Delta]) -> dict[uuid.UUID, bool]:
        if not self._usable():
            self._connection = await asyncpg.connect(self.dsn)
        assert self._connection is not None
        rows = await self._connection.fetch(
            BATCH, [d.run_id for d in batch], [d.data for d in batch]
        )
        return {row["id"]: bool(row["cancel"]) for row in rows}

    def _usable(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()


def _answer(delta: _Delta, cancel: bool) -> None:
    if not delta.answer.done():
        delta.answer.set_result(cancel)


def _fail(deltas: list[_Delta], error: BaseException) -> None:
    for delta in deltas:
        if not delta.answer.done():
            delta.answer.set_exception(error)
