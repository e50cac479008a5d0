"""billing's PlanService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid

import grpc

from keel.billing.v1 import plans_pb2, plans_pb2_grpc
from keel_runtime import db
from services.billing.api import convert
from services.billing.data.plans import AccessStates, catalog
from services.billing.deps import Deps
from services.billing.domain import plans
from services.billing.domain.money import text


def _answer(value: plans.AccessAnswer) -> plans_pb2.CheckAIAccessResponse:
    result = plans_pb2.CheckAIAccessResponse(
        allowed=value.allowed,
        reason=value.reason,
        message=value.message,
        fallback_models=[convert.model(m) for m in value.models[1:]],
        estimated_credits=text(value.estimated_credits),
        spendable_credits=text(value.spendable_credits),
        balance_covers=value.balance_covers,
        upgrade_to=convert.tier(value.upgrade_to),
        plan=convert.tier(value.plan),
    )
    if value.models:
        result.model.CopyFrom(convert.model(value.models[0]))
    if value.remaining_per_minute is not None:
        result.remaining_per_minute = value.remaining_per_minute
    if value.remaining_per_day is not None:
        result.remaining_per_day = value.remaining_per_day
    return result


class PlanApi(plans_pb2_grpc.PlanServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def ListPlans(
        self, request: plans_pb2.ListPlansRequest, context: grpc.aio.ServicerContext
    ) -> plans_pb2.ListPlansResponse:
        found = await catalog(db.session())
        return plans_pb2.ListPlansResponse(plans=[convert.plan(p) for p in found.plans])

    async def ListCreditPackages(
        self, request: plans_pb2.ListCreditPackagesRequest, context: grpc.aio.ServicerContext
    ) -> plans_pb2.ListCreditPackagesResponse:
        found = await catalog(db.session())
        return plans_pb2.ListCreditPackagesResponse(
            packages=[convert.package(p) for p in found.packages]
        )

    async def GetEntitlements(
        self, request: plans_pb2.GetEntitlementsRequest, context: grpc.aio.ServicerContext
    ) -> plans_pb2.GetEntitlementsResponse:
        session = db.session()
        found = await plans.entitlements(
            session, self.deps.config, lambda: catalog(session), uuid.UUID(request.org_id)
        )
        return plans_pb2.GetEntitlementsResponse(
            org_id=str(found.org_id),
            plan=convert.plan(found.plan),
            capabilities=[
                convert.capability_access(r, found.estimates[(r.capability, r.quality)])
                for r in found.rules
            ],
        )

    async def CheckAIAccess(
        self, request: plans_pb2.CheckAIAccessRequest, context: grpc.aio.ServicerContext
    ) -> plans_pb2.CheckAIAccessResponse:
        session = db.session()
        answer = await plans.check_ai_access(
            session,
            self.deps.config,
            self.deps.rate_limiter,
            lambda: catalog(session),
            AccessStates(),
            uuid.UUID(request.org_id),
            convert.capability_name(request.capability),
            convert.quality_name(request.quality),
            consume=request.consume,
        )
        return _answer(answer)


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    plans_pb2_grpc.add_PlanServiceServicer_to_server(PlanApi(deps), server)
