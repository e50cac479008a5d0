"""The durable runner's side that the service needs: DBOS's schema, and the names of the
runs' workflow and queue.

The service process never imports `dbos` (its memory: `docs/durable-execution.md`): it
enqueues a run's workflow with DBOS's own SQL function, `dbos.enqueue_workflow`, in the
statement that inserts the run (`data.runs`), so the run exists exactly when its workflow
does. The workers (`services.agents.worker`) dequeue it.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url

SCHEMA = "dbos"
WORKFLOW = "agent_run"
QUEUE = "runs"


def plain_url(database_url: str) -> str:
    """The service's `postgresql+asyncpg://` URL as DBOS takes it (it picks psycopg)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


def migrate(database_url: str) -> None:
    """Create or upgrade DBOS's tables (schema `dbos`), after agents's own migrations."""
    from dbos import DBOS  # the worker's and the migration's only

    DBOS.migrate(plain_url(database_url), schema=SCHEMA)
