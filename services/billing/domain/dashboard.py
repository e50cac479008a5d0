"""What the usage dashboard and export show: the period's usage against the plan, a
timeline of UTC days, the credits, and the organization's agents over those days (the
agents service's figures, asked before billing's own reads so that no pooled connection
waits on another service; without them the rest still stands).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from keel.agents.v1.analytics_pb2 import OrganizationInsight
from keel_runtime import authz
from keel_runtime.errors import Unavailable
from services.billing.domain import ledger
from services.billing.domain.usage import Context, DayCounts, Totals, Usage, usage_of, utc_day

log = logging.getLogger("keel.billing.usage")
DEFAULT_DAYS = 30
DASHBOARD_AGENTS = 50  # cost by agent: the dashboard's top 50
_ZERO = Decimal(0)


@dataclass(frozen=True)
class Dashboard:
    usage: Usage
    # Oldest first, one per day.
    timeline: list[tuple[date, Totals]]
    credits_available: Decimal
    credits_monthly_allocation: Decimal
    # The organization's agents over the timeline's days (agents's figures); None when
    # the agents service could not answer.
    agents: OrganizationInsight | None = None


async def dashboard(
    ctx: Context, org_id: uuid.UUID, days: int, *, now: datetime | None = None
) -> Dashboard:
    """The period's usage, a timeline of `days` UTC days ending today, the credits, and
    the organization's agents over those days."""
    await authz.require(str(org_id), "usage.view")
    days = days or DEFAULT_DAYS
    agents = await _agents(ctx, org_id, days, DASHBOARD_AGENTS)  # before holding a connection
    usage = await usage_of(ctx, org_id)
    balance = await ledger.balance(ctx.session, org_id)
    return Dashboard(
        usage=usage,
        timeline=await timeline(ctx, org_id, days, now or datetime.now(UTC)),
        credits_available=balance.available,
        credits_monthly_allocation=balance.monthly_allocation,
        agents=agents,
    )


async def timeline(
    ctx: Context, org_id: uuid.UUID, days: int, now: datetime
) -> list[tuple[date, Totals]]:
    """Each of the `days` UTC days ending on `now`'s, oldest first (zeros included)."""
    today = utc_day(now)
    first = today - timedelta(days=days - 1)
    end = today + timedelta(days=1)
    counted = await ctx.counters.days(org_id, first, end)
    consumed = await ctx.counters.credits_consumed_by_day(org_id, _midnight(first), _midnight(end))
    return [
        (day, Totals(counted.get(day, DayCounts()), 0, consumed.get(day, _ZERO)))
        for day in (first + timedelta(days=i) for i in range(days))
    ]


async def _agents(
    ctx: Context, org_id: uuid.UUID, days: int, max_agents: int
) -> OrganizationInsight | None:
    """agents's figures, or None when it cannot answer: the dashboard's billing half
    stands without them."""
    if ctx.insights is None:
        return None
    try:
        return await ctx.insights.organization(org_id, days, max_agents)
    except Unavailable:
        log.warning("the usage dashboard is answered without the agents' figures")
        return None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
