"""Agent analytics: the figures of an agent's runs over a window of days, from rollups.

What is read: the agent's runs in the caller's active organization (the organization that
ran them; a public agent's runs elsewhere are other organizations' business). Days are
UTC; a window of N days is today and the N - 1 before it. Runs started are counted by the
day they were created, ends (outcomes, durations, tokens, cost, tool calls) by the day
they ended.

Who may read (`scope`): a caller who sees the agent (else 404, as everywhere) and, in
that organization, has `agents.manage_all`, or is the agent's creator with `agents.run`
(the two who may see runs, `runs.sees_own`); anyone else 403. The figures are totals of
every run; the lists of single runs and tool calls show only the runs the caller sees
(all for `agents.manage_all`, their own for the creator), as ListRuns does.

Durations are from a run's start to its end; p50 and p95 are read from the rollups'
histogram (buckets 10 % wide, `BUCKET_RATIO`), interpolated in the bucket and clamped to
the window's shortest and longest run.
"""

from __future__ import annotations

import csv
import io
import json
import math
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from keel_runtime import paging
from keel_runtime.errors import PermissionDenied
from keel_runtime.paging import Page, PageRequest
from services.agents.domain import access, runs
from services.agents.domain.access import Caller, Permissions
from services.agents.domain.agents import Agents

WINDOWS = (7, 30, 90)
DEFAULT_WINDOW = 30
BUCKETS = 160  # as migration 0006's analytics_bucket
BUCKET_RATIO = 1.1
SLOWEST_TOOLS = 5  # in the dashboard
EXPORT_DEFAULT_RUNS = 1000
EXPORT_PAGE = 500  # runs read and sent per chunk
JSON, CSV = "json", "csv"


@dataclass(frozen=True)
class Window:
    days: int
    first: date
    last: date

    @classmethod
    def ending(cls, today: date, days: int) -> Window:
        days = days or DEFAULT_WINDOW
        assert days in WINDOWS  # the contract's rule
        return cls(days, today - timedelta(days=days - 1), today)

    @property
    def since(self) -> datetime:
        """The window's first instant."""
        return datetime.combine(self.first, time(0), UTC)


class Day(NamedTuple):
    """One day of an agent's rollup (`analytics_agent_daily`); a tuple, as the row it is
    made from (a frozen dataclass per row was a tenth of a stats call)."""

    day: date
    started: int
    completed: int
    failed: int
    cancelled: int
    timed_out: int
    timed: int  # ended runs with a duration
    duration_ms_sum: int
    duration_ms_min: int | None
    duration_ms_max: int | None
    duration_buckets: Sequence[int]
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    cost_usd: Decimal
    credits: Decimal

    @property
    def finished(self) -> int:
        return self.completed + self.failed + self.cancelled + self.timed_out


@dataclass(frozen=True)
class Stats:
    window: Window
    total_runs: int
    completed: int
    failed: int
    cancelled: int
    timed_out: int
    avg_duration_ms: int
    p50_duration_ms: int
    p95_duration_ms: int
    cost_usd: Decimal
    credits: Decimal
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int

    @property
    def finished(self) -> int:
        return self.completed + self.failed + self.cancelled + self.timed_out

    @property
    def success_rate(self) -> float:
        return self.completed / self.finished if self.finished else 0.0


class TimelineDay(NamedTuple):
    day: date
    started: int = 0
    completed: int = 0
    failed: int = 0
    cancelled: int = 0
    timed_out: int = 0


@dataclass(frozen=True)
class ToolTotals:
    """One tool's rollup over a window."""

    tool: str
    executions: int
    errors: int
    duration_ms_sum: int
    duration_ms_max: int

    @property
    def avg_duration_ms(self) -> int:
        return round(self.duration_ms_sum / self.executions) if self.executions else 0


@dataclass(frozen=True)
class ToolExecution:
    run_id: uuid.UUID
    step_key: str
    tool: str
    status: str
    error: str
    duration_ms: int
    started_at: datetime
    finished_at: datetime


@dataclass(frozen=True)
class RunLog:
    """One run, as the logs export writes it (input and output cut)."""

    id: uuid.UUID
    thread_id: uuid.UUID
    status: str
    reason: str
    message: str
    model: str
    created_by: uuid.UUID | None
    created_by_api_key: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    cost_usd: Decimal
    credits: Decimal
    model_calls: int
    tool_calls: int
    tool_execution_ms: int
    input: str
    output: str


@dataclass(frozen=True)
class Scope:
    """What a caller reads: the agent's runs of one organization; single runs only their
    own unless `everyone`."""

    agent_id: uuid.UUID
    org_id: uuid.UUID
    everyone: bool
    own_user: uuid.UUID | None
    own_api_key: str | None


