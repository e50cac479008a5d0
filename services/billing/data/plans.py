"""The plan catalog in the database: seed data, read whole and cached once per process."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime import db
from services.billing.data import pools
from services.billing.data.models import (
    capabilities,
    credit_packages,
    llm_models,
    plan_capabilities,
    plan_capability_models,
    plans,
    quality_levels,
)
from services.billing.domain.catalog import (
    AccessRule,
    CapabilityView,
    Catalog,
    CatalogCache,
    ModelView,
    PackageView,
    PlanView,
    QualityView,
)

_PLANS = select(plans).order_by(plans.c.rank)
_CAPABILITIES = select(capabilities)
_QUALITIES = select(quality_levels)
_MODELS = select(llm_models)
_ACCESS = select(plan_capabilities)
_ACCESS_MODELS = select(plan_capability_models).order_by(plan_capability_models.c.priority)
_PACKAGES = (
    select(credit_packages)
    .where(credit_packages.c.active)
    .order_by(credit_packages.c.sort_order, credit_packages.c.id)
)

# A sub-organization's cap, its parent and what it spent this month (NULLs: no cap, or not
# a child): its charges since :since and its open holds (`data.pools`).
_CAP = f"""
LEFT JOIN LATERAL (
  SELECT c.monthly_cap, c.parent_org_id,
    {pools.SPENT_BY.format(child="c.child_org_id")} AS spent
  FROM child_spending_caps c WHERE c.child_org_id = s.org_id AND s.org_id <> a.org_id
) cap ON true"""

# CheckAIAccess's one query, compiled once (read-only RPC: straight on asyncpg): the
# organization's plan and status, its pool's spendable balance as the ledger defines it
# (BalanceView.pool_spendable: balance - reserved + overdraft limit; the pool is the
# organization's own account unless it is a sub-organization) and what is left of its cap.
_ACCESS_STATE = db.Query(
    sa.text(f"""
SELECT s.plan_tier, s.status, a.balance - a.reserved + a.overdraft_limit AS spendable,
  cap.monthly_cap, cap.spent, cap.parent_org_id
