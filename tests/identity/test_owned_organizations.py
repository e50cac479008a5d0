"""The limit on top-level organizations a user owns (issue 15, finding 6: each brought free
credits), by the best plan among theirs: free 3, pro 10, team 25, enterprise none."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from keel_runtime.db import Database
from services.identity.domain.admin import set_platform_admin
from tests.identity.people import People, Person
from tests.identity.support import reason


@pytest.fixture
async def operator(people: People, identity_db: Database) -> Person:
    person = await people.signup("operator")
    assert await set_platform_admin(identity_db, person.email, True)
    return person


async def create(owner: Person, name: str) -> httpx.Response:
    return await owner.post("/v1/organizations", {"name": name})


def refused_at_limit(response: httpx.Response, limit: int, plan: str) -> None:
    assert response.status_code == 429, response.text
    assert reason(response) == "OWNED_ORGANIZATION_LIMIT_EXCEEDED"
    details = response.json()["details"]
    info = next(d for d in details if d["@type"].endswith("ErrorInfo"))
    assert info["metadata"]["limit"] == str(limit)
    assert info["metadata"]["plan"] == plan


async def test_a_free_owner_owns_three_organizations_and_sub_organizations_do_not_count(
    people: People,
):
    owner = await people.signup("owner")
    first = await people.organization(owner, "One")
    for name in ("Two", "Three"):
        assert (await create(owner, name)).status_code == 200
    refused_at_limit(await create(owner, "Four"), 3, "free")

    # Sub-organizations draw on their parent's credits: not counted.
    child = await owner.post(f"/v1/organizations/{first}/children", {"name": "Client"})
    assert child.status_code == 200, child.text
    # A deleted one frees its place.
    assert (await owner.delete(f"/v1/organizations/{first}")).status_code == 400  # has a child
    child_id = child.json()["organization"]["organization"]["id"]
    assert (await owner.delete(f"/v1/organizations/{child_id}")).status_code == 200
    assert (await owner.delete(f"/v1/organizations/{first}")).status_code == 200
    assert (await create(owner, "Four")).status_code == 200


async def test_the_limit_follows_the_best_plan_among_the_owners_organizations(
    people: People, operator: Person
):
    owner = await people.signup("owner")
    org_id = await people.organization(owner, "One")
    for name in ("Two", "Three"):
        assert (await create(owner, name)).status_code == 200
    refused_at_limit(await create(owner, "Four"), 3, "free")

    path = f"/v1/admin/platform/organizations/{org_id}/plan-tier"
    assert (await operator.patch(path, {"plan_tier": "pro"})).status_code == 200
    for number in range(4, 11):
        assert (await create(owner, f"Org {number}")).status_code == 200
    refused_at_limit(await create(owner, "Eleven"), 10, "pro")


async def test_two_creations_at_the_limit_make_one_organization(people: People):
    owner = await people.signup("owner")
    await people.organization(owner, "One")
    assert (await create(owner, "Two")).status_code == 200
    answers = await asyncio.gather(*(create(owner, f"Race {n}") for n in range(4)))
    assert sorted(a.status_code for a in answers) == [200, 429, 429, 429]
    listed = await owner.get("/v1/organizations")
    assert len(listed.json()["organizations"]) == 3
