"""The read path of `keel_runtime.db`: statements compiled once (`Query`) run on asyncpg
and answer as SQLAlchemy's session would; what they cannot carry is refused at import."""

from __future__ import annotations

import asyncio
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
            # A value the statement binds itself comes with it.
            (same,) = await db.fetch(db.Query(sa.select(sa.literal("pending") == "pending")))
    finally:
        await database.close()
    assert tuple(row) == expected == ({"a": [1, "b"]}, params["amount"], params["id"])
    assert same[0] is True


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


_BACKEND = db.Query(sa.select(sa.func.pg_backend_pid().label("pid")))
_LOCKED = db.Query(
    sa.select(sa.func.pg_backend_pid().label("pid"))
    .select_from(sa.table("seen"))
    .where(sa.column("id") == sa.bindparam("id", type_=sa.Integer))
    .with_for_update()
)


async def test_a_write_reads_before_its_transaction_on_the_read_pool(catalog_env):
    """Before its first write, a unit of work's reads run on a read-only connection (no
    BEGIN, no session); once it writes, they run in its transaction and see its writes;
    a locking read always runs in the transaction."""
    database = db.Database(catalog_env["KEEL_CATALOG_DATABASE_URL"], pool_size=2)
    table = "CREATE TEMPORARY TABLE seen (id integer PRIMARY KEY) ON COMMIT DROP"
    try:
        async with database.scope() as work:
            (before,) = await db.fetch(_BACKEND)
            assert work.opened is None or not work.opened.in_transaction()
            await db.session().execute(sa.text(table))
            (writing,) = await db.fetch(_BACKEND)
            session_pid = (await db.session().execute(sa.text("SELECT pg_backend_pid()"))).scalar()
            assert writing[0] == session_pid != before[0]
            await db.session().execute(sa.text("INSERT INTO seen VALUES (1)"))
            (locked,) = await db.fetch(_LOCKED, id=1)  # its own write, locked
            assert locked[0] == session_pid
        async with database.scope() as work:
            (locked,) = await db.fetch(db.Query(sa.text("SELECT 1 FOR UPDATE")))
            assert work.opened is not None and work.opened.in_transaction()
    finally:
        await database.close()
    assert _LOCKED.locks and not _BACKEND.locks


_PROBE = "write_last_probe"
_WRITE_LAST = db.Query(
    sa.text(
        f"INSERT INTO {_PROBE} (id, doc) VALUES (:id, CAST(:doc AS jsonb)) "
        "ON CONFLICT (id) DO NOTHING RETURNING id, doc"
    )
)
_PROBED = db.Query(sa.text(f"SELECT id FROM {_PROBE} ORDER BY id"))


async def test_write_last_commits_alone_or_with_a_begun_transaction_and_seals_the_rpc(
    catalog_env,
):
    """Alone (no transaction begun): committed at once, in one statement, the JSON bound as
    a session binds it; after it no session opens, so nothing can write half an RPC. In a
    begun transaction: part of it, undone with it."""
    database = db.Database(catalog_env["KEEL_CATALOG_DATABASE_URL"], pool_size=2)
    try:
        async with database.unit_of_work() as session:
            await session.execute(sa.text(f"DROP TABLE IF EXISTS {_PROBE}"))
            await session.execute(sa.text(f"CREATE TABLE {_PROBE} (id int PRIMARY KEY, doc jsonb)"))
        async with database.scope() as work:
            rows = await db.write_last(_WRITE_LAST, id=1, doc='{"a": [1]}')
            assert work.opened is None  # no session, no BEGIN
            assert [tuple(r) for r in rows] == [(1, {"a": [1]})]
            with pytest.raises(RuntimeError, match="last write"):
                db.session()
            with pytest.raises(RuntimeError, match="twice"):
                await db.write_last(_WRITE_LAST, id=2, doc="{}")
            # A conflict returns nothing and writes nothing.
        async with database.scope():
            assert await db.write_last(_WRITE_LAST, id=1, doc="{}") == []
        with pytest.raises(ZeroDivisionError):
            async with database.scope():
                await db.session().execute(sa.text(f"INSERT INTO {_PROBE} VALUES (3, null)"))
                (row,) = await db.write_last(_WRITE_LAST, id=4, doc='{"b": 2}')
                assert tuple(row) == (4, {"b": 2})
                await db.session().execute(sa.text("SELECT 1"))  # the transaction goes on
                raise ZeroDivisionError  # the RPC fails after its last write
        async with database.scope(read_only=True):
            assert [r[0] for r in await db.fetch(_PROBED)] == [1]
            with pytest.raises(db.ReadOnlyViolation):
                await db.write_last(_WRITE_LAST, id=5, doc="{}")
    finally:
        async with database.unit_of_work() as session:
            await session.execute(sa.text(f"DROP TABLE IF EXISTS {_PROBE}"))
        await database.close()


