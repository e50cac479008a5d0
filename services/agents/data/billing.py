"""billing's UsageService as the domain's `AgentLimit`, its PlanService as the domain's
`ModelPolicy`.

CheckLimit goes out as the caller (billing checks their `agents.create`); RecordUsage as
the agents service itself, acting for the organization (its written grant, `agents.run`),
so a caller allowed to create agents never needs the right to run them for the count to
be kept. billing's refusals come back as the same error: its ErrorInfo reason and
metadata, QuotaFailure and RetryInfo, so the REST client sees billing's reason.
"""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Any

import grpc

from keel.billing.v1 import (
    credits_pb2,
    credits_pb2_grpc,
    plans_pb2,
    plans_pb2_grpc,
    usage_pb2,
    usage_pb2_grpc,
)
from keel_runtime import clients
from keel_runtime import context as request_context
from keel_runtime.errors import FailedPrecondition, FieldViolation, KeelError
from keel_runtime.status import passed_on
from services.agents.domain import runs

_SERVICE = usage_pb2.DESCRIPTOR.services_by_name["UsageService"]
_PLANS = plans_pb2.DESCRIPTOR.services_by_name["PlanService"]


def billing_error(error: grpc.aio.AioRpcError) -> KeelError:
    """billing's error, to answer our caller with (its code, reason, domain and details);
    its INTERNAL, UNAVAILABLE or a deadline is BILLING_UNAVAILABLE."""
    return passed_on(error, "billing")


