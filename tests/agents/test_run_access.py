"""Who starts runs and who sees them, through the gateway, for every run and thread route
(services/agents/README.md, "Runs and threads"): starting takes `agents.run` (a key:
`execute:agents`) and an agent the caller sees; a run and its thread are their starter's
and the organization's admins' and owners' (`agents.manage_all`), nobody else's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.agents import support
from tests.agents.support import api_key
from tests.identity.people import People

pytestmark = pytest.mark.asyncio

CALLERS = ["owner", "admin", "creator", "member", "viewer", "read_key", "run_key",
           "stranger", "anonymous"]  # fmt: skip
# Who may start a run of the organization's agent (visibility "organization").
STARTERS = {"owner", "admin", "creator", "member", "run_key"}
# Who sees the agent without being allowed to run it.
ONLOOKERS = {"viewer", "read_key"}
# Who sees a run (and its thread) the creator started.
SEE_THE_RUN = {"owner", "admin", "creator"}
TERMINAL = {"RUN_STATUS_COMPLETED", "RUN_STATUS_FAILED", "RUN_STATUS_CANCELLED",
            "RUN_STATUS_TIMED_OUT"}  # fmt: skip


@pytest.fixture(scope="module")
async def client(edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        yield http


@pytest.fixture(scope="module")
async def cast(client, billing_db, identity_db, runner) -> dict[str, Any]:
    """A paying organization's people, two service keys (one that only reads agents, one
    that also runs them), an owner elsewhere; the creator's organization-wide agent and
    one finished run of it."""
    people = People(client)
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    await support.set_plan(billing_db, owner, org_id, "pro")
    await support.grant_credits(people, identity_db, org_id, "500")
    cast: dict[str, Any] = {"owner": owner, "org": org_id}
    for name, role in (("admin", "ADMIN"), ("creator", "MEMBER"), ("member", "MEMBER"),
                       ("viewer", "VIEWER")):  # fmt: skip
        cast[name] = await people.join(owner, org_id, f"ROLE_{role}", name)
    cast["read_key"] = await api_key(owner, org_id, "read:agents")
    cast["run_key"] = await api_key(owner, org_id, "read:agents", "execute:agents")
    cast["stranger"] = await people.signup("stranger")
    await people.organization(cast["stranger"], "Elsewhere")
    agent = await support.create(cast["creator"], visibility="VISIBILITY_ORGANIZATION")
    cast["agent"] = agent["id"]
    started = await cast["creator"].post(
        f"/v1/agents/{agent['id']}/runs", {"input": "hello", "budget_credits": "5"}
    )
    assert started.status_code == 200, started.text
    cast["run"] = await _finished(cast["creator"], started.json()["run"]["id"])
    return cast


async def _finished(person: Any, run_id: str) -> dict[str, Any]:
    for _ in range(300):
        run: dict[str, Any] = (await person.get(f"/v1/runs/{run_id}")).json()["run"]
        if run["status"] in TERMINAL:
            return run
        await asyncio.sleep(0.1)
    raise AssertionError("the run did not finish")


async def _call(client, cast, caller: str, method: str, url: str, body=None) -> httpx.Response:
    headers = {} if caller == "anonymous" else cast[caller].headers
    return await client.request(method, url, json=body, headers=headers)


@pytest.mark.parametrize("caller", CALLERS)
async def test_start(client, cast, caller) -> None:
    response = await _call(
        client, cast, caller, "POST", f"/v1/agents/{cast['agent']}/runs",
        {"input": f"from {caller}", "budget_credits": "5"},
    )  # fmt: skip
    if caller == "anonymous":
        assert response.status_code == 401, response.text
    elif caller in STARTERS:
        assert response.status_code == 200, response.text
        run = response.json()["run"]
        assert run["org_id"] == cast["org"]
        # The starter sees their own run.
        assert (
            await _call(client, cast, caller, "GET", f"/v1/runs/{run['id']}")
        ).status_code == 200
        await _finished(cast["owner"], run["id"])
    elif caller in ONLOOKERS:  # sees the agent, may not run it
        assert response.status_code == 403, response.text
    else:  # another organization's private matter: no such agent for them
        assert response.status_code == 404, response.text
        assert support.reason(response) == "AGENT_NOT_FOUND"


@pytest.mark.parametrize("caller", CALLERS)
async def test_a_run_and_its_thread(client, cast, caller) -> None:
    run = cast["run"]
    routes: list[tuple[str, str, Any]] = [
        ("GET", f"/v1/runs/{run['id']}", None),
        ("GET", f"/v1/runs/{run['id']}/events", None),
        ("POST", f"/v1/runs/{run['id']}:cancel", {}),  # finished: answered as it is
        ("GET", f"/v1/threads/{run['thread_id']}", None),
        ("GET", f"/v1/threads/{run['thread_id']}/messages", None),
    ]
    for method, url, body in routes:
        response = await _call(client, cast, caller, method, url, body)
        if caller == "anonymous":
            assert response.status_code == 401, (url, response.text)
        elif caller in SEE_THE_RUN:
            assert response.status_code == 200, (url, response.text)
        else:
            assert response.status_code == 404, (url, response.text)
            assert support.reason(response) in {"RUN_NOT_FOUND", "THREAD_NOT_FOUND"}, url
    outputs = await _call(
        client, cast, caller, "POST", f"/v1/runs/{run['id']}:submit-tool-outputs",
        {"tool_outputs": [{"tool_call_id": "call_1", "decision": "TOOL_DECISION_APPROVE"}]},
    )  # fmt: skip
    if caller == "anonymous":
        assert outputs.status_code == 401, outputs.text
    elif caller in SEE_THE_RUN:  # seen, but it waits for nothing
        assert outputs.status_code == 409, outputs.text
        assert support.reason(outputs) == "RUN_NOT_WAITING"
    else:
        assert outputs.status_code == 404, outputs.text


@pytest.mark.parametrize("caller", CALLERS)
async def test_lists_show_only_what_the_caller_sees(client, cast, caller) -> None:
    the_run, the_thread = cast["run"]["id"], cast["run"]["thread_id"]
    for url, key, item in ((f"/v1/agents/{cast['agent']}/runs?page_size=100", "runs", the_run),
                           (f"/v1/threads?org_id={cast['org']}&page_size=100", "threads",
                            the_thread)):  # fmt: skip
        response = await _call(client, cast, caller, "GET", url)
        if caller == "anonymous":
            assert response.status_code == 401, response.text
            continue
        if caller == "stranger" and key == "runs":  # no such agent for them
            assert response.status_code == 404, response.text
            continue
        if response.status_code == 403:  # a list they may not read at all
            assert caller in ONLOOKERS | {"stranger"}, (url, response.text)
            continue
        assert response.status_code == 200, (url, response.text)
        listed = {found["id"] for found in response.json().get(key, [])}
        assert (item in listed) == (caller in SEE_THE_RUN), (url, caller)
