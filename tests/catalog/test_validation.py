"""Bad input is refused with 400 and field violations, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from tests.catalog.support import Org, config, create, new_template, reason

LONG_EXAMPLES = [
    {"messages": [{"role": "user", "content": "x" * 4000}] * 20} for _ in range(10)
]  # within every per-field rule, over the config's 64 KiB

BAD_CREATES: list[tuple[str, dict[str, Any], str]] = [
    ("long name", {"name": "n" * 101}, "name"),
    ("empty name", {"name": ""}, "name"),
    ("long description", {"description": "d" * 2001}, "description"),
    ("21 tags", {"tags": [f"tag-{i}" for i in range(21)]}, "tags"),
    ("repeated tags", {"tags": ["same", "same"]}, "tags"),
    ("bad tag", {"tags": ["Not A Tag"]}, "tags"),
    ("bad slug", {"slug": "Bad Slug!"}, "slug"),
    ("long slug", {"slug": "s" * 65}, "slug"),
    ("bad icon", {"icon": "Head Phones"}, "icon"),
    ("bad colour", {"color": "blue"}, "color"),
    ("no config", {"config": None}, "config"),
    ("long prompt", {"config": config("p" * 20001)}, "config.system_prompt"),
    ("mcp without server", {"config": config(tools=[{"name": "crm", "kind": "TOOL_KIND_MCP"}])},
     "config.tools"),
    ("tool without kind", {"config": config(tools=[{"name": "web"}])}, "config.tools.kind"),
    ("schedule without cron", {"config": config(triggers=[{"kind": "TRIGGER_KIND_SCHEDULE"}])},
     "config.triggers"),
    ("bad example role",
     {"config": config(metadata={"usage_examples": [{"messages": [{"role": "bot",
                                                                   "content": "hi"}]}]})},
     "config.metadata.usage_examples.messages.role"),
    ("model and quality", {"config": config(model={"id": "gpt-4o",
                                                   "quality": "MODEL_QUALITY_FAST"})},
     "config.model"),
    ("config too large", {"config": config(metadata={"usage_examples": LONG_EXAMPLES})},
     "config"),
    ("unknown category", {"category": "astrology"}, "category"),
]  # fmt: skip


async def _counts(catalog_db) -> tuple[int, int, int]:
    async with catalog_db.unit_of_work() as session:
        row = await session.execute(
            sa.text(
                "SELECT (SELECT count(*) FROM templates), (SELECT count(*) FROM"
                " template_versions), (SELECT count(*) FROM outbox_events)"
            )
        )
        templates, versions, events = row.one()
    return templates, versions, events


@pytest.mark.parametrize(("body", "field"), [(b, f) for _, b, f in BAD_CREATES],
                         ids=[name for name, _, _ in BAD_CREATES])  # fmt: skip
async def test_a_bad_template_is_refused_and_nothing_is_written(org: Org, catalog_db, body, field):
    before = await _counts(catalog_db)
    payload = {k: v for k, v in new_template(**body).items() if v is not None}
    response = await org.member.post("/v1/templates", payload)
    assert response.status_code == 400, response.text
    violations = [
        v["field"]
        for d in response.json()["details"]
        if d["@type"].endswith("BadRequest")
        for v in d["field_violations"]
    ]
    assert field in violations, violations
    assert await _counts(catalog_db) == before


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"name": "n" * 101}, "name"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"slug": "Bad Slug"}, "slug"),
        ({"category": "astrology"}, "category"),
        ({"update_mask": "name"}, "name"),  # named in the mask, so set, and empty
        ({"update_mask": "owner_org_id"}, "update_mask"),
        ({"update_mask": "visibility"}, "visibility"),
        ({"config": config("p" * 20001)}, "config.system_prompt"),
    ],
)
async def test_a_bad_change_is_refused_and_nothing_is_written(org: Org, catalog_db, body, why):
    template = await create(org.member)
    before = await _counts(catalog_db)
    response = await org.member.patch(f"/v1/templates/{template['id']}", body)
    assert response.status_code == 400, response.text
    assert why in response.text
    assert await _counts(catalog_db) == before
    unchanged = (await org.member.get(f"/v1/templates/{template['id']}")).json()["template"]
    assert unchanged["name"] == template["name"] and unchanged["latest_version"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/v1/templates/not-a-uuid",
        "/v1/templates/00000000-0000-0000-0000-000000000000/versions/0",
        "/v1/templates?page_size=1000",
        "/v1/templates?page_token=%25%25%25",
        "/v1/templates?category=Not%20A%20Slug",
        "/v1/templates?org_id=acme",
        "/v1/templates?query=" + "q" * 201,
        "/v1/templates?sort=TEMPLATE_SORT_LOUDEST",
    ],
)
async def test_bad_reads_are_400(http, path):
    response = await http.get(path)
    assert response.status_code == 400, response.text


async def test_a_token_of_another_search_is_refused(http):
    first = (await http.get("/v1/templates", params={"page_size": 1})).json()
    token = first["next_page_token"]
    assert token
    for params in ({"sort": "TEMPLATE_SORT_NEWEST"}, {"query": "agent"}):
        response = await http.get("/v1/templates", params={"page_token": token, **params})
        assert (response.status_code, reason(response)) == (400, "INVALID_PAGE_TOKEN")
