"""Templates, versions and uses in catalog's database (the domain's `Templates`, `Uses`).

Reads are statements compiled once (`db.Query`): in read-only RPCs they run on asyncpg
directly, in writing ones through the call's transaction. Writes go through the session.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam, func, select, type_coerce
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from keel_runtime import db
from services.catalog.data.models import (
    CategoryRow,
    TemplateRow,
    TemplateUseRow,
    TemplateVersionRow,
)
from services.catalog.domain.templates import Template, Version, slug_taken

T = TemplateRow
# Arrays as asyncpg returns them (a list): SQLAlchemy's ARRAY processing is not needed.
_TAGS = type_coerce(T.tags, sa.types.NullType()).label("tags")
SUMMARY = (
    T.id, T.slug, T.name, T.description, T.category, _TAGS, T.icon, T.color, T.visibility,
    T.official, T.owner_org_id, T.created_by, T.latest_version,
)  # fmt: skip
COUNTS = (
    T.use_count, T.view_count, T.forked_from_template_id, T.forked_from_version,
    T.created_at, T.updated_at,
)  # fmt: skip
_LIVE = T.deleted_at.is_(None)
_GET_STATEMENT = select(*SUMMARY, T.config, *COUNTS).where(T.id == bindparam("id"), _LIVE)
_GET = db.Query(_GET_STATEMENT)
_LOCK = db.Query(_GET_STATEMENT.with_for_update())
_CATEGORY = db.Query(select(CategoryRow.slug).where(CategoryRow.slug == bindparam("slug")))
# Official templates have no owner: they share the nil organization's slugs.
_SLUG = db.Query(
    sa.text(
        "SELECT id FROM templates WHERE deleted_at IS NULL AND slug = :slug"
        " AND coalesce(owner_org_id, '00000000-0000-0000-0000-000000000000'::uuid)"
        " = coalesce(CAST(:owner AS uuid), '00000000-0000-0000-0000-000000000000'::uuid)"
    )
)
V = TemplateVersionRow
_VERSION_COLUMNS = (V.template_id, V.number, V.notes, V.config, V.created_by, V.created_at)
_VERSIONS = select(*_VERSION_COLUMNS).where(V.template_id == bindparam("id"))
_FIRST_VERSIONS = db.Query(_VERSIONS.order_by(V.number.desc()).limit(bindparam("limit")))
_NEXT_VERSIONS = db.Query(
    _VERSIONS.where(V.number < bindparam("before"))
    .order_by(V.number.desc())
    .limit(bindparam("limit"))
)
_VERSION = db.Query(_VERSIONS.where(V.number == bindparam("number")))


def summary(row: Any, config: dict[str, Any] | None = None, offset: int = 0) -> Template:
    """A template from a row of `SUMMARY` (+ config) + `COUNTS` columns. Positional: this
    runs for every row of every search page."""
    tail = len(SUMMARY) + offset
    return Template(
        row[0], row[1], row[2], row[3], row[4], list(row[5]), row[6], row[7], row[8],
        row[9], row[10], row[11], row[12], config, row[tail], row[tail + 1], row[tail + 2],
        row[tail + 3], row[tail + 4], row[tail + 5],
    )  # fmt: skip


def _template(row: Any) -> Template:
    return summary(row, row[len(SUMMARY)], offset=1)


def _version(row: Any) -> Version:
    return Version(*row)


class TemplateRepository:
    """catalog's templates in the RPC being served (`keel_runtime.db`)."""

    async def get(self, template_id: uuid.UUID) -> Template | None:
        row = await db.fetchrow(_GET, id=template_id)
        return _template(row) if row is not None else None

    async def lock(self, template_id: uuid.UUID) -> Template | None:
        row = await db.fetchrow(_LOCK, id=template_id)
        return _template(row) if row is not None else None

    async def category_exists(self, slug: str) -> bool:
        return await db.fetchrow(_CATEGORY, slug=slug) is not None

    async def slug_taken(self, owner_org_id: uuid.UUID | None, slug: str) -> bool:
        return await db.fetchrow(_SLUG, owner=owner_org_id, slug=slug) is not None

    async def insert(self, template: Template, version: Version) -> Template:
        session = db.session()
        values = {
            "id": template.id, "slug": template.slug, "name": template.name,
            "description": template.description, "category": template.category,
            "tags": template.tags, "icon": template.icon, "color": template.color,
            "visibility": template.visibility, "official": template.official,
            "owner_org_id": template.owner_org_id, "created_by": template.created_by,
            "latest_version": template.latest_version, "config": template.config,
            "forked_from_template_id": template.forked_from_template_id,
            "forked_from_version": template.forked_from_version,
        }  # fmt: skip
        # A lost race on the slug fails the statement (and so the call, rolled back).
        try:
            row = (
                await session.execute(
                    insert(T).values(values).returning(*SUMMARY, T.config, *COUNTS)
                )
            ).one()
        except IntegrityError as exc:
            if "templates_owner_slug" in str(exc.orig):
                raise slug_taken(template.slug) from None
            raise
        await session.execute(insert(V).values(**_version_values(version)))
        return _template(row)

    async def update(
        self, template_id: uuid.UUID, fields: dict[str, Any], version: Version | None
    ) -> Template:
        session = db.session()
        values = dict(fields, updated_at=func.now())
        if version is not None:
            await session.execute(insert(V).values(**_version_values(version)))
            values.update(latest_version=version.number, config=version.config)
        try:
            row = (
                await session.execute(
                    sa.update(T)
                    .where(T.id == template_id)
                    .values(values)
                    .returning(*SUMMARY, T.config, *COUNTS)
                )
            ).one()
        except IntegrityError as exc:
            if "templates_owner_slug" in str(exc.orig):
                raise slug_taken(fields.get("slug", "")) from None
            raise
        return _template(row)

    async def delete(self, template_id: uuid.UUID) -> None:
        await db.session().execute(
            sa.update(T)
            .where(T.id == template_id)
            .values(deleted_at=func.now(), updated_at=func.now())
        )

    async def versions(
        self, template_id: uuid.UUID, before: int | None, limit: int
    ) -> list[Version]:
        if before is None:
            rows = await db.fetch(_FIRST_VERSIONS, id=template_id, limit=limit)
        else:
            rows = await db.fetch(_NEXT_VERSIONS, id=template_id, before=before, limit=limit)
        return [_version(r) for r in rows]

    async def version(self, template_id: uuid.UUID, number: int) -> Version | None:
        row = await db.fetchrow(_VERSION, id=template_id, number=number)
        return _version(row) if row is not None else None


