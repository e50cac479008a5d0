"""The engine: batches of one organization's operations.

Within a replica, operations of the same organization that arrive together are applied as
one batch in one database transaction (group commit, as TigerBeetle batches transfers): one
lock, a few reads, one write per table and one commit for the whole batch. So a hot
organization is not held to one commit per operation, and its throughput grows with its
load; each operation's outcome is still its own (a refused reservation does not undo the
others of its batch).
"""

from __future__ import annotations

import asyncio
import uuid

from keel_runtime.db import Database
from keel_runtime.errors import KeelError
from services.billing.domain.ledger.operations import Op, Outcome
from services.billing.domain.ledger.transaction import apply

MAX_BATCH = 256


class Ledger:
    """Applies operations arriving at once for the same organization as one batch.

    While a batch of an organization commits, its next operations queue; they go together
    in the next batch. With one caller at a time a batch is one operation: no added wait.
    """

    def __init__(self, database: Database, *, max_batch: int = MAX_BATCH) -> None:
        self.database = database
        self.max_batch = max_batch
        self._queues: dict[uuid.UUID, list[tuple[Op, asyncio.Future[Outcome | KeelError]]]] = {}
        self._drains: set[asyncio.Task[None]] = set()

    async def submit(self, org_id: uuid.UUID, op: Op) -> Outcome:
        """Apply `op` (batched with others of the same organization); raises its refusal."""
        future: asyncio.Future[Outcome | KeelError] = asyncio.get_running_loop().create_future()
        queue = self._queues.get(org_id)
        if queue is None:
            self._queues[org_id] = [(op, future)]
            task = asyncio.create_task(self._drain(org_id))
            self._drains.add(task)
            task.add_done_callback(self._drains.discard)
        else:
            queue.append((op, future))
        outcome = await future
        if isinstance(outcome, KeelError):
            raise outcome
        return outcome

    async def _drain(self, org_id: uuid.UUID) -> None:
        queue = self._queues[org_id]
        try:
            while queue:
                batch = queue[: self.max_batch]
                del queue[: self.max_batch]
                await self._run(org_id, batch)
        finally:
            del self._queues[org_id]

    async def _run(
        self, org_id: uuid.UUID, batch: list[tuple[Op, asyncio.Future[Outcome | KeelError]]]
    ) -> None:
        try:
            async with self.database.sessions() as session, session.begin():
                outcomes = await apply(session, org_id, [op for op, _ in batch])
        except Exception as exc:
            if len(batch) > 1:
                # Find the operation the database refused: the others still go through.
                for item in batch:
                    await self._run(org_id, [item])
                return
            if not batch[0][1].done():
                batch[0][1].set_exception(exc)
            return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if not future.done():
                future.set_result(outcome)

    async def wait_idle(self) -> None:
        """Until every queued operation is applied (for shutdown and tests)."""
        while self._drains:
            await asyncio.gather(*list(self._drains), return_exceptions=True)
