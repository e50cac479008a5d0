"""E-mail verification through the gateway: accounts start unverified, the token e-mailed
(read from identity's event, as messaging will) verifies the address once, and only a
verified invitee joins by invitation: whoever saw a link cannot sign up as the invitee."""

from __future__ import annotations

import hashlib
import uuid

import httpx

from keel_runtime.db import Database
from tests.identity.people import People, Person, verification_token
from tests.identity.support import reason, sql


async def verify(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.post("/v1/auth/verify-email", json={"token": token})


async def context_user(person: Person) -> dict[str, object]:
    response = await person.get("/v1/auth/context")
    assert response.status_code == 200, response.text
    user: dict[str, object] = response.json()["user"]
    return user


async def test_an_account_starts_unverified_and_its_emailed_token_verifies_it_once(
    people: People, http: httpx.AsyncClient, identity_db: Database
) -> None:
    person = await people.signup("fresh")
    assert (await context_user(person))["email_verified"] is False
    token = await verification_token(person.user_id)
    assert token.startswith("evt_") and len(token) >= 30  # 238 random bits
    # Only its digest is stored, with an expiry about a day away.
    stored = await sql(
        identity_db,
        "SELECT token_hash, expires_at - now() > interval '23 hours' FROM email_verifications"
        " WHERE user_id = :u",
        u=uuid.UUID(person.user_id),
    )
    assert stored == [(hashlib.sha256(token.encode()).digest(), True)]

    verified = await verify(http, token)  # public: the token is the credential
    assert verified.status_code == 200, verified.text
    assert verified.json()["user"]["id"] == person.user_id
    assert verified.json()["user"]["email_verified"] is True
    assert (await context_user(person))["email_verified"] is True
    again = await verify(http, token)
    assert again.status_code == 400 and reason(again) == "VERIFICATION_TOKEN_USED"
    unknown = await verify(http, "evt_" + "x" * 40)
    assert unknown.status_code == 404 and reason(unknown) == "VERIFICATION_TOKEN_NOT_FOUND"
    resent = await person.post("/v1/auth/verify-email:resend")
    assert resent.status_code == 400 and reason(resent) == "EMAIL_ALREADY_VERIFIED"


async def test_an_expired_token_is_refused_and_a_new_one_replaces_the_old(
    people: People, http: httpx.AsyncClient, identity_db: Database
) -> None:
    person = await people.signup("slow")
    first = await verification_token(person.user_id)
    await sql(
        identity_db,
        "UPDATE email_verifications SET expires_at = now() - interval '1 minute'"
        " WHERE user_id = :u",
        u=uuid.UUID(person.user_id),
    )
    expired = await verify(http, first)
    assert expired.status_code == 400 and reason(expired) == "VERIFICATION_TOKEN_EXPIRED"

    resent = await person.post("/v1/auth/verify-email:resend")
    assert resent.status_code == 200, resent.text
    assert resent.json()["expires_at"]
    second = await verification_token(person.user_id, other_than=first)
    assert (await verify(http, first)).status_code == 404  # replaced by the new one
    assert (await verify(http, second)).status_code == 200
    anonymous = await http.post("/v1/auth/verify-email:resend", json={})
    assert anonymous.status_code == 401


async def test_asking_for_new_tokens_is_throttled_per_user(people: People) -> None:
    person = await people.signup("eager")  # the sign-up sent the first of five an hour
    for _ in range(4):
        assert (await person.post("/v1/auth/verify-email:resend")).status_code == 200
    throttled = await person.post("/v1/auth/verify-email:resend")
    assert throttled.status_code == 429 and reason(throttled) == "VERIFICATION_THROTTLED"
    assert int(throttled.headers["retry-after"]) > 0


async def test_whoever_saw_a_link_cannot_sign_up_as_the_invitee_and_join(
    people: People, http: httpx.AsyncClient
) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Guarded")
    email = f"Invitee-{uuid.uuid4().hex[:8]}@Example.com"
    invited = await owner.post(
        f"/v1/organizations/{org_id}/invitations", {"email": email, "role": "ROLE_ADMIN"}
    )
    assert invited.status_code == 200, invited.text
    token = invited.json()["token"]

    # Someone who saw the link signs up with the invited address, but cannot verify it.
    account = await people.signup("invitee", email=email.lower())
    refused = await account.post(f"/v1/invitations/{token}/accept")
    assert refused.status_code == 403 and reason(refused) == "EMAIL_NOT_VERIFIED"
    members = (await owner.get(f"/v1/organizations/{org_id}/members")).json()["members"]
    assert account.user_id not in {m["user_id"] for m in members}
    pending = await http.get(f"/v1/invitations/{token}")
    assert pending.json()["status"] == "INVITATION_STATUS_PENDING"

    # The owner of the address verifies it (the e-mail went to them) and joins.
    await people.verify_email(account)
    accepted = await account.post(f"/v1/invitations/{token}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["organization"]["role"] == "ROLE_ADMIN"
