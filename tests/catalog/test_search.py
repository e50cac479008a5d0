"""Search and browse through the gateway: relevance with typos, weights, filters, sorts,
facets that match the results, and pages that neither skip nor repeat while templates
are being added."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest

from tests.catalog.support import Org, create, insert_template

SEEDED = {
    "Customer Service Agent", "Sales Research Agent", "Content Writer Agent",
    "Data Analyst Agent", "Meeting Assistant Agent",
}  # fmt: skip


async def _search(client: httpx.AsyncClient | Any, **params: Any) -> dict[str, Any]:
    response = await client.get("/v1/templates", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _all_pages(client: Any, **params: Any) -> list[dict[str, Any]]:
    found, token = [], ""
    while True:
        body = await _search(client, **params, page_token=token)
        found += body["templates"]
        token = body["next_page_token"]
        if not token:
            return found


def _names(body: dict[str, Any]) -> list[str]:
    return [t["name"] for t in body["templates"]]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("custmer suport", "Customer Service Agent"),
        ("analist", "Data Analyst Agent"),
        ("customer support", "Customer Service Agent"),
        ("data analyst", "Data Analyst Agent"),
        ("meting asistant", "Meeting Assistant Agent"),
        ("prospect research", "Sales Research Agent"),
        ("blog copywriting", "Content Writer Agent"),
        ("Customer", "Customer Service Agent"),
    ],
)
async def test_the_seeded_templates_are_found_despite_typos(http, query, first):
    body = await _search(http, query=query, official=True)
    assert _names(body)[0] == first, _names(body)


async def test_browsing_without_a_query_lists_the_official_templates(http):
    body = await _search(http, official=True, include_facets=True)
    assert set(_names(body)) == SEEDED
    assert body["facets"]["total"] == "5"  # int64 prints as a string in JSON
    categories = {f["value"]: f["count"] for f in body["facets"]["categories"]}
    assert categories == {
        "customer-service": "1", "sales": "1", "content-creation": "1",
        "data-analysis": "1", "research": "1",
    }  # fmt: skip
    by_category = await _search(http, official=True, category="data-analysis")
    assert _names(by_category) == ["Data Analyst Agent"]


async def test_names_outrank_tags_and_tags_outrank_descriptions(org: Org):
    in_description = await create(org.member, name="Plain One", tags=["other"],
                                  description="Knows all about the quokka.")  # fmt: skip
    in_tags = await create(org.member, name="Plain Two", tags=["quokka"],
                           description="Nothing to see.")  # fmt: skip
    in_name = await create(org.member, name="Quokka Keeper", tags=["other"],
                           description="Nothing to see.")  # fmt: skip
    body = await _search(org.member, query="quokka")
    assert [t["id"] for t in body["templates"]] == [
        in_name["id"], in_tags["id"], in_description["id"]
    ]  # fmt: skip
    # A typo still finds all three, in the same order.
    typo = await _search(org.member, query="quoka")
    assert [t["id"] for t in typo["templates"]] == [t["id"] for t in body["templates"]]
    assert all("config" not in t or not t["config"] for t in body["templates"])


async def test_filters_combine(org: Org):
    a = await create(org.member, name="Filter Alpha", category="sales", tags=["zz-a", "zz-b"])
    b = await create(org.admin, name="Filter Beta", category="sales", tags=["zz-a"])
    c = await create(org.member, name="Filter Gamma", category="research", tags=["zz-a", "zz-b"])

    async def ids(**params: Any) -> set[str]:
        return {t["id"] for t in await _all_pages(org.member, **params)}

    assert await ids(tags=["zz-a"]) == {a["id"], b["id"], c["id"]}
    assert await ids(tags=["zz-a", "zz-b"]) == {a["id"], c["id"]}  # all of them
    assert await ids(tags=["zz-a"], category="sales") == {a["id"], b["id"]}
    assert await ids(tags=["zz-a"], creator_id=org.admin.user_id) == {b["id"]}
    assert await ids(tags=["zz-a"], org_id=org.id, official=False) == {a["id"], b["id"], c["id"]}
    assert await ids(tags=["zz-a"], official=True) == set()
    assert await ids(query="filter", tags=["zz-b"]) == {a["id"], c["id"]}


async def test_sorts_by_popularity_and_by_age(org: Org, catalog_db):
    owner = uuid.UUID(org.id)
    made = []
    async with catalog_db.unit_of_work() as session:
        for uses in (3, 10, 0, 7):
            made.append(await insert_template(session, owner_org_id=owner, tags=["zz-sort"],
                                              use_count=uses))  # fmt: skip
    popular = await _search(org.member, tags="zz-sort", sort="TEMPLATE_SORT_POPULAR")
    assert [t["use_count"] for t in popular["templates"]] == ["10", "7", "3", "0"]
    newest = await create(org.member, tags=["zz-sort"])
    by_age = await _search(org.member, tags="zz-sort", sort="TEMPLATE_SORT_NEWEST")
    assert by_age["templates"][0]["id"] == newest["id"]
    # Without a query the default is popularity.
    default = await _search(org.member, tags="zz-sort")
    assert default["templates"][0]["use_count"] == "10"


async def test_facets_count_every_match_not_only_the_page(org: Org, catalog_db):
    owner = uuid.UUID(org.id)
    rng = random.Random(12)
    async with catalog_db.unit_of_work() as session:
        for i in range(30):
            tags = rng.sample(["red", "green", "blue", "cyan"], rng.randint(0, 3))
            category = rng.choice(["sales", "research", "data-analysis"])
            name = f"Facet Widget {i}" if i % 3 else f"Facet Gadget {i}"
            await insert_template(session, owner_org_id=owner, name=name, category=category,
                                  tags=["facet", *tags])  # fmt: skip
    for params in (
        {"tags": "facet"},
        {"tags": "facet", "query": "widget"},
        {"tags": "facet", "query": "widgett", "category": "sales"},
        {"tags": ["facet", "red"]},
    ):
        first = await _search(org.member, **params, page_size=4, include_facets=True)
        everything = await _all_pages(org.member, **params, page_size=4)
        facets = first["facets"]
        assert int(facets["total"]) == len(everything) > 0
        assert {f["value"]: int(f["count"]) for f in facets["categories"]} == dict(
            Counter(t["category"] for t in everything)
        )
        assert {f["value"]: int(f["count"]) for f in facets["tags"]} == dict(
            Counter(tag for t in everything for tag in t["tags"])
        )
        later = await _search(org.member, **params, page_size=4, include_facets=True,
                              page_token=first["next_page_token"])  # fmt: skip
        assert later["facets"] == facets  # the same matches, counted on any page asked
        unasked = await _search(org.member, **params, page_size=4)
        assert unasked.get("facets") is None  # only when asked: one more statement


@pytest.mark.parametrize(
    "params",
    [
        {"query": "paging"},
        {"query": "pagin", "sort": "TEMPLATE_SORT_NEWEST"},
        {"tags": "zz-paging", "sort": "TEMPLATE_SORT_POPULAR"},
        {"tags": "zz-paging", "sort": "TEMPLATE_SORT_NEWEST"},
    ],
)
async def test_pages_neither_skip_nor_repeat_while_templates_are_added(org: Org, catalog_db,
                                                                       params):  # fmt: skip
    owner = uuid.UUID(org.id)
    rng = random.Random(7)

    async def add(count: int) -> set[str]:
        added = set()
        async with catalog_db.unit_of_work() as session:
            for _ in range(count):
                word = rng.choice(["paging", "pagination", "page", "paged"])
                added.add(str(await insert_template(
                    session, owner_org_id=owner, name=f"{word.title()} helper",
                    description=" ".join(rng.choices(["paging", "pages", "other"], k=3)),
                    tags=["zz-paging"], use_count=rng.choice([0, 1, 1, 2, 5]),
                )))  # fmt: skip
        return added

    before = await add(40)
    seen: list[str] = []
    token, inserted = "", set()
    while True:
        body = await _search(org.member, **params, page_size=7, page_token=token)
        seen += [t["id"] for t in body["templates"]]
        token = body["next_page_token"]
        if not token:
            break
        # Others write between our pages, and while we read one.
        inserted |= await add(3)
        inserted |= (await asyncio.gather(add(2), _search(org.member, **params)))[0]
    assert len(seen) == len(set(seen)), "a template was served twice"
    expected = {t["id"] for t in (await _all_pages(org.member, **params)) if t["id"] in before}
    assert expected <= set(seen), "a template that was there all along was skipped"
    assert set(seen) <= before | inserted


async def test_typos_are_corrected_only_with_words_the_caller_could_see(org: Org, outsider, http):
    # Another organization spells it "custmer": a word of theirs, which corrects nothing
    # for anyone else (nor stops anyone else's correction).
    await create(outsider, name="Custmer Notes", description="Suport tickets.")
    body = await _search(http, query="custmer suport", official=True)
    assert _names(body)[0] == "Customer Service Agent"
    theirs = await _search(outsider, query="custmer")
    assert "Custmer Notes" in _names(theirs)
    await create(outsider, name="Xylophonist Helper")
    assert _names(await _search(outsider, query="xylofonist")) == ["Xylophonist Helper"]
    assert _names(await _search(org.member, query="xylofonist")) == []
    assert _names(await _search(http, query="xylofonist")) == []
