"""agents's AnalyticsService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence

import grpc
from google.api import httpbody_pb2

from keel.agents.v1 import analytics_pb2 as pb
from keel.agents.v1 import analytics_pb2_grpc
from keel_runtime.convert import timestamp
from services.agents.api.convert import caller
from services.agents.domain import analytics
from services.agents.domain.analytics import Stats, TimelineDay, ToolExecution, ToolTotals, Window

FORMATS = {
    pb.EXPORT_FORMAT_UNSPECIFIED: analytics.JSON,
    pb.EXPORT_FORMAT_JSON: analytics.JSON,
    pb.EXPORT_FORMAT_CSV: analytics.CSV,
}
CONTENT_TYPES = {analytics.JSON: "application/json", analytics.CSV: "text/csv; charset=utf-8"}


def window_message(window: Window) -> pb.Window:
    return pb.Window(
        days=window.days, first_day=window.first.isoformat(), last_day=window.last.isoformat()
    )


def _stats(stats: Stats) -> pb.AgentStats:
    return pb.AgentStats(
        window=window_message(stats.window), total_runs=stats.total_runs,
        finished_runs=stats.finished, completed_runs=stats.completed,
        failed_runs=stats.failed, cancelled_runs=stats.cancelled,
        timed_out_runs=stats.timed_out, success_rate=stats.success_rate,
        avg_duration_ms=stats.avg_duration_ms, p50_duration_ms=stats.p50_duration_ms,
        p95_duration_ms=stats.p95_duration_ms, cost_usd=f"{stats.cost_usd:f}",
        credits=f"{stats.credits:f}", input_tokens=stats.input_tokens,
        output_tokens=stats.output_tokens, cached_input_tokens=stats.cached_input_tokens,
        total_tokens=stats.input_tokens + stats.output_tokens,
    )  # fmt: skip


def _days(days: Sequence[TimelineDay]) -> list[pb.TimelineDay]:
    return [
        pb.TimelineDay(day=d.day.isoformat(), started=d.started, completed=d.completed,
                       failed=d.failed, cancelled=d.cancelled, timed_out=d.timed_out)
        for d in days
    ]  # fmt: skip


def _tools(tools: Sequence[ToolTotals]) -> list[pb.ToolStats]:
    return [
        pb.ToolStats(tool=t.tool, executions=t.executions, errors=t.errors,
                     avg_duration_ms=t.avg_duration_ms, max_duration_ms=t.duration_ms_max)
        for t in tools
    ]  # fmt: skip


def _execution(e: ToolExecution) -> pb.ToolExecution:
    return pb.ToolExecution(
        run_id=str(e.run_id), step_key=e.step_key, tool=e.tool, status=e.status, error=e.error,
        duration_ms=e.duration_ms, started_at=timestamp(e.started_at),
        finished_at=timestamp(e.finished_at),
    )  # fmt: skip


class AnalyticsApi(analytics_pb2_grpc.AnalyticsServiceServicer):
    def __init__(self, ctx: analytics.Context) -> None:
        self.ctx = ctx

    async def GetAgentAnalytics(
        self, request: pb.GetAgentAnalyticsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAgentAnalyticsResponse:
        stats, days, tools = await analytics.dashboard(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.window_days
        )
        return pb.GetAgentAnalyticsResponse(
            stats=_stats(stats), timeline=_days(days), slowest_tools=_tools(tools)
        )

    async def GetAgentStats(
        self, request: pb.GetAgentStatsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAgentStatsResponse:
        stats = await analytics.stats(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.window_days
        )
        return pb.GetAgentStatsResponse(stats=_stats(stats))

    async def GetAgentTimeline(
        self, request: pb.GetAgentTimelineRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAgentTimelineResponse:
        window, days = await analytics.timeline(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.window_days
        )
        return pb.GetAgentTimelineResponse(window=window_message(window), days=_days(days))

    async def ListAgentTools(
        self, request: pb.ListAgentToolsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListAgentToolsResponse:
        window, page = await analytics.tools(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.window_days,
            request.page_size, request.page_token,
        )  # fmt: skip
        return pb.ListAgentToolsResponse(
            window=window_message(window),
            tools=_tools(page.items),
            next_page_token=page.next_page_token,
        )

    async def ListToolExecutions(
        self, request: pb.ListToolExecutionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListToolExecutionsResponse:
        page = await analytics.executions(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.window_days, request.tool,
            request.page_size, request.page_token,
        )  # fmt: skip
        return pb.ListToolExecutionsResponse(
            executions=[_execution(e) for e in page.items], next_page_token=page.next_page_token
        )

    async def ExportRunLogs(
        self, request: pb.ExportRunLogsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[httpbody_pb2.HttpBody]:
        format = FORMATS[request.format]
        chunks = analytics.export(
            self.ctx, caller(), uuid.UUID(request.agent_id), request.window_days, format,
            request.max_runs,
        )  # fmt: skip
        first = True
        async for chunk in chunks:
            # The transcoder takes the content type from the first message.
            yield httpbody_pb2.HttpBody(content_type=CONTENT_TYPES[format] if first else "",
                                        data=chunk)  # fmt: skip
            first = False
