"""Runs: started, read, listed and cancelled here; executed by the workers (`worker`).

One state machine (`TRANSITIONS`): queued → running → (requires_action → running) →
completed | failed | cancelled | timed_out; a queued run may also be cancelled or fail
before it starts. Each terminal state has a reason and a finish time.

Starting does, in order, all or nothing (one transaction; billing's hold is released
again if anything after it fails): the caller's `agents.run` in the organization that
runs and pays; an agent the caller sees; billing's admission, in one call (`RunPlan.admit`:
the plan's runs this month and this hour, the plan's models for the agent's quality level
or model and what a call costs, a credit hold owned by the agents service); the plan's
runs in progress at once; the run, its thread and the user's message written, and the
durable enqueue in the same transaction, so a run exists exactly when its workflow does.

A retried start (the same organization and idempotency key) answers the run the first
start made, without asking billing again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from keel_runtime import paging
from keel_runtime.errors import (
    Conflict,
    InvalidArgument,
    KeelError,
    NotFound,
    QuotaExceeded,
    QuotaViolation,
    Unavailable,
)
from keel_runtime.paging import Page, PageRequest
from services.agents.domain import access
from services.agents.domain.access import Caller, Permissions
from services.agents.domain.agents import Agents

log = logging.getLogger("keel.agents.runs")
RUN = "agents.run"
QUEUED, RUNNING, REQUIRES_ACTION = "queued", "running", "requires_action"
COMPLETED, FAILED, CANCELLED, TIMED_OUT = "completed", "failed", "cancelled", "timed_out"
TERMINAL = frozenset({COMPLETED, FAILED, CANCELLED, TIMED_OUT})
TRANSITIONS: dict[str, frozenset[str]] = {
    QUEUED: frozenset({RUNNING, CANCELLED, FAILED, TIMED_OUT}),
    RUNNING: frozenset({REQUIRES_ACTION, COMPLETED, FAILED, CANCELLED, TIMED_OUT}),
    REQUIRES_ACTION: frozenset({RUNNING, CANCELLED, FAILED, TIMED_OUT}),
    **{state: frozenset() for state in TERMINAL},
}
DEFAULT_TIMEOUT_SECONDS = 600
# What a start on a thread with a run in progress does.
REJECT, ENQUEUE, INTERRUPT = "reject", "enqueue", "interrupt"
APPROVE, DENY, OUTPUT = "approve", "deny", "output"
INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS"
# A run is held for this many model calls at the plan's estimate unless it has a budget,
# and holds as many more each time they are spent. Two: the free plan's monthly 10 credits
# cover two calls at fast, so a new organization's first run needs no budget (with 4, every
# start without one was refused until the welcome bonus came).
HELD_MODEL_CALLS = 2
# A hold outlives its run's timeout by this much, then billing releases it by itself.
HOLD_MARGIN_SECONDS = 600
# The longest hold billing takes (a longer TTL is cut to it).
MAX_HOLD_SECONDS = 24 * 3600
# What a run's finish needs after its timeout, to settle its holds before they lapse.
FINISH_SECONDS = 60
RESERVATION_NOT_HELD = "RESERVATION_NOT_HELD"
# A start refused for runs in progress: try again after about this long.
CONCURRENT_RETRY_SECONDS = 5


def can_move(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    cost_usd: Decimal = Decimal(0)
    credits: Decimal = Decimal(0)
    tool_execution_ms: int = 0
    model_calls: int = 0
    tool_calls: int = 0


@dataclass(frozen=True)
class Run:
    id: uuid.UUID
    org_id: uuid.UUID
    agent_id: uuid.UUID
    agent_version: int
    thread_id: uuid.UUID
    status: str
    input: str
    model: str
    timeout_seconds: int
    created_by: uuid.UUID | None = None
    created_by_api_key: str | None = None
    reason: str = ""
    message: str = ""
    output: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    fallback_models: tuple[str, ...] = ()
    credits_held: Decimal = Decimal(0)
    budget_credits: Decimal | None = None
    usage: Usage = Usage()
    request_hash: str = ""
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    # While requires_action: [{"id", "name", "arguments"}].
    pending_tool_calls: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Access:
    """What billing answers for one model call of the agent's config."""

    model: str
    fallback_models: tuple[str, ...]
    # Credits one model call costs (billing's rule: base x quality multiplier).
    credits_per_call: Decimal
    # USD per million input and output tokens, per model id.
    prices: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Hold:
    org_id: uuid.UUID
    amount: Decimal
    key: str  # billing's idempotency key: the same key is the same hold
    ttl_seconds: int  # billing releases it by itself after that (a start that never ended)


