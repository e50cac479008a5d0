"""Sign-up, login, refresh and logout, and the active-organization context, through the
real gateway (REST as clients call it) against a real identity process and database.

Per-address throttling is exercised over gRPC with the address Envoy would set: every
request through the test gateway comes from 127.0.0.1, one address for the whole session.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from typing import Any

import grpc
import httpx
import jwt
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from keel.identity.v1 import auth_pb2, auth_pb2_grpc, authorization_pb2, authorization_pb2_grpc
from keel_runtime.db import Database
from tests.identity.people import PASSWORD, People, unique_email
from tests.identity.support import detail, reason, scalar, sql

# --- helpers ------------------------------------------------------------------------------


def claims(token: str) -> dict[str, Any]:
    """The claims of an access token (its signature is the gateway's business here)."""
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


async def signup(
    http: httpx.AsyncClient, email: str, password: str = PASSWORD, name: str = "Ann"
) -> httpx.Response:
    body = {"email": email, "password": password, "display_name": name}
    return await http.post("/v1/auth/signup", json=body)


async def login(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await http.post("/v1/auth/login", json={"email": email, "password": password})


async def refresh(http: httpx.AsyncClient, token: str) -> httpx.Response:
    return await http.post("/v1/auth/refresh", json={"refresh_token": token})


async def context(http: httpx.AsyncClient, access_token: str) -> httpx.Response:
    headers = {"authorization": f"Bearer {access_token}"}
    return await http.get("/v1/auth/context", headers=headers)


async def users_with(database: Database, email: str) -> int:
    count = await scalar(
        database, "SELECT count(*) FROM users WHERE email_normalized = :e", e=email.lower()
    )
    return int(count)


def random_ipv6() -> str:
    """A client address of its own /64 (the throttle's unit), in the documentation range."""
    return f"2001:db8:{secrets.token_hex(2)}:{secrets.token_hex(2)}::{secrets.token_hex(2)}"


# --- sign-up ------------------------------------------------------------------------------


async def test_signup_creates_the_user_and_signs_them_in(http, identity_db) -> None:
    email = unique_email("ann")
    response = await signup(http, email, name="Ann Example")
    assert response.status_code == 200, response.text
    body = response.json()
    user, tokens = body["user"], body["tokens"]
    assert user["email"] == email
    assert user["display_name"] == "Ann Example"
    assert user["platform_admin"] is False
    assert user["created_at"]
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 900
    assert tokens["refresh_token"].startswith("ort_")
    # No organization yet: the token carries the user and the session only.
    token_claims = claims(tokens["access_token"])
    assert token_claims["sub"] == user["id"]
    assert "org" not in token_claims and "role" not in token_claims
    assert uuid.UUID(token_claims["sid"])

    me = await context(http, tokens["access_token"])
    assert me.status_code == 200, me.text
    assert me.json()["user"]["id"] == user["id"]
    assert me.json()["organizations"] == []
    assert "active" not in me.json()

    stored = await scalar(
        identity_db, "SELECT password_hash FROM users WHERE id = :id", id=uuid.UUID(user["id"])
    )
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    refresh_hashes = await scalar(
        identity_db,
        "SELECT count(*) FROM refresh_tokens WHERE token_hash = sha256(convert_to(:t, 'UTF8'))",
        t=tokens["refresh_token"],
    )
    assert refresh_hashes == 1  # stored only as its digest


async def test_email_addresses_are_unique_ignoring_case(http, identity_db) -> None:
    tag = secrets.token_hex(4)
    first = await signup(http, f"Ann-{tag}@Example.COM")
    assert first.status_code == 200, first.text
    assert first.json()["user"]["email"] == f"Ann-{tag}@Example.COM"  # kept as typed

    again = await signup(http, f"ann-{tag}@example.com")
    assert again.status_code == 409, again.text
    assert reason(again) == "EMAIL_TAKEN"
    assert await users_with(identity_db, f"ann-{tag}@example.com") == 1

    # Login ignores case and surrounding spaces.
    signed_in = await login(http, f"  ANN-{tag}@EXAMPLE.com ")
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["user"]["id"] == first.json()["user"]["id"]


@pytest.mark.parametrize(
    "password",
    [
        "{local}-is-my-password",  # contains the e-mail's name
        "My{LOCAL}Rocks2026",  # ignoring case
        "password123",
        "Password123",
        "1234567890",
        "qwertyuiop",
    ],
)
async def test_weak_passwords_are_refused_and_nothing_is_written(
    http, identity_db, password: str
) -> None:
    local = f"carol{secrets.token_hex(3)}"
    email = f"{local}@example.com"
    response = await signup(http, email, password.format(local=local, LOCAL=local.upper()))
    assert response.status_code == 400, response.text
    assert reason(response) == "WEAK_PASSWORD"
    violations = detail(response, "BadRequest")["field_violations"]
    assert [(v["field"], v["reason"]) for v in violations] == [("password", "WEAK_PASSWORD")]
    assert await users_with(identity_db, email) == 0


async def test_a_short_local_part_does_not_restrict_passwords(http) -> None:
    response = await signup(http, f"al@{secrets.token_hex(4)}.example.com", "always-al-2026!")
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-address", "password": PASSWORD, "display_name": "A"}, "email"),
        ({"email": " {email}", "password": PASSWORD, "display_name": "A"}, "email"),
        ({"email": "{email}", "password": "too-short", "display_name": "A"}, "password"),
        ({"email": "{email}", "password": PASSWORD, "display_name": ""}, "display_name"),
        ({"email": "{email}", "password": PASSWORD, "display_name": "   "}, "display_name"),
        ({"email": "{email}", "password": PASSWORD, "display_name": "A", "admin": True}, None),
        ({"email": "{email}", "password": 1234567890123, "display_name": "A"}, None),
    ],
)
async def test_malformed_signups_are_refused_and_nothing_is_written(
    http, identity_db, body: dict[str, Any], field: str | None
) -> None:
    email = unique_email("malformed")
    sent = {k: v.format(email=email) if isinstance(v, str) else v for k, v in body.items()}
    response = await http.post("/v1/auth/signup", json=sent)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == 3  # INVALID_ARGUMENT, as a google.rpc.Status
    if field is not None:
        violations = detail(response, "BadRequest")["field_violations"]
        assert [v["field"] for v in violations] == [field]
    assert await users_with(identity_db, email) == 0


