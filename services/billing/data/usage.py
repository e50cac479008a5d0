"""Usage counters in the database: per organization and UTC day (usage_days), the current
number of agents (usage_agents), the idempotency keys already counted (usage_records), the
threshold alerts already sent (usage_alerts), and — read only — the credits consumed, from
the ledger's transactions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.data.models import (
    credit_transactions,
    usage_agents,
    usage_alerts,
    usage_days,
    usage_records,
)
from services.billing.domain.usage import DayCounts

_ZERO = Decimal(0)
_COUNTERS = ("agents_created", "runs", "input_tokens", "output_tokens", "cost_usd")

_SUMS = sa.select(
    *(sa.func.coalesce(sa.func.sum(usage_days.c[name]), 0).label(name) for name in _COUNTERS)
).where(
    usage_days.c.org_id == sa.bindparam("org_id"),
    usage_days.c.day >= sa.bindparam("first_day"),
    usage_days.c.day < sa.bindparam("end_day"),
)
_DAYS = (
    sa.select(usage_days)
    .where(
        usage_days.c.org_id == sa.bindparam("org_id"),
        usage_days.c.day >= sa.bindparam("first_day"),
        usage_days.c.day < sa.bindparam("end_day"),
    )
    .order_by(usage_days.c.day)
)
_RUNS = sa.select(sa.func.coalesce(sa.func.sum(usage_days.c.runs), 0)).where(
    usage_days.c.org_id == sa.bindparam("org_id"),
    usage_days.c.day >= sa.bindparam("first_day"),
    usage_days.c.day < sa.bindparam("end_day"),
)
_AGENTS = sa.select(usage_agents.c.agents).where(usage_agents.c.org_id == sa.bindparam("org_id"))
# An organization's consumption: its account's (a pool's: its children's too), and what it
# consumed on its pool (a sub-organization).
_CONSUMED_WHERE = (
    sa.or_(
        credit_transactions.c.org_id == sa.bindparam("org_id"),
        credit_transactions.c.spent_by_org_id == sa.bindparam("org_id"),
    ),
    credit_transactions.c.type == "ai_consumption",
    credit_transactions.c.created_at >= sa.bindparam("since"),
    credit_transactions.c.created_at < sa.bindparam("until"),
)
# Consumption transactions carry negative amounts: consumed = -sum.
_CONSUMED = sa.select(sa.func.coalesce(-sa.func.sum(credit_transactions.c.amount), 0)).where(
    *_CONSUMED_WHERE
)
_UTC_DAY = sa.cast(sa.func.timezone("UTC", credit_transactions.c.created_at), sa.Date)
_CONSUMED_BY_DAY = (
    sa.select(_UTC_DAY.label("day"), (-sa.func.sum(credit_transactions.c.amount)).label("consumed"))
    .where(*_CONSUMED_WHERE)
    .group_by(_UTC_DAY)
)


class UsageStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def sums(self, org_id: uuid.UUID, first_day: date, end_day: date) -> DayCounts:
        """The counters summed over the days [first_day, end_day)."""
        row = (
            await self.session.execute(
                _SUMS, {"org_id": org_id, "first_day": first_day, "end_day": end_day}
            )
        ).one()
        return DayCounts(
            agents_created=int(row.agents_created),
            runs=int(row.runs),
            input_tokens=int(row.input_tokens),
            output_tokens=int(row.output_tokens),
            cost_usd=Decimal(row.cost_usd),
        )

    async def days(
        self, org_id: uuid.UUID, first_day: date, end_day: date
    ) -> dict[date, DayCounts]:
        """Each day of [first_day, end_day) with counters (days without any are left out)."""
        rows = await self.session.execute(
            _DAYS, {"org_id": org_id, "first_day": first_day, "end_day": end_day}
        )
        return {
            row.day: DayCounts(
                agents_created=row.agents_created,
                runs=row.runs,
                input_tokens=row.input_tokens,
                output_tokens=row.output_tokens,
                cost_usd=row.cost_usd,
            )
            for row in rows
        }

    async def runs(self, org_id: uuid.UUID, first_day: date, end_day: date) -> int:
        params = {"org_id": org_id, "first_day": first_day, "end_day": end_day}
        return int((await self.session.execute(_RUNS, params)).scalar_one())

    async def agents(self, org_id: uuid.UUID) -> int:
        found = (await self.session.execute(_AGENTS, {"org_id": org_id})).scalar_one_or_none()
        return int(found or 0)

    async def credits_consumed(
        self, org_id: uuid.UUID, since: datetime, until: datetime
    ) -> Decimal:
        params = {"org_id": org_id, "since": since, "until": until}
        return Decimal((await self.session.execute(_CONSUMED, params)).scalar_one())

    async def credits_consumed_by_day(
        self, org_id: uuid.UUID, since: datetime, until: datetime
    ) -> dict[date, Decimal]:
        params = {"org_id": org_id, "since": since, "until": until}
        rows = await self.session.execute(_CONSUMED_BY_DAY, params)
        return {row.day: Decimal(row.consumed) for row in rows}

    async def claim(self, org_id: uuid.UUID, idempotency_key: str) -> bool:
        """Mark the key as counted; False when it already was (count nothing then).

        A concurrent call with the same key waits here for the first one's transaction and
        then finds the key taken.
        """
        claimed = await self.session.execute(
            insert(usage_records)
            .values(org_id=org_id, idempotency_key=idempotency_key)
            .on_conflict_do_nothing()
            .returning(usage_records.c.org_id)
        )
        return claimed.first() is not None

    async def lock(self, org_id: uuid.UUID) -> None:
        """Serialize the organization's usage reports until the transaction ends.

        Reports of the same day already queue on their usage_days row; this also orders
        reports of different days (a late one, `occurred_at` in the past), so each sees the
        others' counts and no threshold crossing goes unnoticed between two of them.
        """
        key = sa.func.hashtextextended(f"billing.usage:{org_id}", 0)
        await self.session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))

    async def add_day(self, org_id: uuid.UUID, day: date, counts: DayCounts) -> None:
        values = {
            "agents_created": counts.agents_created,
            "runs": counts.runs,
            "input_tokens": counts.input_tokens,
            "output_tokens": counts.output_tokens,
            "cost_usd": counts.cost_usd,
        }
        statement = insert(usage_days).values(org_id=org_id, day=day, **values)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[usage_days.c.org_id, usage_days.c.day],
                set_={name: usage_days.c[name] + statement.excluded[name] for name in values},
            )
        )

    async def add_agents(self, org_id: uuid.UUID, delta: int) -> int:
        """Move the organization's agent count by `delta` (never below zero); the new count."""
        statement = insert(usage_agents).values(org_id=org_id, agents=max(0, delta))
        result = await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[usage_agents.c.org_id],
                set_={"agents": sa.func.greatest(0, usage_agents.c.agents + delta)},
            ).returning(usage_agents.c.agents)
        )
        return int(result.scalar_one())

    async def claim_alert(
        self, org_id: uuid.UUID, period_start: datetime, limit_kind: str, threshold: int
    ) -> bool:
        """Record that this alert was sent; False when it already had been this period."""
        claimed = await self.session.execute(
            insert(usage_alerts)
            .values(
                org_id=org_id,
                period_start=period_start,
                limit_kind=limit_kind,
                threshold_percent=threshold,
            )
            .on_conflict_do_nothing()
            .returning(usage_alerts.c.org_id)
        )
        return claimed.first() is not None
