"""The runs' workers: `python -m services.agents worker` (DBOS Transact, on agents's database).

A run is one DBOS workflow, `agent_run(run_id)`, enqueued by the service in the run's
insert (`data.durable`). Its steps are checkpointed by DBOS: `begin`, then per turn one
model call (`model`) and one step per tool call (`tool`), then `finish`. A worker killed
at any point leaves its workflows PENDING; another worker's reaper takes them over
(`Reaper`) and DBOS replays the workflow, skipping every step it had checkpointed. A
step interrupted before its checkpoint runs again; the ones with effects (`model`,
`tool`) first look for their own completed row in `run_steps` (`execution.Steps`), so a
step that finished its work but died before DBOS recorded it is not done twice either.

The same worker can run inside the agents service instead, with
`KEEL_AGENTS_WORKER_IN_SERVICE=true` (one process for a small deployment; it costs the
service ~22 MiB of DBOS and psycopg, past its 100 MB idle budget, so it is off by default).

Settings (besides the service's `KEEL_AGENTS_*`): `KEEL_AGENTS_WORKER_CONCURRENCY` (runs
at once per worker, default 8), `KEEL_AGENTS_QUEUE_POLL_SECONDS` (default 0.1),
`KEEL_AGENTS_MODEL_CALL_TIMEOUT_SECONDS` (120) and `KEEL_AGENTS_TOOL_CALL_TIMEOUT_SECONDS`
(30), `KEEL_AGENTS_WORKFLOW_RETENTION_DAYS` (7: DBOS's records of finished workflows are
deleted after that; `Retention`) checked every `KEEL_AGENTS_RETENTION_CHECK_SECONDS` (3600),
`KEEL_AGENTS_TOOLS_ALLOW_PRIVATE` (tests only: tools may reach private addresses),
and the model providers' (`models.registry`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from dbos import DBOS, DBOSConfig

from keel_runtime import events, telemetry, tls
from keel_runtime.config import ServiceConfig
from keel_runtime.db import Database
from keel_runtime.errors import Unavailable
from keel_runtime.server import freeze_startup_heap
from services.agents.data import durable
from services.agents.data import runs as store
from services.agents.data.billing import BillingRunPlan
from services.agents.domain import runs
from services.agents.execution import Execution
from services.agents.heartbeat import Heartbeat
from services.agents.models.builtin import BUILTIN_PROVIDER, BuiltinModel
from services.agents.models.registry import Providers

log = logging.getLogger("keel.agents.worker")
APPLICATION_VERSION = "agents-runs-1"  # bump deliberately: workers run their version only
REAP_SECONDS = 1.0
# How long a thread holding the GIL keeps the event loop waiting (CPython's default is
# 5 ms; DBOS's threads hold it in ~12 % of a streaming worker's samples, polling in Python).
GIL_SWITCH_SECONDS = 0.001

_execution: Execution | None = None


def _current() -> Execution:
    assert _execution is not None, "the worker is not started"
    return _execution


@DBOS.step(name="begin")
async def begin(run_id: str) -> dict[str, Any]:
    return await _current().begin(uuid.UUID(run_id))


@DBOS.step(name="model")
async def model(run_id: str, turn: int, messages: list[dict[str, Any]]) -> dict[str, Any]:
    return await _current().model_step(uuid.UUID(run_id), turn, messages)


@DBOS.step(name="tool")
async def tool(run_id: str, turn: int, call: dict[str, Any]) -> dict[str, Any]:
    return await _current().tool_step(uuid.UUID(run_id), turn, call)


@DBOS.step(name="wait_for_people")
async def wait_for_people(run_id: str, calls: list[dict[str, Any]]) -> float:
    return await _current().wait_for_people(uuid.UUID(run_id), calls)


@DBOS.step(name="resume")
async def resume(run_id: str) -> None:
    await _current().resume(uuid.UUID(run_id))


@DBOS.step(name="given_output")
async def given_output(
    run_id: str, turn: int, call: dict[str, Any], decision: str, text: str
) -> dict[str, Any]:
    return await _current().given_output(uuid.UUID(run_id), turn, call, decision, text)


def _outage(exc: BaseException) -> bool:
    """billing or the database out for a moment: a finish tries again, as a run left
    unfinished (its holds never settled) would be worse than a late one."""
    return isinstance(exc, Unavailable) or events.is_transient_database_error(exc)


# Attempts 1, 2, 4 ... 256 s apart: about 8 minutes of an outage.
@DBOS.step(name="finish", retries_allowed=True, should_retry=_outage, max_attempts=10)
async def finish(run_id: str, end: dict[str, Any]) -> str:
    return await _current().finish(uuid.UUID(run_id), end)


@DBOS.workflow(name=durable.WORKFLOW)
async def agent_run(run_id: str) -> str:
    """A run that cannot progress (a step's unexpected error: DBOS records it, so a replay
    meets the same error) fails once, with the error's kind as its reason."""
    try:
        return await _run(run_id)
    except Exception as exc:
        log.exception("a run failed", extra={"run_id": run_id})
        message = f"the run stopped on an error ({type(exc).__name__})"
        return await finish(
            run_id, {"status": runs.FAILED, "reason": "run_error", "message": message}
        )


