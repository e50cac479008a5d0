"""Open holds, the ledger's own code on a real PostgreSQL database (no gRPC): the cap per
organization, exact within a batch and across replicas; and the sweeper, which ends the
holds past their expiry with the organizations taking turns, so that one organization's
flood of expiring holds delays no other organization's release."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from keel_runtime.db import Database
from keel_runtime.errors import KeelError
from services.billing.config import BillingConfig
from services.billing.data.ledger import LedgerStore
from services.billing.domain import ledger, sweeper
from services.billing.domain.accounts import add_month
from tests.support.channels import mesh_env

START = datetime.now(UTC) - timedelta(days=1)
OWNER = ledger.Owner.api_key(str(uuid.uuid4()))
SECOND = timedelta(seconds=1)


@pytest.fixture(scope="module")
def billing_url(new_database) -> str:
    return new_database("billing")


@pytest.fixture(scope="module")
async def database(billing_url: str) -> AsyncIterator[Database]:
    database = Database(billing_url, pool_size=6)
    yield database
    await database.close()


async def _open(database: Database, n: int) -> list[uuid.UUID]:
    """`n` new accounts with 1,000 purchased credits each."""
    orgs = [uuid.uuid4() for _ in range(n)]
    async with database.unit_of_work() as session:
        for org_id in orgs:
            await LedgerStore(session).open_account(org_id, START, add_month(START))
            await ledger.grant(
                session, org_id, Decimal(1000), kind="purchased", type="topup_purchase",
                reference="test", idempotency_key="start",
            )  # fmt: skip
    return orgs


def _reserve(ttl: timedelta = timedelta(hours=1)) -> ledger.Reserve:
    return ledger.Reserve(uuid.uuid4().hex, Decimal("0.01"), ttl, {}, owner=OWNER)


async def _hold(database: Database, org_id: uuid.UUID, n: int, at: datetime) -> list[uuid.UUID]:
    """`n` one-second holds of `org_id` made at `at`, in one batch."""
    async with database.unit_of_work() as session:
        outcomes = await ledger.apply_batch(
            session, [(org_id, _reserve(SECOND)) for _ in range(n)], now=at
        )
    return [o.reservation.id for o in outcomes if isinstance(o, ledger.Outcome) and o.reservation]


async def _statuses(database: Database, org_id: uuid.UUID) -> dict[str, int]:
    async with database.unit_of_work() as session:
        rows = await session.execute(
            sa.text(
                "SELECT status, count(*) FROM credit_reservations WHERE org_id = :o GROUP BY status"
            ),
            {"o": org_id},
        )
        return {status: count for status, count in rows}


def _reasons(outcomes: list) -> list[str]:
    return [o.reason if isinstance(o, KeelError) else "ok" for o in outcomes]


# --- the cap on open holds --------------------------------------------------------------------


async def test_a_batch_holds_up_to_the_cap_and_an_ended_hold_makes_room(database):
    (org,) = await _open(database, 1)
    async with database.unit_of_work() as session:
        outcomes = await ledger.apply_batch(
            session, [(org, _reserve()) for _ in range(5)], max_open_holds=3
        )
    assert _reasons(outcomes) == ["ok"] * 3 + ["OPEN_HOLDS_LIMIT_EXCEEDED"] * 2
    refused = outcomes[3]
    assert isinstance(refused, KeelError)
    assert refused.metadata == {"limit": "3", "open": "3"}
    assert [v.subject for v in refused.quota_violations] == [f"org:{org}"]
    first = outcomes[0]
    assert isinstance(first, ledger.Outcome) and first.reservation is not None
    assert first.balance.reserved == Decimal("0.03")  # the refused ones held nothing
    # A hold ended makes room for the next one, within the same batch too.
    async with database.unit_of_work() as session:
        later = await ledger.apply_batch(
            session,
            [
                (org, _reserve()),
                (org, ledger.Release("r", first.reservation.id, owner=OWNER)),
                (org, _reserve()),
                (org, _reserve()),
            ],
            max_open_holds=3,
        )
    assert _reasons(later) == [
        "OPEN_HOLDS_LIMIT_EXCEEDED",
        "ok",  # the release
        "ok",
        "OPEN_HOLDS_LIMIT_EXCEEDED",
    ]
    assert (await _statuses(database, org)) == {"held": 3, "released": 1}


async def test_a_retry_of_a_hold_made_is_answered_at_the_cap(database):
    (org,) = await _open(database, 1)
    made = ledger.Reserve("the-hold", Decimal(1), timedelta(hours=1), {}, owner=OWNER)
    async with database.unit_of_work() as session:
        first, _ = await ledger.apply_batch(
            session, [(org, made), (org, _reserve())], max_open_holds=2
        )
        (retried,) = await ledger.apply_batch(session, [(org, made)], max_open_holds=2)
    assert isinstance(first, ledger.Outcome) and isinstance(retried, ledger.Outcome)
    assert first.reservation and retried.reservation
    assert retried.reservation.id == first.reservation.id


async def test_replicas_reserving_at_once_stay_within_the_cap(database):
    """Two engines (two replicas) over one account, each submitting at once: the holds are
    counted under the account's lock, so the cap is exact across them."""
    (org,) = await _open(database, 1)
    replicas = [ledger.Ledger(database, max_open_holds=7) for _ in range(2)]
    submitted = [r.submit(org, _reserve()) for _ in range(10) for r in replicas]
    outcomes = await asyncio.gather(*submitted, return_exceptions=True)
    reasons = _reasons(outcomes)
    assert reasons.count("ok") == 7, reasons
    assert set(reasons) == {"ok", "OPEN_HOLDS_LIMIT_EXCEEDED"}
    assert (await _statuses(database, org)) == {"held": 7}


