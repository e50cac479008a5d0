"""What the agents service uses (internal RPCs, over gRPC only) and how views are counted."""

from __future__ import annotations

import asyncio
import uuid

import grpc
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2

from keel.catalog.v1 import templates_pb2 as pb
from keel.catalog.v1 import templates_pb2_grpc
from keel_runtime import rpc
from keel_runtime.status import details_of
from services.catalog.app import SPEC
from tests.catalog.support import Org, acting_for, config, create, forwarded, insert_template
from tests.support import channels
from tests.support.inprocess import running

CUSTOMER_SERVICE = "0a6f3e55-7c1d-4a8e-9b2f-000000000001"


def _stub(channel: grpc.aio.Channel) -> templates_pb2_grpc.TemplateUsageServiceStub:
    return templates_pb2_grpc.TemplateUsageServiceStub(channel)


def _reason(error: grpc.aio.AioRpcError) -> str:
    for detail in details_of(error):
        if isinstance(detail, error_details_pb2.ErrorInfo):
            return detail.reason
    return ""


async def _refused(call, code: grpc.StatusCode) -> str:
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await call
    assert failure.value.code() == code, failure.value.details()
    return _reason(failure.value)


async def test_agents_get_the_config_the_organization_sees(org: Org, outsider, agents_channel):
    stub = _stub(agents_channel)
    public = await stub.GetTemplateConfig(
        pb.GetTemplateConfigRequest(template_id=CUSTOMER_SERVICE, org_id=org.id),
        metadata=acting_for(org.id),
    )
    assert (public.name, public.version, public.category) == (
        "Customer Service Agent", 1, "customer-service"
    )  # fmt: skip
    assert "escalat" in public.config.system_prompt.lower()
    mine = await create(org.member, config=config("Version one."))
    await org.member.patch(f"/v1/templates/{mine['id']}", {"config": config("Version two.")})
    latest = await stub.GetTemplateConfig(
        pb.GetTemplateConfigRequest(template_id=mine["id"], org_id=org.id),
        metadata=acting_for(org.id),
    )
    assert (latest.version, latest.config.system_prompt) == (2, "Version two.")
    first = await stub.GetTemplateConfig(
        pb.GetTemplateConfigRequest(template_id=mine["id"], org_id=org.id, version=1),
        metadata=acting_for(org.id),
    )
    assert first.config.system_prompt == "Version one."
    # Another organization's agents do not see it, whoever asks for them.
    context = (await outsider.get("/v1/auth/context")).json()
    other_org = context["active"]["organization"]["id"]
    hidden = stub.GetTemplateConfig(
        pb.GetTemplateConfigRequest(template_id=mine["id"], org_id=other_org),
        metadata=acting_for(other_org),
    )
    assert await _refused(hidden, grpc.StatusCode.NOT_FOUND) == "TEMPLATE_NOT_FOUND"
    # A service acts only for the organization it names.
    elsewhere = stub.GetTemplateConfig(
        pb.GetTemplateConfigRequest(template_id=mine["id"], org_id=org.id),
        metadata=acting_for(other_org),
    )
    assert await _refused(elsewhere, grpc.StatusCode.PERMISSION_DENIED) == "SERVICE_NOT_GRANTED"


async def test_private_templates_reach_agents_only_for_their_creator(org: Org, agents_channel):
    stub = _stub(agents_channel)
    private = await create(org.member, visibility="VISIBILITY_PRIVATE")
    request = pb.GetTemplateConfigRequest(template_id=private["id"], org_id=org.id)
    found = await stub.GetTemplateConfig(request, metadata=forwarded(org.member, org.id))
    assert found.template_id == private["id"]
    for metadata in (forwarded(org.admin, org.id), acting_for(org.id)):
        refused = stub.GetTemplateConfig(request, metadata=metadata)
        assert await _refused(refused, grpc.StatusCode.NOT_FOUND) == "TEMPLATE_NOT_FOUND"


