"""Helpers for agents's tests: REST bodies and answers, agents written straight into
agents's database, API keys."""

from __future__ import annotations

import dataclasses
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa

from keel_runtime.db import Database
from tests.identity.people import Person


@dataclass
class Org:
    """An organization with one person per role."""

    id: str
    owner: Person
    admin: Person
    member: Person
    viewer: Person


def config(prompt: str = "You help.", **more: Any) -> dict[str, Any]:
    return {"system_prompt": prompt, "model": {"quality": "MODEL_QUALITY_FAST"}, **more}


def new_agent(**values: Any) -> dict[str, Any]:
    """A CreateAgent body with defaults for what `values` leaves out."""
    return {
        "name": f"Helper {secrets.token_hex(3)}",
        "description": "Helps with things.",
        "config": config(),
        **values,
    }


async def create(person: Person, **values: Any) -> dict[str, Any]:
    """An agent `person` creates through the gateway (it must succeed)."""
    response = await person.post("/v1/agents", new_agent(**values))
    assert response.status_code == 200, response.text
    agent: dict[str, Any] = response.json()["agent"]
    return agent


def reason(response: httpx.Response) -> str:
    """The ErrorInfo reason of a REST error answer."""
    for detail in response.json().get("details", []):
        if detail.get("@type", "").endswith("google.rpc.ErrorInfo"):
            found: str = detail["reason"]
            return found
    return ""


def error_info(response: httpx.Response) -> dict[str, Any]:
    for detail in response.json().get("details", []):
        if detail.get("@type", "").endswith("google.rpc.ErrorInfo"):
            return dict(detail)
    return {}


async def api_key(owner: Person, org_id: str, *scopes: str) -> Person:
    """A service API key of `org_id` with `scopes`, used like a person's token."""
    made = await owner.post(
        f"/v1/organizations/{org_id}/api-keys",
        {"name": f"key {secrets.token_hex(3)}", "kind": "API_KEY_KIND_SERVICE",
         "scopes": list(scopes)},
    )  # fmt: skip
    assert made.status_code == 200, made.text
    return dataclasses.replace(owner, access_token=made.json()["secret"])


_INSERT = sa.text(
    "INSERT INTO agents (id, org_id, name, visibility, created_by, latest_version, config)"
    " VALUES (:id, :org_id, :name, :visibility, :created_by, 1, CAST(:config AS jsonb))"
)
_VERSION = sa.text(
    "INSERT INTO agent_versions (agent_id, number, config, created_by)"
    " VALUES (:id, 1, CAST(:config AS jsonb), :created_by)"
)


async def insert_agent(
    database: Database, org_id: str, created_by: str, visibility: str = "organization"
) -> str:
    """An agent and its version 1, written directly (billing does not count it)."""
    row = {
        "id": uuid.uuid4(),
        "org_id": uuid.UUID(org_id),
        "name": f"Inserted {visibility}",
        "visibility": visibility,
        "created_by": uuid.UUID(created_by),
        "config": json.dumps(config()),
    }
    async with database.unit_of_work() as session:
        await session.execute(_INSERT, row)
        await session.execute(_VERSION, row)
    return str(row["id"])


async def count(database: Database, sql: str, **params: Any) -> int:
    async with database.unit_of_work() as session:
        return int((await session.execute(sa.text(sql), params)).scalar_one())


async def set_plan(billing_db: Database, person: Person, org_id: str, tier: str) -> None:
    """Put the organization on `tier` (billing opens its account on first use), as billing's
    own tests do: plans change through Stripe, out of reach here."""
    opened = await person.get(f"/v1/organizations/{org_id}/entitlements")
    assert opened.status_code == 200, opened.text
    async with billing_db.unit_of_work() as session:
        await session.execute(
            sa.text("UPDATE subscriptions SET plan_tier = :tier WHERE org_id = :org"),
            {"tier": tier, "org": uuid.UUID(org_id)},
        )


async def _operator(people: Any, identity_db: Database) -> Person:
    """A signed-up user made platform administrator (as `platform-admin grant` does)."""
    operator: Person = await people.signup("operator")
    async with identity_db.unit_of_work() as session:
        await session.execute(
            sa.text("UPDATE users SET platform_admin = true WHERE id = :id"),
            {"id": operator.user_id},
        )
    return operator


async def grant_credits(people: Any, identity_db: Database, org_id: str, amount: str) -> None:
    """`amount` promotional credits for the organization, granted by a platform admin."""
    operator = await _operator(people, identity_db)
    granted = await operator.post(
        f"/v1/admin/platform/organizations/{org_id}/credits:grant",
        {"amount": amount, "reason": "tests", "idempotency_key": f"grant-{secrets.token_hex(8)}"},
    )
    assert granted.status_code == 200, granted.text


async def adjust_credits(people: Any, identity_db: Database, org_id: str, amount: str) -> None:
    """The organization's monthly credits changed by `amount` (signed), by a platform admin."""
    operator = await _operator(people, identity_db)
    adjusted = await operator.post(
        f"/v1/admin/platform/organizations/{org_id}/credits:adjust",
        {"amount": amount, "reason": "tests", "idempotency_key": f"adjust-{secrets.token_hex(8)}"},
    )
    assert adjusted.status_code == 200, adjusted.text
