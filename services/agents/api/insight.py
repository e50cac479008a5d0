"""agents's OrganizationInsightService (billing's caller): protobuf in, domain call,
protobuf out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc

from keel.agents.v1 import analytics_pb2 as pb
from keel.agents.v1 import analytics_pb2_grpc
from services.agents.api.analytics import window_message
from services.agents.api.convert import caller
from services.agents.domain import insight
from services.agents.domain.insight import AgentRow, success_rate


def _agent(row: AgentRow) -> pb.AgentInsight:
    return pb.AgentInsight(
        agent_id=str(row.agent_id), name=row.name, runs_started=row.runs_started,
        completed_runs=row.completed, failed_runs=row.failed, cancelled_runs=row.cancelled,
        timed_out_runs=row.timed_out, success_rate=success_rate(row),
        cost_usd=f"{row.cost_usd:f}", credits=f"{row.credits:f}",
        input_tokens=row.input_tokens, output_tokens=row.output_tokens,
        last_active_day=row.last_active_day.isoformat(),
    )  # fmt: skip


def insight_message(found: insight.Insight) -> pb.OrganizationInsight:
    totals = found.totals
    return pb.OrganizationInsight(
        window=window_message(found.window), runs_started=totals.runs_started,
        completed_runs=totals.completed, failed_runs=totals.failed,
        cancelled_runs=totals.cancelled, timed_out_runs=totals.timed_out,
        success_rate=success_rate(totals), cost_usd=f"{totals.cost_usd:f}",
        credits=f"{totals.credits:f}", input_tokens=totals.input_tokens,
        output_tokens=totals.output_tokens, active_agents=found.active_agents,
        agents_with_runs=found.agents_with_runs, agents=[_agent(r) for r in found.agents],
        top_agents=[_agent(r) for r in found.top_agents],
    )  # fmt: skip


class OrganizationInsightApi(analytics_pb2_grpc.OrganizationInsightServiceServicer):
    def __init__(self, ctx: insight.Context) -> None:
        self.ctx = ctx

    async def GetOrganizationInsight(
        self, request: pb.GetOrganizationInsightRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetOrganizationInsightResponse:
        found = await insight.organization(
            self.ctx, caller(), uuid.UUID(request.org_id), request.days, request.max_agents,
            datetime.now(UTC).date(),
        )  # fmt: skip
        return pb.GetOrganizationInsightResponse(insight=insight_message(found))
