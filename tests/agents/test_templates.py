"""Agents made from catalog templates, through the gateway: the template's latest config as
the caller's organization sees it, mapped onto the agent's config, the template and
version kept on the agent, the plan's limit and models as for any create, the use counted
by catalog once per agent, nothing left behind by a refusal."""

from __future__ import annotations

import uuid

import pytest

from keel.catalog.v1 import templates_pb2, templates_pb2_grpc
from services.agents.domain.access import Caller
from services.agents.domain.agents import agent_id_for, template_source
from tests.agents.support import api_key, count, create, new_agent, reason, set_plan
from tests.catalog import support as catalog
from tests.catalog.support import lean

pytestmark = pytest.mark.asyncio
OFFICIAL = [f"0a6f3e55-7c1d-4a8e-9b2f-00000000000{n}" for n in range(1, 6)]
_AGENTS_OF = "SELECT count(*) FROM agents WHERE org_id = :org"


def from_template(template_id: str) -> str:
    return f"/v1/agents/from-template/{template_id}"


async def template_of(person, template_id: str) -> dict:
    found = await person.get(f"/v1/templates/{template_id}")
    assert found.status_code == 200, found.text
    template: dict = found.json()["template"]
    return template


async def uses(person, template_id: str) -> int:
    return int((await template_of(person, template_id))["use_count"])


async def billed_agents(person, org_id: str) -> int:
    usage = await person.get(f"/v1/organizations/{org_id}/usage")
    assert usage.status_code == 200, usage.text
    return int(usage.json()["totals"]["agents"])


@pytest.mark.parametrize("template_id", OFFICIAL)
async def test_an_agent_from_each_official_template(org, billing_db, template_id) -> None:
    await set_plan(billing_db, org.owner, org.id, "team")  # premium templates among them
    template = await template_of(org.member, template_id)
    before = int(template["use_count"])

    made = await org.member.post(from_template(template_id), {})
    assert made.status_code == 200, made.text
    body = made.json()
    agent, origin = body["agent"], body["template"]
    assert origin == {"template_id": template_id, "version": template["latest_version"]}
    assert agent["from_template"] == origin
    assert (agent["name"], agent["visibility"], agent["org_id"]) == (
        template["name"],
        "VISIBILITY_PRIVATE",
        org.id,
    )
    copied, source = lean(agent["config"]), lean(template["config"])
    assert copied["system_prompt"] == source["system_prompt"]
    assert copied["model"] == source["model"]  # a quality level, in every official one
    assert copied["triggers"] == source["triggers"]
    assert [t["name"] for t in copied["tools"]] == [t["name"] for t in source["tools"]]
    for key in ("knowledge_base_tags", "channel_defaults"):
        assert copied.get(key) == source["metadata"].get(key)
    assert await uses(org.member, template_id) == before + 1

    # The attribution stays on the agent; version 1 says where it came from.
    read = (await org.member.get(f"/v1/agents/{agent['id']}")).json()["agent"]
    assert read["from_template"] == origin
    [version] = (await org.member.get(f"/v1/agents/{agent['id']}/versions")).json()["versions"]
    assert version["notes"] == (
        f"From the template {template['name']}, version {template['latest_version']}"
    )


async def test_name_visibility_and_description_may_be_given(org) -> None:
    made = await org.member.post(
        from_template(OFFICIAL[0]),
        {"name": "Front desk", "visibility": "VISIBILITY_ORGANIZATION", "description": "Ours."},
    )
    assert made.status_code == 200, made.text
    agent = made.json()["agent"]
    assert (agent["name"], agent["visibility"], agent["description"]) == (
        "Front desk",
        "VISIBILITY_ORGANIZATION",
        "Ours.",
    )
    assert (await org.viewer.get(f"/v1/agents/{agent['id']}")).status_code == 200


async def test_an_organization_template_maps_mcp_tools_and_defaults_the_model(org) -> None:
    template = await catalog.create(
        org.member,
        config={
            "system_prompt": "You look things up.",
            "tools": [
                {"name": "calculator", "kind": "TOOL_KIND_BUILTIN", "description": "Sums.",
                 "settings": {"precision": 2}},
                {"name": "crm", "kind": "TOOL_KIND_MCP", "description": "Contacts.",
                 "mcp_server": {"name": "CRM server", "url": "https://mcp.example.com/crm",
                                "allowed_tools": ["find_contact"]},
                 "settings": {"region": "eu"}},
            ],
        },
    )  # fmt: skip
    made = await org.admin.post(from_template(template["id"]), {})
    assert made.status_code == 200, made.text
    config = lean(made.json()["agent"]["config"])
    assert config == {
        "system_prompt": "You look things up.",
        "model": {"quality": "MODEL_QUALITY_FAST"},  # the template names none
        "tools": [{"name": "calculator", "settings": {"precision": 2}}],
        "mcp_servers": [
            {"name": "crm", "url": "https://mcp.example.com/crm", "allowed_tools": ["find_contact"]}
        ],
    }


