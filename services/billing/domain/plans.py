"""Plans and entitlements: what an organization's plan includes (GetEntitlements), and
whether it may use an AI capability right now (CheckAIAccess).

The plan catalog (`domain.catalog`) comes from memory. CheckAIAccess is on the path of
every AI request, so it must cost no more than the organization's own state: its
subscription and its balance, read together in one query (`data.plans.AccessStates`)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime import authz
from keel_runtime.errors import QuotaExceeded, QuotaViolation
from keel_runtime.rate_limits import Limit, RateDecision, RateLimiter
from services.billing.config import BillingConfig
from services.billing.data.plans import AccessState
from services.billing.domain import accounts, ledger
from services.billing.domain.catalog import (
    AccessRule,
    Catalog,
    CatalogSource,
    ModelView,
    PlanView,
    today,
)
from services.billing.domain.money import text

# Subscriptions in these states may not use AI at all until they are paid or renewed.
INACTIVE_STATUSES = frozenset({"canceled", "unpaid"})
NO_MODEL_AVAILABLE = "NO_MODEL_AVAILABLE"
MINUTE = 60
DAY = 86_400


class AccessStates(Protocol):
    async def state(self, org_id: uuid.UUID) -> AccessState | None:
        """None when the organization has no account yet."""
        ...


@dataclass(frozen=True)
class Entitlements:
    org_id: uuid.UUID
    plan: PlanView
    rules: list[AccessRule]
    estimates: dict[tuple[str, str], Decimal]


@dataclass(frozen=True)
class AccessAnswer:
    allowed: bool
    reason: str
    message: str
    models: tuple[ModelView, ...]
    estimated_credits: Decimal
    spendable_credits: Decimal
    balance_covers: bool
    plan: str
    upgrade_to: str | None
    # None: unlimited.
    remaining_per_minute: int | None
    remaining_per_day: int | None


async def entitlements(
    session: AsyncSession, config: BillingConfig, source: CatalogSource, org_id: uuid.UUID
) -> Entitlements:
    await authz.require(str(org_id), "billing.view")
    catalog = await source()
    subscription = await accounts.ensure_account(session, config, org_id)
    day = today()
    rules = [
        dataclasses.replace(r, models=r.available(day))
        for r in catalog.rules(subscription.plan_tier)
    ]
    return Entitlements(
        org_id=org_id,
        plan=catalog.plan(subscription.plan_tier),
        rules=rules,
        estimates={
            (r.capability, r.quality): catalog.estimated_credits(r.capability, r.quality)
            for r in rules
        },
    )


def rate_limits(org_id: uuid.UUID, rule: AccessRule) -> tuple[list[Limit], list[str]]:
    """The rule's per-minute and per-day limits (none when unlimited), and which is which."""
    limits, periods = [], []
    prefix = f"org:{org_id}:{rule.capability}"
    if rule.requests_per_minute is not None:
        limits.append(Limit(f"{prefix}:minute", rule.requests_per_minute, MINUTE))
        periods.append("minute")
    if rule.requests_per_day is not None:
        limits.append(Limit(f"{prefix}:day", rule.requests_per_day, DAY))
        periods.append("day")
    return limits, periods


async def check_ai_access(
    session: AsyncSession,
    config: BillingConfig,
    limiter: RateLimiter,
    source: CatalogSource,
    states: AccessStates,
    org_id: uuid.UUID,
    capability: str,
    quality: str,
    *,
    consume: bool,
) -> AccessAnswer:
    """One answer for one AI request; see plans.proto. Only a refused `consume` raises."""
    await authz.require(str(org_id), "agents.run")
    catalog = await source()
    state = await states.state(org_id) or await _provision(session, config, org_id)
    tier = state.plan_tier
    estimate = catalog.estimated_credits(capability, quality)
    short = ledger.refusal(state.spendable, state.cap_left, estimate)  # a hold's rule
    covers = short is None
    rule = catalog.rule(tier, capability, quality)
    answer = _Draft(tier, estimate, spendable_of(state), covers)
    if state.status in INACTIVE_STATUSES:
        return answer.refuse(
            "SUBSCRIPTION_INACTIVE",
            f"the subscription is {state.status}; renew it or update the payment method",
        )
    if rule is None:
        return _refuse_by_plan(answer, catalog, capability, quality)
    answer.models = rule.available(today())
    if not answer.models:
        return answer.refuse(NO_MODEL_AVAILABLE, no_model(tier, capability, quality))
    limits, periods = rate_limits(org_id, rule)
    if short is not None:
        decision = await limiter.peek(limits)
        answer.remaining(periods, decision)
        return answer.refuse(short, short_of_credits(short, estimate, state))
    if consume:
        decision = await limiter.hit(limits)
        if not decision.allowed:
            raise rate_limited(org_id, rule, tier, limits, decision)
    else:
        decision = await limiter.peek(limits)
    answer.remaining(periods, decision)
    if not decision.allowed:
        return answer.refuse(
            "RATE_LIMITED",
            f"the {tier} plan's request rate for {capability} is used up; "
            f"retry in {max(1, round(decision.retry_after_seconds))} s",
        )
    return answer.allow()