async def _run(run_id: str) -> str:
    started = await begin(run_id)
    pause = 0.25
    while started.get("wait"):  # an older run of the thread is in progress
        await DBOS.sleep_async(pause)
        pause = min(pause * 2, 2.0)
        started = await begin(run_id)
    if "end" in started:
        return await finish(run_id, started["end"])
    if not started["go"]:
        return str(started["status"])
    messages: list[dict[str, Any]] = started["messages"]
    for turn in range(started["max_turns"]):
        answered = await model(run_id, turn, messages)
        if "end" in answered:
            return await finish(run_id, answered["end"])
        message = answered["message"]
        messages.append(message)
        if not message.get("tool_calls"):
            return await finish(run_id, {"status": "completed", "output": message["content"]})
        decisions: dict[str, Any] = {}
        if answered.get("approval"):
            waiting = [c for c in message["tool_calls"] if c["id"] in answered["approval"]]
            decided = await _decisions(run_id, waiting)
            if "end" in decided:
                return await finish(run_id, decided["end"])
            decisions = decided["outputs"]
        for call in message["tool_calls"]:
            decision = decisions.get(call["id"], {"decision": runs.APPROVE})
            if decision["decision"] == runs.APPROVE:
                result = await tool(run_id, turn, call)
            else:
                result = await given_output(
                    run_id, turn, call, decision["decision"], decision.get("output", "")
                )
            if "end" in result:
                return await finish(run_id, result["end"])
            messages.append(result["message"])
    return await finish(run_id, {"status": "failed", "reason": "too_many_turns",
                                 "message": "the agent kept calling tools"})  # fmt: skip


async def _decisions(run_id: str, calls: list[dict[str, Any]]) -> dict[str, Any]:
    """requires_action until a person answers (SubmitToolOutputs), the run is cancelled,
    or its time is up."""
    seconds = await wait_for_people(run_id, calls)
    message = await DBOS.recv_async(store.TOOL_OUTPUTS_TOPIC, timeout_seconds=seconds)
    if message is None:
        return {"end": {"status": runs.TIMED_OUT, "reason": "timeout",
                        "message": "nobody answered the tool calls in time"}}  # fmt: skip
    if message.get("cancel"):
        return {"end": {"status": runs.CANCELLED, "reason": "cancelled",
                        "message": "cancelled while waiting for a person"}}  # fmt: skip
    await resume(run_id)
    return {"outputs": message["outputs"]}


FINISHED = ["SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"]


class Retention:
    """Deletes DBOS's records of workflows that finished more than `days` ago (open-source
    DBOS keeps them forever). They are only the execution's checkpoints: a run's record is
    agents's own (runs, run_steps, run_events, the thread). A pass deletes at most `batch`;
    several workers deleting the same ids is harmless."""

    def __init__(self, days: float, every_seconds: float, batch: int = 500) -> None:
        self.days = days
        self.every_seconds = every_seconds
        self.batch = batch

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.every_seconds)
            try:
                await self.pass_once()
            except Exception:
                log.warning("a retention pass failed", exc_info=True)

    async def pass_once(self) -> int:
        before = datetime.now(UTC) - timedelta(days=self.days)
        finished = await DBOS.list_workflows_async(
            status=FINISHED, completed_before=before.isoformat(), limit=self.batch,
            load_input=False, load_output=False,
        )  # fmt: skip
        ids = [w.workflow_id for w in finished]
        if ids:
            await DBOS.delete_workflows_async(ids)
        return len(ids)


class Reaper:
    """Recovers the workflows of workers that died (DBOS's open-source edition recovers
    only a restarted executor's own). Each worker holds a session advisory lock named
    after its executor id for its whole life; an executor with PENDING workflows whose
    lock can be taken is dead, and its workflows are handed to DBOS's recovery, which
    re-enqueues them (concurrent reapers are harmless: the recovery is conditional)."""

    def __init__(self, dsn: str, executor_id: str) -> None:
        self.dsn = dsn
        self.executor_id = executor_id
        self._own: asyncpg.Connection | None = None

    async def hold(self) -> None:
        self._own = await asyncpg.connect(self.dsn)
        await self._own.execute(
            "SELECT pg_advisory_lock(hashtextextended($1, 0))", self.executor_id
        )

    async def run(self) -> None:
        assert self._own is not None
        while True:
            await asyncio.sleep(REAP_SECONDS)
            with contextlib.suppress(Exception):
                await self._reap()

    async def _reap(self) -> None:
        assert self._own is not None
        others = await self._own.fetch(
            "SELECT DISTINCT executor_id FROM dbos.workflow_status"
            " WHERE status = 'PENDING' AND executor_id <> $1",
            self.executor_id,
        )
        for (other,) in others:
            taken = await self._own.fetchval(
                "SELECT pg_try_advisory_lock(hashtextextended($1, 0))", other
            )
            if not taken:
                continue  # alive
            try:
                log.info("recovering the runs of a dead worker", extra={"executor": other})
                await asyncio.to_thread(DBOS._recover_pending_workflows, [other])
            finally:
                await self._own.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", other)

    async def close(self) -> None:
        if self._own is not None:
            await self._own.close()