# --- login --------------------------------------------------------------------------------


async def test_login_issues_tokens_in_a_new_session(http, identity_db) -> None:
    email = unique_email("dan")
    signed_up = (await signup(http, email)).json()
    response = await login(http, email)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["id"] == signed_up["user"]["id"]
    assert body["active_org_id"] == ""
    assert body["tokens"]["refresh_token"].startswith("ort_")
    assert (
        claims(body["tokens"]["access_token"])["sid"]
        != claims(signed_up["tokens"]["access_token"])["sid"]
    )
    assert (await context(http, body["tokens"]["access_token"])).status_code == 200
    last_login = await scalar(
        identity_db,
        "SELECT last_login_at FROM users WHERE id = :id",
        id=uuid.UUID(body["user"]["id"]),
    )
    assert last_login is not None


async def test_wrong_password_and_unknown_address_fail_alike(http) -> None:
    email = unique_email("eve")
    await signup(http, email)
    wrong_password = await login(http, email, "not-the-password")
    unknown = await login(http, unique_email("nobody"), "not-the-password")
    for response in (wrong_password, unknown):
        assert response.status_code == 401, response.text
        assert reason(response) == "INVALID_CREDENTIALS"
    assert wrong_password.json() == unknown.json()


async def test_suspended_users_cannot_log_in_or_refresh(http, identity_db) -> None:
    email = unique_email("sam")
    signed_up = (await signup(http, email)).json()
    await sql(
        identity_db,
        "UPDATE users SET suspended_at = now(), suspension_reason = 'test' WHERE id = :id",
        id=uuid.UUID(signed_up["user"]["id"]),
    )
    suspended = await login(http, email)
    assert suspended.status_code == 401, suspended.text
    assert reason(suspended) == "USER_SUSPENDED"
    # Only a correct password learns that the account is suspended.
    assert reason(await login(http, email, "not-the-password")) == "INVALID_CREDENTIALS"
    refused = await refresh(http, signed_up["tokens"]["refresh_token"])
    assert refused.status_code == 401, refused.text
    assert reason(refused) == "USER_SUSPENDED"


