"""The ledger against a model, over random sequences of grants, reservations, settlements,
releases, expiries, bucket expiries, period resets, overdraft changes and retries of earlier
operations (the same key with the same or other parameters), applied in random batches (of
one to three organizations) to a real PostgreSQL database (the ledger's own code, no gRPC).

`Model` is the ledger as the README states it, in plain Python, kept alongside: every
operation's outcome (refused and why, or the hold's status, what was charged, what moved)
is compared with the model's as it comes, and after every batch the accounts, buckets and
holds the database has are compared with the model's. At the end, for each organization:

- the transactions add up to the balance, and their reserved changes to the reserved amount;
- the balance is the sum of the buckets; the reserved amount is what held reservations hold;
- available never drops below minus the overdraft;
- each transaction's `balance_after` is the running total.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from keel_runtime.db import Database
from keel_runtime.errors import KeelError
from services.billing.data.ledger import LedgerStore
from services.billing.domain import ledger
from services.billing.domain.accounts import add_month
from services.billing.domain.ledger.operations import OnHold
from services.billing.domain.money import PLACES

START = datetime(2030, 1, 1, tzinfo=UTC)
NEVER = datetime.max.replace(tzinfo=UTC)
OWNER = ledger.Owner.service("agents")
BURN_ORDER = {"purchased": 2, "promotional": 3}  # the monthly bucket burns first
ZERO = Decimal(0)
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
    st.tuples(st.just("retry"), st.integers(0, 30), st.booleans()),
)  # fmt: skip


# --- the model ------------------------------------------------------------------------------


@dataclass
class Bucket:
    kind: str
    remaining: Decimal
    expires_at: datetime | None
    batch: int  # when it was granted: buckets of one batch share their creation time

    def burn_key(self) -> tuple[int, datetime, int]:
        return (BURN_ORDER[self.kind], self.expires_at or NEVER, self.batch)


@dataclass
class Hold:
    amount: Decimal
    status: str = "held"
    settled: Decimal | None = None
    uncovered: Decimal | None = None


@dataclass(frozen=True)
class Expected:
    """An operation's outcome as compared: refused (`reason`), else the hold it touched (as
    the batch leaves it), what its transactions moved (balance, reserved) and which kinds of
    transactions they were."""

    reason: str | None = None
    hold: uuid.UUID | None = None
    amount: Decimal = ZERO
    reserved_change: Decimal = ZERO
    types: frozenset[str] = frozenset()


@dataclass
class Model:
    """One account: the monthly bucket, the other buckets, the holds, the overdraft; each
    operation's rule as the README says it."""

    monthly: Decimal = ZERO
    monthly_expires: datetime | None = None
    buckets: list[Bucket] = field(default_factory=list)
    reserved: Decimal = ZERO
    overdraft: Decimal = ZERO
    holds: dict[uuid.UUID, Hold] = field(default_factory=dict)
    # Keys of the operations that went through: their parameters and first outcome.
    keys: dict[str, tuple[ledger.Op, Expected, uuid.UUID | None]] = field(default_factory=dict)
    # Set when buckets expired in part, several at once: which of them kept what is the
    # database's order to choose, so the model takes the split from it after the batch.
    split_unknown: bool = False

    @property
    def balance(self) -> Decimal:
        return self.monthly + sum((b.remaining for b in self.buckets), ZERO)

    @property
    def available(self) -> Decimal:
        return self.balance - self.reserved

    @property
    def spendable(self) -> Decimal:
        return self.available + self.overdraft

    def burn(self, amount: Decimal) -> None:
        """The monthly allocation first, then purchased, then promotional credits (earliest
        expiry first); beyond them the monthly bucket goes negative (the overdraft)."""
        left = amount
        if self.monthly > 0:
            take = min(self.monthly, left)
            self.monthly -= take
            left -= take
        for bucket in sorted(self.buckets, key=Bucket.burn_key):
            take = min(max(bucket.remaining, ZERO), left)
            bucket.remaining -= take
            left -= take
        self.monthly -= left

    def apply(self, op: ledger.Op, now: datetime, batch: int, made: uuid.UUID | None) -> Expected:
        """`op`'s outcome; `made` is the id the database gave a new hold (its choice)."""
        if op.key and op.key in self.keys:
            first, outcome, hold_id = self.keys[op.key]
            if first.request_hash() != op.request_hash():
                return Expected("IDEMPOTENCY_KEY_REUSED")
            if hold_id is not None:  # the hold as it is now; its transactions not again
                return Expected(hold=hold_id)
            return outcome
        outcome = self._apply(op, now, batch, made)
        if op.key and outcome.reason is None:
            hold_id = made if isinstance(op, ledger.Reserve) else op.reservation_id
            self.keys[op.key] = (op, outcome, hold_id)
        return outcome

    def _apply(self, op: ledger.Op, now: datetime, batch: int, made: uuid.UUID | None) -> Expected:
        if isinstance(op, ledger.Reserve):
            if self.spendable < op.amount:
                return Expected("INSUFFICIENT_CREDITS")
            assert made is not None
            self.holds[made] = Hold(op.amount)
            self.reserved += op.amount
            return Expected(None, made, ZERO, op.amount, frozenset({"reservation_hold"}))
        if isinstance(op, ledger.Settle | ledger.Release | ledger.Expire):
            return self._end(op)
        if isinstance(op, ledger.Grant):
            self.buckets.append(Bucket(op.kind, op.amount, op.expires_at, batch))
            return Expected(amount=op.amount, types=frozenset({op.type}))
        if isinstance(op, ledger.Adjust):
            limit = self.overdraft if op.overdraft_limit is None else op.overdraft_limit
            if self.available + op.amount < -limit:
                return Expected("OVERDRAFT_EXCEEDED")
            self.overdraft = limit
            self.monthly += op.amount
            types = frozenset({"admin_adjustment"}) if op.amount else frozenset()
            return Expected(amount=op.amount, types=types)
        if isinstance(op, ledger.StartPeriod):
            return self._start_period(op)
        if isinstance(op, ledger.ExpireBuckets):
            return self._expire_buckets(now)
        raise TypeError(op)

    def _end(self, op: OnHold) -> Expected:
        hold = self.holds[op.id]
        if hold.status != "held":
            # The sweeper finding a hold already ended does nothing; anyone else is told.
            if isinstance(op, ledger.Expire):
                return Expected(hold=op.id)
            return Expected("RESERVATION_NOT_HELD")
        charge, type_ = ZERO, "reservation_release"
        if isinstance(op, ledger.Settle):
            # Beyond the hold only as far as the overdraft allows; the rest is not charged.
            charge = min(op.actual, max(self.spendable + hold.amount, hold.amount))
            hold.status, hold.settled, hold.uncovered = "settled", charge, op.actual - charge
            type_ = "ai_consumption"
            self.burn(charge)
        elif isinstance(op, ledger.Expire):
            hold.status, type_ = "expired", "reservation_expiry"
        else:
            hold.status = "released"
        self.reserved -= hold.amount
        return Expected(None, op.id, -charge, -hold.amount, frozenset({type_}))

    def _start_period(self, op: ledger.StartPeriod) -> Expected:
        """The allocation in, what was left of the last one out (never below available 0)."""
        left_over = max(self.monthly, ZERO)
        self.monthly += op.allocation
        expiring = min(left_over, max(self.available, ZERO))
        self.monthly -= expiring
        self.monthly_expires = op.period_end
        types = {"plan_allocation"} if op.allocation else set()
        return Expected(
            amount=op.allocation - expiring,
            types=frozenset(types | ({"expiration"} if expiring else set())),
        )

    def _expire_buckets(self, now: datetime) -> Expected:
        """What is left in buckets past their expiry, as far as available goes above 0."""
        due = [
            b
            for b in self.buckets
            if b.expires_at is not None and b.expires_at <= now and b.remaining > 0
        ]
        total = sum((b.remaining for b in due), ZERO)
        expiring = left = min(total, max(self.available, ZERO))
        for bucket in due:
            take = min(bucket.remaining, left)
            bucket.remaining -= take
            left -= take
        if expiring < total and len({(b.kind, b.expires_at, b.batch) for b in due}) > 1:
            self.split_unknown = True
        return Expected(amount=-expiring, types=frozenset({"expiration"} if expiring else ()))


