"""Credit holds belong to whoever made them: a user, an API key, or a Keel service acting as
itself. Only that owner settles, releases or reads its hold (to anyone else it does not
exist), idempotency keys are each owner's own, and platform admins may release any hold
but settle none. Through the gateway and over gRPC as the agents service, as callers meet
it."""

from __future__ import annotations

import dataclasses
import uuid
from decimal import Decimal

import grpc
import httpx
import sqlalchemy as sa

from keel.billing.v1 import credits_pb2, credits_pb2_grpc
from tests.billing.conftest import Org, forwarded, member_platform_admin
from tests.billing.test_credits import balance, key, reserve
from tests.identity.people import People, Person
from tests.identity.support import reason, refused

NOT_FOUND = (404, "RESERVATION_NOT_FOUND")


def _hold_path(org_id: str, hold_id: str, verb: str = "") -> str:
    return f"/v1/organizations/{org_id}/credits/reservations/{hold_id}{verb}"


async def _hold(person: Person, org_id: str, amount: str, **extra) -> str:
    made = await reserve(person, org_id, amount, **extra)
    assert made.status_code == 200, made.text
    hold_id: str = made.json()["reservation"]["id"]
    return hold_id


async def settle(person: Person, org_id: str, hold_id: str, amount: str = "1") -> httpx.Response:
    return await person.post(
        _hold_path(org_id, hold_id, ":settle"), {"actual_amount": amount, "idempotency_key": key()}
    )


async def release(person: Person, org_id: str, hold_id: str) -> httpx.Response:
    return await person.post(_hold_path(org_id, hold_id, ":release"), {"idempotency_key": key()})


async def read(person: Person, org_id: str, hold_id: str) -> httpx.Response:
    return await person.get(_hold_path(org_id, hold_id))


async def _untouchable(person: Person, org_id: str, hold_id: str) -> None:
    """`person` can neither settle, release nor read the hold: to them it does not exist."""
    for answer in (
        await settle(person, org_id, hold_id, "0"),
        await release(person, org_id, hold_id),
        await read(person, org_id, hold_id),
    ):
        assert (answer.status_code, reason(answer)) == NOT_FOUND, answer.text


async def _status(person: Person, org_id: str, hold_id: str) -> str:
    found = await read(person, org_id, hold_id)
    assert found.status_code == 200, found.text
    status: str = found.json()["reservation"]["status"]
    return status


async def _api_key(creator: Person, org_id: str, kind: str = "API_KEY_KIND_USER") -> Person:
    """An API key of `org_id` made by `creator` that spends and reads credits, as a caller
    (its secret is what it sends as the bearer)."""
    created = await creator.post(
        f"/v1/organizations/{org_id}/api-keys",
        {"name": "meter", "kind": kind, "scopes": ["execute:agents", "read:billing"]},
    )
    assert created.status_code == 200, created.text
    return dataclasses.replace(creator, access_token=created.json()["secret"])


async def _owner_of(billing_db, hold_id: str) -> tuple[str, str]:
    async with billing_db.unit_of_work() as session:
        row = await session.execute(
            sa.text("SELECT owner_kind, owner_id FROM credit_reservations WHERE id = :id"),
            {"id": uuid.UUID(hold_id)},
        )
        kind, owner_id = row.one()
    return kind, owner_id


async def test_a_member_cannot_settle_release_or_read_another_members_hold(
    org: Org, people: People, billing_db
):
    other = await people.join(org.owner, org.id, "ROLE_MEMBER", "other")
    hold = await _hold(org.member, org.id, "5")
    assert await _owner_of(billing_db, hold) == ("user", org.member.user_id)
    await _untouchable(other, org.id, hold)
    await _untouchable(org.owner, org.id, hold)  # not even the organization's owner
    # The same answer as for a hold that does not exist.
    nowhere = await read(other, org.id, str(uuid.uuid4()))
    assert (nowhere.status_code, reason(nowhere)) == NOT_FOUND
    assert Decimal((await balance(org.member, org.id))["reserved"]) == 5
    settled = await settle(org.member, org.id, hold, "2")
    assert settled.status_code == 200, settled.text
    assert settled.json()["reservation"]["settled_amount"] == "2"
    # Once settled it is still nobody else's: not RESERVATION_NOT_HELD, which would tell
    # the hold exists.
    await _untouchable(other, org.id, hold)
    again = await settle(org.member, org.id, hold)
    assert (again.status_code, reason(again)) == (400, "RESERVATION_NOT_HELD")


async def test_an_api_key_and_its_creator_hold_apart(org: Org, billing_db):
    meter = await _api_key(org.owner, org.id)  # acts for the owner, holds as itself
    by_key = await _hold(meter, org.id, "3")
    by_user = await _hold(org.owner, org.id, "4")
    assert (await _owner_of(billing_db, by_key))[0] == "api_key"
    assert await _owner_of(billing_db, by_user) == ("user", org.owner.user_id)
    await _untouchable(org.owner, org.id, by_key)
    await _untouchable(meter, org.id, by_user)
    assert await _status(meter, org.id, by_key) == "RESERVATION_STATUS_HELD"
    settled = await settle(meter, org.id, by_key, "3")
    assert settled.status_code == 200, settled.text
    released = await release(org.owner, org.id, by_user)
    assert released.status_code == 200, released.text
    assert Decimal((await balance(org.owner, org.id))["balance"]) == 17