class Rollups(Protocol):
    """The rollups and the lists (`data.analytics`)."""

    async def days(self, agent_id: uuid.UUID, org_id: uuid.UUID, since: date) -> list[Day]: ...

    async def timeline(
        self, agent_id: uuid.UUID, org_id: uuid.UUID, since: date
    ) -> list[TimelineDay]:
        """`days` without what the timeline does not show."""

    async def tools(
        self, agent_id: uuid.UUID, org_id: uuid.UUID, since: date
    ) -> list[ToolTotals]: ...

    async def executions(
        self, scope: Scope, since: datetime, tool: str, after: tuple[Any, ...] | None, limit: int
    ) -> list[ToolExecution]: ...

    async def logs(
        self, scope: Scope, since: datetime, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[RunLog]: ...


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Context:
    agents: Agents
    rollups: Rollups
    permissions: Permissions
    # A read-only unit of work, for the export's pages (a stream has none of its own).
    reading: Callable[[], AbstractAsyncContextManager[Any]]
    today: Callable[[], date] = _today


def _denied(agent_id: uuid.UUID) -> PermissionDenied:
    return PermissionDenied(
        "an agent's analytics are for its creator and agents.manage_all",
        reason="AGENT_ANALYTICS_DENIED",
        metadata={"agent_id": str(agent_id)},
    )


async def scope(ctx: Context, caller: Caller, agent_id: uuid.UUID) -> Scope:
    agent = await access.require_visible(
        await ctx.agents.get(agent_id), agent_id, caller, ctx.permissions
    )
    org_id = access.organization_of(None, caller)
    run, manage_all = await ctx.permissions.allowed(
        [(org_id, runs.RUN), (org_id, access.MANAGE_ALL)]
    )
    if not (manage_all or (run and access.is_creator(agent, caller))):
        raise _denied(agent_id)
    own_key = None if caller.user_id else caller.api_key_id
    return Scope(agent.id, org_id, manage_all, caller.user_id, own_key)


# -- the figures -----------------------------------------------------------------------------


async def stats(ctx: Context, caller: Caller, agent_id: uuid.UUID, days: int) -> Stats:
    seen = await scope(ctx, caller, agent_id)
    window = Window.ending(ctx.today(), days)
    return summarize(window, await ctx.rollups.days(seen.agent_id, seen.org_id, window.first))


async def timeline(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, days: int
) -> tuple[Window, list[TimelineDay]]:
    seen = await scope(ctx, caller, agent_id)
    window = Window.ending(ctx.today(), days)
    found = await ctx.rollups.timeline(seen.agent_id, seen.org_id, window.first)
    return window, daily(window, found)


async def dashboard(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, days: int
) -> tuple[Stats, list[TimelineDay], list[ToolTotals]]:
    seen = await scope(ctx, caller, agent_id)
    window = Window.ending(ctx.today(), days)
    found = await ctx.rollups.days(seen.agent_id, seen.org_id, window.first)
    tools = slowest(await ctx.rollups.tools(seen.agent_id, seen.org_id, window.first))
    return summarize(window, found), daily(window, found), tools[:SLOWEST_TOOLS]


def summarize(window: Window, days: Sequence[Day]) -> Stats:
    timed = sum(d.timed for d in days)
    histogram = [sum(column) for column in zip(*(d.duration_buckets for d in days), strict=True)]
    shortest = min((d.duration_ms_min for d in days if d.duration_ms_min is not None), default=0)
    longest = max((d.duration_ms_max for d in days if d.duration_ms_max is not None), default=0)
    return Stats(
        window=window,
        total_runs=sum(d.started for d in days),
        completed=sum(d.completed for d in days),
        failed=sum(d.failed for d in days),
        cancelled=sum(d.cancelled for d in days),
        timed_out=sum(d.timed_out for d in days),
        avg_duration_ms=round(sum(d.duration_ms_sum for d in days) / timed) if timed else 0,
        p50_duration_ms=percentile(histogram, 0.50, shortest, longest),
        p95_duration_ms=percentile(histogram, 0.95, shortest, longest),
        cost_usd=sum((d.cost_usd for d in days), Decimal(0)),
        credits=sum((d.credits for d in days), Decimal(0)),
        input_tokens=sum(d.input_tokens for d in days),
        output_tokens=sum(d.output_tokens for d in days),
        cached_input_tokens=sum(d.cached_input_tokens for d in days),
    )


def percentile(histogram: Sequence[int], q: float, shortest: int, longest: int) -> int:
    """The q-quantile (nearest rank) of the durations in `histogram` (bucket k, from 0,
    holds [1.1^k, 1.1^(k+1)) ms, the first from 0): linear inside its bucket, clamped to
    [shortest, longest]. 0 without durations."""
    rank = max(1, math.ceil(q * sum(histogram)))
    seen = 0
    for k, count in enumerate(histogram):
        if count and seen + count >= rank:
            low = BUCKET_RATIO**k if k else 0.0
            high = BUCKET_RATIO ** (k + 1)
            estimate = low + (high - low) * (rank - seen) / count
            return round(min(max(estimate, shortest), longest))
        seen += count
    return 0


def daily(window: Window, days: Sequence[Day | TimelineDay]) -> list[TimelineDay]:
    """Every day of the window, oldest first (zeros where nothing happened)."""
    by_day = {d.day: d for d in days}
    result = []
    for offset in range(window.days):
        day = window.first + timedelta(days=offset)
        d = by_day.get(day)
        result.append(
            TimelineDay(day, d.started, d.completed, d.failed, d.cancelled, d.timed_out)
            if d is not None
            else TimelineDay(day)
        )
    return result


# -- tools -----------------------------------------------------------------------------------


def slowest(tools: Sequence[ToolTotals]) -> list[ToolTotals]:
    return sorted(tools, key=lambda t: (-t.avg_duration_ms, t.tool))


async def tools(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, days: int, page_size: int,
    page_token: str,
) -> tuple[Window, Page[ToolTotals]]:  # fmt: skip
    """The window's tools, slowest first (a page; the token is the last one's sort key)."""
    seen = await scope(ctx, caller, agent_id)
    window = Window.ending(ctx.today(), days)
    page = PageRequest.parse(page_size, page_token, default_size=20)
    cursor = page.cursor(paging.int64, paging.text)
    ordered = slowest(await ctx.rollups.tools(seen.agent_id, seen.org_id, window.first))
    if cursor is not None:
        ordered = [t for t in ordered if (-t.avg_duration_ms, t.tool) > (-cursor[0], cursor[1])]
    return window, page.result(ordered[: page.size + 1], key=lambda t: [t.avg_duration_ms, t.tool])


async def executions(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, days: int, tool: str, page_size: int,
    page_token: str,
) -> Page[ToolExecution]:  # fmt: skip
    seen = await scope(ctx, caller, agent_id)
    window = Window.ending(ctx.today(), days)
    page = PageRequest.parse(page_size, page_token, default_size=50)
    cursor = page.cursor(paging.timestamp, paging.uuid_text, paging.text)
    found = await ctx.rollups.executions(seen, window.since, tool, cursor, page.size + 1)
    return page.result(found, key=lambda e: [e.finished_at.isoformat(), str(e.run_id), e.step_key])


# -- the logs export -------------------------------------------------------------------------

LOG_COLUMNS = (
    "run_id", "thread_id", "status", "reason", "message", "model", "created_by",
    "created_at", "started_at", "finished_at", "duration_ms", "input_tokens", "output_tokens",
    "cached_input_tokens", "total_tokens", "cost_usd", "credits", "model_calls", "tool_calls",
    "tool_execution_ms", "input", "output",
)  # fmt: skip


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def log_line(run: RunLog) -> dict[str, Any]:
    """A run as the export writes it (money as decimal strings)."""
    duration = None
    if run.started_at is not None and run.finished_at is not None:
        duration = round((run.finished_at - run.started_at).total_seconds() * 1000)
    return {
        "run_id": str(run.id), "thread_id": str(run.thread_id), "status": run.status,
        "reason": run.reason, "message": run.message, "model": run.model,
        "created_by": str(run.created_by) if run.created_by else run.created_by_api_key or "",
        "created_at": _time(run.created_at), "started_at": _time(run.started_at),
        "finished_at": _time(run.finished_at), "duration_ms": duration,
        "input_tokens": run.input_tokens, "output_tokens": run.output_tokens,
        "cached_input_tokens": run.cached_input_tokens,
        "total_tokens": run.input_tokens + run.output_tokens,
        "cost_usd": f"{run.cost_usd:f}", "credits": f"{run.credits:f}",
        "model_calls": run.model_calls, "tool_calls": run.tool_calls,
        "tool_execution_ms": run.tool_execution_ms, "input": run.input, "output": run.output,
    }  # fmt: skip


def _csv(lines: Sequence[dict[str, Any]], header: bool) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LOG_COLUMNS, lineterminator="\r\n")
    if header:
        writer.writeheader()
    writer.writerows(lines)
    return out.getvalue().encode()


def _json(lines: Sequence[dict[str, Any]], first: bool) -> bytes:
    text = ",\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    return ((("[\n" if first else ",\n") if lines else ("[" if first else "")) + text).encode()


async def export(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, days: int, format: str, max_runs: int
) -> AsyncIterator[bytes]:
    """The window's runs the caller sees, newest first, at most `max_runs`: chunks of one
    CSV document (a header line first) or one JSON array, a page of runs each."""
    async with ctx.reading():
        seen = await scope(ctx, caller, agent_id)
    window = Window.ending(ctx.today(), days)
    left, after, first = max_runs or EXPORT_DEFAULT_RUNS, None, True
    while True:
        async with ctx.reading():
            found = await ctx.rollups.logs(seen, window.since, after, min(EXPORT_PAGE, left))
        lines = [log_line(r) for r in found]
        yield _csv(lines, header=first) if format == CSV else _json(lines, first)
        first, left = False, left - len(found)
        if len(found) < EXPORT_PAGE or left <= 0:
            break
        after = (found[-1].created_at, found[-1].id)
    if format == JSON:
        yield b"\n]\n"
