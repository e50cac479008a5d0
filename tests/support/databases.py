"""A service's database opened from a test, to read and change it directly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from keel_runtime.db import Database


@asynccontextmanager
async def connect(url: str) -> AsyncIterator[Database]:
    """The database at `url` with a small pool, closed when the block ends."""
    database = Database(url, pool_size=2)
    try:
        yield database
    finally:
        await database.close()