async def test_failed_logins_are_throttled_per_account(http) -> None:
    email = unique_email("frank")
    await signup(http, email)
    for _ in range(5):  # KEEL_IDENTITY_LOGIN_FAILURES_PER_ACCOUNT
        assert (await login(http, email, "guess-guess")).status_code == 401
    throttled = await login(http, email)  # even the right password, checked no more
    assert throttled.status_code == 429, throttled.text
    assert reason(throttled) == "LOGIN_THROTTLED"
    assert 0 < int(throttled.headers["retry-after"]) <= 900
    assert detail(throttled, "QuotaFailure")["violations"][0]["subject"] == (
        "login-failures:account"
    )
    assert detail(throttled, "RetryInfo")["retry_delay"]
    assert email not in throttled.text

    other = unique_email("grace")
    await signup(http, other)
    assert (await login(http, other)).status_code == 200  # other accounts are unaffected


async def test_parallel_guesses_cannot_slip_past_the_limit(http) -> None:
    email = unique_email("guesser")
    await signup(http, email)
    responses = await asyncio.gather(*(login(http, email, f"guess-{i}-guess") for i in range(12)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [401] * 5 + [429] * 7


async def test_a_successful_login_clears_the_account_count(http) -> None:
    email = unique_email("heidi")
    await signup(http, email)
    for _ in range(4):
        assert (await login(http, email, "guess-guess")).status_code == 401
    assert (await login(http, email)).status_code == 200
    for _ in range(4):
        assert (await login(http, email, "guess-guess")).status_code == 401
    assert (await login(http, email)).status_code == 200


async def test_failed_logins_are_throttled_per_client_address(http, identity_channel) -> None:
    email = unique_email("ivan")
    await signup(http, email)
    stub = auth_pb2_grpc.AuthServiceStub(identity_channel)
    attacker = random_ipv6()

    async def attempt(address: str, login_email: str, password: str) -> grpc.aio.AioRpcError | None:
        metadata = (("x-envoy-external-address", address),)
        try:
            await stub.Login(
                auth_pb2.LoginRequest(email=login_email, password=password), metadata=metadata
            )
        except grpc.aio.AioRpcError as error:
            return error
        return None

    for _ in range(30):  # KEEL_IDENTITY_LOGIN_FAILURES_PER_ADDRESS, over many accounts
        error = await attempt(attacker, unique_email("spray"), "guess-guess")
        assert error is not None and error.code() is grpc.StatusCode.UNAUTHENTICATED

    throttled = await attempt(attacker, email, PASSWORD)
    assert throttled is not None and throttled.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    status = rpc_status.from_call(throttled)
    assert status is not None
    info = error_details_pb2.ErrorInfo()
    next(d for d in status.details if d.Unpack(info))
    assert (info.reason, info.metadata["scope"]) == ("LOGIN_THROTTLED", "address")
    retry_after = dict(throttled.trailing_metadata() or ())["retry-after"]
    assert 0 < int(retry_after) <= 900

    # The rest of the attacker's /64 is the same client; another network is not.
    neighbour = await attempt(attacker.rpartition("::")[0] + "::beef", email, PASSWORD)
    assert neighbour is not None and neighbour.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert await attempt(random_ipv6(), email, PASSWORD) is None


async def test_successful_logins_do_not_count_against_an_address(http, identity_channel) -> None:
    email = unique_email("office")
    await signup(http, email)
    stub = auth_pb2_grpc.AuthServiceStub(identity_channel)
    metadata = (("x-envoy-external-address", random_ipv6()),)
    request = auth_pb2.LoginRequest(email=email, password=PASSWORD)
    for _ in range(35):  # more than KEEL_IDENTITY_LOGIN_FAILURES_PER_ADDRESS
        await stub.Login(request, metadata=metadata)


# --- refresh and logout -------------------------------------------------------------------


async def test_refresh_rotates_the_refresh_token(http) -> None:
    signed_up = (await signup(http, unique_email("judy"))).json()
    first = signed_up["tokens"]
    second = await refresh(http, first["refresh_token"])
    assert second.status_code == 200, second.text
    tokens = second.json()["tokens"]
    assert tokens["refresh_token"].startswith("ort_")
    assert tokens["refresh_token"] != first["refresh_token"]
    assert tokens["expires_in"] == 900
    assert claims(tokens["access_token"])["sid"] == claims(first["access_token"])["sid"]
    assert claims(tokens["access_token"])["jti"] != claims(first["access_token"])["jti"]
    assert (await context(http, tokens["access_token"])).status_code == 200

    third = await refresh(http, tokens["refresh_token"])
    assert third.status_code == 200, third.text


async def test_unknown_refresh_tokens_are_refused(http) -> None:
    response = await refresh(http, "ort_" + "x" * 40)
    assert response.status_code == 401, response.text
    assert reason(response) == "INVALID_REFRESH_TOKEN"


async def test_reusing_a_refresh_token_ends_its_whole_session(
    http, people: People, identity_channel, identity_db
) -> None:
    owner = await people.signup("kim")
    org_id = await people.organization(owner, "Kim Co")
    other_session = (await login(http, owner.email)).json()["tokens"]

    rotated = await refresh(http, owner.refresh_token)
    assert rotated.status_code == 200, rotated.text
    new_tokens = rotated.json()["tokens"]
    assert claims(new_tokens["access_token"])["org"] == org_id
    assert claims(new_tokens["access_token"])["role"] == "owner"

    reused = await refresh(http, owner.refresh_token)
    assert reused.status_code == 401, reused.text
    assert reason(reused) == "REFRESH_TOKEN_REUSED"

    # Everything issued in that session stops working at once.
    descendant = await refresh(http, new_tokens["refresh_token"])
    assert descendant.status_code == 401 and reason(descendant) == "SESSION_ENDED"
    refused = await context(http, new_tokens["access_token"])
    assert refused.status_code == 401 and reason(refused) == "SESSION_ENDED"
    sid = claims(new_tokens["access_token"])["sid"]
    check = await authorization_pb2_grpc.AuthorizationServiceStub(identity_channel).CheckPermission(
        authorization_pb2.CheckPermissionRequest(
            principal=authorization_pb2.Principal(user_id=owner.user_id, session_id=sid),
            check=authorization_pb2.PermissionCheck(org_id=org_id, permission="org.view"),
        )
    )
    assert check.verdict == authorization_pb2.VERDICT_UNAUTHENTICATED
    assert check.reason == "SESSION_ENDED"
    ended = await scalar(
        identity_db, "SELECT end_reason FROM sessions WHERE id = :id", id=uuid.UUID(sid)
    )
    assert ended == "refresh_token_reused"

    # The user's other sessions are untouched.
    assert (await context(http, other_session["access_token"])).status_code == 200
    assert (await refresh(http, other_session["refresh_token"])).status_code == 200


async def test_two_refreshes_with_one_token_one_wins_the_other_is_a_reuse(http) -> None:
    tokens = (await signup(http, unique_email("leo"))).json()["tokens"]
    responses = await asyncio.gather(*(refresh(http, tokens["refresh_token"]) for _ in range(2)))
    assert sorted(r.status_code for r in responses) == [200, 401]
    winner = next(r for r in responses if r.status_code == 200)
    loser = next(r for r in responses if r.status_code == 401)
    assert reason(loser) == "REFRESH_TOKEN_REUSED"
    # The reuse ended the session, the winner's tokens included.
    after = await refresh(http, winner.json()["tokens"]["refresh_token"])
    assert after.status_code == 401 and reason(after) == "SESSION_ENDED"


async def test_logout_ends_the_session(http, identity_db) -> None:
    email = unique_email("mia")
    await signup(http, email)
    tokens = (await login(http, email)).json()["tokens"]

    response = await http.post("/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 200, response.text
    assert response.json() == {}

    refused = await refresh(http, tokens["refresh_token"])
    assert refused.status_code == 401 and reason(refused) == "SESSION_ENDED"
    signed_out = await context(http, tokens["access_token"])
    assert signed_out.status_code == 401 and reason(signed_out) == "SESSION_ENDED"
    sid = uuid.UUID(claims(tokens["access_token"])["sid"])
    assert await scalar(identity_db, "SELECT end_reason FROM sessions WHERE id = :id", id=sid) == (
        "logout"
    )
    events = await scalar(
        identity_db, "SELECT count(*) FROM outbox_events WHERE type = 'session.ended'"
    )
    assert events >= 1

    # Idempotent, and silent about tokens it does not know.
    again = await http.post("/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 200, again.text
    unknown = await http.post("/v1/auth/logout", json={"refresh_token": "ort_unknown"})
    assert unknown.status_code == 200, unknown.text


# --- the active organization --------------------------------------------------------------


def organization_ids(body: dict[str, Any]) -> list[str]:
    return [a["organization"]["id"] for a in body.get("organizations", [])]


async def test_context_lists_every_organization_and_switching_changes_the_token(
    http, people: People
) -> None:
    nia = await people.signup("nia")
    first = await people.organization(nia, "First")
    second = await people.organization(nia, "Second")  # made active

    me = (await nia.get("/v1/auth/context")).json()
    assert organization_ids(me) == [first, second]  # oldest first
    assert me["active"]["organization"]["id"] == second
    assert {(a["role"], a["inherited"]) for a in me["organizations"]} == {("ROLE_OWNER", False)}
    sid = claims(nia.access_token)["sid"]

    switched = await nia.post("/v1/auth/context/switch", {"org_id": first})
    assert switched.status_code == 200, switched.text
    body = switched.json()
    assert body["active"]["organization"]["id"] == first
    assert body["active"]["role"] == "ROLE_OWNER"
    assert body["tokens"]["refresh_token"] == ""  # same session, only a new access token
    token_claims = claims(body["tokens"]["access_token"])
    assert (token_claims["org"], token_claims["role"], token_claims["sid"]) == (
        first,
        "owner",
        sid,
    )

    # The choice is remembered: the next login is for the same organization.
    signed_in = (await login(http, nia.email)).json()
    assert signed_in["active_org_id"] == first
    assert claims(signed_in["tokens"]["access_token"])["org"] == first


async def test_switching_to_an_organization_of_others_is_not_found(http, people: People) -> None:
    olga = await people.signup("olga")
    theirs = await people.organization(await people.signup("pat"), "Theirs")
    for org_id in (theirs, str(uuid.uuid4())):
        response = await olga.post("/v1/auth/context/switch", {"org_id": org_id})
        assert response.status_code == 404, response.text
        assert reason(response) == "ORGANIZATION_NOT_FOUND"
    malformed = await olga.post("/v1/auth/context/switch", {"org_id": "nope"})
    assert malformed.status_code == 400, malformed.text


async def test_inherited_access_to_child_organizations(people: People, identity_db) -> None:
    quinn = await people.signup("quinn")
    agency = await people.organization(quinn, "Agency")
    child = uuid.uuid4()
    await sql(
        identity_db,
        "INSERT INTO organizations (id, name, slug, parent_org_id)"
        " VALUES (:id, 'Client', :slug, :parent)",
        id=child,
        slug=f"client-{child}",
        parent=uuid.UUID(agency),
    )
    me = (await quinn.get("/v1/auth/context")).json()
    access = {a["organization"]["id"]: (a["role"], a["inherited"]) for a in me["organizations"]}
    assert access == {agency: ("ROLE_OWNER", False), str(child): ("ROLE_OWNER", True)}
    switched = await quinn.post("/v1/auth/context/switch", {"org_id": str(child)})
    assert switched.status_code == 200, switched.text
    assert switched.json()["active"]["inherited"] is True


async def test_login_falls_back_to_the_oldest_organization_left(
    http, people: People, identity_db
) -> None:
    rita = await people.signup("rita")
    kept = await people.organization(rita, "Kept")
    gone = await people.organization(rita, "Gone")  # active
    await sql(
        identity_db,
        "UPDATE organizations SET deleted_at = now() WHERE id = :id",
        id=uuid.UUID(gone),
    )
    signed_in = (await login(http, rita.email)).json()
    assert signed_in["active_org_id"] == kept
    assert claims(signed_in["tokens"]["access_token"])["org"] == kept


async def test_api_keys_and_anonymous_callers_have_no_context(http, identity_channel) -> None:
    anonymous = await http.get("/v1/auth/context")
    assert anonymous.status_code == 401, anonymous.text
    switched = await http.post("/v1/auth/context/switch", json={"org_id": str(uuid.uuid4())})
    assert switched.status_code == 401, switched.text

    # An API key (as the gateway forwards one) acts for an organization, not as a user.
    stub = auth_pb2_grpc.AuthServiceStub(identity_channel)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.GetContext(
            auth_pb2.GetContextRequest(), metadata=(("x-keel-api-key-id", "opk_test"),)
        )
    assert refused.value.code() is grpc.StatusCode.PERMISSION_DENIED


async def test_the_refresh_token_follows_the_active_organization(http, people: People) -> None:
    sue = await people.signup("sue")
    org_id = await people.organization(sue, "Sue Co")
    tokens = (await login(http, sue.email)).json()["tokens"]
    rotated = (await refresh(http, tokens["refresh_token"])).json()["tokens"]
    assert claims(rotated["access_token"])["org"] == org_id
    assert claims(rotated["access_token"])["role"] == "owner"
