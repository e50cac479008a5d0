"""Share links through the gateway: managed by those who may change the agent, visited
anonymously, runs billed to the owning organization, every limit and closed state."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.agents import support
from tests.agents.support import Org
from tests.identity.people import Person

TERMINAL = {"RUN_STATUS_COMPLETED", "RUN_STATUS_FAILED", "RUN_STATUS_CANCELLED",
            "RUN_STATUS_TIMED_OUT"}  # fmt: skip


async def share(person: Person, agent_id: str, **settings: Any) -> dict[str, Any]:
    made = await person.post(f"/v1/agents/{agent_id}/share-links", settings)
    assert made.status_code == 200, made.text
    link: dict[str, Any] = made.json()["share_link"]
    return link


async def visit(http: httpx.AsyncClient, share_id: str, text: str = "hi") -> httpx.Response:
    return await http.post(f"/v1/share/{share_id}/runs", json={"input": text})


async def finished(
    http: httpx.AsyncClient, share_id: str, run_id: str, token: str
) -> dict[str, Any]:
    for _ in range(300):
        seen = await http.get(f"/v1/share/{share_id}/runs/{run_id}", params={"run_token": token})
        assert seen.status_code == 200, seen.text
        run: dict[str, Any] = seen.json()["run"]
        if run["status"] in TERMINAL:
            return run
        await asyncio.sleep(0.1)
    raise AssertionError(f"run still {run['status']}")


async def frames(http: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    async with http.stream("GET", path, params=params, timeout=30) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        frame: dict[str, Any] = {}
        async for line in response.aiter_lines():
            if not line:
                if frame:
                    found.append(frame)
                frame = {}
                continue
            name, _, value = line.partition(": ")
            frame[name] = json.loads(value) if name == "data" else value
    return found


async def balance(person: Person, org_id: str) -> str:
    answer = await person.get(f"/v1/organizations/{org_id}/credits")
    assert answer.status_code == 200, answer.text
    found: str = answer.json()["balance"]["balance"]
    return found


async def charged(person: Person, org_id: str, before: str) -> float:
    """What the organization's balance went down by since `before`, once it has."""
    for _ in range(100):
        spent = float(before) - float(await balance(person, org_id))
        if spent:
            return spent
        await asyncio.sleep(0.1)
    return 0.0


async def test_a_visitor_sees_the_agent_runs_it_and_reads_its_events_billed_to_the_owner(
    edge, runner, paying: Org, http: httpx.AsyncClient
):
    agent = await support.create(paying.owner, description="Answers questions.")
    link = await share(paying.owner, agent["id"], greeting="Ask me anything", label="site")
    assert len(link["id"]) >= 22 and link["state"] == "SHARE_LINK_STATE_ACTIVE"
    before = await balance(paying.owner, paying.id)

    face = await http.get(f"/v1/share/{link['id']}")
    assert face.status_code == 200, face.text
    assert face.json()["agent"] == {
        "share_id": link["id"], "name": agent["name"], "description": "Answers questions.",
        "avatar_url": "", "greeting": "Ask me anything",
    }  # fmt: skip
    started = await visit(http, link["id"], "hello there")
    assert started.status_code == 200, started.text
    run, token = started.json()["run"], started.json()["run_token"]
    done = await finished(http, link["id"], run["id"], token)
    assert done["status"] == "RUN_STATUS_COMPLETED" and done["output"] == "You said: hello there"
    events = await frames(http, f"/v1/share/{link['id']}/runs/{run['id']}/events", run_token=token)
    assert events[0]["event"] == "run.queued" and events[-1]["event"] == "run.completed"

    # Billed to the organization that owns the link, recorded as its creator's run.
    assert await charged(paying.owner, paying.id, before) == 5
    owned = await paying.owner.get(f"/v1/runs/{run['id']}")
    assert owned.status_code == 200, owned.text
    assert owned.json()["run"]["metadata"] == {"share_link_id": link["id"]}
    assert owned.json()["run"]["org_id"] == paying.id
    listed = await paying.owner.get(f"/v1/agents/{agent['id']}/share-links")
    (counted,) = listed.json()["share_links"]
    assert (counted["view_count"], counted["run_count"]) == ("1", "1")
    assert counted["last_viewed_at"] and counted["last_run_at"]