async def test_a_nul_character_is_told_from_other_database_errors(catalog_env):
    """PostgreSQL cannot store U+0000 in text or jsonb: the RPC layer answers the caller
    INVALID_ARGUMENT (`NUL_CHARACTER`) for it, whichever path sent the value."""
    database = db.Database(catalog_env["KEEL_CATALOG_DATABASE_URL"], pool_size=1)
    failures: list[BaseException] = []
    try:
        for statement, value in (
            ("SELECT CAST(:v AS text)", "a\x00b"),  # text: character_not_in_repertoire
            ("SELECT CAST(:v AS jsonb)", '{"k\\u0000": 1}'),  # jsonb: untranslatable
            ("SELECT 1 / CAST(:v AS int)", "0"),  # the database's own error
        ):
            with pytest.raises(Exception) as caught:
                async with database.unit_of_work() as session:
                    await session.execute(sa.text(statement), {"v": value})
            failures.append(caught.value)
        with pytest.raises(Exception) as direct:
            async with database.scope(read_only=True):
                await db.fetch(db.Query(sa.text("SELECT CAST(:v AS text)")), v="\x00")
        failures.append(direct.value)
    finally:
        await database.close()
    assert [db.unstorable_text(f) for f in failures] == [True, True, False, True]


async def test_write_last_cancelled_while_running_completes_what_it_wrote(catalog_env):
    """A caller gone while its last write runs (wrk cut off, a client timeout) cannot
    learn whether PostgreSQL committed it: the RPC completes instead of raising into the
    caller's cleanup (agents released the hold of a run that was written)."""
    database = db.Database(catalog_env["KEEL_CATALOG_DATABASE_URL"], pool_size=2)
    slow = db.Query(
        sa.text(
            f"WITH pause AS (SELECT pg_sleep(0.3)) INSERT INTO {_PROBE} (id, doc) "
            "SELECT :id, CAST(:doc AS jsonb) FROM pause RETURNING id, doc"
        )
    )
    try:
        async with database.unit_of_work() as session:
            await session.execute(sa.text(f"DROP TABLE IF EXISTS {_PROBE}"))
            await session.execute(sa.text(f"CREATE TABLE {_PROBE} (id int PRIMARY KEY, doc jsonb)"))

        async def start() -> list[db.Row]:
            async with database.scope():
                return await db.write_last(slow, id=7, doc='{"c": 3}')

        call = asyncio.ensure_future(start())
        await asyncio.sleep(0.1)  # the statement is running
        call.cancel()
        rows = await call
        assert [tuple(r) for r in rows] == [(7, {"c": 3})]
        async with database.scope(read_only=True):
            assert [r[0] for r in await db.fetch(_PROBED)] == [7]
    finally:
        async with database.unit_of_work() as session:
            await session.execute(sa.text(f"DROP TABLE IF EXISTS {_PROBE}"))
        await database.close()
