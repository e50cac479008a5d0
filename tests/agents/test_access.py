"""Who sees and who changes agents, through the gateway: the visibility-by-caller matrix in
reads, lists and changes (services/agents/README.md, "Who may do what"), API-key scopes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.agents.support import api_key, create, insert_agent, new_agent, reason
from tests.identity.people import People

pytestmark = pytest.mark.asyncio

CALLERS = ["owner", "admin", "creator", "member", "viewer", "read_key", "write_key",
           "stranger", "anonymous"]  # fmt: skip
VISIBILITIES = ["private", "organization", "public"]
# Who sees an agent made by `creator`, per visibility.
SEES = {
    "private": {"owner", "admin", "creator"},
    "organization": {"owner", "admin", "creator", "member", "viewer", "read_key"},
    "public": {"owner", "admin", "creator", "member", "viewer", "read_key", "stranger"},
}
# Who changes or deletes it (of those who see it).
EDITORS = {"owner", "admin", "creator"}


@pytest.fixture(scope="module")
async def client(edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        yield http


@pytest.fixture(scope="module")
async def cast(client) -> dict[str, Any]:
    """One organization's people (`creator` and `member` are both members), two service
    keys of it (one that reads agents, one that writes them) and an owner elsewhere."""
    people = People(client)
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    cast: dict[str, Any] = {"owner": owner, "org": org_id}
    for name, role in (("admin", "ADMIN"), ("creator", "MEMBER"), ("member", "MEMBER"),
                       ("viewer", "VIEWER")):  # fmt: skip
        cast[name] = await people.join(owner, org_id, f"ROLE_{role}", name)
    cast["read_key"] = await api_key(owner, org_id, "read:agents")
    cast["write_key"] = await api_key(owner, org_id, "write:agents")
    cast["stranger"] = await people.signup("stranger")
    await people.organization(cast["stranger"], "Elsewhere")
    return cast


async def _call(client, cast, caller: str, method: str, url: str, body=None) -> httpx.Response:
    headers = {} if caller == "anonymous" else cast[caller].headers
    return await client.request(method, url, json=body, headers=headers)


@pytest.fixture(scope="module")
async def agents_by_visibility(cast, agents_db) -> dict[str, str]:
    return {
        v: await insert_agent(agents_db, cast["org"], cast["creator"].user_id, v)
        for v in VISIBILITIES
    }


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("caller", CALLERS)
async def test_read(client, cast, agents_by_visibility, visibility, caller) -> None:
    agent_id = agents_by_visibility[visibility]
    for url in (f"/v1/agents/{agent_id}", f"/v1/agents/{agent_id}/versions",
                f"/v1/agents/{agent_id}/versions/1"):  # fmt: skip
        response = await _call(client, cast, caller, "GET", url)
        if caller == "anonymous":
            assert response.status_code == 401, response.text
        elif caller in SEES[visibility]:
            assert response.status_code == 200, response.text
        else:
            assert response.status_code == 404, (url, response.text)
            assert reason(response) == "AGENT_NOT_FOUND"


@pytest.mark.parametrize("caller", CALLERS)
async def test_list(client, cast, agents_by_visibility, caller) -> None:
    url = f"/v1/agents?org_id={cast['org']}&page_size=100"
    response = await _call(client, cast, caller, "GET", url)
    if caller == "anonymous":
        assert response.status_code == 401, response.text
        return
    if caller == "write_key":  # a key without read:agents reads no agents
        assert response.status_code == 403, response.text
        return
    assert response.status_code == 200, response.text
    listed = {a["id"] for a in response.json()["agents"]}
    expected = {agents_by_visibility[v] for v in VISIBILITIES if caller in SEES[v]}
    assert listed >= expected
    hidden = {agents_by_visibility[v] for v in VISIBILITIES if caller not in SEES[v]}
    assert not listed & hidden


async def test_another_organization_sees_only_public_agents(client, cast) -> None:
    """A stranger's own organization lists nothing of the cast's organization."""
    mine = await _call(client, cast, "stranger", "GET", "/v1/agents")
    assert mine.status_code == 200, mine.text
    assert all(a["org_id"] != cast["org"] for a in mine.json()["agents"])


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("caller", CALLERS)
async def test_change_and_delete(client, cast, agents_db, visibility, caller) -> None:
    agent_id = await insert_agent(agents_db, cast["org"], cast["creator"].user_id, visibility)
    url = f"/v1/agents/{agent_id}"
    for method, path, body in (("PATCH", url, {"name": "Changed"}),
                               ("POST", f"{url}/versions/1:rollback", {}),
                               ("DELETE", url, None)):  # fmt: skip
        response = await _call(client, cast, caller, method, path, body)
        if caller == "anonymous":
            assert response.status_code == 401, response.text
        elif caller in EDITORS:
            assert response.status_code == 200, (method, response.text)
        elif caller in SEES[visibility] and caller != "stranger":
            assert response.status_code == 403, (method, response.text)
        else:  # it does not exist for them (nor, for the stranger, its organization)
            assert response.status_code == 404, (method, response.text)


async def test_api_key_scopes(client, people: People) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    reader = await api_key(owner, org_id, "read:agents")
    writer = await api_key(owner, org_id, "read:agents", "write:agents")

    refused = await reader.post("/v1/agents", new_agent())
    assert refused.status_code == 403, refused.text
    made = await create(writer, visibility="VISIBILITY_PRIVATE")
    assert made["created_by"] != owner.user_id  # the key made it, not its creator
    url = f"/v1/agents/{made['id']}"
    assert (await writer.patch(url, {"name": "Mine"})).status_code == 200
    # A service key's private agent: the key and the organization's admins see it.
    assert (await reader.get(url)).status_code == 404
    assert (await owner.get(url)).status_code == 200
    shared = await create(owner, visibility="VISIBILITY_ORGANIZATION")
    assert (await reader.get(f"/v1/agents/{shared['id']}")).status_code == 200
    # write:agents manages the key's own agents only (agents.manage_own).
    denied = await writer.patch(f"/v1/agents/{shared['id']}", {"name": "Theirs"})
    assert denied.status_code == 403, denied.text
    assert (await writer.delete(url)).status_code == 200
