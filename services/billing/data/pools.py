"""SQL of the credit pools (migration 0011): which account an organization spends from
(its top-level ancestor's, from what identity said of each organization's parent:
`organizations`), the caps parents set on their children (`child_spending_caps`) and what
a child spent in a UTC month.

An organization's ancestry never changes once identity said it (organizations are not
moved), so a resolved pool is kept in memory for the process; an organization billing has
not heard of yet (its `organization.created` still on its way) is its own pool until it has.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Column, DateTime, Numeric, Table, Text
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime import db
from services.billing.data.models import metadata, subscriptions
from services.billing.data.organizations import organizations
from services.billing.data.subscriptions import deleted

child_spending_caps = Table(
    "child_spending_caps",
    metadata,
    Column("child_org_id", UUID(as_uuid=True), primary_key=True),
    Column("parent_org_id", UUID(as_uuid=True)),
    Column("monthly_cap", Numeric(18, 4, asdecimal=True)),
    Column("set_by", Text),
    Column("updated_at", DateTime(timezone=True)),
)

# Deeper than any organization tree identity makes (one level today): a bound on a cycle.
MAX_DEPTH = 16


@dataclass(frozen=True)
class Pool:
    """Where an organization's credits come from: `account` is the top-level ancestor's
    (the organization itself when it is top-level); `parent` its direct parent (None for a
    top-level organization)."""

    org_id: uuid.UUID
    account: uuid.UUID
    parent: uuid.UUID | None

    @property
    def child(self) -> bool:
        return self.account != self.org_id


# Each organization's ancestors, up to the highest billing knows: the last row per
# organization names its top-level ancestor (parent NULL) or, while an ancestor's
# `organization.created` is still on its way, the highest one known (its parent).
_POOLS = db.Query(
    sa.text(f"""
