"""billing's events that identity follows (consumer group `identity` on `keel:events:billing`).

- `subscription.changed`: the organization's plan tier is billing's plan in force (a Stripe
  purchase, a renewal that applied a downgrade, a cancellation back to free, a platform
  admin's change after billing applied it), so `GetOrganization` and the platform admins'
  filter say what the organization pays for.

Each event is applied once (the consumer records its id in the same transaction), and the
relay does not keep order across events: a tier is taken only from an event newer than the
one it was last taken from (`plan_tier_as_of`). Nothing is announced in turn: billing
follows a platform admin's change through `organization.plan_tier_changed`, so announcing
billing's own tier back to it would only echo (and would drop a pending downgrade there).
No authorization depends on the tier, so no cache is dropped either.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC

from sqlalchemy.ext.asyncio import AsyncSession

from keel.billing.v1 import events_pb2 as billing_events
from keel.events.v1 import events_pb2
from keel_runtime.events import EventConsumer, Handler
from services.identity.data import organizations as data
from services.identity.deps import Deps
from services.identity.domain.organizations import PLAN_TIERS

log = logging.getLogger("keel.identity.billing_events")

GROUP = "identity"
SOURCES = ("billing",)


async def subscription_changed(event: events_pb2.Event, session: AsyncSession) -> None:
    payload = billing_events.SubscriptionChanged()
    event.payload.Unpack(payload)
    try:
        org_id = uuid.UUID(payload.org_id)
        tier = PLAN_TIERS.name(payload.subscription.plan)
    except (ValueError, KeyError):
        # Retrying would not help: the event is acknowledged, and the tier stays as it is.
        log.error("event %s (%s) names no organization or plan tier", event.id, event.type)
        return
    as_of = event.occurred_at.ToDatetime(tzinfo=UTC)
    if not await data.follow_plan_tier(org_id, tier, as_of):
        log.info("event %s (%s): no organization %s, or a newer tier", event.id, event.type, org_id)


HANDLERS: dict[str, Handler] = {"subscription.changed": subscription_changed}


def consumer(deps: Deps) -> EventConsumer:
    """identity's consumer of billing's events (run it as one of the server's tasks)."""
    return EventConsumer(deps.database, deps.redis, group=GROUP, sources=SOURCES, handlers=HANDLERS)