def spendable_of(state: AccessState) -> Decimal:
    """What a new hold may take: the pool's spendable, within what is left of a cap."""
    if state.cap_left is None:
        return state.spendable
    return min(state.spendable, state.cap_left)


def short_of_credits(reason: str, estimate: Decimal, state: AccessState) -> str:
    """Why `estimate` is not covered (`ledger.refusal`'s reason), in words."""
    if reason == ledger.CHILD_SPENDING_CAP_EXCEEDED:
        left = text(state.cap_left or Decimal(0))
        return (
            f"this needs about {text(estimate)} credits and {left} are left of this "
            "sub-organization's monthly cap; its parent's owners may raise it"
        )
    return (
        f"this needs about {text(estimate)} credits and {text(state.spendable)} are "
        "spendable; buy a credit package or upgrade the plan"
    )


async def _provision(
    session: AsyncSession, config: BillingConfig, org_id: uuid.UUID
) -> AccessState:
    """The first call for an organization: open its account (lazy provisioning), and its
    pool's for a sub-organization."""
    subscription = await accounts.ensure_pool(session, config, org_id)
    balance = await ledger.balance(session, org_id)
    child = balance.child
    return AccessState(
        subscription.plan_tier,
        subscription.status,
        balance.pool_spendable,
        child.monthly_cap if child is not None else None,
        child.spent if child is not None else None,
        child.parent_org_id if child is not None else None,
    )


def not_in_plan(tier: str, catalog: Catalog, capability: str, quality: str) -> AccessAnswer:
    """The plan's refusal of a capability, or of a quality level, it does not include."""
    nothing = Decimal(0)
    return _refuse_by_plan(_Draft(tier, nothing, nothing, False), catalog, capability, quality)


def _refuse_by_plan(
    answer: _Draft, catalog: Catalog, capability: str, quality: str
) -> AccessAnswer:
    upgrade = catalog.smallest_plan_allowing(capability, quality)
    answer.upgrade_to = upgrade.tier if upgrade else None
    hint = f"; upgrade to {upgrade.name}" if upgrade else ""
    if any(key[0] == answer.tier and key[1] == capability for key in catalog.access):
        return answer.refuse(
            "QUALITY_NOT_IN_PLAN",
            f"the {answer.tier} plan does not include {capability} at {quality} quality{hint}",
        )
    return answer.refuse(
        "CAPABILITY_NOT_IN_PLAN", f"the {answer.tier} plan does not include {capability}{hint}"
    )


def no_model(tier: str, capability: str, quality: str) -> str:
    """Why not, when every model the plan lists here is retired."""
    return (
        f"no model of the {tier} plan is available for {capability} at {quality} quality "
        "now; choose another quality level"
    )


def rate_limited(
    org_id: uuid.UUID,
    rule: AccessRule,
    tier: str,
    limits: Sequence[Limit],
    decision: RateDecision,
) -> QuotaExceeded:
    exhausted = [
        limit for limit, left in zip(limits, decision.remaining, strict=True) if left < 1
    ] or list(limits)
    per = {MINUTE: "minute", DAY: "day"}
    violations = [
        QuotaViolation(
            subject=f"org:{org_id}",
            description=f"{limit.limit} {rule.capability} requests per "
            f"{per.get(limit.period_seconds, f'{limit.period_seconds} s')} on the {tier} plan",
        )
        for limit in exhausted
    ]
    first = exhausted[0]
    return QuotaExceeded(
        f"rate limit reached: {violations[0].description}",
        reason="AI_RATE_LIMITED",
        metadata={
            "capability": rule.capability,
            "quality": rule.quality,
            "plan": tier,
            "limit": str(first.limit),
            "period": per.get(first.period_seconds, str(first.period_seconds)),
        },
        retry_after_seconds=decision.retry_after_seconds,
        quota_violations=violations,
    )


class _Draft:
    """An answer being put together: what is known about the request so far."""

    def __init__(self, tier: str, estimate: Decimal, spendable: Decimal, covers: bool) -> None:
        self.tier = tier
        self.estimate = estimate
        self.spendable = spendable
        self.covers = covers
        self.models: tuple[ModelView, ...] = ()
        self.upgrade_to: str | None = None
        self.per_minute: int | None = None
        self.per_day: int | None = None

    def remaining(self, periods: list[str], decision: RateDecision) -> None:
        left = dict(zip(periods, decision.remaining, strict=True))
        self.per_minute = left.get("minute")
        self.per_day = left.get("day")

    def refuse(self, reason: str, message: str) -> AccessAnswer:
        return self._answer(False, reason, message)

    def allow(self) -> AccessAnswer:
        return self._answer(True, "", "")

    def _answer(self, allowed: bool, reason: str, message: str) -> AccessAnswer:
        return AccessAnswer(
            allowed=allowed,
            reason=reason,
            message=message,
            models=self.models,
            estimated_credits=self.estimate,
            spendable_credits=self.spendable,
            balance_covers=self.covers,
            plan=self.tier,
            upgrade_to=self.upgrade_to,
            remaining_per_minute=self.per_minute,
            remaining_per_day=self.per_day,
        )
