"""identity's events that billing follows (consumer group `billing` on `keel:events:identity`).

- `organization.created`: the organization's billing account (subscription, credits
  account, first monthly allocation) on the plan identity gave it; its parent and creator
  recorded, and the creator's welcome bonus if it is now due (`welcome.py`).
- `user.email_verified`: the user's welcome bonus, if they created an organization.
- `organization.plan_tier_changed` (a platform admin set the plan): the new plan, at once.
- `organization.deleted`: the account is closed: its Stripe subscription cancelled at once
  with proration, its periods no longer renewed (`subscriptions.close_account`). Stripe
  failing fails the handler: the event is tried again (and, after the consumer's
  attempts, waits in the dead letters for `keel events replay billing`).

Each event is applied once (the consumer records its id in the same transaction), and
both handlers are idempotent besides: `ensure_account` creates an account once whatever
calls it first (the organization's first billing RPC may come before the event), and a
plan change to the plan already in force changes nothing. The relay does not keep order
across events, so a plan change arriving before the creation creates the account on the
new plan, and the creation then finds it there.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from keel.events.v1 import events_pb2
from keel.identity.v1 import events_pb2 as identity_events
from keel_runtime.events import EventConsumer, Handler
from services.billing.config import BillingConfig
from services.billing.data.plans import catalog
from services.billing.data.stripe_client import StripeApi
from services.billing.domain import accounts, subscriptions, welcome

if TYPE_CHECKING:
    from services.billing.deps import Deps

log = logging.getLogger("keel.billing.org_events")

GROUP = "billing"
SOURCES = ("identity",)


def _org_id(value: str, event: events_pb2.Event) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        log.error("event %s (%s) has no valid org_id: %r", event.id, event.type, value)
        return None


def _optional_id(value: str) -> uuid.UUID | None:
    """An id an event may leave empty (a top-level organization's parent)."""
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        log.error("event names an invalid id: %r", value)
        return None


async def _known_tier(session: AsyncSession, tier: str, event: events_pb2.Event) -> bool:
    try:
        (await catalog(session)).plan(tier)
    except LookupError:
        # Retrying would not help: the event is acknowledged, and the plan stays as it is.
        log.error("event %s (%s) names unknown plan tier %r", event.id, event.type, tier)
        return False
    return True


def handlers(config: BillingConfig, stripe_api: StripeApi | None = None) -> dict[str, Handler]:
    """The handlers by event type, for billing's settings and Stripe client."""

    async def organization_created(event: events_pb2.Event, session: AsyncSession) -> None:
        payload = identity_events.OrganizationCreated()
        event.payload.Unpack(payload)
        org_id = _org_id(payload.org_id, event)
        if org_id is None:
            return
        # The creator's bonus row is locked before the account: the order
        # `user.email_verified` takes them in (no deadlock between the two).
        creator = await welcome.organization_created(
            session,
            org_id,
            _optional_id(payload.parent_org_id),
            _optional_id(payload.created_by_user_id),
            event.occurred_at.ToDatetime(tzinfo=UTC),
        )
        await accounts.ensure_account(
            session, config, org_id, plan_tier=payload.plan_tier or accounts.FREE
        )
        if creator is not None:
            await welcome.decide(session, config, creator)

    async def email_verified(event: events_pb2.Event, session: AsyncSession) -> None:
        payload = identity_events.EmailVerified()
        event.payload.Unpack(payload)
        user_id = _optional_id(payload.user_id)
        if user_id is not None:
            verified_at = event.occurred_at.ToDatetime(tzinfo=UTC)
            await welcome.email_verified(session, config, user_id, verified_at)

    async def plan_tier_changed(event: events_pb2.Event, session: AsyncSession) -> None:
        payload = identity_events.OrganizationPlanTierChanged()
        event.payload.Unpack(payload)
        org_id = _org_id(payload.org_id, event)
        if org_id is None or not await _known_tier(session, payload.plan_tier, event):
            return
        await accounts.ensure_account(session, config, org_id, plan_tier=payload.plan_tier)
        await accounts.change_plan(
            session,
            config,
            org_id,
            payload.plan_tier,
            at_once=True,
            reference=f"identity:{event.id}",
        )

    async def organization_deleted(event: events_pb2.Event, session: AsyncSession) -> None:
        payload = identity_events.OrganizationDeleted()
        event.payload.Unpack(payload)
        org_id = _org_id(payload.org_id, event)
        if org_id is not None:
            deleted_at = event.occurred_at.ToDatetime(tzinfo=UTC)
            await subscriptions.close_account(session, stripe_api, org_id, deleted_at)

    return {
        "organization.created": organization_created,
        "organization.plan_tier_changed": plan_tier_changed,
        "organization.deleted": organization_deleted,
        "user.email_verified": email_verified,
    }


def consumer(deps: Deps) -> EventConsumer:
    """billing's consumer of identity's events (run it as one of the server's tasks)."""
    return EventConsumer(
        deps.database,
        deps.redis,
        group=GROUP,
        sources=SOURCES,
        handlers=handlers(deps.config, deps.stripe),
    )
