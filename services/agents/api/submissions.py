"""agents's AgentSubmissionService, for catalog only: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid

import grpc

from keel.agents.v1 import agents_pb2 as pb
from keel.agents.v1 import agents_pb2_grpc
from services.agents.api import convert
from services.agents.api.convert import caller
from services.agents.domain import submissions
from services.agents.domain.agents import Context


class AgentSubmissionApi(agents_pb2_grpc.AgentSubmissionServiceServicer):
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    async def GetAgentForSubmission(
        self, request: pb.GetAgentForSubmissionRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAgentForSubmissionResponse:
        found = await submissions.agent_to_submit(self.ctx, caller(), uuid.UUID(request.agent_id))
        return pb.GetAgentForSubmissionResponse(agent=convert.agent(found))
