"""An organization's billing account: its subscription (plan, status, period) and its
credits account, created together, once, and kept in step.

Created when identity's `organization.created` arrives, or on the organization's first
billing call if that comes first (the same function either way, so it happens once).
Plan changes: an upgrade takes effect at once and grants the difference of allocation; a
downgrade waits for the period end. At each period end the monthly allocation resets.

A sub-organization's account is opened like any other, but gets no monthly allocation:
it spends its pool's (its top-level ancestor's account, `ledger`), which is opened with it.
"""

from __future__ import annotations

import calendar
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from keel.billing.v1 import events_pb2, plans_pb2, subscriptions_pb2
from keel_runtime import db, events
from keel_runtime.convert import EnumNames, timestamp
from keel_runtime.db import Database
from services.billing.config import BillingConfig
from services.billing.data import pools
from services.billing.data import subscriptions as subscription_rows
from services.billing.data.ledger import LedgerStore
from services.billing.data.models import subscriptions
from services.billing.data.plans import catalog
from services.billing.domain import ledger
from services.billing.domain.catalog import PlanView
from services.billing.domain.money import ZERO

log = logging.getLogger("keel.billing.accounts")

FREE = "free"


@dataclass(frozen=True)
class Subscription:
    org_id: uuid.UUID
    plan_tier: str
    status: str
    current_period_start: datetime
    current_period_end: datetime
    cancel_at_period_end: bool
    pending_plan_tier: str | None
    custom_monthly_credits: Decimal | None
    stripe_customer_id: str | None
    stripe_subscription_id: str | None
    stripe_event_at: datetime | None