def observed(result: ledger.Outcome | KeelError) -> Expected:
    if isinstance(result, KeelError):
        return Expected(result.reason)
    return Expected(
        None,
        result.reservation.id if result.reservation else None,
        sum((t.amount for t in result.transactions), ZERO),
        sum((t.reserved_change for t in result.transactions), ZERO),
        frozenset(t.type for t in result.transactions),
    )


# --- the operations ---------------------------------------------------------------------------


def _to_op(step: tuple, model: Model, held: list[uuid.UUID], now: datetime, n: int) -> ledger.Op:
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
            actual = (model.holds[target].amount * step[2]).quantize(PLACES)
            return ledger.Settle(key, target, actual, owner=OWNER)
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
    if kind == "retry" and model.keys:
        first = list(model.keys.values())[step[1] % len(model.keys)][0]
        return _other_parameters(first) if step[2] else first
    return ledger.Reserve(key, Decimal(1), timedelta(days=400), {}, owner=OWNER)


def _other_parameters(first: ledger.Op) -> ledger.Op:
    """`first`'s key with a parameter changed."""
    more = Decimal("0.0001")
    if isinstance(first, ledger.Reserve | ledger.Grant):
        return dataclasses.replace(first, amount=first.amount + more)
    if isinstance(first, ledger.Settle):
        return dataclasses.replace(first, actual=first.actual + more)
    if isinstance(first, ledger.Release):
        return dataclasses.replace(first, id=uuid.uuid4())
    if isinstance(first, ledger.Adjust):
        return dataclasses.replace(first, amount=first.amount + 1)
    assert isinstance(first, ledger.StartPeriod)
    return dataclasses.replace(first, allocation=first.allocation + 1)


