"""Share links in agents's database (the domain's `Links`), and their visitors' rate limits
in Redis (`VisitorLimits`, the runtime's GCRA limiter).

Reads are statements compiled once (`db.Query`); writes go through the call's session.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from redis.asyncio import Redis

from keel_runtime import db
from keel_runtime.rate_limits import Limit, RateLimiter
from services.agents.domain.share_links import ShareLink

_COLUMNS = [f.name for f in ShareLink.__dataclass_fields__.values()]
_SELECT = ", ".join(_COLUMNS)
_OPEN = "deleted_at IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())"

_GET = db.Query(sa.text(f"SELECT {_SELECT} FROM share_links WHERE id = :id AND deleted_at IS NULL"))
_LIST_SQL = f"""
SELECT {_SELECT} FROM share_links
WHERE agent_id = CAST(:agent AS uuid) AND deleted_at IS NULL {{after}}
ORDER BY created_at DESC, id DESC
LIMIT CAST(:limit AS integer)
"""
_FIRST_PAGE = db.Query(sa.text(_LIST_SQL.format(after="")))
_NEXT_PAGE = db.Query(
    sa.text(
        _LIST_SQL.format(
            after="AND (created_at, id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS text))"
        )
    )
)
_IS_VISITOR_RUN = db.Query(
    sa.text(
        "SELECT 1 FROM share_link_runs WHERE run_id = CAST(:run AS uuid)"
        " AND share_link_id = :id AND token_hash = :hash"
    )
)

# What a new link is made of; the counters and times take their defaults.
_INSERTED = ["id", "org_id", "agent_id", "created_by", "created_by_api_key", "label", "greeting",
             "max_runs", "runs_per_minute", "visitor_runs_per_minute", "expires_at"]  # fmt: skip
_INSERT = sa.text(
    f"INSERT INTO share_links ({', '.join(_INSERTED)})"
    f" VALUES ({', '.join(':' + c for c in _INSERTED)}) RETURNING {_SELECT}"
)
# What an update may set (the domain's `Settings`).
_SETTABLE = frozenset(
    {"label", "greeting", "max_runs", "runs_per_minute", "visitor_runs_per_minute", "expires_at"}
)
_REVOKE = sa.text(
    "UPDATE share_links SET revoked_at = now(), updated_at = now()"
    f" WHERE id = :id AND deleted_at IS NULL RETURNING {_SELECT}"
)
_DELETE = sa.text("UPDATE share_links SET deleted_at = now(), updated_at = now() WHERE id = :id")
_VIEWED = sa.text(
    "UPDATE share_links SET view_count = view_count + 1, last_viewed_at = now() WHERE id = :id"
)
# The cap's check and its count in one statement: concurrent starts wait on the row.
_TAKE_RUN = sa.text(
    "UPDATE share_links SET run_count = run_count + 1, last_run_at = now()"
    f" WHERE id = :id AND {_OPEN} AND (max_runs IS NULL OR run_count < max_runs) RETURNING id"
)
_RECORD_RUN = sa.text(
    "INSERT INTO share_link_runs (run_id, share_link_id, token_hash)"
    " VALUES (CAST(:run AS uuid), :id, :hash)"
)


def _link(row: Any) -> ShareLink:
    return ShareLink(**dict(zip(_COLUMNS, row, strict=True)))


class ShareLinkRepository:
    async def insert(self, link: ShareLink) -> ShareLink:
        values = {c: getattr(link, c) for c in _INSERTED}
        return _link((await db.session().execute(_INSERT, values)).one())

    async def get(self, share_id: str) -> ShareLink | None:
        row = await db.fetchrow(_GET, id=share_id)
        return _link(row) if row is not None else None

    async def list_for_agent(
        self, agent_id: uuid.UUID, after: tuple[Any, ...] | None, limit: int
    ) -> list[ShareLink]:
        if after is None:
            rows = await db.fetch(_FIRST_PAGE, agent=str(agent_id), limit=limit)
        else:
            rows = await db.fetch(
                _NEXT_PAGE,
                agent=str(agent_id),
                after_at=datetime.fromisoformat(after[0]),
                after_id=after[1],
                limit=limit,
            )
        return [_link(r) for r in rows]

    async def update(self, share_id: str, fields: dict[str, Any]) -> ShareLink:
        assert fields and set(fields) <= _SETTABLE, fields
        assignments = ", ".join(f"{name} = :{name}" for name in sorted(fields))
        statement = sa.text(
            f"UPDATE share_links SET {assignments}, updated_at = now()"
            f" WHERE id = :id AND deleted_at IS NULL RETURNING {_SELECT}"
        )
        row = (await db.session().execute(statement, {**fields, "id": share_id})).one()
        return _link(row)

    async def revoke(self, share_id: str) -> ShareLink:
        return _link((await db.session().execute(_REVOKE, {"id": share_id})).one())

    async def delete(self, share_id: str) -> None:
        await db.session().execute(_DELETE, {"id": share_id})

    async def viewed(self, share_id: str) -> None:
        await db.session().execute(_VIEWED, {"id": share_id})

    async def take_run(self, share_id: str) -> bool:
        return (await db.session().execute(_TAKE_RUN, {"id": share_id})).first() is not None

    async def record_run(self, run_id: uuid.UUID, share_id: str, token_hash: bytes) -> None:
        await db.session().execute(
            _RECORD_RUN, {"run": str(run_id), "id": share_id, "hash": token_hash}
        )

    async def is_visitor_run(self, share_id: str, run_id: uuid.UUID, token_hash: bytes) -> bool:
        row = await db.fetchrow(_IS_VISITOR_RUN, run=str(run_id), id=share_id, hash=token_hash)
        return row is not None


class RedisVisitorLimits:
    """A link's runs per minute, and each visitor address's on it, checked together."""

    def __init__(self, redis: Redis) -> None:
        self.limiter = RateLimiter(redis, prefix="keel:agents:rate")

    async def hit(self, link: ShareLink, visitor: str) -> tuple[str, float] | None:
        limits = [
            Limit(f"share:{link.id}:visitor:{visitor}:minute", link.visitor_runs_per_minute, 60),
            Limit(f"share:{link.id}:minute", link.runs_per_minute, 60),
        ]
        decision = await self.limiter.hit(limits)
        if decision.allowed:
            return None
        # A refusing limit has nothing left; an allowing one at least this run.
        which = "visitor" if decision.remaining[0] == 0 else "link"
        return which, decision.retry_after_seconds
