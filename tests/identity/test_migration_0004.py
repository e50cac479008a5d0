"""Migration 0004 on a database made at revision 0003: accounts made before it start
unverified (any of them could be someone's sign-up with another's address), the table of
verification tokens comes, and both go on the downgrade."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from alembic import command as alembic_command

from keel_runtime import migrations
from tests.identity.support import Seed, scalar
from tests.support.databases import connect

MIGRATIONS = Path(__file__).resolve().parents[2] / "services/identity/data/migrations"
COLUMN = (
    "SELECT count(*) FROM information_schema.columns"
    " WHERE table_name = 'users' AND column_name = 'email_verified_at'"
)
TABLE = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'email_verifications'"


async def test_accounts_from_before_start_unverified(postgres) -> None:
    name = f"identity_0004_{uuid.uuid4().hex[:8]}"
    postgres.psql(f"CREATE DATABASE {name} OWNER keel_identity;")
    url = f"postgresql+asyncpg://keel_identity:keel_identity@127.0.0.1:{postgres.port}/{name}"
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url, "0003")
    async with connect(url) as old:
        user = await Seed(old).user()

    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url)
    async with connect(url) as database:
        verified = "SELECT email_verified_at FROM users WHERE id = :u"
        assert await scalar(database, verified, u=user) is None
        assert await scalar(database, TABLE) == 1

    config = migrations.alembic_config(MIGRATIONS, url)
    await asyncio.to_thread(alembic_command.downgrade, config, "0003")
    async with connect(url) as database:
        assert await scalar(database, COLUMN) == 0
        assert await scalar(database, TABLE) == 0
