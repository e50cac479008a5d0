"""Agents and versions in agents's database (the domain's `Agents`).

Reads are statements compiled once (`db.Query`): in read-only RPCs they run on asyncpg
directly, in writing ones through the call's transaction. Writes go through the session.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import insert

from keel_runtime import db
from services.agents.data.models import AgentRow, AgentVersionRow
from services.agents.domain.agents import Agent, Shown, Version

A = AgentRow
_HEAD = (A.id, A.org_id, A.name, A.description, A.avatar_url, A.visibility, A.created_by,
         A.created_by_api_key, A.latest_version)  # fmt: skip
_TAIL = (A.created_at, A.updated_at, A.deleted_at, A.template_id, A.template_version)
_BY_ID = select(*_HEAD, A.config, *_TAIL).where(A.id == bindparam("id"))
_GET = db.Query(_BY_ID.where(A.deleted_at.is_(None)))
_GET_ANY = db.Query(_BY_ID)
_LOCK = db.Query(_BY_ID.where(A.deleted_at.is_(None)).with_for_update())
# One lock per organization, taken by creates (PostgreSQL's advisory locks are 64-bit keys).
_LOCK_ORG = sa.text("SELECT pg_advisory_xact_lock(hashtextextended(CAST(:org AS text), 7))")

# Lists: each parameter appears once (asyncpg binds by position). A private agent is
# shown when its visibility is, or when it is the caller's own (`own_*`, else NULL).
_LIST_SQL = """
SELECT id, org_id, name, description, avatar_url, visibility, created_by, created_by_api_key,
       latest_version, created_at, updated_at, deleted_at, template_id, template_version
FROM agents
WHERE org_id = CAST(:org AS uuid) AND deleted_at IS NULL
  AND (visibility = ANY (CAST(:visibilities AS text[]))
       OR (visibility = 'private' AND (created_by = CAST(:own_user AS uuid)
                                       OR created_by_api_key = CAST(:own_key AS text))))
  AND created_by IS NOT DISTINCT FROM coalesce(CAST(:creator AS uuid), created_by)
  {after}
ORDER BY created_at DESC, id DESC
LIMIT CAST(:limit AS integer)
"""
_FIRST_PAGE = db.Query(sa.text(_LIST_SQL.format(after="")))
_NEXT_PAGE = db.Query(
    sa.text(
        _LIST_SQL.format(
            after="AND (created_at, id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))"
        )
    )
)

V = AgentVersionRow
_VERSION_COLUMNS = (V.agent_id, V.number, V.notes, V.config, V.created_by,
                    V.copied_from_version, V.created_at)  # fmt: skip
_VERSIONS = select(*_VERSION_COLUMNS).where(V.agent_id == bindparam("id"))
_FIRST_VERSIONS = db.Query(_VERSIONS.order_by(V.number.desc()).limit(bindparam("limit")))
_NEXT_VERSIONS = db.Query(
    _VERSIONS.where(V.number < bindparam("before"))
    .order_by(V.number.desc())
    .limit(bindparam("limit"))
)
_VERSION = db.Query(_VERSIONS.where(V.number == bindparam("number")))


_HEAD_NAMES = [c.key for c in _HEAD]
_TAIL_NAMES = [c.key for c in _TAIL]


def _agent(row: Any, with_config: bool = True) -> Agent:
    """An agent from a row of `_HEAD` (+ config) + `_TAIL` columns."""
    values = list(row)
    head, config = values[: len(_HEAD)], values[len(_HEAD)] if with_config else None
    tail = values[len(_HEAD) + (1 if with_config else 0) :]
    named = dict(zip(_HEAD_NAMES, head, strict=True)) | dict(zip(_TAIL_NAMES, tail, strict=True))
    return Agent(**named, config=config)


def _version_values(version: Version) -> dict[str, Any]:
    return {
        "agent_id": version.agent_id,
        "number": version.number,
        "notes": version.notes,
        "config": version.config,
        "created_by": version.created_by,
        "copied_from_version": version.copied_from_version,
    }


class AgentRepository:
    """agents's agents in the RPC being served (`keel_runtime.db`)."""

    async def get(self, agent_id: uuid.UUID, *, deleted: bool = False) -> Agent | None:
        row = await db.fetchrow(_GET_ANY if deleted else _GET, id=agent_id)
        return _agent(row) if row is not None else None

    async def lock(self, agent_id: uuid.UUID) -> Agent | None:
        row = await db.fetchrow(_LOCK, id=agent_id)
        return _agent(row) if row is not None else None

    async def lock_organization(self, org_id: uuid.UUID) -> None:
        await db.session().execute(_LOCK_ORG, {"org": str(org_id)})

    async def insert(self, agent: Agent, version: Version) -> Agent:
        session = db.session()
        values = {
            "id": agent.id, "org_id": agent.org_id, "name": agent.name,
            "description": agent.description, "avatar_url": agent.avatar_url,
            "visibility": agent.visibility, "created_by": agent.created_by,
            "created_by_api_key": agent.created_by_api_key,
            "latest_version": agent.latest_version, "config": agent.config,
            "template_id": agent.template_id, "template_version": agent.template_version,
        }  # fmt: skip
        row = (
            await session.execute(insert(A).values(values).returning(*_HEAD, A.config, *_TAIL))
        ).one()
        await session.execute(insert(V).values(**_version_values(version)))
        return _agent(row)

    async def update(
        self, agent_id: uuid.UUID, fields: dict[str, Any], version: Version | None
    ) -> Agent:
        session = db.session()
        values = dict(fields, updated_at=func.now())
        if version is not None:
            await session.execute(insert(V).values(**_version_values(version)))
            values.update(latest_version=version.number, config=version.config)
        statement = (
            sa.update(A).where(A.id == agent_id).values(values).returning(*_HEAD, A.config, *_TAIL)
        )
        return _agent((await session.execute(statement)).one())

    async def delete(self, agent_id: uuid.UUID) -> None:
        await db.session().execute(
            sa.update(A)
            .where(A.id == agent_id)
            .values(deleted_at=func.now(), updated_at=func.now())
        )

    async def list_visible(
        self, org_id: uuid.UUID, shown: Shown, after: tuple[Any, ...] | None, limit: int
    ) -> list[Agent]:
        params: dict[str, Any] = {
            "org": org_id,
            "visibilities": list(shown.visibilities),
            "own_user": shown.own_user,
            "own_key": shown.own_api_key,
            "creator": shown.creator_id,
            "limit": limit,
        }
        if after is None:
            rows = await db.fetch(_FIRST_PAGE, **params)
        else:
            at, after_id = after
            rows = await db.fetch(
                _NEXT_PAGE,
                **params,
                after_at=datetime.fromisoformat(at),
                after_id=uuid.UUID(after_id),
            )
        return [_agent(r, with_config=False) for r in rows]

    async def versions(self, agent_id: uuid.UUID, before: int | None, limit: int) -> list[Version]:
        if before is None:
            rows = await db.fetch(_FIRST_VERSIONS, id=agent_id, limit=limit)
        else:
            rows = await db.fetch(_NEXT_VERSIONS, id=agent_id, before=before, limit=limit)
        return [Version(*r) for r in rows]

    async def version(self, agent_id: uuid.UUID, number: int) -> Version | None:
        row = await db.fetchrow(_VERSION, id=agent_id, number=number)
        return Version(*row) if row is not None else None