async def test_idempotency_keys_are_each_owners_own(org: Org):
    shared = key()
    first = await _hold(org.member, org.id, "2", idempotency_key=shared)
    # Another owner using the key first, even with other parameters, takes nothing from
    # the first: it gets its own hold.
    other = await _hold(org.admin, org.id, "3", idempotency_key=shared)
    again = await _hold(org.member, org.id, "2", idempotency_key=shared)
    assert again == first != other
    assert Decimal((await balance(org.member, org.id))["reserved"]) == 5
    reused = await reserve(org.member, org.id, "1", idempotency_key=shared)
    assert (reused.status_code, reason(reused)) == (400, "IDEMPOTENCY_KEY_REUSED")
    # Settlement keys too: one owner's key is no claim on another's settlement.
    settle_key = key()
    for person, hold in ((org.admin, other), (org.member, first)):
        settled = await person.post(
            _hold_path(org.id, hold, ":settle"),
            {"actual_amount": "1", "idempotency_key": settle_key},
        )
        assert settled.status_code == 200, settled.text
        assert settled.json()["reservation"]["id"] == hold
    assert Decimal((await balance(org.member, org.id))["balance"]) == 18


async def test_a_platform_admin_releases_anyones_hold_and_settles_none(
    org: Org, people: People, identity_db, platform_admin: Person
):
    operator = await member_platform_admin(people, identity_db, org.owner, org.id)
    stuck, other = await _hold(org.member, org.id, "4"), await _hold(org.member, org.id, "3")
    refused_settle = await settle(operator, org.id, stuck, "0")
    assert (refused_settle.status_code, reason(refused_settle)) == NOT_FOUND
    assert (await read(operator, org.id, stuck)).status_code == 404
    released = await release(operator, org.id, stuck)
    assert released.status_code == 200, released.text
    assert released.json()["reservation"]["status"] == "RESERVATION_STATUS_RELEASED"
    # A platform admin outside the organization releases too; settles nothing.
    assert (await settle(platform_admin, org.id, other, "0")).status_code == 404
    assert (await release(platform_admin, org.id, other)).status_code == 200
    assert await _status(org.member, org.id, other) == "RESERVATION_STATUS_RELEASED"
    found = await balance(org.member, org.id)
    assert (Decimal(found["reserved"]), Decimal(found["balance"])) == (0, 20)


async def test_a_service_hold_is_the_services_alone(
    org: Org, agents_channel, billing_channel, platform_admin: Person, billing_db
):
    credits = credits_pb2_grpc.CreditServiceStub(agents_channel)
    acting = (("x-keel-org-id", org.id),)  # the agents service, for the organization

    async def hold(amount: str) -> str:
        request = credits_pb2.ReserveRequest(org_id=org.id, amount=amount, idempotency_key=key())
        return (await credits.Reserve(request, metadata=acting)).reservation.id

    run, stuck = await hold("4"), await hold("3")
    assert await _owner_of(billing_db, run) == ("service", "agents")
    # Through the gateway nobody touches it: not a member, not the organization's owner.
    await _untouchable(org.member, org.id, run)
    await _untouchable(org.owner, org.id, run)
    # The gateway's certificate cannot pass for a service: no user named, no one at all.
    gateway = credits_pb2_grpc.CreditServiceStub(billing_channel)  # the gateway's certificate
    code, _ = await refused(
        gateway.Settle(
            credits_pb2.SettleRequest(
                org_id=org.id, reservation_id=run, actual_amount="0", idempotency_key=key()
            ),
            metadata=acting,
        )
    )
    assert code == grpc.StatusCode.UNAUTHENTICATED
    # The service reads and settles its own.
    found = await credits.GetReservation(
        credits_pb2.GetReservationRequest(org_id=org.id, reservation_id=run), metadata=acting
    )
    assert found.reservation.status == credits_pb2.RESERVATION_STATUS_HELD
    settled = await credits.Settle(
        credits_pb2.SettleRequest(
            org_id=org.id, reservation_id=run, actual_amount="2.5", idempotency_key=key()
        ),
        metadata=acting,
    )
    assert settled.reservation.settled_amount == "2.5"
    # The operator's escape hatch: a platform admin may still release it through REST.
    assert (await settle(platform_admin, org.id, stuck, "0")).status_code == 404
    released = await release(platform_admin, org.id, stuck)
    assert released.status_code == 200, released.text
    found = await balance(org.member, org.id)
    assert (Decimal(found["reserved"]), Decimal(found["balance"])) == (0, Decimal("17.5"))


async def test_a_service_forwarding_a_user_holds_as_that_user(org: Org, agents_channel, billing_db):
    """A service calling with a user's identity acts for that user: the hold is theirs (a
    service metering its own work reserves as itself, as above)."""
    credits = credits_pb2_grpc.CreditServiceStub(agents_channel)
    request = credits_pb2.ReserveRequest(org_id=org.id, amount="1", idempotency_key=key())
    held = await credits.Reserve(request, metadata=forwarded(org.member))
    assert await _owner_of(billing_db, held.reservation.id) == ("user", org.member.user_id)
    assert await _status(org.member, org.id, held.reservation.id) == "RESERVATION_STATUS_HELD"
