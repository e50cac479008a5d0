"""Template submissions in catalog's database (the domain's `Submissions`).

Reads are statements compiled once (`db.Query`); writes go through the call's session.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam, func, select, type_coerce
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from keel_runtime import db
from services.catalog.data.models import SubmissionRow
from services.catalog.domain.submissions import (
    APPROVED,
    PENDING,
    REJECTED,
    Filters,
    Review,
    Submission,
    pending_exists,
)

S = SubmissionRow
REVIEWED = (APPROVED, REJECTED)  # the states a review leads to (the row's reviewed_at)
# Arrays as asyncpg returns them (a list): SQLAlchemy's ARRAY processing is not needed.
_HEAD = (
    S.id, S.agent_id, S.agent_version, S.org_id, S.submitted_by, S.name, S.description,
    S.category, type_coerce(S.tags, sa.types.NullType()).label("tags"),
    type_coerce(S.use_cases, sa.types.NullType()).label("use_cases"),
)  # fmt: skip
_TAIL = (
    S.state, S.rejection_reason, S.reviewed_by, S.reviewed_at, S.template_id,
    S.template_version, S.created_at, S.updated_at,
)  # fmt: skip
_WITH_CONFIG = (*_HEAD, S.config, *_TAIL)
_GET_STATEMENT = select(*_WITH_CONFIG).where(S.id == bindparam("id"))
_GET = db.Query(_GET_STATEMENT)
_LOCK = db.Query(_GET_STATEMENT.with_for_update())
_PENDING = db.Query(select(S.id).where(S.agent_id == bindparam("agent_id"), S.state == PENDING))
_PUBLISHED = db.Query(
    select(S.template_id)
    .where(S.agent_id == bindparam("agent_id"), S.state == APPROVED)
    .order_by(S.reviewed_at.desc())
    .limit(1)
)
_COUNTS = db.Query(select(S.state, func.count()).group_by(S.state))
_LIST_SQL = """
SELECT id, agent_id, agent_version, org_id, submitted_by, name, description, category, tags,
       use_cases, state, rejection_reason, reviewed_by, reviewed_at, template_id,
       template_version, created_at, updated_at
FROM template_submissions
WHERE state = coalesce(CAST(:state AS text), state)
  AND org_id = coalesce(CAST(:org AS uuid), org_id)
  AND agent_id = coalesce(CAST(:agent AS uuid), agent_id)
  AND submitted_by = coalesce(CAST(:submitter AS uuid), submitted_by)
  AND category = coalesce(CAST(:category AS text), category)
  {after}
ORDER BY created_at DESC, id DESC
LIMIT CAST(:limit AS integer)
"""
_FIRST_PAGE = db.Query(sa.text(_LIST_SQL.format(after="")))
_NEXT_PAGE = db.Query(
    sa.text(
        _LIST_SQL.format(
            after="AND (created_at, id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))"
        )
    )
)


def _submission(row: Any, with_config: bool = True) -> Submission:
    head, rest = list(row[: len(_HEAD)]), list(row[len(_HEAD) :])
    config = rest.pop(0) if with_config else None
    head[8], head[9] = list(head[8]), list(head[9])
    return Submission(*head, config, *rest)  # type: ignore[call-arg]


class SubmissionRepository:
    """catalog's submissions in the RPC being served (`keel_runtime.db`)."""

    async def insert(self, submission: Submission) -> Submission:
        values = {
            "id": submission.id, "agent_id": submission.agent_id,
            "agent_version": submission.agent_version, "org_id": submission.org_id,
            "submitted_by": submission.submitted_by, "name": submission.name,
            "description": submission.description, "category": submission.category,
            "tags": submission.tags, "use_cases": submission.use_cases,
            "config": submission.config, "state": PENDING,
        }  # fmt: skip
        # A concurrent submit of the same agent waits on the index, then fails here.
        try:
            row = (
                await db.session().execute(insert(S).values(values).returning(*_WITH_CONFIG))
            ).one()
        except IntegrityError as exc:
            if "template_submissions_one_pending" in str(exc.orig):
                raise pending_exists(submission.agent_id) from None
            raise
        return _submission(row)

    async def pending_of(self, agent_id: uuid.UUID) -> uuid.UUID | None:
        row = await db.fetchrow(_PENDING, agent_id=agent_id)
        return row[0] if row is not None else None

    async def get(self, submission_id: uuid.UUID) -> Submission | None:
        row = await db.fetchrow(_GET, id=submission_id)
        return _submission(row) if row is not None else None

    async def lock(self, submission_id: uuid.UUID) -> Submission | None:
        row = await db.fetchrow(_LOCK, id=submission_id)
        return _submission(row) if row is not None else None

    async def list(
        self, filters: Filters, after: tuple[Any, ...] | None, limit: int
    ) -> list[Submission]:
        params: dict[str, Any] = {
            "state": filters.state,
            "org": filters.org_id,
            "agent": filters.agent_id,
            "submitter": filters.submitted_by,
            "category": filters.category,
            "limit": limit,
        }
        if after is None:
            rows = await db.fetch(_FIRST_PAGE, **params)
        else:
            at, after_id = after
            rows = await db.fetch(
                _NEXT_PAGE,
                **params,
                after_at=datetime.fromisoformat(at),
                after_id=uuid.UUID(after_id),
            )
        return [_submission(r, with_config=False) for r in rows]

    async def counts(self) -> dict[str, int]:
        return {state: int(n) for state, n in await db.fetch(_COUNTS)}

    async def record(self, submission_id: uuid.UUID, review: Review) -> Submission:
        values: dict[str, Any] = {
            "state": review.state,
            "reviewed_by": review.reviewed_by,
            "rejection_reason": review.rejection_reason,
            "template_id": review.template_id,
            "template_version": review.template_version,
            "updated_at": func.now(),
        }
        if review.state in REVIEWED:
            values["reviewed_at"] = func.now()
        row = (
            await db.session().execute(
                sa.update(S).where(S.id == submission_id).values(values).returning(*_WITH_CONFIG)
            )
        ).one()
        return _submission(row)

    async def published_template(self, agent_id: uuid.UUID) -> uuid.UUID | None:
        row = await db.fetchrow(_PUBLISHED, agent_id=agent_id)
        return row[0] if row is not None else None
