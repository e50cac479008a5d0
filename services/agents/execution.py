"""What each step of a run does (the worker's DBOS steps call these; no DBOS here).

Messages travel between steps as plain dicts (DBOS checkpoints each step's result):
`{"role", "content", "tool_calls": [{"id", "name", "arguments"}], "tool_call_id", "name"}`.

A step with effects records its outcome in `run_steps` under its key (`model:<turn>`,
`tool:<turn>:<call id>`) in the transaction that applies it (counters, the thread's
message, its events): a re-executed step finds the row and returns the recorded result.

Credits: billing's rule for agent runs, `base x quality multiplier` per request, each
model call being one request (`credits_per_call`, from CheckAIAccess at the start). A
model call that would take the run past its budget ends it with `budget_exceeded`; past
its hold (no budget given), with `credits_exhausted`. `finish` settles the hold for what
was charged and records one run with billing, both idempotent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from opentelemetry import propagate, trace

from keel_runtime import db, events
from keel_runtime.db import Database
from keel_runtime.errors import KeelError
from services.agents.data import runs as store
from services.agents.data.billing import BillingRunPlan
from services.agents.data.deltas import DeltaWriter
from services.agents.domain import runs
from services.agents.models.base import (
    Finished,
    Message,
    ModelError,
    ModelRequest,
    Settings,
    ToolCall,
    complete,
    with_retries,
)
from services.agents.models.registry import Providers

log = logging.getLogger("keel.agents.execution")
tracer = trace.get_tracer("keel.agents.worker")
MAX_TURNS = 8
FLUSH_SECONDS = 0.02  # text deltas are stored (and streamed) at least this often
_RUN = sa.text("""SELECT status, org_id, thread_id, input, config, model, fallback_models,
  prices, reservation_id, credits_held, budget_credits, credits_charged, timeout_seconds,
  started_at, cancel_requested_at, traceparent, agent_id, output, reason, credits_per_call,
  extra_holds, created_at
FROM runs WHERE id = :id FOR UPDATE""")
_HOLD_ANEW = sa.text("UPDATE runs SET reservation_id = :hold WHERE id = :id")
_OUT_OF_CREDITS = {
    "status": runs.FAILED, "reason": "credits_exhausted",
    "message": "the run waited so long that its hold ended, and the balance no longer covers it",
}  # fmt: skip
_START = sa.text(
    "UPDATE runs SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = :id"
)
_LOCK_THREAD = sa.text("SELECT FROM threads WHERE id = :id FOR UPDATE")
_LOCK_THREAD_OF = sa.text(
    "SELECT FROM threads WHERE id = (SELECT thread_id FROM runs WHERE id = :id) FOR UPDATE"
)
_OLDER = sa.text("""SELECT 1 FROM runs o, runs r WHERE r.id = :id AND o.thread_id = r.thread_id
  AND o.status IN ('queued', 'running', 'requires_action')
  AND (o.created_at, o.id) < (r.created_at, r.id) LIMIT 1""")
_WAIT = sa.text("""UPDATE runs SET status = 'requires_action',
  pending_tool_calls = CAST(:calls AS jsonb) WHERE id = :id AND status = 'running'""")
_RESUME = sa.text("""UPDATE runs SET status = 'running', pending_tool_calls = '[]'
  WHERE id = :id AND status = 'requires_action' RETURNING id""")
_HISTORY = sa.text("""SELECT role, content, tool_calls, tool_call_id, tool_name
FROM thread_messages WHERE thread_id = :thread ORDER BY sequence""")
_STEP = sa.text("SELECT result FROM run_steps WHERE run_id = :run AND step_key = :key")
_STEP_NUMBER = sa.text("SELECT count(*) + 1 FROM run_steps WHERE run_id = :run")
_RECORD = sa.text("""INSERT INTO run_steps (run_id, step_key, number, kind, name, status, result,
  input_summary, output_summary, error, input_tokens, output_tokens, cached_input_tokens,
  cost_usd, duration_ms, started_at)
