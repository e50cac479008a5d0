"""The plan's agent limit, kept by billing: checked before a create, counted after, given
back on delete; a refusal reaches the REST client with billing's reason and nothing is
written. The free plan allows 3 agents (billing's seeded plans)."""

from __future__ import annotations

import pytest

from tests.agents.support import api_key, count, create, error_info, new_agent, reason

pytestmark = pytest.mark.asyncio
FREE_PLAN_AGENTS = 3
_AGENTS_OF = "SELECT count(*) FROM agents WHERE org_id = :org AND deleted_at IS NULL"


async def _billed_agents(person, org_id: str) -> int:
    usage = await person.get(f"/v1/organizations/{org_id}/usage")
    assert usage.status_code == 200, usage.text
    return int(usage.json()["totals"]["agents"])


async def test_the_limit_is_refused_with_billings_reason(org, agents_db) -> None:
    made = [await create(org.member) for _ in range(FREE_PLAN_AGENTS)]
    assert await _billed_agents(org.owner, org.id) == FREE_PLAN_AGENTS

    refused = await org.member.post("/v1/agents", new_agent())
    assert refused.status_code == 402, refused.text
    assert reason(refused) == "ORG_AGENT_LIMIT_EXCEEDED"
    metadata = error_info(refused)["metadata"]
    assert (metadata["limit"], metadata["count"], metadata["plan"]) == ("3", "3", "free")
    assert metadata["upgrade_hint"]
    assert any(d["@type"].endswith("QuotaFailure") for d in refused.json()["details"])
    assert await count(agents_db, _AGENTS_OF, org=org.id) == FREE_PLAN_AGENTS
    assert await _billed_agents(org.owner, org.id) == FREE_PLAN_AGENTS

    # A deleted agent no longer counts: there is room for one more.
    assert (await org.member.delete(f"/v1/agents/{made[0]['id']}")).status_code == 200
    assert await _billed_agents(org.owner, org.id) == FREE_PLAN_AGENTS - 1
    await create(org.admin)
    assert await _billed_agents(org.owner, org.id) == FREE_PLAN_AGENTS


async def test_a_retried_create_counts_once(org) -> None:
    body = new_agent(request_id="retry-me-please")
    for _ in range(3):
        assert (await org.member.post("/v1/agents", body)).status_code == 200
    assert await _billed_agents(org.owner, org.id) == 1


async def test_a_create_billing_refuses_for_the_caller_writes_nothing(org, agents_db) -> None:
    """A viewer may not create: refused before billing is asked, nothing counted."""
    refused = await org.viewer.post("/v1/agents", new_agent())
    assert refused.status_code == 403, refused.text
    assert await count(agents_db, _AGENTS_OF, org=org.id) == 0
    assert await _billed_agents(org.owner, org.id) == 0


async def test_a_service_key_that_only_writes_agents_is_counted(org, agents_db) -> None:
    """The count is kept by the agents service itself: the key needs no execute:agents."""

    key = await api_key(org.owner, org.id, "write:agents")
    await create(key)
    assert await _billed_agents(org.owner, org.id) == 1
