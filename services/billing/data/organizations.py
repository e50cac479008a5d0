"""SQL for `organizations` (what identity said of each organization: its parent and its
creator) and `welcome_bonuses` (one row per user: verified when, bonus given where), both
migration 0010."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import Column, DateTime, Table
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.data.models import metadata
from services.billing.data.subscriptions import deleted

organizations = Table(
    "organizations",
    metadata,
    Column("org_id", UUID(as_uuid=True), primary_key=True),
    Column("parent_org_id", UUID(as_uuid=True)),
    Column("created_by_user_id", UUID(as_uuid=True)),
    Column("created_at", DateTime(timezone=True)),
)
welcome_bonuses = Table(
    "welcome_bonuses",
    metadata,
    Column("user_id", UUID(as_uuid=True), primary_key=True),
    Column("verified_at", DateTime(timezone=True)),
    Column("org_id", UUID(as_uuid=True)),
    Column("granted_at", DateTime(timezone=True)),
)


@dataclass(frozen=True)
class WelcomeBonus:
    user_id: uuid.UUID
    verified_at: datetime | None
    org_id: uuid.UUID | None


async def record(
    session: AsyncSession,
    org_id: uuid.UUID,
    parent_org_id: uuid.UUID | None,
    created_by: uuid.UUID | None,
    created_at: datetime,
) -> None:
    """The organization as identity created it (once: a retried event changes nothing)."""
    await session.execute(
        insert(organizations)
        .values(
            org_id=org_id,
            parent_org_id=parent_org_id,
            created_by_user_id=created_by,
            created_at=created_at,
        )
        .on_conflict_do_nothing()
    )


async def lock_bonus(
    session: AsyncSession, user_id: uuid.UUID, *, verified_at: datetime | None = None
) -> WelcomeBonus:
    """The user's row, created if need be (with `verified_at`, marked verified), locked
    until the transaction ends: a user's bonus is decided by one transaction at a time."""
    c = welcome_bonuses.c
    row = (
        await session.execute(
            insert(welcome_bonuses)
            .values(user_id=user_id, verified_at=verified_at)
            .on_conflict_do_update(
                index_elements=[c.user_id],
                set_={"verified_at": sa.func.coalesce(c.verified_at, verified_at)},
            )
            .returning(c.user_id, c.verified_at, c.org_id)
        )
    ).one()
    return WelcomeBonus(row.user_id, row.verified_at, row.org_id)


async def first_live_organization(session: AsyncSession, user_id: uuid.UUID) -> uuid.UUID | None:
    """The first top-level organization the user created that is not deleted."""
    c = organizations.c
    query = (
        sa.select(c.org_id)
        .where(
            c.created_by_user_id == user_id,
            c.parent_org_id.is_(None),
            ~deleted(c.org_id),
        )
        .order_by(c.created_at, c.org_id)
        .limit(1)
    )
    return (await session.execute(query)).scalar()


async def bonus_granted(session: AsyncSession, user_id: uuid.UUID, org_id: uuid.UUID) -> None:
    c = welcome_bonuses.c
    await session.execute(
        sa.update(welcome_bonuses)
        .where(c.user_id == user_id)
        .values(org_id=org_id, granted_at=sa.func.now())
    )
