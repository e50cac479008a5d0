"""billing's PlanService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import partial

import grpc

from keel.billing.v1 import plans_pb2, plans_pb2_grpc
from keel_runtime import db
from services.billing.api import convert
from services.billing.api.credits import holder, positive
from services.billing.data.plans import AccessStates, AdmissionStates, catalog
from services.billing.deps import Deps
from services.billing.domain import admission, plans, pools
from services.billing.domain.catalog import today
from services.billing.domain.money import credits, text


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

    async def GetAICatalog(
        self, request: plans_pb2.GetAICatalogRequest, context: grpc.aio.ServicerContext
    ) -> plans_pb2.GetAICatalogResponse:
        found = await catalog(db.session())
        return convert.ai_catalog(found.ai_catalog(today()))

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

    async def AdmitRun(
        self, request: plans_pb2.AdmitRunRequest, context: grpc.aio.ServicerContext
    ) -> plans_pb2.AdmitRunResponse:
        admitted = await admission.admit_run(self._admission(), _run_ask(request))
        answer = plans_pb2.AdmitRunResponse(
            model=convert.model(admitted.models[0]),
            fallback_models=[convert.model(m) for m in admitted.models[1:]],
            credits_per_call=text(admitted.credits_per_call),
            reservation_id=str(admitted.reservation_id),
            credits_held=text(admitted.held),
            plan=convert.tier(admitted.plan.tier),
        )
        if admitted.plan.concurrent_run_limit is not None:
            answer.concurrent_run_limit = admitted.plan.concurrent_run_limit
        return answer

    async def WithdrawRun(
        self, request: plans_pb2.WithdrawRunRequest, context: grpc.aio.ServicerContext
    ) -> plans_pb2.WithdrawRunResponse:
        await admission.withdraw_run(self._admission(), _run_ask(request.admission))
        return plans_pb2.WithdrawRunResponse()

    def _admission(self) -> admission.Context:
        session = db.session()
        return admission.Context(
            session=session,
            config=self.deps.config,
            limiter=self.deps.rate_limiter,
            catalog=lambda: catalog(session),
            states=AdmissionStates(),
            holds=admission.ledger_holds(self.deps.ledger.submit, holder()),
            parentage=partial(
                pools.parentage_known,
                self.deps.database,
                wait_seconds=self.deps.config.parentage_wait_seconds,
            ),
        )


def _run_ask(request: plans_pb2.AdmitRunRequest) -> admission.RunAsk:
    held = None
    if request.WhichOneof("hold") == "hold_amount":
        positive(request.hold_amount, "hold_amount")
        held = credits(request.hold_amount)
    by_model = request.WhichOneof("model") == "model_id"
    return admission.RunAsk(
        org_id=uuid.UUID(request.org_id),
        quality=None if by_model else convert.quality_name(request.quality),
        model_id=request.model_id if by_model else None,
        hold_amount=held,
        held_model_calls=request.held_model_calls,
        hold_key=request.hold_key,
        hold_ttl=request.hold_ttl.ToTimedelta() if request.HasField("hold_ttl") else _HOLD_TTL,
    )


# A hold's life when the caller names none (a run's timeout is shorter than this).
_HOLD_TTL = timedelta(hours=1)


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    plans_pb2_grpc.add_PlanServiceServicer_to_server(PlanApi(deps), server)
