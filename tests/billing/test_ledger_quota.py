"""The cap on open holds as callers meet it, through the gateway: an organization has at
most `KEEL_BILLING_MAX_OPEN_HOLDS` holds open at once (here 3), whoever holds them; past it
Reserve answers 429 RESOURCE_EXHAUSTED (OPEN_HOLDS_LIMIT_EXCEEDED, QuotaFailure) until one
ends (settled, released, or expired by the sweeper). A run's admission meets the same cap."""

from __future__ import annotations

import asyncio
import uuid

import grpc
import pytest

from keel_runtime.config import ConfigError
from services.billing.config import BillingConfig
from tests.billing.conftest import Org
from tests.billing.test_admission import Agents, refused
from tests.billing.test_credits import balance, key, reserve
from tests.billing.test_hold_owners import _api_key, release
from tests.identity.support import detail, reason
from tests.support.channels import mesh_env

CAP = 3
LIMITED = (429, "OPEN_HOLDS_LIMIT_EXCEEDED")


@pytest.fixture(scope="module")
def billing_env(billing_env: dict[str, str]) -> dict[str, str]:
    return {**billing_env, "KEEL_BILLING_MAX_OPEN_HOLDS": str(CAP)}


async def _holds(person, org_id: str, n: int, **extra) -> list[str]:
    made = [await reserve(person, org_id, "0.01", **extra) for _ in range(n)]
    assert [m.status_code for m in made] == [200] * n, made[-1].text
    return [m.json()["reservation"]["id"] for m in made]


async def test_a_key_flooding_holds_meets_the_organizations_cap(org: Org, people):
    script = await _api_key(org.owner, org.id)
    first, *_ = await _holds(script, org.id, CAP)
    refused_hold = await reserve(script, org.id, "0.01", metadata={"pad": "x" * 4000})
    assert (refused_hold.status_code, reason(refused_hold)) == LIMITED, refused_hold.text
    info = detail(refused_hold, "ErrorInfo")
    assert info["metadata"] == {"limit": str(CAP), "open": str(CAP)}
    violation = detail(refused_hold, "QuotaFailure")["violations"][0]
    assert violation["subject"] == f"org:{org.id}"
    assert (await balance(org.member, org.id))["reserved"] == "0.03"  # nothing more held
    # The cap is the organization's: a member meets it too, another organization does not.
    assert reason(await reserve(org.member, org.id, "1")) == LIMITED[1]
    stranger = await people.signup("stranger")
    elsewhere = await people.organization(stranger)
    assert (await reserve(stranger, elsewhere, "1")).status_code == 200
    # A hold that ends makes room for one more.
    assert (await release(script, org.id, first)).status_code == 200
    assert (await reserve(org.member, org.id, "1")).status_code == 200
    assert reason(await reserve(org.member, org.id, "1")) == LIMITED[1]


async def test_a_retry_of_a_hold_made_is_answered_at_the_cap(org: Org):
    shared = key()
    made = await reserve(org.member, org.id, "1", idempotency_key=shared)
    await _holds(org.member, org.id, CAP - 1)
    again = await reserve(org.member, org.id, "1", idempotency_key=shared)
    assert again.status_code == 200, again.text
    assert again.json()["reservation"]["id"] == made.json()["reservation"]["id"]


async def test_expired_holds_free_their_places(org: Org):
    await _holds(org.member, org.id, CAP, ttl="1s")
    for _ in range(50):  # the sweeper runs every 0.3 s here
        answer = await reserve(org.member, org.id, "1")
        if answer.status_code == 200:
            break
        assert reason(answer) == LIMITED[1]
        await asyncio.sleep(0.1)
    assert answer.status_code == 200, answer.text


async def test_a_run_admission_meets_the_cap_and_its_withdrawal_holds_nothing(
    org: Org, agents_channel, billing_db
):
    await _holds(org.member, org.id, CAP)
    agents = Agents(agents_channel, org.id, billing_db)
    ask = agents.ask(hold_amount="1")
    code, info, _ = await refused(agents.admit(ask))
    assert (code, info.reason) == (grpc.StatusCode.RESOURCE_EXHAUSTED, LIMITED[1])
    await agents.withdraw(ask)  # nothing was held: nothing to undo, no error
    assert await agents.reserved() == "0.03"


def test_the_cap_is_a_setting_with_a_default():
    env = {**mesh_env(), "KEEL_BILLING_DATABASE_URL": f"postgresql+asyncpg://u:p@h/{uuid.uuid4()}"}
    assert BillingConfig.from_env("billing", env).max_open_holds == 1000
    assert BillingConfig.from_env("billing", {**env, "KEEL_BILLING_MAX_OPEN_HOLDS": "50"}) \
        .max_open_holds == 50  # fmt: skip
    for bad in ("0", "many"):
        with pytest.raises(ConfigError, match="KEEL_BILLING_MAX_OPEN_HOLDS"):
            BillingConfig.from_env("billing", {**env, "KEEL_BILLING_MAX_OPEN_HOLDS": bad})
