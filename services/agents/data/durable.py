"""The durable runner's side that the service needs: DBOS's schema, and the enqueue.

The service process never imports `dbos` (its memory: `docs/durable-execution.md`): it
enqueues a run's workflow with DBOS's own SQL function, `dbos.enqueue_workflow`, in the
transaction that inserts the run, so the run exists exactly when its workflow does. The
workers (`services.agents.worker`) dequeue it.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from keel_runtime import db
from services.agents.domain.runs import Run

SCHEMA = "dbos"
WORKFLOW = "agent_run"
QUEUE = "runs"

_ENQUEUE = sa.text(
    "SELECT dbos.enqueue_workflow(:workflow, :queue, ARRAY[CAST(:run AS json)], workflow_id => :id)"
)


def plain_url(database_url: str) -> str:
    """The service's `postgresql+asyncpg://` URL as DBOS takes it (it picks psycopg)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


def migrate(database_url: str) -> None:
    """Create or upgrade DBOS's tables (schema `dbos`), after agents's own migrations."""
    from dbos import DBOS  # the worker's and the migration's only

    DBOS.migrate(plain_url(database_url), schema=SCHEMA)


class DurableQueue:
    """The domain's `Queue`: a run's workflow, id = the run's id (enqueued once)."""

    async def enqueue(self, run: Run) -> None:
        await db.session().execute(
            _ENQUEUE,
            {"workflow": WORKFLOW, "queue": QUEUE, "run": json.dumps(str(run.id)),
             "id": str(run.id)},
        )  # fmt: skip
