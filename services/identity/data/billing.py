"""billing, as identity asks it: may an organization be deleted now
(`BillingService/CheckOrganizationDeletion`, which only identity may call)."""

from __future__ import annotations

import uuid

import grpc

from keel.billing.v1 import subscriptions_pb2, subscriptions_pb2_grpc
from keel_runtime import clients
from keel_runtime.status import passed_on

_SERVICE = subscriptions_pb2.DESCRIPTOR.services_by_name["BillingService"]


class BillingDeletionCheck:
    """billing's answer before a deletion (one channel per event loop)."""

    def __init__(self, target: str | None = None) -> None:
        self.stub = clients.Stubs(
            "billing",
            subscriptions_pb2_grpc.BillingServiceStub,
            _SERVICE,
            default_timeout=3.0,
            target=target,
        )

    async def check(self, org_id: uuid.UUID) -> None:
        """Raise billing's refusal (ORGANIZATION_HAS_HELD_CREDITS) as our own; billing
        away is BILLING_UNAVAILABLE: nothing is deleted without its answer."""
        request = subscriptions_pb2.CheckOrganizationDeletionRequest(org_id=str(org_id))
        try:
            await self.stub().CheckOrganizationDeletion(request)
        except grpc.aio.AioRpcError as exc:
            raise passed_on(exc, "billing") from None
