"""Batches across organizations: operations of several organizations arriving together
commit in one transaction, each with its own outcome; concurrent batches over overlapping
organizations never deadlock; a database error on one operation leaves the others applied.
The ledger's own code on a real PostgreSQL database, no gRPC."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from keel.events.v1 import events_pb2
from keel_runtime.db import Database
from keel_runtime.errors import KeelError
from services.billing.data.ledger import LedgerStore
from services.billing.domain import ledger
from services.billing.domain.accounts import add_month

START = datetime.now(UTC) - timedelta(days=1)
TTL = timedelta(hours=1)
OWNER = ledger.Owner.user(str(uuid.uuid4()))


@pytest.fixture(scope="module")
async def database(new_database) -> AsyncIterator[Database]:
    database = Database(new_database("billing"), pool_size=6)
    yield database
    await database.close()


async def _open(database: Database, n: int, purchased: str = "0", monthly: str = "0"):
    """`n` new accounts, each with `purchased` credits and a `monthly` allocation."""
    orgs = [uuid.uuid4() for _ in range(n)]
    async with database.unit_of_work() as session:
        for org_id in orgs:
            await LedgerStore(session).open_account(org_id, START, add_month(START))
            period = ledger.StartPeriod("p0", Decimal(monthly), START, add_month(START), "")
            await ledger.apply_one(session, org_id, period)
            if Decimal(purchased):
                await ledger.grant(
                    session, org_id, Decimal(purchased), kind="purchased",
                    type="topup_purchase", reference="test", idempotency_key="start",
                )  # fmt: skip
    return orgs


def _reserve(amount: str, key: str | None = None, owner: ledger.Owner = OWNER) -> ledger.Reserve:
    return ledger.Reserve(key or uuid.uuid4().hex, Decimal(amount), TTL, {}, owner=owner)


async def _together(
    engine: ledger.Ledger, ops: Sequence[tuple[uuid.UUID, ledger.Op]]
) -> list[ledger.Outcome | BaseException]:
    """Submit `ops` at once: they queue before the engine's next batch starts."""
    submitted = [engine.submit(org_id, op) for org_id, op in ops]
    return await asyncio.gather(*submitted, return_exceptions=True)


async def _balance(database: Database, org_id: uuid.UUID) -> ledger.BalanceView:
    async with database.unit_of_work() as session:
        return await ledger.balance(session, org_id)


def _reason(outcome: object) -> str:
    assert isinstance(outcome, KeelError), outcome
    return outcome.reason


async def _transactions_of(database: Database, orgs: list[uuid.UUID]) -> int:
    """How many database transactions wrote the reservation holds of `orgs`."""
    async with database.unit_of_work() as session:
        found = await session.execute(
            sa.text(
                "SELECT count(DISTINCT xmin::text) FROM credit_transactions "
                "WHERE org_id = ANY(:orgs) AND type = 'reservation_hold'"
            ),
            {"orgs": orgs},
        )
        return found.scalar_one()


async def test_a_batch_of_several_organizations_commits_once_and_each_outcome_is_its_own(
    database: Database,
):
    a, b, c = await _open(database, 3, purchased="10")
    unknown = uuid.uuid4()  # no account
    outcomes = await _together(
        ledger.Ledger(database),
        [
            (a, _reserve("4")),
            (b, _reserve("40")),  # refused: b has 10
            (c, _reserve("3")),
            (unknown, _reserve("1")),
            (a, _reserve("6")),
            (a, _reserve("1")),  # refused: a's 10 are held by now
        ],
    )
    assert [_reason(outcomes[i]) for i in (1, 3, 5)] == [
        "INSUFFICIENT_CREDITS",
        "ACCOUNT_NOT_FOUND",
        "INSUFFICIENT_CREDITS",
    ]
    held = [outcomes[i] for i in (0, 2, 4)]
    assert all(isinstance(o, ledger.Outcome) and o.reservation for o in held), held
    assert [(await _balance(database, org)).reserved for org in (a, b, c)] == [10, 0, 3]
    assert await _transactions_of(database, [a, b, c]) == 1