VALUES (:run, :key, :number, :kind, :name, :status, CAST(:result AS jsonb), :input_summary,
  :output_summary, :error, :tokens_in, :tokens_out, :cached, :cost, :ms, to_timestamp(:started))""")
_COUNT_MODEL = sa.text("""UPDATE runs SET input_tokens = input_tokens + :tokens_in,
  output_tokens = output_tokens + :tokens_out, cached_input_tokens = cached_input_tokens + :cached,
  cost_usd = cost_usd + :cost, credits_charged = credits_charged + :credits,
  model_calls = model_calls + 1 WHERE id = :run""")
_COUNT_TOOL = sa.text("""UPDATE runs SET tool_execution_ms = tool_execution_ms + :ms,
  tool_calls = tool_calls + 1 WHERE id = :run""")
_END = sa.text("""UPDATE runs SET status = :status, reason = :reason, message = :message,
  output = :output, finished_at = now() WHERE id = :id""")
_EXTEND = sa.text("""UPDATE runs SET credits_held = credits_held + :amount,
  extra_holds = extra_holds || CAST(:hold AS jsonb) WHERE id = :id""")
_MILLION = Decimal(1_000_000)


def _summary(value: Any, limit: int = 500) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(value: dict[str, Any]) -> Message:
    return Message(
        role=value["role"], content=value.get("content", ""),
        tool_calls=tuple(ToolCall(c["id"], c["name"], c.get("arguments", {}))
                         for c in value.get("tool_calls", ())),
        tool_call_id=value.get("tool_call_id", ""), name=value.get("name", ""),
    )  # fmt: skip


def _as_dict(message: Message) -> dict[str, Any]:
    return {
        "role": message.role, "content": message.content,
        "tool_calls": [{"id": c.id, "name": c.name, "arguments": c.arguments}
                       for c in message.tool_calls],
        "tool_call_id": message.tool_call_id, "name": message.name,
    }  # fmt: skip


class Execution:
    def __init__(
        self,
        database: Database,
        plan: BillingRunPlan,
        providers: Providers,
        *,
        allow_private_addresses: bool = False,
        model_timeout: float = 120.0,
        tool_timeout: float = 30.0,
    ) -> None:
        self.database = database
        self.plan = plan
        self.providers = providers
        self.allow_private_addresses = allow_private_addresses
        # Each model call and each tool call at most this long (and never past the run's).
        self.model_timeout = model_timeout
        self.tool_timeout = tool_timeout
        self._deltas = DeltaWriter(database.dsn)

    async def _row(self, run_id: uuid.UUID) -> Any:
        """The run's row, locked, after its thread's. Every transaction that locks both
        takes the thread first: a start on the thread does (its busy-thread policy, an
        interrupt's cancels), so a step never holds the run while waiting for the thread
        that start holds (a deadlock, which PostgreSQL would end by failing one)."""
        session = db.session()
        await session.execute(_LOCK_THREAD_OF, {"id": run_id})
        row = (await session.execute(_RUN, {"id": run_id})).one_or_none()
        assert row is not None, f"run {run_id} is missing"
        return row

    # -- begin --------------------------------------------------------------------------

    async def begin(self, run_id: uuid.UUID) -> dict[str, Any]:
        """Queued → running, with the conversation so far; a run that ended (cancelled
        while queued) is left as it is, and one whose thread has an older run in progress
        waits (`wait`: the workflow asks again)."""
        async with self.database.unit_of_work() as session:
            row = await self._row(run_id)
            if row.status in runs.TERMINAL:
                return {"go": False, "status": row.status}
            older = (await session.execute(_OLDER, {"id": run_id})).first()
            if older is not None:
                return {"go": False, "wait": True, "status": row.status}
            if runs.can_move(row.status, runs.RUNNING) and row.status == runs.QUEUED:
                if not await self._hold_anew_if_lapsing(run_id, row):
                    return {"go": False, "status": row.status, "end": _OUT_OF_CREDITS}
                await session.execute(_START, {"id": run_id})
                await store.set_thread_status(row.thread_id, "running")
                started: dict[str, Any] = {"status": runs.RUNNING}
                if missing := _unavailable_tools(row.config):
                    started["unavailable_tools"] = missing
                await store.append_event(run_id, "run.started", started)
                await _publish("run.started", row, run_id, runs.RUNNING)
            history = (await session.execute(_HISTORY, {"thread": row.thread_id})).all()
        messages = [{"role": "system", "content": row.config.get("system_prompt", "")}]
        for role, content, calls, call_id, tool_name in history:
            messages.append({"role": role, "content": content, "tool_calls": calls,
                             "tool_call_id": call_id, "name": tool_name})  # fmt: skip
        return {"go": True, "messages": messages, "max_turns": MAX_TURNS}

    async def _hold_anew_if_lapsing(self, run_id: uuid.UUID, row: Any) -> bool:
        """A run queued so long that its start's hold may end before it does holds anew,
        for the same amount and its whole timeout (its settle would find the hold gone);
        False when the balance no longer covers it. Done under the run's lock (two billing
        calls, on a rare path), so a cancel meanwhile releases the new hold, not the old.
        A begin run again after a crash finds the same new hold (by its key)."""
        queued = time.time() - row.created_at.timestamp()
        if row.reservation_id is None or not runs.hold_may_lapse(queued, row.timeout_seconds):
            return True
        await self._release_if_held(row.org_id, row.reservation_id)
        anew = runs.Hold(row.org_id, Decimal(row.credits_held), f"run:{run_id}:hold:anew",
                         row.timeout_seconds + runs.HOLD_MARGIN_SECONDS)  # fmt: skip
        try:
            hold = await self.plan.reserve(anew)
        except KeelError as refused:
            if refused.reason == runs.INSUFFICIENT_CREDITS:
                return False
            raise
        await db.session().execute(_HOLD_ANEW, {"id": run_id, "hold": hold})
        await store.append_event(run_id, "run.hold_renewed", {"credits": str(row.credits_held)})
        return True

    async def _release_if_held(self, org_id: uuid.UUID, hold: uuid.UUID) -> None:
        try:
            await self.plan.release(org_id, hold)
        except KeelError as refused:
            if refused.reason != runs.RESERVATION_NOT_HELD:  # it ended already: as well
                raise

    # -- a model call -------------------------------------------------------------------

    async def model_step(
        self, run_id: uuid.UUID, turn: int, messages: list[dict[str, Any]]
    ) -> dict[str, Any]:
        key = f"model:{turn}"
        async with self.database.unit_of_work() as session:
            done = (await session.execute(_STEP, {"run": run_id, "key": key})).scalar_one_or_none()
            row = await self._row(run_id)
        if done is not None:
            return dict(done)
        if (end := await self._room_for_a_call(run_id, row)) is not None:
            return {"end": end}
        started = time.time()
        context = propagate.extract({"traceparent": row.traceparent})
        try:
            finished, model_id = await self._call_models(run_id, key, row, messages, context)
        except _Cancelled:
            return {"end": {"status": runs.CANCELLED, "reason": "cancelled",
                            "message": "cancelled during a model call"}}  # fmt: skip
        except TimeoutError:
            return {"end": {"status": runs.TIMED_OUT, "reason": "timeout",
                            "message": "the run took longer than its timeout"}}  # fmt: skip
        except ModelError as err:
            return {"end": {"status": runs.FAILED, "reason": "model_failed",
                            "message": f"every model failed; last: {err}"}}  # fmt: skip
        return await self._record_model(run_id, key, row, model_id, finished, started)

    async def _room_for_a_call(self, run_id: uuid.UUID, row: Any) -> dict[str, Any] | None:
        """Why the run ends before another model call, or None: cancelled, out of time,
        over its budget, or out of credits (a run without a budget first holds more)."""
        if row.cancel_requested_at is not None:
            return {"status": runs.CANCELLED, "reason": "cancelled", "message": "cancelled"}
        if self._remaining(row) <= 0:
            return {"status": runs.TIMED_OUT, "reason": "timeout",
                    "message": "the run took longer than its timeout"}  # fmt: skip
        per_call = self._per_call(row)
        charged = Decimal(row.credits_charged)
        if row.budget_credits is not None:
            if charged + per_call > Decimal(row.budget_credits):
                return {"status": runs.FAILED, "reason": "budget_exceeded",
                        "message": f"another model call would pass the budget of "
                                   f"{row.budget_credits} credits"}  # fmt: skip
            return None
        if charged + per_call > Decimal(row.credits_held) and not await self._hold_more(
            run_id, row, per_call
        ):
            return {"status": runs.FAILED, "reason": "credits_exhausted",
                    "message": "the credits held for the run are spent and the balance "
                               "covers no more"}  # fmt: skip
        return None

    async def _hold_more(self, run_id: uuid.UUID, row: Any, per_call: Decimal) -> bool:
        """Another hold for HELD_MODEL_CALLS more calls, when the balance allows (keyed by
        its number: a step run again after a crash finds the same hold)."""
        amount = per_call * runs.HELD_MODEL_CALLS
        number = len(row.extra_holds) + 2
        more = runs.Hold(row.org_id, amount, f"run:{run_id}:hold:{number}",
                         int(self._remaining(row)) + runs.HOLD_MARGIN_SECONDS)  # fmt: skip
        try:
            hold = await self.plan.reserve(more)
        except KeelError as refused:
            if refused.reason == runs.INSUFFICIENT_CREDITS:
                return False
            raise
        async with self.database.unit_of_work():
            await db.session().execute(
                _EXTEND, {"id": run_id, "amount": amount,
                          "hold": json.dumps([{"id": str(hold), "amount": str(amount)}])},
            )  # fmt: skip
            await store.append_event(run_id, "run.hold_extended", {"credits": str(amount)})
        return True

    @staticmethod
    def _per_call(row: Any) -> Decimal:
        return Decimal(row.credits_per_call)

    @staticmethod
    def _remaining(row: Any) -> float:
        if row.started_at is None:
            return float(row.timeout_seconds)
        return row.started_at.timestamp() + row.timeout_seconds - time.time()

    async def _call_models(
        self, run_id: uuid.UUID, key: str, row: Any, messages: list[dict[str, Any]], context: Any
    ) -> tuple[Finished, str]:
        """The run's model, then its fallbacks in order, each with retries."""
        tools = await self._toolbox(row.config)
        specs = tuple(tools.specs()) if tools is not None else ()
        last: ModelError | None = None
        for model_id in [row.model, *row.fallback_models]:
            try:
                provider, name = self.providers.resolve(model_id)
            except ModelError as err:
                last = err
                continue
            request = ModelRequest(
                model=name, messages=tuple(_message(m) for m in messages),
                tools=specs, settings=_settings(row.config),
                idempotency_key=f"{run_id}:{key}",
                timeout_seconds=max(1.0, min(self.model_timeout, self._remaining(row))),
            )  # fmt: skip
            with tracer.start_as_current_span(f"chat {name}", context=context) as span:
                span.set_attributes({"gen_ai.operation.name": "chat",
                                     "gen_ai.request.model": name,
                                     "gen_ai.system": provider.name})  # fmt: skip
                try:
                    finished = await self._stream(run_id, provider, request, row)
                except ModelError as err:
                    span.set_attribute("error.type", err.reason)
                    last = err
                    continue
                span.set_attributes({
                    "gen_ai.usage.input_tokens": finished.usage.input_tokens,
                    "gen_ai.usage.output_tokens": finished.usage.output_tokens,
                    "gen_ai.response.finish_reasons": [finished.finish_reason],
                })  # fmt: skip
                return finished, model_id
        assert last is not None
        raise last

    async def _stream(
        self, run_id: uuid.UUID, provider: Any, request: ModelRequest, row: Any
    ) -> Finished:
        """One call, its text stored as `message.delta` events (flushed every
        FLUSH_SECONDS), a cancel looked for at each flush."""
        pending: list[str] = []
        flushed = time.monotonic()

        async def flush() -> None:
            nonlocal flushed
            text, pending[:] = "".join(pending), []
            flushed = time.monotonic()
            if await self._delta(run_id, text):
                raise _Cancelled()

        async def on_delta(text: str) -> None:
            pending.append(text)
            if time.monotonic() - flushed >= FLUSH_SECONDS:
                await flush()

        async with asyncio.timeout(max(0.001, self._remaining(row))):
            finished = await with_retries(lambda: complete(provider, request, on_delta))
            await flush()
        return finished

    async def _delta(self, run_id: uuid.UUID, text: str) -> bool:
        """Store (and announce) streamed text; whether a cancel was asked for. Through the
        process's writer, which commits the deltas of every run streaming here together
        (`data.deltas`): a commit per delta was what capped the events a second."""
        return await self._deltas.write(run_id, text)

    async def close(self) -> None:
        await self._deltas.close()

    async def _record_model(
        self, run_id: uuid.UUID, key: str, row: Any, model_id: str, finished: Finished,
        started: float,
    ) -> dict[str, Any]:  # fmt: skip
        usage = finished.usage
        price_in, price_out = row.prices.get(model_id, ("0", "0"))
        cost = (Decimal(usage.input_tokens) * Decimal(price_in)
                + Decimal(usage.output_tokens) * Decimal(price_out)) / _MILLION  # fmt: skip
        message = _as_dict(finished.message)
        tools = await self._toolbox(row.config)
        approval = [c["id"] for c in message["tool_calls"]
                    if tools is not None and tools.requires_approval(c["name"])]  # fmt: skip
        result = {"message": message, "approval": approval}
        counted = {"run": run_id, "tokens_in": usage.input_tokens,
                   "tokens_out": usage.output_tokens, "cached": usage.cached_input_tokens,
                   "cost": cost, "credits": self._per_call(row)}  # fmt: skip
        async with self.database.unit_of_work() as session:
            await session.execute(_LOCK_THREAD, {"id": row.thread_id})  # first: see `_row`
            number = (await session.execute(_STEP_NUMBER, {"run": run_id})).scalar_one()
            await session.execute(_RECORD, counted | {
                "key": key, "number": number, "kind": "model", "name": model_id,
                "status": "completed", "result": json.dumps(result),
                "input_summary": _summary(row.input), "output_summary": _summary(message),
                "error": "", "ms": int((time.time() - started) * 1000), "started": started,
            })  # fmt: skip
            await session.execute(_COUNT_MODEL, counted)
            await store.append_message(
                row.thread_id, "assistant", finished.message.content, run_id=run_id,
                tool_calls=message["tool_calls"],
            )  # fmt: skip
            await store.append_event(run_id, "step.completed", {
                "step": key, "kind": "model", "model": model_id,
                "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
                "cost_usd": str(cost), "finish_reason": finished.finish_reason,
            })  # fmt: skip
        return result

    # -- a tool call --------------------------------------------------------------------

    async def _toolbox(self, config: dict[str, Any]) -> Any:
        """The run's tools: the built-ins Keel has (a template may name others, such as
        `knowledge_search`: they are not offered, and `begin` says so) and the MCP servers."""
        from services.agents.tools.toolbox import BUILTIN_NAMES, Toolbox

        known = [t for t in config.get("tools", ()) if t.get("name") in BUILTIN_NAMES]
        if not known and not config.get("mcp_servers"):
            return None
        usable = {**config, "tools": known}
        return await Toolbox.build(usable, allow_private_addresses=self.allow_private_addresses)

    async def tool_step(self, run_id: uuid.UUID, turn: int, call: dict[str, Any]) -> dict[str, Any]:
        key = f"tool:{turn}:{call['id']}"
        async with self.database.unit_of_work() as session:
            done = (await session.execute(_STEP, {"run": run_id, "key": key})).scalar_one_or_none()
            row = await self._row(run_id)
        if done is not None:
            return dict(done)
        if row.cancel_requested_at is not None:
            return {
                "end": {"status": runs.CANCELLED, "reason": "cancelled", "message": "cancelled"}
            }
        started = time.time()
        tools = await self._toolbox(row.config)
        context = propagate.extract({"traceparent": row.traceparent})
        with tracer.start_as_current_span(f"execute_tool {call['name']}", context=context) as span:
            span.set_attributes({"gen_ai.operation.name": "execute_tool",
                                 "gen_ai.tool.name": call["name"]})  # fmt: skip
            if tools is None:
                output, is_error, handoff = json.dumps({"error": "TOOL_NOT_ALLOWED"}), True, False
                summary_in, summary_out = _summary(call.get("arguments", {})), output
            else:
                done_call = await tools.call(
                    call["name"], call.get("arguments", {}), idempotency_key=f"{run_id}:{key}",
                    timeout_seconds=max(1.0, min(self.tool_timeout, self._remaining(row))),
                )  # fmt: skip
                output, is_error, handoff = done_call.output, done_call.is_error, done_call.handoff
                summary_in, summary_out = done_call.summary_in, done_call.summary_out
        ms = int((time.time() - started) * 1000)
        message = {"role": "tool", "content": output, "tool_calls": [],
                   "tool_call_id": call["id"], "name": call["name"]}  # fmt: skip
        result = {"message": message, "handoff": handoff}
        async with self.database.unit_of_work() as session:
            await session.execute(_LOCK_THREAD, {"id": row.thread_id})  # first: see `_row`
            number = (await session.execute(_STEP_NUMBER, {"run": run_id})).scalar_one()
            await session.execute(_RECORD, {
                "run": run_id, "key": key, "number": number, "kind": "tool", "name": call["name"],
                "status": "failed" if is_error else "completed", "result": json.dumps(result),
                "input_summary": summary_in, "output_summary": summary_out,
                "error": output[:500] if is_error else "", "tokens_in": 0, "tokens_out": 0,
                "cached": 0, "cost": 0, "ms": ms, "started": started,
            })  # fmt: skip
            await session.execute(_COUNT_TOOL, {"run": run_id, "ms": ms})
            await store.append_message(row.thread_id, "tool", output, run_id=run_id,
                                       tool_call_id=call["id"], tool_name=call["name"])  # fmt: skip
            if handoff:
                await store.set_thread_status(row.thread_id, "waiting_for_human")
            await store.append_event(run_id, "step.completed", {
                "step": key, "kind": "tool", "tool": call["name"], "duration_ms": ms,
                "status": "failed" if is_error else "completed",
            })  # fmt: skip
        return result

    # -- a person's decision ------------------------------------------------------------

    async def wait_for_people(self, run_id: uuid.UUID, calls: list[dict[str, Any]]) -> float:
        """Running → requires_action with the calls waiting; the seconds left to wait."""
        async with self.database.unit_of_work() as session:
            row = await self._row(run_id)
            if runs.can_move(row.status, runs.REQUIRES_ACTION):
                await session.execute(_WAIT, {"id": run_id, "calls": json.dumps(calls)})
                await store.append_event(run_id, "run.requires_action", {
                    "status": runs.REQUIRES_ACTION,
                    "tool_calls": [{"id": c["id"], "name": c["name"]} for c in calls],
                })  # fmt: skip
        return max(0.0, self._remaining(row))

    async def resume(self, run_id: uuid.UUID) -> None:
        async with self.database.unit_of_work() as session:
            if (await session.execute(_RESUME, {"id": run_id})).first() is not None:
                await store.append_event(run_id, "run.resumed", {"status": runs.RUNNING})

    async def given_output(
        self, run_id: uuid.UUID, turn: int, call: dict[str, Any], decision: str, text: str
    ) -> dict[str, Any]:
        """A tool call a person denied, or answered for the tool: the model sees that."""
        key = f"tool:{turn}:{call['id']}"
        if decision == runs.DENY:
            output = json.dumps({"error": "DENIED", "message": text or "a person denied this call"})
        else:
            output = text
        message = {"role": "tool", "content": output, "tool_calls": [],
                   "tool_call_id": call["id"], "name": call["name"]}  # fmt: skip
        result = {"message": message, "handoff": False}
        async with self.database.unit_of_work() as session:
            if (await session.execute(_STEP, {"run": run_id, "key": key})).scalar_one_or_none():
                return result
            row = await self._row(run_id)
            number = (await session.execute(_STEP_NUMBER, {"run": run_id})).scalar_one()
            await session.execute(_RECORD, {
                "run": run_id, "key": key, "number": number, "kind": "tool", "name": call["name"],
                "status": "failed" if decision == runs.DENY else "completed",
                "result": json.dumps(result), "input_summary": _summary(call.get("arguments")),
                "output_summary": _summary(output), "error": "denied" if decision == runs.DENY
                else "", "tokens_in": 0, "tokens_out": 0, "cached": 0, "cost": 0, "ms": 0,
                "started": time.time(),
            })  # fmt: skip
            await store.append_message(row.thread_id, "tool", output, run_id=run_id,
                                       tool_call_id=call["id"], tool_name=call["name"])  # fmt: skip
            await store.append_event(run_id, "step.completed", {
                "step": key, "kind": "tool", "tool": call["name"], "decision": decision,
            })  # fmt: skip
        return result

    # -- the end ------------------------------------------------------------------------

    async def finish(self, run_id: uuid.UUID, end: dict[str, Any]) -> str:
        """The run's terminal state: the hold settled for what was charged, the run counted
        with billing once, the terminal event last."""
        async with self.database.unit_of_work():
            row = await self._row(run_id)
        if row.status in runs.TERMINAL:
            return str(row.status)
        charged = Decimal(row.credits_charged)
        context = propagate.extract({"traceparent": row.traceparent})
        with tracer.start_as_current_span("finish run", context=context):
            for hold, amount in _shares(row, charged):
                await self._settle(run_id, row.org_id, hold, amount)
            if charged or end["status"] == runs.COMPLETED:
                await self.plan.record_run(row.org_id, run_id)
        status = end["status"]
        async with self.database.unit_of_work() as session:
            row = await self._row(run_id)
            if not runs.can_move(row.status, status):  # it ended already (a step re-run)
                return str(row.status)
            await session.execute(_END, {
                "id": run_id, "status": status, "reason": end.get("reason", status),
                "message": end.get("message", ""), "output": end.get("output", ""),
            })  # fmt: skip
            thread = await session.execute(
                sa.text("SELECT status FROM threads WHERE id = :id"), {"id": row.thread_id}
            )
            if thread.scalar_one() == "running":
                await store.set_thread_status(row.thread_id, "idle")
            await _publish(f"run.{status}", row, run_id, status, end.get("reason", status))
            await store.append_event(
                run_id, f"run.{status}",
                {"status": status, "reason": end.get("reason", status),
                 "message": end.get("message", ""), "output": end.get("output", ""),
                 "credits": str(charged)},
                terminal=True,
            )  # fmt: skip
        return str(status)

    async def _settle(
        self, run_id: uuid.UUID, org_id: uuid.UUID, hold: uuid.UUID, amount: Decimal
    ) -> None:
        """`hold` settled for `amount`. A hold that ended before (past its expiry: a worker
        down longer than its margin) is charged through a hold taken now and settled at
        once (keyed by the old one: a finish run again takes no other); what the balance
        no longer covers is logged, and the run ends all the same."""
        try:
            await self.plan.settle(org_id, hold, amount)
            return
        except KeelError as refused:
            if refused.reason != runs.RESERVATION_NOT_HELD:
                raise
        if not amount:
            return
        late = runs.Hold(org_id, amount, f"run:{run_id}:late:{hold}", runs.FINISH_SECONDS)
        try:
            await self.plan.settle(org_id, await self.plan.reserve(late), amount)
        except KeelError as refused:
            if refused.reason != runs.INSUFFICIENT_CREDITS:
                raise
            log.warning(
                "a run's hold had ended and the balance no longer covers its charge",
                extra={"run_id": str(run_id), "credits": str(amount)},
            )


