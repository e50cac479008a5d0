"""The usage as CSV (`usage.export`): a line per UTC day of the dashboard's timeline, or a
line per agent from the agents service's figures over those days.

A cell that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a
tab or a carriage return: an agent's name is anyone's text) is written with a `'` first.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from keel_runtime import authz
from keel_runtime.errors import Unavailable
from services.billing.domain import dashboard, usage
from services.billing.domain.money import text, usd

DAYS, AGENTS = "days", "agents"
MAX_AGENTS = 1000
DAY_COLUMNS = ["date", "runs", "agents_created", "input_tokens", "output_tokens", "cost_usd",
               "credits_consumed"]  # fmt: skip
AGENT_COLUMNS = ["agent_id", "name", "runs_started", "completed_runs", "failed_runs",
                 "cancelled_runs", "timed_out_runs", "success_rate", "cost_usd", "credits",
                 "input_tokens", "output_tokens", "last_active_day"]  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


async def export(
    ctx: usage.Context, org_id: uuid.UUID, days: int, rows: str, *, now: datetime | None = None
) -> bytes:
    """One CSV document with its header line (at most 366 or 1,000 lines: in one piece)."""
    await authz.require(str(org_id), "usage.export")
    days = days or dashboard.DEFAULT_DAYS
    if rows == AGENTS:
        return _csv(AGENT_COLUMNS, await _agent_lines(ctx, org_id, days))
    timeline = await dashboard.timeline(ctx, org_id, days, now or datetime.now(UTC))
    return _csv(DAY_COLUMNS, [_day_line(day, totals) for day, totals in timeline])


def _day_line(day: date, totals: usage.Totals) -> list[Any]:
    counts = totals.counts
    return [day.isoformat(), counts.runs, counts.agents_created, counts.input_tokens,
            counts.output_tokens, usd(counts.cost_usd),
            text(totals.credits_consumed)]  # fmt: skip


async def _agent_lines(ctx: usage.Context, org_id: uuid.UUID, days: int) -> list[list[Any]]:
    if ctx.insights is None:
        raise Unavailable("agents is unavailable; try again", reason="AGENTS_UNAVAILABLE")
    found = await ctx.insights.organization(org_id, days, MAX_AGENTS)
    return [
        [a.agent_id, a.name, a.runs_started, a.completed_runs, a.failed_runs, a.cancelled_runs,
         a.timed_out_runs, round(a.success_rate, 4), a.cost_usd, a.credits, a.input_tokens,
         a.output_tokens, a.last_active_day]
        for a in found.agents
    ]  # fmt: skip


def _csv(header: Sequence[str], lines: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in line] for line in lines])
    return out.getvalue().encode()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
