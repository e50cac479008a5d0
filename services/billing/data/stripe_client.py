"""The one client of Stripe's API: customers, Checkout Sessions, Billing Portal sessions,
and the cancellation of a deleted organization's subscription.

Built on the official `stripe` SDK (`StripeClient`, async methods over httpx), pointed at
`config.stripe_api_base` (tests run a local Stripe-compatible server there). Everything
Stripe-specific about *requests* lives here: parameter shapes, idempotency keys, and the
translation of Stripe's errors into Keel's (a caller never sees a Stripe stack trace):

- network failures, timeouts, Stripe's 5xx and 429 (after the SDK's own retries, which
  reuse one Idempotency-Key, so a retried POST never acts twice) → UNAVAILABLE
  `STRIPE_UNAVAILABLE`, safe to retry;
- Stripe refusing our key → FAILED_PRECONDITION `BILLING_NOT_CONFIGURED` (Stripe's message,
  which shows part of the key, is only logged);
- any other refusal → FAILED_PRECONDITION `STRIPE_REQUEST_FAILED` with Stripe's message.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from keel_runtime.errors import FailedPrecondition, KeelError, Unavailable
from services.billing.config import BillingConfig
from services.billing.domain.catalog import PackageView, PlanView
from services.billing.domain.money import text

if TYPE_CHECKING:  # the SDK itself is imported on first use (~20 MiB with httpx)
    import stripe
    from stripe.params.checkout import SessionCreateParams

log = logging.getLogger(__name__)

# Below the gateway's and callers' deadlines, so a slow Stripe ends in our own error.
TIMEOUT_SECONDS = 10.0
MAX_NETWORK_RETRIES = 2
NOT_CONFIGURED = "BILLING_NOT_CONFIGURED"
UNAVAILABLE = "STRIPE_UNAVAILABLE"
REQUEST_FAILED = "STRIPE_REQUEST_FAILED"

T = TypeVar("T")


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


def not_configured() -> FailedPrecondition:
    return FailedPrecondition(
        "billing is not configured on this server (no Stripe API key)", reason=NOT_CONFIGURED
    )


def connect(config: BillingConfig) -> StripeApi | None:
    """The Stripe client of this process, or None when no API key is configured."""
    if not config.stripe_api_key:
        return None
    return StripeApi(config)


class StripeApi:
    """What billing asks of Stripe, in billing's terms. The SDK's client is made on the
    first request: a replica that never talks to Stripe never loads it."""

    def __init__(self, config: BillingConfig) -> None:
        self.config = config
        self._client: stripe.StripeClient | None = None

    @property
    def client(self) -> stripe.StripeClient:
        if self._client is None:
            import stripe

            self._client = stripe.StripeClient(
                self.config.stripe_api_key,
                base_addresses={"api": self.config.stripe_api_base},
                http_client=stripe.HTTPXClient(timeout=TIMEOUT_SECONDS),
                max_network_retries=MAX_NETWORK_RETRIES,
            )
        return self._client

    async def create_customer(self, org_id: uuid.UUID) -> str:
        """A new Stripe customer for `org_id`; its id.

        The idempotency key is the organization's: two concurrent or retried creations
        within Stripe's 24 hours of key retention get the same customer. The parameters
        are fixed per organization, as a reused key with other parameters is an error."""
        customer = await _call(
            self.client.v1.customers.create_async(
                params={
                    "description": f"Keel organization {org_id}",
                    "metadata": {"org_id": str(org_id)},
                },
                options={"idempotency_key": f"customer-{org_id}"},
            )
        )
        return str(customer.id)

    async def create_plan_checkout(
        self,
        *,
        org_id: uuid.UUID,
        customer_id: str,
        plan: PlanView,
        success_url: str,
        cancel_url: str,
    ) -> CheckoutSession:
        """A Checkout Session subscribing the customer to `plan`, billed monthly.

        The price is inline (`price_data`) from the catalog, so the plan's price lives in
        one place (billing's database) rather than also in Stripe's dashboard. The org and
        tier travel in the session's and the subscription's metadata: every later event
        about the subscription names its organization and plan."""
        metadata = {"org_id": str(org_id), "plan_tier": plan.tier}
        session = await _call(
            self.client.v1.checkout.sessions.create_async(
                params=_cancel_url(cancel_url)
                | {
                    "mode": "subscription",
                    "customer": customer_id,
                    "client_reference_id": str(org_id),
                    "success_url": success_url,
                    "line_items": [
                        {
                            "price_data": {
                                "currency": plan.currency,
                                "unit_amount": plan.monthly_price_minor,
                                "recurring": {"interval": "month", "interval_count": 1},
                                "product_data": {"name": f"Keel {plan.name}"},
                            },
                            "quantity": 1,
                        }
                    ],
                    "metadata": metadata,
                    "subscription_data": {"metadata": metadata},
                }
            )
        )
        return CheckoutSession(id=str(session.id), url=str(session.url or ""))

    async def create_package_checkout(
        self,
        *,
        org_id: uuid.UUID,
        customer_id: str,
        package: PackageView,
        success_url: str,
        cancel_url: str,
    ) -> CheckoutSession:
        """A Checkout Session for a one-off payment of a credit package."""
        metadata = {
            "org_id": str(org_id),
            "credit_package_id": package.id,
            "credits": text(package.credits),
        }
        session = await _call(
            self.client.v1.checkout.sessions.create_async(
                params=_cancel_url(cancel_url)
                | {
                    "mode": "payment",
                    "customer": customer_id,
                    "client_reference_id": str(org_id),
                    "success_url": success_url,
                    "line_items": [
                        {
                            "price_data": {
                                "currency": package.currency,
                                "unit_amount": package.price_minor,
                                "product_data": {"name": package.name},
                            },
                            "quantity": 1,
                        }
                    ],
                    "metadata": metadata,
                    "payment_intent_data": {"metadata": metadata},
                }
            )
        )
        return CheckoutSession(id=str(session.id), url=str(session.url or ""))

    async def create_portal_session(self, customer_id: str, return_url: str) -> str:
        """A Billing Portal session for the customer; its URL."""
        session = await _call(
            self.client.v1.billing_portal.sessions.create_async(
                params={"customer": customer_id, "return_url": return_url}
            )
        )
        return str(session.url)

    async def cancel_subscription(self, subscription_id: str) -> bool:
        """Cancel the subscription at once, crediting its unused time: Stripe's `prorate`
        makes the credit a proration item, `invoice_now` puts it on a final invoice (the
        credit goes to the customer's balance). False when Stripe has no live subscription
        of that id: it answers 404 `resource_missing` for one cancelled already (a repeated
        cancel, or the SDK's retry of one whose answer was lost; DELETE carries no
        Idempotency-Key)."""
        import stripe

        request = self.client.v1.subscriptions.cancel_async(
            subscription_id, params={"prorate": True, "invoice_now": True}
        )
        try:
            await request
        except stripe.InvalidRequestError as exc:
            if exc.http_status == 404 and exc.code == "resource_missing":
                log.info("Stripe subscription %s was cancelled already", subscription_id)
                return False
            raise translate(exc) from exc
        except stripe.StripeError as exc:
            raise translate(exc) from exc
        return True


def _cancel_url(url: str) -> SessionCreateParams:
    """`cancel_url` is optional: sent only when the caller gave one."""
    return {"cancel_url": url} if url else {}


async def _call(request: Awaitable[T]) -> T:
    """Await one SDK call, turning Stripe's errors into Keel's."""
    import stripe  # loaded already by the client that made `request`

    try:
        return await request
    except stripe.StripeError as exc:
        raise translate(exc) from exc


def translate(exc: stripe.StripeError) -> KeelError:
    """The error a caller should see for a failed Stripe request."""
    request_id = getattr(exc, "request_id", None) or ""
    metadata = {"stripe_request_id": request_id} if request_id else {}
    import stripe

    status = exc.http_status or 0
    retryable = stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError
    if isinstance(exc, retryable) or status >= 500 or status == 409:
        log.warning("Stripe unavailable: %s", _describe(exc))
        return Unavailable(
            "the payment provider is unavailable; try again shortly",
            reason=UNAVAILABLE,
            metadata=metadata,
        )
    if isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
        # Stripe's message quotes part of the key: only its kind is logged.
        log.error("Stripe refused billing's API key: %s %s", type(exc).__name__, exc.http_status)
        return FailedPrecondition(
            "billing is misconfigured: the payment provider refused its credentials",
            reason=NOT_CONFIGURED,
            metadata=metadata,
        )
    log.warning("Stripe refused a request: %s", _describe(exc))
    message = exc.user_message or "the payment provider refused the request"
    if exc.code:
        metadata["stripe_code"] = exc.code
    return FailedPrecondition(
        f"payment provider: {message}", reason=REQUEST_FAILED, metadata=metadata
    )


def _describe(exc: stripe.StripeError) -> str:
    details: dict[str, Any] = {
        "type": type(exc).__name__,
        "status": exc.http_status,
        "code": exc.code,
        "request_id": getattr(exc, "request_id", None),
    }
    return f"{exc.user_message or exc} {details}"