# --- the scenario -----------------------------------------------------------------------------


async def _scenario(url: str, steps: list[tuple], batch_sizes: list[int], orgs: int) -> None:
    """The steps taken in turn by `orgs` organizations, batches mixing them."""
    database = Database(url, pool_size=1)
    org_ids = [uuid.uuid4() for _ in range(orgs)]
    models = {org_id: Model() for org_id in org_ids}
    try:
        async with database.unit_of_work() as session:
            for org_id in org_ids:
                await LedgerStore(session).open_account(org_id, START, add_month(START))
                period = ledger.StartPeriod("p0", Decimal(10), START, add_month(START), "")
                await ledger.apply_one(session, org_id, period)
                models[org_id].apply(period, START, 0, None)
        n, sizes, batch = 0, iter(batch_sizes), 0
        while n < len(steps):
            size, batch = next(sizes, 1), batch + 1
            held = {
                org_id: [i for i, h in model.holds.items() if h.status == "held"]
                for org_id, model in models.items()
            }
            now = START + timedelta(days=n)  # time moves on: buckets and periods expire
            ops: list[tuple[uuid.UUID, ledger.Op]] = []
            for step in steps[n : n + size]:
                org_id = org_ids[n % orgs]
                made = _to_op(step, models[org_id], held[org_id], now, n)
                if isinstance(made, ledger.ExpireBuckets) and (org_id, made) in ops:
                    # One sweep of an account per pass, as the sweeper makes.
                    made = ledger.Reserve(
                        f"k-{n}", Decimal(1), timedelta(days=400), {}, owner=OWNER
                    )
                ops.append((org_id, made))
                n += 1
            async with database.unit_of_work() as session:
                results = await ledger.apply_batch(session, ops, now=now)
            for (org_id, made), result in zip(ops, results, strict=True):
                expected = models[org_id].apply(made, now, batch, _new_hold(made, result))
                assert observed(result) == expected, made
            for (org_id, _), result in zip(ops, results, strict=True):
                _compare_outcome(result, models[org_id])
            for org_id, model in models.items():
                await _compare(database, org_id, model)
        for org_id in org_ids:
            await _check(database, org_id)
    finally:
        await database.close()