def _shares(row: Any, charged: Decimal) -> list[tuple[uuid.UUID, Decimal]]:
    """What each hold is settled for: the charge fills them in the order they were made
    (the first hold, then the ones a long run added); a hold past the charge pays 0."""
    extras = [(uuid.UUID(h["id"]), Decimal(h["amount"])) for h in row.extra_holds]
    first = Decimal(row.credits_held) - sum((a for _, a in extras), Decimal(0))
    holds = ([(row.reservation_id, first)] if row.reservation_id is not None else []) + extras
    shares, left = [], charged
    for hold, amount in holds:
        share = min(amount, left)
        shares.append((hold, share))
        left -= share
    if left and shares:  # past every hold: the last one draws on the overdraft
        shares[-1] = (shares[-1][0], shares[-1][1] + left)
    return shares


def _unavailable_tools(config: dict[str, Any]) -> list[str]:
    from services.agents.tools.toolbox import BUILTIN_NAMES

    return [t["name"] for t in config.get("tools", ()) if t.get("name") not in BUILTIN_NAMES]


class _Cancelled(Exception):
    """A cancel was asked for while a model streamed."""


def _settings(config: dict[str, Any]) -> Settings:
    generation = config.get("generation", {})
    return Settings(
        temperature=generation.get("temperature"),
        max_tokens=generation.get("max_tokens"),
        top_p=generation.get("top_p"),
        stop=tuple(generation.get("stop", ())),
    )


async def _publish(type: str, row: Any, run_id: uuid.UUID, status: str, reason: str = "") -> None:
    from keel.agents.v1 import events_pb2

    payload = events_pb2.RunChanged(
        run_id=str(run_id), org_id=str(row.org_id), agent_id=str(row.agent_id),
        thread_id=str(row.thread_id), status=status, reason=reason,
        credits=str(row.credits_charged),
    )  # fmt: skip
    await events.publish(
        db.session(), source="agents", type=type, payload=payload, org_id=str(row.org_id)
    )
