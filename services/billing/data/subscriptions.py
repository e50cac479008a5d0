"""SQL for the Stripe side of `subscriptions`, for `stripe_subscriptions` and for
`stripe_events` (processed webhooks), and for `organization_deletions`.

Plan changes and period renewals go through `domain.accounts` (they move credits); this
module records what Stripe says about an organization: its customer and subscription
ids, the subscription's status and cancel-at-period-end flag, and the `created` time of the
newest Stripe event applied (`stripe_event_at`), which keeps older events from overwriting
newer state. `stripe_subscriptions` keeps each Stripe subscription an organization had: the
status the newest event about it gave it, the status that event moved from (events of one
second are told apart by their statuses) and when it ended (for good).
`organization_deletions` keeps the organizations identity deleted: the Stripe subscription
each had then and when its cancellation went through.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, DateTime, Table, Text, func, select
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.data.models import metadata, stripe_events, subscriptions

# Migration 0007.
stripe_subscriptions = Table(
    "stripe_subscriptions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("org_id", UUID(as_uuid=True)),
    Column("status", Text),
    Column("status_from", Text),
    Column("stripe_event_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
)

# Migration 0009.
organization_deletions = Table(
    "organization_deletions",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    Column("deleted_at", DateTime(timezone=True)),
    Column("stripe_subscription_id", Text),
    Column("cancelled_at", DateTime(timezone=True)),
)

# What an event did, in `stripe_events.outcome`.
APPLIED = "applied"
IGNORED = "ignored"  # a type billing does not handle, or nothing to do
IGNORED_STALE = "ignored_stale"  # older than state already applied
IGNORED_UNKNOWN_ORG = "ignored_unknown_org"  # names no organization of ours
IGNORED_OTHER_SUBSCRIPTION = "ignored_other_subscription"  # not the org's current subscription
IGNORED_ENDED_SUBSCRIPTION = "ignored_ended_subscription"  # about one that ended already
PROCESSING = "processing"  # only inside the transaction that applies the event


async def org_by_customer(session: AsyncSession, customer_id: str) -> uuid.UUID | None:
    return (
        await session.execute(
            select(subscriptions.c.org_id).where(subscriptions.c.stripe_customer_id == customer_id)
        )
    ).scalar_one_or_none()


async def org_by_subscription(session: AsyncSession, subscription_id: str) -> uuid.UUID | None:
    return (
        await session.execute(
            select(subscriptions.c.org_id).where(
                subscriptions.c.stripe_subscription_id == subscription_id
            )
        )
    ).scalar_one_or_none()


async def set_customer(session: AsyncSession, org_id: uuid.UUID, customer_id: str) -> None:
    await update(session, org_id, stripe_customer_id=customer_id)


async def update_stripe_state(session: AsyncSession, org_id: uuid.UUID, **values: Any) -> None:
    """Set any of: stripe_customer_id, stripe_subscription_id, status, cancel_at_period_end,
    stripe_event_at (columns not named keep their value)."""
    allowed = {
        "stripe_customer_id",
        "stripe_subscription_id",
        "status",
        "cancel_at_period_end",
        "stripe_event_at",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not a Stripe-side column of subscriptions: {sorted(unknown)}")
    if values:
        await update(session, org_id, **values)


async def update(session: AsyncSession, org_id: uuid.UUID, **values: Any) -> None:
    """Set columns of the organization's row (and `updated_at`)."""
    await session.execute(
        sa.update(subscriptions)
        .where(subscriptions.c.org_id == org_id)
        .values(**values, updated_at=func.now())
    )


async def record_event(session: AsyncSession, event_id: str, type: str, created: datetime) -> bool:
    """Claim a Stripe event for this transaction; False when it was already processed.

    A concurrent delivery of the same event waits on the primary key until this
    transaction ends, then finds the row (already processed) or, after a rollback,
    claims it itself."""
    inserted = await session.execute(
        insert(stripe_events)
        .values(id=event_id, type=type, stripe_created_at=created, outcome=PROCESSING)
        .on_conflict_do_nothing(index_elements=[stripe_events.c.id])
        .returning(stripe_events.c.id)
    )
    return inserted.first() is not None


async def finish_event(
    session: AsyncSession, event_id: str, outcome: str, org_id: uuid.UUID | None
) -> None:
    await session.execute(
        sa.update(stripe_events)
        .where(stripe_events.c.id == event_id)
        .values(outcome=outcome, org_id=org_id)
    )


async def stripe_subscription(session: AsyncSession, subscription_id: str) -> sa.Row[Any] | None:
    """What billing knows of a Stripe subscription (locked), if it has heard of it."""
    return (
        await session.execute(
            select(stripe_subscriptions)
            .where(stripe_subscriptions.c.id == subscription_id)
            .with_for_update()
        )
    ).first()


async def record_stripe_subscription(
    session: AsyncSession,
    subscription_id: str,
    org_id: uuid.UUID,
    *,
    status: str,
    status_from: str | None,
    at: datetime,
    ended: bool = False,
) -> None:
    """The state an applied event gave the subscription (an end is kept for good)."""
    values = {"status": status, "status_from": status_from, "stripe_event_at": at}
    ended_at = func.now() if ended else None
    insert_ = insert(stripe_subscriptions).values(
        id=subscription_id, org_id=org_id, ended_at=ended_at, **values
    )
    excluded = insert_.excluded
    await session.execute(
        insert_.on_conflict_do_update(
            index_elements=[stripe_subscriptions.c.id],
            set_={
                **{name: getattr(excluded, name) for name in values},
                "ended_at": func.coalesce(stripe_subscriptions.c.ended_at, excluded.ended_at),
            },
        )
    )


async def record_deletion(
    session: AsyncSession,
    org_id: uuid.UUID,
    deleted_at: datetime,
    stripe_subscription_id: str | None,
) -> None:
    """The organization is gone (the first deletion recorded stands)."""
    await session.execute(
        insert(organization_deletions)
        .values(org_id=org_id, deleted_at=deleted_at, stripe_subscription_id=stripe_subscription_id)
        .on_conflict_do_nothing(index_elements=[organization_deletions.c.org_id])
    )


async def deletion_cancelled(session: AsyncSession, org_id: uuid.UUID) -> None:
    """The deleted organization's Stripe subscription is cancelled (or was gone already)."""
    await session.execute(
        sa.update(organization_deletions)
        .where(organization_deletions.c.org_id == org_id)
        .values(cancelled_at=func.now())
    )


def deleted(org_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """Whether the organization `org_id` names was deleted, for a query's WHERE."""
    return sa.exists().where(organization_deletions.c.org_id == org_id)