def _new_hold(op: ledger.Op, result: ledger.Outcome | KeelError) -> uuid.UUID | None:
    if isinstance(op, ledger.Reserve) and isinstance(result, ledger.Outcome):
        assert result.reservation is not None
        return result.reservation.id
    return None


def _compare_outcome(result: ledger.Outcome | KeelError, model: Model) -> None:
    """What an operation answered as the batch left its account: the balance and the hold."""
    if isinstance(result, KeelError):
        return
    found = result.balance
    assert (found.balance, found.reserved, found.overdraft_limit) == (
        model.balance,
        model.reserved,
        model.overdraft,
    )
    if (res := result.reservation) is not None:
        hold = Hold(res.amount, res.status, res.settled_amount, res.uncovered_amount)
        assert hold == model.holds[res.id]


async def _compare(database: Database, org_id: uuid.UUID, model: Model) -> None:
    """The account, its buckets and its holds in the database, against the model."""
    async with database.unit_of_work() as session:
        account = (
            await session.execute(
                sa.text(
                    "SELECT balance, reserved, overdraft_limit FROM credit_accounts "
                    "WHERE org_id = :o"
                ),
                {"o": org_id},
            )
        ).one()
        buckets = (
            await session.execute(
                sa.text(
                    "SELECT kind, expires_at, created_at, sum(remaining) AS remaining "
                    "FROM credit_buckets WHERE org_id = :o "
                    "GROUP BY kind, expires_at, created_at ORDER BY kind, expires_at, created_at"
                ),
                {"o": org_id},
            )
        ).all()
        holds = await session.execute(
            sa.text(
                "SELECT id, amount, status, settled_amount, uncovered_amount "
                "FROM credit_reservations WHERE org_id = :o"
            ),
            {"o": org_id},
        )
        found_holds = {
            r.id: Hold(r.amount, r.status, r.settled_amount, r.uncovered_amount) for r in holds
        }
    assert (account.balance, account.reserved, account.overdraft_limit) == (
        model.balance,
        model.reserved,
        model.overdraft,
    )
    assert found_holds == model.holds
    monthly = [(b.remaining, b.expires_at) for b in buckets if b.kind == "monthly"]
    assert monthly == [(model.monthly, model.monthly_expires)]
    others = [b for b in buckets if b.kind != "monthly"]
    if model.split_unknown:  # the totals agree (above): take the database's split
        model.buckets = _split_from(others)
        model.split_unknown = False
    groups: dict[tuple[str, datetime | None, int], Decimal] = {}
    for bucket in model.buckets:
        group = (bucket.kind, bucket.expires_at, bucket.batch)
        groups[group] = groups.get(group, ZERO) + bucket.remaining
    expected = sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or NEVER, g[0][2]))
    assert [(b.kind, b.expires_at, b.remaining) for b in others] == [
        (kind, expires, remaining) for (kind, expires, _), remaining in expected
    ]


def _split_from(rows: list[sa.Row]) -> list[Bucket]:
    """The database's buckets as the model's, a group each, in order of creation."""
    times = sorted({r.created_at for r in rows})
    return [Bucket(r.kind, r.remaining, r.expires_at, times.index(r.created_at)) for r in rows]


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
# Retries: a settlement's key again (its hold as it is now, nothing charged twice), then
# with another amount (refused); a grant's key again in the same batch.
@example(
    steps=[("reserve", Decimal(5)), ("settle", 0, Decimal(1)), ("retry", 1, False),
           ("retry", 1, True), ("grant", Decimal(3), "purchased", -1), ("retry", 2, False)],
    batch_sizes=[1, 1, 2, 2],
    orgs=1,
)  # fmt: skip
def test_each_operation_matches_the_model_and_the_invariants_hold(
    billing_url, steps, batch_sizes, orgs
):
    asyncio.run(_scenario(billing_url, steps, batch_sizes, orgs))
