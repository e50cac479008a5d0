"""Usage against the plan's limits: counters per organization and billing period, the checks
the agents service makes before creating an agent or starting a run (CheckLimit), what it
reports afterwards (RecordUsage), and the alerts at 80 % and 100 % of a limit.

Counters are kept per UTC day; a period's figures are the sum of the days from the UTC day
its start falls on up to (not including) the day of its end. Agents are not per period: the
count is what the organization has now (created minus deleted).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from keel.agents.v1.analytics_pb2 import OrganizationInsight
from keel.billing.v1 import events_pb2, usage_pb2
from keel_runtime import authz, events
from keel_runtime.errors import QuotaExceeded, QuotaViolation
from keel_runtime.rate_limits import Limit, RateLimiter
from services.billing.config import BillingConfig
from services.billing.domain import accounts
from services.billing.domain.catalog import Catalog, CatalogSource, PlanView

AGENTS = "agents"
MONTHLY_RUNS = "monthly_runs"
# Not a LimitKind of its own: checked and consumed with MONTHLY_RUNS.
HOURLY_RUNS = "hourly_runs"
THRESHOLDS = (80, 100)
HOUR = 3600
_ZERO = Decimal(0)
# For the event's payload.
_LIMIT_KINDS = {
    AGENTS: usage_pb2.LIMIT_KIND_AGENTS,
    MONTHLY_RUNS: usage_pb2.LIMIT_KIND_MONTHLY_RUNS,
}


@dataclass(frozen=True)
class DayCounts:
    """Counters of one day, or summed over several."""

    agents_created: int = 0
    runs: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal = _ZERO


@dataclass(frozen=True)
class Totals:
    counts: DayCounts
    # The agents the organization has now (0 in a timeline's days).
    agents: int
    credits_consumed: Decimal


@dataclass(frozen=True)
class LimitUse:
    kind: str  # AGENTS or MONTHLY_RUNS
    used: int
    limit: int | None  # None: unlimited

    @property
    def percent(self) -> int | None:
        """used / limit in percent, rounded down; None when unlimited."""
        return None if self.limit is None else self.used * 100 // self.limit


@dataclass(frozen=True)
class Usage:
    org_id: uuid.UUID
    plan: str
    period_start: datetime
    period_end: datetime
    totals: Totals
    limits: list[LimitUse]


@dataclass(frozen=True)
class Recorded:
    recorded: bool
    limits: list[LimitUse]


@dataclass(frozen=True)
class UsageReport:
    """What RecordUsage adds (see usage.proto)."""

    idempotency_key: str
    agents_delta: int = 0
    runs: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal = _ZERO
    occurred_at: datetime | None = None


class UsageCounters(Protocol):
    async def sums(self, org_id: uuid.UUID, first_day: date, end_day: date) -> DayCounts: ...
    async def days(
        self, org_id: uuid.UUID, first_day: date, end_day: date
    ) -> dict[date, DayCounts]: ...
    async def runs(self, org_id: uuid.UUID, first_day: date, end_day: date) -> int: ...
    async def agents(self, org_id: uuid.UUID) -> int: ...
    async def credits_consumed(
        self, org_id: uuid.UUID, since: datetime, until: datetime
    ) -> Decimal: ...
    async def credits_consumed_by_day(
        self, org_id: uuid.UUID, since: datetime, until: datetime
    ) -> dict[date, Decimal]: ...
    async def claim(self, org_id: uuid.UUID, idempotency_key: str) -> bool: ...
    async def lock(self, org_id: uuid.UUID) -> None: ...
    async def add_day(self, org_id: uuid.UUID, day: date, counts: DayCounts) -> None: ...
    async def add_agents(self, org_id: uuid.UUID, delta: int) -> int: ...
    async def claim_alert(
        self, org_id: uuid.UUID, period_start: datetime, limit_kind: str, threshold: int
    ) -> bool: ...


class AgentInsights(Protocol):
    """What the agents service tells of an organization's agents (`data.agents`)."""

    async def organization(
        self, org_id: uuid.UUID, days: int, max_agents: int
    ) -> OrganizationInsight: ...


@dataclass(frozen=True)
class Context:
    """What usage operations share: the RPC's session and the service's dependencies."""

    session: AsyncSession
    config: BillingConfig
    counters: UsageCounters
    catalog: CatalogSource
    insights: AgentInsights | None = None


def utc_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def _period_days(subscription: accounts.Subscription) -> tuple[date, date]:
    """The UTC days [first, end) counted in the subscription's current period."""
    first = utc_day(subscription.current_period_start)
    end = max(utc_day(subscription.current_period_end), first + timedelta(days=1))
    return first, end


