"""A run's admission (PlanService.AdmitRun, WithdrawRun): what an agent run's start asks
billing in one call, as the agents service calls it (its certificate, acting for the
organization). The free plan: 100 runs a month, 10 an hour, agent runs on fast at 5
credits a call, 10 requests a minute, 2 runs at once; a new organization has 20 credits
(the month's 10 and the welcome bonus)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2

from keel.billing.v1 import credits_pb2, credits_pb2_grpc, plans_pb2, plans_pb2_grpc
from keel_runtime.db import Database
from keel_runtime.status import details_of
from services.billing.domain.money import text
from tests.billing.conftest import welcomed
from tests.identity.people import People
from tests.identity.support import sql

FAST = plans_pb2.QUALITY_LEVEL_FAST
# ADR-023's fast models by priority (migration 0008).
FAST_MODELS = ["openai/gpt-4o-mini", "google/gemini-2.0-flash", "anthropic/claude-3-5-haiku-latest"]


class Agents:
    """billing as the agents service sees it, for one organization."""

    def __init__(self, channel: grpc.aio.Channel, org_id: str, billing_db: Database) -> None:
        self.billing_db = billing_db
        self.plans = plans_pb2_grpc.PlanServiceStub(channel)
        self.credits = credits_pb2_grpc.CreditServiceStub(channel)
        self.org_id = org_id
        self.acting = (("x-keel-org-id", org_id),)

    def ask(self, **fields: Any) -> plans_pb2.AdmitRunRequest:
        if "model_id" not in fields:
            fields.setdefault("quality", FAST)
        if "held_model_calls" not in fields:
            fields.setdefault("hold_amount", "1")
        fields.setdefault("hold_key", f"run:{uuid.uuid4()}:hold")
        return plans_pb2.AdmitRunRequest(org_id=self.org_id, **fields)

    async def admit(self, request: plans_pb2.AdmitRunRequest) -> plans_pb2.AdmitRunResponse:
        return await self.plans.AdmitRun(request, metadata=self.acting)

    async def withdraw(self, request: plans_pb2.AdmitRunRequest) -> None:
        await self.plans.WithdrawRun(
            plans_pb2.WithdrawRunRequest(admission=request), metadata=self.acting
        )

    async def status(self, reservation_id: str) -> int:
        found = await self.credits.GetReservation(
            credits_pb2.GetReservationRequest(org_id=self.org_id, reservation_id=reservation_id),
            metadata=self.acting,
        )
        return int(found.reservation.status)

    async def reserved(self) -> str:
        """The credits held now ("0" also before the account opens)."""
        rows = await sql(
            self.billing_db,
            "SELECT reserved FROM credit_accounts WHERE org_id = :org",
            org=uuid.UUID(self.org_id),
        )
        return text(rows[0][0]) if rows else "0"


@pytest.fixture
async def agents(people: People, agents_channel: grpc.aio.Channel, billing_db: Database) -> Agents:
    owner = await people.verified("owner")
    org_id = await people.organization(owner)
    await welcomed(billing_db, org_id)
    return Agents(agents_channel, org_id, billing_db)


async def refused(call: Any) -> tuple[grpc.StatusCode, error_details_pb2.ErrorInfo, list[Any]]:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    details = details_of(raised.value)
    info = next((d for d in details if isinstance(d, error_details_pb2.ErrorInfo)), None)
    return raised.value.code(), info or error_details_pb2.ErrorInfo(), details


async def test_an_admission_answers_the_model_and_holds_the_credits(agents: Agents, billing_db):
    answer = await agents.admit(agents.ask(hold_amount="5"))
    assert [answer.model.id, *(m.id for m in answer.fallback_models)] == FAST_MODELS
    assert answer.model.input_usd_per_million_tokens  # the prices a run's cost comes from
    assert (answer.credits_per_call, answer.credits_held) == ("5", "5")
    assert (answer.plan, answer.concurrent_run_limit) == (plans_pb2.PLAN_TIER_FREE, 2)
    assert await agents.status(answer.reservation_id) == credits_pb2.RESERVATION_STATUS_HELD
    owner = await sql(
        billing_db,
        "SELECT owner_kind, owner_id FROM credit_reservations WHERE id = :id",
        id=uuid.UUID(answer.reservation_id),
    )
    assert tuple(owner[0]) == ("service", "agents")
    assert await agents.reserved() == "5"


async def test_without_a_budget_the_hold_is_calls_at_the_estimate(agents: Agents):
    answer = await agents.admit(agents.ask(held_model_calls=2))
    assert answer.credits_held == "10"  # 2 calls x 5 credits


async def test_the_same_key_is_the_same_hold(agents: Agents):
    request = agents.ask(hold_amount="2")
    first, again = await agents.admit(request), await agents.admit(request)
    assert first.reservation_id == again.reservation_id
    assert await agents.reserved() == "2"


async def test_a_model_by_name_runs_first_with_its_levels_fallbacks(agents: Agents):
    answer = await agents.admit(agents.ask(model_id="google/gemini-2.0-flash"))
    assert answer.model.id == "google/gemini-2.0-flash"
    assert [m.id for m in answer.fallback_models] == [FAST_MODELS[0], FAST_MODELS[2]]
    code, info, _ = await refused(agents.admit(agents.ask(model_id="openai/gpt-4o")))
    assert (code, info.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "MODEL_NOT_IN_PLAN")


async def test_a_level_the_plan_lacks_is_refused_with_the_upgrade(agents: Agents):
    premium = agents.ask(quality=plans_pb2.QUALITY_LEVEL_PREMIUM)
    code, info, _ = await refused(agents.admit(premium))
    assert (code, info.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "QUALITY_NOT_IN_PLAN")
    assert (info.metadata["plan"], info.metadata["upgrade_to"]) == ("free", "team")
    assert await agents.reserved() == "0"


async def test_credits_short_of_the_hold_refuse_and_hold_nothing(agents: Agents):
    code, info, _ = await refused(agents.admit(agents.ask(held_model_calls=10)))  # 50 credits
    assert (code, info.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "INSUFFICIENT_CREDITS")
    assert await agents.reserved() == "0"


async def test_the_months_runs_and_the_subscription_are_checked_first(
    agents: Agents, billing_db: Database
):
    await agents.admit(agents.ask())  # opens the account
    org = uuid.UUID(agents.org_id)
    await sql(
        billing_db,
        "INSERT INTO usage_days (org_id, day, runs) VALUES (:org, :day, 100) "
        "ON CONFLICT (org_id, day) DO UPDATE SET runs = 100",
        org=org,
        day=datetime.now(UTC).date(),
    )
    code, info, _ = await refused(agents.admit(agents.ask()))
    assert (code, info.reason) == (grpc.StatusCode.RESOURCE_EXHAUSTED, "ORG_RUN_LIMIT_EXCEEDED")
    assert info.metadata["limit"] == "100"
    await sql(billing_db, "DELETE FROM usage_days WHERE org_id = :org", org=org)
    await sql(billing_db, "UPDATE subscriptions SET status = 'unpaid' WHERE org_id = :org", org=org)
    code, info, _ = await refused(agents.admit(agents.ask()))
    assert (code, info.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "SUBSCRIPTION_INACTIVE")
    assert await agents.reserved() == "1"  # the first admission's hold alone


async def test_past_the_hourly_runs_a_start_is_refused_with_retry_after(agents: Agents):
    for _ in range(10):  # 10 runs an hour; 10 agent-run requests a minute
        await agents.admit(agents.ask(hold_amount="0.5"))
    code, info, details = await refused(agents.admit(agents.ask(hold_amount="0.5")))
    assert (code, info.reason) == (grpc.StatusCode.RESOURCE_EXHAUSTED, "ORG_RUN_RATE_LIMITED")
    retry = next(d for d in details if isinstance(d, error_details_pb2.RetryInfo))
    assert retry.retry_delay.seconds >= 1
    assert await agents.reserved() == "5"  # nothing held for the refused one


async def test_a_withdrawn_admission_holds_nothing(agents: Agents):
    made = agents.ask(hold_amount="3")
    answer = await agents.admit(made)
    await agents.withdraw(made)
    assert await agents.status(answer.reservation_id) == credits_pb2.RESERVATION_STATUS_RELEASED
    # Withdrawn before it arrived: the late admission finds its hold released.
    late = agents.ask(held_model_calls=1)
    await agents.withdraw(late)
    answer = await agents.admit(late)
    assert await agents.status(answer.reservation_id) == credits_pb2.RESERVATION_STATUS_RELEASED
    assert await agents.reserved() == "0"
    # Nothing to undo for an admission the plan refuses.
    await agents.withdraw(agents.ask(quality=plans_pb2.QUALITY_LEVEL_PREMIUM))


async def test_only_the_agents_service_may_ask(agents: Agents, billing_channel):
    gateway = plans_pb2_grpc.PlanServiceStub(billing_channel)  # the gateway's certificate
    code, info, _ = await refused(gateway.AdmitRun(agents.ask(), metadata=agents.acting))
    assert (code, info.reason) == (grpc.StatusCode.PERMISSION_DENIED, "CALLER_NOT_ALLOWED")


@pytest.mark.parametrize(
    "fields",
    [
        {"hold_amount": "1", "hold_key": "run:x:hold-000"},  # no model
        {"quality": FAST, "hold_key": "run:x:hold-000"},  # no hold
        {"quality": FAST, "hold_amount": "0", "hold_key": "run:x:hold-000"},
        {"quality": FAST, "held_model_calls": 0, "hold_key": "run:x:hold-000"},
        {"quality": FAST, "hold_amount": "1", "hold_key": "short"},
    ],
)
async def test_bad_input_is_refused(agents: Agents, fields: dict[str, Any]):
    request = plans_pb2.AdmitRunRequest(org_id=agents.org_id, **fields)
    code, _, _ = await refused(agents.admit(request))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert await agents.reserved() == "0"
