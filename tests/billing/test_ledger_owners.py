"""Holds and their owners in the ledger itself (no gRPC, a real PostgreSQL database): who
may end a hold, keys scoped per owner within one batch, and the holds and keys from before
owners were recorded (migration 0003)."""

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

from keel_runtime import migrations
from keel_runtime.db import Database
from keel_runtime.errors import KeelError
from services.billing.data.ledger import LedgerStore
from services.billing.domain import ledger
from services.billing.domain.accounts import add_month
from tests.support.databases import connect

MIGRATIONS = Path(__file__).resolve().parents[2] / "services/billing/data/migrations"
START = datetime.now(UTC) - timedelta(days=1)
TTL = timedelta(hours=1)
ALICE = ledger.Owner.user(str(uuid.uuid4()))
BOB = ledger.Owner.user(str(uuid.uuid4()))
SCRIPT = ledger.Owner.api_key("opk_script")
AGENTS = ledger.Owner.service("agents")


@pytest.fixture(scope="module")
async def database(new_database) -> AsyncIterator[Database]:
    database = Database(new_database("billing"), pool_size=2)
    yield database
    await database.close()


async def _account(database: Database, credits: str = "10") -> uuid.UUID:
    org_id = uuid.uuid4()
    async with database.unit_of_work() as session:
        await LedgerStore(session).open_account(org_id, START, add_month(START))
        await ledger.grant(
            session, org_id, Decimal(credits), kind="purchased", type="topup_purchase",
            reference="test", idempotency_key="start",
        )  # fmt: skip
    return org_id


async def _apply(
    database: Database, org_id: uuid.UUID, *ops: ledger.Op
) -> list[ledger.Outcome | KeelError]:
    """`ops` in one batch."""
    async with database.unit_of_work() as session:
        return await ledger.apply(session, org_id, list(ops))


def _reserve(owner: ledger.Owner, amount: str = "2", key: str | None = None) -> ledger.Reserve:
    return ledger.Reserve(key or uuid.uuid4().hex, Decimal(amount), TTL, {}, owner=owner)


def _held(outcome: object) -> uuid.UUID:
    assert isinstance(outcome, ledger.Outcome) and outcome.reservation, outcome
    return outcome.reservation.id


def _reason(outcome: object) -> str:
    assert isinstance(outcome, KeelError), outcome
    return outcome.reason


async def test_only_the_owner_ends_its_hold_and_others_find_nothing(database: Database):
    org = await _account(database)
    (made,) = await _apply(database, org, _reserve(ALICE))
    hold = _held(made)
    # Others, in the same batch as the owner's settlement and after it: not found, before
    # any word on the hold's status or the amount.
    outcomes = await _apply(
        database,
        org,
        ledger.Settle("b-settle", hold, Decimal(0), owner=BOB),
        ledger.Release("s-release", hold, owner=SCRIPT),
        ledger.Settle("a-settle", hold, Decimal(1), owner=ALICE),
        ledger.Settle("b-late", hold, Decimal(1), owner=BOB),
        ledger.Settle("a-late", hold, Decimal(1), owner=ALICE),
    )
    reasons = [_reason(outcomes[i]) for i in (0, 1, 3, 4)]
    assert reasons == ["RESERVATION_NOT_FOUND"] * 3 + ["RESERVATION_NOT_HELD"]
    assert _held(outcomes[2]) == hold
    async with database.unit_of_work() as session:
        assert (await ledger.reservation(session, org, hold, ALICE)).settled_amount == 1
        for stranger in (BOB, SCRIPT, AGENTS):
            with pytest.raises(KeelError) as missing:
                await ledger.reservation(session, org, hold, stranger)
            assert missing.value.reason == "RESERVATION_NOT_FOUND"
        assert (await ledger.balance(session, org)).balance == 9


async def test_an_admins_release_ends_anyones_hold(database: Database):
    org = await _account(database)
    (made,) = await _apply(database, org, _reserve(AGENTS, "3"))
    hold = _held(made)
    (released,) = await _apply(
        database, org, ledger.Release("admin", hold, owner=ALICE, any_owner=True)
    )
    assert isinstance(released, ledger.Outcome) and released.reservation
    assert released.reservation.status == "released"
    assert released.reservation.owner == AGENTS  # still the service's hold, ended
    assert released.balance.reserved == 0