def _limits(plan: PlanView, agents: int, runs: int) -> list[LimitUse]:
    return [
        LimitUse(AGENTS, agents, plan.agent_limit),
        LimitUse(MONTHLY_RUNS, runs, plan.monthly_run_limit),
    ]


async def usage_of(ctx: Context, org_id: uuid.UUID) -> Usage:
    catalog = await ctx.catalog()
    subscription = await accounts.ensure_pool(ctx.session, ctx.config, org_id)
    first, end = _period_days(subscription)
    counts = await ctx.counters.sums(org_id, first, end)
    agents = await ctx.counters.agents(org_id)
    consumed = await ctx.counters.credits_consumed(
        org_id, subscription.current_period_start, subscription.current_period_end
    )
    plan = catalog.plan(subscription.plan_tier)
    return Usage(
        org_id=org_id,
        plan=plan.tier,
        period_start=subscription.current_period_start,
        period_end=subscription.current_period_end,
        totals=Totals(counts, agents, consumed),
        limits=_limits(plan, agents, counts.runs),
    )


async def get_usage(ctx: Context, org_id: uuid.UUID) -> Usage:
    await authz.require(str(org_id), "usage.view")
    return await usage_of(ctx, org_id)


async def check_limit(
    ctx: Context, limiter: RateLimiter, org_id: uuid.UUID, kind: str, increment: int
) -> tuple[LimitUse, PlanView]:
    """May the organization add `increment` of `kind`? Returns the usage and the plan, or
    raises QuotaExceeded. An allowed MONTHLY_RUNS check consumes the hourly run rate."""
    await authz.require(str(org_id), "agents.create" if kind == AGENTS else "agents.run")
    increment = increment or 1
    catalog = await ctx.catalog()
    subscription = await accounts.ensure_account(ctx.session, ctx.config, org_id)
    plan = catalog.plan(subscription.plan_tier)
    if kind == AGENTS:
        use = LimitUse(AGENTS, await ctx.counters.agents(org_id), plan.agent_limit)
    else:
        first, end = _period_days(subscription)
        use = LimitUse(
            MONTHLY_RUNS, await ctx.counters.runs(org_id, first, end), plan.monthly_run_limit
        )
    if use.limit is not None and use.used + increment > use.limit:
        raise over_limit(catalog, plan, org_id, use, increment)
    if kind == MONTHLY_RUNS and plan.hourly_run_limit is not None:
        await _consume_hourly_runs(limiter, catalog, plan, org_id, increment)
    return use, plan


_NOUNS = {AGENTS: "agents", MONTHLY_RUNS: "runs a month", HOURLY_RUNS: "runs an hour"}
_REASONS = {AGENTS: "ORG_AGENT_LIMIT_EXCEEDED", MONTHLY_RUNS: "ORG_RUN_LIMIT_EXCEEDED"}
_LIMIT_OF: dict[str, Callable[[PlanView], int | None]] = {
    AGENTS: lambda p: p.agent_limit,
    MONTHLY_RUNS: lambda p: p.monthly_run_limit,
    HOURLY_RUNS: lambda p: p.hourly_run_limit,
}


def _upgrade(catalog: Catalog, plan: PlanView, kind: str, needed: int) -> tuple[str, str]:
    """The smallest higher plan that allows `needed`, and a hint naming what it gives."""
    limit_of = _LIMIT_OF[kind]
    for candidate in catalog.plans:
        value = limit_of(candidate)
        if candidate.rank > plan.rank and (value is None or value >= needed):
            amount = "unlimited" if value is None else str(value)
            return candidate.tier, f"upgrade to {candidate.tier} for {amount} {_NOUNS[kind]}"
    return "", "contact sales for a higher limit"


def _metadata(
    catalog: Catalog, plan: PlanView, kind: str, limit: int, count: int, needed: int
) -> dict[str, str]:
    upgrade_to, hint = _upgrade(catalog, plan, kind, needed)
    return {
        "limit_kind": kind,
        "limit": str(limit),
        "count": str(count),
        "plan": plan.tier,
        "upgrade_hint": hint,
        "upgrade_to": upgrade_to,
    }


def over_limit(
    catalog: Catalog, plan: PlanView, org_id: uuid.UUID, use: LimitUse, increment: int
) -> QuotaExceeded:
    assert use.limit is not None
    description = f"{use.limit} {_NOUNS[use.kind]} on the {plan.tier} plan"
    metadata = _metadata(catalog, plan, use.kind, use.limit, use.used, use.used + increment)
    return QuotaExceeded(
        f"limit reached: {description} ({use.used} used); {metadata['upgrade_hint']}",
        reason=_REASONS[use.kind],
        metadata=metadata,
        quota_violations=[QuotaViolation(subject=f"org:{org_id}", description=description)],
    )