def _providers(environ: dict[str, str]) -> Providers:
    configured = Providers.from_env(environ)
    delay = float(environ.get("KEEL_AGENTS_BUILTIN_CHUNK_DELAY_MS", "0") or 0) / 1000
    others = {n: p for n in configured.names if n != BUILTIN_PROVIDER and (p := configured.get(n))}
    return Providers(
        {BUILTIN_PROVIDER: BuiltinModel(chunk_delay=delay), **others},
        builtin_for_all=configured.builtin_for_all,
    )


async def run(config: ServiceConfig, arguments: list[str]) -> int:
    """`python -m services.agents worker`: serve runs until SIGTERM or SIGINT."""
    tel = telemetry.setup("agents")
    tls.use(config.mesh_tls)  # billing is called as the agents service
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    database = Database(config.database_url, pool_size=config.db_pool_size,
                        application_name="agents-worker")  # fmt: skip
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    environ = dict(os.environ)
    try:
        await work(config, database, environ, stop, Heartbeat.from_env(environ))
    finally:
        await database.close()
        tel.shutdown()
    return 0


async def in_service(config: ServiceConfig, database: Database) -> None:
    """The worker inside the agents service (`KEEL_AGENTS_WORKER_IN_SERVICE=true`), on its
    loop and database pool, until the service stops (its task is cancelled)."""
    await work(config, database, dict(os.environ), asyncio.Event())


async def work(
    config: ServiceConfig,
    database: Database,
    environ: dict[str, str],
    stop: asyncio.Event,
    heartbeat: Heartbeat | None = None,
) -> None:
    """DBOS on this loop, the runs' queue and the reaper, until `stop` is set; with a
    `heartbeat` (a worker process of its own), its beats once all that has started."""
    global _execution
    concurrency = int(environ.get("KEEL_AGENTS_WORKER_CONCURRENCY", "8"))
    _execution = Execution(
        database, BillingRunPlan(), _providers(environ),
        allow_private_addresses=environ.get("KEEL_AGENTS_TOOLS_ALLOW_PRIVATE", "") == "true",
        model_timeout=float(environ.get("KEEL_AGENTS_MODEL_CALL_TIMEOUT_SECONDS", "120")),
        tool_timeout=float(environ.get("KEEL_AGENTS_TOOL_CALL_TIMEOUT_SECONDS", "30")),
    )  # fmt: skip
    executor_id = f"agents-worker-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    reaper = Reaper(database.dsn, executor_id)
    await reaper.hold()
    DBOS(config=_dbos_config(config, executor_id))
    DBOS.launch()  # on this loop: the workflows' async steps run here
    await DBOS.register_queue_async(
        durable.QUEUE,
        worker_concurrency=concurrency,
        polling_interval_sec=float(environ.get("KEEL_AGENTS_QUEUE_POLL_SECONDS", "0.1")),
    )
    retention = Retention(
        float(environ.get("KEEL_AGENTS_WORKFLOW_RETENTION_DAYS", "7")),
        float(environ.get("KEEL_AGENTS_RETENTION_CHECK_SECONDS", "3600")),
    )
    tasks = [asyncio.create_task(reaper.run()), asyncio.create_task(retention.run())]
    if heartbeat is not None:
        tasks.append(asyncio.create_task(heartbeat.run()))
    freeze_startup_heap()
    log.info("working", extra={"executor": executor_id, "concurrency": concurrency})
    try:
        await stop.wait()
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        # In a thread: DBOS's background threads hand work to this loop while they stop,
        # so blocking it here would leave each join waiting out its 10 s timeout.
        await asyncio.to_thread(DBOS.destroy, destroy_registry=False)
        await reaper.close()
        await _execution.close()


def _dbos_config(config: ServiceConfig, executor_id: str) -> DBOSConfig:
    return {
        "name": "keel-agents",
        "system_database_url": durable.plain_url(config.database_url),
        "dbos_system_schema": durable.SCHEMA,
        "executor_id": executor_id,
        "application_version": APPLICATION_VERSION,
        "sys_db_pool_size": 5,
        "run_migrations": False,  # `migrate` does (durable.migrate)
        "enable_otlp": False,
        "log_level": "WARNING",
    }
