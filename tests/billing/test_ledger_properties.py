"""Ledger invariants over random sequences of grants, reservations, settlements, releases,
expiries, bucket expiries, period resets and overdraft changes, applied in random batches
(of one to three organizations) to a real PostgreSQL database (the ledger's own code, no
gRPC), for each organization:

- the transactions add up to the balance, and their reserved changes to the reserved amount;
- the balance is the sum of the buckets; the reserved amount is what held reservations hold;
- available never drops below minus the overdraft;
- each transaction's `balance_after` is the running total.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from keel_runtime.db import Database
from services.billing.data.ledger import LedgerStore
from services.billing.domain import ledger
from services.billing.domain.accounts import add_month
from services.billing.domain.money import PLACES

START = datetime(2030, 1, 1, tzinfo=UTC)
OWNER = ledger.Owner.service("agents")
amounts = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(40), places=4)

op = st.one_of(
    st.tuples(st.just("grant"), amounts, st.sampled_from(["purchased", "promotional"]),
              st.integers(-1, 4)),
    st.tuples(st.just("reserve"), amounts),
    st.tuples(st.just("settle"), st.integers(0, 20),
              st.decimals(min_value=0, max_value=2, places=2)),
    st.tuples(st.just("release"), st.integers(0, 20)),
    st.tuples(st.just("expire"), st.integers(0, 20)),
    st.tuples(st.just("expire_buckets"), st.integers(0, 40)),
    st.tuples(st.just("period"), st.integers(0, 100)),
    st.tuples(st.just("overdraft"), st.integers(0, 20)),
    st.tuples(st.just("adjust"), st.integers(-10, 10)),
)  # fmt: skip


def _to_op(step: tuple, held: list[uuid.UUID], now: datetime, n: int) -> ledger.Op:
    kind, key = step[0], f"k-{n}"
    if kind == "grant":
        type_ = "topup_purchase" if step[2] == "purchased" else "promo_bonus"
        expires = now + timedelta(days=step[3]) if step[3] > 0 else None
        return ledger.Grant(key, step[1], step[2], type_, "test", expires_at=expires)
    if kind == "reserve":
        return ledger.Reserve(key, step[1], timedelta(days=400), {}, owner=OWNER)
    if kind in ("settle", "release", "expire") and held:
        target = held[step[1] % len(held)]
        if kind == "settle":
            return ledger.Settle(key, target, Decimal(0), owner=OWNER)  # actual set below
        if kind == "release":
            return ledger.Release(key, target, owner=OWNER)
        return ledger.Expire("", target)
    if kind == "expire_buckets":
        return ledger.ExpireBuckets("")
    if kind == "period":
        return ledger.StartPeriod(key, Decimal(step[1]), now, add_month(now), "test")
    if kind == "overdraft":
        return ledger.Adjust(key, Decimal(0), Decimal(step[1]), "test")
    if kind == "adjust" and step[1] != 0:
        return ledger.Adjust(key, Decimal(step[1]), None, "test")
    return ledger.Reserve(key, Decimal(1), timedelta(days=400), {}, owner=OWNER)


async def _held(database: Database, org_id: uuid.UUID) -> list[tuple[uuid.UUID, Decimal]]:
    async with database.unit_of_work() as session:
        rows = await session.execute(
            sa.text(
                "SELECT id, amount FROM credit_reservations WHERE org_id = :o AND status = 'held' "
                "ORDER BY created_at, id"
            ),
            {"o": org_id},
        )
        return [(r.id, r.amount) for r in rows]


async def _scenario(url: str, steps: list[tuple], batch_sizes: list[int], orgs: int) -> None:
    """The steps taken in turn by `orgs` organizations, batches mixing them."""
    database = Database(url, pool_size=1)
    org_ids = [uuid.uuid4() for _ in range(orgs)]
    try:
        async with database.unit_of_work() as session:
            for org_id in org_ids:
                await LedgerStore(session).open_account(org_id, START, add_month(START))
                period = ledger.StartPeriod("p0", Decimal(10), START, add_month(START), "")
                await ledger.apply_one(session, org_id, period)
        n, sizes = 0, iter(batch_sizes)
        while n < len(steps):
            size = next(sizes, 1)
            held = {org_id: dict(await _held(database, org_id)) for org_id in org_ids}
            now = START + timedelta(days=n)  # time moves on: buckets and periods expire
            ops: list[tuple[uuid.UUID, ledger.Op]] = []
            for step in steps[n : n + size]:
                org_id = org_ids[n % orgs]
                made = _to_op(step, list(held[org_id]), now, n)
                if isinstance(made, ledger.Settle):
                    actual = (held[org_id][made.id] * step[2]).quantize(PLACES)
                    made = ledger.Settle(made.key, made.id, actual, owner=OWNER)
                ops.append((org_id, made))
                n += 1
            async with database.unit_of_work() as session:
                await ledger.apply_batch(session, ops, now=now)
        for org_id in org_ids:
            await _check(database, org_id)
    finally:
        await database.close()


async def _check(database: Database, org_id: uuid.UUID) -> None:
    async with database.unit_of_work() as session:

        async def one(sql: str) -> sa.Row:
            return (await session.execute(sa.text(sql), {"o": org_id})).one()

        account = await one(
            "SELECT balance, reserved, overdraft_limit FROM credit_accounts WHERE org_id = :o"
        )
        sums = await one(
            "SELECT coalesce(sum(amount), 0) AS amount, coalesce(sum(reserved_change), 0) "
            "AS reserved FROM credit_transactions WHERE org_id = :o"
        )
        buckets = await one(
            "SELECT coalesce(sum(remaining), 0) AS total, coalesce(min(remaining) FILTER "
            "(WHERE kind <> 'monthly'), 0) AS lowest FROM credit_buckets WHERE org_id = :o"
        )
        held = await one(
            "SELECT coalesce(sum(amount), 0) AS total FROM credit_reservations "
            "WHERE org_id = :o AND status = 'held'"
        )
        chain = await session.execute(
            sa.text(
                "SELECT amount, balance_after, reserved_change, reserved_after "
                "FROM credit_transactions WHERE org_id = :o ORDER BY seq"
            ),
            {"o": org_id},
        )
        running_balance = running_reserved = Decimal(0)
        for tx in chain:
            running_balance += tx.amount
            running_reserved += tx.reserved_change
            assert (tx.balance_after, tx.reserved_after) == (running_balance, running_reserved)
    assert sums.amount == account.balance
    assert sums.reserved == account.reserved
    assert buckets.total == account.balance
    assert buckets.lowest >= 0
    assert held.total == account.reserved
    assert account.balance - account.reserved >= -account.overdraft_limit


@pytest.fixture(scope="module")
def billing_url(new_database) -> str:
    return new_database("billing")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(op, min_size=1, max_size=25),
    batch_sizes=st.lists(st.integers(1, 6), max_size=25),
    orgs=st.integers(1, 3),
)
# Promotional credits expiring while a reservation holds more than the rest of the balance.
@example(
    steps=[
        ("grant", Decimal(10), "promotional", 1),
        ("reserve", Decimal(15)),
        ("expire_buckets", 0),
    ],
    batch_sizes=[],
    orgs=1,
)
# A settlement beyond its hold, into the overdraft, with another hold in flight.
@example(
    steps=[("overdraft", 5), ("reserve", Decimal(10)), ("reserve", Decimal(10)),
           ("settle", 0, Decimal(2))],
    batch_sizes=[1, 1, 1, 1],
    orgs=1,
)  # fmt: skip
def test_ledger_invariants_hold_for_any_sequence(billing_url, steps, batch_sizes, orgs):
    asyncio.run(_scenario(billing_url, steps, batch_sizes, orgs))
