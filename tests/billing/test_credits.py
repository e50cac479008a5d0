"""The credits ledger through the gateway: balances, reservations (reserve → settle /
release / expire), idempotency, refusals, admin grants, and who may do what."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa

from keel.billing.v1 import events_pb2 as credits_events
from keel.events.v1 import events_pb2
from tests.billing.conftest import Org
from tests.identity.support import detail, reason

# A new organization starts with the free plan's 10 credits and a 10-credit welcome bonus.
STARTING = Decimal(20)


def key() -> str:
    return "test-" + secrets.token_hex(8)


def _path(org_id: str, tail: str = "") -> str:
    return f"/v1/organizations/{org_id}/credits{tail}"


async def reserve(person, org_id: str, amount: str, **extra):
    body = {"amount": amount, "idempotency_key": extra.pop("idempotency_key", key()), **extra}
    return await person.post(_path(org_id, "/reservations"), body)


async def balance(person, org_id: str) -> dict:
    response = await person.get(_path(org_id))
    assert response.status_code == 200, response.text
    return response.json()["balance"]


async def test_a_new_organization_starts_with_its_allocation_and_welcome_bonus(org: Org):
    found = await balance(org.member, org.id)
    assert Decimal(found["balance"]) == STARTING
    assert Decimal(found["available"]) == STARTING
    assert found["monthly_allocation"] == "10"
    kinds = {b["kind"]: b["remaining"] for b in found["buckets"]}
    assert kinds == {"BUCKET_KIND_MONTHLY": "10", "BUCKET_KIND_PROMOTIONAL": "10"}


async def test_reservation_round_trip_charges_the_actual_amount(org: Org):
    reserved = await reserve(org.member, org.id, "5", metadata={"run_id": "r-1"})
    assert reserved.status_code == 200, reserved.text
    hold = reserved.json()["reservation"]
    assert hold["status"] == "RESERVATION_STATUS_HELD"
    assert reserved.json()["balance"]["available"] == str(STARTING - 5)
    settled = await org.member.post(
        _path(org.id, f"/reservations/{hold['id']}:settle"),
        {"actual_amount": "3.5", "idempotency_key": key()},
    )
    assert settled.status_code == 200, settled.text
    body = settled.json()
    assert body["reservation"]["status"] == "RESERVATION_STATUS_SETTLED"
    assert body["reservation"]["settled_amount"] == "3.5"
    assert body["balance"]["reserved"] == "0"
    assert Decimal(body["balance"]["balance"]) == STARTING - Decimal("3.5")
    # The monthly allocation burns first.
    after = await balance(org.member, org.id)
    kinds = {b["kind"]: b["remaining"] for b in after["buckets"]}
    assert kinds == {"BUCKET_KIND_MONTHLY": "6.5", "BUCKET_KIND_PROMOTIONAL": "10"}


async def test_release_gives_everything_back(org: Org):
    hold = (await reserve(org.member, org.id, "7")).json()["reservation"]
    released = await org.member.post(
        _path(org.id, f"/reservations/{hold['id']}:release"), {"idempotency_key": key()}
    )
    assert released.status_code == 200, released.text
    assert released.json()["reservation"]["status"] == "RESERVATION_STATUS_RELEASED"
    assert Decimal((await balance(org.member, org.id))["available"]) == STARTING
    again = await org.member.post(
        _path(org.id, f"/reservations/{hold['id']}:settle"),
        {"actual_amount": "1", "idempotency_key": key()},
    )
    assert again.status_code == 400
    assert reason(again) == "RESERVATION_NOT_HELD"


async def test_the_same_key_returns_the_same_reservation_and_other_parameters_are_refused(
    org: Org,
):
    shared = key()
    first = await reserve(org.member, org.id, "2", idempotency_key=shared)
    second = await reserve(org.member, org.id, "2", idempotency_key=shared)
    assert first.status_code == second.status_code == 200
    assert first.json()["reservation"]["id"] == second.json()["reservation"]["id"]
    assert Decimal((await balance(org.member, org.id))["reserved"]) == 2
    other = await reserve(org.member, org.id, "3", idempotency_key=shared)
    assert other.status_code == 400
    assert reason(other) == "IDEMPOTENCY_KEY_REUSED"


async def test_a_reservation_beyond_the_available_balance_is_refused_with_the_shortfall(
    org: Org,
):
    refused = await reserve(org.member, org.id, "25")
    assert refused.status_code == 402, refused.text
    info = next(d for d in refused.json()["details"] if d["@type"].endswith("ErrorInfo"))
    assert info["reason"] == "INSUFFICIENT_CREDITS"
    assert info["metadata"]["shortfall"] == "5"
    assert "credit-packages" in info["metadata"]["upgrade_hint"]
    assert Decimal((await balance(org.member, org.id))["reserved"]) == 0


async def test_settling_more_than_reserved_uses_the_overdraft_and_no_further(
    org: Org, platform_admin
):
    adjusted = await platform_admin.post(
        f"/v1/admin/platform/organizations/{org.id}/credits:adjust",
        {"amount": "0", "overdraft_limit": "5", "reason": "trusted", "idempotency_key": key()},
    )
    assert adjusted.status_code == 200, adjusted.text
    hold = (await reserve(org.member, org.id, "20")).json()["reservation"]
    settled = await org.member.post(
        _path(org.id, f"/reservations/{hold['id']}:settle"),
        {"actual_amount": "30", "idempotency_key": key()},
    )
    assert settled.status_code == 200, settled.text
    body = settled.json()
    assert body["reservation"]["settled_amount"] == "25"
    assert body["reservation"]["uncovered_amount"] == "5"
    assert body["balance"]["balance"] == "-5"
    assert body["balance"]["spendable"] == "0"
    assert (await reserve(org.member, org.id, "0.5")).status_code == 402


async def test_what_ai_access_allows_a_hold_may_take_overdraft_included(org: Org, platform_admin):
    """CheckAIAccess and Reserve apply one rule: the spendable balance (available and the
    overdraft) covers the amount."""
    adjusted = await platform_admin.post(
        f"/v1/admin/platform/organizations/{org.id}/credits:adjust",
        {"amount": "0", "overdraft_limit": "5", "reason": "trusted", "idempotency_key": key()},
    )
    assert adjusted.status_code == 200, adjusted.text
    assert (await reserve(org.member, org.id, "20")).status_code == 200  # nothing available
    checked = await org.member.post(
        f"/v1/organizations/{org.id}/ai-access:check",
        {"capability": "CAPABILITY_QUESTION_GENERATION", "quality": "QUALITY_LEVEL_FAST"},
    )
    assert checked.status_code == 200, checked.text
    answer = checked.json()
    assert (answer["allowed"], answer["spendable_credits"]) == (True, "5")
    held = await reserve(org.member, org.id, answer["estimated_credits"])
    assert held.status_code == 200, held.text
    after = held.json()["balance"]
    assert (after["available"], after["spendable"]) == ("-1", "4")
    # And no further than the overdraft: both say so.
    beyond = await reserve(org.member, org.id, "4.5")
    assert (beyond.status_code, reason(beyond)) == (402, "INSUFFICIENT_CREDITS")
    assert detail(beyond, "ErrorInfo")["metadata"]["shortfall"] == "0.5"
    assert (await reserve(org.member, org.id, "4")).status_code == 200
    refused = await org.member.post(
        f"/v1/organizations/{org.id}/ai-access:check",
        {"capability": "CAPABILITY_QUESTION_GENERATION", "quality": "QUALITY_LEVEL_FAST"},
    )
    assert (refused.json()["allowed"], refused.json()["reason"]) == (False, "INSUFFICIENT_CREDITS")


async def test_64_concurrent_reservations_against_a_balance_for_10(org: Org, billing_db):
    results = await asyncio.gather(*(reserve(org.member, org.id, "2") for _ in range(64)))
    codes = [r.status_code for r in results]
    assert codes.count(200) == 10, codes
    assert all(reason(r) == "INSUFFICIENT_CREDITS" for r in results if r.status_code != 200)
    found = await balance(org.member, org.id)
    assert (found["balance"], found["reserved"], found["available"]) == ("20", "20", "0")
    async with billing_db.unit_of_work() as session:
        held = await session.execute(
            sa.text(
                "SELECT count(*), sum(amount) FROM credit_reservations "
                "WHERE org_id = :o AND status = 'held'"
            ),
            {"o": uuid.UUID(org.id)},
        )
    assert tuple(held.one()) == (10, Decimal(20))


async def test_an_expired_hold_gives_its_credits_back(org: Org):
    hold = (await reserve(org.member, org.id, "4", ttl="1s")).json()["reservation"]
    for _ in range(50):
        if Decimal((await balance(org.member, org.id))["reserved"]) == 0:
            break
        await asyncio.sleep(0.1)
    found = await org.member.get(_path(org.id, f"/reservations/{hold['id']}"))
    assert found.json()["reservation"]["status"] == "RESERVATION_STATUS_EXPIRED"
    assert Decimal((await balance(org.member, org.id))["available"]) == STARTING
    late = await org.member.post(
        _path(org.id, f"/reservations/{hold['id']}:settle"),
        {"actual_amount": "1", "idempotency_key": key()},
    )
    assert reason(late) == "RESERVATION_NOT_HELD"


async def test_transactions_list_newest_first_and_filter_by_type(org: Org):
    hold = (await reserve(org.member, org.id, "3")).json()["reservation"]
    await org.member.post(
        _path(org.id, f"/reservations/{hold['id']}:settle"),
        {"actual_amount": "3", "idempotency_key": key()},
    )
    listed = (await org.member.get(_path(org.id, "/transactions"))).json()["transactions"]
    assert [t["type"] for t in listed] == [
        "TRANSACTION_TYPE_AI_CONSUMPTION",
        "TRANSACTION_TYPE_RESERVATION_HOLD",
        "TRANSACTION_TYPE_PROMO_BONUS",
        "TRANSACTION_TYPE_PLAN_ALLOCATION",
    ]
    assert listed[0]["amount"] == "-3" and listed[0]["balance_after"] == "17"
    only = await org.member.get(
        _path(org.id, "/transactions"), params={"types": "TRANSACTION_TYPE_PROMO_BONUS"}
    )
    assert [t["type"] for t in only.json()["transactions"]] == ["TRANSACTION_TYPE_PROMO_BONUS"]
    first = await org.member.get(_path(org.id, "/transactions"), params={"page_size": 3})
    rest = await org.member.get(
        _path(org.id, "/transactions"),
        params={"page_size": 3, "page_token": first.json()["next_page_token"]},
    )
    assert len(first.json()["transactions"]) == 3
    assert [t["type"] for t in rest.json()["transactions"]] == ["TRANSACTION_TYPE_PLAN_ALLOCATION"]


async def test_platform_admins_grant_credits_once_per_key(org: Org, platform_admin):
    path = f"/v1/admin/platform/organizations/{org.id}/credits:grant"
    body = {"amount": "50", "reason": "apology", "idempotency_key": key()}
    first = await platform_admin.post(path, body)
    second = await platform_admin.post(path, body)
    assert first.status_code == second.status_code == 200, first.text
    assert first.json()["transaction"]["id"] == second.json()["transaction"]["id"]
    assert Decimal((await balance(org.member, org.id))["balance"]) == STARTING + 50
    assert (await org.owner.post(path, {**body, "idempotency_key": key()})).status_code == 403


@pytest.mark.parametrize(
    ("who", "view", "reserve_ok"),
    [("viewer", 403, 403), ("member", 200, 200), ("admin", 200, 200), ("owner", 200, 200)],
)
async def test_who_may_view_and_spend_credits(org: Org, who, view, reserve_ok):
    person = getattr(org, who)
    assert (await person.get(_path(org.id))).status_code == view
    assert (await reserve(person, org.id, "1")).status_code == reserve_ok


async def test_another_organization_sees_nothing(org: Org, people):
    stranger = await people.signup("stranger")
    await people.organization(stranger)
    assert (await stranger.get(_path(org.id))).status_code == 404
    assert (await reserve(stranger, org.id, "1")).status_code == 404
    assert (await stranger.get(_path(org.id, "/transactions"))).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "-1"},
        {"amount": "1.23456"},
        {"amount": "0"},
        {"amount": "abc"},
        {"amount": "1", "idempotency_key": "short"},
        {"amount": "1", "ttl": "100000s"},
    ],
)
async def test_bad_reservations_are_refused_and_write_nothing(org: Org, body):
    response = await org.member.post(
        _path(org.id, "/reservations"), {"idempotency_key": key(), **body}
    )
    assert response.status_code == 400, response.text
    assert Decimal((await balance(org.member, org.id))["reserved"]) == 0


async def _low_balance_events(billing_db, org_id: str) -> list[credits_events.CreditsLowBalance]:
    async with billing_db.unit_of_work() as session:
        rows = await session.execute(
            sa.text("SELECT envelope FROM outbox_events WHERE type = 'credits.low_balance'")
        )
        envelopes = [events_pb2.Event.FromString(r.envelope) for r in rows]
    found = []
    for envelope in envelopes:
        if envelope.org_id == org_id:
            payload = credits_events.CreditsLowBalance()
            envelope.payload.Unpack(payload)
            found.append(payload)
    return found


async def test_falling_under_a_fifth_of_the_allocation_is_announced_once_per_period(
    org: Org, billing_db
):
    async def spend(amount: str) -> None:
        hold = (await reserve(org.member, org.id, amount)).json()["reservation"]
        settled = await org.member.post(
            _path(org.id, f"/reservations/{hold['id']}:settle"),
            {"actual_amount": amount, "idempotency_key": key()},
        )
        assert settled.status_code == 200, settled.text

    await spend("17")  # 3 left: still above 2 (20 % of the 10-credit allocation)
    assert await _low_balance_events(billing_db, org.id) == []
    await spend("1.5")
    await spend("1")
    found = await _low_balance_events(billing_db, org.id)
    assert [(e.available, e.monthly_allocation) for e in found] == [("1.5", "10")]
