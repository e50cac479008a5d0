"""The workers' text deltas through `data.deltas.DeltaWriter`, on agents's real database:
many runs streaming at once share commits, and each run's events stay dense and in order,
each text stored and announced once, a cancel seen at the next write, and one run's
error fails only that run's deltas."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest

from keel_runtime.db import Database
from services.agents.data.deltas import DeltaWriter, RunMissing
from services.agents.data.run_events import CHANNEL

RUNS = 30
DELTAS = 20  # per run

_AGENT = """INSERT INTO agents (id, org_id, name, visibility, created_by, latest_version, config)
VALUES ($1, $2, 'Deltas', 'organization', $3, 1, '{}')"""
_THREAD = "INSERT INTO threads (id, org_id, created_by) VALUES ($1, $2, $3)"
_RUN = """INSERT INTO runs (id, org_id, agent_id, agent_version, thread_id, status, input,
  created_by, model, config, timeout_seconds, started_at)
VALUES ($1, $2, $3, 1, $4, 'running', 'hi', $5, 'm', '{}', 60, now())"""


@pytest.fixture
async def dsn(new_database: Callable[[str], str]) -> AsyncIterator[str]:
    database = Database(new_database("agents"), pool_size=1)
    try:
        yield database.dsn
    finally:
        await database.close()


async def _runs(connection: asyncpg.Connection, n: int) -> list[uuid.UUID]:
    org, user, agent, thread = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await connection.execute(_AGENT, agent, org, user)
    await connection.execute(_THREAD, thread, org, user)
    ids = [uuid.uuid4() for _ in range(n)]
    for run_id in ids:
        await connection.execute(_RUN, run_id, org, agent, thread, user)
    return ids


async def _stream(writer: DeltaWriter, run_id: uuid.UUID) -> list[str]:
    """A model stream's flushes: one delta after the other, as `execution._stream` does."""
    texts = [f"{run_id.hex[:6]}-{n} " for n in range(DELTAS)]
    for text in texts:
        assert await writer.write(run_id, text) is False
        await asyncio.sleep(0)
    return texts


async def test_concurrent_runs_share_commits_and_keep_their_order(dsn: str) -> None:
    connection = await asyncpg.connect(dsn)
    notified: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)

    def heard(_c: Any, _pid: int, _channel: str, payload: str) -> None:
        value = json.loads(payload)
        for event in value if isinstance(value, list) else [value]:
            notified[uuid.UUID(event["run"])].append(event)

    listener = await asyncpg.connect(dsn)
    await listener.add_listener(CHANNEL, heard)
    writer = DeltaWriter(dsn)
    try:
        ids = await _runs(connection, RUNS)
        written = await asyncio.gather(*(_stream(writer, run_id) for run_id in ids))
        rows = await connection.fetch(
            "SELECT run_id, sequence, type, data, xmin::text AS tx FROM run_events"
            " ORDER BY run_id, sequence"
        )
        last = dict(await connection.fetch("SELECT id, last_event FROM runs"))
        await asyncio.sleep(0.2)  # the last notifications
    finally:
        await writer.close()
        await listener.close()
        await connection.close()
    stored: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in rows:
        stored[row["run_id"]].append(row)
    for run_id, texts in zip(ids, written, strict=True):
        events = stored[run_id]
        assert [e["sequence"] for e in events] == list(range(1, DELTAS + 1))
        assert {e["type"] for e in events} == {"message.delta"}
        assert [json.loads(e["data"])["text"] for e in events] == texts
        assert last[run_id] == DELTAS
        assert [e["sequence"] for e in notified[run_id]] == list(range(1, DELTAS + 1))
        assert [e["data"]["text"] for e in notified[run_id]] == texts
    # Group commit: far fewer transactions than events.
    assert len({row["tx"] for row in rows}) < len(rows) / 2


