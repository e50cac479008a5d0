"""Domain values ↔ protobuf, shared by billing's handlers: enums (one `EnumNames` each),
money and the catalog's messages."""

from __future__ import annotations

from decimal import Decimal

from google.type import date_pb2

from keel.billing.v1 import plans_pb2, usage_pb2
from keel_runtime.convert import EnumNames
from services.billing.domain.accounts import TIERS
from services.billing.domain.catalog import (
    AccessRule,
    AICatalog,
    ModelView,
    PackageView,
    PlanView,
)
from services.billing.domain.money import text


def money(amount_minor: int, currency: str = "usd") -> plans_pb2.Money:
    return plans_pb2.Money(currency=currency, amount_minor=amount_minor)


CAPABILITIES = EnumNames(plans_pb2.Capability, "CAPABILITY_")
QUALITIES = EnumNames(plans_pb2.QualityLevel, "QUALITY_LEVEL_")
LIMIT_KINDS = EnumNames(usage_pb2.LimitKind, "LIMIT_KIND_")
tier = TIERS.value
tier_name = TIERS.name
capability = CAPABILITIES.value
capability_name = CAPABILITIES.name
quality = QUALITIES.value
quality_name = QUALITIES.name
limit_kind = LIMIT_KINDS.value
limit_kind_name = LIMIT_KINDS.name


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
    if value.concurrent_run_limit is not None:
        result.concurrent_run_limit = value.concurrent_run_limit
    if value.monthly_credits is not None:
        result.monthly_credits = text(value.monthly_credits)
    return result


def model(value: ModelView) -> plans_pb2.Model:
    result = plans_pb2.Model(
        id=value.id,
        provider=value.provider,
        tier=quality(value.quality),
        input_usd_per_million_tokens=text(value.input_usd_per_million_tokens),
        output_usd_per_million_tokens=text(value.output_usd_per_million_tokens),
        display_name=value.display_name,
        context_window_tokens=value.context_window_tokens,
        active=value.active,
        replacement_model_id=value.replacement_id or "",
    )
    if (day := value.deprecation_date) is not None:
        result.deprecation_date.CopyFrom(date_pb2.Date(year=day.year, month=day.month, day=day.day))
    return result


def ai_catalog(value: AICatalog) -> plans_pb2.GetAICatalogResponse:
    return plans_pb2.GetAICatalogResponse(
        capabilities=[
            plans_pb2.CapabilityInfo(
                capability=capability(c.name),
                description=c.description,
                base_credits=text(c.base_credits),
            )
            for c in value.capabilities
        ],
        quality_levels=[
            plans_pb2.QualityLevelInfo(
                quality=quality(offer.level.name),
                credit_multiplier=text(offer.level.credit_multiplier),
                model_ids=[m.id for m in offer.models],
            )
            for offer in value.qualities
        ],
        models=[model(m) for m in value.models],
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
