"""The database: one async engine (connection pool) per service, one transaction per RPC.

The RPC layer opens a unit of work around each call (`unit_of_work`); repositories take
the session from `session()`. The transaction begins on first use, commits when the
handler returns and rolls back when it raises, so a failed RPC writes nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy.ext.asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

_session: contextvars.ContextVar[AsyncSession | None] = contextvars.ContextVar(
    "keel_db_session", default=None
)


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
        session = self.sessions()
        token = _session.set(session)
        try:
            yield session
            if session.in_transaction():
                await session.commit()
        except BaseException:
            await session.rollback()
            raise
        finally:
            _session.reset(token)
            await session.close()

    async def close(self) -> None:
        await self.engine.dispose()


def session() -> AsyncSession:
    """The session of the RPC being served."""
    current = _session.get()
    if current is None:
        raise RuntimeError("no unit of work: call inside an RPC or Database.unit_of_work()")
    return current
