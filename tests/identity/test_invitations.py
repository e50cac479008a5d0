"""Invitations through the gateway: create (role at most the inviter's), the public lookup
(nothing secret), accept (matching e-mail; expired, revoked and used links refused with
their reason; two accepts at once give one membership), list, revoke, replacement of a
pending invitation, the event for the e-mail, and bad input."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from keel.events.v1 import events_pb2 as envelope_pb2
from keel.identity.v1 import events_pb2
from keel_runtime.db import Database
from keel_runtime.sealing import Sealer
from tests.identity.people import People, Person
from tests.identity.support import EVENTS_SEALING_KEY, reason, sql, violated_fields


async def invite(owner: Person, org_id: str, email: str, role: str = "ROLE_MEMBER") -> Any:
    response = await owner.post(
        f"/v1/organizations/{org_id}/invitations", {"email": email, "role": role}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def accept(person: Person, token: str) -> httpx.Response:
    return await person.post(f"/v1/invitations/{token}/accept")


async def member_ids(owner: Person, org_id: str) -> set[str]:
    response = await owner.get(f"/v1/organizations/{org_id}/members")
    assert response.status_code == 200, response.text
    return {m["user_id"] for m in response.json()["members"]}


async def listed(owner: Person, org_id: str, **params: Any) -> list[tuple[str, str]]:
    response = await owner.get(f"/v1/organizations/{org_id}/invitations", params=params)
    assert response.status_code == 200, response.text
    return [(i["email"], i["status"]) for i in response.json().get("invitations", [])]


@pytest.fixture
async def org(people: People) -> tuple[Person, str]:
    owner = await people.signup("owner")
    return owner, await people.organization(owner, "Inviting Inc")


async def test_invite_look_up_and_accept(
    people: People, http: httpx.AsyncClient, org: tuple[Person, str], identity_db: Database
) -> None:
    owner, org_id = org
    guest_email = f"guest-{uuid.uuid4().hex[:8]}@example.com"
    # Addresses match ignoring case.
    created = await invite(owner, org_id, guest_email.upper(), "ROLE_ADMIN")
    token, invitation = created["token"], created["invitation"]
    assert token.startswith("inv_") and len(token) > 30
    assert invitation["status"] == "INVITATION_STATUS_PENDING"
    assert invitation["role"] == "ROLE_ADMIN"
    assert invitation["invited_by_user_id"] == owner.user_id
    expires = datetime.fromisoformat(invitation["expires_at"].replace("Z", "+00:00"))
    assert abs(expires - datetime.now(UTC) - timedelta(days=7)) < timedelta(minutes=1)

    # Public: no credential needed, and nothing secret in the answer.
    public = await http.get(f"/v1/invitations/{token}")
    assert public.status_code == 200, public.text
    body = public.json()
    assert body == {
        "organization_name": "Inviting Inc",
        "role": "ROLE_ADMIN",
        "inviter_display_name": "Owner",
        "email": guest_email.upper(),
        "status": "INVITATION_STATUS_PENDING",
        "expires_at": invitation["expires_at"],
    }
    unknown = await http.get("/v1/invitations/inv_unknown")
    assert unknown.status_code == 404 and reason(unknown) == "INVITATION_NOT_FOUND"

    # Only the token's digest is stored, and the audit record never holds the token.
    stored = await sql(
        identity_db,
        "SELECT token_hash FROM invitations WHERE id = :id",
        id=uuid.UUID(invitation["id"]),
    )
    assert stored[0][0] == hashlib.sha256(token.encode()).digest()
    leaks = await sql(
        identity_db,
        "SELECT count(*) FROM audit_events WHERE before::text LIKE :t OR after::text LIKE :t",
        t=f"%{token}%",
    )
    assert leaks[0][0] == 0

    guest = await people.verified("guest", email=guest_email)
    accepted = await accept(guest, token)
    assert accepted.status_code == 200, accepted.text
    access = accepted.json()["organization"]
    assert (access["organization"]["id"], access["role"]) == (org_id, "ROLE_ADMIN")
    assert guest.user_id in await member_ids(owner, org_id)
    # Their first organization becomes the active one.
    active = await sql(
        identity_db, "SELECT active_org_id FROM users WHERE id = :id", id=uuid.UUID(guest.user_id)
    )
    assert str(active[0][0]) == org_id
    assert (await guest.get(f"/v1/organizations/{org_id}")).status_code == 200
    after = await http.get(f"/v1/invitations/{token}")
    assert after.json()["status"] == "INVITATION_STATUS_ACCEPTED"
    listed_now = (await owner.get(f"/v1/organizations/{org_id}/invitations")).json()
    assert listed_now["invitations"][0]["accepted_at"]

    reused = await accept(guest, token)
    assert reused.status_code == 400 and reason(reused) == "INVITATION_ALREADY_USED"
    actions = [
        e["action"]
        for e in (await owner.get(f"/v1/organizations/{org_id}/audit-log")).json()["events"]
    ]
    assert actions[:2] == ["member.added", "invitation.created"]


async def test_invitation_event_carries_the_link(
    org: tuple[Person, str], identity_db: Database
) -> None:
    owner, org_id = org
    created = await invite(owner, org_id, "link@example.com")
    rows = await sql(
        identity_db,
        "SELECT envelope FROM outbox_events WHERE type = 'invitation.created' ORDER BY seq",
    )
    payloads = []
    for (raw,) in rows:
        envelope = envelope_pb2.Event.FromString(raw)
        payload = events_pb2.InvitationCreated()
        envelope.payload.Unpack(payload)
        payloads.append((envelope.org_id, payload))
    org_of_event, payload = next(
        (o, p) for o, p in payloads if p.invitation_id == created["invitation"]["id"]
    )
    assert org_of_event == org_id
    assert not payload.token  # never in clear: the outbox is at rest
    sealer = Sealer(EVENTS_SEALING_KEY)
    assert sealer.open(payload.sealed_token, "invitation.created") == created["token"]
    assert payload.email == "link@example.com"
    assert payload.organization_name == "Inviting Inc"
    assert payload.inviter_display_name == "Owner"


async def test_wrong_email_is_refused_and_nothing_written(
    people: People, org: tuple[Person, str], http: httpx.AsyncClient
) -> None:
    owner, org_id = org
    created = await invite(owner, org_id, "meant-for-someone@example.com")
    intruder = await people.signup("intruder")
    refused = await accept(intruder, created["token"])
    assert refused.status_code == 403 and reason(refused) == "INVITATION_EMAIL_MISMATCH"
    assert intruder.user_id not in await member_ids(owner, org_id)
    still = await http.get(f"/v1/invitations/{created['token']}")
    assert still.json()["status"] == "INVITATION_STATUS_PENDING"
    anonymous = await http.post(f"/v1/invitations/{created['token']}/accept", json={})
    assert anonymous.status_code == 401


async def test_expired_invitation(
    people: People, org: tuple[Person, str], identity_db: Database, http: httpx.AsyncClient
) -> None:
    owner, org_id = org
    email = f"late-{uuid.uuid4().hex[:8]}@example.com"
    created = await invite(owner, org_id, email)
    await sql(
        identity_db,
        "UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = :id",
        id=uuid.UUID(created["invitation"]["id"]),
    )
    public = await http.get(f"/v1/invitations/{created['token']}")
    assert public.json()["status"] == "INVITATION_STATUS_EXPIRED"
    late = await people.verified("late", email=email)
    refused = await accept(late, created["token"])
    assert refused.status_code == 400 and reason(refused) == "INVITATION_EXPIRED"
    assert late.user_id not in await member_ids(owner, org_id)
    assert (email, "INVITATION_STATUS_EXPIRED") in await listed(
        owner, org_id, status="INVITATION_STATUS_EXPIRED"
    )
    assert await listed(owner, org_id, status="INVITATION_STATUS_PENDING") == []
    revoke = await owner.delete(
        f"/v1/organizations/{org_id}/invitations/{created['invitation']['id']}"
    )
    assert revoke.status_code == 400 and reason(revoke) == "INVITATION_NOT_PENDING"


async def test_revoked_invitation(
    people: People, org: tuple[Person, str], http: httpx.AsyncClient
) -> None:
    owner, org_id = org
    email = f"revoked-{uuid.uuid4().hex[:8]}@example.com"
    created = await invite(owner, org_id, email)
    path = f"/v1/organizations/{org_id}/invitations/{created['invitation']['id']}"
    revoked = await owner.delete(path)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["invitation"]["status"] == "INVITATION_STATUS_REVOKED"
    public = await http.get(f"/v1/invitations/{created['token']}")
    assert public.json()["status"] == "INVITATION_STATUS_REVOKED"

    invitee = await people.verified("invitee", email=email)
    refused = await accept(invitee, created["token"])
    assert refused.status_code == 400 and reason(refused) == "INVITATION_REVOKED"
    again = await owner.delete(path)
    assert again.status_code == 400 and reason(again) == "INVITATION_NOT_PENDING"
    unknown = await owner.delete(f"/v1/organizations/{org_id}/invitations/{uuid.uuid4()}")
    assert unknown.status_code == 404 and reason(unknown) == "INVITATION_NOT_FOUND"
    events = (await owner.get(f"/v1/organizations/{org_id}/audit-log")).json()["events"]
    assert events[0]["action"] == "invitation.revoked"
    assert events[0]["after"] == {"status": "revoked"}


async def test_new_invitation_replaces_the_pending_one(
    people: People, org: tuple[Person, str]
) -> None:
    owner, org_id = org
    email = f"twice-{uuid.uuid4().hex[:8]}@example.com"
    first = await invite(owner, org_id, email, "ROLE_VIEWER")
    second = await invite(owner, org_id, email.title(), "ROLE_MEMBER")
    response = await owner.get(f"/v1/organizations/{org_id}/invitations")
    statuses = {i["id"]: i["status"] for i in response.json()["invitations"]}
    assert statuses[first["invitation"]["id"]] == "INVITATION_STATUS_EXPIRED"
    assert statuses[second["invitation"]["id"]] == "INVITATION_STATUS_PENDING"

    invitee = await people.verified("invitee", email=email)
    stale = await accept(invitee, first["token"])
    assert stale.status_code == 400 and reason(stale) == "INVITATION_EXPIRED"
    fresh = await accept(invitee, second["token"])
    assert fresh.status_code == 200 and fresh.json()["organization"]["role"] == "ROLE_MEMBER"
    member_again = await owner.post(
        f"/v1/organizations/{org_id}/invitations", {"email": email, "role": "ROLE_MEMBER"}
    )
    assert member_again.status_code == 409 and reason(member_again) == "ALREADY_A_MEMBER"


async def test_two_accepts_at_once_give_one_membership(
    people: People, org: tuple[Person, str], identity_db: Database
) -> None:
    owner, org_id = org
    email = f"eager-{uuid.uuid4().hex[:8]}@example.com"
    created = await invite(owner, org_id, email)
    eager = await people.verified("eager", email=email)
    results = await asyncio.gather(*(accept(eager, created["token"]) for _ in range(3)))
    assert sorted(r.status_code for r in results) == [200, 400, 400], [r.text for r in results]
    assert {reason(r) for r in results if r.status_code != 200} == {"INVITATION_ALREADY_USED"}
    rows = await sql(
        identity_db,
        "SELECT count(*) FROM memberships WHERE org_id = :o AND user_id = :u",
        o=uuid.UUID(org_id),
        u=uuid.UUID(eager.user_id),
    )
    assert rows[0][0] == 1


async def test_who_may_invite_and_with_which_role(people: People, org: tuple[Person, str]) -> None:
    owner, org_id = org
    admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin")
    member = await people.join(owner, org_id, "ROLE_MEMBER", "member")
    path = f"/v1/organizations/{org_id}/invitations"

    too_high = await admin.post(path, {"email": "boss@example.com", "role": "ROLE_OWNER"})
    assert too_high.status_code == 403 and reason(too_high) == "ROLE_TOO_HIGH"
    assert (
        await admin.post(path, {"email": "peer@example.com", "role": "ROLE_ADMIN"})
    ).status_code == 200
    denied = await member.post(path, {"email": "friend@example.com", "role": "ROLE_VIEWER"})
    assert denied.status_code == 403 and reason(denied) == "MISSING_PERMISSION"
    denied = await member.get(path)
    assert denied.status_code == 403
    existing = await owner.post(path, {"email": member.email.upper(), "role": "ROLE_VIEWER"})
    assert existing.status_code == 409 and reason(existing) == "ALREADY_A_MEMBER"
    owner_invite = await owner.post(path, {"email": "heir@example.com", "role": "ROLE_OWNER"})
    assert owner_invite.status_code == 200


async def test_list_pages_newest_first(org: tuple[Person, str]) -> None:
    owner, org_id = org
    emails = [f"page{n}-{uuid.uuid4().hex[:6]}@example.com" for n in range(5)]
    for email in emails:
        await invite(owner, org_id, email)
    seen, token = [], ""
    while True:
        response = await owner.get(
            f"/v1/organizations/{org_id}/invitations", params={"page_size": 2, "page_token": token}
        )
        body = response.json()
        seen += [i["email"] for i in body["invitations"]]
        token = body.get("next_page_token", "")
        if not token:
            break
    assert seen == list(reversed(emails))
    pending = await listed(owner, org_id, status="INVITATION_STATUS_PENDING")
    assert {e for e, _ in pending} == set(emails)
    assert await listed(owner, org_id, status="INVITATION_STATUS_ACCEPTED") == []


async def test_bad_input_is_400_and_writes_nothing(
    org: tuple[Person, str], identity_db: Database, http: httpx.AsyncClient
) -> None:
    owner, org_id = org
    path = f"/v1/organizations/{org_id}/invitations"
    cases: list[tuple[str, Any, str | None]] = [
        (path, {"email": "not-an-address", "role": "ROLE_MEMBER"}, "email"),
        (path, {"email": "a" * 250 + "@example.com", "role": "ROLE_MEMBER"}, "email"),
        (path, {"email": "ok@example.com"}, "role"),
        (path, {"email": "ok@example.com", "role": "ROLE_UNSPECIFIED"}, "role"),
        (path, {"email": "ok@example.com", "role": "ROLE_KING"}, None),
        (path, {"email": ["ok@example.com"], "role": "ROLE_MEMBER"}, None),
        (
            "/v1/organizations/not-a-uuid/invitations",
            {"email": "ok@example.com", "role": 2},
            "org_id",
        ),
        ("/v1/invitations/" + "t" * 201 + "/accept", {}, "token"),
    ]
    for target, body, field in cases:
        response = await http.post(target, headers=owner.headers, json=body)
        assert response.status_code == 400, (target, body, response.text)
        if field is not None:
            assert field in violated_fields(response), (body, response.text)
    bad_status = await owner.get(path, params={"status": "INVITATION_STATUS_MAYBE"})
    assert bad_status.status_code == 400
    bad_id = await owner.delete(f"{path}/not-a-uuid")
    assert bad_id.status_code == 400 and "invitation_id" in violated_fields(bad_id)
    rows = await sql(
        identity_db, "SELECT count(*) FROM invitations WHERE org_id = :o", o=uuid.UUID(org_id)
    )
    assert rows[0][0] == 0
