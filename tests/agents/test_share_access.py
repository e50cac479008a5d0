"""Who manages share links, through the gateway, for every share-link route
(services/agents/README.md, "Share links"): whoever may change the agent (its creator with
`agents.manage_own`, the organization's admins and owners with `agents.manage_all`);
whoever else sees the agent is refused (403), whoever does not finds nothing (404), and
without a credential the gateway refuses (401). The visitors' routes take anyone."""

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

CALLERS = ["owner", "admin", "creator", "member", "viewer", "read_key", "write_key",
           "stranger", "anonymous"]  # fmt: skip
# Who may manage the links of the creator's organization-wide agent.
MANAGERS = {"owner", "admin", "creator"}
# Who sees the agent without being allowed to change it.
ONLOOKERS = {"member", "viewer", "read_key", "write_key"}
TERMINAL = {"RUN_STATUS_COMPLETED", "RUN_STATUS_FAILED", "RUN_STATUS_CANCELLED",
            "RUN_STATUS_TIMED_OUT"}  # fmt: skip


@pytest.fixture(scope="module")
async def client(edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        yield http


@pytest.fixture(scope="module")
async def cast(client, billing_db, identity_db, runner) -> dict[str, Any]:
    """A paying organization's people, two service keys (one that reads agents, one that
    also writes its own), an owner elsewhere, and the creator's organization-wide agent."""
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
    cast["write_key"] = await api_key(owner, org_id, "read:agents", "write:agents",
                                      "execute:agents")  # fmt: skip
    cast["stranger"] = await people.signup("stranger")
    await people.organization(cast["stranger"], "Elsewhere")
    agent = await support.create(cast["creator"], visibility="VISIBILITY_ORGANIZATION")
    cast["agent"] = agent["id"]
    return cast


async def _call(client, cast, caller: str, method: str, url: str, body=None) -> httpx.Response:
    headers = {} if caller == "anonymous" else cast[caller].headers
    return await client.request(method, url, json=body, headers=headers)


async def _link(cast: dict[str, Any]) -> str:
    made = await cast["creator"].post(f"/v1/agents/{cast['agent']}/share-links", {})
    assert made.status_code == 200, made.text
    share_id: str = made.json()["share_link"]["id"]
    return share_id


def _refused(caller: str, response: httpx.Response, not_found: str) -> None:
    if caller == "anonymous":
        assert response.status_code == 401, response.text
    elif caller in ONLOOKERS:
        assert response.status_code == 403, response.text
    else:  # another organization's: nothing there for them
        assert response.status_code == 404, response.text
        assert support.reason(response) == not_found


@pytest.mark.parametrize("caller", CALLERS)
async def test_the_agents_links(client, cast, caller) -> None:
    base = f"/v1/agents/{cast['agent']}/share-links"
    made = await _call(client, cast, caller, "POST", base, {"label": caller})
    listed = await _call(client, cast, caller, "GET", base)
    if caller in MANAGERS:
        assert made.status_code == 200, made.text
        assert made.json()["share_link"]["org_id"] == cast["org"]
        assert listed.status_code == 200, listed.text
        assert caller in [link["label"] for link in listed.json()["share_links"]]
    else:
        _refused(caller, made, "AGENT_NOT_FOUND")
        _refused(caller, listed, "AGENT_NOT_FOUND")


@pytest.mark.parametrize("caller", CALLERS)
async def test_one_link(client, cast, caller) -> None:
    routes = [
        ("PATCH", "/v1/share-links/{}", {"greeting": f"from {caller}"}),
        ("POST", "/v1/share-links/{}:revoke", {}),
        ("DELETE", "/v1/share-links/{}", None),
    ]
    for method, url, body in routes:
        share_id = await _link(cast)
        response = await _call(client, cast, caller, method, url.format(share_id), body)
        if caller in MANAGERS:
            assert response.status_code == 200, (url, response.text)
        else:
            _refused(caller, response, "SHARE_LINK_NOT_FOUND")
            # Nothing changed: the link still answers its visitors, as it was.
            face = await client.get(f"/v1/share/{share_id}")
            assert face.status_code == 200, face.text
            assert face.json()["agent"]["greeting"] == ""


@pytest.mark.parametrize("caller", CALLERS)
async def test_anyone_visits_a_link(client, cast, caller) -> None:
    share_id = await _link(cast)
    face = await _call(client, cast, caller, "GET", f"/v1/share/{share_id}")
    assert face.status_code == 200, face.text
    started = await _call(client, cast, caller, "POST", f"/v1/share/{share_id}/runs",
                          {"input": "hello"})  # fmt: skip
    assert started.status_code == 200, started.text
    await _finished(client, share_id, started.json())  # the plan runs 5 at once


async def test_a_key_manages_the_links_of_its_own_agent_and_its_visitors_runs_are_its(
    client, cast
) -> None:
    key = cast["write_key"]
    agent = await support.create(key, visibility="VISIBILITY_ORGANIZATION")
    made = await key.post(f"/v1/agents/{agent['id']}/share-links", {})
    assert made.status_code == 200, made.text
    share_id = made.json()["share_link"]["id"]
    started = await client.post(f"/v1/share/{share_id}/runs", json={"input": "hi"})
    assert started.status_code == 200, started.text
    run = await _finished(client, share_id, started.json())
    assert run["status"] == "RUN_STATUS_COMPLETED", run


async def test_an_admin_shares_a_private_agent_of_someone_else(client, cast) -> None:
    agent = await support.create(cast["creator"], visibility="VISIBILITY_PRIVATE")
    for outsider in ("member", "viewer"):  # they do not see it: no such agent
        refused = await cast[outsider].post(f"/v1/agents/{agent['id']}/share-links", {})
        assert refused.status_code == 404 and support.reason(refused) == "AGENT_NOT_FOUND"
    made = await cast["admin"].post(f"/v1/agents/{agent['id']}/share-links", {})
    assert made.status_code == 200, made.text
    share_id = made.json()["share_link"]["id"]
    started = await client.post(f"/v1/share/{share_id}/runs", json={"input": "hi"})
    assert started.status_code == 200, started.text
    run = await _finished(client, share_id, started.json())
    assert run["status"] == "RUN_STATUS_COMPLETED", run


async def _finished(client, share_id: str, started: dict[str, Any]) -> dict[str, Any]:
    url = f"/v1/share/{share_id}/runs/{started['run']['id']}"
    for _ in range(300):
        seen = await client.get(url, params={"run_token": started["run_token"]})
        assert seen.status_code == 200, seen.text
        run: dict[str, Any] = seen.json()["run"]
        if run["status"] in TERMINAL:
            return run
        await asyncio.sleep(0.1)
    raise AssertionError("the run did not finish")
