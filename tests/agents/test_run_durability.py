"""Runs under failure, each with workers of its own: a worker SIGKILLed during a model
call or a tool call (another worker takes the run over and it completes once, no
completed step repeated), a provider failing (the next model), a cancel mid-stream."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from tests.agents import support
from tests.agents.support import Org
from tests.agents.test_runs import finished, waiting_for_people
from tests.agents.workers import Worker, worker
from tests.support.mcp_server import McpTestServer, mcp_server
from tests.support.model_servers import Call, Failure, OpenAIServer, Reply

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


@pytest.fixture(scope="module")
def model_server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as server:
        yield server


@pytest.fixture(scope="module")
def tools_server() -> Iterator[McpTestServer]:
    with mcp_server() as server:
        yield server


def _on_local_models(env: dict[str, str], server: OpenAIServer) -> dict[str, str]:
    """The plan's openai/… models on the local Chat Completions server; the others on
    the built-in model (WORKER_SETTINGS); MCP servers on loopback allowed."""
    return env | {
        "KEEL_AGENTS_PROVIDERS": "openai",
        "KEEL_AGENTS_PROVIDER_OPENAI_KIND": "openai",
        "KEEL_AGENTS_PROVIDER_OPENAI_BASE_URL": f"{server.url}/v1",
        "KEEL_AGENTS_PROVIDER_OPENAI_API_KEY": "sk-test",
        "KEEL_AGENTS_TOOLS_ALLOW_PRIVATE": "true",
    }


async def test_a_worker_killed_during_a_tool_call_repeats_no_completed_step(
    edge, agents, agents_env, agents_db, paying: Org, tmp_path, model_server, tools_server
):
    """Model call 1 asks for `record` (a side effect), model call 2 for `sleep`, during
    which the worker dies; the next worker runs only what had not completed."""
    model_server.reset()
    model_server.script(
        Reply(calls=(Call("tools__record", {"key": "before-kill"}),)),
        Reply(calls=(Call("tools__sleep", {"seconds": 3}),)),
        Reply(text="all done"),
    )
    env = _on_local_models(agents_env, model_server)
    config = support.config(mcp_servers=[{"name": "tools", "url": tools_server.url}])
    agent = await support.create(paying.owner, config=config)
    first = Worker(env, tmp_path / "first.log").start()
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "go", "budget_credits": "20"}
    )
    run_id = started.json()["run"]["id"]
    await _until(agents_db, "SELECT count(*) FROM run_steps WHERE run_id = :id", run_id, 3)
    first.kill()  # the sleep is in flight: its step has not completed
    second = Worker(env, tmp_path / "second.log").start()
    try:
        done = await finished(paying.owner, run_id, seconds=60)
    finally:
        second.stop()
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["output"] == "all done"
    assert len(model_server.requests) == 3  # no model call twice
    assert tools_server.records["before-kill"] == 1  # the side effect once
    (meta,) = tools_server.metas
    assert meta.get("idempotency_key", "").startswith(f"{run_id}:tool:0:")
    assert done["usage"]["model_calls"] == 3 and done["usage"]["tool_calls"] == 2


async def _until(database, sql: str, run_id: str, count: int) -> None:
    for _ in range(300):
        if await support.count(database, sql, id=run_id) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never reached {count}: {sql}")


async def test_a_provider_failing_falls_back_to_the_next_model(
    edge, agents, agents_env, paying: Org, tmp_path, model_server
):
    model_server.reset()
    model_server.script(*(Failure(500) for _ in range(3)))  # every retry of the first model
    env = _on_local_models(agents_env, model_server)
    agent = await support.create(paying.owner)
    running = Worker(env, tmp_path / "worker.log").start()
    try:
        started = await paying.owner.post(
            f"/v1/agents/{agent['id']}/runs", {"input": "anyone there", "budget_credits": "20"}
        )
        done = await finished(paying.owner, started.json()["run"]["id"], seconds=60)
    finally:
        running.stop()
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["output"] == "You said: anyone there"  # the fallback: the built-in model
    assert len(model_server.requests) == 3  # retried, then given up on
    events = await paying.owner.get(f"/v1/runs/{done['id']}")
    assert events.status_code == 200


async def test_a_cancel_aborts_a_streaming_model_call(
    edge, agents, agents_env, agents_db, paying: Org, tmp_path
):
    running = Worker(agents_env | SLOW, tmp_path / "worker.log").start()
    try:
        agent = await support.create(paying.owner)
        words = " ".join(f"word{i}" for i in range(30))
        started = await paying.owner.post(
            f"/v1/agents/{agent['id']}/runs", {"input": words, "budget_credits": "10"}
        )
        run_id = started.json()["run"]["id"]
        await _first_delta(agents_db, run_id)
        asked = asyncio.get_running_loop().time()
        cancelled = await paying.owner.post(f"/v1/runs/{run_id}:cancel")
        assert cancelled.status_code == 200, cancelled.text
        done = await finished(paying.owner, run_id)
        took = asyncio.get_running_loop().time() - asked
    finally:
        running.stop()
    assert done["status"] == "RUN_STATUS_CANCELLED" and done["reason"] == "cancelled", done
    assert took < 3  # the stream of 30 words at 200 ms each was cut short
    assert done["usage"]["model_calls"] == 0 and done["usage"]["credits"] == "0.0000"


def _four_tool_calls_then_an_answer() -> list[Reply]:
    """Five model calls: 25 credits at fast, past the first hold of 20."""
    calls = [Reply(calls=(Call("current_time", {}, id=f"call-{n}"),)) for n in range(4)]
    return [*calls, Reply(text="done at last")]


async def test_a_long_run_holds_more_and_is_charged_for_every_call(
    edge, agents, agents_env, paying: Org, tmp_path, model_server
):
    model_server.reset()
    model_server.script(*_four_tool_calls_then_an_answer())
    env = _on_local_models(agents_env, model_server)
    agent = await support.create(
        paying.owner, config=support.config(tools=[{"name": "current_time"}])
    )
    running = Worker(env, tmp_path / "worker.log").start()
    try:
        started = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "go"})
        done = await finished(paying.owner, started.json()["run"]["id"], seconds=60)
    finally:
        running.stop()
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["usage"]["model_calls"] == 5 and done["usage"]["credits"] == "25.0000"
    assert done["credits_held"] == "30.0000"  # the first hold of two calls, and two more
    assert await _charged(paying) == Decimal(25)


async def test_a_run_stops_when_the_credits_run_out(
    edge, agents, agents_env, org: Org, billing_db, tmp_path, model_server
):
    """20 credits in all (the plan's 10 and the welcome bonus): two holds of two calls take them,
    so the fifth call finds no more to hold."""
    await support.set_plan(billing_db, org.owner, org.id, "pro")
    model_server.reset()
    model_server.script(*_four_tool_calls_then_an_answer())
    env = _on_local_models(agents_env, model_server)
    agent = await support.create(org.owner, config=support.config(tools=[{"name": "current_time"}]))
    running = Worker(env, tmp_path / "worker.log").start()
    try:
        started = await org.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "go"})
        assert started.status_code == 200, started.text
        done = await finished(org.owner, started.json()["run"]["id"], seconds=60)
    finally:
        running.stop()
    assert (done["status"], done["reason"]) == ("RUN_STATUS_FAILED", "credits_exhausted"), done
    assert done["usage"]["model_calls"] == 4 and done["usage"]["credits"] == "20.0000"
    assert len(model_server.requests) == 4
    assert await _charged(org) == Decimal(20)


async def _charged(org: Org) -> Decimal:
    ledger = await org.owner.get(f"/v1/organizations/{org.id}/credits/transactions")
    assert ledger.status_code == 200, ledger.text
    return -sum(
        (Decimal(t["amount"]) for t in ledger.json()["transactions"]
         if t["type"] == "TRANSACTION_TYPE_AI_CONSUMPTION"),
        Decimal(0),
    )  # fmt: skip


async def test_finished_workflows_leave_dbos_and_the_run_stays(
    edge, agents, agents_env, agents_db, paying: Org, tmp_path
):
    """Retention: DBOS's records of a finished workflow go (here at once); the run's own
    record (the run, its steps and events, the thread) stays."""
    env = agents_env | {
        "KEEL_AGENTS_WORKFLOW_RETENTION_DAYS": "0",
        "KEEL_AGENTS_RETENTION_CHECK_SECONDS": "0.5",
    }
    running = Worker(env, tmp_path / "worker.log").start()
    try:
        agent = await support.create(paying.owner)
        started = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "keep"})
        run_id = started.json()["run"]["id"]
        await finished(paying.owner, run_id)
        gone = "SELECT count(*) FROM dbos.workflow_status WHERE workflow_uuid = :id"
        for _ in range(100):
            if await support.count(agents_db, gone, id=run_id) == 0:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("the finished workflow is still in DBOS's tables")
    finally:
        running.stop()
    kept = await paying.owner.get(f"/v1/runs/{run_id}")
    assert kept.json()["run"]["status"] == "RUN_STATUS_COMPLETED"
    assert (
        await support.count(
            agents_db, "SELECT count(*) FROM run_events WHERE run_id = :id AND terminal", id=run_id
        )
        == 1
    )


async def _sql(database, sql: str, **params: Any) -> list[Any]:
    async with database.unit_of_work() as session:
        result = await session.execute(sa.text(sql), params)
        return list(result.all()) if result.returns_rows else []


async def _hold_of(agents_db, run_id: str) -> str:
    (row,) = await _sql(agents_db, "SELECT reservation_id FROM runs WHERE id = :id", id=run_id)
    return str(row[0])


async def _end_hold_now(billing_db, hold: str) -> None:
    """Billing's clock passed the hold's expiry (its settle now finds it ended)."""
    sql = "UPDATE credit_reservations SET expires_at = now() - interval '1 s' WHERE id = :id"
    await _sql(billing_db, sql, id=hold)


async def _holds_since(billing_db, org: Org, since: datetime) -> dict[str, tuple[str, Any]]:
    rows = await _sql(
        billing_db,
        "SELECT id, status, settled_amount FROM credit_reservations"
        " WHERE org_id = :org AND created_at >= :since",
        org=org.id, since=since,
    )  # fmt: skip
    return {str(id): (status, amount) for id, status, amount in rows}


async def test_a_run_queued_past_its_hold_holds_anew_and_is_charged(
    edge, agents, agents_env, agents_db, billing_db, paying: Org, tmp_path
):
    """No worker for an hour: the start's hold ended meanwhile. The run holds anew before its
    first model call and is charged on that hold, not left unsettled."""
    since = datetime.now(UTC)
    agent = await support.create(paying.owner)
    started = await paying.owner.post(f"/v1/agents/{agent['id']}/runs", {"input": "hello"})
    assert started.status_code == 200, started.text
    run_id = started.json()["run"]["id"]
    first = await _hold_of(agents_db, run_id)
    sql = "UPDATE runs SET created_at = created_at - interval '1 hour' WHERE id = :id"
    await _sql(agents_db, sql, id=run_id)
    await _end_hold_now(billing_db, first)
    before = await _charged(paying)
    with worker(agents_env, tmp_path / "worker.log"):
        done = await finished(paying.owner, run_id, seconds=60)
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    anew = await _hold_of(agents_db, run_id)
    holds = await _holds_since(billing_db, paying, since)
    assert anew != first and holds[first][0] in {"released", "expired"}
    assert holds[anew] == ("settled", Decimal(done["usage"]["credits"]))
    assert await _charged(paying) - before == Decimal(done["usage"]["credits"]) > 0


async def test_a_run_whose_hold_ended_while_it_waited_is_charged_at_its_finish(
    edge, agents, agents_env, agents_db, billing_db, paying: Org, tmp_path
):
    """The run waits for a person past its hold's expiry (billing's clock, here moved): its
    finish charges what it used through a hold taken then, and the run ends."""
    clock = {"name": "current_time", "settings": {"requires_approval": True}}
    config = support.config(tools=[clock])
    agent = await support.create(paying.owner, config=config)
    before, since = await _charged(paying), datetime.now(UTC)
    with worker(agents_env, tmp_path / "worker.log"):
        started = await paying.owner.post(
            f"/v1/agents/{agent['id']}/runs", {"input": "what time is it?"}
        )
        run_id = started.json()["run"]["id"]
        run = await waiting_for_people(paying.owner, run_id)
        await _end_hold_now(billing_db, await _hold_of(agents_db, run_id))
        (pending,) = run["pending_tool_calls"]
        body = {"tool_outputs": [{"tool_call_id": pending["tool_call_id"],
                                  "decision": "TOOL_DECISION_APPROVE"}]}  # fmt: skip
        answered = await paying.owner.post(f"/v1/runs/{run_id}:submit-tool-outputs", body)
        assert answered.status_code == 200, answered.text
        done = await finished(paying.owner, run_id, seconds=60)
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    used = Decimal(done["usage"]["credits"])
    assert used > 0
    holds = await _holds_since(billing_db, paying, since)
    settled = [amount for status, amount in holds.values() if status == "settled"]
    assert settled == [used]  # the late hold; the first one ended unsettled
    assert await _charged(paying) - before == used
