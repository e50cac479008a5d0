"""The AI model catalog of ADR-023 (migration 0008), as pricing pages and agent runs meet it:
the public read of capabilities, quality levels and models (no credential), every plan's
defaults and fallbacks by quality level, and 0002's models that ADR-023 dropped, which no
new request gets (an agent still naming one runs on its replacement)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import grpc
import httpx
import pytest
from alembic import command as alembic_command

from keel.billing.v1 import plans_pb2
from keel_runtime import migrations
from keel_runtime.db import Database
from tests.billing.conftest import welcomed
from tests.billing.test_admission import Agents, refused
from tests.billing.test_plans import check, set_plan
from tests.identity.people import People
from tests.identity.support import sql
from tests.support.databases import connect

MIGRATIONS = Path(__file__).resolve().parents[2] / "services/billing/data/migrations"

# ADR-023's models by quality level, by priority: the first is the default.
ADR_023 = {
    "QUALITY_LEVEL_FAST": [
        "openai/gpt-4o-mini",
        "google/gemini-2.0-flash",
        "anthropic/claude-3-5-haiku-latest",
    ],
    "QUALITY_LEVEL_ENHANCED": [
        "openai/gpt-4o",
        "google/gemini-2.5-flash",
        "anthropic/claude-sonnet-4-20250514",
    ],
    "QUALITY_LEVEL_PREMIUM": [
        "openai/gpt-4o",
        "google/gemini-2.5-pro",
        "anthropic/claude-sonnet-4-20250514",
    ],
}
# Exactly its seven models, by quality level then priority.
MODELS = [
    "openai/gpt-4o-mini",
    "google/gemini-2.0-flash",
    "anthropic/claude-3-5-haiku-latest",
    "openai/gpt-4o",
    "google/gemini-2.5-flash",
    "anthropic/claude-sonnet-4-20250514",
    "google/gemini-2.5-pro",
]


async def test_the_ai_catalog_is_public_for_pricing_pages(http: httpx.AsyncClient):
    response = await http.get("/v1/ai-catalog")  # no credential
    assert response.status_code == 200, response.text
    body = response.json()
    assert [
        (q["quality"], q["credit_multiplier"], q["model_ids"]) for q in body["quality_levels"]
    ] == [
        ("QUALITY_LEVEL_FAST", "1", ADR_023["QUALITY_LEVEL_FAST"]),
        ("QUALITY_LEVEL_ENHANCED", "1.5", ADR_023["QUALITY_LEVEL_ENHANCED"]),
        ("QUALITY_LEVEL_PREMIUM", "3", ADR_023["QUALITY_LEVEL_PREMIUM"]),
    ]
    assert [m["id"] for m in body["models"]] == MODELS
    by_id = {m["id"]: m for m in body["models"]}
    assert by_id["openai/gpt-4o-mini"] == {
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
    pro = by_id["google/gemini-2.5-pro"]
    assert (pro["display_name"], pro["context_window_tokens"], pro["tier"]) == (
        "Gemini 2.5 Pro",
        "1048576",
        "QUALITY_LEVEL_PREMIUM",
    )
    assert (pro["input_usd_per_million_tokens"], pro["output_usd_per_million_tokens"]) == (
        "1.25",
        "10",
    )
    sonnet = by_id["anthropic/claude-sonnet-4-20250514"]
    assert (sonnet["display_name"], sonnet["context_window_tokens"]) == (
        "Claude Sonnet 4",
        "200000",
    )
    assert all(m["active"] and "deprecation_date" not in m for m in body["models"])
    assert [(c["capability"], c["base_credits"]) for c in body["capabilities"]] == [
        ("CAPABILITY_AGENT_RUN", "5"),
        ("CAPABILITY_QUESTION_GENERATION", "1"),
        ("CAPABILITY_TESTIMONIAL_ASSEMBLY", "2"),
        ("CAPABILITY_TESTIMONIAL_POLISH", "1"),
    ]
    assert all(c["description"] for c in body["capabilities"])


async def test_every_plan_lists_adr_023s_models_by_its_priorities(
    people: People, billing_db: Database
):
    # A verified owner's: an enhanced run's 15 credits need the welcome bonus besides the 10.
    owner = await people.verified("owner")
    org_id = await people.organization(owner)
    await welcomed(billing_db, org_id)
    for tier in ("free", "pro", "team", "enterprise"):
        await set_plan(billing_db, owner, org_id, tier)
        found = await owner.get(f"/v1/organizations/{org_id}/entitlements")
        assert found.status_code == 200, found.text
        for allowed in found.json()["capabilities"]:
            listed = [m["id"] for m in allowed["models"]]
            assert listed == ADR_023[allowed["quality"]], (tier, allowed["capability"])

    # Enhanced and premium default to gpt-4o, fast keeps gpt-4o-mini.
    for quality, default in [
        ("FAST", "openai/gpt-4o-mini"),
        ("ENHANCED", "openai/gpt-4o"),
        ("PREMIUM", "openai/gpt-4o"),
    ]:
        answer = (await check(owner, org_id, "AGENT_RUN", quality)).json()
        assert answer["allowed"] is True, answer
        assert answer["model"]["id"] == default
        fallbacks = [m["id"] for m in answer["fallback_models"]]
        assert fallbacks == ADR_023[f"QUALITY_LEVEL_{quality}"][1:]


@pytest.fixture
async def agents(people: People, agents_channel: grpc.aio.Channel, billing_db: Database) -> Agents:
    owner = await people.signup("owner")
    return Agents(agents_channel, await people.organization(owner), billing_db)


async def test_an_agent_naming_a_dropped_model_runs_on_its_replacement(agents: Agents):
    """0002's claude-3-5-haiku is no longer on offer: an agent configured with it before
    gets claude-3-5-haiku-latest, with the level's fallbacks."""
    answer = await agents.admit(agents.ask(model_id="anthropic/claude-3-5-haiku"))
    assert answer.model.id == "anthropic/claude-3-5-haiku-latest"
    assert answer.model.display_name == "Claude 3.5 Haiku"
    assert [m.id for m in answer.fallback_models] == ADR_023["QUALITY_LEVEL_FAST"][:2]
    # o1's replacement is gpt-4o, which the free plan does not include.
    code, info, _ = await refused(agents.admit(agents.ask(model_id="openai/o1")))
    assert (code, info.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "MODEL_NOT_IN_PLAN")