class BillingAgentLimit:
    """The plan's agent limit, kept by billing (one channel per event loop)."""

    def __init__(self, target: str | None = None) -> None:
        self.stub = clients.Stubs(
            "billing", usage_pb2_grpc.UsageServiceStub, _SERVICE, default_timeout=3.0, target=target
        )

    async def check(self, org_id: uuid.UUID) -> None:
        request = usage_pb2.CheckLimitRequest(
            org_id=str(org_id), limit=usage_pb2.LIMIT_KIND_AGENTS, increment=1
        )
        try:
            await self.stub().CheckLimit(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None

    async def record(self, org_id: uuid.UUID, delta: int, idempotency_key: str) -> None:
        request = usage_pb2.RecordUsageRequest(
            org_id=str(org_id), idempotency_key=idempotency_key, agents_delta=delta
        )
        try:
            with request_context.acting_for(str(org_id)):
                await self.stub().RecordUsage(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None


# The config's quality levels (agents.proto ModelQuality) as billing's.
_QUALITIES: dict[str, plans_pb2.QualityLevel] = {
    "MODEL_QUALITY_FAST": plans_pb2.QUALITY_LEVEL_FAST,
    "MODEL_QUALITY_ENHANCED": plans_pb2.QUALITY_LEVEL_ENHANCED,
    "MODEL_QUALITY_PREMIUM": plans_pb2.QUALITY_LEVEL_PREMIUM,
}
# billing's refusals that are about the plan (the config may not name this); the others
# (INSUFFICIENT_CREDITS, RATE_LIMITED, SUBSCRIPTION_INACTIVE) are about the moment, for
# the runs to refuse.
NOT_IN_PLAN = "QUALITY_NOT_IN_PLAN"
NO_AGENT_RUNS = "CAPABILITY_NOT_IN_PLAN"
FAST = plans_pb2.QUALITY_LEVEL_FAST


def _tier(value: int) -> str:
    if not value:
        return ""
    return plans_pb2.PlanTier.Name(value).removeprefix("PLAN_TIER_").lower()


def _quality(value: plans_pb2.QualityLevel) -> str:
    return plans_pb2.QualityLevel.Name(value).removeprefix("QUALITY_LEVEL_").lower()


class BillingModelPolicy:
    """The plan's models for agent runs (`CheckAIAccess`, CAPABILITY_AGENT_RUN, nothing
    consumed), asked as the agents service acting for the organization: the question is
    the organization's plan, and a caller allowed to create agents (an API key with only
    `write:agents`) need not be allowed to run them (`agents.run`) to be answered.

    A quality level: refused when billing answers QUALITY_NOT_IN_PLAN. A model by name:
    allowed when it is among the models (default or fallback) billing lists for a level
    the plan includes, else MODEL_NOT_IN_PLAN. A plan without agent runs at all
    (CAPABILITY_NOT_IN_PLAN: billing's free plan today) says nothing about levels: the
    config is not refused, and runs will be (they ask billing when they start).
    """

    def __init__(self, target: str | None = None) -> None:
        self.stub = clients.Stubs(
            "billing", plans_pb2_grpc.PlanServiceStub, _PLANS, default_timeout=3.0, target=target
        )

    async def ask(
        self, org_id: uuid.UUID, quality: plans_pb2.QualityLevel
    ) -> plans_pb2.CheckAIAccessResponse:
        request = plans_pb2.CheckAIAccessRequest(
            org_id=str(org_id), capability=plans_pb2.CAPABILITY_AGENT_RUN, quality=quality
        )
        try:
            with request_context.acting_for(str(org_id)):
                answer: plans_pb2.CheckAIAccessResponse = await self.stub().CheckAIAccess(request)
                return answer
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None

    async def best_quality(self, org_id: uuid.UUID, wanted: str) -> str | None:
        levels = list(_QUALITIES)
        if wanted not in levels:
            return None
        for name in reversed(levels[: levels.index(wanted) + 1]):
            answer = await self.ask(org_id, _QUALITIES[name])
            if answer.reason not in (NOT_IN_PLAN, NO_AGENT_RUNS):
                return name
        return None

    async def check(self, org_id: uuid.UUID, model: dict[str, Any]) -> None:
        if model.get("quality") in _QUALITIES:
            quality = _QUALITIES[model["quality"]]
            answer = await self.ask(org_id, quality)
            if answer.reason == NOT_IN_PLAN:
                raise FailedPrecondition(
                    answer.message or "the plan does not include this quality level",
                    reason=NOT_IN_PLAN,
                    metadata={
                        "capability": "agent_run",
                        "quality": _quality(quality),
                        "plan": _tier(answer.plan),
                        "upgrade_to": _tier(answer.upgrade_to),
                    },
                    field_violations=[
                        FieldViolation("config.model.quality", "not in the plan", NOT_IN_PLAN)
                    ],
                )
            return
        name = model.get("name")
        if not name:
            return
        answers = await asyncio.gather(*(self.ask(org_id, q) for q in _QUALITIES.values()))
        listed = [a for a in answers if a.HasField("model")]
        if not listed:
            return  # nothing known of the plan's models (no agent runs, an inactive plan)
        models = [m.id for a in listed for m in (a.model, *a.fallback_models)]
        if name in models:
            return
        raise FailedPrecondition(
            f"the {_tier(answers[0].plan)} plan does not include the model {name} for agent "
            f"runs; choose one of {', '.join(models)} or a quality level",
            reason="MODEL_NOT_IN_PLAN",
            metadata={
                "capability": "agent_run",
                "model": name,
                "plan": _tier(answers[0].plan),
                "allowed_models": ",".join(models),
            },
            field_violations=[
                FieldViolation("config.model.name", "not in the plan", "MODEL_NOT_IN_PLAN")
            ],
        )


_CREDITS = credits_pb2.DESCRIPTOR.services_by_name["CreditService"]


def _prices(answer: plans_pb2.AdmitRunResponse) -> dict[str, tuple[str, str]]:
    return {
        m.id: (m.input_usd_per_million_tokens, m.output_usd_per_million_tokens)
        for m in (answer.model, *answer.fallback_models)
    }


class BillingRunPlan:
    """The domain's `RunPlan`: a start's admission in one call (billing's AdmitRun: the
    month's runs and hourly rate, the model, the hold), the holds a run adds, settles or
    releases, and the run counted at its end; all as the agents service acting for the
    organization (which owns the holds; the caller's `agents.run` was checked here)."""

    def __init__(self, target: str | None = None) -> None:
        self.limits = BillingAgentLimit(target)
        self.models = BillingModelPolicy(target)
        self.credits = clients.Stubs(
            "billing",
            credits_pb2_grpc.CreditServiceStub,
            _CREDITS,
            default_timeout=5.0,
            target=target,
        )

    async def admit(self, admission: runs.Admission) -> runs.Admitted:
        try:
            with request_context.acting_for(str(admission.org_id)):
                answer = await self.models.stub().AdmitRun(_admission(admission))
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None
        access = runs.Access(
            model=answer.model.id,
            fallback_models=tuple(m.id for m in answer.fallback_models),
            credits_per_call=Decimal(answer.credits_per_call),
            prices=_prices(answer),
        )
        at_once = answer.concurrent_run_limit if answer.HasField("concurrent_run_limit") else None
        return runs.Admitted(
            access, uuid.UUID(answer.reservation_id), Decimal(answer.credits_held), at_once
        )

    async def withdraw(self, admission: runs.Admission) -> None:
        request = plans_pb2.WithdrawRunRequest(admission=_admission(admission))
        try:
            with request_context.acting_for(str(admission.org_id)):
                await self.models.stub().WithdrawRun(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None

    async def reserve(self, hold: runs.Hold) -> uuid.UUID:
        request = credits_pb2.ReserveRequest(
            org_id=str(hold.org_id), amount=str(hold.amount), idempotency_key=hold.key
        )
        request.ttl.FromSeconds(runs.hold_ttl(hold.ttl_seconds))
        try:
            with request_context.acting_for(str(hold.org_id)):
                answer = await self.credits().Reserve(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None
        return uuid.UUID(answer.reservation.id)

    async def release(self, org_id: uuid.UUID, reservation_id: uuid.UUID) -> None:
        request = credits_pb2.ReleaseRequest(
            org_id=str(org_id), reservation_id=str(reservation_id),
            idempotency_key=f"release:{reservation_id}",
        )  # fmt: skip
        try:
            with request_context.acting_for(str(org_id)):
                await self.credits().Release(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None

    async def settle(
        self, org_id: uuid.UUID, reservation_id: uuid.UUID, amount: Decimal
    ) -> credits_pb2.Reservation:
        request = credits_pb2.SettleRequest(
            org_id=str(org_id), reservation_id=str(reservation_id), actual_amount=str(amount),
            idempotency_key=f"settle:{reservation_id}",
        )  # fmt: skip
        try:
            with request_context.acting_for(str(org_id)):
                answer = await self.credits().Settle(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None
        reservation: credits_pb2.Reservation = answer.reservation
        return reservation

    async def record_run(self, org_id: uuid.UUID, run_id: uuid.UUID) -> None:
        request = usage_pb2.RecordUsageRequest(
            org_id=str(org_id), idempotency_key=f"run:{run_id}:finished", runs=1
        )
        try:
            with request_context.acting_for(str(org_id)):
                await self.limits.stub().RecordUsage(request)
        except grpc.aio.AioRpcError as exc:
            raise billing_error(exc) from None


def _admission(admission: runs.Admission) -> plans_pb2.AdmitRunRequest:
    request = plans_pb2.AdmitRunRequest(org_id=str(admission.org_id), hold_key=admission.key)
    if name := admission.model.get("name"):
        request.model_id = name
    else:
        request.quality = _QUALITIES.get(admission.model.get("quality", ""), FAST)
    if admission.budget is not None:
        request.hold_amount = format(admission.budget, "f")
    else:
        request.held_model_calls = runs.HELD_MODEL_CALLS
    request.hold_ttl.FromSeconds(runs.hold_ttl(admission.ttl_seconds))
    return request