async def test_deltas_of_one_run_handed_over_together_are_numbered_in_order(dsn: str) -> None:
    connection = await asyncpg.connect(dsn)
    writer = DeltaWriter(dsn)
    try:
        (run_id,) = await _runs(connection, 1)
        texts = [f"part {n}" for n in range(10)]
        await asyncio.gather(*(writer.write(run_id, t) for t in texts))
        stored = await connection.fetch(
            "SELECT sequence, data FROM run_events WHERE run_id = $1 ORDER BY sequence", run_id
        )
    finally:
        await writer.close()
        await connection.close()
    assert [r["sequence"] for r in stored] == list(range(1, 11))
    assert [json.loads(r["data"])["text"] for r in stored] == texts


async def test_a_cancel_is_seen_at_the_next_write(dsn: str) -> None:
    connection = await asyncpg.connect(dsn)
    writer = DeltaWriter(dsn)
    try:
        run_id, other = await _runs(connection, 2)
        assert await writer.write(run_id, "before") is False
        await connection.execute(
            "UPDATE runs SET cancel_requested_at = now() WHERE id = $1", run_id
        )
        answers = await asyncio.gather(writer.write(run_id, "after"), writer.write(other, "x"))
        assert answers == [True, False]
        assert await writer.write(run_id, "") is True  # a cancel check alone writes nothing
        count = await connection.fetchval(
            "SELECT count(*) FROM run_events WHERE run_id = $1", run_id
        )
    finally:
        await writer.close()
        await connection.close()
    assert count == 2


async def test_one_runs_error_fails_only_its_deltas(dsn: str) -> None:
    """A run whose terminal event is written refuses more (the trigger); a run that does
    not exist is an error too; the batch's other runs are stored."""
    connection = await asyncpg.connect(dsn)
    writer = DeltaWriter(dsn)
    try:
        ended, fine = await _runs(connection, 2)
        await connection.execute("UPDATE runs SET last_event = 1 WHERE id = $1", ended)
        await connection.execute(
            "INSERT INTO run_events (run_id, sequence, type, terminal)"
            " VALUES ($1, 1, 'run.completed', true)", ended,
        )  # fmt: skip
        results = await asyncio.gather(
            writer.write(fine, "one"), writer.write(ended, "late"),
            writer.write(uuid.uuid4(), "nobody"), writer.write(fine, "two"),
            return_exceptions=True,
        )  # fmt: skip
        stored = await connection.fetch(
            "SELECT data FROM run_events WHERE run_id = $1 ORDER BY sequence", fine
        )
    finally:
        await writer.close()
        await connection.close()
    assert results[0] is False and results[3] is False
    assert isinstance(results[1], asyncpg.PostgresError)
    assert isinstance(results[2], RunMissing)
    assert [json.loads(r["data"])["text"] for r in stored] == ["one", "two"]


async def test_large_deltas_are_notified_alone_or_by_run_id(dsn: str) -> None:
    """A batch's events go in one notification while they fit NOTIFY's 8,000 bytes; else
    each alone, and one too large alone as its run's id (the watchers read the table)."""
    connection = await asyncpg.connect(dsn)
    payloads: list[str] = []
    listener = await asyncpg.connect(dsn)
    await listener.add_listener(CHANNEL, lambda *args: payloads.append(args[3]))
    writer = DeltaWriter(dsn)
    try:
        small, big, huge = await _runs(connection, 3)
        await writer.write(small, "first")  # alone: the others queue behind it
        await asyncio.gather(
            writer.write(small, "a"), writer.write(small, "b"), writer.write(big, "x" * 7600),
        )  # fmt: skip
        await asyncio.gather(writer.write(small, "c"), writer.write(huge, "y" * 9000))
        await asyncio.sleep(0.2)
    finally:
        await writer.close()
        await listener.close()
        await connection.close()
    shapes = [p if p == str(huge) else [(e["run"], e["sequence"]) for e in _events(p)]
              for p in payloads]  # fmt: skip
    run = str(small)
    assert shapes[0] == [(run, 1)]  # a batch that fits: one notification (of one, here)
    assert sorted(shapes[1:4]) == sorted([[(str(big), 1)], [(run, 2)], [(run, 3)]])  # alone
    assert sorted(map(str, shapes[4:])) == sorted([str([(run, 4)]), str(huge)])


def _events(payload: str) -> list[dict[str, Any]]:
    value = json.loads(payload)
    return value if isinstance(value, list) else [value]
