"""Plans and entitlements (PlanService) through the gateway, as clients use them: the plans
and credit packages on sale, what an organization's plan allows, and CheckAIAccess's one
answer (allowed or why not, the model, the credits, the rate limits)."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import httpx
import pytest

from keel.billing.v1 import credits_pb2, credits_pb2_grpc
from keel_runtime.db import Database
from tests.billing.conftest import Org, forwarded
from tests.identity.people import People, Person
from tests.identity.support import reason, sql, violated_fields

# ADR-023's fast models by priority (migration 0008).
FAST_MODELS = ["openai/gpt-4o-mini", "google/gemini-2.0-flash", "anthropic/claude-3-5-haiku-latest"]


async def new_org(people: People, tag: str = "owner") -> tuple[Person, str]:
    owner = await people.signup(tag)
    return owner, await people.organization(owner)


async def set_plan(billing_db: Database, person: Person, org_id: str, tier: str) -> None:
    """Put the organization on `tier` (its billing account is opened on first use)."""
    response = await person.get(f"/v1/organizations/{org_id}/entitlements")
    assert response.status_code == 200, response.text
    await sql(
        billing_db,
        "UPDATE subscriptions SET plan_tier = :tier WHERE org_id = :org",
        tier=tier,
        org=uuid.UUID(org_id),
    )


async def check(
    person: Person, org_id: str, capability: str, quality: str = "FAST", **body: Any
) -> httpx.Response:
    return await person.post(
        f"/v1/organizations/{org_id}/ai-access:check",
        {
            "capability": f"CAPABILITY_{capability}",
            "quality": f"QUALITY_LEVEL_{quality}",
            **body,
        },
    )


async def test_plans_and_credit_packages_are_public_cheapest_first(http: httpx.AsyncClient):
    plans = await http.get("/v1/plans")
    assert plans.status_code == 200, plans.text
    by_tier = {p["tier"]: p for p in plans.json()["plans"]}
    assert list(by_tier) == [
        "PLAN_TIER_FREE",
        "PLAN_TIER_PRO",
        "PLAN_TIER_TEAM",
        "PLAN_TIER_ENTERPRISE",
    ]
    free, pro, enterprise = (
        by_tier["PLAN_TIER_FREE"],
        by_tier["PLAN_TIER_PRO"],
        by_tier["PLAN_TIER_ENTERPRISE"],
    )
    assert free["monthly_price"] == {"currency": "usd", "amount_minor": "0"}
    assert (free["agent_limit"], free["monthly_run_limit"], free["hourly_run_limit"]) == (
        "3",
        "100",
        "10",
    )
    assert free["monthly_credits"] == "10"
    assert pro["monthly_price"]["amount_minor"] == "2900"
    assert (pro["monthly_credits"], pro["hourly_run_limit"]) == ("500", "100")
    assert "analytics_export" in pro["features"]
    assert by_tier["PLAN_TIER_TEAM"]["monthly_credits"] == "2000"
    # Enterprise: priced and credited by contract, no limits.
    assert enterprise["custom_pricing"] is True
    assert not {"agent_limit", "monthly_run_limit", "hourly_run_limit", "monthly_credits"} & set(
        enterprise
    )

    packages = await http.get("/v1/credit-packages")
    assert packages.status_code == 200, packages.text
    assert [(p["id"], p["credits"], p["price"]) for p in packages.json()["packages"]] == [
        ("credits_100", "100", {"currency": "usd", "amount_minor": "999"}),
        ("credits_500", "500", {"currency": "usd", "amount_minor": "3999"}),
        ("credits_2000", "2000", {"currency": "usd", "amount_minor": "12999"}),
    ]


async def test_entitlements_follow_the_plan(people: People, billing_db: Database):
    owner, org_id = await new_org(people)
    free = await owner.get(f"/v1/organizations/{org_id}/entitlements")
    assert free.status_code == 200, free.text
    body = free.json()
    assert body["org_id"] == org_id
    assert body["plan"]["tier"] == "PLAN_TIER_FREE"
    assert body["plan"]["concurrent_run_limit"] == "2"  # agent runs in progress at once
    runs, only = sorted(body["capabilities"], key=lambda c: c["capability"])
    assert (only["capability"], only["quality"]) == (
        "CAPABILITY_QUESTION_GENERATION",
        "QUALITY_LEVEL_FAST",
    )
    # Agents run on the free plan too, at fast only (migration 0004): 5 credits a call.
    assert (runs["capability"], runs["quality"]) == ("CAPABILITY_AGENT_RUN", "QUALITY_LEVEL_FAST")
    assert [m["id"] for m in runs["models"]] == FAST_MODELS
    assert runs["estimated_credits"] == "5"
    assert (only["requests_per_minute"], only["requests_per_day"]) == ("10", "50")
    assert [m["id"] for m in only["models"]] == FAST_MODELS
    assert only["models"][0] == {
        "id": "openai/gpt-4o-mini",
        "provider": "openai",
        "tier": "QUALITY_LEVEL_FAST",
        "input_usd_per_million_tokens": "0.15",
        "output_usd_per_million_tokens": "0.6",
        "display_name": "GPT-4o mini",
        "context_window_tokens": "128000",
        "active": True,
        "replacement_model_id": "",
    }
    assert only["estimated_credits"] == "1"

    await set_plan(billing_db, owner, org_id, "pro")
    pro = (await owner.get(f"/v1/organizations/{org_id}/entitlements")).json()
    assert pro["plan"]["tier"] == "PLAN_TIER_PRO"
    allowed = {(c["capability"], c["quality"]): c for c in pro["capabilities"]}
    assert {quality for _, quality in allowed} == {"QUALITY_LEVEL_FAST", "QUALITY_LEVEL_ENHANCED"}
    assert len(allowed) == 8  # every capability, at fast and enhanced
    polish = allowed[("CAPABILITY_TESTIMONIAL_ASSEMBLY", "QUALITY_LEVEL_ENHANCED")]
    # Base 2 credits x 1.5 for enhanced.
    assert polish["estimated_credits"] == "3"
    assert (polish["requests_per_minute"], polish["requests_per_day"]) == ("30", "500")
    assert allowed[("CAPABILITY_AGENT_RUN", "QUALITY_LEVEL_ENHANCED")]["estimated_credits"] == "7.5"

    await set_plan(billing_db, owner, org_id, "team")
    team = (await owner.get(f"/v1/organizations/{org_id}/entitlements")).json()
    assert len(team["capabilities"]) == 12
    # Unlimited: no rate fields at all.
    assert all("requests_per_minute" not in c for c in team["capabilities"])


async def test_entitlements_are_for_members_and_above(org: Org, people: People):
    path = f"/v1/organizations/{org.id}/entitlements"
    assert (await org.member.get(path)).status_code == 200
    assert (await org.viewer.get(path)).status_code == 403
    stranger = await people.signup("stranger")
    assert (await stranger.get(path)).status_code == 404


async def test_check_ai_access_answers_with_model_credits_and_limits(people: People):
    owner, org_id = await new_org(people)
    response = await check(owner, org_id, "QUESTION_GENERATION")
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["allowed"] is True
    assert answer["reason"] == ""
    assert answer["plan"] == "PLAN_TIER_FREE"
    assert answer["model"]["id"] == FAST_MODELS[0]
    assert [m["id"] for m in answer["fallback_models"]] == FAST_MODELS[1:]
    assert answer["estimated_credits"] == "1"
    # A new organization of an unverified owner: the free plan's 10 credits, no bonus.
    assert answer["spendable_credits"] == "10"
    assert answer["balance_covers"] is True
    # Nothing consumed: a plain check leaves the whole allowance.
    assert (answer["remaining_per_minute"], answer["remaining_per_day"]) == ("10", "50")
    assert answer["upgrade_to"] == "PLAN_TIER_UNSPECIFIED"


@pytest.mark.parametrize(
    ("capability", "quality", "why", "upgrade_to"),
    [
        ("TESTIMONIAL_POLISH", "FAST", "CAPABILITY_NOT_IN_PLAN", "PLAN_TIER_PRO"),
        ("QUESTION_GENERATION", "ENHANCED", "QUALITY_NOT_IN_PLAN", "PLAN_TIER_PRO"),
        ("QUESTION_GENERATION", "PREMIUM", "QUALITY_NOT_IN_PLAN", "PLAN_TIER_TEAM"),
    ],
)
async def test_check_ai_access_refuses_what_the_plan_lacks_and_names_the_upgrade(
    people: People, capability: str, quality: str, why: str, upgrade_to: str
):
    owner, org_id = await new_org(people)
    response = await check(owner, org_id, capability, quality, consume=True)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["allowed"], answer["reason"], answer["upgrade_to"]) == (False, why, upgrade_to)
    assert answer["message"]
    assert "model" not in answer


async def test_an_inactive_subscription_may_use_nothing(people: People, billing_db: Database):
    owner, org_id = await new_org(people)
    await set_plan(billing_db, owner, org_id, "pro")
    await sql(
        billing_db,
        "UPDATE subscriptions SET status = 'unpaid' WHERE org_id = :org",
        org=uuid.UUID(org_id),
    )
    answer = (await check(owner, org_id, "QUESTION_GENERATION")).json()
    assert (answer["allowed"], answer["reason"]) == (False, "SUBSCRIPTION_INACTIVE")


async def test_consuming_past_the_per_minute_limit_is_refused_with_retry_after(people: People):
    owner, org_id = await new_org(people)
    remaining = []
    for _ in range(10):
        response = await check(owner, org_id, "QUESTION_GENERATION", consume=True)
        assert response.status_code == 200, response.text
        assert response.json()["allowed"] is True
        remaining.append(int(response.json()["remaining_per_minute"]))
    assert remaining == list(range(9, -1, -1))

    refused = await check(owner, org_id, "QUESTION_GENERATION", consume=True)
    assert refused.status_code == 429, refused.text
    assert reason(refused) == "AI_RATE_LIMITED"
    assert 1 <= int(refused.headers["retry-after"]) <= 60

    # Asking without consuming: an answer, not an error.
    answer = (await check(owner, org_id, "QUESTION_GENERATION")).json()
    assert (answer["allowed"], answer["reason"]) == (False, "RATE_LIMITED")
    assert (answer["remaining_per_minute"], answer["remaining_per_day"]) == ("0", "40")


async def test_balance_covers_is_false_when_credits_are_short(
    people: People, billing_db: Database, billing_channel: grpc.aio.Channel
):
    owner, org_id = await new_org(people)
    await set_plan(billing_db, owner, org_id, "pro")
    # Hold 5 of the 10 credits (no bonus: unverified owner): 5 stay spendable.
    await credits_pb2_grpc.CreditServiceStub(billing_channel).Reserve(
        credits_pb2.ReserveRequest(org_id=org_id, amount="5", idempotency_key="hold-5-credits"),
        metadata=forwarded(owner),
    )
    short = (await check(owner, org_id, "AGENT_RUN", "ENHANCED", consume=True)).json()
    assert short["estimated_credits"] == "7.5"
    assert short["spendable_credits"] == "5"
    assert (short["allowed"], short["reason"], short["balance_covers"]) == (
        False,
        "INSUFFICIENT_CREDITS",
        False,
    )
    # Refused for credits: nothing was counted against the rate.
    assert short["remaining_per_minute"] == "30"
    enough = (await check(owner, org_id, "AGENT_RUN", "FAST")).json()
    assert (enough["allowed"], enough["balance_covers"]) == (True, True)


async def test_check_ai_access_is_for_those_who_may_run_agents(org: Org, people: People):
    assert (await check(org.member, org.id, "QUESTION_GENERATION")).status_code == 200
    assert (await check(org.viewer, org.id, "QUESTION_GENERATION")).status_code == 403
    stranger = await people.signup("stranger")
    assert (await check(stranger, org.id, "QUESTION_GENERATION")).status_code == 404


async def test_bad_input_is_refused(people: People):
    owner, org_id = await new_org(people)
    unknown = await owner.post(
        f"/v1/organizations/{org_id}/ai-access:check",
        {"capability": "CAPABILITY_MIND_READING", "quality": "QUALITY_LEVEL_FAST"},
    )
    assert unknown.status_code == 400, unknown.text
    missing = await owner.post(
        f"/v1/organizations/{org_id}/ai-access:check",
        {"capability": "CAPABILITY_QUESTION_GENERATION"},
    )
    assert missing.status_code == 400, missing.text
    assert violated_fields(missing) == {"quality"}
    bad_id = await owner.get("/v1/organizations/not-a-uuid/entitlements")
    assert bad_id.status_code == 400, bad_id.text
    assert violated_fields(bad_id) == {"org_id"}
