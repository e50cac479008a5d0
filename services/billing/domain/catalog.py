"""The plan catalog: plans, AI capabilities, quality levels, LLM models, what each plan
allows, and credit packages. It is seed data written by a migration, read once per process
(`data.plans.catalog`) and kept in memory: these are its records and lookups.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from services.billing.domain.money import credits


@dataclass(frozen=True)
class PlanView:
    """One plan of the catalog. None for a limit: unlimited."""

    tier: str
    rank: int
    name: str
    currency: str
    monthly_price_minor: int
    custom_pricing: bool
    agent_limit: int | None
    monthly_run_limit: int | None
    hourly_run_limit: int | None
    monthly_credits: Decimal | None
    features: tuple[str, ...]
    concurrent_run_limit: int | None = None


@dataclass(frozen=True)
class ModelView:
    id: str
    provider: str
    quality: str
    input_usd_per_million_tokens: Decimal
    output_usd_per_million_tokens: Decimal


@dataclass(frozen=True)
class CapabilityView:
    name: str
    base_credits: Decimal
    description: str


@dataclass(frozen=True)
class QualityView:
    name: str
    rank: int
    credit_multiplier: Decimal


@dataclass(frozen=True)
class AccessRule:
    """What one plan allows for one capability at one quality level."""

    plan_tier: str
    capability: str
    quality: str
    # None: unlimited.
    requests_per_minute: int | None
    requests_per_day: int | None
    # By priority: the first is the default, the rest are fallbacks.
    models: tuple[ModelView, ...]


@dataclass(frozen=True)
class PackageView:
    id: str
    name: str
    credits: Decimal
    currency: str
    price_minor: int
    sort_order: int


@dataclass(frozen=True)
class Catalog:
    # Cheapest first (by rank).
    plans: tuple[PlanView, ...]
    capabilities: Mapping[str, CapabilityView]
    qualities: Mapping[str, QualityView]
    access: Mapping[tuple[str, str, str], AccessRule]
    # Active ones, in sort order.
    packages: tuple[PackageView, ...]

    def plan(self, tier: str) -> PlanView:
        plan = self.find_plan(tier)
        if plan is None:
            raise LookupError(f"no plan {tier!r} in the catalog")
        return plan

    def find_plan(self, tier: str) -> PlanView | None:
        return next((plan for plan in self.plans if plan.tier == tier), None)

    def rule(self, tier: str, capability: str, quality: str) -> AccessRule | None:
        return self.access.get((tier, capability, quality))

    def rules(self, tier: str) -> list[AccessRule]:
        """What the plan allows, by capability then quality level (fast first)."""
        found = [rule for key, rule in self.access.items() if key[0] == tier]
        return sorted(found, key=lambda r: (r.capability, self.qualities[r.quality].rank))

    def estimated_credits(self, capability: str, quality: str) -> Decimal:
        """Credits one request is estimated to cost: base cost x quality multiplier."""
        base = self.capabilities[capability].base_credits
        return credits(base * self.qualities[quality].credit_multiplier)

    def smallest_plan_allowing(self, capability: str, quality: str) -> PlanView | None:
        for plan in self.plans:
            if (plan.tier, capability, quality) in self.access:
                return plan
        return None


class CatalogCache:
    """The catalog of this process, loaded on first use (one load even when concurrent)."""

    def __init__(self) -> None:
        self._catalog: Catalog | None = None
        self._lock = asyncio.Lock()

    async def get(self, load: Callable[[], Awaitable[Catalog]]) -> Catalog:
        if self._catalog is None:
            async with self._lock:
                if self._catalog is None:
                    self._catalog = await load()
        return self._catalog

    def clear(self) -> None:
        self._catalog = None


# The catalog, loaded on demand (from memory after the first call of the process).
CatalogSource = Callable[[], Awaitable[Catalog]]
