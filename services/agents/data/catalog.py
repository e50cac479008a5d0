"""catalog's TemplateUsageService as the domain's `Templates`.

Both calls go out as the caller of the RPC (the user or API key the gateway
authenticated, forwarded by `clients.connect`), not as the agents service acting for the
organization: catalog shows a private template only to its creator, so acting for the
organization would hide the caller's own private templates. catalog then checks the
caller's `templates.view` in the organization (members and viewers; an API key needs
`read:templates`). Its refusals (TEMPLATE_NOT_FOUND, MISSING_SCOPE, …) reach our caller as
catalog gave them; its INTERNAL, UNAVAILABLE or a deadline are CATALOG_UNAVAILABLE.
"""

from __future__ import annotations

import uuid

import grpc
from google.protobuf import json_format

from keel.catalog.v1 import templates_pb2, templates_pb2_grpc
from keel_runtime import clients
from keel_runtime.status import passed_on
from services.agents.domain.templates import TemplateCopy

_SERVICE = templates_pb2.DESCRIPTOR.services_by_name["TemplateUsageService"]


class CatalogTemplates:
    """One channel per event loop."""

    def __init__(self, target: str | None = None) -> None:
        self._stub = clients.Stubs(
            "catalog",
            templates_pb2_grpc.TemplateUsageServiceStub,
            _SERVICE,
            default_timeout=3.0,
            target=target,
        )

    async def config(self, template_id: uuid.UUID, org_id: uuid.UUID) -> TemplateCopy:
        request = templates_pb2.GetTemplateConfigRequest(
            template_id=str(template_id), org_id=str(org_id)
        )
        try:
            found = await self._stub().GetTemplateConfig(request)
        except grpc.aio.AioRpcError as exc:
            raise passed_on(exc, "catalog") from None
        return TemplateCopy(
            template_id=uuid.UUID(found.template_id),
            version=found.version,
            name=found.name,
            category=found.category,
            config=json_format.MessageToDict(found.config, preserving_proto_field_name=True),
        )

    async def record_use(
        self, template_id: uuid.UUID, org_id: uuid.UUID, agent_id: uuid.UUID, version: int
    ) -> None:
        request = templates_pb2.RecordTemplateUseRequest(
            template_id=str(template_id), org_id=str(org_id), agent_id=str(agent_id),
            version=version,
        )  # fmt: skip
        try:
            await self._stub().RecordTemplateUse(request)
        except grpc.aio.AioRpcError as exc:
            raise passed_on(exc, "catalog") from None
