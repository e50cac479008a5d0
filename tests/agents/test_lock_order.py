"""Starts and the worker's steps lock a thread and its runs in one order, so they never
deadlock: a start on a busy thread (its policy, an interrupt's cancels) holds the thread,
then locks the runs; a step that held its run while it waited for that thread would wait
on the start while the start waited on it, and PostgreSQL would end one of them with an
error (a failed start, or a run failed by its step)."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from keel_runtime.db import Database
from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished

# Backends waiting for a row lock (a tuple, or the transaction that holds it).
_WAITING = """SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE NOT l.granted AND l.locktype IN ('transactionid', 'tuple') AND a.datname = current_database()
  AND a.pid <> pg_backend_pid()"""


async def _waiting(probe: asyncpg.Connection, seconds: float) -> bool:
    for _ in range(int(seconds / 0.01)):
        if await probe.fetchval(_WAITING):
            return True
        await asyncio.sleep(0.01)
    return False


async def _step_waits_for_the_thread(
    person: Any, agent_id: str, agents_db: Database
) -> bool | None:
    """Hold a new run's thread as a start would, until the worker's next step waits on
    it; then whether that step let its run go meanwhile (None: the run ended first)."""
    started = await person.post(f"/v1/agents/{agent_id}/runs", {"input": "hello"})
    assert started.status_code == 200, started.text
    run = started.json()["run"]
    holder, probe, locker = [await asyncpg.connect(agents_db.dsn) for _ in range(3)]
    try:
        async with holder.transaction():
            await holder.execute("SELECT FROM threads WHERE id = $1 FOR UPDATE", run["thread_id"])
            if not await _waiting(probe, 3.0):
                return None
            try:
                async with locker.transaction():
                    await locker.execute(
                        "SELECT FROM runs WHERE id = $1 FOR UPDATE NOWAIT", run["id"]
                    )
            except asyncpg.LockNotAvailableError:
                return False
            return True
    finally:
        for connection in (holder, probe, locker):
            await connection.close()
        done = await finished(person, run["id"])
        assert done["status"] == "RUN_STATUS_COMPLETED", done


async def test_a_step_never_holds_its_run_while_waiting_for_its_thread(
    edge, runner, paying: Org, agents_db: Database
):
    agent = await support.create(paying.owner)
    answers = []
    for _ in range(5):  # the run may end before its thread is held: try another
        answer = await _step_waits_for_the_thread(paying.owner, agent["id"], agents_db)
        answers.append(answer)
        if answer is not None:
            break
    assert answers[-1] is True, answers
