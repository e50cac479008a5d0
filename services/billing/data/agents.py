"""agents's OrganizationInsightService as the domain's `AgentInsights`.

The call goes out as the caller of the RPC (the user or key the gateway authenticated,
forwarded by `clients.connect`) over billing's own mesh certificate, the one the method
admits (`callers: "billing"`): agents then checks `usage.view` itself. Its INTERNAL,
UNAVAILABLE or a deadline are AGENTS_UNAVAILABLE (`Unavailable`).
"""

from __future__ import annotations

import uuid

import grpc

from keel.agents.v1 import analytics_pb2, analytics_pb2_grpc
from keel_runtime import clients
from keel_runtime.status import passed_on

_SERVICE = analytics_pb2.DESCRIPTOR.services_by_name["OrganizationInsightService"]


class AgentInsights:
    """One channel per event loop."""

    def __init__(self, target: str | None = None) -> None:
        self._stub = clients.Stubs(
            "agents",
            analytics_pb2_grpc.OrganizationInsightServiceStub,
            _SERVICE,
            default_timeout=3.0,
            target=target,
        )

    async def organization(
        self, org_id: uuid.UUID, days: int, max_agents: int
    ) -> analytics_pb2.OrganizationInsight:
        request = analytics_pb2.GetOrganizationInsightRequest(
            org_id=str(org_id), days=days, max_agents=max_agents
        )
        try:
            return (await self._stub().GetOrganizationInsight(request)).insight
        except grpc.aio.AioRpcError as exc:
            raise passed_on(exc, "agents") from None
