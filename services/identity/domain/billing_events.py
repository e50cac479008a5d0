"""billing's events that identity follows (consumer group `identity` on `keel:events:billing`).

- `subscription.changed`: the organization's plan tier is billing's plan in force (a Stripe
  purchase, a renewal that applied a downgrade, a cancellation back to free, a platform
  admin's change after billing applied it), so `GetOrganization` and the platform admins'
  filter say what the organization pays for.
- `child_spending_cap.changed`: a parent's owner set, changed or cleared the monthly credit
  cap of one of its sub-organizations. billing keeps no audit log, so identity writes it to
  the parent's (action `billing.child_spending_cap.changed`, by `changed_by`, on the child
  organization, `before`/`after` `{"monthly_cap": ...}`, "" for none), read as the parent's
  other records are (`audit.view` on the parent).

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
from services.identity.domain import audit
from services.identity.domain.access import Caller
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


CAP_CHANGED = "billing.child_spending_cap.changed"


def actor(changed_by: str) -> Caller:
    """billing's `changed_by` as identity's audit records a caller: a user id, or
    `api_key:<id>`; anything else (`service:<name>`) names no user or key."""
    if changed_by.startswith("api_key:"):
        return Caller(api_key_id=changed_by.removeprefix("api_key:") or None)
    try:
        return Caller(user_id=uuid.UUID(changed_by))
    except ValueError:
        return Caller()


async def child_spending_cap_changed(event: events_pb2.Event, session: AsyncSession) -> None:
    payload = billing_events.ChildSpendingCapChanged()
    event.payload.Unpack(payload)
    try:
        parent = uuid.UUID(payload.parent_org_id)
        child = uuid.UUID(payload.child_org_id)
    except ValueError:
        log.error("event %s (%s) names no organizations", event.id, event.type)
        return
    after: dict[str, str] = {"monthly_cap": payload.monthly_cap}
    who = actor(payload.changed_by)
    if who.user_id is None and who.api_key_id is None and payload.changed_by:
        after["changed_by"] = payload.changed_by  # a service: no actor column names it
    await audit.record(
        who,
        action=CAP_CHANGED,
        target_type="organization",
        target_id=child,
        org_id=parent,
        before={"monthly_cap": payload.previous_cap},
        after=after,
    )


HANDLERS: dict[str, Handler] = {
    "subscription.changed": subscription_changed,
    "child_spending_cap.changed": child_spending_cap_changed,
}


def consumer(deps: Deps) -> EventConsumer:
    """identity's consumer of billing's events (run it as one of the server's tasks)."""
    return EventConsumer(deps.database, deps.redis, group=GROUP, sources=SOURCES, handlers=HANDLERS)
