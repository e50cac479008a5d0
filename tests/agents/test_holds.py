"""A start that did not happen gives its hold back, in the background, even when it never
learned the hold's id (cancelled while billing made it): found again by its key, against
the real billing."""

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


async def test_a_hold_is_given_back_by_its_key(billing, paying: Org, as_agents):
    plan = BillingRunPlan(billing.address)
    org_id = uuid.UUID(paying.id)
    hold = runs.Hold(org_id, Decimal("20"), f"run:{uuid.uuid4()}:hold", 900)
    made = await plan.reserve(hold)  # billing made it; say the start never learned its id
    runs.give_back(plan, hold)
    assert await _settled(plan, org_id, made) == credits_pb2.RESERVATION_STATUS_RELEASED


async def test_a_hold_that_never_arrived_leaves_nothing_held(billing, paying: Org, as_agents):
    plan = BillingRunPlan(billing.address)
    org_id = uuid.UUID(paying.id)
    hold = runs.Hold(org_id, Decimal("20"), f"run:{secrets.token_hex(8)}:hold", 900)
    runs.give_back(plan, hold)  # made and released at once
    await asyncio.sleep(0.5)
    made = await plan.reserve(hold)  # the same key: the same, released, hold
    assert await _settled(plan, org_id, made) == credits_pb2.RESERVATION_STATUS_RELEASED
