"""Sub-organizations draw on their parent's credit pool (issue 15, finding 6; seed 001's
agency decision), with an optional monthly cap per child set by the parent's owners.

Through the gateway, as users meet it (real identity, billing, Envoy, PostgreSQL): a child
has no credits of its own (no monthly grant, no welcome bonus; its holds, charges and
balance are its top-level ancestor's), its hold past its cap is refused (429
CHILD_SPENDING_CAP_EXCEEDED) even when holds arrive together or are retried with their
key, and each organization sees only its own: a child its own month, the parent each
child's, an outsider nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal

import grpc
import httpx
import pytest
import redis.asyncio as redis
from google.protobuf import duration_pb2
from google.rpc import error_details_pb2

from keel.billing.v1 import credits_pb2, credits_pb2_grpc, plans_pb2, plans_pb2_grpc
from keel_runtime.db import Database
from keel_runtime.status import details_of
from tests.billing.conftest import eventually, forwarded, welcomed
from tests.billing.test_credits import balance, key, reserve
from tests.billing.test_org_events import streams
from tests.billing.test_promises import _period_due
from tests.billing.test_welcome_bonus import bonuses, settled
from tests.identity.people import People, Person
from tests.identity.support import detail, reason, scalar, sql
from tests.support import channels
from tests.support.net import free_port
from tests.support.processes import ServiceProcess

__all__ = ["streams"]  # the fixture

CAPPED = (429, "CHILD_SPENDING_CAP_EXCEEDED")


# identity asks billing before deleting an organization (it must know billing's address
# before either starts): a child's open holds on its pool keep it.
@pytest.fixture(scope="module")
def billing_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def identity_env(identity_env: dict[str, str], billing_port: int) -> dict[str, str]:
    return {
        **identity_env,
        "KEEL_BILLING_ADDR": f"127.0.0.1:{billing_port}",
        "KEEL_IDENTITY_DELETION_ASKS_BILLING": "true",
    }


@pytest.fixture(scope="module")
def billing_env(billing_env: dict[str, str], billing_port: int) -> dict[str, str]:
    return {**billing_env, "KEEL_BILLING_PORT": str(billing_port)}


# A verified owner's first organization: the free plan's 10 and the welcome bonus's 10.
POOL = Decimal(20)


def _replica(billing_env: dict[str, str]) -> dict[str, str]:
    """Another billing process on the same database, on a port of its own."""
    return {**billing_env, "KEEL_BILLING_PORT": str(free_port())}


def _cap_path(parent: str, child: str) -> str:
    return f"/v1/organizations/{parent}/billing/children/{child}/cap"


async def _put(person: Person, path: str, body: dict) -> httpx.Response:
    return await person.http.put(path, headers=person.headers, json=body)


def _hold_path(org_id: str, hold: str, action: str = "") -> str:
    tail = f":{action}" if action else ""
    return f"/v1/organizations/{org_id}/credits/reservations/{hold}{tail}"


async def _agency(people: People, billing_db: Database, tag: str = "agency") -> tuple[Person, str]:
    owner = await people.verified(tag)
    org_id = await people.organization(owner, "Agency")
    await welcomed(billing_db, org_id)
    return owner, org_id


async def _child(owner: Person, parent: str, streams: redis.Redis, name: str = "Client") -> str:
    """A sub-organization of `parent`, once billing has heard of it."""
    created = await owner.post(f"/v1/organizations/{parent}/children", {"name": name})
    assert created.status_code == 200, created.text
    child: str = created.json()["organization"]["organization"]["id"]
    await settled(streams, child)
    return child


async def _hold(person: Person, org_id: str, amount: str, **extra) -> str:
    made = await reserve(person, org_id, amount, **extra)
    assert made.status_code == 200, made.text
    hold: str = made.json()["reservation"]["id"]
    return hold


async def _settle(person: Person, org_id: str, hold: str, amount: str) -> dict:
    done = await person.post(
        _hold_path(org_id, hold, "settle"), {"actual_amount": amount, "idempotency_key": key()}
    )
    assert done.status_code == 200, done.text
    found: dict = done.json()
    return found


async def _set_cap(owner: Person, parent: str, child: str, cap: str) -> dict:
    changed = await _put(owner, _cap_path(parent, child), {"monthly_cap": cap})
    assert changed.status_code == 200, changed.text
    spending: dict = changed.json()["spending"]
    return spending


async def test_a_child_spends_its_parents_pool_and_gets_no_credits_of_its_own(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)

    seen = await balance(owner, child)
    assert seen["org_id"] == child
    assert seen["pool_org_id"] == agency
    assert Decimal(seen["balance"]) == POOL  # the agency's credits
    assert seen["sub_organization"]["parent_org_id"] == agency
    assert seen["sub_organization"]["monthly_cap"] == ""  # no cap: the whole pool
    assert Decimal(seen["sub_organization"]["spent"]) == 0

    hold = await reserve(owner, child, "3", metadata={"run_id": "client-run"})
    assert hold.status_code == 200, hold.text
    made = hold.json()
    assert made["reservation"]["org_id"] == child
    assert made["reservation"]["pool_org_id"] == agency
    assert Decimal(made["balance"]["available"]) == POOL - 3
    settled_hold = await _settle(owner, child, made["reservation"]["id"], "2")
    assert Decimal(settled_hold["balance"]["balance"]) == POOL - 2

    parent = await balance(owner, agency)
    assert Decimal(parent["balance"]) == POOL - 2  # the one pool
    assert "sub_organization" not in parent
    mine = await owner.get(f"/v1/organizations/{child}/credits/transactions")
    assert mine.status_code == 200, mine.text
    types = [t["type"] for t in mine.json()["transactions"]]
    assert types == ["TRANSACTION_TYPE_AI_CONSUMPTION", "TRANSACTION_TYPE_RESERVATION_HOLD"]
    assert {t["org_id"] for t in mine.json()["transactions"]} == {child}
    assert {t["pool_org_id"] for t in mine.json()["transactions"]} == {agency}
    # The parent's ledger is the pool's: the child's charge is in it, marked as the child's.
    theirs = (await owner.get(f"/v1/organizations/{agency}/credits/transactions")).json()
    charged = [t for t in theirs["transactions"] if t["type"] == "TRANSACTION_TYPE_AI_CONSUMPTION"]
    assert [(t["org_id"], t["amount"]) for t in charged] == [(child, "-2")]

    # No free credits of its own: no allocation, no bonus on the child's own account.
    assert await bonuses(billing_db, child) == []
    granted = await scalar(
        billing_db,
        "SELECT coalesce(sum(amount), 0) FROM credit_transactions WHERE org_id = :o AND amount > 0",
        o=uuid.UUID(child),
    )
    assert Decimal(granted) == 0
    allocation = await scalar(
        billing_db,
        "SELECT monthly_allocation FROM credit_accounts WHERE org_id = :o",
        o=uuid.UUID(child),
    )
    assert Decimal(allocation) == 0


async def test_a_childs_period_end_grants_it_nothing(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    ended = await _period_due(billing_db, child)

    async def renewed() -> bool:
        status = await owner.get(f"/v1/organizations/{child}/billing/status")
        start = status.json()["subscription"]["current_period_start"]
        return bool(start.startswith(ended.strftime("%Y-%m-%dT%H:%M:%S")))

    await eventually(renewed, "billing's sweeper to start the child's next period")
    granted = await scalar(
        billing_db,
        "SELECT coalesce(sum(amount), 0) FROM credit_transactions WHERE org_id = :o AND amount > 0",
        o=uuid.UUID(child),
    )
    assert Decimal(granted) == 0
    assert Decimal((await balance(owner, agency))["balance"]) == POOL


async def test_check_ai_access_and_a_runs_admission_use_the_pool_and_the_cap(
    people: People,
    billing_db: Database,
    streams: redis.Redis,
    billing_channel: grpc.aio.Channel,
    agents_channel: grpc.aio.Channel,
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    plans = plans_pb2_grpc.PlanServiceStub(billing_channel)
    ask = plans_pb2.CheckAIAccessRequest(
        org_id=child,
        capability=plans_pb2.CAPABILITY_AGENT_RUN,
        quality=plans_pb2.QUALITY_LEVEL_FAST,
    )
    access = await plans.CheckAIAccess(ask, metadata=forwarded(owner))
    assert access.allowed, access
    assert Decimal(access.spendable_credits) == POOL

    await _set_cap(owner, agency, child, "4")  # less than one agent run (5 credits)
    access = await plans.CheckAIAccess(ask, metadata=forwarded(owner))
    assert not access.allowed
    assert access.reason == "CHILD_SPENDING_CAP_EXCEEDED"
    assert Decimal(access.spendable_credits) == 4
    refused = await reserve(owner, child, "5")  # what CheckAIAccess said, Reserve does
    assert (refused.status_code, reason(refused)) == CAPPED, refused.text

    admit = plans_pb2.AdmitRunRequest(
        org_id=child, quality=plans_pb2.QUALITY_LEVEL_FAST, held_model_calls=1, hold_key=key()
    )
    agents = plans_pb2_grpc.PlanServiceStub(agents_channel)  # the agents service, for the child
    acting = (("x-keel-org-id", child),)
    try:
        await agents.AdmitRun(admit, metadata=acting)
        raise AssertionError("admitted past the cap")
    except grpc.aio.AioRpcError as error:
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, error.details()
        info = next(d for d in details_of(error) if isinstance(d, error_details_pb2.ErrorInfo))
        assert info.reason == "CHILD_SPENDING_CAP_EXCEEDED"
        assert (info.metadata["cap"], info.metadata["parent_org_id"]) == ("4", agency)
    await _set_cap(owner, agency, child, "50")
    admitted = await agents.AdmitRun(admit, metadata=acting)
    assert Decimal(admitted.credits_held) == 5
    mine = await balance(owner, child)
    assert Decimal(mine["sub_organization"]["spent"]) == 5  # the run's hold counts
    assert Decimal(mine["reserved"]) == 5


async def test_a_hold_past_the_childs_cap_is_refused_with_who_may_raise_it(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    spending = await _set_cap(owner, agency, child, "5")
    assert (spending["child_org_id"], spending["monthly_cap"], spending["remaining"]) == (
        child, "5", "5",
    )  # fmt: skip
    assert spending["cap_set_by"] == owner.user_id

    first = await _hold(owner, child, "3")
    refused = await reserve(owner, child, "3")
    assert (refused.status_code, reason(refused)) == CAPPED, refused.text
    info = detail(refused, "ErrorInfo")["metadata"]
    assert info == {
        "cap": "5", "spent": "3", "requested": "3", "child_org_id": child,
        "parent_org_id": agency,
    }  # fmt: skip
    assert detail(refused, "QuotaFailure")["violations"][0]["subject"] == f"org:{child}"
    # The pool is not what stops it: the parent still holds as much as it likes.
    assert (await reserve(owner, agency, "6")).status_code == 200

    # A released hold no longer counts; a settled one counts what it charged.
    released = await owner.post(_hold_path(child, first, "release"), {"idempotency_key": key()})
    assert released.status_code == 200, released.text
    second = await _hold(owner, child, "4")
    await _settle(owner, child, second, "2")
    assert (await reserve(owner, child, "3.0001")).status_code == 429
    assert (await reserve(owner, child, "3")).status_code == 200

    listed = await owner.get(f"/v1/organizations/{agency}/billing/children")
    assert listed.status_code == 200, listed.text
    (row,) = listed.json()["children"]
    assert (row["child_org_id"], row["spent"], row["remaining"]) == (child, "5", "0")

    # Lowered under what is spent: no new hold; cleared: the whole pool again.
    low = await _set_cap(owner, agency, child, "1")
    assert low["remaining"] == "-4"
    assert (await reserve(owner, child, "0.5")).status_code == 429
    cleared = await owner.delete(_cap_path(agency, child))
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["spending"]["monthly_cap"] == ""
    assert (await reserve(owner, child, "3")).status_code == 200


async def test_concurrent_holds_at_the_cap_cannot_all_pass(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    await _set_cap(owner, agency, child, "10")

    made = await asyncio.gather(*(reserve(owner, child, "3") for _ in range(8)))

    outcomes = sorted((m.status_code, reason(m)) for m in made)
    assert outcomes == [(200, "")] * 3 + [CAPPED] * 5, [m.text for m in made]
    mine = await balance(owner, child)
    assert Decimal(mine["sub_organization"]["spent"]) == 9
    assert Decimal(mine["reserved"]) == 9


async def test_a_retried_hold_counts_once_against_the_cap(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    await _set_cap(owner, agency, child, "5")
    retried = key()

    first = await _hold(owner, child, "3", idempotency_key=retried)
    again = await asyncio.gather(
        *(reserve(owner, child, "3", idempotency_key=retried) for _ in range(3))
    )

    assert {a.json()["reservation"]["id"] for a in again} == {first}
    assert Decimal((await balance(owner, child))["sub_organization"]["spent"]) == 3
    assert (await reserve(owner, child, "2")).status_code == 200  # 3 + 2: the cap, exactly
    # The same key in the parent is the parent's own: another hold, not the child's.
    theirs = await _hold(owner, agency, "3", idempotency_key=retried)
    assert theirs != first


async def test_each_organization_sees_only_its_own(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams, "Client")
    sibling = await _child(owner, agency, streams, "Other client")
    client = await people.join(owner, child, "ROLE_OWNER", "client")
    neighbour = await people.join(owner, sibling, "ROLE_MEMBER", "neighbour")
    outsider, elsewhere = await _agency(people, billing_db, "outsider")
    await _set_cap(owner, agency, child, "5")
    await _set_cap(owner, agency, sibling, "7")
    await _settle(owner, child, await _hold(owner, child, "2"), "2")
    await _hold(owner, sibling, "4")
    parents_hold = await _hold(owner, agency, "1")

    # The child's own members: its cap and its month, not the sibling's nor the parent's.
    seen = (await balance(client, child))["sub_organization"]
    assert (seen["monthly_cap"], seen["spent"], seen["remaining"]) == ("5", "2", "3")
    theirs = await client.get(f"/v1/organizations/{child}/credits/transactions")
    assert {t["org_id"] for t in theirs.json()["transactions"]} == {child}
    for path in (
        f"/v1/organizations/{agency}/billing/children",
        f"/v1/organizations/{agency}/credits",
        f"/v1/organizations/{sibling}/credits",
        f"/v1/organizations/{agency}/credits/transactions",
    ):
        assert (await client.get(path)).status_code == 404, path
    # The parent's hold is not the child's, even to the same person through the child.
    through_child = await owner.get(_hold_path(child, parents_hold))
    assert (through_child.status_code, reason(through_child)) == (404, "RESERVATION_NOT_FOUND")
    # Not even the child's own owner sets its cap (through the parent or as if its own
    # child), nor a sibling's.
    for parent, target in ((agency, child), (child, child), (agency, sibling)):
        denied = await _put(client, _cap_path(parent, target), {"monthly_cap": "100"})
        assert denied.status_code == 404, denied.text
    assert (await neighbour.get(f"/v1/organizations/{child}/credits")).status_code == 404

    # The parent sees each child's month.
    listed = await owner.get(f"/v1/organizations/{agency}/billing/children")
    rows = {r["child_org_id"]: (r["monthly_cap"], r["spent"]) for r in listed.json()["children"]}
    assert rows == {child: ("5", "2"), sibling: ("7", "4")}

    # An outsider: nothing of the agency's, and its own organization has no such children.
    for path in (
        f"/v1/organizations/{agency}/billing/children",
        f"/v1/organizations/{child}/credits",
    ):
        assert (await outsider.get(path)).status_code == 404, path
    assert (
        await _put(outsider, _cap_path(agency, child), {"monthly_cap": "100"})
    ).status_code == 404
    not_theirs = await _put(outsider, _cap_path(elsewhere, child), {"monthly_cap": "100"})
    assert (not_theirs.status_code, reason(not_theirs)) == (404, "SUB_ORGANIZATION_NOT_FOUND")
    own = await outsider.get(f"/v1/organizations/{elsewhere}/billing/children")
    assert own.json()["children"] == []
    assert (await balance(client, child))["sub_organization"]["monthly_cap"] == "5"


async def test_a_cap_is_validated(people: People, billing_db: Database, streams: redis.Redis):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    for bad in ("-1", "1.00001", "ten", ""):
        refused = await _put(owner, _cap_path(agency, child), {"monthly_cap": bad})
        assert refused.status_code == 400, (bad, refused.text)
    assert (
        await _put(owner, _cap_path(agency, "not-a-uuid"), {"monthly_cap": "1"})
    ).status_code == 400


async def test_the_dashboards_count_a_childs_spending_once_where_it_belongs(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams, "Client")
    sibling = await _child(owner, agency, streams, "Other client")
    await _settle(owner, child, await _hold(owner, child, "3"), "2.5")
    await _settle(owner, sibling, await _hold(owner, sibling, "2"), "1")
    await _settle(owner, agency, await _hold(owner, agency, "1"), "0.5")

    async def dashboard(org_id: str) -> dict:
        found = await owner.get(f"/v1/organizations/{org_id}/usage/dashboard", params={"days": 2})
        assert found.status_code == 200, found.text
        body: dict = found.json()
        return body

    mine, theirs, pool = [await dashboard(o) for o in (child, sibling, agency)]
    assert mine["period"]["credits_consumed"] == "2.5"
    assert mine["timeline"][-1]["totals"]["credits_consumed"] == "2.5"
    assert theirs["period"]["credits_consumed"] == "1"
    # The parent's is the pool's: its own and every child's.
    assert pool["period"]["credits_consumed"] == "4"
    assert mine["credits_available"] == pool["credits_available"] == str(POOL - 4)


async def test_a_killed_replicas_hold_counts_once_until_the_sweeper_ends_it(
    people: People, billing_db: Database, streams: redis.Redis, billing_env, tmp_path
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    await _set_cap(owner, agency, child, "5")
    retried = key()
    replica = ServiceProcess("billing", _replica(billing_env), tmp_path / "replica.log").start()
    try:
        async with channels.channel(replica.address) as channel:
            reply = await credits_pb2_grpc.CreditServiceStub(channel).Reserve(
                credits_pb2.ReserveRequest(
                    org_id=child,
                    amount="4",
                    idempotency_key=retried,
                    ttl=duration_pb2.Duration(seconds=3600),
                ),
                metadata=forwarded(owner),
            )
    finally:
        assert replica.process is not None
        replica.process.kill()  # no graceful shutdown: as if the machine went away
        replica.process.wait()
    held = reply.reservation.id

    # The caller retries on the surviving process: the same hold, counted once.
    again = await reserve(owner, child, "4", idempotency_key=retried, ttl="3600s")
    assert again.status_code == 200, again.text
    assert again.json()["reservation"]["id"] == held
    assert Decimal((await balance(owner, child))["sub_organization"]["spent"]) == 4
    refused = await reserve(owner, child, "2")
    assert (refused.status_code, reason(refused)) == CAPPED, refused.text

    # Its time comes (set here rather than waited for): the sweeper ends it, the cap frees.
    await sql(
        billing_db,
        "UPDATE credit_reservations SET expires_at = now() - interval '1 second' WHERE id = :id",
        id=uuid.UUID(held),
    )

    async def ended() -> bool:
        return Decimal((await balance(owner, child))["sub_organization"]["spent"]) == 0

    await eventually(ended, "billing's sweeper to end the killed replica's hold")
    assert (await reserve(owner, child, "5")).status_code == 200


async def test_a_hold_before_billing_heard_of_the_child_waits_to_go_to_the_pool(
    people: People, billing_db: Database, streams: redis.Redis, billing_env, tmp_path
):
    """A new sub-organization's first call may beat identity's `organization.created` to
    billing: its account then opens as a top-level one would, with the free plan's credits.
    Its holds wait for the event, so they go to the pool, never to those credits."""
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    # As if the event had not come yet: the account opened by a first call (provisional),
    # no word of its parent, on a replica that has kept nothing in memory.
    (said,) = await sql(
        billing_db,
        "DELETE FROM organizations WHERE org_id = :o"
        " RETURNING parent_org_id, created_by_user_id, created_at",
        o=uuid.UUID(child),
    )
    await sql(
        billing_db,
        "UPDATE subscriptions SET provisional = true WHERE org_id = :o",
        o=uuid.UUID(child),
    )
    replica = ServiceProcess("billing", _replica(billing_env), tmp_path / "replica.log").start()
    try:
        async with channels.channel(replica.address) as channel:
            hold = asyncio.ensure_future(
                credits_pb2_grpc.CreditServiceStub(channel).Reserve(
                    credits_pb2.ReserveRequest(org_id=child, amount="3", idempotency_key=key()),
                    metadata=forwarded(owner),
                )
            )

            async def waiting() -> bool:
                return f"a hold of {child} waits" in replica.log()

            await eventually(waiting, "the replica's hold to wait for the event")
            assert not hold.done()
            await sql(  # identity's organization.created arrives
                billing_db,
                "INSERT INTO organizations (org_id, parent_org_id, created_by_user_id, created_at)"
                " VALUES (:o, :parent, :by, :at)",
                o=uuid.UUID(child),
                parent=said[0],
                by=said[1],
                at=said[2],
            )
            reply = await hold
    finally:
        assert replica.process is not None
        replica.process.kill()
        replica.process.wait()
    assert (reply.reservation.org_id, reply.reservation.pool_org_id) == (child, agency)
    assert Decimal(reply.balance.reserved) == 3  # the pool's


async def test_a_childs_open_hold_on_the_pool_keeps_it_from_being_deleted(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    child = await _child(owner, agency, streams)
    held = await _hold(owner, child, "1")

    refused = await owner.delete(f"/v1/organizations/{child}")
    assert (refused.status_code, reason(refused)) == (400, "ORGANIZATION_HAS_HELD_CREDITS")
    assert detail(refused, "ErrorInfo")["metadata"]["open_holds"] == "1"
    released = await owner.post(_hold_path(child, held, "release"), {"idempotency_key": key()})
    assert released.status_code == 200, released.text
    deleted = await owner.delete(f"/v1/organizations/{child}")
    assert deleted.status_code == 200, deleted.text
    # Gone from the parent's list too.
    await settled(streams, child, "organization.deleted")
    listed = await owner.get(f"/v1/organizations/{agency}/billing/children")
    assert listed.json()["children"] == []


async def test_the_parent_pages_through_its_children(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner, agency = await _agency(people, billing_db)
    made = [await _child(owner, agency, streams, f"Client {i}") for i in range(3)]
    path = f"/v1/organizations/{agency}/billing/children"

    first = (await owner.get(path, params={"page_size": 2})).json()
    second = (
        await owner.get(path, params={"page_size": 2, "page_token": first["next_page_token"]})
    ).json()

    listed = [c["child_org_id"] for c in first["children"] + second["children"]]
    assert sorted(listed) == sorted(made)  # each once, over the two pages
    assert second.get("next_page_token", "") == ""
    bad = await owner.get(path, params={"page_token": "bm90IGEgdG9rZW4"})
    assert (bad.status_code, reason(bad)) == (400, "INVALID_PAGE_TOKEN")
