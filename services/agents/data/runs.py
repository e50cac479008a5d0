"""Runs, threads, their messages and events in agents's database (the domain's `Runs` and
`Threads`, and what the workers write).

Every write goes through the session of the call (or of the worker's step), so a run,
its first event, its thread's message and its durable enqueue commit together (a start's
in one statement, `_START`). A run's events are numbered under its row lock
(`runs.last_event`), and each insert notifies channel `run_events` with the run's id,
which `WatchRun` listens on (text deltas: `data.deltas`).
"""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from keel_runtime import db
from services.agents.data import durable
from services.agents.domain import runs
from services.agents.domain.access import Caller
from services.agents.domain.runs import Queued, Run, Shown, Usage
from services.agents.domain.threads import Message, Thread

_RUN_COLUMNS = """id, org_id, agent_id, agent_version, thread_id, status, input, model,
  timeout_seconds, created_by, created_by_api_key, reason, message, output, metadata,
  fallback_models, credits_held, budget_credits, input_tokens, output_tokens,
  cached_input_tokens, cost_usd, credits_charged, tool_execution_ms, model_calls, tool_calls,
  request_hash, created_at, started_at, finished_at, pending_tool_calls"""
_GET = db.Query(sa.text(f"SELECT {_RUN_COLUMNS} FROM runs WHERE id = :id"))
_BY_KEY = db.Query(
    sa.text(f"SELECT {_RUN_COLUMNS} FROM runs WHERE org_id = :org AND idempotency_key = :key")
)
_LIST_SQL = f"""
SELECT {_RUN_COLUMNS} FROM runs
WHERE agent_id = :agent AND org_id = CAST(:org AS uuid)
  AND (CAST(:everyone AS boolean) OR created_by = CAST(:own_user AS uuid)
       OR created_by_api_key = CAST(:own_key AS text))
  {{after}}
ORDER BY created_at DESC, id DESC
LIMIT CAST(:limit AS integer)"""
_FIRST_PAGE = db.Query(sa.text(_LIST_SQL.format(after="")))
_NEXT_PAGE = db.Query(
    sa.text(
        _LIST_SQL.format(
            after="AND (created_at, id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))"
        )
    )
)
# A start's writes in one statement (one round trip where the session's way took ten: the
# thread, a savepoint, the run, the message, three for the event, a read-back, the
# enqueue): the run (nothing at all when a concurrent start with the same idempotency key
# won), its new thread or its existing thread's next message number, the user's message,
# `run.queued`, the notification and the durable enqueue. A new thread's row is written
# with its first message counted: another part of the statement could not update it.
_START = db.Query(
    sa.text(f"""
WITH run AS (
  INSERT INTO runs (id, org_id, agent_id, agent_version, thread_id, status, input, metadata,
    idempotency_key, request_hash, created_by, created_by_api_key, model, fallback_models,
    prices, config, reservation_id, credits_held, credits_per_call, budget_credits,
    timeout_seconds, traceparent, last_event)
  VALUES (:id, :org, :agent, :version, :thread, 'queued', :input, CAST(:metadata AS jsonb),
    :key, :hash, :user, :api_key, :model, CAST(:fallbacks AS jsonb), CAST(:prices AS jsonb),
    CAST(:config AS jsonb), :reservation, :held, :per_call, :budget, :timeout, :traceparent, 1)
  ON CONFLICT (org_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING {_RUN_COLUMNS}
), new_thread AS (
  INSERT INTO threads (id, org_id, created_by, created_by_api_key, message_count)
  SELECT :thread, :org, :user, :api_key, 1 FROM run WHERE CAST(:new_thread AS boolean)
), counted AS (
  UPDATE threads SET message_count = message_count + 1, updated_at = now()
  WHERE id = :thread AND NOT CAST(:new_thread AS boolean) AND EXISTS (SELECT FROM run)
  RETURNING message_count
), message AS (
  INSERT INTO thread_messages (thread_id, sequence, role, content, run_id)
  SELECT :thread, coalesce((SELECT message_count FROM counted), 1), 'user', :input, id FROM run
), queued AS (
  INSERT INTO run_events (run_id, sequence, type, data)
  SELECT id, 1, 'run.queued', CAST(:event AS jsonb) FROM run
)
SELECT run.* FROM run,
  LATERAL (SELECT dbos.enqueue_workflow(:workflow, :queue, ARRAY[CAST(:argument AS json)],
                                        workflow_id => CAST(:id AS text))) AS enqueued,
  LATERAL (SELECT pg_notify('run_events', CAST(:id AS text))) AS notified""")
)
_NEXT_EVENT = sa.text(
    "UPDATE runs SET last_event = last_event + 1 WHERE id = :run RETURNING last_event"
)
_EVENT = sa.text("""
INSERT INTO run_events (run_id, sequence, type, data, terminal)
VALUES (:run, :sequence, :type, CAST(:data AS jsonb), :terminal)""")
_NOTIFY = sa.text("SELECT pg_notify('run_events', CAST(:run AS text))")
_MESSAGE = sa.text("""
WITH counted AS (
  UPDATE threads SET message_count = message_count + 1, updated_at = now()
  WHERE id = :thread RETURNING message_count
)
INSERT INTO thread_messages (thread_id, sequence, role, content, tool_calls, tool_call_id,
  tool_name, run_id)
SELECT :thread, message_count, :role, :content, CAST(:tool_calls AS jsonb), :tool_call_id,
  :tool_name, :run FROM counted""")