async def test_uses_count_agents_not_calls(org: Org, agents_channel, catalog_db):
    stub = _stub(agents_channel)
    async with catalog_db.unit_of_work() as session:
        template_id = str(await insert_template(session, owner_org_id=uuid.UUID(org.id)))
    agent = str(uuid.uuid4())

    async def use(agent_id: str) -> pb.RecordTemplateUseResponse:
        request = pb.RecordTemplateUseRequest(template_id=template_id, org_id=org.id,
                                              agent_id=agent_id)  # fmt: skip
        reply: pb.RecordTemplateUseResponse = await stub.RecordTemplateUse(
            request, metadata=acting_for(org.id)
        )
        return reply

    first = await use(agent)
    assert (first.recorded, first.use_count) == (True, 1)
    retries = await asyncio.gather(*(use(agent) for _ in range(5)))
    assert {(r.recorded, r.use_count) for r in retries} == {(False, 1)}
    second = await use(str(uuid.uuid4()))
    assert (second.recorded, second.use_count) == (True, 2)
    shown = (await org.member.get(f"/v1/templates/{template_id}")).json()["template"]
    assert shown["use_count"] == "2"
    async with catalog_db.unit_of_work() as session:
        rows = await session.execute(
            sa.text("SELECT count(*), min(version) FROM template_uses WHERE template_id = :id"),
            {"id": uuid.UUID(template_id)},
        )
        assert rows.one() == (2, 1)


async def test_the_internal_methods_are_the_agents_service_alone(org: Org, catalog, http):
    request = pb.GetTemplateConfigRequest(template_id=CUSTOMER_SERVICE, org_id=org.id)
    for workload in ("gateway", "billing", "messaging"):
        async with channels.channel(catalog.address, workload=workload) as channel:
            refused = _stub(channel).GetTemplateConfig(request, metadata=acting_for(org.id))
            assert await _refused(refused, grpc.StatusCode.PERMISSION_DENIED) == (
                "CALLER_NOT_ALLOWED"
            )
    assert rpc.allowed_callers("/keel.catalog.v1.TemplateUsageService/RecordTemplateUse") == {
        "agents"
    }
    # Nor are they routed at the gateway, as REST or as gRPC.
    response = await http.post(
        "/keel.catalog.v1.TemplateUsageService/GetTemplateConfig",
        headers={"content-type": "application/grpc"},
    )
    assert response.headers["grpc-status"] == "12"  # UNIMPLEMENTED: method not exposed


async def test_views_are_counted_in_batches(org: Org, catalog_db):
    template = await create(org.member)
    for _ in range(7):
        assert (await org.viewer.get(f"/v1/templates/{template['id']}")).status_code == 200
    assert rpc.is_read_only("/keel.catalog.v1.TemplateService/GetTemplate")  # no write per view

    async def views() -> int:
        async with catalog_db.unit_of_work() as session:
            found = await session.execute(
                sa.text("SELECT view_count FROM templates WHERE id = :id"),
                {"id": uuid.UUID(template["id"])},
            )
            return int(found.scalar_one())

    for _ in range(100):  # written every 0.2 s in this mesh
        if await views() == 7:
            break
        await asyncio.sleep(0.05)
    assert await views() == 7


async def test_views_counted_before_a_shutdown_are_written(catalog_env, catalog_db_url_of):
    env = {**catalog_env, "KEEL_CATALOG_VIEW_FLUSH_SECONDS": "3600"}
    async with running(SPEC, env) as address, channels.channel(address) as channel:
        stub = templates_pb2_grpc.TemplateServiceStub(channel)
        for _ in range(3):
            await stub.GetTemplate(pb.GetTemplateRequest(template_id=CUSTOMER_SERVICE))
    async with catalog_db_url_of(env) as database, database.unit_of_work() as session:
        found = await session.execute(
            sa.text("SELECT view_count FROM templates WHERE id = :id"),
            {"id": uuid.UUID(CUSTOMER_SERVICE)},
        )
        assert found.scalar_one() == 3