def add_month(moment: datetime) -> datetime:
    """The same day and time a month later (the last day of a shorter month)."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _subscription(row: sa.Row[Any]) -> Subscription:
    return Subscription(**{f: getattr(row, f) for f in Subscription.__dataclass_fields__})


async def get_subscription(
    session: AsyncSession, org_id: uuid.UUID, *, lock: bool = False
) -> Subscription | None:
    """The organization's subscription; with `lock`, its row is locked until the
    transaction ends (webhooks and checkouts of one organization then run one at a time)."""
    query = sa.select(subscriptions).where(subscriptions.c.org_id == org_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _subscription(row) if row else None


async def _plan(session: AsyncSession, tier: str) -> PlanView | None:
    return (await catalog(session)).find_plan(tier)


async def allocation(session: AsyncSession, tier: str, custom: Decimal | None = None) -> Decimal:
    """Credits a period of `tier` brings (enterprise: what was agreed, else none)."""
    plan = await _plan(session, tier)
    if plan is None or plan.monthly_credits is None:
        return custom or ZERO
    return plan.monthly_credits


async def monthly_allocation(
    session: AsyncSession, org_id: uuid.UUID, tier: str, custom: Decimal | None = None
) -> Decimal:
    """What a period brings the organization's own account: its plan's allocation, none for
    a sub-organization (it spends its pool's: a child is no way to more free credits)."""
    if (await pools.pool(org_id, session)).child:
        return ZERO
    return await allocation(session, tier, custom)


async def ensure_account(
    session: AsyncSession,
    config: BillingConfig,
    org_id: uuid.UUID,
    *,
    plan_tier: str = FREE,
    now: datetime | None = None,
) -> Subscription:
    """The organization's subscription, created with its credits account the first time
    (in a read-only RPC, in a transaction of its own: reads stay without one); a
    sub-organization's pool's account with it."""
    existing = await get_subscription(session, org_id)
    if existing is not None:
        return existing
    if db.read_only():
        async with db.transaction() as writing:
            return await _open_accounts(writing, config, org_id, plan_tier, now)
    return await _open_accounts(session, config, org_id, plan_tier, now)


async def ensure_pool(
    session: AsyncSession, config: BillingConfig, org_id: uuid.UUID
) -> Subscription:
    """`ensure_account`, and the pool's account of a sub-organization whose own account
    was opened before billing knew its parent (the ledger then finds no pool account)."""
    subscription = await ensure_account(session, config, org_id)
    pool = await pools.pool(org_id, session)
    if pool.child:
        await ensure_account(session, config, pool.account)
    return subscription


async def _open_accounts(
    session: AsyncSession,
    config: BillingConfig,
    org_id: uuid.UUID,
    plan_tier: str,
    now: datetime | None,
) -> Subscription:
    subscription = await _open_account(session, config, org_id, plan_tier, now)
    pool = await pools.pool(org_id, session)
    if pool.child and await get_subscription(session, pool.account) is None:
        await _open_account(session, config, pool.account, FREE, now)
    return subscription


async def _open_account(
    session: AsyncSession,
    config: BillingConfig,
    org_id: uuid.UUID,
    plan_tier: str,
    now: datetime | None,
) -> Subscription:
    if await _plan(session, plan_tier) is None:
        log.warning("unknown plan tier %r for %s: starting on free", plan_tier, org_id)
        plan_tier = FREE
    start = (now or datetime.now(UTC)).replace(microsecond=0)
    end = add_month(start)
    created = await session.execute(
        insert(subscriptions)
        .values(
            org_id=org_id,
            plan_tier=plan_tier,
            status="active",
            current_period_start=start,
            current_period_end=end,
            # Opened before identity said whose child it is: its holds wait for that.
            provisional=not await pools.known(session, org_id),
        )
        .on_conflict_do_nothing()
        .returning(subscriptions.c.org_id)
    )
    if created.first() is None:  # created meanwhile by a concurrent call (now committed)
        found = await get_subscription(session, org_id)
        assert found is not None
        return found
    await LedgerStore(session).open_account(org_id, start, end)
    monthly = await monthly_allocation(session, org_id, plan_tier)
    await ledger.apply_one(
        session, org_id, ledger.StartPeriod(_period_key(start), monthly, start, end, "signup")
    )
    subscription = await get_subscription(session, org_id)
    assert subscription is not None
    await _announce(session, subscription, previous_plan="")
    return subscription


def _period_key(start: datetime) -> str:
    return f"period:{start.isoformat()}"


async def _rank(session: AsyncSession, tier: str) -> int:
    plan = await _plan(session, tier)
    if plan is None:
        raise ValueError(f"unknown plan tier {tier!r}")
    return plan.rank


async def change_plan(
    session: AsyncSession,
    config: BillingConfig,
    org_id: uuid.UUID,
    new_tier: str,
    *,
    at_once: bool,
    reference: str,
) -> Subscription:
    """Move the organization to `new_tier`: at once (an upgrade always is), or at the period
    end (a downgrade asked for so). Publishes `subscription.changed` when anything changed."""
    await ensure_account(session, config, org_id)
    current = await get_subscription(session, org_id, lock=True)
    assert current is not None
    upgrade = await _rank(session, new_tier) > await _rank(session, current.plan_tier)
    if at_once or upgrade:
        if new_tier == current.plan_tier and current.pending_plan_tier is None:
            return current
        await subscription_rows.update(session, org_id, plan_tier=new_tier, pending_plan_tier=None)
        monthly = await monthly_allocation(
            session, org_id, new_tier, current.custom_monthly_credits
        )
        await ledger.apply_one(
            session, org_id, ledger.SetAllocation(f"plan:{reference}", monthly, reference)
        )
    else:
        pending = None if new_tier == current.plan_tier else new_tier
        if pending == current.pending_plan_tier:
            return current
        await subscription_rows.update(session, org_id, pending_plan_tier=pending)
    changed = await get_subscription(session, org_id)
    assert changed is not None
    await _announce(session, changed, previous_plan=current.plan_tier)
    return changed


async def renew_period(
    session: AsyncSession,
    config: BillingConfig,
    org_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    reference: str,
) -> Subscription:
    """Start the period [start, end): a pending downgrade applies, the monthly allocation
    resets. A period already started (same or later start) is left as it is."""
    await ensure_account(session, config, org_id)
    current = await get_subscription(session, org_id, lock=True)
    assert current is not None
    if start <= current.current_period_start:
        return current
    tier = current.pending_plan_tier or current.plan_tier
    await subscription_rows.update(
        session,
        org_id,
        plan_tier=tier,
        pending_plan_tier=None,
        current_period_start=start,
        current_period_end=end,
    )
    monthly = await monthly_allocation(session, org_id, tier, current.custom_monthly_credits)
    await ledger.apply_one(
        session, org_id, ledger.StartPeriod(_period_key(start), monthly, start, end, reference)
    )
    renewed = await get_subscription(session, org_id)
    assert renewed is not None
    if tier != current.plan_tier:
        await _announce(session, renewed, previous_plan=current.plan_tier)
    return renewed


TIERS = EnumNames(plans_pb2.PlanTier, "PLAN_TIER_")
SUBSCRIPTION_STATUSES = EnumNames(subscriptions_pb2.SubscriptionStatus, "SUBSCRIPTION_STATUS_")


def subscription_message(sub: Subscription) -> subscriptions_pb2.Subscription:
    return subscriptions_pb2.Subscription(
        org_id=str(sub.org_id),
        plan=TIERS.value(sub.plan_tier),
        status=SUBSCRIPTION_STATUSES.value(sub.status),
        current_period_start=timestamp(sub.current_period_start),
        current_period_end=timestamp(sub.current_period_end),
        cancel_at_period_end=sub.cancel_at_period_end,
        pending_plan=TIERS.value(sub.pending_plan_tier),
        pending_plan_at=timestamp(sub.current_period_end) if sub.pending_plan_tier else None,
        stripe_customer_id=sub.stripe_customer_id or "",
        stripe_subscription_id=sub.stripe_subscription_id or "",
    )


async def announce_change(session: AsyncSession, org_id: uuid.UUID, previous_plan: str) -> None:
    """Publish `subscription.changed` with the subscription as it is now (for the Stripe
    side's status changes)."""
    subscription = await get_subscription(session, org_id)
    if subscription is not None:
        await _announce(session, subscription, previous_plan)


async def _announce(session: AsyncSession, sub: Subscription, previous_plan: str) -> None:
    payload = events_pb2.SubscriptionChanged(
        org_id=str(sub.org_id),
        previous_plan=TIERS.value(previous_plan),
        subscription=subscription_message(sub),
    )
    await events.publish(
        session, source="billing", type="subscription.changed", payload=payload,
        org_id=str(sub.org_id),
    )  # fmt: skip


# --- the sweeper's part: periods that ended without Stripe ---------------------------------


async def _due(database: Database, now: datetime, limit: int) -> Sequence[sa.Row[Any]]:
    c = subscriptions.c
    async with database.unit_of_work() as session:
        query = (
            sa.select(c.org_id, c.current_period_end)
            .where(
                c.current_period_end <= now,
                c.stripe_subscription_id.is_(None),
                ~subscription_rows.deleted(c.org_id),  # identity deleted it: no more periods
            )
            .order_by(c.current_period_end)
            .limit(limit)
        )
        return (await session.execute(query)).all()


async def renew_due(
    database: Database, config: BillingConfig, now: datetime, limit: int = 200
) -> int:
    """Start the next period of subscriptions Stripe does not renew (free plans, admin-set
    plans) whose period has ended, except deleted organizations'; one transaction each.
    Returns how many were renewed."""
    renewed = 0
    for row in await _due(database, now, limit):
        start = row.current_period_end
        async with database.unit_of_work() as session:
            await renew_period(
                session, config, row.org_id, start, add_month(start), reference="period end"
            )
        renewed += 1
    return renewed
