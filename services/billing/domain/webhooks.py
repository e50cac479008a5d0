"""Stripe's webhooks: verified, applied once each, never letting older news overwrite newer.

**Verification.** The `Stripe-Signature` header is checked against the raw body with the
SDK (`stripe.WebhookSignature.verify_header`): HMAC-SHA256 under the endpoint's secret,
and a timestamp no older than `stripe_webhook_tolerance_seconds` (replay protection). A
missing or bad signature, a stale timestamp, or a body that is not a Stripe event is
refused with INVALID_ARGUMENT (HTTP 400, `STRIPE_SIGNATURE_INVALID` or
`STRIPE_PAYLOAD_INVALID`) before anything is read or written.

**Once.** The event id is inserted into `stripe_events` in the same transaction as the
event's effect; a redelivery finds it there and is acknowledged without effect. The
grant of a credit package is also keyed by the Checkout Session (`stripe:<session id>`),
so even two *different* events about one payment grant once.

**Order.** Stripe does not deliver in order. Every event about an organization's
subscription carries its `created` time; the newest one applied is kept in
`subscriptions.stripe_event_at`, and an event created before it is acknowledged and
recorded as `ignored_stale` without effect. `created` has one-second resolution and Stripe
emits several events per second for one change, so within a second the subscription's own
statuses tell the order (`stripe_subscriptions`: the status the newest applied event gave
each subscription, and the one it moved from, its `previous_attributes.status`): an event of
the same second that starts from the status the subscription has now is newer; one that
ends in the status the newest moved from (an update, or the `created` that began it) came
before it and is `ignored_stale`; others are applied (each carries the whole object's state,
and their effects are monotonic: a period only moves forward, a grant happens once). An end
(`canceled`, `incomplete_expired`, `.deleted`) is for good, as in Stripe, whatever its time:
any later event about that subscription (an update of just before the cancellation, a late
invoice, its Checkout) is `ignored_ended_subscription`. Events about a subscription that is
not the organization's current one (an old one, a second one) are
`ignored_other_subscription`.

**Which organization.** The `org_id` billing put in the metadata of the Checkout Session
and of the subscription, else the organization whose customer or subscription id the
event names. An event naming none of ours (a customer made in Stripe's dashboard, another
integration on the same account) is acknowledged, logged and recorded as
`ignored_unknown_org`: refusing it would only make Stripe retry it for three days.

**Effects.**
- `checkout.session.completed` (and `checkout.session.async_payment_succeeded`, for
  payment methods that settle later): a paid credit package → its credits are granted
  (`topup_purchase`, purchased bucket); a paid subscription → its customer and
  subscription ids are stored and the plan changes at once to the one bought.
- `customer.subscription.created` / `.updated`: the status (`active`, `trialing`,
  `past_due`, `unpaid` as they are; `paused` → `unpaid`, no payments are being taken),
  cancel-at-period-end, and the plan from the subscription's `plan_tier` metadata (an
  upgrade at once, a downgrade at the period end). `incomplete` (the first payment is not
  made yet) changes nothing (`ignored`): the organization gets what it pays for once
  Stripe says it is paid, and no unpaid subscription keeps it from another checkout.
  `canceled` and `incomplete_expired` end the subscription, as
  `customer.subscription.deleted` does.
- `customer.subscription.deleted`: back to the free plan at once, status `active` (free
  needs no payment), the subscription id cleared (billing's own sweeper renews free
  periods from then on; the customer id is kept for the next checkout).
- `invoice.payment_succeeded` (and `invoice.paid`) for a subscription's first or
  renewal invoice: the new period starts (`accounts.renew_period` with the period of the
  invoice's subscription lines: the monthly allocation resets, a pending downgrade
  applies), status `active`. Periods move only on paid invoices, so no allocation is
  granted for a period that was not paid.
- `invoice.payment_failed` (renewals): status `past_due`.
- `charge.refunded` (a refund, partial or full: the charge's running total) and
  `charge.dispute.created|updated|closed|funds_withdrawn|funds_reinstated` about the payment
  of a credit package (found by its PaymentIntent): the package's credits are owed in the
  share of the payment that stayed paid, and the difference is taken back or given back
  (`purchase_reversal`, domain/refunds.py): refunded money and a chargeback's withdrawn funds
  (`needs_response`, `under_review`, `lost`) take their share back, spent or not (the balance
  may go below zero: no new hold until covered); a dispute `won` gives it back; an inquiry
  (`warning_*`) takes nothing. A refund told before its purchase is taken back when the
  purchase is granted. Payments that bought no credits (a subscription's invoices) are
  `ignored`: what a subscription gives follows its own events.
- Anything else: acknowledged, logged, recorded as `ignored`.

`subscription.changed` is published whenever plan, status or cancel-at-period-end change
(plan changes publish it through `accounts`).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime.errors import FailedPrecondition, InvalidArgument
from services.billing.config import BillingConfig
from services.billing.data import purchases
from services.billing.data import subscriptions as data
from services.billing.data.plans import catalog
from services.billing.data.subscriptions import (
    APPLIED,
    IGNORED,
    IGNORED_ENDED_SUBSCRIPTION,
    IGNORED_OTHER_SUBSCRIPTION,
    IGNORED_STALE,
    IGNORED_UNKNOWN_ORG,
)
from services.billing.domain import accounts, ledger, refunds
from services.billing.domain.money import credits
from services.billing.domain.subscriptions import purchasable

log = logging.getLogger("keel.billing.webhooks")

SIGNATURE_INVALID = "STRIPE_SIGNATURE_INVALID"
PAYLOAD_INVALID = "STRIPE_PAYLOAD_INVALID"
DUPLICATE = "duplicate"

# Stripe subscription status → ours (the others are handled as described above).
_STATUSES = {
    "active": "active",
    "trialing": "trialing",
    "past_due": "past_due",
    "unpaid": "unpaid",
    "paused": "unpaid",
}
_ENDED = frozenset({"canceled", "incomplete_expired"})
_PAID = frozenset({"paid", "no_payment_required"})
# Invoices that open a subscription period (not prorations, not one-off invoices).
_PERIOD_INVOICES = frozenset({"subscription_create", "subscription_cycle"})


@dataclass(frozen=True)
class StripeEvent:
    id: str
    type: str
    created: datetime
    object: dict[str, Any]
    # `*.updated` events: the values the changed fields had before.
    previous_attributes: dict[str, Any] = field(default_factory=dict)


# --- verification -------------------------------------------------------------------------


def verify(
    payload: bytes, signature: str | None, secret: str, tolerance_seconds: int
) -> StripeEvent:
    """The event in `payload`, if Stripe signed it recently with `secret`; else raises."""
    if not secret:
        raise FailedPrecondition(
            "Stripe webhooks are not configured on this server (no signing secret)",
            reason="BILLING_NOT_CONFIGURED",
        )
    import stripe  # on first use: the SDK costs ~20 MiB a replica without Stripe never needs

    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance_seconds)
    except stripe.SignatureVerificationError as exc:
        raise InvalidArgument(
            f"invalid Stripe-Signature: {exc.user_message or exc}", reason=SIGNATURE_INVALID
        ) from None
    except UnicodeDecodeError:
        raise _bad_payload("the body is not UTF-8") from None
    return parse(payload)


def parse(payload: bytes) -> StripeEvent:
    try:
        body = json.loads(payload)
    except ValueError:
        raise _bad_payload("the body is not JSON") from None
    if not isinstance(body, dict) or body.get("object") != "event":
        raise _bad_payload("the body is not a Stripe event")
    event_id, type_, created = body.get("id"), body.get("type"), body.get("created")
    obj = (body.get("data") or {}).get("object") if isinstance(body.get("data"), dict) else None
    if (
        not isinstance(event_id, str)
        or not event_id
        or not isinstance(type_, str)
        or not isinstance(created, int)
        or isinstance(created, bool)
        or not isinstance(obj, dict)
    ):
        raise _bad_payload("the event lacks id, type, created or data.object")
    previous = body["data"].get("previous_attributes")
    return StripeEvent(
        event_id,
        type_,
        datetime.fromtimestamp(created, UTC),
        obj,
        previous if isinstance(previous, dict) else {},
    )


def _bad_payload(why: str) -> InvalidArgument:
    return InvalidArgument(f"invalid Stripe event: {why}", reason=PAYLOAD_INVALID)


# --- applying -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    outcome: str
    org_id: uuid.UUID | None = None


Handler = Callable[[AsyncSession, BillingConfig, StripeEvent], Awaitable[Result]]


async def apply(session: AsyncSession, config: BillingConfig, event: StripeEvent) -> str:
    """Apply `event` once, in the caller's transaction; what it did (see `data.APPLIED`…)."""
    if not await data.record_event(session, event.id, event.type, event.created):
        log.info("Stripe event %s (%s) already processed", event.id, event.type)
        return DUPLICATE
    handler = HANDLERS.get(event.type)
    if handler is None:
        log.info("Stripe event %s of unhandled type %s acknowledged", event.id, event.type)
        result = Result(IGNORED)
    else:
        result = await handler(session, config, event)
    if result.outcome == IGNORED_UNKNOWN_ORG:
        log.warning(
            "Stripe event %s (%s) names no organization of ours; acknowledged",
            event.id,
            event.type,
        )
    elif result.outcome != APPLIED:
        log.info("Stripe event %s (%s): %s", event.id, event.type, result.outcome)
    await data.finish_event(session, event.id, result.outcome, result.org_id)
    return result.outcome