def hourly_runs(org_id: uuid.UUID, plan: PlanView) -> Limit:
    assert plan.hourly_run_limit is not None
    return Limit(f"org:{org_id}:runs:hour", plan.hourly_run_limit, HOUR)


async def _consume_hourly_runs(
    limiter: RateLimiter, catalog: Catalog, plan: PlanView, org_id: uuid.UUID, increment: int
) -> None:
    hourly = plan.hourly_run_limit
    assert hourly is not None
    if increment > hourly:
        # Could never be allowed at once: refuse like a full hour, without asking Redis.
        raise run_rate_reached(catalog, plan, org_id, float(HOUR), hourly, increment)
    decision = await limiter.hit([hourly_runs(org_id, plan)], cost=increment)
    if not decision.allowed:
        used = hourly - decision.remaining[0]
        raise run_rate_reached(catalog, plan, org_id, decision.retry_after_seconds, used, increment)


def run_rate_reached(
    catalog: Catalog,
    plan: PlanView,
    org_id: uuid.UUID,
    retry_after: float,
    count: int,
    increment: int = 1,
) -> QuotaExceeded:
    hourly = plan.hourly_run_limit
    assert hourly is not None
    description = f"{hourly} runs an hour on the {plan.tier} plan"
    metadata = _metadata(catalog, plan, HOURLY_RUNS, hourly, count, increment)
    return QuotaExceeded(
        f"run rate reached: {description}; {metadata['upgrade_hint']}",
        reason="ORG_RUN_RATE_LIMITED",
        metadata=metadata,
        retry_after_seconds=retry_after,
        quota_violations=[QuotaViolation(subject=f"org:{org_id}", description=description)],
    )


async def record_usage(ctx: Context, org_id: uuid.UUID, report: UsageReport) -> Recorded:
    """Add the report to the counters once per idempotency key, then send the threshold
    alerts this crossed (once per limit, threshold and period, even when concurrent)."""
    await authz.require(str(org_id), "agents.run")
    catalog = await ctx.catalog()
    subscription = await accounts.ensure_account(ctx.session, ctx.config, org_id)
    plan = catalog.plan(subscription.plan_tier)
    first, end = _period_days(subscription)
    if not await ctx.counters.claim(org_id, report.idempotency_key):
        agents = await ctx.counters.agents(org_id)
        runs = await ctx.counters.runs(org_id, first, end)
        return Recorded(False, _limits(plan, agents, runs))
    await ctx.counters.lock(org_id)
    day = utc_day(report.occurred_at or datetime.now(UTC))
    counts = DayCounts(
        agents_created=max(0, report.agents_delta),
        runs=report.runs,
        input_tokens=report.input_tokens,
        output_tokens=report.output_tokens,
        cost_usd=report.cost_usd,
    )
    if counts != DayCounts():
        await ctx.counters.add_day(org_id, day, counts)
    if report.agents_delta:
        agents = await ctx.counters.add_agents(org_id, report.agents_delta)
    else:
        agents = await ctx.counters.agents(org_id)
    runs = await ctx.counters.runs(org_id, first, end)
    limits = _limits(plan, agents, runs)
    grew = {AGENTS: report.agents_delta > 0, MONTHLY_RUNS: report.runs > 0}
    for use in limits:
        if grew[use.kind]:
            await _alert(ctx, subscription, plan, use)
    return Recorded(True, limits)


async def _alert(
    ctx: Context, subscription: accounts.Subscription, plan: PlanView, use: LimitUse
) -> None:
    """Publish `usage.threshold_crossed` for each threshold reached and not yet announced.

    The alert row's primary key decides who announces: of concurrent calls, only the one
    whose insert lands publishes; the others wait for its transaction and find the row.
    """
    if use.limit is None:
        return
    for threshold in THRESHOLDS:
        if use.used * 100 < threshold * use.limit:
            break
        claimed = await ctx.counters.claim_alert(
            subscription.org_id, subscription.current_period_start, use.kind, threshold
        )
        if claimed:
            await events.publish(
                ctx.session,
                source="billing",
                type="usage.threshold_crossed",
                payload=events_pb2.UsageThresholdCrossed(
                    org_id=str(subscription.org_id),
                    limit=_LIMIT_KINDS[use.kind],
                    threshold_percent=threshold,
                    used=use.used,
                    limit_value=use.limit,
                    plan=accounts.TIERS.value(plan.tier),
                ),
                org_id=str(subscription.org_id),
            )
