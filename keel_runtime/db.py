"""The database: one async engine (connection pool) per service, one transaction per RPC.

The RPC layer opens a unit of work around each call (`scope`); repositories take the
session from `session()`. The session and its transaction begin on first use, commit when
the handler returns and roll back when it raises, so a failed RPC writes nothing.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import sqlalchemy.ext.asyncio
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

log = logging.getLogger("keel.db")
_AFTER_COMMIT = "keel_after_commit"


class _Work:
    """A unit of work whose session opens on first use: a call that never touches the
    database (a cached answer, a ledger operation, which runs in its own batch) pays
    nothing for it."""

    __slots__ = ("_sessions", "opened")

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.opened: AsyncSession | None = None

    def session(self) -> AsyncSession:
        if self.opened is None:
            self.opened = self._sessions()
        return self.opened


_work: contextvars.ContextVar[_Work | None] = contextvars.ContextVar("keel_db_work", default=None)


class Database:
    def __init__(self, url: str, *, pool_size: int = 10, application_name: str = "keel") -> None:
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

    async def ping(self) -> bool:
        """True when the database answers (drives the gRPC health status)."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A session bound to the current task; commits on success, rolls back on error."""
        async with self.scope() as work:
            yield work.session()

    @asynccontextmanager
    async def scope(self) -> AsyncIterator[_Work]:
        """`unit_of_work` whose session opens only if `session()` is called (the RPC layer's)."""
        work = _Work(self.sessions)
        token = _work.set(work)
        try:
            yield work
            if work.opened is not None and work.opened.in_transaction():
                await work.opened.commit()
        except BaseException:
            if work.opened is not None:
                await work.opened.rollback()
            raise
        finally:
            _work.reset(token)
            if work.opened is not None:
                await work.opened.close()

    async def close(self) -> None:
        await self.engine.dispose()


def session() -> AsyncSession:
    """The session of the RPC being served."""
    work = _work.get()
    if work is None:
        raise RuntimeError("no unit of work: call inside an RPC or Database.unit_of_work()")
    return work.session()


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
