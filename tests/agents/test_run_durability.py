"""A worker SIGKILLed in the middle of a model call: another worker takes the run over,
and the run completes once: one completed model step, one charge, one terminal event,
one assistant message on the thread."""

from __future__ import annotations

import asyncio

from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished
from tests.agents.workers import Worker

# The built-in model streams a word every 200 ms: a call lasts long enough to be killed in.
SLOW = {"KEEL_AGENTS_BUILTIN_CHUNK_DELAY_MS": "200"}


async def _first_delta(agents_db, run_id: str) -> None:
    for _ in range(300):
        if await support.count(
            agents_db,
            "SELECT count(*) FROM run_events WHERE run_id = :id AND type = 'message.delta'",
            id=run_id,
        ):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the model call never started streaming")


async def test_a_worker_killed_during_a_model_call_completes_the_run_once(
    edge, agents, agents_env, agents_db, paying: Org, tmp_path
):
    first = Worker(agents_env | SLOW, tmp_path / "first.log").start()
    agent = await support.create(paying.owner)
    words = " ".join(f"word{i}" for i in range(12))
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": words, "budget_credits": "10"}
    )
    assert started.status_code == 200, started.text
    run_id = started.json()["run"]["id"]
    await _first_delta(agents_db, run_id)
    first.kill()
    second = Worker(agents_env | SLOW, tmp_path / "second.log").start()
    try:
        done = await finished(paying.owner, run_id, seconds=60)
    finally:
        second.stop()
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["output"] == f"You said: {words}"
    assert done["usage"]["model_calls"] == 1 and done["usage"]["credits"] == "5.0000"

    async def rows(sql: str) -> int:
        return await support.count(agents_db, sql, id=run_id)

    assert await rows("SELECT count(*) FROM run_steps WHERE run_id = :id") == 1
    assert await rows("SELECT count(*) FROM run_events WHERE run_id = :id AND terminal") == 1
    assert (
        await rows(
            "SELECT count(*) FROM thread_messages m JOIN runs r ON r.thread_id = m.thread_id"
            " WHERE r.id = :id AND m.role = 'assistant'"
        )
        == 1
    )
    ledger = await paying.owner.get(f"/v1/organizations/{paying.id}/credits/transactions")
    assert ledger.status_code == 200, ledger.text
    charges = [
        t["amount"]
        for t in ledger.json()["transactions"]
        if t["type"] == "TRANSACTION_TYPE_AI_CONSUMPTION"
    ]
    assert charges == ["-5"], ledger.json()  # charged once, for the one model call