async def _checkout_completed(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> Result:
    obj = event.object
    if obj.get("mode") == "payment":
        return await _package_paid(session, config, event)
    if obj.get("mode") == "subscription":
        return await _subscribed(session, config, event)
    return Result(IGNORED)


async def _package_paid(session: AsyncSession, config: BillingConfig, event: StripeEvent) -> Result:
    """A credit package paid for: its credits, granted once per Checkout Session."""
    obj = event.object
    metadata = _metadata(obj)
    package_id = metadata.get("credit_package_id")
    if not package_id or obj.get("payment_status") not in _PAID:
        # Not ours, or paid later by a delayed method (async_payment_succeeded follows).
        return Result(IGNORED)
    org_id = await _org_of(
        session,
        config,
        metadata=metadata,
        reference=obj.get("client_reference_id"),
        customer=_id(obj.get("customer")),
    )
    if org_id is None:
        return Result(IGNORED_UNKNOWN_ORG)
    amount = await _package_credits(session, metadata, package_id)
    if amount is None:
        log.error(
            "Stripe event %s: paid checkout %s for unknown package %r; nothing granted",
            event.id, obj.get("id"), package_id,
        )  # fmt: skip
        return Result(IGNORED, org_id)
    session_id = str(obj.get("id"))
    payment_intent = _id(obj.get("payment_intent"))
    if payment_intent:  # what a refund or a dispute of this payment will name
        await refunds.purchased(
            session, org_id, payment_intent, checkout_session=session_id, credits=amount,
            amount_minor=_minor(obj.get("amount_total")),
        )  # fmt: skip
    await ledger.grant(
        session,
        org_id,
        amount,
        kind="purchased",
        type="topup_purchase",
        reference=session_id,
        idempotency_key=f"stripe:{session_id}",
        metadata={"credit_package_id": package_id, "stripe_checkout_session": session_id},
    )
    if payment_intent:  # a refund told before the purchase is taken back now
        await refunds.settle(session, payment_intent, reference=session_id, key=_reversal(event))
    return Result(APPLIED, org_id)


async def _charge_refunded(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> Result:
    """A package's charge refunded (in part or in full): its share of the credits back."""
    charge = event.object
    payment_intent = _id(charge.get("payment_intent"))
    org_id = await purchases.org_of(session, payment_intent) if payment_intent else None
    if org_id is None:
        org_id = await _org_of(
            session, config, metadata=_metadata(charge), customer=_id(charge.get("customer"))
        )
    if org_id is None:
        return Result(IGNORED_UNKNOWN_ORG)
    refunded_minor = _minor(charge.get("amount_refunded"))
    if payment_intent is None or refunded_minor is None:
        return Result(IGNORED, org_id)  # not paid through Checkout: no credits to take back
    moved = await refunds.refunded(
        session,
        org_id,
        payment_intent,
        refunded_minor=refunded_minor,
        amount_minor=_minor(charge.get("amount")),
        reference=str(charge.get("id") or payment_intent),
        key=_reversal(event),
    )
    return Result(APPLIED if moved else IGNORED, org_id)


async def _dispute_changed(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> Result:
    """A dispute of a package's payment opened, moved or closed: while its funds are
    withdrawn their share of the credits is taken back; won, it is given back."""
    dispute = event.object
    payment_intent = _id(dispute.get("payment_intent"))
    org_id = await purchases.org_of(session, payment_intent) if payment_intent else None
    status, amount = dispute.get("status"), _minor(dispute.get("amount"))
    if org_id is None or payment_intent is None:
        return Result(IGNORED)  # not a package's payment (a dispute names no customer)
    if not isinstance(dispute.get("id"), str) or not isinstance(status, str) or amount is None:
        return Result(IGNORED, org_id)
    moved = await refunds.disputed(
        session,
        payment_intent,
        dispute_id=dispute["id"],
        amount_minor=amount,
        status=status,
        at=event.created,
        key=_reversal(event),
    )
    return Result(APPLIED if moved else IGNORED, org_id)


async def _package_credits(
    session: AsyncSession, metadata: Mapping[str, str], package_id: str
) -> Decimal | None:
    """The credits sold: as the session recorded them, else the package's own."""
    try:
        sold = credits(metadata["credits"])
        if sold > 0:
            return sold
    except (KeyError, InvalidOperation, ValueError):
        pass
    for package in (await catalog(session)).packages:
        if package.id == package_id:
            return package.credits
    return None


async def _subscribed(session: AsyncSession, config: BillingConfig, event: StripeEvent) -> Result:
    """A subscription bought through Checkout: ids stored, the plan bought from now on."""
    obj = event.object
    metadata = _metadata(obj)
    subscription_id = _id(obj.get("subscription"))
    org_id = await _org_of(
        session,
        config,
        metadata=metadata,
        reference=obj.get("client_reference_id"),
        customer=_id(obj.get("customer")),
        subscription=subscription_id,
    )
    if org_id is None:
        return Result(IGNORED_UNKNOWN_ORG)
    state = await _current(session, event, org_id)
    if state is None:
        return Result(IGNORED_STALE, org_id)
    if subscription_id and await _ended(session, subscription_id):
        return Result(IGNORED_ENDED_SUBSCRIPTION, org_id)
    paid = obj.get("payment_status") in _PAID
    changes: dict[str, Any] = {
        **_ids(state, _id(obj.get("customer")), subscription_id),
        "stripe_event_at": event.created,
    }
    if paid:
        changes["status"] = "active"
    await data.update_stripe_state(session, org_id, **changes)
    tier = await _tier_bought(session, metadata)
    if paid and tier is not None:
        await accounts.change_plan(
            session, config, org_id, tier, at_once=True, reference=f"stripe:{event.id}"
        )
    await _announce_if_changed(session, state)
    return Result(APPLIED, org_id)


async def _subscription_changed(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> Result:
    obj = event.object
    status = str(obj.get("status") or "")
    if status in _ENDED:
        return await _subscription_ended(session, config, event)
    found = await _subscription_org(session, config, event)
    if isinstance(found, Result):
        return found
    org_id, state = found
    known = await data.stripe_subscription(session, obj["id"])
    if known is not None and known.ended_at is not None:
        # It ended (for good, in Stripe too): news of it from before its end changes nothing.
        return Result(IGNORED_ENDED_SUBSCRIPTION, org_id)
    if state.stripe_subscription_id not in (None, obj["id"]):
        return Result(IGNORED_OTHER_SUBSCRIPTION, org_id)
    if _led_to(known, event):
        return Result(IGNORED_STALE, org_id)
    if status == "incomplete":
        # Not paid yet: nothing changes until it is (an `active` update follows), and the
        # organization may still start another checkout meanwhile.
        return Result(IGNORED, org_id)
    if status not in _STATUSES:
        log.warning("Stripe event %s: unknown subscription status %r", event.id, status)
        return Result(IGNORED, org_id)
    await data.update_stripe_state(
        session,
        org_id,
        **_ids(state, _id(obj.get("customer")), obj["id"]),
        status=_STATUSES[status],
        cancel_at_period_end=bool(obj.get("cancel_at_period_end")),
        stripe_event_at=event.created,
    )
    await _record_subscription(session, org_id, known, event)
    tier = await _tier_bought(session, _metadata(obj))
    if status in ("active", "trialing", "past_due") and tier is not None:
        # An upgrade takes effect at once; a downgrade at the end of the period.
        await accounts.change_plan(
            session, config, org_id, tier, at_once=False, reference=f"stripe:{event.id}"
        )
    await _announce_if_changed(session, state)
    return Result(APPLIED, org_id)


async def _subscription_ended(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> Result:
    """The subscription is over (for good: Stripe never restarts a canceled one): the free
    plan, at once, if it is the organization's. An end is applied whatever its time: no
    event about the subscription changes anything after it."""
    obj = event.object
    if not isinstance(obj.get("id"), str):
        return Result(IGNORED)
    org_id = await _org_of(
        session,
        config,
        metadata=_metadata(obj),
        customer=_id(obj.get("customer")),
        subscription=obj["id"],
    )
    if org_id is None:
        return Result(IGNORED_UNKNOWN_ORG)
    state = await accounts.get_subscription(session, org_id, lock=True)
    if state is None:
        raise RuntimeError(f"no subscription row for {org_id}")
    known = await data.stripe_subscription(session, obj["id"])
    if known is not None and known.ended_at is not None:
        return Result(IGNORED_ENDED_SUBSCRIPTION, org_id)
    await _record_subscription(session, org_id, known, event, ended=True)
    if state.stripe_subscription_id != obj["id"]:
        # Not the subscription the organization has now (or one it never had).
        return Result(IGNORED_OTHER_SUBSCRIPTION, org_id)
    newest = max(event.created, state.stripe_event_at or event.created)
    await data.update_stripe_state(
        session,
        org_id,
        stripe_subscription_id=None,
        status="active",
        cancel_at_period_end=False,
        stripe_event_at=newest,
    )
    await accounts.change_plan(
        session, config, org_id, accounts.FREE, at_once=True, reference=f"stripe:{event.id}"
    )
    await _announce_if_changed(session, state)
    return Result(APPLIED, org_id)


async def _record_subscription(
    session: AsyncSession,
    org_id: uuid.UUID,
    known: Row[Any] | None,
    event: StripeEvent,
    *,
    ended: bool = False,
) -> None:
    """The state `event` gave the subscription: its status and the one it moved from (an
    update that leaves the status as it was keeps, within its second, what it moved from)."""
    moved_from = _previous_status(event)
    if moved_from is None and known is not None and known.stripe_event_at == event.created:
        moved_from = known.status_from
    await data.record_stripe_subscription(
        session,
        event.object["id"],
        org_id,
        status=str(event.object.get("status") or ""),
        status_from=moved_from,
        at=event.created,
        ended=ended,
    )


def _led_to(known: Row[Any] | None, event: StripeEvent) -> bool:
    """Whether `event` is the step that led to the subscription's state, delivered late.

    Stripe's `created` has one-second resolution, so of events of the same second the
    statuses tell the order: an update that starts from the status the subscription has
    now comes after it; one whose status is the status the newest applied moved from (or a
    `created`, the first state, ending there) came before it."""
    if known is None or known.stripe_event_at != event.created:
        return False
    if _previous_status(event) == known.status:
        return False
    return known.status_from is not None and event.object.get("status") == known.status_from


def _previous_status(event: StripeEvent) -> str | None:
    """The status a `*.updated` event moved the subscription from, if it changed it."""
    previous = event.previous_attributes.get("status")
    return previous if isinstance(previous, str) else None


async def _ended(session: AsyncSession, subscription_id: str) -> bool:
    known = await data.stripe_subscription(session, subscription_id)
    return known is not None and known.ended_at is not None


async def _invoice_paid(session: AsyncSession, config: BillingConfig, event: StripeEvent) -> Result:
    """A subscription invoice paid: the period it pays for starts, status active."""
    invoice = event.object
    found = await _invoice_org(session, config, event)
    if isinstance(found, Result):
        return found
    org_id, state, subscription_id = found
    await data.update_stripe_state(
        session,
        org_id,
        **_ids(state, _id(invoice.get("customer")), subscription_id),
        status="active",
        stripe_event_at=event.created,
    )
    period = _invoice_period(invoice)
    if period is not None and invoice.get("billing_reason") in _PERIOD_INVOICES:
        await accounts.renew_period(
            session, config, org_id, *period, reference=f"stripe:{invoice.get('id')}"
        )
    await _announce_if_changed(session, state)
    return Result(APPLIED, org_id)


async def _invoice_failed(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> Result:
    """A renewal's payment failed: past due (Stripe retries; the plan stays for now)."""
    invoice = event.object
    if invoice.get("billing_reason") == "subscription_create":
        # The first payment: the subscription stays `incomplete`, nothing was granted.
        return Result(IGNORED)
    found = await _invoice_org(session, config, event)
    if isinstance(found, Result):
        return found
    org_id, state, subscription_id = found
    await data.update_stripe_state(
        session,
        org_id,
        **_ids(state, _id(invoice.get("customer")), subscription_id),
        status="past_due",
        stripe_event_at=event.created,
    )
    await _announce_if_changed(session, state)
    return Result(APPLIED, org_id)


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_ended,
    "invoice.payment_succeeded": _invoice_paid,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_changed,
    "charge.dispute.updated": _dispute_changed,
    "charge.dispute.closed": _dispute_changed,
    "charge.dispute.funds_withdrawn": _dispute_changed,
    "charge.dispute.funds_reinstated": _dispute_changed,
}


# --- finding the organization and its current state ----------------------------------------


async def _org_of(
    session: AsyncSession,
    config: BillingConfig,
    *,
    metadata: Mapping[str, str],
    reference: Any = None,
    customer: str | None = None,
    subscription: str | None = None,
) -> uuid.UUID | None:
    """The organization an event is about (see the module's docstring), with its account."""
    for candidate in (metadata.get("org_id"), reference):
        org_id = _uuid(candidate)
        if org_id is not None:
            # Billing wrote this id itself at checkout, for an organization it had
            # authorized: provision its account if this event comes first.
            await accounts.ensure_pool(session, config, org_id)
            return org_id
    if subscription:
        found = await data.org_by_subscription(session, subscription)
        if found is not None:
            return found
    if customer:
        return await data.org_by_customer(session, customer)
    return None


async def _current(
    session: AsyncSession, event: StripeEvent, org_id: uuid.UUID
) -> accounts.Subscription | None:
    """The organization's row, locked; None when the event is older than what it shows."""
    state = await accounts.get_subscription(session, org_id, lock=True)
    if state is None:
        raise RuntimeError(f"no subscription row for {org_id}")
    if state.stripe_event_at is not None and event.created < state.stripe_event_at:
        return None
    return state


async def _subscription_org(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> tuple[uuid.UUID, accounts.Subscription] | Result:
    obj = event.object
    if not isinstance(obj.get("id"), str):
        return Result(IGNORED)
    org_id = await _org_of(
        session,
        config,
        metadata=_metadata(obj),
        customer=_id(obj.get("customer")),
        subscription=obj["id"],
    )
    if org_id is None:
        return Result(IGNORED_UNKNOWN_ORG)
    state = await _current(session, event, org_id)
    if state is None:
        return Result(IGNORED_STALE, org_id)
    return org_id, state


async def _invoice_org(
    session: AsyncSession, config: BillingConfig, event: StripeEvent
) -> tuple[uuid.UUID, accounts.Subscription, str] | Result:
    """The organization of a subscription invoice, if it is about its current one."""
    invoice = event.object
    subscription_id, metadata = _invoice_subscription(invoice)
    if subscription_id is None:
        return Result(IGNORED)  # a one-off invoice: nothing to do with the subscription
    org_id = await _org_of(
        session,
        config,
        metadata=metadata,
        customer=_id(invoice.get("customer")),
        subscription=subscription_id,
    )
    if org_id is None:
        return Result(IGNORED_UNKNOWN_ORG)
    state = await _current(session, event, org_id)
    if state is None:
        return Result(IGNORED_STALE, org_id)
    if await _ended(session, subscription_id):
        return Result(IGNORED_ENDED_SUBSCRIPTION, org_id)
    if state.stripe_subscription_id not in (None, subscription_id):
        return Result(IGNORED_OTHER_SUBSCRIPTION, org_id)
    return org_id, state, subscription_id


async def _announce_if_changed(session: AsyncSession, before: accounts.Subscription) -> None:
    """`subscription.changed` for a status or cancel-at-period-end change; plan changes
    were announced by `accounts` already (with the new status, which was set first)."""
    after = await accounts.get_subscription(session, before.org_id, lock=True)
    if after is None:
        return
    plan_changed = (after.plan_tier, after.pending_plan_tier) != (
        before.plan_tier,
        before.pending_plan_tier,
    )
    stripe_changed = (after.status, after.cancel_at_period_end) != (
        before.status,
        before.cancel_at_period_end,
    )
    if stripe_changed and not plan_changed:
        await accounts.announce_change(session, before.org_id, previous_plan=before.plan_tier)


async def _tier_bought(session: AsyncSession, metadata: Mapping[str, str]) -> str | None:
    """The plan named by billing's metadata, if it is one sold through Checkout."""
    tier = metadata.get("plan_tier")
    if not tier:
        return None
    try:
        plan = (await catalog(session)).plan(tier)
    except LookupError:
        plan = None
    if plan is None or not purchasable(plan):
        log.warning("Stripe metadata names plan %r, which is not sold; ignored", tier)
        return None
    return tier


# --- reading Stripe objects -----------------------------------------------------------------


def _ids(
    state: accounts.Subscription, customer: str | None, subscription: str | None
) -> dict[str, Any]:
    """Ids to store: the subscription given; the customer only if the org has none yet
    (its customer is created by billing and never changes)."""
    values: dict[str, Any] = {}
    if subscription and subscription != state.stripe_subscription_id:
        values["stripe_subscription_id"] = subscription
    if customer and state.stripe_customer_id is None:
        values["stripe_customer_id"] = customer
    return values


def _id(value: Any) -> str | None:
    """An id field, whether Stripe sent the id or the expanded object."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _metadata(obj: Mapping[str, Any]) -> dict[str, str]:
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        return {}
    return {str(k): str(v) for k, v in metadata.items() if isinstance(v, str)}


def _minor(value: Any) -> int | None:
    """An amount in minor units (cents), if it is one."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _reversal(event: StripeEvent) -> str:
    """The ledger key of what `event` takes back or gives back (once per event)."""
    return f"stripe-reversal:{event.id}"


def _uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _invoice_subscription(invoice: Mapping[str, Any]) -> tuple[str | None, dict[str, str]]:
    """The subscription an invoice bills and that subscription's metadata (a snapshot)."""
    parent = invoice.get("parent")
    details = parent.get("subscription_details") if isinstance(parent, dict) else None
    if isinstance(details, dict) and _id(details.get("subscription")):
        return _id(details.get("subscription")), _metadata(details)
    # API versions before 2025-03-31 named it on the invoice itself.
    return _id(invoice.get("subscription")), _metadata(invoice.get("subscription_details") or {})


def _invoice_period(invoice: Mapping[str, Any]) -> tuple[datetime, datetime] | None:
    """The service period of the invoice's subscription lines (not prorations): the period
    the payment is for. (The invoice's own period_start/end is the *previous* period for a
    renewal invoice, so it is not used.)"""
    lines = invoice.get("lines")
    items = lines.get("data") if isinstance(lines, dict) else None
    best: tuple[int, int] | None = None
    for line in items if isinstance(items, list) else []:
        if not isinstance(line, dict) or not _is_subscription_line(line):
            continue
        period = line.get("period") or {}
        start, end = period.get("start"), period.get("end")
        if isinstance(start, int) and isinstance(end, int) and end > start:
            if best is None or end > best[1]:
                best = (start, end)
    if best is None:
        return None
    return datetime.fromtimestamp(best[0], UTC), datetime.fromtimestamp(best[1], UTC)


def _is_subscription_line(line: Mapping[str, Any]) -> bool:
    parent = line.get("parent")
    if isinstance(parent, dict):
        details = parent.get("subscription_item_details")
        if parent.get("type") == "subscription_item_details" and isinstance(details, dict):
            return not details.get("proration", False)
        return False
    # API versions before 2025-03-31: `type: subscription` lines with a `proration` flag.
    return line.get("type") == "subscription" and not line.get("proration", False)
