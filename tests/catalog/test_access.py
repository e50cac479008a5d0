"""Who sees and who changes templates, through the gateway: every route and every kind of
caller, against tables derived from the rules (services/catalog/README.md, "Who may do
what"), and the visibility matrix in reads and in lists."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.catalog.support import insert_template, make_platform_admin, new_template, reason
from tests.identity.people import People, Person

CALLERS = ["owner", "admin", "creator", "member", "viewer", "stranger", "platform_admin",
           "api_key", "anonymous"]  # fmt: skip
MEMBERS = {"owner", "admin", "creator", "member", "viewer", "api_key"}
SUBMITTERS = {"owner", "admin", "creator", "member"}


@pytest.fixture(scope="module")
async def client(edge) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=edge.url, timeout=15) as http:
        yield http


@pytest.fixture(scope="module")
async def cast(client, identity_db) -> dict[str, Any]:
    """One organization's people (`creator` and `member` are both members), an API key of
    it that may read templates, a stranger (owner elsewhere) and a platform admin."""
    people = People(client)
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    cast: dict[str, Any] = {"owner": owner, "org": org_id}
    for name, role in (("admin", "ADMIN"), ("creator", "MEMBER"), ("member", "MEMBER"),
                       ("viewer", "VIEWER")):  # fmt: skip
        cast[name] = await people.join(owner, org_id, f"ROLE_{role}", name)
    key = await owner.post(
        f"/v1/organizations/{org_id}/api-keys",
        {"name": "reader", "kind": "API_KEY_KIND_SERVICE", "scopes": ["read:templates"]},
    )
    assert key.status_code == 200, key.text
    cast["api_key"] = dataclasses.replace(owner, access_token=key.json()["secret"])
    cast["stranger"] = await people.signup("stranger")
    await people.organization(cast["stranger"], "Elsewhere")
    cast["platform_admin"] = await make_platform_admin(people, identity_db)
    return cast


async def _template(catalog_db, cast, visibility: str = "organization", **values) -> str:
    """A template of the cast's organization made by `creator`, written directly."""
    async with catalog_db.unit_of_work() as session:
        template_id = await insert_template(
            session,
            owner_org_id=uuid.UUID(cast["org"]),
            created_by=uuid.UUID(cast["creator"].user_id),
            visibility=visibility,
            **values,
        )
    return str(template_id)


async def _official(catalog_db) -> str:
    async with catalog_db.unit_of_work() as session:
        template_id = await insert_template(
            session, official=True, owner_org_id=None, created_by=None, visibility="public"
        )
    return str(template_id)


async def _call(client, cast, caller: str, method: str, url: str, body=None) -> httpx.Response:
    headers = {} if caller == "anonymous" else cast[caller].headers
    return await client.request(method, url, json=body, headers=headers)


# --- reads: the visibility matrix ---------------------------------------------------------


def sees(caller: str, visibility: str) -> bool:
    if visibility == "public":
        return True
    if visibility == "organization":
        return caller in MEMBERS
    return caller == "creator"  # private: not even the organization's owner


@pytest.mark.parametrize("visibility", ["public", "organization", "private"])
async def test_who_sees_a_template_in_reads_and_lists(client, cast, catalog_db, visibility):
    template_id = await _template(catalog_db, cast, visibility, tags=["matrix"])
    reads = [
        f"/v1/templates/{template_id}",
        f"/v1/templates/{template_id}/versions",
        f"/v1/templates/{template_id}/versions/1",
    ]
    for caller in CALLERS:
        for url in reads:
            response = await _call(client, cast, caller, "GET", url)
            expected = 200 if sees(caller, visibility) else 404
            assert response.status_code == expected, (caller, url, response.text)
            if expected == 404:
                assert reason(response) == "TEMPLATE_NOT_FOUND"
        # Lists: the caller's active organization's templates (or the one asked for).
        for params in ({"creator_id": cast["creator"].user_id}, {"org_id": cast["org"]}):
            listed = await _call(client, cast, caller, "GET", "/v1/templates?tags=matrix&" +
                                 "&".join(f"{k}={v}" for k, v in params.items()))  # fmt: skip
            assert listed.status_code == 200, listed.text
            ids = {t["id"] for t in listed.json()["templates"]}
            assert (template_id in ids) is sees(caller, visibility), (caller, params)


async def test_a_member_active_elsewhere_reads_by_id_but_lists_their_active_organization(
    client, cast, catalog_db
):
    people = People(client)
    roamer = await people.join(cast["owner"], cast["org"], "ROLE_MEMBER", "roamer")
    await people.organization(roamer, "Side project")  # now active there
    template_id = await _template(catalog_db, cast, tags=["roaming"])
    assert (await roamer.get(f"/v1/templates/{template_id}")).status_code == 200
    listed = (await roamer.get("/v1/templates", params={"tags": "roaming"})).json()
    assert template_id not in {t["id"] for t in listed["templates"]}
    asked = await roamer.get("/v1/templates", params={"tags": "roaming", "org_id": cast["org"]})
    assert template_id in {t["id"] for t in asked.json()["templates"]}