async def test_keys_are_per_owner_within_one_batch(database: Database):
    org = await _account(database)
    outcomes = await _apply(
        database,
        org,
        _reserve(ALICE, "2", "run-1"),
        _reserve(AGENTS, "3", "run-1"),  # the same key, another owner: its own hold
        _reserve(ALICE, "2", "run-1"),  # the same owner again: the same hold
        _reserve(SCRIPT, "2", "run-1"),
        _reserve(ALICE, "1", "run-1"),  # the same owner, other parameters
    )
    alice, agents, again, script = (_held(o) for o in outcomes[:4])
    assert again == alice and len({alice, agents, script}) == 3
    assert _reason(outcomes[4]) == "IDEMPOTENCY_KEY_REUSED"
    # Stored per owner too: the next batch finds each owner's own.
    replayed = await _apply(database, org, _reserve(AGENTS, "3", "run-1"))
    assert _held(replayed[0]) == agents
    async with database.unit_of_work() as session:
        assert (await ledger.balance(session, org)).reserved == 7
        keys = await session.execute(
            sa.text(
                "SELECT owner_kind, owner_id FROM idempotency_keys "
                "WHERE org_id = :o AND key = 'run-1' ORDER BY owner_kind"
            ),
            {"o": org},
        )
        assert [tuple(k) for k in keys] == [
            ("api_key", SCRIPT.id),
            ("service", "agents"),
            ("user", ALICE.id),
        ]
        # The organization's own operations keep their one scope: a grant goes once per key.
        grant = ledger.Grant("start", Decimal(10), "purchased", "topup_purchase", "test")
        assert (await ledger.apply_one(session, org, grant)).balance.balance == 10


async def test_holds_and_keys_from_before_owners_are_kept_working(postgres):
    """Migration 0003 on a database with a hold and keys made at revision 0002."""
    name = f"billing_owners_{uuid.uuid4().hex[:8]}"
    postgres.psql(f"CREATE DATABASE {name} OWNER keel_billing;")
    url = f"postgresql+asyncpg://keel_billing:keel_billing@127.0.0.1:{postgres.port}/{name}"
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url, "0002")
    org, hold = uuid.uuid4(), uuid.uuid4()
    async with connect(url) as old, old.unit_of_work() as session:
        await LedgerStore(session).open_account(org, START, add_month(START))
        statements = [
            "UPDATE credit_accounts SET balance = 5, reserved = 2 WHERE org_id = :o",
            "UPDATE credit_buckets SET remaining = 5 WHERE org_id = :o",
            "INSERT INTO credit_reservations (id, org_id, amount, status, expires_at) "
            "VALUES (:r, :o, 2, 'held', now() + interval '1 hour')",
            "INSERT INTO idempotency_keys (org_id, key, operation, request_hash, result_id) "
            "VALUES (:o, 'old-hold', 'Reserve', '\\x00', :r), "
            "(:o, 'old-grant', 'Grant', '\\x00', 't:')",
        ]
        for statement in statements:
            await session.execute(sa.text(statement), {"o": org, "r": str(hold)})
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url)
    async with connect(url) as database:
        async with database.unit_of_work() as session:
            keys = await session.execute(
                sa.text("SELECT key, owner_kind FROM idempotency_keys WHERE org_id = :o"),
                {"o": org},
            )
            assert {k: kind for k, kind in keys} == {
                "old-hold": "legacy",
                "old-grant": "organization",
            }
        # Nobody holds a legacy hold: no caller ends it, a platform admin's release does.
        refused = await _apply(
            database,
            org,
            ledger.Settle("s", hold, Decimal(0), owner=ALICE),
            ledger.Release("r", hold, owner=ALICE),
            ledger.Settle("s2", hold, Decimal(0), owner=ledger.Owner("legacy", "")),
        )
        assert [_reason(o) for o in refused] == ["RESERVATION_NOT_FOUND"] * 3
        (released,) = await _apply(
            database, org, ledger.Release("admin", hold, owner=ALICE, any_owner=True)
        )
        assert isinstance(released, ledger.Outcome) and released.balance.reserved == 0
        # The old key is no one's now: the owner that used it starts afresh.
        (fresh,) = await _apply(database, org, _reserve(ALICE, "1", "old-hold"))
        assert _held(fresh) != hold
        async with database.unit_of_work() as session:
            with pytest.raises(sa.exc.IntegrityError):  # a new hold always names its owner
                await session.execute(
                    sa.text(
                        "INSERT INTO credit_reservations (id, org_id, amount, status, "
                        "expires_at) VALUES (:r, :o, 1, 'held', now())"
                    ),
                    {"o": org, "r": uuid.uuid4()},
                )
    # Down again: one key per organization, the first of the owners' that shared one kept.
    downgrade = alembic_command.downgrade
    await asyncio.to_thread(downgrade, migrations.alembic_config(MIGRATIONS, url), "0002")
    async with connect(url) as database, database.unit_of_work() as session:
        kept = await session.execute(
            sa.text("SELECT key, result_id FROM idempotency_keys WHERE org_id = :o"), {"o": org}
        )
        assert {k: result for k, result in kept} == {
            "old-hold": str(hold),  # ALICE's later one is gone
            "old-grant": "t:",
            "admin": str(hold),
        }
