"""Agents through the gateway: create, read, list, change, delete; versions numbered and
immutable; rollback; bad input refused with nothing written."""

from __future__ import annotations

import pytest

from tests.agents.support import config, count, create, new_agent, reason

pytestmark = pytest.mark.asyncio


async def test_create_and_read(org) -> None:
    body = new_agent(
        name="Researcher",
        avatar_url="https://example.com/a.png",
        visibility="VISIBILITY_ORGANIZATION",
        version_notes="first",
        config=config(
            "You research.",
            generation={"temperature": 0.3, "max_tokens": 800, "top_p": 0.9},
            tools=[{"name": "web_search", "settings": {"max_results": 5}}],
            mcp_servers=[{"name": "crm", "url": "https://mcp.example.com/sse",
                          "allowed_tools": ["find_contact"], "requires_approval": True}],
            knowledge_base_tags=["sales", "faq"],
            channel_defaults={"channels": ["webchat"], "greeting": "Hi!"},
        ),
    )  # fmt: skip
    made = await org.member.post("/v1/agents", body)
    assert made.status_code == 200, made.text
    agent = made.json()["agent"]
    assert agent["name"] == "Researcher"
    assert agent["org_id"] == org.id
    assert agent["created_by"] == org.member.user_id
    assert agent["visibility"] == "VISIBILITY_ORGANIZATION"
    assert agent["latest_version"] == 1
    assert agent["config"]["mcp_servers"][0]["requires_approval"] is True
    assert agent["config"]["generation"]["temperature"] == 0.3

    got = await org.viewer.get(f"/v1/agents/{agent['id']}")
    assert got.status_code == 200, got.text
    assert got.json()["agent"]["config"] == agent["config"]

    version = await org.member.get(f"/v1/agents/{agent['id']}/versions/1")
    assert version.status_code == 200, version.text
    assert version.json()["version"]["notes"] == "first"
    assert version.json()["version"]["config"] == agent["config"]


async def test_default_visibility_is_private(org) -> None:
    agent = await create(org.member)
    assert agent["visibility"] == "VISIBILITY_PRIVATE"
    assert (await org.viewer.get(f"/v1/agents/{agent['id']}")).status_code == 404


