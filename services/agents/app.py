"""agents wired onto the shared runtime."""

from __future__ import annotations

import os
from pathlib import Path

import grpc

from keel.agents.v1 import (
    agents_pb2,
    agents_pb2_grpc,
    analytics_pb2,
    analytics_pb2_grpc,
    runs_pb2,
    runs_pb2_grpc,
    share_links_pb2,
    share_links_pb2_grpc,
)
from keel_runtime.config import ServiceConfig
from keel_runtime.server import Runtime, ServiceSpec
from services.agents.api.agents import AgentApi
from services.agents.api.analytics import AnalyticsApi
from services.agents.api.convert import CallerPermissions, contract_rules
from services.agents.api.insight import OrganizationInsightApi
from services.agents.api.runs import RunApi, ThreadApi, traceparent
from services.agents.api.share_links import SharedAgentApi, ShareLinkApi
from services.agents.api.submissions import AgentSubmissionApi
from services.agents.config import AgentsConfig
from services.agents.data import durable
from services.agents.data.agents import AgentRepository
from services.agents.data.analytics import AnalyticsRepository
from services.agents.data.billing import BillingAgentLimit, BillingModelPolicy, BillingRunPlan
from services.agents.data.catalog import CatalogTemplates
from services.agents.data.events import CreditNotices, OutboxEvents
from services.agents.data.insight import InsightRepository
from services.agents.data.run_events import EventWatcher
from services.agents.data.runs import RunRepository, ThreadRepository
from services.agents.data.share_links import RedisVisitorLimits, ShareLinkRepository
from services.agents.domain import analytics, insight, runs, share_links, threads
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
    agents_pb2_grpc.add_AgentSubmissionServiceServicer_to_server(AgentSubmissionApi(ctx), server)
    thread_store = ThreadRepository()
    run_ctx = runs.Context(
        agents=ctx.agents,
        runs=RunRepository(),
        threads=thread_store,
        plan=BillingRunPlan(),
        permissions=ctx.permissions,
        notices=CreditNotices(),
        traceparent=traceparent,
    )
    watcher = EventWatcher(runtime.database)
    runs_pb2_grpc.add_RunServiceServicer_to_server(
        RunApi(run_ctx, watcher, runtime.database), server
    )
    _register_share_links(server, runtime, run_ctx, watcher)
    thread_ctx = threads.Context(threads=thread_store, permissions=ctx.permissions)
    runs_pb2_grpc.add_ThreadServiceServicer_to_server(ThreadApi(thread_ctx), server)
    analytics_ctx = analytics.Context(
        agents=ctx.agents, rollups=AnalyticsRepository(), permissions=ctx.permissions,
        reading=lambda: runtime.database.scope(read_only=True),
    )  # fmt: skip
    analytics_pb2_grpc.add_AnalyticsServiceServicer_to_server(AnalyticsApi(analytics_ctx), server)
    insight_ctx = insight.Context(rollups=InsightRepository(), permissions=ctx.permissions)
    analytics_pb2_grpc.add_OrganizationInsightServiceServicer_to_server(
        OrganizationInsightApi(insight_ctx), server
    )
    if os.environ.get("KEEL_AGENTS_WORKER_IN_SERVICE", "").lower() == "true":
        runtime.tasks.append(lambda: _worker_in_service(runtime))


def _register_share_links(
    server: grpc.aio.Server, runtime: Runtime, run_ctx: runs.Context, watcher: EventWatcher
) -> None:
    ctx = share_links.Context(
        links=ShareLinkRepository(),
        agents=run_ctx.agents,
        permissions=run_ctx.permissions,
        runs=run_ctx,
        limits=RedisVisitorLimits(runtime.redis),
    )
    share_links_pb2_grpc.add_ShareLinkServiceServicer_to_server(ShareLinkApi(ctx), server)
    share_links_pb2_grpc.add_SharedAgentServiceServicer_to_server(
        SharedAgentApi(ctx, watcher, runtime.database), server
    )


async def _worker_in_service(runtime: Runtime) -> None:
    from services.agents import worker

    await worker.in_service(runtime.config, runtime.database)


async def _worker(config: ServiceConfig, arguments: list[str]) -> int:
    from services.agents import worker  # DBOS, the model SDKs: the worker process only

    return await worker.run(config, arguments)


SPEC = ServiceSpec(
    name="agents",
    migrations=Path(__file__).parent / "data" / "migrations",
    register=register,
    grpc_services=[
        s.full_name
        for module in (agents_pb2, runs_pb2, analytics_pb2, share_links_pb2)
        for s in module.DESCRIPTOR.services_by_name.values()
    ],
    load_config=AgentsConfig.from_env,
    commands={"worker": _worker},
    # DBOS's own tables (schema `dbos`), which the runs' enqueue writes to.
    migrate=durable.migrate,
)