_LOCK_THREAD = sa.text("SELECT FROM threads WHERE id = :id FOR UPDATE")
# The organization's starts, one at a time from the count to the commit (advisory keys
# are 64-bit; 8 keeps them apart from the creates' lock, 7).
_LOCK_ORG_STARTS = sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:org, 8))")
_ACTIVE_IN_ORG = sa.text("""SELECT count(*) FROM runs WHERE org_id = :org
  AND status IN ('queued', 'running', 'requires_action')""")
_ACTIVE = sa.text("""SELECT id FROM runs WHERE thread_id = :thread
  AND status IN ('queued', 'running', 'requires_action') ORDER BY created_at, id""")
_THREAD_STATUS = sa.text("UPDATE threads SET status = :status, updated_at = now() WHERE id = :id")
_CANCEL = sa.text("""
UPDATE runs r SET cancel_requested_at = coalesce(r.cancel_requested_at, now()),
  status = CASE WHEN r.status = 'queued' THEN 'cancelled' ELSE r.status END,
  reason = CASE WHEN r.status = 'queued' THEN 'cancelled' ELSE r.reason END,
  message = CASE WHEN r.status = 'queued' THEN 'cancelled before it started' ELSE r.message END,
  finished_at = CASE WHEN r.status = 'queued' THEN now() ELSE r.finished_at END
FROM (SELECT id, status FROM runs WHERE id = :id FOR UPDATE) old
WHERE r.id = old.id AND r.status NOT IN ('completed', 'failed', 'cancelled', 'timed_out')
RETURNING old.status AS was, r.status""")


def run_of(row: Any) -> Run:
    (id_, org, agent, version, thread, status, input_, model, timeout, user, key, reason,
     message, output, metadata, fallbacks, held, budget, tokens_in, tokens_out, cached, cost,
     charged, tool_ms, model_calls, tool_calls, hash_, created, started, finished,
     pending) = row  # fmt: skip
    usage = Usage(tokens_in, tokens_out, cached, Decimal(cost), Decimal(charged), tool_ms,
                  model_calls, tool_calls)  # fmt: skip
    return Run(
        id=id_, org_id=org, agent_id=agent, agent_version=version, thread_id=thread,
        status=status, input=input_, model=model, timeout_seconds=timeout, created_by=user,
        created_by_api_key=key, reason=reason, message=message, output=output,
        metadata=dict(metadata or {}), fallback_models=tuple(fallbacks or ()),
        credits_held=Decimal(held), budget_credits=None if budget is None else Decimal(budget),
        usage=usage, request_hash=hash_, created_at=created, started_at=started,
        finished_at=finished, pending_tool_calls=tuple(pending or ()),
    )  # fmt: skip


async def append_event(
    run_id: uuid.UUID, type: str, data: dict[str, Any], *, terminal: bool = False
) -> int:
    """The run's next event, in the current transaction; returns its sequence number."""
    session = db.session()
    sequence = (await session.execute(_NEXT_EVENT, {"run": run_id})).scalar_one()
    await session.execute(
        _EVENT,
        {"run": run_id, "sequence": sequence, "type": type, "data": json.dumps(data),
         "terminal": terminal},
    )  # fmt: skip
    await session.execute(_NOTIFY, {"run": str(run_id)})
    return int(sequence)


async def append_message(
    thread_id: uuid.UUID,
    role: str,
    content: str,
    *,
    run_id: uuid.UUID | None,
    tool_calls: list[dict[str, Any]] | None = None,
    tool_call_id: str = "",
    tool_name: str = "",
) -> None:
    await db.session().execute(
        _MESSAGE,
        {"thread": thread_id, "role": role, "content": content,
         "tool_calls": json.dumps(tool_calls or []), "tool_call_id": tool_call_id,
         "tool_name": tool_name, "run": run_id},
    )  # fmt: skip


