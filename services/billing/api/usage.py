"""billing's UsageService: protobuf in, domain call, protobuf out."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import grpc
from google.api import httpbody_pb2

from keel.billing.v1 import usage_pb2, usage_pb2_grpc
from keel_runtime import db
from keel_runtime.convert import optional_time, timestamp
from services.billing.api import convert
from services.billing.data.plans import catalog
from services.billing.data.usage import UsageStore
from services.billing.deps import Deps
from services.billing.domain import dashboard, usage, usage_export
from services.billing.domain.money import text, usd


def limit_usage(value: usage.LimitUse) -> usage_pb2.LimitUsage:
    result = usage_pb2.LimitUsage(kind=convert.limit_kind(value.kind), used=value.used)
    if value.limit is not None:
        result.limit = value.limit
    if value.percent is not None:
        result.percent = value.percent
    return result


def totals(value: usage.Totals) -> usage_pb2.UsageTotals:
    counts = value.counts
    return usage_pb2.UsageTotals(
        agents=value.agents,
        agents_created=counts.agents_created,
        runs=counts.runs,
        input_tokens=counts.input_tokens,
        output_tokens=counts.output_tokens,
        cost_usd=usd(counts.cost_usd),
        credits_consumed=text(value.credits_consumed),
    )


_EXPORT_ROWS = {
    usage_pb2.USAGE_EXPORT_ROWS_UNSPECIFIED: usage_export.DAYS,
    usage_pb2.USAGE_EXPORT_ROWS_DAYS: usage_export.DAYS,
    usage_pb2.USAGE_EXPORT_ROWS_AGENTS: usage_export.AGENTS,
}


def _context(deps: Deps) -> usage.Context:
    session = db.session()
    return usage.Context(
        session=session,
        config=deps.config,
        counters=UsageStore(session),
        catalog=lambda: catalog(session),
        insights=deps.insights,
    )


def _report(request: usage_pb2.RecordUsageRequest) -> usage.UsageReport:
    return usage.UsageReport(
        idempotency_key=request.idempotency_key,
        agents_delta=request.agents_delta,
        runs=request.runs,
        input_tokens=request.input_tokens,
        output_tokens=request.output_tokens,
        cost_usd=Decimal(request.cost_usd or "0"),
        occurred_at=optional_time(request, "occurred_at"),
    )


class UsageApi(usage_pb2_grpc.UsageServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def GetUsage(
        self, request: usage_pb2.GetUsageRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.GetUsageResponse:
        found = await usage.get_usage(_context(self.deps), uuid.UUID(request.org_id))
        return usage_pb2.GetUsageResponse(
            org_id=str(found.org_id),
            plan=convert.tier(found.plan),
            period_start=timestamp(found.period_start),
            period_end=timestamp(found.period_end),
            totals=totals(found.totals),
            limits=[limit_usage(u) for u in found.limits],
        )

    async def GetUsageDashboard(
        self, request: usage_pb2.GetUsageDashboardRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.GetUsageDashboardResponse:
        found = await dashboard.dashboard(
            _context(self.deps), uuid.UUID(request.org_id), request.days
        )
        period = found.usage
        return usage_pb2.GetUsageDashboardResponse(
            org_id=str(period.org_id),
            plan=convert.tier(period.plan),
            period_start=timestamp(period.period_start),
            period_end=timestamp(period.period_end),
            period=totals(period.totals),
            timeline=[
                usage_pb2.UsageDay(date=day.isoformat(), totals=totals(values))
                for day, values in found.timeline
            ],
            limits=[limit_usage(u) for u in period.limits],
            credits_available=text(found.credits_available),
            credits_monthly_allocation=text(found.credits_monthly_allocation),
            agents=found.agents,
        )

    async def ExportUsage(
        self, request: usage_pb2.ExportUsageRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[httpbody_pb2.HttpBody]:
        rows = _EXPORT_ROWS[request.rows]
        async with self.deps.database.scope(read_only=True):  # a stream has none of its own
            found = await usage_export.export(
                _context(self.deps), uuid.UUID(request.org_id), request.days, rows
            )
        yield httpbody_pb2.HttpBody(content_type="text/csv; charset=utf-8", data=found)

    async def CheckLimit(
        self, request: usage_pb2.CheckLimitRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.CheckLimitResponse:
        use, plan = await usage.check_limit(
            _context(self.deps),
            self.deps.rate_limiter,
            uuid.UUID(request.org_id),
            convert.limit_kind_name(request.limit),
            request.increment,
        )
        answer = usage_pb2.CheckLimitResponse(usage=limit_usage(use), plan=convert.tier(plan.tier))
        if use.kind == usage.MONTHLY_RUNS and plan.concurrent_run_limit is not None:
            answer.concurrent_run_limit = plan.concurrent_run_limit
        return answer

    async def RecordUsage(
        self, request: usage_pb2.RecordUsageRequest, context: grpc.aio.ServicerContext
    ) -> usage_pb2.RecordUsageResponse:
        result = await usage.record_usage(
            _context(self.deps), uuid.UUID(request.org_id), _report(request)
        )
        return usage_pb2.RecordUsageResponse(
            recorded=result.recorded, limits=[limit_usage(u) for u in result.limits]
        )


def register(server: grpc.aio.Server, deps: Deps) -> None:
    """Add this API's servicer to `server`."""
    usage_pb2_grpc.add_UsageServiceServicer_to_server(UsageApi(deps), server)
