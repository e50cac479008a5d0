"""Offboarding through the gateway: the invitations an admin sent stop working when they
lose the right to send them (removed, left, demoted, or removed from the parent of the
organization they invited to), while the invitations of others stay pending."""

from __future__ import annotations

import httpx

from tests.identity.people import People, Person, unique_email
from tests.identity.support import reason


async def invite(sender: Person, org_id: str, role: str) -> str:
    """A new address invited to `org_id` by `sender`; the invitation's token."""
    response = await sender.post(
        f"/v1/organizations/{org_id}/invitations", {"email": unique_email("guest"), "role": role}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


async def status(http: httpx.AsyncClient, token: str) -> str:
    response = await http.get(f"/v1/invitations/{token}")
    assert response.status_code == 200, response.text
    found: str = response.json()["status"]
    return found


async def accept_as_invited(people: People, http: httpx.AsyncClient, token: str) -> httpx.Response:
    """The invited address signs up and accepts."""
    email = (await http.get(f"/v1/invitations/{token}")).json()["email"]
    guest = await people.verified("guest", email=email)
    return await guest.post(f"/v1/invitations/{token}/accept")


async def test_a_removed_admins_invitations_are_revoked(
    people: People, http: httpx.AsyncClient
) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Offboarding")
    admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin")
    as_admin = await invite(admin, org_id, "ROLE_ADMIN")
    as_member = await invite(admin, org_id, "ROLE_MEMBER")
    by_owner = await invite(owner, org_id, "ROLE_MEMBER")

    removed = await owner.delete(f"/v1/organizations/{org_id}/members/{admin.user_id}")
    assert removed.status_code == 200, removed.text

    for token in (as_admin, as_member):
        assert await status(http, token) == "INVITATION_STATUS_REVOKED"
    refused = await accept_as_invited(people, http, as_admin)
    assert refused.status_code == 400 and reason(refused) == "INVITATION_REVOKED", refused.text
    # Someone else's invitation is theirs to keep.
    assert await status(http, by_owner) == "INVITATION_STATUS_PENDING"
    assert (await accept_as_invited(people, http, by_owner)).status_code == 200

    log = (await owner.get(f"/v1/organizations/{org_id}/audit-log")).json()["events"]
    revoked = [e for e in log if e["action"] == "invitation.revoked"]
    assert len(revoked) == 2
    assert {e["after"]["reason"] for e in revoked} == {"member.removed"}
    assert {e["actor_user_id"] for e in revoked} == {owner.user_id}


async def test_an_admin_leaving_or_demoted_takes_their_invitations_along(
    people: People, http: httpx.AsyncClient
) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Turnover")
    leaving = await people.join(owner, org_id, "ROLE_ADMIN", "leaving")
    demoted = await people.join(owner, org_id, "ROLE_ADMIN", "demoted")
    from_leaving = await invite(leaving, org_id, "ROLE_VIEWER")
    from_demoted = await invite(demoted, org_id, "ROLE_ADMIN")

    left = await leaving.delete(f"/v1/organizations/{org_id}/members/{leaving.user_id}")
    assert left.status_code == 200, left.text
    assert await status(http, from_leaving) == "INVITATION_STATUS_REVOKED"

    # A member may send no invitation: what they sent as admin stops too.
    changed = await owner.patch(
        f"/v1/organizations/{org_id}/members/{demoted.user_id}", {"role": "ROLE_MEMBER"}
    )
    assert changed.status_code == 200, changed.text
    assert await status(http, from_demoted) == "INVITATION_STATUS_REVOKED"
    refused = await accept_as_invited(people, http, from_demoted)
    assert refused.status_code == 400 and reason(refused) == "INVITATION_REVOKED"


async def test_a_promotion_keeps_invitations_pending(
    people: People, http: httpx.AsyncClient
) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Promotion")
    admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin")
    token = await invite(admin, org_id, "ROLE_MEMBER")
    promoted = await owner.patch(
        f"/v1/organizations/{org_id}/members/{admin.user_id}", {"role": "ROLE_OWNER"}
    )
    assert promoted.status_code == 200, promoted.text
    assert await status(http, token) == "INVITATION_STATUS_PENDING"


async def test_an_agency_admin_removed_loses_their_client_invitations(
    people: People, http: httpx.AsyncClient
) -> None:
    owner = await people.signup("owner")
    agency = await people.organization(owner, "Agency")
    admin = await people.join(owner, agency, "ROLE_ADMIN", "admin")
    created = await owner.post(f"/v1/organizations/{agency}/children", {"name": "Client"})
    assert created.status_code == 200, created.text
    client = created.json()["organization"]["organization"]["id"]
    # The agency's admin is the client's admin by inheritance, and invites there.
    to_client = await invite(admin, client, "ROLE_MEMBER")

    removed = await owner.delete(f"/v1/organizations/{agency}/members/{admin.user_id}")
    assert removed.status_code == 200, removed.text
    assert await status(http, to_client) == "INVITATION_STATUS_REVOKED"
    client_log = (await owner.get(f"/v1/organizations/{client}/audit-log")).json()["events"]
    assert [e["after"]["reason"] for e in client_log if e["action"] == "invitation.revoked"] == [
        "member.removed"
    ]
