"""Models past their deprecation date or switched off are never a new request's default or
fallback: CheckAIAccess, a run's admission and the public AI catalog skip them, a run
naming a deprecated model gets its replacement, and a level left with no model refuses
(NO_MODEL_AVAILABLE) rather than answer a retired one.

billing reads its catalog once per process, so this module's billing starts on a catalog
changed first: gpt-4o-mini (fast's default) deprecated since yesterday, replaced by
gemini-2.0-flash; gpt-4o, gemini-2.5-pro and claude-sonnet-4 switched off (premium keeps
no model, enhanced only gemini-2.5-flash, whose deprecation is announced for next month).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import grpc
import httpx
import pytest

from keel.billing.v1 import plans_pb2
from keel_runtime.db import Database
from tests.billing.test_admission import Agents, refused
from tests.billing.test_plans import check, set_plan
from tests.identity.people import People, Person
from tests.identity.support import sql
from tests.support.processes import ServiceProcess, service

TODAY = datetime.now(UTC).date()
YESTERDAY, NEXT_MONTH = TODAY - timedelta(days=1), TODAY + timedelta(days=30)
SWITCHED_OFF = ["openai/gpt-4o", "google/gemini-2.5-pro", "anthropic/claude-sonnet-4-20250514"]


@pytest.fixture(scope="module")
async def billing(
    billing_env: dict[str, str], billing_db: Database, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ServiceProcess]:
    await sql(
        billing_db,
        "UPDATE llm_models SET deprecation_date = :day,"
        " replacement_model_id = 'google/gemini-2.0-flash' WHERE id = 'openai/gpt-4o-mini'",
        day=YESTERDAY,
    )
    await sql(
        billing_db,
        "UPDATE llm_models SET deprecation_date = :day WHERE id = 'google/gemini-2.5-flash'",
        day=NEXT_MONTH,
    )
    await sql(
        billing_db, "UPDATE llm_models SET active = false WHERE id = ANY(:ids)", ids=SWITCHED_OFF
    )
    with service("billing", billing_env, tmp_path_factory) as process:
        yield process


@dataclass(frozen=True)
class Team:
    """An organization on the team plan (every level): its owner, and billing as the agents
    service sees it."""

    owner: Person
    agents: Agents


@pytest.fixture
async def team(people: People, agents_channel: grpc.aio.Channel, billing_db: Database) -> Team:
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    await set_plan(billing_db, owner, org_id, "team")
    return Team(owner, Agents(agents_channel, org_id, billing_db))


async def test_a_deprecated_model_is_no_longer_the_default(team: Team):
    answer = (await check(team.owner, team.agents.org_id, "AGENT_RUN", "FAST")).json()
    assert answer["allowed"] is True, answer
    assert answer["model"]["id"] == "google/gemini-2.0-flash"
    assert [m["id"] for m in answer["fallback_models"]] == ["anthropic/claude-3-5-haiku-latest"]

    admitted = await team.agents.admit(team.agents.ask(quality=plans_pb2.QUALITY_LEVEL_FAST))
    assert [admitted.model.id, *(m.id for m in admitted.fallback_models)] == [
        "google/gemini-2.0-flash",
        "anthropic/claude-3-5-haiku-latest",
    ]
    # An agent that names it runs on its replacement.
    named = await team.agents.admit(team.agents.ask(model_id="openai/gpt-4o-mini"))
    assert named.model.id == "google/gemini-2.0-flash"
    assert "openai/gpt-4o-mini" not in [m.id for m in named.fallback_models]


async def test_a_switched_off_model_is_never_a_fallback(team: Team):
    answer = (await check(team.owner, team.agents.org_id, "AGENT_RUN", "ENHANCED")).json()
    assert (answer["model"]["id"], answer["fallback_models"]) == ("google/gemini-2.5-flash", [])
    # Announced, not yet reached: still served, with its date.
    assert answer["model"]["deprecation_date"] == {
        "year": NEXT_MONTH.year,
        "month": NEXT_MONTH.month,
        "day": NEXT_MONTH.day,
    }
    code, info, _ = await refused(team.agents.admit(team.agents.ask(model_id="openai/gpt-4o")))
    assert (code, info.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "MODEL_NOT_IN_PLAN")


async def test_a_level_without_a_model_refuses_and_holds_nothing(team: Team):
    answer = (await check(team.owner, team.agents.org_id, "AGENT_RUN", "PREMIUM")).json()
    assert (answer["allowed"], answer["reason"]) == (False, "NO_MODEL_AVAILABLE")
    assert "model" not in answer

    premium = team.agents.ask(quality=plans_pb2.QUALITY_LEVEL_PREMIUM)
    code, info, _ = await refused(team.agents.admit(premium))
    assert (code, info.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "NO_MODEL_AVAILABLE")
    assert await team.agents.reserved() == "0"


async def test_the_public_catalog_shows_what_new_requests_get(http: httpx.AsyncClient):
    body = (await http.get("/v1/ai-catalog")).json()
    assert {q["quality"]: q["model_ids"] for q in body["quality_levels"]} == {
        "QUALITY_LEVEL_FAST": ["google/gemini-2.0-flash", "anthropic/claude-3-5-haiku-latest"],
        "QUALITY_LEVEL_ENHANCED": ["google/gemini-2.5-flash"],
        "QUALITY_LEVEL_PREMIUM": [],
    }
    by_id = {m["id"]: m for m in body["models"]}
    assert not set(SWITCHED_OFF) & set(by_id)
    # Deprecated but still active: listed, with its date and replacement.
    deprecated = by_id["openai/gpt-4o-mini"]
    assert deprecated["deprecation_date"] == {
        "year": YESTERDAY.year,
        "month": YESTERDAY.month,
        "day": YESTERDAY.day,
    }
    assert deprecated["replacement_model_id"] == "google/gemini-2.0-flash"
