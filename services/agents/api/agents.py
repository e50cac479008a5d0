"""agents's AgentService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from typing import Any

import grpc

from keel.agents.v1 import agents_pb2 as pb
from keel.agents.v1 import agents_pb2_grpc
from keel_runtime.convert import optional_uuid
from services.agents.api import convert
from services.agents.api.convert import caller
from services.agents.domain import agents, versions
from services.agents.domain.agents import Changes, Context, Draft, ListFilters
from services.agents.domain.templates import FromTemplate

_SCALARS = ("name", "description", "avatar_url")


def _changes(request: pb.UpdateAgentRequest) -> Changes:
    """What a PATCH sets: the fields present in it, and those its update_mask names."""
    mask = set(request.update_mask.paths)
    fields: dict[str, Any] = {
        name: getattr(request, name) for name in _SCALARS if request.HasField(name) or name in mask
    }
    if request.visibility or "visibility" in mask:
        fields["visibility"] = convert.VISIBILITY.get(request.visibility)
    config = None
    if request.HasField("config") or "config" in mask:
        config = convert.config_dict(request.config)
    return Changes(fields, config, request.version_notes)


class AgentApi(agents_pb2_grpc.AgentServiceServicer):
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def CreateAgent(
        self, request: pb.CreateAgentRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateAgentResponse:
        draft = Draft(
            org_id=optional_uuid(request.org_id),
            name=request.name,
            description=request.description,
            avatar_url=request.avatar_url,
            visibility=convert.VISIBILITY.get(request.visibility),
            config=convert.config_dict(request.config),
            version_notes=request.version_notes,
            request_id=request.request_id,
        )
        created = await agents.create(self.ctx, caller(), draft)
        return pb.CreateAgentResponse(agent=convert.agent(created))

    async def CreateAgentFromTemplate(
        self, request: pb.CreateAgentFromTemplateRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateAgentFromTemplateResponse:
        asked = FromTemplate(
            template_id=uuid.UUID(request.template_id),
            org_id=optional_uuid(request.org_id),
            name=request.name,
            description=request.description,
            visibility=convert.VISIBILITY.get(request.visibility),
            request_id=request.request_id,
        )
        created = await agents.create_from_template(self.ctx, caller(), asked)
        return pb.CreateAgentFromTemplateResponse(
            agent=convert.agent(created), template=convert.origin(created)
        )

    async def ListAgents(
        self, request: pb.ListAgentsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListAgentsResponse:
        filters = ListFilters(
            org_id=optional_uuid(request.org_id),
            creator_id=optional_uuid(request.creator_id),
            visibility=convert.VISIBILITY.get(request.visibility),
        )
        page = await agents.list_agents(
            self.ctx, caller(), filters, request.page_size, request.page_token
        )
        return pb.ListAgentsResponse(
            agents=[convert.agent(a) for a in page.items], next_page_token=page.next_page_token
        )

    async def GetAgent(
        self, request: pb.GetAgentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAgentResponse:
        found = await agents.get(self.ctx, caller(), uuid.UUID(request.agent_id))
        return pb.GetAgentResponse(agent=convert.agent(found))

    async def UpdateAgent(
        self, request: pb.UpdateAgentRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateAgentResponse:
        updated, created = await agents.update(
            self.ctx, caller(), uuid.UUID(request.agent_id), _changes(request)
        )
        return pb.UpdateAgentResponse(agent=convert.agent(updated), version_created=created)

    async def DeleteAgent(
        self, request: pb.DeleteAgentRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteAgentResponse:
        await agents.delete(self.ctx, caller(), uuid.UUID(request.agent_id))
        return pb.DeleteAgentResponse()

    async def ListAgentVersions(
        self, request: pb.ListAgentVersionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListAgentVersionsResponse:
        page = await versions.list_versions(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.page_size, request.page_token
        )
        return pb.ListAgentVersionsResponse(
            versions=[convert.version(v) for v in page.items],
            next_page_token=page.next_page_token,
        )

    async def GetAgentVersion(
        self, request: pb.GetAgentVersionRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAgentVersionResponse:
        found = await versions.get_version(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.version
        )
        return pb.GetAgentVersionResponse(version=convert.version(found))

    async def RollbackAgent(
        self, request: pb.RollbackAgentRequest, context: grpc.aio.ServicerContext
    ) -> pb.RollbackAgentResponse:
        agent, version = await versions.rollback(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.version, request.notes
        )
        return pb.RollbackAgentResponse(
            agent=convert.agent(agent), version=convert.version(version)
        )