async def test_update_makes_versions_only_for_config(org) -> None:
    agent = await create(org.member, visibility="VISIBILITY_ORGANIZATION")
    url = f"/v1/agents/{agent['id']}"

    renamed = await org.member.patch(url, {"name": "Renamed", "description": ""})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["version_created"] is False
    assert renamed.json()["agent"]["latest_version"] == 1
    assert renamed.json()["agent"]["name"] == "Renamed"

    same = await org.member.patch(url, {"config": agent["config"]})
    assert same.json()["version_created"] is False

    changed = await org.member.patch(
        url, {"config": config("You are terse."), "version_notes": "terser"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version_created"] is True
    assert changed.json()["agent"]["latest_version"] == 2
    assert changed.json()["agent"]["config"]["system_prompt"] == "You are terse."

    cleared = await org.member.patch(url, {"update_mask": "description"})
    assert cleared.status_code == 200, cleared.text

    versions = (await org.member.get(f"{url}/versions")).json()["versions"]
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["notes"] == "terser"
    assert versions[1]["config"]["system_prompt"] == "You help."


async def test_rollback_copies_an_older_version(org) -> None:
    agent = await create(org.member)
    url = f"/v1/agents/{agent['id']}"
    for prompt in ("Second.", "Third."):
        assert (await org.member.patch(url, {"config": config(prompt)})).status_code == 200

    rolled = await org.member.post(f"{url}/versions/1:rollback", {})
    assert rolled.status_code == 200, rolled.text
    body = rolled.json()
    assert body["version"]["version"] == 4
    assert body["version"]["copied_from_version"] == 1
    assert body["version"]["notes"] == "Rolled back to version 1"
    assert body["agent"]["latest_version"] == 4
    assert body["agent"]["config"]["system_prompt"] == "You help."

    versions = (await org.member.get(f"{url}/versions?page_size=2")).json()
    assert [v["version"] for v in versions["versions"]] == [4, 3]
    rest = (await org.member.get(f"{url}/versions?page_token={versions['next_page_token']}")).json()
    assert [v["version"] for v in rest["versions"]] == [2, 1]
    assert rest["versions"][1]["config"]["system_prompt"] == "You help."  # untouched

    missing = await org.member.post(f"{url}/versions/9:rollback", {})
    assert missing.status_code == 404 and reason(missing) == "AGENT_VERSION_NOT_FOUND"


async def test_versions_are_immutable_in_the_database(org, agents_db) -> None:
    agent = await create(org.member)
    with pytest.raises(Exception, match="immutable"):
        await count(
            agents_db,
            "WITH changed AS (UPDATE agent_versions SET notes = 'x' WHERE agent_id = :id"
            " RETURNING 1) SELECT count(*) FROM changed",
            id=agent["id"],
        )


async def test_delete_is_soft(org, agents_db) -> None:
    agent = await create(org.member, visibility="VISIBILITY_ORGANIZATION")
    url = f"/v1/agents/{agent['id']}"
    deleted = await org.member.delete(url)
    assert deleted.status_code == 200, deleted.text
    gone = await org.member.get(url)
    assert gone.status_code == 404 and reason(gone) == "AGENT_NOT_FOUND"
    assert (await org.member.delete(url)).status_code == 404
    listed = (await org.owner.get("/v1/agents")).json()["agents"]
    assert agent["id"] not in [a["id"] for a in listed]
    kept = "SELECT count(*) FROM agents WHERE id = :id AND deleted_at IS NOT NULL"
    assert await count(agents_db, kept, id=agent["id"]) == 1
    versions = "SELECT count(*) FROM agent_versions WHERE agent_id = :id"
    assert await count(agents_db, versions, id=agent["id"]) == 1


async def test_list_pages_newest_first(org) -> None:
    made = [await create(org.member, visibility="VISIBILITY_ORGANIZATION") for _ in range(3)]
    first = (await org.member.get("/v1/agents?page_size=2")).json()
    assert [a["id"] for a in first["agents"]] == [made[2]["id"], made[1]["id"]]
    assert "config" not in first["agents"][0] or not first["agents"][0]["config"]
    second = await org.member.get(f"/v1/agents?page_size=2&page_token={first['next_page_token']}")
    assert [a["id"] for a in second.json()["agents"]] == [made[0]["id"]]
    assert second.json()["next_page_token"] == ""

    mine = (await org.member.get(f"/v1/agents?creator_id={org.member.user_id}")).json()
    assert len(mine["agents"]) == 3
    theirs = (await org.member.get(f"/v1/agents?creator_id={org.owner.user_id}")).json()
    assert theirs["agents"] == []
    public = (await org.member.get("/v1/agents?visibility=VISIBILITY_PUBLIC")).json()
    assert public["agents"] == []

    bad = await org.member.get("/v1/agents?page_token=bm90LWEtdG9rZW4")
    assert bad.status_code == 400 and reason(bad) == "INVALID_PAGE_TOKEN"


BAD_BODIES = [
    {"name": ""},
    {"name": "x" * 101},
    {"config": None},
    {"config": {"system_prompt": "no model"}},
    {"config": config(model={"quality": "MODEL_QUALITY_UNSPECIFIED"})},
    {"config": config(model={"name": "has spaces"})},
    {"config": config(generation={"temperature": 3})},
    {"config": config(generation={"max_tokens": 0})},
    {"config": config(generation={"top_p": 1.5})},
    {"config": config(tools=[{"name": "Bad Name"}])},
    {"config": config(tools=[{"name": "web_search"}, {"name": "web_search"}])},
    {"config": config(mcp_servers=[{"name": "crm", "url": "ftp://example.com"}])},
    {"config": config(knowledge_base_tags=["Not A Tag"])},
    {"config": config(channel_defaults={"channels": ["fax"]})},
    {"config": config(tools=[{"name": f"t{i}"} for i in range(33)])},
    {"avatar_url": "http://insecure.example.com/a.png"},
    {"visibility": 7},
    {"org_id": "not-a-uuid"},
    {"request_id": "short"},
]


@pytest.mark.parametrize("change", BAD_BODIES)
async def test_bad_input_is_refused_and_nothing_written(org, agents_db, change) -> None:
    body = new_agent(**change)
    if change.get("config", "") is None:
        del body["config"]
    refused = await org.member.post("/v1/agents", body)
    assert refused.status_code == 400, refused.text
    written = "SELECT count(*) FROM agents WHERE org_id = :org"
    assert await count(agents_db, written, org=org.id) == 0


async def test_bad_updates_are_refused(org) -> None:
    agent = await create(org.member)
    url = f"/v1/agents/{agent['id']}"
    for body in ({"name": ""}, {"update_mask": "name"}, {"config": config(generation={"top_p": 2})},
                 {"update_mask": "created_by"}):  # fmt: skip
        refused = await org.member.patch(url, body)
        assert refused.status_code == 400, (body, refused.text)
    after = (await org.member.get(url)).json()["agent"]
    assert after["name"] == agent["name"] and after["latest_version"] == 1


async def test_create_is_idempotent_with_a_request_id(org, agents_db) -> None:
    body = new_agent(request_id="create-once-1234")
    first = await org.member.post("/v1/agents", body)
    again = await org.member.post("/v1/agents", body)
    assert first.status_code == again.status_code == 200, (first.text, again.text)
    assert first.json()["agent"]["id"] == again.json()["agent"]["id"]
    written = "SELECT count(*) FROM agents WHERE org_id = :org"
    assert await count(agents_db, written, org=org.id) == 1
    other = await org.admin.post("/v1/agents", body)  # someone else's request
    assert other.json()["agent"]["id"] != first.json()["agent"]["id"]
