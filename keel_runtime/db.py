"""The database: one connection pool per service, one transaction per RPC that writes.

The RPC layer opens a unit of work around each call (`scope`); repositories take the
session from `session()`. The session and its transaction begin on first use, commit when
the handler returns and roll back when it raises, so a failed RPC writes nothing.

A read-only RPC (declared in the protos, see `keel_runtime.rpc`) runs without a
transaction block: its session runs each statement on its own (no BEGIN, no COMMIT), and
`fetch()` runs statements compiled once (`Query`) straight on asyncpg, on a pool of
read-only connections. Measured on catalog's `ListCategories`: SQLAlchemy's execution
path (session, greenlet, pool checkout, result wrapping) cost about half of the call, the
BEGIN/COMMIT round trips another sixth (`bench/README.md`); writes keep SQLAlchemy. In an
RPC that writes, a `fetch()` before its transaction has begun runs on the read-only pool
too (the same answer: a snapshot per statement), unless it locks (`FOR UPDATE`).

An RPC whose last write is one statement (agents's run start: the run, its thread, its
first event and its durable enqueue in one `WITH`) writes it with `write_last()`: when
nothing before it began the transaction, the statement runs alone on a writing asyncpg
connection, atomic by itself, with no BEGIN and COMMIT round trips and no SQLAlchemy
session (measured on the run start, `bench/README.md`). The unit of work then refuses any
other write, so no later failure can leave half of an RPC written; and a call cancelled
while the statement runs completes all the same (it may have committed).

A `Query(..., generic_plan=True)` runs on read-only connections that plan each prepared
statement once (`plan_cache_mode = force_generic_plan`): for statements whose best plan
does not depend on the values, where PostgreSQL's own choice keeps re-planning every call
(catalog's full-text searches: planning was a third of each). Not the default: browsing
statements with optional filters (`:x IS NULL OR …`) need the values to be planned well,
20 to 30 times slower on a generic plan (measured on catalog's search, `data/search.py`).
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, cast

import asyncpg
import sqlalchemy.ext.asyncio
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from sqlalchemy import Float, Numeric, event, text
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement, Executable

log = logging.getLogger("keel.db")
tracer = trace.get_tracer("keel.db")
_AFTER_COMMIT = "keel_after_commit"
_READ_ONLY = "keel_read_only"
_DIALECT = PGDialect_asyncpg(paramstyle="numeric_dollar")
# A statement that changes data or schema, also inside a leading WITH.
_WRITE = re.compile(
    r"\s*(?:WITH\b.*\b)?(?:INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|TRUNCATE)\b",
    re.IGNORECASE | re.DOTALL,
)

_LOCKING = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE|KEY\s+SHARE)\b", re.I)

Row = Sequence[Any]  # a result row: its values in the order the statement selects them


# PostgreSQL's text and jsonb cannot hold U+0000: what a request carrying it fails with
# (character_not_in_repertoire for text, untranslatable_character for jsonb's \u0000).
_UNSTORABLE_TEXT = frozenset({"22021", "22P05"})


def unstorable_text(exc: BaseException) -> bool:
    """Whether `exc`, however SQLAlchemy wraps it, is PostgreSQL refusing a text value the
    caller sent (the NUL character): the caller's error, not ours."""
    seen: BaseException | None = exc
    while seen is not None:
        cause = getattr(seen, "orig", None) or seen
        if getattr(cause, "sqlstate", None) in _UNSTORABLE_TEXT:
            return True
        seen = seen.__cause__
    return False


class ReadOnlyViolation(RuntimeError):
    """A read-only RPC tried to write: a bug in the service, not the caller's fault."""


class Query:
    """A Core statement compiled once for asyncpg: a call only binds its parameters.

    Parameters are named as in the statement's `bindparam`s. Types that need SQLAlchemy's
    processing on the way in or out are refused here, at import, rather than silently
    returning raw values: those statements go through `session()`.
    """

    __slots__ = ("fixed", "generic_plan", "locks", "names", "operation", "sql", "statement")

    def __init__(self, statement: Executable, *, generic_plan: bool = False) -> None:
        compiled: Any = cast(ClauseElement, statement).compile(dialect=_DIALECT)
        if compiled._bind_processors or any(
            _processes_results(column[3]) for column in getattr(compiled, "_result_columns", ())
        ):
            raise TypeError("Query: a column or parameter needs SQLAlchemy's type processing")
        self.statement = statement
        self.generic_plan = generic_plan
        self.sql = str(compiled)
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        # The values the statement itself binds (`state == "pending"`).
        self.fixed = {name: b.value for name, b in compiled.binds.items() if not b.required}
        self.operation = self.sql.split(maxsplit=1)[0]
        # A locking read runs in the RPC's transaction, whatever comes before it.
        self.locks = _LOCKING.search(self.sql) is not None

    def arguments(self, params: dict[str, Any]) -> list[Any]:
        return [params[name] if name in params else self.fixed[name] for name in self.names]