async def set_thread_status(thread_id: uuid.UUID, status: str) -> None:
    await db.session().execute(_THREAD_STATUS, {"id": thread_id, "status": status})


_SEND = sa.text("SELECT dbos.send_message(:run, CAST(:message AS json), :topic, :message_id)")
TOOL_OUTPUTS_TOPIC = "tool_outputs"
# (The subquery is the row as it was: RETURNING gives the row as it becomes.)
_TAKE_PENDING = sa.text("""
UPDATE runs r SET pending_tool_calls = '[]'
FROM (SELECT id, pending_tool_calls FROM runs WHERE id = :id FOR UPDATE) old
WHERE r.id = old.id AND r.status = 'requires_action' AND r.pending_tool_calls <> '[]'
RETURNING old.pending_tool_calls""")


async def send_to_run(run_id: uuid.UUID, message: dict[str, Any], message_id: str) -> None:
    """A message to the run's waiting workflow (DBOS's notifications, by SQL; sent once
    per `message_id`), delivered when the transaction commits."""
    await db.session().execute(
        _SEND,
        {"run": str(run_id), "message": json.dumps(message), "topic": TOOL_OUTPUTS_TOPIC,
         "message_id": message_id},
    )  # fmt: skip


class RunRepository:
    async def get(self, run_id: uuid.UUID) -> Run | None:
        row = await db.fetchrow(_GET, id=run_id)
        return run_of(row) if row is not None else None

    async def by_key(self, org_id: uuid.UUID, key: str) -> Run | None:
        row = await db.fetchrow(_BY_KEY, org=org_id, key=key)
        return run_of(row) if row is not None else None

    async def insert(self, queued: Queued) -> Run:
        run = queued.run
        params = {
            "id": run.id, "org": run.org_id, "agent": run.agent_id, "version": run.agent_version,
            "thread": run.thread_id, "new_thread": queued.new_thread, "input": run.input,
            "metadata": json.dumps(run.metadata), "key": queued.idempotency_key or None,
            "hash": run.request_hash, "user": run.created_by,
            "api_key": run.created_by_api_key, "model": run.model,
            "fallbacks": json.dumps(list(run.fallback_models)),
            "prices": json.dumps(queued.prices), "config": json.dumps(queued.config),
            "reservation": queued.reservation_id, "held": run.credits_held,
            "per_call": queued.credits_per_call,
            "budget": run.budget_credits, "timeout": run.timeout_seconds,
            "traceparent": queued.traceparent,
            "event": json.dumps({"status": runs.QUEUED, "model": run.model}),
            "workflow": durable.WORKFLOW, "queue": durable.QUEUE,
            "argument": json.dumps(str(run.id)),
        }  # fmt: skip
        # One statement, the start's last write: alone, one round trip, when the start
        # took no lock before it (a new thread; no limit on runs at once).
        rows = await db.write_last(_START, **params)
        if not rows:
            raise runs.StartedMeanwhile()
        return run_of(rows[0])

    async def active_in_organization(self, org_id: uuid.UUID) -> int:
        session = db.session()
        await session.execute(_LOCK_ORG_STARTS, {"org": str(org_id)})
        return int((await session.execute(_ACTIVE_IN_ORG, {"org": org_id})).scalar_one())

    async def active_on_thread(self, thread_id: uuid.UUID) -> list[uuid.UUID]:
        """The thread's runs in progress, oldest first; the thread stays locked until the
        transaction ends, so concurrent starts on it see each other."""
        session = db.session()
        await session.execute(_LOCK_THREAD, {"id": thread_id})
        return list((await session.execute(_ACTIVE, {"thread": thread_id})).scalars())

    async def list_for_agent(
        self, agent_id: uuid.UUID, shown: Shown, after: tuple[Any, ...] | None, limit: int
    ) -> list[Run]:
        assert after is not None
        org_id, *cursor = after
        params: dict[str, Any] = {
            "agent": agent_id, "org": org_id, "everyone": shown.everyone,
            "own_user": shown.own_user, "own_key": shown.own_api_key, "limit": limit,
        }  # fmt: skip
        if cursor:
            params["after_at"], params["after_id"] = cursor[0], uuid.UUID(cursor[1])
            rows = await db.fetch(_NEXT_PAGE, **params)
        else:
            rows = await db.fetch(_FIRST_PAGE, **params)
        return [run_of(r) for r in rows]

    async def take_pending(self, run_id: uuid.UUID) -> list[dict[str, Any]] | None:
        """The run's pending tool calls, cleared (None: it waits for none)."""
        found = (await db.session().execute(_TAKE_PENDING, {"id": run_id})).scalar_one_or_none()
        return None if found is None else list(found)

    async def send_outputs(self, run_id: uuid.UUID, outputs: dict[str, Any]) -> None:
        await send_to_run(run_id, {"outputs": outputs}, f"{run_id}:outputs:{uuid.uuid4()}")

    async def request_cancel(self, run_id: uuid.UUID) -> Run:
        changed = (await db.session().execute(_CANCEL, {"id": run_id})).one_or_none()
        if changed is not None and changed.was == runs.REQUIRES_ACTION:
            # Its workflow waits for a person: wake it (it ends the run, cancelled).
            await send_to_run(run_id, {"cancel": True}, f"{run_id}:cancel")
        if changed is not None and changed.status == runs.CANCELLED:  # it was queued
            await append_event(
                run_id, "run.cancelled", {"status": runs.CANCELLED, "reason": "cancelled"},
                terminal=True,
            )  # fmt: skip
        found = await self.get(run_id)
        assert found is not None
        return found


