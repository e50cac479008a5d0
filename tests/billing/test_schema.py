"""billing's schema: the seeded catalog, and the rules the database itself enforces on the
ledger (sign rules, the overdraft bound, append-only transactions)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from keel_runtime.db import Database


@pytest.fixture
async def database(new_database):
    database = Database(new_database("billing"))
    yield database
    await database.close()


async def _scalar(database: Database, sql: str, **params):
    async with database.unit_of_work() as session:
        return (await session.execute(sa.text(sql), params)).scalar()


async def test_the_catalog_is_seeded(database):
    plans = await _scalar(
        database,
        "SELECT string_agg(tier || ':' || coalesce(monthly_credits::int::text, 'custom'), ',' "
        "ORDER BY rank) FROM plans",
    )
    assert plans == "free:10,pro:500,team:2000,enterprise:custom"
    free = await _scalar(
        database,
        "SELECT string_agg(capability || '/' || quality || '/' || requests_per_minute || '/' "
        "|| requests_per_day, ',' ORDER BY capability) FROM plan_capabilities"
        " WHERE plan_tier = 'free'",
    )
    assert free == "agent_run/fast/10/50,question_generation/fast/10/50"
    packages = await _scalar(
        database,
        "SELECT string_agg(credits::int || '=' || price_minor, ',' ORDER BY sort_order) "
        "FROM credit_packages",
    )
    assert packages == "100=999,500=3999,2000=12999"
    # Every allowed combination has a default model.
    missing = await _scalar(
        database,
        "SELECT count(*) FROM plan_capabilities pc WHERE NOT EXISTS (SELECT 1 FROM "
        "plan_capability_models m WHERE (m.plan_tier, m.capability, m.quality, m.priority) "
        "= (pc.plan_tier, pc.capability, pc.quality, 0))",
    )
    assert missing == 0


async def _account(database: Database) -> tuple[uuid.UUID, uuid.UUID]:
    org, bucket = uuid.uuid4(), uuid.uuid4()
    async with database.unit_of_work() as session:
        await session.execute(
            sa.text(
                "INSERT INTO credit_accounts (org_id, balance, period_start, period_end) "
                "VALUES (:o, 10, now(), now() + interval '1 month')"
            ),
            {"o": org},
        )
        await session.execute(
            sa.text(
                "INSERT INTO credit_buckets (id, org_id, kind, burn_order, remaining) "
                "VALUES (:b, :o, 'monthly', 1, 10)"
            ),
            {"o": org, "b": bucket},
        )
    return org, bucket


@pytest.mark.parametrize(
    ("type", "amount", "reserved_change"),
    [
        ("plan_allocation", "-1", "0"),
        ("ai_consumption", "1", "0"),
        ("reservation_hold", "1", "1"),
        ("reservation_hold", "0", "-1"),
        ("expiration", "2", "0"),
        ("something_else", "1", "0"),
    ],
)
async def test_sign_rules_are_enforced_by_the_database(database, type, amount, reserved_change):
    org, bucket = await _account(database)
    with pytest.raises(DBAPIError, match="credit_transactions_sign"):
        async with database.unit_of_work() as session:
            await session.execute(
                sa.text(
                    "INSERT INTO credit_transactions (id, org_id, type, amount, balance_after, "
                    "reserved_change, reserved_after, bucket_id) "
                    "VALUES (:id, :o, :t, :a, 0, :r, 1, :b)"
                ),
                {
                    "id": uuid.uuid4(),
                    "o": org,
                    "t": type,
                    "a": Decimal(amount),
                    "r": Decimal(reserved_change),
                    "b": bucket,
                },
            )


async def test_the_available_balance_never_goes_below_the_overdraft(database):
    org, _ = await _account(database)
    with pytest.raises(DBAPIError, match="credit_accounts_within_overdraft"):
        async with database.unit_of_work() as session:
            await session.execute(
                sa.text("UPDATE credit_accounts SET reserved = 11 WHERE org_id = :o"), {"o": org}
            )


async def test_transactions_are_append_only(database):
    org, bucket = await _account(database)
    async with database.unit_of_work() as session:
        await session.execute(
            sa.text(
                "INSERT INTO credit_transactions (id, org_id, type, amount, balance_after, "
                "reserved_after, bucket_id) VALUES (:id, :o, 'promo_bonus', 5, 15, 0, :b)"
            ),
            {"id": uuid.uuid4(), "o": org, "b": bucket},
        )
    for statement in (
        "UPDATE credit_transactions SET amount = 6",
        "DELETE FROM credit_transactions",
        "TRUNCATE credit_transactions",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with database.unit_of_work() as session:
                await session.execute(sa.text(statement))
