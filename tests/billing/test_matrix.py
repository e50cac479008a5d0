"""Authorization through the gateway for every billing route and every kind of caller,
against one table derived from the rules (services/billing/README.md, "Who may do what")."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.billing.conftest import make_platform_admin
from tests.identity.people import People, Person

ROLES = ["viewer", "member", "admin", "owner"]
# Who is allowed: "public", the lowest organization role, or "platform" (platform admins).
ROUTES = [
    ("GET", "/v1/plans", None, "public"),
    ("GET", "/v1/credit-packages", None, "public"),
    ("GET", "/v1/ai-catalog", None, "public"),
    ("GET", "/v1/organizations/{org}/entitlements", None, "member"),
    (
        "POST",
        "/v1/organizations/{org}/ai-access:check",
        {"capability": "CAPABILITY_QUESTION_GENERATION", "quality": "QUALITY_LEVEL_FAST"},
        "member",
    ),
    ("GET", "/v1/organizations/{org}/usage", None, "viewer"),
    ("GET", "/v1/organizations/{org}/usage/dashboard", None, "viewer"),
    ("GET", "/v1/organizations/{org}/usage/export", None, "member"),
    ("GET", "/v1/organizations/{org}/credits", None, "member"),
    ("GET", "/v1/organizations/{org}/credits/transactions", None, "member"),
    ("POST", "/v1/organizations/{org}/credits/reservations", {"amount": "0.01"}, "member"),
    ("GET", "/v1/organizations/{org}/billing/status", None, "member"),
    ("GET", "/v1/organizations/{org}/billing/children", None, "member"),
    (
        "POST",
        "/v1/organizations/{org}/billing/checkout",
        {"credit_package_id": "credits_100", "success_url": "https://app.example.com/ok"},
        "owner",
    ),
    (
        "POST",
        "/v1/organizations/{org}/billing/portal",
        {"return_url": "https://app.example.com/"},
        "owner",
    ),
    (
        "POST",
        "/v1/admin/platform/organizations/{org}/credits:grant",
        {"amount": "1", "reason": "matrix"},
        "platform",
    ),
    (
        "POST",
        "/v1/admin/platform/organizations/{org}/credits:adjust",
        {"amount": "0", "reason": "matrix"},
        "platform",
    ),
]
CALLERS = [*ROLES, "stranger", "platform_admin", "anonymous"]


def expected(caller: str, rule: str) -> int:
    if rule == "public":
        return 200
    if caller == "anonymous":
        return 401
    if rule == "platform":
        return 200 if caller == "platform_admin" else 403
    if caller in ("stranger", "platform_admin"):  # not a member: the organization is hidden
        return 404
    return 200 if ROLES.index(caller) >= ROLES.index(rule) else 403


@pytest.fixture(scope="module")
async def client(edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        yield http


@pytest.fixture(scope="module")
async def cast(client, identity_db) -> dict[str, Person]:
    """One organization's people, a stranger (member elsewhere) and a platform admin."""
    people = People(client)
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    cast = {"owner": owner}
    for role in ("admin", "member", "viewer"):
        cast[role] = await people.join(owner, org_id, f"ROLE_{role.upper()}", role)
    cast["stranger"] = await people.signup("stranger")
    await people.organization(cast["stranger"])
    cast["platform_admin"] = await make_platform_admin(people, identity_db)
    cast["org"] = org_id  # type: ignore[assignment]
    return cast


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path", "body", "rule"), ROUTES, ids=[r[1] for r in ROUTES])
async def test_billing_route_authorization(client, cast, caller, method, path, body, rule):
    url = path.format(org=cast["org"])
    if body is not None and "amount" in body:
        body = {**body, "idempotency_key": "matrix-" + secrets.token_hex(8)}
    headers = {} if caller == "anonymous" else cast[caller].headers
    response = await client.request(method, url, json=body, headers=headers)
    assert response.status_code == expected(caller, rule), response.text


async def _status_within(person: Person, url: str, status: int, seconds: float = 3.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if (await person.get(url)).status_code == status:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_billing_keeps_answers_only_until_identity_changes(client):
    """billing keeps identity's answers (KEEL_AUTHZ_CACHE_SECONDS, 60 s by default), yet a
    demoted or removed member is refused as soon as identity's event arrives."""
    people = People(client)
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    member = await people.join(owner, org_id, "ROLE_MEMBER", "member")
    credits = f"/v1/organizations/{org_id}/credits"
    for _ in range(2):  # the second answer comes from billing's cache
        assert (await member.get(credits)).status_code == 200

    demoted = await owner.patch(
        f"/v1/organizations/{org_id}/members/{member.user_id}", {"role": "ROLE_VIEWER"}
    )
    assert demoted.status_code == 200, demoted.text
    assert await _status_within(member, credits, 403)
    assert (await member.get(f"/v1/organizations/{org_id}/usage")).status_code == 200

    removed = await owner.delete(f"/v1/organizations/{org_id}/members/{member.user_id}")
    assert removed.status_code == 200, removed.text
    assert await _status_within(member, f"/v1/organizations/{org_id}/usage", 404)
