"""Purchase reversals in the ledger itself (a real PostgreSQL database, migration 0007): a
reversal may take the balance below zero and beyond the overdraft, nothing else may, the
room it made shrinks as credits come in, and the downgrade leaves the accounts valid."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command as alembic_command
from sqlalchemy.exc import DBAPIError

from keel_runtime import migrations
from keel_runtime.db import Database
from services.billing.data.ledger import LedgerStore
from services.billing.domain import ledger
from services.billing.domain.accounts import add_month
from services.billing.domain.ledger.reversals import Reverse
from tests.support.databases import connect

MIGRATIONS = Path(__file__).resolve().parents[2] / "services/billing/data/migrations"
START = datetime.now(UTC) - timedelta(days=1)


@pytest.fixture(scope="module")
async def database(new_database) -> AsyncIterator[Database]:
    database = Database(new_database("billing"), pool_size=2)
    yield database
    await database.close()


async def _account(database: Database, purchased: str) -> uuid.UUID:
    org_id = uuid.uuid4()
    async with database.unit_of_work() as session:
        await LedgerStore(session).open_account(org_id, START, add_month(START))
        await ledger.grant(
            session, org_id, Decimal(purchased), kind="purchased", type="topup_purchase",
            reference="cs_test", idempotency_key="stripe:cs_test",
        )  # fmt: skip
    return org_id


async def _state(database: Database, org_id: uuid.UUID) -> tuple[Decimal, Decimal]:
    async with database.unit_of_work() as session:
        row = (
            await session.execute(
                sa.text("SELECT balance, reversal_debt FROM credit_accounts WHERE org_id = :o"),
                {"o": org_id},
            )
        ).one()
    return row.balance, row.reversal_debt


async def _set_balance(database: Database, org_id: uuid.UUID, balance: str) -> None:
    async with database.unit_of_work() as session:
        await session.execute(
            sa.text("UPDATE credit_accounts SET balance = :b WHERE org_id = :o"),
            {"b": Decimal(balance), "o": org_id},
        )


async def test_only_a_reversal_goes_beyond_the_overdraft_and_its_room_shrinks(database: Database):
    org = await _account(database, "30")
    async with database.unit_of_work() as session:
        taken = await ledger.apply_one(session, org, Reverse("r1", Decimal(-130), "ch_1"))
    assert [(t.amount, t.bucket_kind) for t in taken.transactions] == [
        (Decimal(-30), "purchased"),
        (Decimal(-100), "monthly"),
    ]
    assert await _state(database, org) == (Decimal(-100), Decimal(100))
    # No other change may use the room: the database refuses going lower.
    with pytest.raises(DBAPIError, match="credit_accounts_within_overdraft"):
        await _set_balance(database, org, "-100.0001")

    # Credits coming in pay the debt off, and the room shrinks with it.
    async with database.unit_of_work() as session:
        await ledger.grant(
            session, org, Decimal(40), kind="purchased", type="topup_purchase",
            reference="cs_2", idempotency_key="stripe:cs_2",
        )  # fmt: skip
    assert await _state(database, org) == (Decimal(-60), Decimal(60))
    with pytest.raises(DBAPIError, match="credit_accounts_within_overdraft"):
        await _set_balance(database, org, "-61")

    # Given back (a dispute won): to a purchased bucket, and the debt is gone.
    async with database.unit_of_work() as session:
        back = await ledger.apply_one(session, org, Reverse("r2", Decimal(130), "dp_1"))
    assert [(t.amount, t.bucket_kind) for t in back.transactions] == [(Decimal(130), "purchased")]
    assert await _state(database, org) == (Decimal(70), Decimal(0))
    # The same key again is the same reversal, not a second one.
    async with database.unit_of_work() as session:
        again = await ledger.apply_one(session, org, Reverse("r2", Decimal(130), "dp_1"))
    assert again.balance.balance == 70


async def test_the_downgrade_leaves_every_account_within_its_overdraft(postgres):
    name = f"billing_reversals_{uuid.uuid4().hex[:8]}"
    postgres.psql(f"CREATE DATABASE {name} OWNER keel_billing;")
    url = f"postgresql+asyncpg://keel_billing:keel_billing@127.0.0.1:{postgres.port}/{name}"
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url)
    async with connect(url) as database:
        org = await _account(database, "10")
        async with database.unit_of_work() as session:
            await ledger.apply_one(session, org, Reverse("r1", Decimal(-25), "ch_1"))
    config = migrations.alembic_config(MIGRATIONS, url)
    await asyncio.to_thread(alembic_command.downgrade, config, "0006")
    async with connect(url) as database, database.unit_of_work() as session:
        row = (
            await session.execute(
                sa.text("SELECT balance, overdraft_limit FROM credit_accounts WHERE org_id = :o"),
                {"o": org},
            )
        ).one()
        assert (row.balance, row.overdraft_limit) == (Decimal(-15), Decimal(15))
        types = await session.execute(
            sa.text("SELECT DISTINCT type FROM credit_transactions WHERE org_id = :o"), {"o": org}
        )
        assert {t for (t,) in types} == {"topup_purchase", "purchase_reversal"}  # kept
