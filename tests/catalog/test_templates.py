"""Templates through the gateway: create, read, change, versions, fork, delete."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from tests.catalog.support import Org, config, create, lean, new_template, reason
from tests.identity.people import Person

CUSTOMER_SERVICE = "0a6f3e55-7c1d-4a8e-9b2f-000000000001"


async def test_a_member_creates_an_organization_template_with_version_1(org: Org):
    body = new_template(
        name="Invoice Chaser",
        tags=["billing", "finance"],
        config=config(
            "Chase unpaid invoices politely.",
            model={"quality": "MODEL_QUALITY_FAST"},
            tools=[
                {"name": "web_search", "kind": "TOOL_KIND_BUILTIN"},
                {
                    "name": "crm",
                    "kind": "TOOL_KIND_MCP",
                    "mcp_server": {"name": "crm", "url": "https://mcp.example.com/crm"},
                    "settings": {"region": "eu"},
                },
            ],
            triggers=[{"kind": "TRIGGER_KIND_SCHEDULE", "schedule": "0 9 * * *"}],
            metadata={
                "knowledge_base_tags": ["invoices"],
                "channel_defaults": {"channels": ["email"], "greeting": "Hello"},
                "usage_examples": [
                    {"messages": [{"role": "user", "content": "Chase ACME"}]},
                ],
            },
        ),
        version_notes="First cut",
    )
    response = await org.member.post("/v1/templates", body)
    assert response.status_code == 200, response.text
    template = response.json()["template"]
    assert template["visibility"] == "VISIBILITY_ORGANIZATION"
    assert (template["owner_org_id"], template["created_by"]) == (org.id, org.member.user_id)
    assert template["latest_version"] == 1 and not template.get("official", False)
    assert lean(template["config"]) == body["config"]
    fetched = await org.viewer.get(f"/v1/templates/{template['id']}")
    assert fetched.status_code == 200, fetched.text
    assert lean(fetched.json()["template"]["config"]) == body["config"]
    versions = (await org.member.get(f"/v1/templates/{template['id']}/versions")).json()
    (first,) = versions["versions"]
    assert (first["version"], first["notes"]) == (1, "First cut")
    assert lean(first["config"]) == body["config"]


async def test_a_config_change_publishes_a_version_and_keeps_the_old_one(org: Org, catalog_db):
    template = await create(org.member, config=config("Version one."))
    path = f"/v1/templates/{template['id']}"
    renamed = await org.member.patch(path, {"name": "Renamed"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["template"]["latest_version"] == 1  # not a config change
    assert not renamed.json().get("version_published", False)
    changed = await org.member.patch(
        path, {"config": config("Version two."), "version_notes": "Sharper"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version_published"] is True
    assert changed.json()["template"]["latest_version"] == 2
    assert changed.json()["template"]["config"]["system_prompt"] == "Version two."
    same = await org.member.patch(path, {"config": config("Version two.")})
    assert same.json()["template"]["latest_version"] == 2  # unchanged config: no version
    listed = (await org.member.get(f"{path}/versions")).json()["versions"]
    assert [(v["version"], v["config"]["system_prompt"]) for v in listed] == [
        (2, "Version two."),
        (1, "Version one."),
    ]
    one = (await org.member.get(f"{path}/versions/1")).json()["version"]
    assert one["config"]["system_prompt"] == "Version one."
    missing = await org.member.get(f"{path}/versions/3")
    assert (missing.status_code, reason(missing)) == (404, "TEMPLATE_VERSION_NOT_FOUND")
    async with catalog_db.unit_of_work() as session:
        stored = await session.execute(
            sa.text(
                "SELECT number, config->>'system_prompt', notes FROM template_versions"
                " WHERE template_id = :id ORDER BY number"
            ),
            {"id": uuid.UUID(template["id"])},
        )
        assert stored.all() == [(1, "Version one.", ""), (2, "Version two.", "Sharper")]


async def test_tags_are_cleared_through_the_update_mask(org: Org):
    template = await create(org.member, tags=["one", "two"])
    path = f"/v1/templates/{template['id']}"
    kept = await org.member.patch(path, {"tags": [], "description": ""})
    assert kept.json()["template"]["tags"] == ["one", "two"]  # absent and [] look alike
    assert kept.json()["template"].get("description", "") == ""  # present: cleared
    cleared = await org.member.patch(path, {"update_mask": "tags"})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["template"].get("tags", []) == []


async def test_a_fork_records_its_origin_and_copies_that_version(org: Org, outsider: Person):
    fork = await outsider.post(f"/v1/templates/{CUSTOMER_SERVICE}:fork", {})
    assert fork.status_code == 200, fork.text
    copy = fork.json()["template"]
    origin = (await outsider.get(f"/v1/templates/{CUSTOMER_SERVICE}")).json()["template"]
    assert copy["forked_from"] == {"template_id": CUSTOMER_SERVICE, "version": 1}
    assert copy["slug"] == "customer-service-agent" and copy["name"] == origin["name"]
    assert copy["config"] == origin["config"] and copy["visibility"] == "VISIBILITY_ORGANIZATION"
    assert copy["latest_version"] == 1 and copy["created_by"] == outsider.user_id
    assert not copy.get("official", False) and copy["owner_org_id"] != ""
    again = await outsider.post(
        f"/v1/templates/{CUSTOMER_SERVICE}:fork", {"visibility": "VISIBILITY_PRIVATE"}
    )
    assert again.json()["template"]["slug"] == "customer-service-agent-2"
    assert again.json()["template"]["visibility"] == "VISIBILITY_PRIVATE"
    # A fork of an organization template at an older version.
    mine = await create(org.member, config=config("Old."))
    await org.member.patch(f"/v1/templates/{mine['id']}", {"config": config("New.")})
    old = await org.admin.post(
        f"/v1/templates/{mine['id']}:fork", {"version": 1, "name": "Old one", "slug": "old-one"}
    )
    assert old.status_code == 200, old.text
    assert old.json()["template"]["forked_from"] == {"template_id": mine["id"], "version": 1}
    assert old.json()["template"]["config"]["system_prompt"] == "Old."
    # What the outsider cannot see, they cannot fork.
    hidden = await outsider.post(f"/v1/templates/{mine['id']}:fork", {})
    assert (hidden.status_code, reason(hidden)) == (404, "TEMPLATE_NOT_FOUND")


async def test_a_deleted_template_is_gone_and_its_slug_free(org: Org):
    template = await create(org.member, slug="short-lived")
    path = f"/v1/templates/{template['id']}"
    deleted = await org.member.delete(path)
    assert deleted.status_code == 200, deleted.text
    for response in (await org.member.get(path), await org.member.get(f"{path}/versions")):
        assert (response.status_code, reason(response)) == (404, "TEMPLATE_NOT_FOUND")
    again = await org.member.delete(path)
    assert again.status_code == 404
    await create(org.member, slug="short-lived")


async def test_slugs_are_unique_within_an_organization(org: Org, outsider: Person):
    await create(org.member, slug="the-one")
    taken = await org.admin.post("/v1/templates", new_template(slug="the-one"))
    assert (taken.status_code, reason(taken)) == (409, "TEMPLATE_SLUG_TAKEN")
    await create(outsider, slug="the-one")  # another organization's namespace
    other = await create(org.member, slug="the-other")
    clash = await org.member.patch(f"/v1/templates/{other['id']}", {"slug": "the-one"})
    assert (clash.status_code, reason(clash)) == (409, "TEMPLATE_SLUG_TAKEN")
