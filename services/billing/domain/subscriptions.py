"""An organization's paid subscription from its side: Checkout, the Billing Portal, status.

Owners (`billing.manage`) send the organization to Stripe: a Checkout Session for a paid
plan (a monthly subscription) or a one-off credit package, or a Billing Portal session to
manage payment methods, invoices and cancellation. Nothing changes here when a session is
created: the plan changes and the credits arrive when Stripe's webhook confirms payment
(domain/webhooks.py). Members and above (`billing.view`) may read the status.

Each organization has one Stripe customer, created on its first checkout or portal visit
and stored on its subscription row. Its creation happens under that row's lock and with
the organization's own idempotency key, so concurrent first checkouts make one customer.

An organization's deletion (identity's): refused while holds on its credits are open
(`check_deletion`, which identity asks first); once deleted, its Stripe subscription is
cancelled at once with proration and its periods are no longer renewed (`close_account`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime import authz
from keel_runtime.errors import FailedPrecondition, NotFound
from services.billing.config import BillingConfig
from services.billing.data import pools
from services.billing.data import subscriptions as data
from services.billing.data.ledger import LedgerStore
from services.billing.data.plans import catalog
from services.billing.data.stripe_client import CheckoutSession, StripeApi, not_configured
from services.billing.domain import accounts
from services.billing.domain.catalog import Catalog, PackageView, PlanView


@dataclass(frozen=True)
class BillingStatus:
    subscription: accounts.Subscription
    plan: PlanView


def purchasable(plan: PlanView) -> bool:
    """Plans sold through Checkout: priced, and not by contract (free and enterprise are not)."""
    return not plan.custom_pricing and plan.monthly_price_minor > 0


async def checkout(
    session: AsyncSession,
    config: BillingConfig,
    stripe_api: StripeApi | None,
    org_id: uuid.UUID,
    *,
    plan_tier: str | None,
    credit_package_id: str | None,
    success_url: str,
    cancel_url: str,
) -> CheckoutSession:
    """A Checkout Session for a paid plan (`plan_tier`) or a credit package."""
    await authz.require(str(org_id), "billing.manage")
    api = _configured(stripe_api)
    found = await catalog(session)
    subscription = await accounts.ensure_account(session, config, org_id)
    if plan_tier is not None:
        plan = _plan_for_sale(found, plan_tier)
        if subscription.stripe_subscription_id is not None:
            # A second subscription would bill twice; plan changes and cancellation of the
            # current one are the Billing Portal's.
            raise FailedPrecondition(
                "the organization already has a subscription; manage it in the billing portal",
                reason="SUBSCRIPTION_EXISTS",
                metadata={"org_id": str(org_id), "plan": subscription.plan_tier},
            )
        customer_id = await customer_for(session, api, org_id)
        return await api.create_plan_checkout(
            org_id=org_id,
            customer_id=customer_id,
            plan=plan,
            success_url=success_url,
            cancel_url=cancel_url,
        )
    package = _package_for_sale(found, credit_package_id or "")
    customer_id = await customer_for(session, api, org_id)
    return await api.create_package_checkout(
        org_id=org_id,
        customer_id=customer_id,
        package=package,
        success_url=success_url,
        cancel_url=cancel_url,
    )


async def portal(
    session: AsyncSession,
    config: BillingConfig,
    stripe_api: StripeApi | None,
    org_id: uuid.UUID,
    return_url: str,
) -> str:
    """The URL of a Billing Portal session for the organization's Stripe customer."""
    await authz.require(str(org_id), "billing.manage")
    api = _configured(stripe_api)
    await accounts.ensure_account(session, config, org_id)
    customer_id = await customer_for(session, api, org_id)
    return await api.create_portal_session(customer_id, return_url)


async def status(session: AsyncSession, config: BillingConfig, org_id: uuid.UUID) -> BillingStatus:
    await authz.require(str(org_id), "billing.view")
    subscription = await accounts.ensure_account(session, config, org_id)
    found = await catalog(session)
    return BillingStatus(subscription=subscription, plan=found.plan(subscription.plan_tier))


async def customer_for(session: AsyncSession, api: StripeApi, org_id: uuid.UUID) -> str:
    """The organization's Stripe customer id, created the first time.

    The row lock makes a concurrent first checkout wait and then find the id this one
    stored; the idempotency key covers a creation whose transaction did not commit (the
    next attempt within 24 hours gets the same customer back)."""
    state = await accounts.get_subscription(session, org_id, lock=True)
    if state is None:
        raise RuntimeError(f"no subscription row for {org_id}: ensure_account first")
    if state.stripe_customer_id:
        return state.stripe_customer_id
    customer_id = await api.create_customer(org_id)
    await data.set_customer(session, org_id, customer_id)
    return customer_id


HELD_CREDITS = "ORGANIZATION_HAS_HELD_CREDITS"


async def check_deletion(session: AsyncSession, org_id: uuid.UUID) -> None:
    """Refuse the organization's deletion while holds on its credits are open (a run in
    progress would settle into an account that is gone). Asked by identity only, which
    has checked `org.delete`; an expired hold counts until the sweeper releases it."""
    store = LedgerStore(session)
    if (await pools.pool(org_id, session)).child:  # its holds are on its pool's account
        open_holds = await store.open_holds_for(org_id)
    else:
        open_holds = (await store.open_holds([org_id])).get(org_id, 0)
    if open_holds:
        raise FailedPrecondition(
            f"runs hold {open_holds} reservation(s) of the organization's credits; "
            "delete it once they have ended",
            reason=HELD_CREDITS,
            metadata={"org_id": str(org_id), "open_holds": str(open_holds)},
        )


async def close_account(
    session: AsyncSession, stripe_api: StripeApi | None, org_id: uuid.UUID, deleted_at: datetime
) -> None:
    """What the organization's deletion does to billing: its periods are no longer
    renewed (recorded here, the sweeper skips it), and a live Stripe subscription is
    cancelled at once with proration. Stripe failing raises: the deletion is applied again
    later, whole (Stripe answers a repeated cancel as gone, which counts as done)."""
    state = await accounts.get_subscription(session, org_id, lock=True)
    subscription_id = state.stripe_subscription_id if state is not None else None
    if subscription_id is not None:
        known = await data.stripe_subscription(session, subscription_id)
        if known is not None and known.ended_at is not None:
            subscription_id = None  # Stripe ended it already
    await data.record_deletion(session, org_id, deleted_at, subscription_id)
    if subscription_id is None:
        return
    await _configured(stripe_api).cancel_subscription(subscription_id)
    await data.deletion_cancelled(session, org_id)


def _configured(stripe_api: StripeApi | None) -> StripeApi:
    if stripe_api is None:
        raise not_configured()
    return stripe_api


def _plan_for_sale(found: Catalog, tier: str) -> PlanView:
    try:
        plan = found.plan(tier)
    except LookupError:
        plan = None
    if plan is None or not purchasable(plan):
        raise FailedPrecondition(
            f"the {tier} plan cannot be bought online",
            reason="PLAN_NOT_PURCHASABLE",
            metadata={"plan": tier},
        )
    return plan


def _package_for_sale(found: Catalog, package_id: str) -> PackageView:
    for package in found.packages:
        if package.id == package_id:
            return package
    raise NotFound(
        f"no credit package {package_id}",
        reason="CREDIT_PACKAGE_NOT_FOUND",
        metadata={"credit_package_id": package_id},
    )