FROM subscriptions s JOIN credit_accounts a ON a.org_id = :pool_id {_CAP}
WHERE s.org_id = :org_id""")
)

# The one catalog of this process (billing's seed data changes only with a migration,
# which comes with a new release and so a new process).
CACHE = CatalogCache()


async def catalog(session: AsyncSession) -> Catalog:
    """The catalog, from memory after the first call of the process."""
    return await CACHE.get(lambda: load(session))


async def load(session: AsyncSession) -> Catalog:
    """Read the whole catalog: seven small queries."""
    plan_rows = (await session.execute(_PLANS)).mappings().all()
    models = {
        row["id"]: ModelView(
            id=row["id"],
            provider=row["provider"],
            quality=row["quality"],
            input_usd_per_million_tokens=row["input_usd_per_million_tokens"],
            output_usd_per_million_tokens=row["output_usd_per_million_tokens"],
            display_name=row["display_name"],
            context_window_tokens=row["context_window_tokens"],
            active=row["active"],
            deprecation_date=row["deprecation_date"],
            replacement_id=row["replacement_model_id"],
        )
        for row in (await session.execute(_MODELS)).mappings()
    }
    by_rule: defaultdict[tuple[str, str, str], list[ModelView]] = defaultdict(list)
    for row in (await session.execute(_ACCESS_MODELS)).mappings():
        key = (row["plan_tier"], row["capability"], row["quality"])
        by_rule[key].append(models[row["model_id"]])
    access = {}
    for row in (await session.execute(_ACCESS)).mappings():
        key = (row["plan_tier"], row["capability"], row["quality"])
        access[key] = AccessRule(
            plan_tier=key[0],
            capability=key[1],
            quality=key[2],
            requests_per_minute=row["requests_per_minute"],
            requests_per_day=row["requests_per_day"],
            models=tuple(by_rule[key]),
        )
    return Catalog(
        plans=tuple(_plan(row) for row in plan_rows),
        capabilities={
            row["name"]: CapabilityView(row["name"], row["base_credits"], row["description"])
            for row in (await session.execute(_CAPABILITIES)).mappings()
        },
        qualities={
            row["name"]: QualityView(row["name"], row["rank"], row["credit_multiplier"])
            for row in (await session.execute(_QUALITIES)).mappings()
        },
        access=access,
        models=models,
        packages=tuple(
            PackageView(
                id=row["id"],
                name=row["name"],
                credits=row["credits"],
                currency=row["currency"],
                price_minor=row["price_minor"],
                sort_order=row["sort_order"],
            )
            for row in (await session.execute(_PACKAGES)).mappings()
        ),
    )


def _plan(row: object) -> PlanView:
    values = dict(row)  # type: ignore[call-overload]
    return PlanView(
        tier=values["tier"],
        rank=values["rank"],
        name=values["name"],
        currency=values["currency"],
        monthly_price_minor=values["monthly_price_minor"],
        custom_pricing=values["custom_pricing"],
        agent_limit=values["agent_limit"],
        monthly_run_limit=values["monthly_run_limit"],
        hourly_run_limit=values["hourly_run_limit"],
        monthly_credits=values["monthly_credits"],
        features=tuple(values["features"] or ()),
        concurrent_run_limit=values["concurrent_run_limit"],
        welcome_bonus_credits=values["welcome_bonus_credits"],
    )


@dataclass(frozen=True)
class AccessState:
    """What CheckAIAccess needs of an organization: its plan, status, its pool's spendable
    credits and, for a sub-organization with a cap, what is left of it this month (UTC)."""

    plan_tier: str
    status: str
    spendable: Decimal
    # A sub-organization's cap (None: none), what it spent this month, who set the cap.
    monthly_cap: Decimal | None = None
    spent: Decimal | None = None
    cap_parent: uuid.UUID | None = None

    @property
    def cap_left(self) -> Decimal | None:
        if self.monthly_cap is None:
            return None
        return self.monthly_cap - (self.spent or 0)


async def _pool_params(org_id: uuid.UUID) -> dict[str, object]:
    pool = await pools.pool(org_id)
    since = pools.month_start(datetime.now(UTC))
    return {"org_id": org_id, "pool_id": pool.account, "since": since}


class AccessStates:
    """Organizations' plan, status and spendable credits, for CheckAIAccess."""

    async def state(self, org_id: uuid.UUID) -> AccessState | None:
        row = await db.fetchrow(_ACCESS_STATE, **await _pool_params(org_id))
        return AccessState(*row) if row is not None else None


# What a run's admission reads, in one statement: AccessState's columns and the runs
# counted in the subscription's current period (its UTC days, as `usage.check_limit`).
_ADMISSION_STATE = db.Query(
    sa.text(f"""
SELECT s.plan_tier, s.status, a.balance - a.reserved + a.overdraft_limit AS spendable,
  cap.monthly_cap, cap.spent, cap.parent_org_id,
  (SELECT coalesce(sum(u.runs), 0) FROM usage_days u
   WHERE u.org_id = s.org_id
     AND u.day >= CAST(s.current_period_start AT TIME ZONE 'UTC' AS date)
     AND u.day < greatest(CAST(s.current_period_end AT TIME ZONE 'UTC' AS date),
                          CAST(s.current_period_start AT TIME ZONE 'UTC' AS date) + 1))
FROM subscriptions s JOIN credit_accounts a ON a.org_id = :pool_id {_CAP}
WHERE s.org_id = :org_id""")
)


@dataclass(frozen=True)
class AdmissionState:
    """What a run's admission needs of an organization."""

    access: AccessState
    runs_this_period: int


class AdmissionStates:
    async def state(self, org_id: uuid.UUID) -> AdmissionState | None:
        """None when the organization has no account yet."""
        row = await db.fetchrow(_ADMISSION_STATE, **await _pool_params(org_id))
        if row is None:
            return None
        return AdmissionState(AccessState(*row[:6]), int(row[6]))