def _version_values(version: Version) -> dict[str, Any]:
    return {
        "template_id": version.template_id,
        "number": version.number,
        "notes": version.notes,
        "config": version.config,
        "created_by": version.created_by,
    }


class UseRepository:
    async def record(
        self, template_id: uuid.UUID, agent_id: uuid.UUID, org_id: uuid.UUID, version: int
    ) -> tuple[bool, int]:
        session = db.session()
        added = await session.execute(
            insert(TemplateUseRow)
            .values(template_id=template_id, agent_id=agent_id, org_id=org_id, version=version)
            .on_conflict_do_nothing()
            .returning(TemplateUseRow.agent_id)
        )
        recorded = added.first() is not None
        if recorded:
            count = await session.execute(
                sa.update(T)
                .where(T.id == template_id)
                .values(use_count=T.use_count + 1)
                .returning(T.use_count)
            )
        else:
            count = await session.execute(select(T.use_count).where(T.id == template_id))
        return recorded, int(count.scalar_one())


_ADD_VIEWS = sa.text(
    "UPDATE templates SET view_count = view_count + v.n"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:counts AS bigint[])) AS v(id, n)"
    " WHERE templates.id = v.id"
)


async def add_views(database: db.Database, counts: dict[uuid.UUID, int]) -> None:
    """One statement for every template viewed since the last call (`ViewCounter`)."""
    ids = sorted(counts)  # one lock order for every writer of these rows
    async with database.unit_of_work() as session:
        await session.execute(_ADD_VIEWS, {"ids": ids, "counts": [counts[i] for i in ids]})
