"""The engine: batches of operations, whatever their organizations.

Within a replica, operations that arrive together are applied as one batch in one database
transaction (group commit, as TigerBeetle batches transfers across accounts): one lock
statement for all the batch's accounts, one read and one write per table and one commit for
the whole batch. So neither a hot organization nor many organizations at once are held to
one commit per operation, and throughput grows with the load; each operation's outcome is
still its own (a refused reservation does not undo the others of its batch).
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from keel_runtime.db import Database
from services.billing.config import BillingConfig
from services.billing.domain.ledger.operations import Op, Outcome
from services.billing.domain.ledger.transaction import apply_batch

MAX_BATCH = 256


@dataclass(frozen=True)
class _Pending:
    org_id: uuid.UUID
    op: Op
    future: asyncio.Future[Outcome]


class Ledger:
    """Applies the operations arriving at once as one batch.

    While a batch commits, the next operations queue; they go together in the next batch
    (at most `max_batch`). With one caller at a time a batch is one operation: no added wait.
    """

    def __init__(
        self,
        database: Database,
        *,
        max_batch: int = MAX_BATCH,
        max_open_holds: int = BillingConfig.max_open_holds,
    ) -> None:
        self.database = database
        self.max_batch = max_batch
        self.max_open_holds = max_open_holds
        self._queue: list[_Pending] = []
        self._drain: asyncio.Task[None] | None = None

    async def submit(self, org_id: uuid.UUID, op: Op) -> Outcome:
        """Apply `op` to the account of `org_id` (batched with others); raises its refusal."""
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._queue.append(_Pending(org_id, op, future))
        if self._drain is None:
            self._drain = asyncio.create_task(self._drain_queue())
        return await future

    async def _drain_queue(self) -> None:
        try:
            while self._queue:
                batch = self._queue[: self.max_batch]
                del self._queue[: self.max_batch]
                await self._run(batch)
        finally:
            self._drain = None

    async def _run(self, batch: list[_Pending]) -> None:
        try:
            async with self.database.sessions() as session, session.begin():
                ops = [(p.org_id, p.op) for p in batch]
                outcomes = await apply_batch(session, ops, max_open_holds=self.max_open_holds)
        except Exception as exc:
            if len(batch) == 1:
                _resolve(batch[0], exc)
                return
            # The database refused one of them (a rule it enforces): find it by halves, in
            # order, so the others still go through.
            half = len(batch) // 2
            await self._run(batch[:half])
            await self._run(batch[half:])
            return
        for pending, outcome in zip(batch, outcomes, strict=True):
            _resolve(pending, outcome)

    async def wait_idle(self) -> None:
        """Until every queued operation is applied (for shutdown and tests)."""
        while self._drain is not None:
            await asyncio.gather(self._drain, return_exceptions=True)


def _resolve(pending: _Pending, outcome: Outcome | BaseException) -> None:
    if pending.future.done():  # its caller went away (cancelled)
        return
    if isinstance(outcome, BaseException):
        pending.future.set_exception(outcome)
    else:
        pending.future.set_result(outcome)
