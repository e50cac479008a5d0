"""The ledger's SQL: the accounts of a batch locked in one statement (in org id order, so
concurrent batches never deadlock), the rows the batch touches read in one query per table
for all its organizations, and every write sent as one statement per table (unnest)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.data.models import (
    credit_accounts,
    credit_buckets,
    credit_reservations,
    credit_transactions,
    idempotency_keys,
)

Row = sa.Row[Any]

# The batch's statements, built once: a batch sends about a dozen, and building a statement
# (and its cache key) for each cost more of billing's CPU than the round trips themselves.
# Lists are bound as one array (`= ANY(:ids)`): the statement's text stays the same whatever
# the batch's size, so PostgreSQL's prepared statement is reused.
_accounts, _buckets = credit_accounts.c, credit_buckets.c
_keys, _reservations = idempotency_keys.c, credit_reservations.c


def _any(column: sa.ColumnElement[Any], name: str, item: sa.types.TypeEngine[Any]) -> Any:
    return column == sa.any_(sa.bindparam(name, type_=ARRAY(item)))


_UUIDS = UUID(as_uuid=True)
_ACCOUNT = sa.select(credit_accounts).where(_accounts.org_id == sa.bindparam("org_id"))
# ORDER BY under FOR UPDATE: the rows are locked in org id order, one after the other.
_LOCK_ACCOUNTS = (
    sa.select(*(c for c in credit_accounts.c if c.name != "updated_at"))
    .where(_any(_accounts.org_id, "org_ids", _UUIDS))
    .order_by(_accounts.org_id)
    .with_for_update()
)
_BUCKETS = sa.select(
    _buckets.id,
    _buckets.org_id,
    _buckets.kind,
    _buckets.remaining,
    _buckets.expires_at,
    _buckets.created_at,
).where(
    _any(_buckets.org_id, "org_ids", _UUIDS),
    sa.or_(_buckets.remaining != 0, _buckets.kind == "monthly"),
)
# Each (org, owner, key) looked up on its own (LATERAL … LIMIT 1: one probe of the primary
# key each); `org_id = ANY(…) AND key = ANY(…)` would probe every combination, or the table
# itself once the batch's organizations hold much of it.
_TEXTS = ARRAY(sa.Text())
_WANTED_KEYS = (
    sa.func.unnest(
        sa.bindparam("org_ids", type_=ARRAY(_UUIDS)),
        sa.bindparam("owner_kinds", type_=_TEXTS),
        sa.bindparam("owner_ids", type_=_TEXTS),
        sa.bindparam("keys", type_=_TEXTS),
    )
    .table_valued("org_id", "owner_kind", "owner_id", "key")
    .render_derived(name="wanted")
)
_FOUND_KEY = (
    sa.select(
        _keys.org_id, _keys.owner_kind, _keys.owner_id, _keys.key, _keys.request_hash,
        _keys.result_id,
    )
    .where(
        _keys.org_id == _WANTED_KEYS.c.org_id,
        _keys.owner_kind == _WANTED_KEYS.c.owner_kind,
        _keys.owner_id == _WANTED_KEYS.c.owner_id,
        _keys.key == _WANTED_KEYS.c.key,
    )
    .limit(sa.literal_column("1"))
    .lateral("found")
)  # fmt: skip
_IDEMPOTENCY = sa.select(_FOUND_KEY).select_from(_WANTED_KEYS.join(_FOUND_KEY, sa.true()))
_RESERVATIONS = sa.select(credit_reservations).where(_any(_reservations.id, "ids", _UUIDS))
_OPEN_HOLDS = (
    sa.select(_reservations.org_id, sa.func.count().label("open"))
    .where(_any(_reservations.org_id, "org_ids", _UUIDS), _reservations.status == "held")
    .group_by(_reservations.org_id)
)
_TRANSACTIONS = sa.select(credit_transactions).where(_any(credit_transactions.c.id, "ids", _UUIDS))


# Many rows in one statement with one set of parameters, an array per column (unnest): to
# bind and send, a batch of 50 rows costs about what one row does (executemany binds each).
def _columns(table: sa.Table, names: tuple[str, ...]) -> Any:
    arrays = (sa.bindparam(f"b_{n}", type_=ARRAY(table.c[n].type)) for n in names)
    return sa.func.unnest(*arrays).table_valued(*names).render_derived(name="v")


@functools.cache
def _insert_rows(table: sa.Table, names: tuple[str, ...]) -> sa.Insert:
    rows = _columns(table, names)
    return table.insert().from_select(names, sa.select(*(rows.c[n] for n in names)))


@functools.cache
def _update_rows(table: sa.Table, key: str, names: tuple[str, ...]) -> sa.Update:
    """Set columns `names` of the rows found by `key`; and `updated_at`, if the table has it.

    `key = ANY(…)` finds the rows by their index whatever the plan: a prepared statement's
    generic plan cannot see how many rows unnest gives and, joining only on it, would scan
    the whole table once the table is large enough."""
    rows = _columns(table, (key, *names))
    values: dict[str, Any] = {n: rows.c[n] for n in names}
    if "updated_at" in table.c:
        values["updated_at"] = sa.func.now()
    found = _any(table.c[key], f"b_{key}", table.c[key].type)
    return table.update().where(found, table.c[key] == rows.c[key]).values(values)


def _arrays(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    return {f"b_{n}": [row[n] for row in rows] for n in names}


class LedgerStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_account(
        self, org_id: uuid.UUID, period_start: datetime, period_end: datetime
    ) -> bool:
        """Create the account and its monthly bucket; False when it already existed."""
        created = await self.session.execute(
            insert(credit_accounts)
            .values(org_id=org_id, period_start=period_start, period_end=period_end)
            .on_conflict_do_nothing()
            .returning(credit_accounts.c.org_id)
        )
        if created.first() is None:
            return False
        await self.session.execute(
            credit_buckets.insert().values(
                id=uuid.uuid4(),
                org_id=org_id,
                kind="monthly",
                burn_order=1,
                remaining=Decimal(0),
                expires_at=period_end,
            )
        )
        return True

    async def account(self, org_id: uuid.UUID) -> Row | None:
        return (await self.session.execute(_ACCOUNT, {"org_id": org_id})).first()

    async def lock_accounts(self, org_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Row]:
        """Lock the accounts of `org_ids` for this transaction, in org id order; the ones
        that exist, by org id."""
        rows = await self.session.execute(_LOCK_ACCOUNTS, {"org_ids": list(org_ids)})
        return {row.org_id: row for row in rows}

    async def buckets(self, org_ids: Collection[uuid.UUID]) -> Sequence[Row]:
        """The buckets that hold something, and the monthly ones (which may be empty)."""
        return (await self.session.execute(_BUCKETS, {"org_ids": list(org_ids)})).all()

    async def idempotency(
        self, wanted: Collection[tuple[uuid.UUID, str, str, str]]
    ) -> dict[tuple[uuid.UUID, str, str, str], Row]:
        """The stored keys among `wanted` (org id, owner kind, owner id, key)."""
        orgs, kinds, owners, keys = zip(*wanted, strict=True) if wanted else ((), (), (), ())
        params = {
            "org_ids": list(orgs), "owner_kinds": list(kinds), "owner_ids": list(owners),
            "keys": list(keys),
        }  # fmt: skip
        rows = await self.session.execute(_IDEMPOTENCY, params)
        return {(row.org_id, row.owner_kind, row.owner_id, row.key): row for row in rows}

    async def reservations(self, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Row]:
        """By id, whichever organization they belong to: the caller checks."""
        rows = await self.session.execute(_RESERVATIONS, {"ids": list(ids)})
        return {row.id: row for row in rows}

    async def open_holds_for(self, child: uuid.UUID) -> int:
        """How many holds are open on its pool for the sub-organization `child`."""
        c = credit_reservations.c
        query = sa.select(sa.func.count()).where(c.spent_by_org_id == child, c.status == "held")
        return int((await self.session.execute(query)).scalar_one())

    async def open_holds(self, org_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """How many holds each of `org_ids` has open (held, also past their expiry until the
        sweeper ends them); an organization without any is left out. Read after the lock:
        every hold of these organizations made before it is counted."""
        rows = await self.session.execute(_OPEN_HOLDS, {"org_ids": list(org_ids)})
        return {row.org_id: row.open for row in rows}

    async def transactions(self, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Row]:
        """By id, whichever organization they belong to: the caller checks."""
        rows = await self.session.execute(_TRANSACTIONS, {"ids": list(ids)})
        return {row.id: row for row in rows}

    # --- writes of one batch, every organization of it at once --------------------------

    async def insert(self, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert `rows` (all with the same columns) in one statement."""
        if rows:
            names = tuple(rows[0])
            await self.session.execute(_insert_rows(table, names), _arrays(rows, names))

    async def update(self, table: sa.Table, key: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Set the other columns of `rows` (all with the same) on the rows of the same `key`,
        in one statement."""
        if rows:
            names = tuple(n for n in rows[0] if n != key)
            statement = _update_rows(table, key, names)
            await self.session.execute(statement, _arrays(rows, (key, *names)))

    # --- reads for the API --------------------------------------------------------------

    async def reservation(self, org_id: uuid.UUID, reservation_id: uuid.UUID) -> Row | None:
        found = (await self.reservations([reservation_id])).get(reservation_id)
        return found if found is not None and found.org_id == org_id else None

    async def list_transactions(
        self,
        org_id: uuid.UUID,
        *,
        spent_by: bool = False,
        types: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        before_seq: int | None,
        limit: int,
    ) -> Sequence[Row]:
        """Newest first, keyset-paged on `seq`: the account's, or with `spent_by` those made
        for the sub-organization `org_id` on its pool."""
        c = credit_transactions.c
        mine = c.spent_by_org_id == org_id if spent_by else c.org_id == org_id
        query = sa.select(credit_transactions).where(mine)
        if types:
            query = query.where(c.type.in_(list(types)))
        if since is not None:
            query = query.where(c.created_at >= since)
        if until is not None:
            query = query.where(c.created_at < until)
        if before_seq is not None:
            query = query.where(c.seq < before_seq)
        return (await self.session.execute(query.order_by(c.seq.desc()).limit(limit))).all()

    async def due_reservations(self, now: datetime, limit: int) -> Sequence[Row]:
        """Holds past their expiry, at most `limit`, the organizations taking turns: every
        one's earliest first, then every one's second, and so on (the earliest first within
        a turn). One organization's flood of expiring holds waits behind the others' holds,
        not they behind it."""
        c = credit_reservations.c
        due = sa.and_(c.status == "held", c.expires_at <= now)
        orgs = sa.select(c.org_id).where(due).distinct().subquery("orgs")
        turn = sa.func.row_number().over(order_by=c.expires_at).label("turn")
        # Per organization: its earliest holds due, by the index of its open holds.
        earliest = (
            sa.select(c.org_id, c.id, c.expires_at, turn)
            .where(c.org_id == orgs.c.org_id, due)
            .order_by(c.expires_at)
            .limit(limit)
            .lateral("earliest")
        )
        query = (
            sa.select(earliest.c.org_id, earliest.c.id)
            .select_from(orgs.join(earliest, sa.true()))
            .order_by(earliest.c.turn, earliest.c.expires_at)
            .limit(limit)
        )
        return (await self.session.execute(query)).all()

    async def orgs_with_expired_buckets(self, now: datetime, limit: int) -> list[uuid.UUID]:
        c = credit_buckets.c
        query = (
            sa.select(c.org_id)
            .where(c.expires_at <= now, c.remaining > 0, c.kind != "monthly")
            .distinct()
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars())
