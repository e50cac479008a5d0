"""SQL for the credit packages paid through Stripe and what went back of their money
(`credit_purchases`, `credit_purchase_disputes`, migration 0007): by PaymentIntent, the id
a refunded charge and a dispute name. `domain.refunds` decides what the credits owe.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import BigInteger, Column, DateTime, Numeric, Table, Text, func
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.data.models import metadata

credit_purchases = Table(
    "credit_purchases",
    metadata,
    Column("payment_intent", Text, primary_key=True),
    Column("org_id", UUID(as_uuid=True)),
    Column("checkout_session", Text),
    Column("credits", Numeric(18, 4, asdecimal=True)),
    Column("amount_minor", BigInteger),
    Column("refunded_minor", BigInteger),
    Column("reversed", Numeric(18, 4, asdecimal=True)),
    Column("created_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True)),
)
credit_purchase_disputes = Table(
    "credit_purchase_disputes",
    metadata,
    Column("id", Text, primary_key=True),
    Column("payment_intent", Text),
    Column("amount_minor", BigInteger),
    Column("status", Text),
    Column("stripe_event_at", DateTime(timezone=True)),
)
_p = credit_purchases.c
_d = credit_purchase_disputes.c


async def org_of(session: AsyncSession, payment_intent: str) -> uuid.UUID | None:
    return (
        await session.execute(sa.select(_p.org_id).where(_p.payment_intent == payment_intent))
    ).scalar_one_or_none()


async def record_purchase(
    session: AsyncSession,
    payment_intent: str,
    org_id: uuid.UUID,
    *,
    checkout_session: str,
    credits: Decimal,
    amount_minor: int | None,
) -> None:
    """A package paid for and granted (a row a refund made first gets the purchase)."""
    statement = insert(credit_purchases).values(
        payment_intent=payment_intent,
        org_id=org_id,
        checkout_session=checkout_session,
        credits=credits,
        amount_minor=amount_minor,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[_p.payment_intent],
            set_={
                "checkout_session": statement.excluded.checkout_session,
                "credits": statement.excluded.credits,
                "amount_minor": func.coalesce(statement.excluded.amount_minor, _p.amount_minor),
                "updated_at": func.now(),
            },
        )
    )


async def record_refunds(
    session: AsyncSession,
    payment_intent: str,
    org_id: uuid.UUID,
    *,
    refunded_minor: int,
    amount_minor: int | None,
) -> None:
    """Stripe's running total of the charge's refunds: it only grows, so an older event
    (a smaller total) changes nothing."""
    statement = insert(credit_purchases).values(
        payment_intent=payment_intent,
        org_id=org_id,
        refunded_minor=refunded_minor,
        amount_minor=amount_minor,
    )
    new = statement.excluded
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[_p.payment_intent],
            set_={
                "refunded_minor": func.greatest(_p.refunded_minor, new.refunded_minor),
                "amount_minor": func.coalesce(_p.amount_minor, new.amount_minor),
                "updated_at": func.now(),
            },
        )
    )


async def record_dispute(
    session: AsyncSession,
    dispute_id: str,
    payment_intent: str,
    *,
    amount_minor: int,
    status: str,
    at: datetime,
    final: Collection[str],
) -> None:
    """A dispute's status: the newest event's, except that a `final` status stays."""
    statement = insert(credit_purchase_disputes).values(
        id=dispute_id,
        payment_intent=payment_intent,
        amount_minor=amount_minor,
        status=status,
        stripe_event_at=at,
    )
    new = statement.excluded
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[_d.id],
            set_={"status": new.status, "amount_minor": new.amount_minor, "stripe_event_at": at},
            where=sa.and_(
                _d.status.not_in(list(final)),
                sa.or_(new.status.in_(list(final)), _d.stripe_event_at <= new.stripe_event_at),
            ),
        )
    )


async def purchase(session: AsyncSession, payment_intent: str) -> sa.Row[Any] | None:
    """The purchase, locked: its events are applied one at a time."""
    return (
        await session.execute(
            sa.select(credit_purchases).where(_p.payment_intent == payment_intent).with_for_update()
        )
    ).first()


async def withdrawn_by_disputes(
    session: AsyncSession, payment_intent: str, withdrawn: Collection[str]
) -> int:
    """What the purchase's disputes in a `withdrawn` status took, in minor units."""
    total = await session.execute(
        sa.select(func.coalesce(func.sum(_d.amount_minor), 0)).where(
            _d.payment_intent == payment_intent, _d.status.in_(list(withdrawn))
        )
    )
    return int(total.scalar_one())


async def set_reversed(session: AsyncSession, payment_intent: str, reversed: Decimal) -> None:
    await session.execute(
        sa.update(credit_purchases)
        .where(_p.payment_intent == payment_intent)
        .values(reversed=reversed, updated_at=func.now())
    )
