"""The plan's models (billing's CheckAIAccess for agent runs): a config naming a quality
level or a model the organization's plan does not include is refused with billing's
reason, on create, update and rollback; nothing is written."""

from __future__ import annotations

import pytest

from tests.agents.support import (
    api_key,
    config,
    count,
    create,
    error_info,
    new_agent,
    reason,
    set_plan,
)

pytestmark = pytest.mark.asyncio
_AGENTS_OF = "SELECT count(*) FROM agents WHERE org_id = :org"


def quality(level: str) -> dict:
    return config(model={"quality": f"MODEL_QUALITY_{level}"})


async def test_a_quality_level_the_plan_lacks_is_refused_with_billings_reason(
    org, agents_db, billing_db
) -> None:
    await set_plan(billing_db, org.owner, org.id, "pro")
    refused = await org.member.post("/v1/agents", new_agent(config=quality("PREMIUM")))
    assert refused.status_code == 402, refused.text
    assert reason(refused) == "QUALITY_NOT_IN_PLAN"
    info = error_info(refused)
    assert info["metadata"] == {
        "capability": "agent_run",
        "quality": "premium",
        "plan": "pro",
        "upgrade_to": "team",
        "checkout_route": "POST /v1/organizations/{org_id}/billing/checkout",
    }
    assert "pro plan does not include agent_run at premium" in refused.json()["message"]
    assert await count(agents_db, _AGENTS_OF, org=org.id) == 0

    # What the plan includes: fast (the default) and enhanced.
    await create(org.member, config=quality("FAST"))
    await create(org.member, config=quality("ENHANCED"))


async def test_a_model_by_name_must_be_one_of_the_plans(org, billing_db) -> None:
    await set_plan(billing_db, org.owner, org.id, "pro")
    await create(org.member, config=config(model={"name": "openai/gpt-4o"}))  # enhanced
    await create(org.member, config=config(model={"name": "google/gemini-2.0-flash"}))

    for name in ("anthropic/claude-opus-4", "not-a-model-billing-knows"):
        refused = await org.member.post(
            "/v1/agents", new_agent(config=config(model={"name": name}))
        )
        assert refused.status_code == 402, refused.text
        assert reason(refused) == "MODEL_NOT_IN_PLAN"
        metadata = error_info(refused)["metadata"]
        assert (metadata["model"], metadata["plan"]) == (name, "pro")
        assert "openai/gpt-4o-mini" in metadata["allowed_models"].split(",")


async def test_changes_and_rollbacks_are_checked_too(org, billing_db) -> None:
    await set_plan(billing_db, org.owner, org.id, "team")
    agent = await create(org.member, config=quality("PREMIUM"))
    await set_plan(billing_db, org.owner, org.id, "pro")

    path = f"/v1/agents/{agent['id']}"
    changed = await org.member.patch(path, {"config": quality("ENHANCED")})
    assert changed.status_code == 200, changed.text
    again = await org.member.patch(path, {"config": quality("PREMIUM")})
    assert again.status_code == 402, again.text
    assert reason(again) == "QUALITY_NOT_IN_PLAN"
    # The plan changed since version 1: rolling back to it is refused as well.
    rollback = await org.member.post(f"{path}/versions/1:rollback", {})
    assert rollback.status_code == 402, rollback.text
    assert reason(rollback) == "QUALITY_NOT_IN_PLAN"
    assert (await org.member.get(path)).json()["agent"]["latest_version"] == 2


async def test_a_key_that_only_writes_agents_is_checked_against_the_plan(org, billing_db) -> None:
    """billing is asked by the agents service for the organization: the key needs no
    execute:agents, and the plan still applies to it."""
    await set_plan(billing_db, org.owner, org.id, "pro")
    key = await api_key(org.owner, org.id, "write:agents")
    await create(key, config=quality("ENHANCED"))
    refused = await key.post("/v1/agents", new_agent(config=quality("PREMIUM")))
    assert refused.status_code == 402, refused.text
    assert reason(refused) == "QUALITY_NOT_IN_PLAN"


async def test_the_free_plan_allows_the_default_and_refuses_premium(org) -> None:
    await create(org.member, config=quality("FAST"))
    refused = await org.member.post("/v1/agents", new_agent(config=quality("PREMIUM")))
    assert refused.status_code == 402, refused.text
    assert reason(refused) == "QUALITY_NOT_IN_PLAN"
