"""agents's AgentSubmissionService as the domain's `Agents`.

The call goes out as the caller of the RPC (the submitter the gateway authenticated,
forwarded by `clients.connect`) over catalog's own mesh certificate, which is the one the
method admits (`callers: "catalog"`): agents then checks that the submitter may manage the
agent. Its refusals (AGENT_NOT_FOUND, MISSING_PERMISSION, …) reach our caller as agents
gave them; its INTERNAL, UNAVAILABLE or a deadline are AGENTS_UNAVAILABLE.
"""

from __future__ import annotations

import uuid

import grpc
from google.protobuf import json_format

from keel.agents.v1 import agents_pb2, agents_pb2_grpc
from keel_runtime import clients
from keel_runtime.status import passed_on
from services.catalog.domain.submissions import AgentVersion

_SERVICE = agents_pb2.DESCRIPTOR.services_by_name["AgentSubmissionService"]


class SubmittedAgents:
    """One channel per event loop."""

    def __init__(self, target: str | None = None) -> None:
        self._stub = clients.Stubs(
            "agents",
            agents_pb2_grpc.AgentSubmissionServiceStub,
            _SERVICE,
            default_timeout=3.0,
            target=target,
        )

    async def latest(self, agent_id: uuid.UUID) -> AgentVersion:
        request = agents_pb2.GetAgentForSubmissionRequest(agent_id=str(agent_id))
        try:
            found = (await self._stub().GetAgentForSubmission(request)).agent
        except grpc.aio.AioRpcError as exc:
            raise passed_on(exc, "agents") from None
        return AgentVersion(
            agent_id=uuid.UUID(found.id),
            org_id=uuid.UUID(found.org_id),
            version=found.latest_version,
            config=json_format.MessageToDict(found.config, preserving_proto_field_name=True),
        )