def hold_ttl(seconds: int) -> int:
    return min(seconds, MAX_HOLD_SECONDS)


def hold_may_lapse(queued_seconds: float, timeout_seconds: int) -> bool:
    """Whether the hold a start took may end before its run, which begins after this long
    queued: the hold lasts `timeout + HOLD_MARGIN_SECONDS` from the start (a long queue on
    a busy thread, or no worker for a while, eats the margin), the run up to its timeout
    from now, and its finish a moment after."""
    lasts = hold_ttl(timeout_seconds + HOLD_MARGIN_SECONDS)
    return queued_seconds + timeout_seconds + FINISH_SECONDS > lasts


@dataclass(frozen=True)
class Admission:
    """What a start asks billing (`RunPlan.admit`): one run more of the config's model, and
    credits held for it by `key` (the same key is the same hold)."""

    org_id: uuid.UUID
    model: dict[str, Any]  # the agent's config's model: a quality level or a model's name
    budget: Decimal | None  # the hold; None: HELD_MODEL_CALLS calls at billing's estimate
    key: str
    ttl_seconds: int


@dataclass(frozen=True)
class Admitted:
    access: Access
    reservation_id: uuid.UUID
    held: Decimal
    at_once: int | None  # the plan's runs in progress at once (None: unlimited)


@dataclass(frozen=True)
class Start:
    agent_id: uuid.UUID
    input: str
    org_id: uuid.UUID | None = None
    thread_id: uuid.UUID | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str = ""
    budget_credits: Decimal | None = None
    timeout_seconds: int = 0
    busy_thread: str = REJECT


@dataclass(frozen=True)
class Queued:
    """Everything the worker needs that is decided at the start."""

    run: Run
    config: dict[str, Any]
    prices: dict[str, tuple[str, str]]
    credits_per_call: Decimal
    reservation_id: uuid.UUID | None
    traceparent: str
    idempotency_key: str = ""
    new_thread: bool = False  # the run's thread is written with it


class RunPlan(Protocol):
    """billing, for runs (`data.billing`)."""

    async def admit(self, admission: Admission) -> Admitted:
        """billing's one answer for a start: the month's runs and hourly rate, the model
        (with fallbacks and prices) for the config, and the hold; or billing's refusal
        (nothing held then)."""

    async def withdraw(self, admission: Admission) -> None:
        """Undo an admission whose answer never arrived: its hold released (or made and
        released at once, so that it cannot be held later)."""

    async def reserve(self, hold: Hold) -> uuid.UUID:
        """A hold owned by the agents service (the same one again for the same key);
        INSUFFICIENT_CREDITS when not covered."""

    async def release(self, org_id: uuid.UUID, reservation_id: uuid.UUID) -> None: ...


class Runs(Protocol):
    """Runs, threads and events in the call's transaction (`data.runs`)."""

    async def get(self, run_id: uuid.UUID) -> Run | None: ...

    async def by_key(self, org_id: uuid.UUID, key: str) -> Run | None: ...

    async def insert(self, queued: Queued) -> Run:
        """The run, its first event, the user's message on its thread (a new thread
        written with it), and its durable workflow enqueued; StartedMeanwhile when a
        concurrent start with the same idempotency key won."""

    async def list_for_agent(
        self, agent_id: uuid.UUID, shown: Shown, after: tuple[Any, ...] | None, limit: int
    ) -> list[Run]: ...

    async def active_in_organization(self, org_id: uuid.UUID) -> int:
        """The organization's runs in progress; its starts wait here for each other until
        the transaction ends (so that two cannot both take the last place)."""

    async def active_on_thread(self, thread_id: uuid.UUID) -> list[uuid.UUID]:
        """The thread's runs in progress, oldest first (the thread locked until the end of
        the transaction)."""

    async def take_pending(self, run_id: uuid.UUID) -> list[dict[str, Any]] | None:
        """The tool calls the run waits for, cleared; None when it waits for none."""

    async def send_outputs(self, run_id: uuid.UUID, outputs: dict[str, Any]) -> None:
        """The decisions to the run's waiting workflow, when the transaction commits."""

    async def request_cancel(self, run_id: uuid.UUID) -> Run:
        """Marks the cancel asked for; a queued run is cancelled at once."""


