"""Runs through the gateway, executed by a real worker process on the built-in model."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.agents import support
from tests.agents.support import Org
from tests.agents.workers import Worker, worker
from tests.identity.people import Person

TERMINAL = {"RUN_STATUS_COMPLETED", "RUN_STATUS_FAILED", "RUN_STATUS_CANCELLED",
            "RUN_STATUS_TIMED_OUT"}  # fmt: skip


@pytest.fixture(scope="module")
def runner(agents_env, agents, tmp_path_factory) -> Iterator[Worker]:
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with worker(agents_env, log) as running:
        yield running


@pytest.fixture
async def paying(org: Org, billing_db) -> Org:
    """An organization on the pro plan (the free plan has no agent runs)."""
    await support.set_plan(billing_db, org.owner, org.id, "pro")
    return org


async def finished(person: Person, run_id: str, seconds: float = 30) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        response = await person.get(f"/v1/runs/{run_id}")
        assert response.status_code == 200, response.text
        run: dict[str, Any] = response.json()["run"]
        if run["status"] in TERMINAL:
            return run
        assert asyncio.get_running_loop().time() < deadline, f"run still {run['status']}"
        await asyncio.sleep(0.1)


async def test_a_run_answers_on_the_built_in_model_and_is_charged(edge, runner, paying: Org):
    agent = await support.create(paying.owner)
    started = await paying.owner.post(
        f"/v1/agents/{agent['id']}/runs", {"input": "hello there", "budget_credits": "10"}
    )
    assert started.status_code == 200, started.text
    run = started.json()["run"]
    assert run["status"] == "RUN_STATUS_QUEUED"
    done = await finished(paying.owner, run["id"])
    assert done["status"] == "RUN_STATUS_COMPLETED", done
    assert done["output"] == "You said: hello there"
    assert done["usage"]["model_calls"] == 1 and done["usage"]["credits"] == "5.0000"
    messages = await paying.owner.get(f"/v1/threads/{run['thread_id']}/messages")
    assert messages.status_code == 200, messages.text
    roles = [(m["role"], m["content"]) for m in messages.json()["messages"]]
    assert roles == [("user", "hello there"), ("assistant", "You said: hello there")]
