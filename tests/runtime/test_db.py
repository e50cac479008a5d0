"""The read path of `keel_runtime.db`: statements compiled once (`Query`) run on asyncpg
and answer as SQLAlchemy's session would; what they cannot carry is refused at import."""

from __future__ import annotations

import enum
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from keel_runtime import db

_VALUES = sa.select(
    sa.cast(sa.bindparam("doc", type_=sa.Text), JSONB).label("doc"),
    sa.cast(sa.bindparam("amount", type_=sa.Numeric(20, 4)), sa.Numeric(20, 4)).label("amount"),
    sa.cast(sa.bindparam("id", type_=sa.Uuid), sa.Uuid).label("id"),
)


async def test_fetch_answers_as_the_session_does(catalog_env):
    database = db.Database(catalog_env["KEEL_CATALOG_DATABASE_URL"], pool_size=1)
    params = {"doc": '{"a": [1, "b"]}', "amount": Decimal("1.2500"), "id": uuid.uuid4()}
    try:
        async with database.unit_of_work() as session:
            expected = tuple((await session.execute(_VALUES, params)).one())
        async with database.scope(read_only=True):
            (row,) = await db.fetch(db.Query(_VALUES), **params)
    finally:
        await database.close()
    assert tuple(row) == expected == ({"a": [1, "b"]}, params["amount"], params["id"])


class _Color(enum.Enum):
    RED = "red"


@pytest.mark.parametrize(
    "statement",
    [
        # SQLAlchemy maps "red" to _Color.RED on the way out…
        sa.select(sa.column("color", sa.Enum(_Color))).select_from(sa.table("paints")),
        # …and serializes a JSON parameter on the way in.
        sa.select(sa.bindparam("doc", type_=JSONB)),
    ],
)
def test_a_statement_needing_sqlalchemy_s_type_processing_is_refused(statement):
    with pytest.raises(TypeError, match="type processing"):
        db.Query(statement)


async def test_fetch_outside_a_unit_of_work_is_a_clear_error():
    with pytest.raises(RuntimeError, match="no unit of work"):
        await db.fetch(db.Query(sa.select(sa.literal_column("1"))))


_PLAN_MODE: sa.Select[tuple[str]] = sa.select(
    sa.literal_column("current_setting('plan_cache_mode')", sa.Text)
)


async def test_a_generic_plan_statement_runs_planned_once_and_the_others_as_postgresql_chooses(
    catalog_env,
):
    """Within one read-only unit of work, each statement gets a connection of its kind."""
    database = db.Database(catalog_env["KEEL_CATALOG_DATABASE_URL"], pool_size=1)
    try:
        async with database.scope(read_only=True):
            modes = [
                (await db.fetchrow(db.Query(_PLAN_MODE, generic_plan=generic)) or ("",))[0]
                for generic in (False, True, True, False)
            ]
    finally:
        await database.close()
    assert modes == ["auto", "force_generic_plan", "force_generic_plan", "auto"]