async def test_idempotency_keys_stay_per_organization_within_a_batch(database: Database):
    a, b = await _open(database, 2, purchased="10")
    engine = ledger.Ledger(database)
    first, other, again = await _together(
        engine, [(a, _reserve("2", "k")), (b, _reserve("3", "k")), (a, _reserve("2", "k"))]
    )
    assert isinstance(first, ledger.Outcome) and isinstance(other, ledger.Outcome)
    assert isinstance(again, ledger.Outcome)
    assert first.reservation and other.reservation and again.reservation
    assert again.reservation.id == first.reservation.id != other.reservation.id
    assert [(await _balance(database, org)).reserved for org in (a, b)] == [2, 3]
    # b cannot settle a's reservation, not even in a batch where a's is known.
    stolen, kept = await _together(
        engine,
        [
            (b, ledger.Settle("s", first.reservation.id, Decimal(1), owner=OWNER)),
            (a, ledger.Settle("s", first.reservation.id, Decimal(1), owner=OWNER)),
        ],
    )
    assert _reason(stolen) == "RESERVATION_NOT_FOUND"
    assert isinstance(kept, ledger.Outcome) and kept.reservation
    assert kept.reservation.status == "settled"
    assert [(await _balance(database, org)).balance for org in (a, b)] == [9, 10]


async def test_a_database_error_on_one_operation_leaves_the_others_of_its_batch_applied(
    database: Database,
):
    a, b, c = await _open(database, 3, purchased="10")
    # The database refuses an expiration that adds credits (credit_transactions_sign); the
    # ledger's own rules do not look at a grant's type.
    bad = ledger.Grant("bad", Decimal(5), "purchased", "expiration", "test")
    outcomes = await _together(
        ledger.Ledger(database),
        [
            (a, _reserve("4")),
            (b, _reserve("1")),
            (b, bad),
            (c, ledger.Grant("good", Decimal(5), "purchased", "topup_purchase", "test")),
            (a, _reserve("6")),
            (a, _reserve("1")),  # refused: still after the 6, in order
            (b, _reserve("2")),
        ],
    )
    assert isinstance(outcomes[2], IntegrityError), outcomes[2]
    assert _reason(outcomes[5]) == "INSUFFICIENT_CREDITS"
    for i in (0, 1, 3, 4, 6):
        assert isinstance(outcomes[i], ledger.Outcome), outcomes[i]
    found = [await _balance(database, org) for org in (a, b, c)]
    assert [(f.balance, f.reserved) for f in found] == [(10, 10), (10, 3), (15, 0)]


async def test_concurrent_batches_over_overlapping_organizations_never_deadlock(
    database: Database,
):
    orgs = await _open(database, 8, purchased="1000")
    replicas = [ledger.Ledger(database), ledger.Ledger(database)]
    rounds = 6

    async def replica(engine: ledger.Ledger, order: list[uuid.UUID]) -> None:
        for _ in range(rounds):
            outcomes = await _together(engine, [(org, _reserve("1")) for org in order])
            assert all(isinstance(o, ledger.Outcome) for o in outcomes), outcomes

    async def caller(order: list[uuid.UUID]) -> None:
        """A caller's own transaction over several accounts, holding its locks a while."""
        for _ in range(rounds):
            grants = [
                (org, ledger.Grant(uuid.uuid4().hex, Decimal(1), "purchased", "topup_purchase", ""))
                for org in order
            ]
            async with database.unit_of_work() as session:
                outcomes = await ledger.apply_batch(session, grants)
                await session.execute(sa.text("SELECT pg_sleep(0.01)"))
            assert all(isinstance(o, ledger.Outcome) for o in outcomes), outcomes

    shuffled = random.Random(7).sample(orgs, len(orgs))
    await asyncio.wait_for(
        asyncio.gather(
            replica(replicas[0], orgs),
            replica(replicas[1], orgs[::-1]),
            caller(orgs[::-1]),
            caller(shuffled),
            caller(shuffled[2:6]),
        ),
        timeout=60,
    )
    for org_id in orgs:
        granted = 3 * rounds if org_id in shuffled[2:6] else 2 * rounds
        found = await _balance(database, org_id)
        assert (found.balance, found.reserved) == (1000 + granted, 2 * rounds)


async def _low_balance_events(database: Database, org_id: uuid.UUID) -> int:
    async with database.unit_of_work() as session:
        rows = await session.execute(
            sa.text("SELECT envelope FROM outbox_events WHERE type = 'credits.low_balance'")
        )
        envelopes = [events_pb2.Event.FromString(r.envelope) for r in rows]
    return sum(e.org_id == str(org_id) for e in envelopes)


async def test_the_low_balance_event_goes_once_per_organization_in_a_shared_batch(
    database: Database,
):
    a, b, c = await _open(database, 3, monthly="10")
    engine = ledger.Ledger(database)
    await _together(
        engine, [(a, _reserve("9")), (b, _reserve("9")), (a, _reserve("0.5")), (c, _reserve("1"))]
    )
    await _together(engine, [(a, _reserve("0.1")), (b, _reserve("0.1"))])
    assert [await _low_balance_events(database, org) for org in (a, b, c)] == [1, 1, 0]
