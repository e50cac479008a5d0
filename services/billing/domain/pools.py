"""Sub-organizations' credit pools (issue 15 finding 6; seed 001's agency decision): a
sub-organization, at any depth, spends its top-level ancestor's credits (the ledger routes
its holds, settlements and grants there: `ledger.transaction`), gets no allocation or
welcome bonus of its own, and its parent's owners may cap what it spends in a UTC month.

Here: the caps, set, changed or cleared by the parent's owners (`billing.manage` on the
parent), and what each child spent this month (charges and open holds), for the parent
(`billing.view` on it: each direct child) and, in its balance, for the child itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from keel.billing.v1 import events_pb2
from keel_runtime import authz, events, paging
from keel_runtime import context as request_context
from keel_runtime.db import Database
from keel_runtime.errors import NotFound
from services.billing.data import pools as rows
from services.billing.data.ledger import LedgerStore
from services.billing.domain.money import text

log = logging.getLogger("keel.billing.pools")


@dataclass(frozen=True)
class ChildMonth:
    """A direct child's cap and month, as its parent sees it."""

    org_id: uuid.UUID
    parent_org_id: uuid.UUID
    monthly_cap: Decimal | None
    spent: Decimal
    since: datetime
    set_by: str | None
    updated_at: datetime | None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.monthly_cap is None else self.monthly_cap - self.spent


def not_a_child(parent: uuid.UUID, child: uuid.UUID) -> NotFound:
    return NotFound(
        f"organization {child} is not a sub-organization of {parent}",
        reason="SUB_ORGANIZATION_NOT_FOUND",
        metadata={"org_id": str(parent), "child_org_id": str(child)},
    )


def _caller() -> str:
    """Who changes a cap, as recorded: the user, else `api_key:<id>`, else the service."""
    caller = request_context.current()
    if caller.api_key_id:
        return f"api_key:{caller.api_key_id}"
    if caller.user_id:
        return caller.user_id
    return f"service:{caller.service_principal}"


async def _months(
    session: AsyncSession, parent: uuid.UUID, found: list[rows.ChildRow], now: datetime
) -> list[ChildMonth]:
    since = rows.month_start(now)
    spent = await rows.spending(session, [c.org_id for c in found], since)
    return [
        ChildMonth(
            c.org_id, parent, c.monthly_cap, spent[c.org_id].spent, since, c.set_by, c.updated_at
        )
        for c in found
    ]


async def parentage_known(database: Database, org_id: uuid.UUID, wait_seconds: float) -> None:
    """Before a hold of an organization whose account was opened before identity's
    `organization.created` arrived (its first billing call came first): wait for that
    event, at most `wait_seconds`, so that a new sub-organization's holds go to its pool
    rather than spend the free allocation its own account was opened with. Each look is a
    short transaction of its own: no pooled connection waits. Past the wait (identity's
    events delayed) the hold goes ahead on what billing knows then."""
    if rows.settled(org_id):  # the hot path: from memory, after an organization's first hold
        return
    deadline = time.monotonic() + wait_seconds
    waited = False
    while True:
        async with database.unit_of_work() as session:
            if not await rows.awaiting_parentage(session, org_id):
                return
        if not waited:
            log.info("a hold of %s waits for identity's organization.created", org_id)
            waited = True
        if time.monotonic() >= deadline:
            log.warning("no organization.created for %s yet: its hold goes ahead", org_id)
            return
        await asyncio.sleep(0.05)


def _sort_key(child: rows.ChildRow) -> list[str]:
    assert child.created_at is not None  # identity's event always says when
    return [child.created_at.isoformat(), str(child.org_id)]


async def children(
    session: AsyncSession, parent: uuid.UUID, page: paging.PageRequest, now: datetime | None = None
) -> paging.Page[ChildMonth]:
    """A page of the parent's direct sub-organizations, oldest first, with their caps and
    months."""
    await authz.require(str(parent), "billing.view")
    cursor = page.cursor(paging.timestamp, paging.uuid_text)
    after = (datetime.fromisoformat(cursor[0]), uuid.UUID(cursor[1])) if cursor else None
    found = await rows.children(session, parent, after=after, limit=page.size + 1)
    result = page.result(found, _sort_key)
    months = await _months(session, parent, result.items, now or datetime.now(UTC))
    return paging.Page(months, result.next_page_token)


async def set_cap(
    session: AsyncSession, parent: uuid.UUID, child: uuid.UUID, cap: Decimal | None
) -> ChildMonth:
    """Set (None: clear) the monthly cap of the parent's direct child `child`. The pool's
    account is locked first, as a hold's batch locks it: a change and a hold of the child
    apply one after the other (a hold sees the cap before or after, never half of it)."""
    await authz.require(str(parent), "billing.manage")
    found = await rows.children(session, parent, only=child)
    if not found:
        raise not_a_child(parent, child)
    pool = await rows.pool(child, session)
    await LedgerStore(session).lock_accounts([pool.account])
    who = _caller()
    before = await rows.set_cap(session, parent, child, cap, who)
    if before != cap:
        payload = events_pb2.ChildSpendingCapChanged(
            parent_org_id=str(parent),
            child_org_id=str(child),
            previous_cap=text(before) if before is not None else "",
            monthly_cap=text(cap) if cap is not None else "",
            changed_by=who,
        )
        await events.publish(
            session, source="billing", type="child_spending_cap.changed", payload=payload,
            org_id=str(parent),
        )  # fmt: skip
    (changed,) = await rows.children(session, parent, only=child)
    (month,) = await _months(session, parent, [changed], datetime.now(UTC))
    return month
