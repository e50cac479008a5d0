"""The authorization matrix: every identity RPC by every kind of caller, through the gateway,
against one written table of expected HTTP statuses.

Callers: owner, admin, member, viewer of one organization; a signed-in non-member; a
suspended member; an API key of that organization with every scope, and one with a scope
irrelevant here; no credential at all; and, for the platform endpoints, a platform admin.
The expectation of each row comes from its rule (public, any user, a permission of the
organization, platform admin) and the permission table; nothing is listed case by case.
Rows that change state get a fresh target per call, and the destructive ones run last.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from services.identity.domain.permissions import (
    ROLE_PERMISSIONS,
    SCOPE_PERMISSIONS,
    SCOPES,
    Role,
)
from tests.identity.people import PASSWORD, People, Person
from tests.identity.support import Seed

ROLES = ("owner", "admin", "member", "viewer")
CALLERS = (
    "anonymous",
    "key_without_scope",
    "key_with_scopes",
    "outsider",
    "suspended",
    "viewer",
    "member",
    "admin",
    "platform_admin",
    "owner",  # last: its successes are the destructive ones
)


@dataclass
class World:
    """One organization with a member of each role, and every other kind of caller."""

    http: httpx.AsyncClient
    people: People
    org_id: str
    users: dict[str, Person]
    keys: dict[str, str]
    scratch: dict[str, Any] = field(default_factory=dict)

    def headers(self, caller: str) -> dict[str, str]:
        if caller == "anonymous":
            return {}
        if caller.startswith("key_"):
            return {"authorization": f"Bearer {self.keys[caller]}"}
        return self.users[caller].headers

    @property
    def owner(self) -> Person:
        return self.users["owner"]

    async def fresh_member(self, role: str = "ROLE_VIEWER") -> Person:
        return await self.people.join(self.owner, self.org_id, role, tag="target")

    async def fresh_invitation(self) -> dict[str, Any]:
        email = f"invitee-{secrets.token_hex(4)}@example.com"
        response = await self.owner.post(
            f"/v1/organizations/{self.org_id}/invitations", {"email": email, "role": "ROLE_VIEWER"}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def fresh_key(self) -> str:
        response = await self.owner.post(
            f"/v1/organizations/{self.org_id}/api-keys",
            {"name": "target", "kind": "API_KEY_KIND_SERVICE", "scopes": ["read:agents"]},
        )
        assert response.status_code == 200, response.text
        key_id: str = response.json()["api_key"]["id"]
        return key_id

    async def fresh_refresh_token(self) -> str:
        login = await self.http.post(
            "/v1/auth/login", json={"email": self.owner.email, "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        token: str = login.json()["tokens"]["refresh_token"]
        return token

    async def admin_call(self, method: str, path: str, body: Any = None) -> httpx.Response:
        headers = self.users["platform_admin"].headers
        return await self.http.request(method, path, headers=headers, json=body)


Request = tuple[str, str, Any]  # method, path, JSON body


@dataclass(frozen=True)
class Row:
    name: str
    rule: str  # public | user | org | member_of_org | platform | invitee
    request: Callable[[World], Awaitable[Request]]
    permission: str = ""
    keys_allowed: bool = False  # the RPC serves API keys (with a scope that grants it)


def expected(row: Row, caller: str) -> int:
    if row.rule == "public":
        return 200
    if caller == "anonymous":
        return 401
    if caller.startswith("key_"):
        if not row.keys_allowed:
            return 403
        granted = caller == "key_with_scopes" and any(
            row.permission in SCOPE_PERMISSIONS[s] for s in SCOPES
        )
        return 200 if granted else 403
    if caller == "suspended":
        return 401
    if row.rule == "user":
        return 200
    if row.rule == "invitee":  # signed in, but not the invited address
        return 403
    if row.rule == "platform":
        return 200 if caller == "platform_admin" else 403
    if caller in ("outsider", "platform_admin"):
        return 404  # organizations of others do not exist for the caller
    role = Role[caller.upper()]
    if row.rule == "member_of_org":
        return 200
    return 200 if row.permission in ROLE_PERMISSIONS[role] else 403


def fixed(method: str, path: str, body: Any = None) -> Callable[[World], Awaitable[Request]]:
    async def build(world: World) -> Request:
        return method, path.format(org=world.org_id), body

    return build


async def _signup(world: World) -> Request:
    email = f"new-{secrets.token_hex(4)}@example.com"
    return "POST", "/v1/auth/signup", {"email": email, "password": PASSWORD, "display_name": "N"}


async def _login(world: World) -> Request:
    return "POST", "/v1/auth/login", {"email": world.owner.email, "password": PASSWORD}


async def _refresh(world: World) -> Request:
    return "POST", "/v1/auth/refresh", {"refresh_token": await world.fresh_refresh_token()}


async def _logout(world: World) -> Request:
    return "POST", "/v1/auth/logout", {"refresh_token": await world.fresh_refresh_token()}


async def _update_member(world: World) -> Request:
    target = await world.fresh_member()
    path = f"/v1/organizations/{world.org_id}/members/{target.user_id}"
    return "PATCH", path, {"role": "ROLE_MEMBER"}


async def _remove_member(world: World) -> Request:
    target = await world.fresh_member()
    return "DELETE", f"/v1/organizations/{world.org_id}/members/{target.user_id}", None


async def _revoke_invitation(world: World) -> Request:
    invitation = (await world.fresh_invitation())["invitation"]
    return "DELETE", f"/v1/organizations/{world.org_id}/invitations/{invitation['id']}", None


async def _lookup_invitation(world: World) -> Request:
    return "GET", f"/v1/invitations/{(await world.fresh_invitation())['token']}", None


async def _accept_invitation(world: World) -> Request:
    return "POST", f"/v1/invitations/{(await world.fresh_invitation())['token']}/accept", {}


async def _revoke_key(world: World) -> Request:
    key_id = await world.fresh_key()
    return "POST", f"/v1/organizations/{world.org_id}/api-keys/{key_id}:revoke", {}


async def _delete_key(world: World) -> Request:
    key_id = await world.fresh_key()
    return "DELETE", f"/v1/organizations/{world.org_id}/api-keys/{key_id}", None


async def _fresh_user_id(world: World) -> str:
    return (await world.people.signup("target")).user_id


async def _suspend(world: World) -> Request:
    path = f"/v1/admin/platform/users/{await _fresh_user_id(world)}:suspend"
    return "POST", path, {"reason": "matrix"}


async def _unsuspend(world: World) -> Request:
    user_id = await _fresh_user_id(world)
    suspended = await world.admin_call(
        "POST", f"/v1/admin/platform/users/{user_id}:suspend", {"reason": "matrix"}
    )
    assert suspended.status_code == 200, suspended.text
    return "POST", f"/v1/admin/platform/users/{user_id}:unsuspend", {}


async def _delete_organization(world: World) -> Request:
    # Earlier rows created children; an organization with live children is not deleted.
    children = await world.owner.get(f"/v1/organizations/{world.org_id}/children")
    for child in children.json()["organizations"]:
        deleted = await world.owner.delete(f"/v1/organizations/{child['organization']['id']}")
        assert deleted.status_code == 200, deleted.text
    return "DELETE", f"/v1/organizations/{world.org_id}", None


async def _switch(world: World) -> Request:
    return "POST", "/v1/auth/context/switch", {"org_id": world.org_id}


ORG = "/v1/organizations/{org}"
ROWS = [
    Row("Signup", "public", _signup),
    Row("Login", "public", _login),
    Row("Refresh", "public", _refresh),
    Row("Logout", "public", _logout),
    Row("GetJwks", "public", fixed("GET", "/.well-known/jwks.json")),
    Row("GetInvitation", "public", _lookup_invitation),
    Row("GetContext", "user", fixed("GET", "/v1/auth/context")),
    Row("ListOrganizations", "user", fixed("GET", "/v1/organizations")),
    Row("CreateOrganization", "user", fixed("POST", "/v1/organizations", {"name": "Other"})),
    Row("SwitchContext", "member_of_org", _switch),
    Row("AcceptInvitation", "invitee", _accept_invitation),
    Row("GetOrganization", "org", fixed("GET", ORG), "org.view", keys_allowed=True),
    Row("ListMembers", "org", fixed("GET", ORG + "/members"), "members.view", keys_allowed=True),
    Row("ListChildOrganizations", "org", fixed("GET", ORG + "/children"), "org.view"),
    Row(
        "CreateChildOrganization",
        "org",
        fixed("POST", ORG + "/children", {"name": "Client"}),
        "org.manage_children",
    ),
    Row("UpdateOrganization", "org", fixed("PATCH", ORG, {"name": "Acme 2"}), "org.update"),
    Row("ListAuditEvents", "org", fixed("GET", ORG + "/audit-log"), "audit.view"),
    Row("UpdateMember", "org", _update_member, "members.manage"),
    Row("RemoveMember", "org", _remove_member, "members.manage"),
    Row(
        "CreateInvitation",
        "org",
        fixed("POST", ORG + "/invitations", {"email": "x@example.com", "role": "ROLE_VIEWER"}),
        "invitations.manage",
    ),
    Row("ListInvitations", "org", fixed("GET", ORG + "/invitations"), "invitations.manage"),
    Row("RevokeInvitation", "org", _revoke_invitation, "invitations.manage"),
    Row(
        "CreateApiKey",
        "org",
        fixed(
            "POST",
            ORG + "/api-keys",
            {"name": "k", "kind": "API_KEY_KIND_SERVICE", "scopes": ["read:agents"]},
        ),
        "api_keys.manage",
    ),
    Row("ListApiKeys", "org", fixed("GET", ORG + "/api-keys"), "api_keys.manage"),
    Row("RevokeApiKey", "org", _revoke_key, "api_keys.manage"),
    Row("DeleteApiKey", "org", _delete_key, "api_keys.manage"),
    Row("GetPlatformOverview", "platform", fixed("GET", "/v1/admin/platform/overview")),
    Row("ListPlatformOrganizations", "platform", fixed("GET", "/v1/admin/platform/organizations")),
    Row("ListPlatformUsers", "platform", fixed("GET", "/v1/admin/platform/users")),
    Row("SuspendUser", "platform", _suspend),
    Row("UnsuspendUser", "platform", _unsuspend),
    Row(
        "SetOrganizationPlanTier",
        "platform",
        fixed("PATCH", "/v1/admin/platform/organizations/{org}/plan-tier", {"plan_tier": "pro"}),
    ),
    # Last: the owner (the last caller) deletes the organization.
    Row("DeleteOrganization", "org", _delete_organization, "org.delete"),
]

# CreateInvitation to one fixed address: only the first success creates it; later callers
# replace the pending one, which is still a success.
CASES = [(row, caller) for row in ROWS for caller in CALLERS]


@pytest.fixture(scope="module")
async def world(edge, seed) -> AsyncIterator[World]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        people = People(http)
        owner = await people.signup("owner")
        org_id = await people.organization(owner, "Matrix")
        users = {"owner": owner}
        for role in ("admin", "member", "viewer"):
            users[role] = await people.join(owner, org_id, f"ROLE_{role.upper()}", tag=role)
        users["outsider"] = await people.signup("outsider")
        users["platform_admin"] = await people.signup("platform")
        await _make_platform_admin(seed, users["platform_admin"].user_id)
        users["suspended"] = await people.join(owner, org_id, "ROLE_MEMBER", tag="suspended")
        keys = {
            "key_with_scopes": await _key(owner, org_id, sorted(SCOPES)),
            "key_without_scope": await _key(owner, org_id, ["read:templates"]),
        }
        world = World(http, people, org_id, users, keys)
        suspended = await world.admin_call(
            "POST",
            f"/v1/admin/platform/users/{users['suspended'].user_id}:suspend",
            {"reason": "matrix"},
        )
        assert suspended.status_code == 200, suspended.text
        yield world


async def _make_platform_admin(seed: Seed, user_id: str) -> None:
    # The flag is set by an operator command, never by the API: the same UPDATE.
    await seed.sql("UPDATE users SET platform_admin = true WHERE id = :id", id=user_id)


async def _key(owner: Person, org_id: str, scopes: list[str]) -> str:
    response = await owner.post(
        f"/v1/organizations/{org_id}/api-keys",
        {"name": "matrix", "kind": "API_KEY_KIND_SERVICE", "scopes": scopes},
    )
    assert response.status_code == 200, response.text
    secret: str = response.json()["secret"]
    return secret


@pytest.mark.parametrize(
    ("row", "caller"), CASES, ids=[f"{row.name}-{caller}" for row, caller in CASES]
)
async def test_matrix(world: World, row: Row, caller: str):
    method, path, body = await row.request(world)
    kwargs: dict[str, Any] = {"headers": world.headers(caller)}
    if body is not None:
        kwargs["json"] = body
    response = await world.http.request(method, path, **kwargs)
    assert response.status_code == expected(row, caller), (
        f"{row.name} as {caller}: {response.status_code} {response.text}"
    )
    if response.status_code >= 400:  # every refusal is the JSON error shape
        error = response.json()
        assert {"code", "message", "details"} <= set(error)