_NEW_THREAD = sa.text("""
INSERT INTO threads (id, org_id, created_by, created_by_api_key, metadata)
VALUES (:id, :org, :user, :key, CAST(:metadata AS jsonb))""")
_THREAD_COLUMNS = """id, org_id, created_by, created_by_api_key, metadata, status, message_count,
  created_at, updated_at"""
_THREAD = db.Query(sa.text(f"SELECT {_THREAD_COLUMNS} FROM threads WHERE id = :id"))
_THREADS_SQL = f"""
SELECT {_THREAD_COLUMNS} FROM threads
WHERE org_id = :org AND (CAST(:everyone AS boolean) OR created_by = CAST(:own_user AS uuid)
       OR created_by_api_key = CAST(:own_key AS text))
  {{after}}
ORDER BY created_at DESC, id DESC
LIMIT CAST(:limit AS integer)"""
_FIRST_THREADS = db.Query(sa.text(_THREADS_SQL.format(after="")))
_NEXT_THREADS = db.Query(
    sa.text(
        _THREADS_SQL.format(
            after="AND (created_at, id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))"
        )
    )
)
_MESSAGES = db.Query(
    sa.text("""
SELECT thread_id, sequence, role, content, tool_calls, tool_call_id, tool_name, run_id, created_at
FROM thread_messages WHERE thread_id = :thread AND sequence > CAST(:after AS bigint)
ORDER BY sequence LIMIT CAST(:limit AS integer)""")
)


class ThreadRepository:
    async def create(
        self, org_id: uuid.UUID, caller: Caller, metadata: dict[str, Any]
    ) -> uuid.UUID:
        thread_id = uuid.uuid4()
        await db.session().execute(
            _NEW_THREAD,
            {"id": thread_id, "org": org_id, "user": caller.user_id,
             "key": None if caller.user_id else caller.api_key_id,
             "metadata": json.dumps(metadata)},
        )  # fmt: skip
        return thread_id

    async def owner(self, thread_id: uuid.UUID) -> tuple[uuid.UUID, Any] | None:
        row = await db.fetchrow(_THREAD, id=thread_id)
        if row is None:
            return None
        return row[1], runs.owned(row[0], row[1], row[2], row[3])

    async def get(self, thread_id: uuid.UUID) -> Thread | None:
        row = await db.fetchrow(_THREAD, id=thread_id)
        return _thread(row) if row is not None else None

    async def page(
        self, org_id: uuid.UUID, shown: Shown, cursor: tuple[Any, ...] | None, limit: int
    ) -> list[Thread]:
        params: dict[str, Any] = {
            "org": org_id, "everyone": shown.everyone, "own_user": shown.own_user,
            "own_key": shown.own_api_key, "limit": limit,
        }  # fmt: skip
        if cursor:
            params["after_at"], params["after_id"] = cursor[0], uuid.UUID(cursor[1])
            return [_thread(r) for r in await db.fetch(_NEXT_THREADS, **params)]
        return [_thread(r) for r in await db.fetch(_FIRST_THREADS, **params)]

    async def messages(self, thread_id: uuid.UUID, after: int, limit: int) -> list[Message]:
        rows = await db.fetch(_MESSAGES, thread=thread_id, after=after, limit=limit)
        return [Message(*row) for row in rows]


def _thread(row: Any) -> Thread:
    id_, org, user, key, metadata, status, count, created, updated = row
    return Thread(id_, org, user, key, dict(metadata or {}), status, count, created, updated)
