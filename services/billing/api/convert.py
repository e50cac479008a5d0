"""Domain values ↔ protobuf, shared by billing's handlers: enums (plan tier,
capability, quality level, limit kind), money and the catalog's messages."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from keel.billing.v1 import plans_pb2, usage_pb2
from services.billing.domain.accounts import tier_enum as tier
from services.billing.domain.money import text
from services.billing.domain.plans import AccessRule, ModelView, PackageView, PlanView


def money(amount_minor: int, currency: str = "usd") -> plans_pb2.Money:
    return plans_pb2.Money(currency=currency, amount_minor=amount_minor)


_TIERS = {
    name: cast(plans_pb2.PlanTier, plans_pb2.PlanTier.Value(f"PLAN_TIER_{name.upper()}"))
    for name in ("free", "pro", "team", "enterprise")
}
_CAPABILITIES = {
    name: cast(plans_pb2.Capability, plans_pb2.Capability.Value(f"CAPABILITY_{name.upper()}"))
    for name in ("question_generation", "testimonial_assembly", "testimonial_polish", "agent_run")
}
_QUALITIES = {
    name: cast(
        plans_pb2.QualityLevel, plans_pb2.QualityLevel.Value(f"QUALITY_LEVEL_{name.upper()}")
    )
    for name in ("fast", "enhanced", "premium")
}
_TIER_NAMES: dict[int, str] = {value: name for name, value in _TIERS.items()}
_CAPABILITY_NAMES: dict[int, str] = {value: name for name, value in _CAPABILITIES.items()}
_QUALITY_NAMES: dict[int, str] = {value: name for name, value in _QUALITIES.items()}


def tier_name(value: int) -> str:
    """PLAN_TIER_PRO → `pro`; KeyError for UNSPECIFIED (refused by validation first)."""
    return _TIER_NAMES[value]


def capability(value: str) -> plans_pb2.Capability:
    return _CAPABILITIES.get(value, plans_pb2.CAPABILITY_UNSPECIFIED)


def capability_name(value: int) -> str:
    return _CAPABILITY_NAMES[value]


def quality(value: str) -> plans_pb2.QualityLevel:
    return _QUALITIES.get(value, plans_pb2.QUALITY_LEVEL_UNSPECIFIED)


def quality_name(value: int) -> str:
    return _QUALITY_NAMES[value]


def plan(value: PlanView) -> plans_pb2.Plan:
    result = plans_pb2.Plan(
        tier=tier(value.tier),
        name=value.name,
        monthly_price=money(value.monthly_price_minor, value.currency),
        custom_pricing=value.custom_pricing,
        features=list(value.features),
    )
    if value.agent_limit is not None:
        result.agent_limit = value.agent_limit
    if value.monthly_run_limit is not None:
        result.monthly_run_limit = value.monthly_run_limit
    if value.hourly_run_limit is not None:
        result.hourly_run_limit = value.hourly_run_limit
    if value.monthly_credits is not None:
        result.monthly_credits = text(value.monthly_credits)
    return result


def model(value: ModelView) -> plans_pb2.Model:
    return plans_pb2.Model(
        id=value.id,
        provider=value.provider,
        tier=quality(value.quality),
        input_usd_per_million_tokens=text(value.input_usd_per_million_tokens),
        output_usd_per_million_tokens=text(value.output_usd_per_million_tokens),
    )


def package(value: PackageView) -> plans_pb2.CreditPackage:
    return plans_pb2.CreditPackage(
        id=value.id,
        name=value.name,
        credits=text(value.credits),
        price=money(value.price_minor, value.currency),
    )


def capability_access(value: AccessRule, estimate: Decimal) -> plans_pb2.CapabilityAccess:
    result = plans_pb2.CapabilityAccess(
        capability=capability(value.capability),
        quality=quality(value.quality),
        models=[model(m) for m in value.models],
        estimated_credits=text(estimate),
    )
    if value.requests_per_minute is not None:
        result.requests_per_minute = value.requests_per_minute
    if value.requests_per_day is not None:
        result.requests_per_day = value.requests_per_day
    return result


_LIMIT_KINDS: dict[str, usage_pb2.LimitKind] = {
    "agents": usage_pb2.LIMIT_KIND_AGENTS,
    "monthly_runs": usage_pb2.LIMIT_KIND_MONTHLY_RUNS,
}
_LIMIT_KIND_NAMES: dict[int, str] = {value: name for name, value in _LIMIT_KINDS.items()}


def limit_kind(value: str) -> usage_pb2.LimitKind:
    return _LIMIT_KINDS.get(value, usage_pb2.LIMIT_KIND_UNSPECIFIED)


def limit_kind_name(value: int) -> str:
    return _LIMIT_KIND_NAMES[value]