async def test_a_quality_level_never_answers_a_dropped_model(agents: Agents):
    answer = await agents.admit(agents.ask(quality=plans_pb2.QUALITY_LEVEL_FAST))
    served = [answer.model.id, *(m.id for m in answer.fallback_models)]
    assert served == ADR_023["QUALITY_LEVEL_FAST"]
    assert all(m.active for m in (answer.model, *answer.fallback_models))


_LISTS = (
    "SELECT quality, string_agg(model_id, ',' ORDER BY priority) FROM plan_capability_models"
    " WHERE plan_tier = 'team' AND capability = 'agent_run' GROUP BY quality"
)


async def test_the_migration_moves_0002s_catalog_to_adr_023_and_back(postgres):
    name = f"billing_models_{uuid.uuid4().hex[:8]}"
    postgres.psql(f"CREATE DATABASE {name} OWNER keel_billing;")
    url = f"postgresql+asyncpg://keel_billing:keel_billing@127.0.0.1:{postgres.port}/{name}"
    config = migrations.alembic_config(MIGRATIONS, url)
    await asyncio.to_thread(alembic_command.upgrade, config, "0007")
    async with connect(url) as database:
        before = dict(await sql(database, _LISTS))
    await asyncio.to_thread(alembic_command.upgrade, config, "head")
    async with connect(url) as database:
        lists = dict(await sql(database, _LISTS))
        assert lists == {
            q.removeprefix("QUALITY_LEVEL_").lower(): ",".join(m) for q, m in ADR_023.items()
        }
        active = await sql(database, "SELECT id FROM llm_models WHERE active ORDER BY id")
        assert sorted(m for (m,) in active) == sorted(MODELS)
        dropped = await sql(
            database,
            "SELECT id, replacement_model_id FROM llm_models WHERE NOT active"
            " AND deprecation_date IS NOT NULL ORDER BY id",
        )
        assert [tuple(row) for row in dropped] == [
            ("anthropic/claude-3-5-haiku", "anthropic/claude-3-5-haiku-latest"),
            ("anthropic/claude-opus-4", "anthropic/claude-sonnet-4-20250514"),
            ("anthropic/claude-sonnet-4", "anthropic/claude-sonnet-4-20250514"),
            ("openai/o1", "openai/gpt-4o"),
        ]
    await asyncio.to_thread(alembic_command.downgrade, config, "0007")
    async with connect(url) as database:
        assert dict(await sql(database, _LISTS)) == before
