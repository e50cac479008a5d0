"""A start that did not happen gives its hold back, in the background, even when it never
learned the hold's id (cancelled while billing admitted it): found again by its key,
against the real billing."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest

from keel.billing.v1 import credits_pb2
from keel_runtime import context as request_context
from keel_runtime import tls
from services.agents.data.billing import BillingRunPlan
from services.agents.domain import runs
from tests.agents.support import Org


@pytest.fixture
def as_agents() -> Iterator[None]:
    """This process calls billing as the agents service does (its certificate)."""
    before = tls.local()
    tls.use(tls.MeshTls.from_env("agents"))
    yield
    tls.use(before)


async def _status(plan: BillingRunPlan, org_id: uuid.UUID, reservation: uuid.UUID) -> int:
    with request_context.acting_for(str(org_id)):
        found = await plan.credits().GetReservation(
            credits_pb2.GetReservationRequest(org_id=str(org_id), reservation_id=str(reservation))
        )
    return int(found.reservation.status)


async def _settled(plan: BillingRunPlan, org_id: uuid.UUID, reservation: uuid.UUID) -> int:
    for _ in range(100):
        status = await _status(plan, org_id, reservation)
        if status != credits_pb2.RESERVATION_STATUS_HELD:
            return status
        await asyncio.sleep(0.05)
    raise AssertionError("the hold is still active")


def _admission(org_id: uuid.UUID, key: str) -> runs.Admission:
    return runs.Admission(org_id, {"quality": "MODEL_QUALITY_FAST"}, Decimal("20"), key, 900)


async def test_a_hold_is_given_back_by_its_key(billing, paying: Org, as_agents):
    plan = BillingRunPlan(billing.address)
    org_id = uuid.UUID(paying.id)
    admission = _admission(org_id, f"run:{uuid.uuid4()}:hold")
    made = await plan.admit(admission)  # billing held it; say the start never learned it
    assert made.held == Decimal("20")
    assert await _status(plan, org_id, made.reservation_id) == credits_pb2.RESERVATION_STATUS_HELD
    runs.give_back(plan, admission)
    assert (
        await _settled(plan, org_id, made.reservation_id) == credits_pb2.RESERVATION_STATUS_RELEASED
    )


async def test_a_hold_that_never_arrived_leaves_nothing_held(billing, paying: Org, as_agents):
    plan = BillingRunPlan(billing.address)
    org_id = uuid.UUID(paying.id)
    admission = _admission(org_id, f"run:{secrets.token_hex(8)}:hold")
    runs.give_back(plan, admission)  # made and released at once
    await asyncio.sleep(0.5)
    late = await plan.admit(admission)  # the same key: the same, released, hold
    assert (
        await _settled(plan, org_id, late.reservation_id) == credits_pb2.RESERVATION_STATUS_RELEASED
    )


async def test_a_hold_of_calls_at_billings_estimate_is_given_back_too(
    billing, paying: Org, as_agents
):
    """Without a budget the hold is HELD_MODEL_CALLS calls at billing's estimate, which
    only billing knows: withdrawn by the admission itself."""
    plan = BillingRunPlan(billing.address)
    org_id = uuid.UUID(paying.id)
    admission = runs.Admission(
        org_id, {"quality": "MODEL_QUALITY_FAST"}, None, f"run:{uuid.uuid4()}:hold", 900
    )
    made = await plan.admit(admission)
    assert made.held == made.access.credits_per_call * runs.HELD_MODEL_CALLS > 0
    runs.give_back(plan, admission)
    assert (
        await _settled(plan, org_id, made.reservation_id) == credits_pb2.RESERVATION_STATUS_RELEASED
    )
