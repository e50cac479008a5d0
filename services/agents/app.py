"""agents wired onto the shared runtime."""

from __future__ import annotations

from pathlib import Path

import grpc

from keel.agents.v1 import agents_pb2, agents_pb2_grpc
from keel_runtime.server import Runtime, ServiceSpec
from services.agents.api.agents import AgentApi
from services.agents.api.convert import CallerPermissions, contract_rules
from services.agents.config import AgentsConfig
from services.agents.data.agents import AgentRepository
from services.agents.data.billing import BillingAgentLimit, BillingModelPolicy
from services.agents.data.catalog import CatalogTemplates
from services.agents.data.events import OutboxEvents
from services.agents.domain.agents import Context


def register(server: grpc.aio.Server, runtime: Runtime) -> None:
    ctx = Context(
        agents=AgentRepository(),
        events=OutboxEvents(),
        permissions=CallerPermissions(),
        limit=BillingAgentLimit(),
        models=BillingModelPolicy(),
        templates=CatalogTemplates(),
        contract_rules=contract_rules,
    )
    agents_pb2_grpc.add_AgentServiceServicer_to_server(AgentApi(ctx), server)


SPEC = ServiceSpec(
    name="agents",
    migrations=Path(__file__).parent / "data" / "migrations",
    register=register,
    grpc_services=[s.full_name for s in agents_pb2.DESCRIPTOR.services_by_name.values()],
    load_config=AgentsConfig.from_env,
)