class Threads(Protocol):
    async def create(
        self, org_id: uuid.UUID, caller: Caller, metadata: dict[str, Any]
    ) -> uuid.UUID: ...

    async def owner(self, thread_id: uuid.UUID) -> tuple[uuid.UUID, Any] | None:
        """The thread's organization and an `access.Owned` view of it."""


class CreditNotices(Protocol):
    async def exhausted(self, org_id: uuid.UUID, agent_id: uuid.UUID, message: str) -> None:
        """Tell the organization its credits ran out (once a month), whatever the call does."""


@dataclass(frozen=True)
class Shown:
    """Which runs a list shows: all (manage_all), or the caller's own."""

    everyone: bool
    own_user: uuid.UUID | None
    own_api_key: str | None


@dataclass(frozen=True)
class Context:
    agents: Agents
    runs: Runs
    threads: Threads
    plan: RunPlan
    permissions: Permissions
    notices: CreditNotices | None = None
    # The W3C traceparent of the current span, carried to the worker.
    traceparent: Any = None


class StartedMeanwhile(Exception):
    """A concurrent start with the same idempotency key committed first."""


def not_found(run_id: uuid.UUID) -> NotFound:
    return NotFound(f"no run {run_id}", reason="RUN_NOT_FOUND", metadata={"run_id": str(run_id)})


def request_hash(start: Start) -> str:
    """What a retried start must repeat: the same key with other values is an error."""
    values = [str(start.agent_id), start.input, str(start.thread_id or ""),
              json.dumps(start.metadata, sort_keys=True), str(start.budget_credits or ""),
              str(start.timeout_seconds)]  # fmt: skip
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()


def run_id_for(org_id: uuid.UUID, key: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"keel:run:{org_id}:{key}") if key else uuid.uuid4()


def _replay(earlier: Run, start: Start) -> Run:
    if earlier.request_hash != request_hash(start):
        raise InvalidArgument(
            "idempotency_key was used for another run; use a new key",
            reason="IDEMPOTENCY_KEY_REUSED",
            metadata={"run_id": str(earlier.id)},
        )
    return earlier


async def start(ctx: Context, caller: Caller, asked: Start) -> Run:
    org_id = access.organization_of(asked.org_id, caller)
    await ctx.permissions.require(org_id, RUN)
    if asked.idempotency_key and (earlier := await ctx.runs.by_key(org_id, asked.idempotency_key)):
        return _replay(earlier, asked)
    agent = await ctx.agents.get(asked.agent_id)
    await access.require_visible(agent, asked.agent_id, caller, ctx.permissions)
    assert agent is not None and agent.config is not None
    thread_id = asked.thread_id or uuid.uuid4()  # a new thread is written with the run
    if asked.thread_id is not None:
        await require_thread(ctx.threads, ctx.permissions, caller, thread_id, org_id)
        await _make_room(ctx, thread_id, asked.busy_thread)
    run_id = run_id_for(org_id, asked.idempotency_key)
    timeout = asked.timeout_seconds or DEFAULT_TIMEOUT_SECONDS
    admission = Admission(org_id, agent.config.get("model", {}), asked.budget_credits,
                          f"run:{run_id}:hold", timeout + HOLD_MARGIN_SECONDS)  # fmt: skip
    admitted = await _admit(ctx, admission, agent.id)
    allowed = admitted.access
    run = Run(
        id=run_id, org_id=org_id, agent_id=agent.id, agent_version=agent.latest_version,
        thread_id=thread_id, status=QUEUED, input=asked.input, model=allowed.model,
        timeout_seconds=timeout,
        created_by=caller.user_id, created_by_api_key=None if caller.user_id else caller.api_key_id,
        metadata=asked.metadata, fallback_models=allowed.fallback_models,
        credits_held=admitted.held, budget_credits=asked.budget_credits,
        request_hash=request_hash(asked),
    )  # fmt: skip
    try:
        if admitted.at_once is not None:
            if await ctx.runs.active_in_organization(org_id) >= admitted.at_once:
                raise _too_many_at_once(org_id, admitted.at_once)
        queued = Queued(run, agent.config, allowed.prices, allowed.credits_per_call,
                        admitted.reservation_id, ctx.traceparent() if ctx.traceparent else "",
                        asked.idempotency_key, new_thread=asked.thread_id is None)  # fmt: skip
        inserted = await ctx.runs.insert(queued)
    except StartedMeanwhile:
        release_later(ctx.plan, org_id, admitted.reservation_id)
        earlier = await ctx.runs.by_key(org_id, asked.idempotency_key)
        assert earlier is not None
        return _replay(earlier, asked)
    except BaseException:  # a refusal, a failure, or the caller gone (the call cancelled)
        release_later(ctx.plan, org_id, admitted.reservation_id)
        raise
    return inserted