async def test_a_template_the_caller_cannot_see_does_not_exist(org, outsider, agents_db) -> None:
    elsewhere = await catalog.create(outsider)  # an organization template of another org
    private = await catalog.create(org.member, visibility="VISIBILITY_PRIVATE")
    for template_id, person in (
        (elsewhere["id"], org.member),
        (private["id"], org.admin),  # another member's private template
        (str(uuid.uuid4()), org.member),
    ):
        refused = await person.post(from_template(template_id), {})
        assert refused.status_code == 404, refused.text
        assert reason(refused) == "TEMPLATE_NOT_FOUND"
    assert await count(agents_db, _AGENTS_OF, org=org.id) == 0

    # The creator sees their private template: catalog is asked as the caller.
    made = await org.member.post(from_template(private["id"]), {})
    assert made.status_code == 200, made.text


async def test_the_plan_limit_applies_and_nothing_is_left_behind(org, agents_db) -> None:
    for _ in range(3):  # the free plan's agents
        await create(org.member)
    before = await uses(org.member, OFFICIAL[1])
    refused = await org.member.post(from_template(OFFICIAL[1]), {})
    assert refused.status_code == 402, refused.text
    assert reason(refused) == "ORG_AGENT_LIMIT_EXCEEDED"
    assert await count(agents_db, _AGENTS_OF, org=org.id) == 3
    assert await uses(org.member, OFFICIAL[1]) == before
    assert await billed_agents(org.owner, org.id) == 3


async def test_a_template_above_the_plan_gets_the_plans_best_level(org, billing_db) -> None:
    """The template's level is what it was made for: on a plan without it, the agent gets
    the plan's best level below it, and its version notes say so."""
    await set_plan(billing_db, org.owner, org.id, "pro")  # fast and enhanced, no premium
    before = await uses(org.member, OFFICIAL[1])  # Sales Research: premium
    made = await org.member.post(from_template(OFFICIAL[1]), {})
    assert made.status_code == 200, made.text
    agent = made.json()["agent"]
    assert agent["config"]["model"] == {"quality": "MODEL_QUALITY_ENHANCED"}
    versions = await org.member.get(f"/v1/agents/{agent['id']}/versions")
    assert "premium lowered to enhanced" in versions.json()["versions"][0]["notes"]
    assert await uses(org.member, OFFICIAL[1]) == before + 1
    # Enhanced is in the plan: kept as it is.
    kept = await org.member.post(from_template(OFFICIAL[0]), {})
    assert kept.status_code == 200, kept.text
    assert (
        "lowered"
        not in (await org.member.get(f"/v1/agents/{kept.json()['agent']['id']}/versions")).json()[
            "versions"
        ][0]["notes"]
    )


async def test_a_retried_create_is_one_agent_counted_once(org) -> None:
    before = await uses(org.member, OFFICIAL[2])
    body = {"request_id": "from-template-retry-1"}
    made = [await org.member.post(from_template(OFFICIAL[2]), body) for _ in range(3)]
    assert all(m.status_code == 200 for m in made), made[-1].text
    assert len({m.json()["agent"]["id"] for m in made}) == 1
    assert made[-1].json()["template"] == made[0].json()["template"]
    assert await uses(org.member, OFFICIAL[2]) == before + 1
    assert await billed_agents(org.owner, org.id) == 1

    # The same request_id with another template, or in a plain create, is another agent.
    other = await org.member.post(from_template(OFFICIAL[3]), body)
    plain = await org.member.post("/v1/agents", new_agent(**body))
    ids = {made[0].json()["agent"]["id"], other.json()["agent"]["id"], plain.json()["agent"]["id"]}
    assert len(ids) == 3


async def test_a_use_recorded_before_a_failed_commit_is_not_counted_again(
    org, catalog_as_agents
) -> None:
    """The residue of a commit that failed after catalog counted the use: the retry with
    the same request_id makes the same agent, which catalog has counted already."""
    request_id = "commit-failed-after-the-use"
    agent_id = agent_id_for(
        uuid.UUID(org.id),
        Caller(user_id=uuid.UUID(org.member.user_id)),
        request_id,
        template_source(uuid.UUID(OFFICIAL[4])),
    )
    stub = templates_pb2_grpc.TemplateUsageServiceStub(catalog_as_agents)
    recorded = await stub.RecordTemplateUse(
        templates_pb2.RecordTemplateUseRequest(
            template_id=OFFICIAL[4], org_id=org.id, agent_id=str(agent_id)
        ),
        metadata=catalog.forwarded(org.member),
    )
    assert recorded.recorded
    before = await uses(org.member, OFFICIAL[4])

    made = await org.member.post(from_template(OFFICIAL[4]), {"request_id": request_id})
    assert made.status_code == 200, made.text
    assert made.json()["agent"]["id"] == str(agent_id)
    assert await uses(org.member, OFFICIAL[4]) == before


async def test_a_key_needs_read_templates_to_copy_one(org) -> None:
    writer = await api_key(org.owner, org.id, "write:agents")
    refused = await writer.post(from_template(OFFICIAL[0]), {})
    assert refused.status_code == 403, refused.text
    reader = await api_key(org.owner, org.id, "write:agents", "read:templates")
    made = await reader.post(from_template(OFFICIAL[0]), {})
    assert made.status_code == 200, made.text