# --- writes: every route, every caller ----------------------------------------------------


def may_edit(caller: str, visibility: str) -> int:
    if caller == "anonymous":
        return 401
    if not sees(caller, visibility):
        return 404
    return 200 if caller in {"creator", "admin", "owner"} else 403


def may_edit_official(caller: str) -> int:
    return {"anonymous": 401, "platform_admin": 200}.get(caller, 403)


def may_submit(caller: str, sees_source: bool = True) -> int:
    if caller == "anonymous":
        return 401
    if not sees_source or caller in ("stranger", "platform_admin"):
        return 404  # the template, or the organization, does not exist for them
    return 200 if caller in SUBMITTERS else 403


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("visibility", ["organization", "private"])
async def test_who_changes_and_deletes_a_template(client, cast, catalog_db, caller, visibility):
    for method, body in (("PATCH", {"description": f"by {caller}"}), ("DELETE", None)):
        template_id = await _template(catalog_db, cast, visibility)
        response = await _call(client, cast, caller, method, f"/v1/templates/{template_id}", body)
        assert response.status_code == may_edit(caller, visibility), (method, response.text)


@pytest.mark.parametrize("caller", CALLERS)
async def test_only_platform_admins_change_official_templates(client, cast, catalog_db, caller):
    for method, body in (("PATCH", {"description": f"by {caller}"}), ("DELETE", None)):
        template_id = await _official(catalog_db)
        response = await _call(client, cast, caller, method, f"/v1/templates/{template_id}", body)
        assert response.status_code == may_edit_official(caller), (method, response.text)
        if response.status_code == 403:
            assert reason(response) in ("PLATFORM_ADMIN_REQUIRED", "USER_REQUIRED")


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_creates_templates(client, cast, caller):
    into_org = new_template(org_id=cast["org"])
    response = await _call(client, cast, caller, "POST", "/v1/templates", into_org)
    assert response.status_code == may_submit(caller), response.text
    private = new_template(org_id=cast["org"], visibility="VISIBILITY_PRIVATE")
    response = await _call(client, cast, caller, "POST", "/v1/templates", private)
    assert response.status_code == may_submit(caller), response.text
    official = new_template(official=True)
    response = await _call(client, cast, caller, "POST", "/v1/templates", official)
    assert response.status_code == may_edit_official(caller), response.text
    if response.status_code == 200:
        created = response.json()["template"]
        assert created["official"] and created["visibility"] == "VISIBILITY_PUBLIC"
        assert created.get("owner_org_id", "") == ""


@pytest.mark.parametrize("caller", CALLERS)
async def test_who_forks(client, cast, catalog_db, caller):
    source = await _template(catalog_db, cast)
    body = {"org_id": cast["org"]}
    response = await _call(client, cast, caller, "POST", f"/v1/templates/{source}:fork", body)
    assert response.status_code == may_submit(caller, caller in MEMBERS), response.text


async def test_public_templates_of_an_organization_only_come_through_review(cast):
    response = await cast["member"].post(
        "/v1/templates", new_template(visibility="VISIBILITY_PUBLIC")
    )
    assert (response.status_code, reason(response)) == (400, "PUBLIC_REQUIRES_REVIEW")
    mine = (await cast["member"].post("/v1/templates", new_template())).json()["template"]
    made_public = await cast["member"].patch(
        f"/v1/templates/{mine['id']}", {"visibility": "VISIBILITY_PUBLIC"}
    )
    assert (made_public.status_code, reason(made_public)) == (400, "PUBLIC_REQUIRES_REVIEW")
    private = await cast["member"].patch(
        f"/v1/templates/{mine['id']}", {"visibility": "VISIBILITY_PRIVATE"}
    )
    assert private.json()["template"]["visibility"] == "VISIBILITY_PRIVATE"
    admin_view = await cast["admin"].get(f"/v1/templates/{mine['id']}")
    assert admin_view.status_code == 404


async def test_anonymous_callers_browse_and_read_public_templates_only(client: httpx.AsyncClient):
    listed = await client.get("/v1/templates")
    assert listed.status_code == 200
    assert all(t["visibility"] == "VISIBILITY_PUBLIC" for t in listed.json()["templates"])
    one = listed.json()["templates"][0]["id"]
    assert (await client.get(f"/v1/templates/{one}")).status_code == 200
    assert (await client.post("/v1/templates", json=new_template())).status_code == 401
    assert (await client.post(f"/v1/templates/{one}:fork", json={})).status_code == 401


async def test_a_stranger_cannot_create_in_another_organization(cast, people: People):
    response = await cast["stranger"].post("/v1/templates", new_template(org_id=cast["org"]))
    assert (response.status_code, reason(response)) == (404, "ORGANIZATION_NOT_FOUND")
    # Without an active organization and without org_id there is nowhere to create.
    loner: Person = await people.signup("loner")
    nowhere = await loner.post("/v1/templates", new_template())
    assert (nowhere.status_code, reason(nowhere)) == (400, "ORGANIZATION_REQUIRED")