async def _admit(ctx: Context, admission: Admission, agent_id: uuid.UUID) -> Admitted:
    try:
        return await ctx.plan.admit(admission)
    except Unavailable:  # no answer: billing may have held the credits all the same
        give_back(ctx.plan, admission)
        raise
    except KeelError as refused:  # billing said no: nothing is held
        await _tell_if_out_of_credits(ctx, refused, admission.org_id, agent_id)
        raise
    except BaseException:  # the start cancelled while billing answered
        give_back(ctx.plan, admission)
        raise


def _too_many_at_once(org_id: uuid.UUID, limit: int) -> QuotaExceeded:
    return QuotaExceeded(
        f"the plan runs {limit} agent runs at once; wait for one to end, or upgrade",
        reason="ORG_CONCURRENT_RUN_LIMIT_EXCEEDED",
        metadata={"org_id": str(org_id), "limit": str(limit)},
        quota_violations=[QuotaViolation(f"organizations/{org_id}", "runs in progress at once")],
        retry_after_seconds=CONCURRENT_RETRY_SECONDS,
    )


async def _tell_if_out_of_credits(
    ctx: Context, refused: KeelError, org_id: uuid.UUID, agent_id: uuid.UUID
) -> None:
    if refused.reason == INSUFFICIENT_CREDITS and ctx.notices is not None:
        await ctx.notices.exhausted(org_id, agent_id, str(refused))


_GIVING_BACK: set[asyncio.Task[None]] = set()


def give_back(plan: RunPlan, admission: Admission) -> None:
    """Withdraw an admission whose answer never arrived, in the background: the start may
    have been cancelled (its caller gone) while billing answered, so the hold is found
    again by its key (billing releases it; or makes one, released at once, when the
    admission never arrived)."""
    _in_background(plan.withdraw(admission), admission.key)


def release_later(plan: RunPlan, org_id: uuid.UUID, reservation_id: uuid.UUID) -> None:
    """Release the hold of a start that did not happen, in the background (its caller may
    be gone: the release must not be cancelled with it)."""
    _in_background(plan.release(org_id, reservation_id), str(reservation_id))


def _in_background(release: Coroutine[Any, Any, None], key: str) -> None:
    async def run() -> None:
        try:
            await release
        except Exception:
            log.exception("a start's hold was not released", extra={"key": key})

    task = asyncio.get_running_loop().create_task(run())
    _GIVING_BACK.add(task)
    task.add_done_callback(_GIVING_BACK.discard)


async def _make_room(ctx: Context, thread_id: uuid.UUID, policy: str) -> None:
    """The busy-thread policy: refuse, queue behind (nothing to do: a run begins only when
    the older ones of its thread have ended), or cancel what is in progress."""
    busy = await ctx.runs.active_on_thread(thread_id)
    if not busy or policy == ENQUEUE:
        return
    if policy == REJECT:
        raise thread_busy(thread_id)
    for run_id in busy:
        await ctx.runs.request_cancel(run_id)


