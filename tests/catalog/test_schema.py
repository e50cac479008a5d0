"""catalog's schema: the seeded official templates, and the rules the database itself
keeps (immutable versions, one slug per owner, official means public and ownerless, the
search vector and its vocabulary)."""

from __future__ import annotations

import uuid

import protovalidate
import pytest
import sqlalchemy as sa
from google.protobuf import json_format
from sqlalchemy.exc import DBAPIError, IntegrityError

from keel.catalog.v1 import templates_pb2
from keel_runtime.db import Database
from tests.catalog.support import insert_template

SEEDED = {
    "customer-service-agent": ("Customer Service Agent", "customer-service", "headphones"),
    "sales-research-agent": ("Sales Research Agent", "sales", "briefcase"),
    "content-writer-agent": ("Content Writer Agent", "content-creation", "pen-tool"),
    "data-analyst-agent": ("Data Analyst Agent", "data-analysis", "bar-chart"),
    "meeting-assistant-agent": ("Meeting Assistant Agent", "research", "calendar"),
}


@pytest.fixture
async def database(new_database):
    database = Database(new_database("catalog"))
    yield database
    await database.close()


async def _rows(database: Database, sql: str, **params):
    async with database.unit_of_work() as session:
        return (await session.execute(sa.text(sql), params)).all()


async def test_the_five_official_templates_are_seeded_with_version_1(database):
    rows = await _rows(
        database,
        "SELECT t.slug, t.name, t.category, t.icon, t.color, t.visibility, t.official,"
        " t.owner_org_id, t.latest_version, t.config, t.tags, v.config = t.config"
        " FROM templates t JOIN template_versions v ON v.template_id = t.id AND v.number = 1",
    )
    assert {r.slug: (r.name, r.category, r.icon) for r in rows} == SEEDED
    for row in rows:
        assert (row.visibility, row.official, row.owner_org_id) == ("public", True, None)
        assert row.latest_version == 1 and row[-1] is True
        assert row.color.startswith("#") and 3 <= len(row.tags) <= 20
        # The stored config is the contract's JSON, and valid by its rules.
        config = json_format.ParseDict(row.config, templates_pb2.TemplateConfig())
        assert len(config.system_prompt) > 800
        assert "escalat" in config.system_prompt.lower()
        assert config.tools and config.triggers
        assert len(config.metadata.usage_examples) >= 2
        for example in config.metadata.usage_examples:
            assert [m.role for m in example.messages] == ["user", "assistant"]
        request = templates_pb2.CreateTemplateRequest(
            name=row.name, slug=row.slug, category=row.category, tags=row.tags,
            icon=row.icon, color=row.color, official=True, config=config,
        )  # fmt: skip
        assert protovalidate.collect_violations(request) == []


async def test_versions_cannot_be_changed(database):
    with pytest.raises(DBAPIError, match="immutable"):
        async with database.unit_of_work() as session:
            await session.execute(sa.text("UPDATE template_versions SET notes = 'rewritten'"))
    (notes,) = await _rows(database, "SELECT DISTINCT notes FROM template_versions")
    assert notes == ("Official template",)


async def test_slugs_are_unique_per_owner_among_live_templates(database):
    org, other = uuid.uuid4(), uuid.uuid4()
    async with database.unit_of_work() as session:
        first = await insert_template(session, slug="helper", owner_org_id=org)
        await insert_template(session, slug="helper", owner_org_id=other)
        # An organization may reuse an official slug: the namespaces are separate.
        await insert_template(session, slug="customer-service-agent", owner_org_id=org)
    with pytest.raises(IntegrityError):
        async with database.unit_of_work() as session:
            await insert_template(session, slug="helper", owner_org_id=org)
    async with database.unit_of_work() as session:
        await session.execute(
            sa.text("UPDATE templates SET deleted_at = now() WHERE id = :id"), {"id": first}
        )
        await insert_template(session, slug="helper", owner_org_id=org)


@pytest.mark.parametrize(
    "values",
    [
        {"official": True, "owner_org_id": uuid.uuid4()},
        {"official": True, "owner_org_id": None, "visibility": "organization"},
        {"official": False, "owner_org_id": None},
        {"slug": "Not A Slug"},
        {"tags": [f"t{i}" for i in range(21)]},
        {"category": "astrology"},
        {"visibility": "friends"},
    ],
)
async def test_the_database_refuses_what_the_contract_forbids(database, values):
    with pytest.raises(IntegrityError):
        async with database.unit_of_work() as session:
            await insert_template(session, **{"owner_org_id": uuid.uuid4(), **values})


async def test_the_search_vector_weighs_name_then_tags_then_description(database):
    async with database.unit_of_work() as session:
        template = await insert_template(
            session, name="Invoice Helper", tags=["billing"], description="Chases payments."
        )
    ((vector,),) = await _rows(
        database, "SELECT search::text FROM templates WHERE id = :id", id=template
    )
    assert "'invoic':1A" in vector and "'bill':3B" in vector and "'payment':5C" in vector
    words = {w for (w,) in await _rows(database, "SELECT word FROM template_words")}
    assert {"invoice", "helper", "billing", "chases", "payments"} <= words
    assert {"customer", "analyst", "support"} <= words  # from the seeded templates
    # Each word also under the audience that sees it: here the owning organization.
    ((org_id,),) = await _rows(database, "SELECT owner_org_id FROM templates WHERE id = :id",
                               id=template)  # fmt: skip
    scoped = await _rows(
        database, "SELECT word FROM template_word_scopes WHERE scope = :org", org=org_id
    )
    assert {w for (w,) in scoped} == {"invoice", "helper", "billing", "chases", "payments"}
    public = await _rows(
        database,
        "SELECT count(*) FROM template_word_scopes WHERE word = 'invoice'"
        " AND scope = '00000000-0000-0000-0000-000000000000'",
    )
    assert public == [(0,)]
