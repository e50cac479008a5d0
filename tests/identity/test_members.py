"""Members and roles through the gateway: listing, role changes under the role rules,
removal and leaving, the last-owner rule (also under concurrent requests), and a removed
member refused at once although their token still names the organization."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from keel_runtime.db import Database
from tests.identity.people import People, Person
from tests.identity.support import reason, scalar


async def roles(person: Person, org_id: str) -> dict[str, str]:
    """user id → role of every direct member, as `person` sees the list."""
    response = await person.get(f"/v1/organizations/{org_id}/members")
    assert response.status_code == 200, response.text
    return {m["user_id"]: m["role"] for m in response.json()["members"]}


async def set_role(actor: Person, org_id: str, target: Person, role: str) -> httpx.Response:
    return await actor.patch(f"/v1/organizations/{org_id}/members/{target.user_id}", {"role": role})


async def remove(actor: Person, org_id: str, target: Person) -> httpx.Response:
    return await actor.delete(f"/v1/organizations/{org_id}/members/{target.user_id}")


async def audit_actions(person: Person, org_id: str) -> list[dict[str, Any]]:
    response = await person.get(f"/v1/organizations/{org_id}/audit-log")
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


async def team(people: People) -> tuple[str, Person, Person, Person, Person, Person]:
    """An organization with an owner, a second owner, an admin, a member and a viewer."""
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Team")
    co_owner = await people.join(owner, org_id, "ROLE_OWNER", "co-owner")
    admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin")
    member = await people.join(owner, org_id, "ROLE_MEMBER", "member")
    viewer = await people.join(owner, org_id, "ROLE_VIEWER", "viewer")
    return org_id, owner, co_owner, admin, member, viewer


async def test_members_listed_in_join_order_with_pages(people: People) -> None:
    org_id, owner, co_owner, admin, member, viewer = await team(people)
    response = await viewer.get(f"/v1/organizations/{org_id}/members")
    assert response.status_code == 200, response.text
    listed = response.json()["members"]
    assert [(m["user_id"], m["role"]) for m in listed] == [
        (owner.user_id, "ROLE_OWNER"),
        (co_owner.user_id, "ROLE_OWNER"),
        (admin.user_id, "ROLE_ADMIN"),
        (member.user_id, "ROLE_MEMBER"),
        (viewer.user_id, "ROLE_VIEWER"),
    ]
    assert listed[0]["email"] == owner.email and listed[0]["display_name"] == "Owner"
    assert listed[0]["joined_at"]

    seen, token = [], ""
    while True:
        page = await member.get(
            f"/v1/organizations/{org_id}/members", params={"page_size": 2, "page_token": token}
        )
        body = page.json()
        assert len(body["members"]) <= 2
        seen += [m["user_id"] for m in body["members"]]
        token = body.get("next_page_token", "")
        if not token:
            break
    assert seen == [m["user_id"] for m in listed]


async def test_role_rules(people: People) -> None:
    org_id, owner, co_owner, admin, member, viewer = await team(people)
    other_admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin2")

    # Admins manage members and viewers, up to their own role…
    assert (await set_role(admin, org_id, member, "ROLE_VIEWER")).status_code == 200
    assert (await set_role(admin, org_id, member, "ROLE_MEMBER")).status_code == 200
    # …but never owners or other admins, and never make anyone owner.
    for target in (owner, other_admin):
        denied = await set_role(admin, org_id, target, "ROLE_MEMBER")
        assert denied.status_code == 403 and reason(denied) == "CANNOT_MANAGE_MEMBER"
        denied = await remove(admin, org_id, target)
        assert denied.status_code == 403 and reason(denied) == "CANNOT_MANAGE_MEMBER"
    too_high = await set_role(admin, org_id, viewer, "ROLE_OWNER")
    assert too_high.status_code == 403 and reason(too_high) == "ROLE_TOO_HIGH"
    # Members and viewers manage nobody.
    for actor in (member, viewer):
        denied = await set_role(actor, org_id, viewer, "ROLE_MEMBER")
        assert denied.status_code == 403 and reason(denied) == "MISSING_PERMISSION"
    # Owners manage everyone.
    promoted = await set_role(owner, org_id, other_admin, "ROLE_OWNER")
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["member"]["role"] == "ROLE_OWNER"
    assert promoted.json()["member"]["user_id"] == other_admin.user_id

    assert await roles(owner, org_id) == {
        owner.user_id: "ROLE_OWNER",
        co_owner.user_id: "ROLE_OWNER",
        admin.user_id: "ROLE_ADMIN",
        member.user_id: "ROLE_MEMBER",
        viewer.user_id: "ROLE_VIEWER",
        other_admin.user_id: "ROLE_OWNER",
    }
    changes = [
        e for e in await audit_actions(owner, org_id) if e["action"] == "member.role_changed"
    ]
    assert [(e["target_id"], e["before"], e["after"]) for e in changes] == [
        (other_admin.user_id, {"role": "ROLE_ADMIN"}, {"role": "ROLE_OWNER"}),
        (member.user_id, {"role": "ROLE_VIEWER"}, {"role": "ROLE_MEMBER"}),
        (member.user_id, {"role": "ROLE_MEMBER"}, {"role": "ROLE_VIEWER"}),
    ]
    assert changes[0]["actor_user_id"] == owner.user_id

    stranger = await people.signup("stranger")
    missing = await owner.patch(
        f"/v1/organizations/{org_id}/members/{stranger.user_id}", {"role": "ROLE_MEMBER"}
    )
    assert missing.status_code == 404 and reason(missing) == "MEMBER_NOT_FOUND"
    bad = await set_role(owner, org_id, member, "ROLE_UNSPECIFIED")
    assert bad.status_code == 400
    bad = await owner.patch(f"/v1/organizations/{org_id}/members/nope", {"role": "ROLE_MEMBER"})
    assert bad.status_code == 400


async def test_leave_and_removal(people: People) -> None:
    org_id, owner, co_owner, admin, member, viewer = await team(people)
    left = await remove(viewer, org_id, viewer)
    assert left.status_code == 200, left.text
    gone = await viewer.get(f"/v1/organizations/{org_id}")
    assert gone.status_code == 404 and reason(gone) == "ORGANIZATION_NOT_FOUND"

    assert (await remove(admin, org_id, member)).status_code == 200
    assert (await remove(co_owner, org_id, admin)).status_code == 200
    assert await roles(owner, org_id) == {
        owner.user_id: "ROLE_OWNER",
        co_owner.user_id: "ROLE_OWNER",
    }
    again = await remove(owner, org_id, member)
    assert again.status_code == 404 and reason(again) == "MEMBER_NOT_FOUND"
    actions = [(e["action"], e["target_id"]) for e in await audit_actions(owner, org_id)][:3]
    assert actions == [
        ("member.removed", admin.user_id),
        ("member.removed", member.user_id),
        ("member.left", viewer.user_id),
    ]


async def test_removed_member_is_refused_on_the_next_call(people: People) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Strict")
    member = await people.join(owner, org_id, "ROLE_MEMBER", "member")
    for _ in range(2):  # warm every cache on the way
        assert (await member.get(f"/v1/organizations/{org_id}")).status_code == 200
    assert (await remove(owner, org_id, member)).status_code == 200
    # The same access token still names the organization; the service refuses it.
    refused = await member.get(f"/v1/organizations/{org_id}")
    assert refused.status_code == 404 and reason(refused) == "ORGANIZATION_NOT_FOUND"
    refused = await member.get(f"/v1/organizations/{org_id}/members")
    assert refused.status_code == 404

    demoted = await people.join(owner, org_id, "ROLE_ADMIN", "admin")
    assert (await demoted.get(f"/v1/organizations/{org_id}/audit-log")).status_code == 200
    assert (await set_role(owner, org_id, demoted, "ROLE_VIEWER")).status_code == 200
    refused = await demoted.get(f"/v1/organizations/{org_id}/audit-log")
    assert refused.status_code == 403 and reason(refused) == "MISSING_PERMISSION"


async def test_last_owner_is_kept(people: People, identity_db: Database) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Solo")
    admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin")

    for attempt in (
        await set_role(owner, org_id, owner, "ROLE_ADMIN"),
        await remove(owner, org_id, owner),
    ):
        assert attempt.status_code == 400 and reason(attempt) == "LAST_OWNER"
    assert (await roles(owner, org_id))[owner.user_id] == "ROLE_OWNER"

    # With a second owner, the first may step down or leave.
    assert (await set_role(owner, org_id, admin, "ROLE_OWNER")).status_code == 200
    assert (await set_role(owner, org_id, owner, "ROLE_MEMBER")).status_code == 200
    assert (await remove(owner, org_id, owner)).status_code == 200
    last = await remove(admin, org_id, admin)
    assert last.status_code == 400 and reason(last) == "LAST_OWNER"
    owners = await _owners(identity_db, org_id)
    assert owners == 1


async def _owners(database: Database, org_id: str) -> int:
    statement = "SELECT count(*) FROM memberships WHERE org_id = :id AND role = 4"
    count: int = await scalar(database, statement, id=uuid.UUID(org_id))
    return count


@pytest.mark.parametrize("how", ["demote", "remove"])
async def test_two_owners_turning_on_each_other_leave_one_owner(
    people: People, identity_db: Database, how: str
) -> None:
    for _ in range(3):
        first = await people.signup("first")
        org_id = await people.organization(first, "Duel")
        second = await people.join(first, org_id, "ROLE_OWNER", "second")

        async def act(actor: Person, target: Person, org_id: str = org_id) -> httpx.Response:
            if how == "demote":
                return await set_role(actor, org_id, target, "ROLE_ADMIN")
            return await remove(actor, org_id, target)

        results = await asyncio.gather(act(first, second), act(second, first))
        statuses = sorted(r.status_code for r in results)
        assert statuses[0] == 200, [r.text for r in results]
        assert statuses[1] in (403, 404), [r.text for r in results]
        assert await _owners(identity_db, org_id) == 1