def _processes_results(type_: Any) -> bool:
    """Whether SQLAlchemy would convert what asyncpg returns for a column of `type_`. Its
    numeric processors depend on the column's PostgreSQL type: asked for the type a column
    of `type_` has (numeric, double precision)."""
    oid = 701 if isinstance(type_, Float) else 1700 if isinstance(type_, Numeric) else None
    return type_._cached_result_processor(_DIALECT, oid) is not None


class _Work:
    """A unit of work whose session (and, when read-only, connection) opens on first use:
    a call that never touches the database (a cached answer, a ledger operation, which
    runs in its own batch) pays nothing for it."""

    __slots__ = ("_database", "connection", "generic_plan", "opened", "read_only", "wrote_last")

    def __init__(self, database: Database, read_only: bool) -> None:
        self._database = database
        self.read_only = read_only
        self.opened: AsyncSession | None = None
        self.connection: asyncpg.Connection | None = None
        self.generic_plan = False  # which read-only pool `connection` is of
        self.wrote_last = False  # `write_last` ran: nothing may write after it

    def session(self) -> AsyncSession:
        if self.wrote_last and not self._writing():
            raise RuntimeError("the RPC's last write is done: no session after write_last()")
        if self.opened is None:
            sessions = self._database.reading if self.read_only else self._database.sessions
            self.opened = sessions()
        return self.opened

    async def fetch(self, query: Query, params: dict[str, Any]) -> list[Row]:
        if not self.read_only and (query.locks or self._writing()):
            # In the RPC's transaction, through its session: it sees the call's own
            # writes and takes its locks.
            return list(await self.session().execute(query.statement, params))
        if self.connection is None or self.generic_plan != query.generic_plan:
            if self.connection is not None:
                await self._database.release(self.connection, generic_plan=self.generic_plan)
            self.connection = await self._database.reader(generic_plan=query.generic_plan)
            self.generic_plan = query.generic_plan
        return await self._database.run(self.connection, query, params)

    async def write_last(self, query: Query, params: dict[str, Any]) -> list[Row]:
        if self.read_only:
            raise ReadOnlyViolation(f"a write in a read-only RPC: {query.sql[:60]}")
        if self.wrote_last:
            raise RuntimeError("write_last() twice in one RPC")
        if self._writing():  # the transaction has begun: the statement commits with it
            rows: list[Row] = list(await self.session().execute(query.statement, params))
            self.wrote_last = True
            return rows
        self.wrote_last = True
        written = asyncio.ensure_future(self._database.write_alone(query, params))
        while True:
            try:
                return await asyncio.shield(written)
            except asyncio.CancelledError:
                # The caller went away while PostgreSQL ran the statement, which commits
                # on its own: whether it did, only its answer tells. So the RPC ends as
                # if the caller were still there (a start's run stands, with its hold),
                # rather than have the cancelled caller's cleanup undo what is written.
                continue

    def _writing(self) -> bool:
        """Whether the RPC's transaction has begun. Before it has, a read runs on a
        read-only connection and answers what it would have answered as the
        transaction's first statement (READ COMMITTED takes a snapshot per statement),
        without SQLAlchemy's execution path: a write RPC that reads first (the agent a
        run starts, the template a fork copies) pays for its session only when it
        writes."""
        return self.opened is not None and self.opened.in_transaction()

    async def close(self) -> None:
        # A session outside a transaction holds no connection: nothing to give back (a
        # handler that took the session and never used it pays no greenlet round).
        if self.opened is not None and self.opened.in_transaction():
            await self.opened.close()
        if self.connection is not None:
            await self._database.release(self.connection, generic_plan=self.generic_plan)


_work: contextvars.ContextVar[_Work | None] = contextvars.ContextVar("keel_db_work", default=None)


