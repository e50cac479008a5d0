"""The welcome bonus: once per verified user, ever, by plan (ADR-023: free 10, pro 25,
team 50 promotional credits; issue 15 finding 6: one per organization could be farmed).

It goes to the user's first organization: the first top-level organization they created
that is not deleted when the bonus is decided. It is decided when identity says the
address is verified (`user.email_verified`) or when identity says the user created an
organization (`organization.created`), whichever comes last (the relay keeps no order):
until both are known nothing is given. The plan is that organization's at that moment.
Sub-organizations never get one. The user's row in `welcome_bonuses` is locked while it is
decided and keeps the organization it went to, so a retried event, an event of another
replica at the same moment or the organization's deletion never give a second one.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.config import BillingConfig
from services.billing.data import organizations as rows
from services.billing.data.plans import catalog
from services.billing.domain import accounts, ledger

log = logging.getLogger("keel.billing.welcome")


def bonus_key(user_id: uuid.UUID) -> str:
    return f"welcome-bonus:{user_id}"


async def organization_created(
    session: AsyncSession,
    org_id: uuid.UUID,
    parent_org_id: uuid.UUID | None,
    created_by: uuid.UUID | None,
    created_at: datetime,
) -> rows.WelcomeBonus | None:
    """Record what identity said of the organization; for a top-level one, its creator's
    bonus row, locked, to `decide` once the account is open."""
    await rows.record(session, org_id, parent_org_id, created_by, created_at)
    if parent_org_id is None and created_by is not None:
        return await rows.lock_bonus(session, created_by)
    return None


async def email_verified(
    session: AsyncSession, config: BillingConfig, user_id: uuid.UUID, verified_at: datetime
) -> None:
    """The user's address is verified: their bonus if they created an organization."""
    bonus = await rows.lock_bonus(session, user_id, verified_at=verified_at)
    await decide(session, config, bonus)


async def decide(session: AsyncSession, config: BillingConfig, bonus: rows.WelcomeBonus) -> None:
    """Give the bonus if the user is verified, has none yet and has an organization."""
    if bonus.verified_at is None or bonus.org_id is not None:
        return
    org_id = await rows.first_live_organization(session, bonus.user_id)
    if org_id is None:
        return
    subscription = await accounts.ensure_account(session, config, org_id)
    plan = (await catalog(session)).find_plan(subscription.plan_tier)
    amount = plan.welcome_bonus_credits if plan is not None else None
    await rows.bonus_granted(session, bonus.user_id, org_id)
    if not amount:
        log.info("no welcome bonus on plan %s (user %s)", subscription.plan_tier, bonus.user_id)
        return
    await ledger.grant(
        session,
        org_id,
        amount,
        kind="promotional",
        type="promo_bonus",
        reference="welcome bonus",
        idempotency_key=bonus_key(bonus.user_id),
        expires_after=timedelta(days=config.promo_expiry_days),
        metadata={"user_id": str(bonus.user_id)},
    )