async def require_thread(
    threads: Threads,
    permissions: Permissions,
    caller: Caller,
    thread_id: uuid.UUID,
    org_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """The thread's organization, if the caller sees the thread (and it is `org_id`'s)."""
    found = await threads.owner(thread_id)
    if found is None or (org_id is not None and found[0] != org_id):
        raise _thread_not_found(thread_id)
    if not await sees_own(permissions, caller, found[1]):
        raise _thread_not_found(thread_id)
    return found[0]


def _thread_not_found(thread_id: uuid.UUID) -> NotFound:
    return NotFound(
        f"no thread {thread_id}", reason="THREAD_NOT_FOUND", metadata={"thread_id": str(thread_id)}
    )


async def sees_own(permissions: Permissions, caller: Caller, owned: Any) -> bool:
    """Runs and threads: their creator (while they may run agents there), and whoever has
    `agents.manage_all` in their organization."""
    if not caller.signed_in:
        return False
    run, manage_all = await permissions.allowed(
        [(owned.org_id, RUN), (owned.org_id, access.MANAGE_ALL)]
    )
    return manage_all or (run and access.is_creator(owned, caller))


async def get(ctx: Context, caller: Caller, run_id: uuid.UUID) -> Run:
    run = await ctx.runs.get(run_id)
    if run is None or not await sees_own(ctx.permissions, caller, _Owned.of(run)):
        raise not_found(run_id)
    return run


async def list_runs(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, page_size: int, page_token: str
) -> Page[Run]:
    """The agent's runs of the caller's organization the caller sees, newest first."""
    agent = await ctx.agents.get(agent_id)
    await access.require_visible(agent, agent_id, caller, ctx.permissions)
    org_id = access.organization_of(None, caller)
    run, manage_all = await ctx.permissions.allowed([(org_id, RUN), (org_id, access.MANAGE_ALL)])
    page = PageRequest.parse(page_size, page_token, default_size=20)
    cursor = page.cursor(paging.timestamp, paging.uuid_text)
    if not (run or manage_all):
        return Page([], "")
    shown = Shown(manage_all, caller.user_id, None if caller.user_id else caller.api_key_id)
    after = (org_id, *cursor) if cursor else (org_id,)
    found = await ctx.runs.list_for_agent(agent_id, shown, after, page.size + 1)
    assert all(r.created_at is not None for r in found)
    return page.result(found, key=lambda r: [r.created_at.isoformat(), str(r.id)])  # type: ignore[union-attr]


async def cancel(ctx: Context, caller: Caller, run_id: uuid.UUID) -> Run:
    """Who may: whoever sees the run. A finished run is answered as it is."""
    run = await get(ctx, caller, run_id)
    if run.status in TERMINAL:
        return run
    return await ctx.runs.request_cancel(run_id)


async def submit_tool_outputs(
    ctx: Context, caller: Caller, run_id: uuid.UUID, decisions: dict[str, tuple[str, str]]
) -> Run:
    """`decisions`: tool call id → (approve | deny | output, text). Every pending call,
    once: a second answer, or an answer to a run that waits for none, is 409."""
    run = await get(ctx, caller, run_id)
    pending = await ctx.runs.take_pending(run_id)
    if pending is None:
        raise Conflict(
            f"run {run_id} is not waiting for tool outputs (status {run.status})",
            reason="RUN_NOT_WAITING", metadata={"run_id": str(run_id), "status": run.status},
        )  # fmt: skip
    waiting = {call["id"] for call in pending}
    if set(decisions) != waiting:
        raise InvalidArgument(
            "answer every pending tool call, and only those: " + ", ".join(sorted(waiting)),
            reason="TOOL_OUTPUTS_MISMATCH",
            metadata={"pending": ",".join(sorted(waiting))},
        )
    await ctx.runs.send_outputs(
        run_id,
        {call_id: {"decision": d, "output": text} for call_id, (d, text) in decisions.items()},
    )
    return run


@dataclass(frozen=True)
class _Owned:
    id: uuid.UUID
    org_id: uuid.UUID
    visibility: str
    created_by: uuid.UUID | None
    created_by_api_key: str | None

    @classmethod
    def of(cls, run: Run) -> _Owned:
        return cls(run.id, run.org_id, "private", run.created_by, run.created_by_api_key)


def owned(
    id: uuid.UUID, org_id: uuid.UUID, created_by: uuid.UUID | None, created_by_api_key: str | None
) -> Any:
    return _Owned(id, org_id, "private", created_by, created_by_api_key)


def thread_busy(thread_id: uuid.UUID) -> Conflict:
    return Conflict(
        f"thread {thread_id} has a run in progress; wait for it or cancel it",
        reason="THREAD_BUSY",
        metadata={"thread_id": str(thread_id)},
    )