class Database:
    def __init__(self, url: str, *, pool_size: int = 10, application_name: str = "keel") -> None:
        self.pool_size = pool_size
        self.application_name = application_name
        # Looked up at call time: the SQLAlchemy instrumentation wraps this function.
        self.engine: AsyncEngine = sqlalchemy.ext.asyncio.create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=False,
            pool_recycle=1800,
            # Statement parameters (user data, secrets) never reach error messages,
            # and so never logs or span events.
            hide_parameters=True,
            connect_args={"server_settings": {"application_name": application_name}},
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Read-only RPCs' sessions: the same pool, each statement on its own.
        reading = self.engine.execution_options(isolation_level="AUTOCOMMIT", **{_READ_ONLY: True})
        self.reading = async_sessionmaker(reading, expire_on_commit=False)
        event.listen(self.engine.sync_engine, "before_cursor_execute", _refuse_writes)
        parsed = make_url(url)
        # asyncpg's form of the URL, for connections of their own (a LISTEN).
        self.dsn = parsed.set(drivername="postgresql").render_as_string(False)
        # The attributes SQLAlchemy's instrumentation gives its statement spans.
        self._span_attributes: dict[str, str | int] = {
            "db.system": "postgresql",
            "db.name": parsed.database or "",
            "db.user": parsed.username or "",
            "net.peer.name": parsed.host or "",
            "net.peer.port": parsed.port or 5432,
        }
        self._readers: dict[bool, asyncpg.Pool] = {}  # by generic_plan
        self._writers: asyncpg.Pool | None = None  # `write_last`'s, opened on first use
        self._opening = asyncio.Lock()

    async def ping(self) -> bool:
        """True when the database answers (drives the gRPC health status)."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    # -- read-only connections (`fetch`) ----------------------------------------------------

    async def reader(self, *, generic_plan: bool = False) -> asyncpg.Connection:
        """A connection of a read-only pool (opened on first use), for `release`."""
        pool = self._readers.get(generic_plan)
        if pool is None:
            async with self._opening:
                pool = self._readers.get(generic_plan)
                if pool is None:
                    pool = self._readers[generic_plan] = await self._read_pool(generic_plan)
        connection: asyncpg.Connection = await pool.acquire()
        return connection

    async def _read_pool(self, generic_plan: bool) -> asyncpg.Pool:
        # A write through a read-only connection fails in PostgreSQL.
        settings = {"default_transaction_read_only": "on"}
        if generic_plan:
            settings["plan_cache_mode"] = "force_generic_plan"
        return await self._pool(settings)

    async def writer(self) -> asyncpg.Connection:
        """A connection of the writing pool (`write_last`), for `release_writer`."""
        if self._writers is None:
            async with self._opening:
                if self._writers is None:
                    self._writers = await self._pool({}, init=_json_text_codecs)
        connection: asyncpg.Connection = await self._writers.acquire()
        return connection

    async def release_writer(self, connection: asyncpg.Connection) -> None:
        if self._writers is not None:
            await self._writers.release(connection)

    async def write_alone(self, query: Query, params: dict[str, Any]) -> list[Row]:
        """`query` on a writing connection: one statement, committed on its own."""
        connection = await self.writer()
        try:
            return await self.run(connection, query, params)
        finally:
            await self.release_writer(connection)

    async def _pool(
        self, settings: dict[str, str], init: Callable[[asyncpg.Connection], Any] | None = None
    ) -> asyncpg.Pool:
        pool: asyncpg.Pool = await asyncpg.create_pool(
            self.dsn,
            min_size=1,
            max_size=self.pool_size,
            max_inactive_connection_lifetime=1800,
            init=init or _json_codecs,
            # Its statements run alone (autocommit), a read or one whole write: nothing is
            # left to undo, so no reset round trip per call.
            reset=_keep_session,
            server_settings={"application_name": self.application_name, **settings},
        )
        return pool

    async def run(
        self, connection: asyncpg.Connection, query: Query, params: dict[str, Any]
    ) -> list[Row]:
        """`query`'s rows on `connection`, in a span when the call is traced."""
        arguments = query.arguments(params)
        if not trace.get_current_span().is_recording():  # nothing sampled: no span at all
            rows: list[Row] = await connection.fetch(query.sql, *arguments)
            return rows
        span = self.span(query)  # a leaf: never made current
        try:
            rows = await connection.fetch(query.sql, *arguments)
        except Exception as exc:
            span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
            raise
        finally:
            span.end()
        return rows

    def span(self, query: Query) -> trace.Span:
        """A CLIENT span for one statement of `fetch`, named like SQLAlchemy's."""
        return tracer.start_span(
            f"{query.operation} {self._span_attributes['db.name']}",
            kind=SpanKind.CLIENT,
            attributes={**self._span_attributes, "db.statement": query.sql},
        )

    async def release(self, connection: asyncpg.Connection, *, generic_plan: bool = False) -> None:
        pool = self._readers.get(generic_plan)
        if pool is not None:
            await pool.release(connection)

    # -- units of work ----------------------------------------------------------------------

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A session bound to the current task; commits on success, rolls back on error."""
        async with self.scope() as work:
            yield work.session()

    @asynccontextmanager
    async def scope(self, *, read_only: bool = False) -> AsyncIterator[_Work]:
        """`unit_of_work` whose session opens only if used (the RPC layer's). Read-only:
        no transaction block, and any write is refused."""
        work = _Work(self, read_only)
        token = _work.set(work)
        try:
            yield work
            if not read_only and work.opened is not None and work.opened.in_transaction():
                await work.opened.commit()
        except BaseException:
            if not read_only and work.opened is not None:
                await work.opened.rollback()
            raise
        finally:
            _work.reset(token)
            await work.close()

    async def close(self) -> None:
        for pool in [*self._readers.values(), *filter(None, [self._writers])]:
            await pool.close()
        await self.engine.dispose()


def session() -> AsyncSession:
    """The session of the RPC being served."""
    return _current().session()


async def fetch(query: Query, **params: Any) -> list[Row]:
    """The rows of a prebuilt `query` in the RPC being served (its transaction, if it
    writes; a read-only connection otherwise)."""
    return await _current().fetch(query, params)


async def fetchrow(query: Query, **params: Any) -> Row | None:
    rows = await _current().fetch(query, params)
    return rows[0] if rows else None


async def write_last(query: Query, **params: Any) -> list[Row]:
    """The rows of `query`, the RPC's last write: alone and committed at once when its
    transaction has not begun, else in it. No write may follow it in the RPC."""
    return await _current().write_last(query, params)


def read_only() -> bool:
    """Whether the RPC being served is read-only: a write there needs `transaction()`."""
    work = _work.get()
    return work is not None and work.read_only


@asynccontextmanager
async def transaction() -> AsyncIterator[AsyncSession]:
    """A transaction of its own, committed when the block ends: the rare write of a
    read-only RPC (opening what a first read finds missing)."""
    async with _current()._database.unit_of_work() as session:
        yield session


def _current() -> _Work:
    work = _work.get()
    if work is None:
        raise RuntimeError("no unit of work: call inside an RPC or Database.unit_of_work()")
    return work


def after_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction of `session` has committed.

    For effects outside the database that must not run for a change that never happened:
    waking the event relay, dropping cached authorization decisions. Dropped on rollback.
    """
    callbacks: list[Callable[[], None]] = session.info.setdefault(_AFTER_COMMIT, [])
    if callback not in callbacks:
        callbacks.append(callback)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for callback in session.info.pop(_AFTER_COMMIT, ()):
        try:
            callback()
        except Exception:  # the commit stands; a failed side effect is only logged
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_commit(session: Session, previous_transaction: object) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def _refuse_writes(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    """A read-only RPC's session runs without a transaction: a write there would commit
    at once, alone. Refused before it reaches the database."""
    if context is not None and context.execution_options.get(_READ_ONLY):
        if _WRITE.match(statement):
            raise ReadOnlyViolation(f"a write in a read-only RPC: {statement[:60]}")


async def _json_codecs(connection: asyncpg.Connection) -> None:
    """JSON values as Python objects, as SQLAlchemy's asyncpg dialect decodes them."""
    for name in ("json", "jsonb"):
        await connection.set_type_codec(
            name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


async def _json_text_codecs(connection: asyncpg.Connection) -> None:
    """JSON values in as text and out as Python objects, as a session takes and gives them:
    `write_last` binds the same values on its own connection as in a transaction."""
    for name in ("json", "jsonb"):
        await connection.set_type_codec(name, encoder=str, decoder=json.loads, schema="pg_catalog")


async def _keep_session(connection: asyncpg.Connection) -> None:
    """The pool's reset on release: nothing to undo on a read-only connection."""