# --- the sweeper's turns ----------------------------------------------------------------------


async def test_one_organizations_flood_of_expiring_holds_does_not_delay_anothers(
    database, billing_url
):
    flood, other = await _open(database, 2)
    now = datetime.now(UTC)
    # More holds due than a pass ends, all of them due before the other organization's.
    await _hold(database, flood, sweeper.BATCH + 100, now - timedelta(hours=1))
    (waiting,) = await _hold(database, other, 1, now - timedelta(minutes=1))
    config = BillingConfig.from_env(
        "billing", {**mesh_env(), "KEEL_BILLING_DATABASE_URL": billing_url}
    )
    engine = ledger.Ledger(database)
    await sweeper.sweep_once(database, engine, config)
    async with database.unit_of_work() as session:
        view = await ledger.reservation(session, other, waiting, OWNER)
    assert view.status == "expired"
    assert await _statuses(database, flood) == {"expired": sweeper.BATCH - 1, "held": 101}
    await sweeper.sweep_once(database, engine, config)
    assert await _statuses(database, flood) == {"expired": sweeper.BATCH + 100}


async def test_the_holds_due_are_taken_by_organizations_in_turn(new_database):
    database = Database(new_database("billing"))  # its own: only these holds are due
    try:
        await _in_turn(database)
    finally:
        await database.close()


async def _in_turn(database: Database) -> None:
    a, b, c = await _open(database, 3)
    now = datetime.now(UTC)
    held = {
        a: await _hold(database, a, 3, now - timedelta(hours=3)),
        b: await _hold(database, b, 2, now - timedelta(hours=2)),
        c: await _hold(database, c, 1, now - timedelta(hours=1)),
    }
    await _hold(database, a, 1, now)  # not due yet
    async with database.unit_of_work() as session:
        due = await LedgerStore(session).due_reservations(now - SECOND, 5)
    by_id = {hold: org for org, holds in held.items() for hold in holds}
    # Every organization's first, then every one's second (the earliest first in a turn).
    assert [by_id[row.id] for row in due] == [a, b, c, a, b]
    assert len({row.id for row in due}) == 5
