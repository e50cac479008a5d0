"""billing's BillingService (checkout, portal, status; identity's question before an
organization's deletion) and StripeWebhookService."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import grpc

from keel.billing.v1 import subscriptions_pb2, subscriptions_pb2_grpc
from keel_runtime import db
from services.billing.api import convert
from services.billing.data.stripe_client import StripeApi
from services.billing.deps import Deps
from services.billing.domain import accounts, subscriptions, webhooks

SIGNATURE_HEADER = "stripe-signature"


def header(metadata: Iterable[Any] | None, name: str) -> str | None:
    """One request header as the gateway forwarded it (gRPC metadata keys are lower case)."""
    for key, value in metadata or ():
        if key == name:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None


class BillingApi(subscriptions_pb2_grpc.BillingServiceServicer):
    def __init__(self, deps: Deps, stripe_api: StripeApi | None) -> None:
        self.deps = deps
        self.stripe = stripe_api

    async def CreateCheckoutSession(
        self,
        request: subscriptions_pb2.CreateCheckoutSessionRequest,
        context: grpc.aio.ServicerContext,
    ) -> subscriptions_pb2.CreateCheckoutSessionResponse:
        purchase = request.WhichOneof("purchase")
        created = await subscriptions.checkout(
            db.session(),
            self.deps.config,
            self.stripe,
            uuid.UUID(request.org_id),
            plan_tier=convert.tier_name(request.plan) if purchase == "plan" else None,
            credit_package_id=request.credit_package_id if purchase != "plan" else None,
            success_url=request.success_url,
            cancel_url=request.cancel_url,
        )
        return subscriptions_pb2.CreateCheckoutSessionResponse(
            session_id=created.id, url=created.url
        )

    async def CreatePortalSession(
        self,
        request: subscriptions_pb2.CreatePortalSessionRequest,
        context: grpc.aio.ServicerContext,
    ) -> subscriptions_pb2.CreatePortalSessionResponse:
        url = await subscriptions.portal(
            db.session(),
            self.deps.config,
            self.stripe,
            uuid.UUID(request.org_id),
            request.return_url,
        )
        return subscriptions_pb2.CreatePortalSessionResponse(url=url)

    async def GetBillingStatus(
        self,
        request: subscriptions_pb2.GetBillingStatusRequest,
        context: grpc.aio.ServicerContext,
    ) -> subscriptions_pb2.GetBillingStatusResponse:
        found = await subscriptions.status(
            db.session(), self.deps.config, uuid.UUID(request.org_id)
        )
        return subscriptions_pb2.GetBillingStatusResponse(
            subscription=accounts.subscription_message(found.subscription),
            plan=convert.plan(found.plan),
        )

    async def CheckOrganizationDeletion(
        self,
        request: subscriptions_pb2.CheckOrganizationDeletionRequest,
        context: grpc.aio.ServicerContext,
    ) -> subscriptions_pb2.CheckOrganizationDeletionResponse:
        await subscriptions.check_deletion(db.session(), uuid.UUID(request.org_id))
        return subscriptions_pb2.CheckOrganizationDeletionResponse()


class StripeWebhookApi(subscriptions_pb2_grpc.StripeWebhookServiceServicer):
    """Public: the signature over the raw body is the authentication."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def HandleStripeEvent(
        self,
        request: subscriptions_pb2.HandleStripeEventRequest,
        context: grpc.aio.ServicerContext,
    ) -> subscriptions_pb2.HandleStripeEventResponse:
        config = self.deps.config
        event = webhooks.verify(
            request.body.data,
            header(context.invocation_metadata(), SIGNATURE_HEADER),
            config.stripe_webhook_secret,
            config.stripe_webhook_tolerance_seconds,
        )
        await webhooks.apply(db.session(), config, event)
        return subscriptions_pb2.HandleStripeEventResponse(received=True)


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add BillingService and StripeWebhookService to `server`."""
    subscriptions_pb2_grpc.add_BillingServiceServicer_to_server(
        BillingApi(deps, deps.stripe), server
    )
    subscriptions_pb2_grpc.add_StripeWebhookServiceServicer_to_server(
        StripeWebhookApi(deps), server
    )
