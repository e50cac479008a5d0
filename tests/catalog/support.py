"""Helpers for catalog's tests: templates written straight into catalog's database, people
and organizations, REST bodies and answers."""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime.db import Database
from tests.identity.people import People, Person

_INSERT = sa.text(
    "INSERT INTO templates (id, slug, name, description, category, tags, visibility, official,"
    " owner_org_id, created_by, latest_version, config, use_count)"
    " VALUES (:id, :slug, :name, :description, :category, :tags, :visibility, :official,"
    " :owner_org_id, :created_by, 1, CAST(:config AS jsonb), :use_count)"
)
_VERSION = sa.text(
    "INSERT INTO template_versions (template_id, number, config, created_by)"
    " VALUES (:id, 1, CAST(:config AS jsonb), :created_by)"
)


async def insert_template(session: AsyncSession, **values: Any) -> uuid.UUID:
    """A template (and its version 1) with sensible defaults for what `values` leaves out."""
    template_id = uuid.uuid4()
    row = {
        "id": template_id,
        "slug": f"t-{template_id.hex[:12]}",
        "name": "A Template",
        "description": "",
        "category": "research",
        "tags": [],
        "visibility": "organization",
        "official": False,
        "owner_org_id": uuid.uuid4(),
        "created_by": uuid.uuid4(),
        "config": json.dumps({"system_prompt": "You help."}),
        "use_count": 0,
        **values,
    }
    await session.execute(_INSERT, row)
    await session.execute(_VERSION, row)
    return template_id


# --- people and REST ------------------------------------------------------------------


@dataclass
class Org:
    """An organization with one person per role."""

    id: str
    owner: Person
    admin: Person
    member: Person
    viewer: Person


async def make_platform_admin(people: People, identity_db: Database) -> Person:
    """A signed-up user made platform administrator (as `platform-admin grant` does)."""
    person = await people.signup("operator")
    async with identity_db.unit_of_work() as session:
        await session.execute(
            sa.text("UPDATE users SET platform_admin = true WHERE id = :id"),
            {"id": person.user_id},
        )
    return person


def config(prompt: str = "You help.", **more: Any) -> dict[str, Any]:
    return {"system_prompt": prompt, **more}


def new_template(**values: Any) -> dict[str, Any]:
    """A CreateTemplate body with defaults for what `values` leaves out."""
    suffix = secrets.token_hex(4)
    return {
        "name": f"Helper {suffix}",
        "slug": f"helper-{suffix}",
        "description": "Helps with things.",
        "category": "research",
        "tags": ["helper"],
        "icon": "bot",
        "color": "#123456",
        "config": config(),
        **values,
    }


async def create(person: Person, **values: Any) -> dict[str, Any]:
    """A template `person` creates through the gateway (it must succeed)."""
    response = await person.post("/v1/templates", new_template(**values))
    assert response.status_code == 200, response.text
    template: dict[str, Any] = response.json()["template"]
    return template


def reason(response: httpx.Response) -> str:
    """The ErrorInfo reason of a REST error answer."""
    for detail in response.json().get("details", []):
        if detail.get("@type", "").endswith("google.rpc.ErrorInfo"):
            found: str = detail["reason"]
            return found
    return ""


def lean(value: Any) -> Any:
    """JSON without its empty values (the gateway prints every field, defaults included)."""
    if isinstance(value, dict):
        kept = {k: lean(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ("", [], {}, 0, False, None)}
    if isinstance(value, list):
        return [lean(v) for v in value]
    return value


def forwarded(person: Person, org_id: str = "") -> tuple[tuple[str, str], ...]:
    """The identity metadata a service passes on for `person` (their user id, the login
    session of their access token and, given, their active organization)."""
    payload = person.access_token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    metadata = [("x-keel-user-id", person.user_id), ("x-keel-session-id", claims["sid"])]
    if org_id:
        metadata.append(("x-keel-org-id", org_id))
    return tuple(metadata)


def acting_for(org_id: str) -> tuple[tuple[str, str], ...]:
    """The metadata of a service calling as itself for organization `org_id`."""
    return (("x-keel-org-id", org_id),)