WITH RECURSIVE up(org_id, parent, node, node_parent, depth) AS (
  SELECT o.org_id, o.parent_org_id, o.org_id, o.parent_org_id, 0
  FROM organizations o WHERE o.org_id = ANY(:org_ids)
  UNION ALL
  SELECT up.org_id, up.parent, p.org_id, p.parent_org_id, up.depth + 1
  FROM up JOIN organizations p ON p.org_id = up.node_parent
  WHERE up.depth < {MAX_DEPTH}
)
SELECT DISTINCT ON (org_id) org_id, parent, node, node_parent FROM up
ORDER BY org_id, depth DESC""")
)

_KNOWN: dict[uuid.UUID, Pool] = {}
# Organizations whose account is not waiting for identity's word (`awaiting_parentage`).
_SETTLED: set[uuid.UUID] = set()
_KNOWN_MAX = 100_000


def _remember(pool: Pool) -> None:
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[pool.org_id] = pool


async def pools(
    org_ids: Collection[uuid.UUID], session: AsyncSession | None = None
) -> dict[uuid.UUID, Pool]:
    """The pool of each of `org_ids`: in `session` (a ledger batch's transaction), else
    in the RPC being served. Known pools come from memory."""
    found = {o: _KNOWN[o] for o in org_ids if o in _KNOWN}
    wanted = [o for o in org_ids if o not in found]
    if wanted:
        params = {"org_ids": wanted}
        rows: Sequence[Any]
        if session is not None:
            rows = (await session.execute(_POOLS.statement, params)).all()
        else:
            rows = await db.fetch(_POOLS, **params)
        for org_id, parent, node, node_parent in rows:
            # The whole way up known: the answer stays (organizations are not moved).
            top = node if node_parent is None else node_parent
            pool = Pool(org_id, top, parent)
            if node_parent is None:
                _remember(pool)
            found[org_id] = pool
    for org_id in wanted:
        found.setdefault(org_id, Pool(org_id, org_id, None))  # not heard of: its own
    return found


async def pool(org_id: uuid.UUID, session: AsyncSession | None = None) -> Pool:
    return (await pools([org_id], session))[org_id]


async def known(session: AsyncSession, org_id: uuid.UUID) -> bool:
    """Whether identity's `organization.created` of `org_id` has been applied."""
    if org_id in _KNOWN:
        return True
    query = sa.select(sa.exists().where(organizations.c.org_id == org_id))
    return bool((await session.execute(query)).scalar())


def settled(org_id: uuid.UUID) -> bool:
    """Whether the process knows the organization waits for nothing (`awaiting_parentage`
    answered no, or its pool is known): no query needed."""
    return org_id in _KNOWN or org_id in _SETTLED


async def awaiting_parentage(session: AsyncSession, org_id: uuid.UUID) -> bool:
    """Whether the organization's account was opened before billing heard of it and it
    still has not (a provisional account: `accounts.ensure_account`)."""
    if settled(org_id):
        return False
    s, o = subscriptions.c, organizations.c
    query = sa.select(sa.and_(s.provisional, ~sa.exists().where(o.org_id == org_id))).where(
        s.org_id == org_id
    )
    awaiting = (await session.execute(query)).scalar()
    if awaiting is False:  # an account is provisional only when opened: for good
        if len(_SETTLED) >= _KNOWN_MAX:
            _SETTLED.clear()
        _SETTLED.add(org_id)
    return bool(awaiting)


def month_start(moment: datetime) -> datetime:
    """The UTC month `moment` is in, from its first instant: what a child's cap counts."""
    moment = moment.astimezone(UTC)
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


# What a child spent in the month from :since: its charges then (settlements) and what its
# open holds take now, whenever they were made.
_SPENT_SQL = """
  (SELECT coalesce(-sum(t.amount), 0) FROM credit_transactions t
   WHERE t.spent_by_org_id = {child} AND t.type = 'ai_consumption' AND t.created_at >= :since)
  + (SELECT coalesce(sum(r.amount), 0) FROM credit_reservations r
     WHERE r.spent_by_org_id = {child} AND r.status = 'held')"""
SPENT_BY = _SPENT_SQL  # for the queries of other modules (`data.plans`)

_SPENDING = sa.text(f"""
SELECT w.child AS org_id, c.monthly_cap, c.parent_org_id AS cap_parent,
  {_SPENT_SQL.format(child="w.child")} AS spent
FROM unnest(CAST(:org_ids AS uuid[])) AS w(child)
LEFT JOIN child_spending_caps c ON c.child_org_id = w.child""")


@dataclass(frozen=True)
class Spending:
    """A child's month: its cap (None: none) and what it spent (charges and open holds)."""

    org_id: uuid.UUID
    monthly_cap: Decimal | None
    spent: Decimal


async def spending(
    session: AsyncSession, org_ids: Collection[uuid.UUID], since: datetime
) -> dict[uuid.UUID, Spending]:
    """Each child's cap and spending in the month from `since`. In a ledger batch, read
    after the pool's account is locked: every hold and charge made before is counted."""
    if not org_ids:
        return {}
    rows = await session.execute(_SPENDING, {"org_ids": list(org_ids), "since": since})
    return {row.org_id: Spending(row.org_id, row.monthly_cap, Decimal(row.spent)) for row in rows}


# --- caps ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRow:
    org_id: uuid.UUID
    monthly_cap: Decimal | None
    set_by: str | None
    updated_at: datetime | None
    created_at: datetime | None = None


async def children(
    session: AsyncSession,
    parent: uuid.UUID,
    only: uuid.UUID | None = None,
    *,
    after: tuple[datetime, uuid.UUID] | None = None,
    limit: int | None = None,
) -> list[ChildRow]:
    """The parent's direct children billing knows of (identity's `organization.created`),
    not deleted, oldest first (keyset-paged on creation and id), with their caps; with
    `only`, that child alone."""
    o, c = organizations.c, child_spending_caps.c
    query = (
        sa.select(o.org_id, c.monthly_cap, c.set_by, c.updated_at, o.created_at)
        .select_from(organizations.outerjoin(child_spending_caps, c.child_org_id == o.org_id))
        .where(o.parent_org_id == parent, ~deleted(o.org_id))
        .order_by(o.created_at, o.org_id)
    )
    if only is not None:
        query = query.where(o.org_id == only)
    if after is not None:
        last = sa.tuple_(
            sa.bindparam("after_at", after[0], type_=DateTime(timezone=True)),
            sa.bindparam("after_id", after[1], type_=UUID(as_uuid=True)),
        )
        query = query.where(sa.tuple_(o.created_at, o.org_id) > last)
    if limit is not None:
        query = query.limit(limit)
    return [ChildRow(*row) for row in (await session.execute(query)).all()]


async def set_cap(
    session: AsyncSession,
    parent: uuid.UUID,
    child: uuid.UUID,
    cap: Decimal | None,
    set_by: str,
) -> Decimal | None:
    """Set (None: clear) the child's cap; returns the cap it had. The child's row is
    locked until the transaction ends, so two changes of one cap apply one after the other."""
    c = child_spending_caps.c
    before = (
        await session.execute(
            sa.select(c.monthly_cap).where(c.child_org_id == child).with_for_update()
        )
    ).scalar()
    if cap is None:
        await session.execute(sa.delete(child_spending_caps).where(c.child_org_id == child))
        return before
    values: Mapping[str, Any] = {
        "parent_org_id": parent, "monthly_cap": cap, "set_by": set_by, "updated_at": sa.func.now(),
    }  # fmt: skip
    await session.execute(
        insert(child_spending_caps)
        .values(child_org_id=child, **values)
        .on_conflict_do_update(index_elements=[c.child_org_id], set_=dict(values))
    )
    return before
