"""The plan catalog: plans, AI capabilities, quality levels, LLM models, what each plan
allows, and credit packages. It is seed data written by a migration, read once per process
(`data.plans.catalog`) and kept in memory: these are its records and lookups.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
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
    # Promotional credits a verified user's first organization gets on it (ADR-023).
    welcome_bonus_credits: Decimal | None = None


@dataclass(frozen=True)
class ModelView:
    id: str
    provider: str
    # The lowest quality level that lists it.
    quality: str
    input_usd_per_million_tokens: Decimal
    output_usd_per_million_tokens: Decimal
    display_name: str
    context_window_tokens: int
    active: bool
    # From this day (UTC) on, new runs get `replacement_id` instead. None: not announced.
    deprecation_date: date | None
    replacement_id: str | None

    def retired(self, today: date) -> bool:
        """Not for new runs: switched off, or its deprecation date has come."""
        return not self.active or (
            self.deprecation_date is not None and self.deprecation_date <= today
        )


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

    def available(self, today: date) -> tuple[ModelView, ...]:
        """The models a new request gets, by priority: the retired ones left out."""
        return tuple(m for m in self.models if not m.retired(today))


@dataclass(frozen=True)
class PackageView:
    id: str
    name: str
    credits: Decimal
    currency: str
    price_minor: int
    sort_order: int


@dataclass(frozen=True)
class QualityOffer:
    level: QualityView
    # What a new request at this level gets, by priority: the first is the default.
    models: tuple[ModelView, ...]


@dataclass(frozen=True)
class AICatalog:
    """What pricing pages show: capabilities, quality levels and the models on offer."""

    capabilities: tuple[CapabilityView, ...]
    # Fast first (by rank).
    qualities: tuple[QualityOffer, ...]
    # The active ones: by quality level, then priority.
    models: tuple[ModelView, ...]


@dataclass(frozen=True)
class Catalog:
    # Cheapest first (by rank).
    plans: tuple[PlanView, ...]
    capabilities: Mapping[str, CapabilityView]
    qualities: Mapping[str, QualityView]
    access: Mapping[tuple[str, str, str], AccessRule]
    # Active ones, in sort order.
    packages: tuple[PackageView, ...]
    # Every model by id, retired ones too (an agent may still name one).
    models: Mapping[str, ModelView]

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

    def current(self, model_id: str, today: date) -> str:
        """The model a new run naming `model_id` gets: itself, or while it is retired its
        replacement (in turn). An unknown id is answered as it is."""
        seen = {model_id}
        model = self.models.get(model_id)
        while model is not None and model.retired(today) and model.replacement_id:
            if model.replacement_id in seen:
                break
            seen.add(model.replacement_id)
            model_id, model = model.replacement_id, self.models.get(model.replacement_id)
        return model_id

    def ai_catalog(self, today: date) -> AICatalog:
        levels = sorted(self.qualities.values(), key=lambda q: q.rank)
        offers = tuple(QualityOffer(level, self._offered(level.name, today)) for level in levels)
        listed = [m.id for offer in offers for m in offer.models]
        rest = sorted(
            (m for m in self.models.values() if m.id not in listed), key=_by_quality(self)
        )
        return AICatalog(
            capabilities=tuple(sorted(self.capabilities.values(), key=lambda c: c.name)),
            qualities=offers,
            models=tuple(
                m for m in (*(self.models[i] for i in dict.fromkeys(listed)), *rest) if m.active
            ),
        )

    def _offered(self, quality: str, today: date) -> tuple[ModelView, ...]:
        """The models the plans list at `quality`, by priority (each once)."""
        ranked: dict[str, tuple[int, ModelView]] = {}
        for key, rule in self.access.items():
            if key[2] == quality:
                for priority, model in enumerate(rule.available(today)):
                    if priority < ranked.get(model.id, (priority + 1,))[0]:
                        ranked[model.id] = (priority, model)
        return tuple(model for _, model in sorted(ranked.values(), key=lambda r: (r[0], r[1].id)))

    def smallest_plan_allowing(self, capability: str, quality: str) -> PlanView | None:
        for plan in self.plans:
            if (plan.tier, capability, quality) in self.access:
                return plan
        return None


def today() -> date:
    """The day (UTC) deprecation dates are compared with."""
    return datetime.now(UTC).date()


def _by_quality(catalog: Catalog) -> Callable[[ModelView], tuple[int, str]]:
    return lambda m: (catalog.qualities[m.quality].rank, m.id)


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
