"""Organizations through the gateway, as clients use them: create, read, update, delete,
list mine, sub-organizations of agencies, tenant isolation, the audit log, bad input."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from keel_runtime.db import Database
from tests.identity.people import People, Person
from tests.identity.support import reason, scalar, violated_fields


def organization_of(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    access: dict[str, Any] = response.json()["organization"]
    return access


async def audit_log(person: Person, org_id: str, **params: Any) -> list[dict[str, Any]]:
    response = await person.get(f"/v1/organizations/{org_id}/audit-log", params=params)
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json().get("events", [])
    return events


async def test_create_get_and_list_mine(people: People, identity_db: Database) -> None:
    ann = await people.signup("ann")
    access = organization_of(
        await ann.post("/v1/organizations", {"name": "Acme Corp", "settings": {"theme": "dark"}})
    )
    org = access["organization"]
    assert access["role"] == "ROLE_OWNER"
    assert not access.get("inherited", False)
    assert org["name"] == "Acme Corp"
    assert org["slug"].startswith("acme-corp")
    assert org["plan_tier"] == "free"
    assert org["settings"] == {"theme": "dark"}
    assert org["created_at"] and org["updated_at"]
    assert not org.get("parent_org_id")

    assert organization_of(await ann.get(f"/v1/organizations/{org['id']}")) == access
    listed = await ann.get("/v1/organizations")
    assert listed.status_code == 200, listed.text
    assert [(a["organization"]["id"], a["role"]) for a in listed.json()["organizations"]] == [
        (org["id"], "ROLE_OWNER")
    ]
    # The first organization becomes the active one; a second one does not take over.
    second = organization_of(await ann.post("/v1/organizations", {"name": "Second"}))
    active = await scalar(
        identity_db, "SELECT active_org_id FROM users WHERE id = :id", id=uuid.UUID(ann.user_id)
    )
    assert str(active) == org["id"]
    listed = (await ann.get("/v1/organizations")).json()["organizations"]
    assert [a["organization"]["id"] for a in listed] == [org["id"], second["organization"]["id"]]

    events = await audit_log(ann, org["id"])
    assert [e["action"] for e in events] == ["organization.created"]
    assert events[0]["actor_user_id"] == ann.user_id
    assert events[0]["after"]["name"] == "Acme Corp"


async def test_list_mine_pages(people: People) -> None:
    bea = await people.signup("bea")
    created = [
        organization_of(await bea.post("/v1/organizations", {"name": f"Page {n}"}))
        for n in range(3)
    ]
    seen, token = [], ""
    while True:
        response = await bea.get("/v1/organizations", params={"page_size": 2, "page_token": token})
        assert response.status_code == 200, response.text
        body = response.json()
        seen += [a["organization"]["id"] for a in body["organizations"]]
        token = body.get("next_page_token", "")
        if not token:
            break
    assert seen == [a["organization"]["id"] for a in created]
    bad = await bea.get("/v1/organizations", params={"page_token": "bm9wZQ"})
    assert bad.status_code == 400 and reason(bad) == "INVALID_PAGE_TOKEN"


async def test_slugs_are_derived_and_unique(people: People) -> None:
    async def slug(name: str) -> str:
        # Each by a new user: a user owns at most 3 organizations on the free plan.
        cid = await people.signup("cid")
        access = organization_of(await cid.post("/v1/organizations", {"name": name}))
        value: str = access["organization"]["slug"]
        return value

    unique = f"Déjà Vu {uuid.uuid4().hex[:6]}"
    first = await slug(unique)
    assert first == f"deja-vu-{unique[-6:]}"
    assert await slug(unique) == f"{first}-2"
    assert await slug(f"  {unique}!! ") == f"{first}-3"
    assert (await slug("!!! ???")).startswith("org")
    assert (await slug("x" * 100)).split("-")[0] == "x" * 48

    # Concurrent creations of one name all succeed, each with its own slug.
    racing = f"Race {uuid.uuid4().hex[:6]}"
    slugs = await asyncio.gather(*(slug(racing) for _ in range(5)))
    assert len(set(slugs)) == 5
    base = min(slugs, key=len)
    assert set(slugs) == {base, *(f"{base}-{n}" for n in range(2, 6))}


async def test_update_by_admin_or_owner_with_audit(people: People) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Before")
    admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin")
    member = await people.join(owner, org_id, "ROLE_MEMBER", "member")

    renamed = organization_of(await admin.patch(f"/v1/organizations/{org_id}", {"name": "After"}))
    assert renamed["organization"]["name"] == "After"
    assert renamed["role"] == "ROLE_ADMIN"
    settings = {"locale": "fr", "limits": {"seats": 5}}
    updated = organization_of(
        await owner.patch(f"/v1/organizations/{org_id}", {"settings": settings})
    )
    assert updated["organization"]["name"] == "After"  # unset fields stay
    assert updated["organization"]["settings"] == settings
    assert updated["organization"]["updated_at"] >= renamed["organization"]["updated_at"]

    denied = await member.patch(f"/v1/organizations/{org_id}", {"name": "Mine"})
    assert denied.status_code == 403 and reason(denied) == "MISSING_PERMISSION"
    got = organization_of(await member.get(f"/v1/organizations/{org_id}"))
    assert got["organization"]["name"] == "After" and got["role"] == "ROLE_MEMBER"

    updates = [e for e in await audit_log(owner, org_id) if e["action"] == "organization.updated"]
    assert [(e["before"], e["after"]) for e in updates] == [
        ({"settings": {}}, {"settings": settings}),
        ({"name": "Before"}, {"name": "After"}),
    ]
    assert updates[1]["actor_user_id"] == admin.user_id


async def test_soft_delete_by_owner_ends_access(people: People, identity_db: Database) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Doomed")
    admin = await people.join(owner, org_id, "ROLE_ADMIN", "admin")
    assert (await admin.get(f"/v1/organizations/{org_id}")).status_code == 200

    denied = await admin.delete(f"/v1/organizations/{org_id}")
    assert denied.status_code == 403 and reason(denied) == "MISSING_PERMISSION"
    deleted = await owner.delete(f"/v1/organizations/{org_id}")
    assert deleted.status_code == 200, deleted.text

    for person in (owner, admin):
        gone = await person.get(f"/v1/organizations/{org_id}")
        assert gone.status_code == 404 and reason(gone) == "ORGANIZATION_NOT_FOUND"
        listed = (await person.get("/v1/organizations")).json().get("organizations", [])
        assert org_id not in [a["organization"]["id"] for a in listed]
    again = await owner.delete(f"/v1/organizations/{org_id}")
    assert again.status_code == 404
    # The row stays, for the audit log and billing history.
    assert await scalar(
        identity_db,
        "SELECT deleted_at IS NOT NULL FROM organizations WHERE id = :id",
        id=uuid.UUID(org_id),
    )
    actions = await scalar(
        identity_db,
        "SELECT array_agg(action ORDER BY id) FROM audit_events WHERE org_id = :id",
        id=uuid.UUID(org_id),
    )
    assert actions[-1] == "organization.deleted"


async def test_agency_manages_children_by_inheritance(people: People) -> None:
    owner = await people.signup("agency")
    agency = await people.organization(owner, "Agency")
    admin = await people.join(owner, agency, "ROLE_ADMIN", "agency-admin")
    staff = await people.join(owner, agency, "ROLE_MEMBER", "agency-staff")

    created = await admin.post(f"/v1/organizations/{agency}/children", {"name": "Client One"})
    child = organization_of(created)
    child_id = child["organization"]["id"]
    assert child["organization"]["parent_org_id"] == agency
    assert child["role"] == "ROLE_OWNER"  # the creator owns the child too
    denied = await staff.post(f"/v1/organizations/{agency}/children", {"name": "Nope"})
    assert denied.status_code == 403 and reason(denied) == "MISSING_PERMISSION"

    # The agency owner never joined the child, yet manages it as its owner.
    got = organization_of(await owner.get(f"/v1/organizations/{child_id}"))
    assert (got["role"], got["inherited"]) == ("ROLE_OWNER", True)
    renamed = await owner.patch(f"/v1/organizations/{child_id}", {"name": "Client 1"})
    assert renamed.status_code == 200, renamed.text
    client = await people.join(owner, child_id, "ROLE_MEMBER", "client")

    children = await owner.get(f"/v1/organizations/{agency}/children")
    assert children.status_code == 200, children.text
    assert [(a["organization"]["name"], a["role"]) for a in children.json()["organizations"]] == [
        ("Client 1", "ROLE_OWNER")
    ]
    mine = (await owner.get("/v1/organizations")).json()["organizations"]
    assert {a["organization"]["id"]: a.get("inherited", False) for a in mine} == {
        agency: False,
        child_id: True,
    }

    # A plain member of the agency does not reach the clients, nor a client the agency.
    assert (await staff.get(f"/v1/organizations/{agency}/children")).json().get(
        "organizations", []
    ) == []
    hidden = await staff.get(f"/v1/organizations/{child_id}")
    assert hidden.status_code == 404 and reason(hidden) == "ORGANIZATION_NOT_FOUND"
    parent = await client.get(f"/v1/organizations/{agency}")
    assert parent.status_code == 404 and reason(parent) == "ORGANIZATION_NOT_FOUND"

    nested = await owner.post(f"/v1/organizations/{child_id}/children", {"name": "Too deep"})
    assert nested.status_code == 400 and reason(nested) == "NESTING_TOO_DEEP"
    blocked = await owner.delete(f"/v1/organizations/{agency}")
    assert blocked.status_code == 400 and reason(blocked) == "ORGANIZATION_HAS_CHILDREN"
    assert (await owner.delete(f"/v1/organizations/{child_id}")).status_code == 200
    assert (await owner.delete(f"/v1/organizations/{agency}")).status_code == 200


async def test_tenant_isolation_is_404_not_403(people: People) -> None:
    alice = await people.signup("alice")
    org_a = await people.organization(alice, "Org A")
    bob = await people.signup("bob")
    org_b = await people.organization(bob, "Org B")
    invited = await bob.post(
        f"/v1/organizations/{org_b}/invitations", {"email": "x@example.com", "role": "ROLE_MEMBER"}
    )
    invitation_id = invited.json()["invitation"]["id"]

    attempts = [
        alice.get(f"/v1/organizations/{org_b}"),
        alice.patch(f"/v1/organizations/{org_b}", {"name": "Mine now"}),
        alice.delete(f"/v1/organizations/{org_b}"),
        alice.get(f"/v1/organizations/{org_b}/children"),
        alice.post(f"/v1/organizations/{org_b}/children", {"name": "Sneaky"}),
        alice.get(f"/v1/organizations/{org_b}/members"),
        alice.patch(f"/v1/organizations/{org_b}/members/{bob.user_id}", {"role": "ROLE_VIEWER"}),
        alice.delete(f"/v1/organizations/{org_b}/members/{bob.user_id}"),
        alice.get(f"/v1/organizations/{org_b}/invitations"),
        alice.post(
            f"/v1/organizations/{org_b}/invitations",
            {"email": "y@example.com", "role": "ROLE_MEMBER"},
        ),
        alice.delete(f"/v1/organizations/{org_b}/invitations/{invitation_id}"),
        alice.get(f"/v1/organizations/{org_b}/audit-log"),
        alice.get(f"/v1/organizations/{uuid.uuid4()}"),
    ]
    for response in await asyncio.gather(*attempts):
        assert response.status_code == 404, (response.request.url, response.text)
        assert reason(response) == "ORGANIZATION_NOT_FOUND"
    # B's invitation is not reachable through A's organization either.
    crossed = await alice.delete(f"/v1/organizations/{org_a}/invitations/{invitation_id}")
    assert crossed.status_code == 404 and reason(crossed) == "INVITATION_NOT_FOUND"
    assert (
        organization_of(await bob.get(f"/v1/organizations/{org_b}"))["organization"]["name"]
        == "Org B"
    )


async def test_audit_log_newest_first_in_pages(people: People) -> None:
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "Audited")
    member = await people.join(owner, org_id, "ROLE_MEMBER", "member")
    for name in ("One", "Two", "Three"):
        await owner.patch(f"/v1/organizations/{org_id}", {"name": name})

    seen, token = [], ""
    while True:
        response = await owner.get(
            f"/v1/organizations/{org_id}/audit-log", params={"page_size": 2, "page_token": token}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        seen += body["events"]
        token = body.get("next_page_token", "")
        if not token:
            break
    ids = [int(e["id"]) for e in seen]
    assert ids == sorted(ids, reverse=True)
    assert [e["after"].get("name") for e in seen[:3]] == ["Three", "Two", "One"]
    assert seen[-1]["action"] == "organization.created"
    assert {e["org_id"] for e in seen} == {org_id}

    denied = await member.get(f"/v1/organizations/{org_id}/audit-log")
    assert denied.status_code == 403 and reason(denied) == "MISSING_PERMISSION"


async def test_bad_input_is_400_and_writes_nothing(people: People, identity_db: Database) -> None:
    dan = await people.signup("dan")
    org_id = await people.organization(dan, "Valid")
    count = "SELECT count(*) FROM organizations WHERE created_by = :id"
    before = await scalar(identity_db, count, id=uuid.UUID(dan.user_id))
    huge = {"blob": "x" * (16 * 1024)}

    cases: list[tuple[str, str, Any, str | None]] = [
        ("post", "/v1/organizations", {"name": "n" * 101}, "name"),
        ("post", "/v1/organizations", {"name": ""}, "name"),
        ("post", "/v1/organizations", {"name": "   "}, "name"),
        ("post", "/v1/organizations", {"name": "Big", "settings": huge}, "settings"),
        ("post", "/v1/organizations", {"name": {"nested": 1}}, None),
        ("post", "/v1/organizations", {"name": "Odd", "settings": "not an object"}, None),
        ("post", f"/v1/organizations/{org_id}/children", {"name": "n" * 101}, "name"),
        ("patch", f"/v1/organizations/{org_id}", {"name": "n" * 101}, "name"),
        ("patch", f"/v1/organizations/{org_id}", {"settings": huge}, "settings"),
        ("patch", "/v1/organizations/not-a-uuid", {"name": "x"}, "org_id"),
        ("get", "/v1/organizations/not-a-uuid", None, "org_id"),
        ("get", f"/v1/organizations/{org_id}/members?page_size=101", None, "page_size"),
        ("get", f"/v1/organizations/{org_id}/audit-log?page_token=%21%21", None, "page_token"),
    ]
    for method, path, body, field in cases:
        if method == "get":
            response = await dan.get(path)
        elif method == "post":
            response = await dan.http.post(path, headers=dan.headers, json=body)
        else:
            response = await dan.patch(path, body)
        assert response.status_code == 400, (method, path, response.text)
        if field is not None:
            assert field in violated_fields(response), (path, response.text)

    assert await scalar(identity_db, count, id=uuid.UUID(dan.user_id)) == before
    unchanged = organization_of(await dan.get(f"/v1/organizations/{org_id}"))
    assert unchanged["organization"]["name"] == "Valid"


async def test_anonymous_callers_are_401(http: httpx.AsyncClient) -> None:
    for response in (
        await http.post("/v1/organizations", json={"name": "Nobody's"}),
        await http.get("/v1/organizations"),
        await http.get(f"/v1/organizations/{uuid.uuid4()}"),
    ):
        assert response.status_code == 401, response.text
