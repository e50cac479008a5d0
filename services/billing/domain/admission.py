"""A run's admission (PlanService.AdmitRun): everything an agent run's start asks billing,
in one call, and its undoing (WithdrawRun) when the answer never reached the caller.

A start used to ask three times (CheckLimit for the month's runs and the hourly rate,
CheckAIAccess for the model, Reserve for the hold): three RPCs, three authorizations,
three reads of the organization, two trips to Redis — billing's share of a start was
~3.7 ms of CPU (`bench/README.md`, runs). Here: one authorization, one read
(`data.plans.AdmissionStates`), one trip to Redis for every rate, and the hold in the
ledger's batch.

Refusals are the errors the three calls gave, checked in this order: the month's runs,
the subscription's status, the plan (capability, quality level or model), the credits
one model call needs, the rates (the hourly runs and the model's per-minute and per-day
requests, all or nothing: a refused rate counts none), the hold.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime import authz
from keel_runtime.errors import FailedPrecondition, KeelError
from keel_runtime.rate_limits import RateLimiter
from services.billing.config import BillingConfig
from services.billing.data.plans import AccessState, AdmissionState
from services.billing.data.pools import month_start
from services.billing.domain import accounts, ledger, plans, usage
from services.billing.domain.catalog import (
    AccessRule,
    Catalog,
    CatalogSource,
    ModelView,
    PlanView,
    today,
)

AGENT_RUN = "agent_run"
INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS"
OPEN_HOLDS_LIMIT_EXCEEDED = "OPEN_HOLDS_LIMIT_EXCEEDED"
# Refusals of a hold that leave nothing held.
_NO_HOLD = frozenset({OPEN_HOLDS_LIMIT_EXCEEDED, ledger.CHILD_SPENDING_CAP_EXCEEDED})


@dataclass(frozen=True)
class RunAsk:
    org_id: uuid.UUID
    # The agent's model: a quality level's name, else a model's id.
    quality: str | None
    model_id: str | None
    # The hold: this amount, else `held_model_calls` times one call's estimate.
    hold_amount: Decimal | None
    held_model_calls: int
    hold_key: str
    hold_ttl: timedelta


@dataclass(frozen=True)
class Admitted:
    plan: PlanView
    # The run's model first, then its fallbacks in order.
    models: tuple[ModelView, ...]
    credits_per_call: Decimal
    reservation_id: uuid.UUID
    held: Decimal


class Holds(Protocol):
    """The ledger, for the caller's holds."""

    async def reserve(
        self, org_id: uuid.UUID, key: str, amount: Decimal, ttl: timedelta
    ) -> uuid.UUID: ...

    async def release(self, org_id: uuid.UUID, reservation_id: uuid.UUID) -> None: ...


class States(Protocol):
    async def state(self, org_id: uuid.UUID) -> AdmissionState | None: ...


async def _no_wait(org_id: uuid.UUID) -> None:
    return None


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    config: BillingConfig
    limiter: RateLimiter
    catalog: CatalogSource
    states: States
    holds: Holds
    # Waits, before anything is read, for identity's word on whose child an organization
    # opened by its first call is (`pools.parentage_known`): its hold may go to a pool.
    parentage: Callable[[uuid.UUID], Awaitable[None]] = _no_wait


async def admit_run(ctx: Context, ask: RunAsk) -> Admitted:
    await authz.require(str(ask.org_id), "agents.run")
    await ctx.parentage(ask.org_id)
    catalog = await ctx.catalog()
    state = await _state(ctx, ask.org_id)
    plan = catalog.plan(state.access.plan_tier)
    month = usage.LimitUse(usage.MONTHLY_RUNS, state.runs_this_period, plan.monthly_run_limit)
    if month.limit is not None and month.used + 1 > month.limit:
        raise usage.over_limit(catalog, plan, ask.org_id, month, 1)
    day = today()
    rule = _rule(catalog, state.access, ask, day)
    models = _models(catalog, rule, ask.model_id, day)
    per_call = catalog.estimated_credits(AGENT_RUN, rule.quality)
    short = ledger.refusal(state.access.spendable, state.access.cap_left, per_call)
    if short == INSUFFICIENT_CREDITS:
        why = plans.short_of_credits(short, per_call, state.access)
        raise _refused(rule.quality, plan.tier, INSUFFICIENT_CREDITS, why)
    if short is not None:  # a sub-organization's cap short of one call
        raise ledger.over_cap(per_call, _month(ask.org_id, state.access))
    await _count_rates(ctx.limiter, catalog, plan, rule, ask.org_id)
    held = _held(ask, per_call)
    reservation = await ctx.holds.reserve(ask.org_id, ask.hold_key, held, ask.hold_ttl)
    return Admitted(plan, models, per_call, reservation, held)


async def withdraw_run(ctx: Context, ask: RunAsk) -> None:
    """The hold `ask` made released, or made and released at once when not made yet (the
    ledger answers the same hold for the same key and amount, so that a late admission
    finds it released). Nothing to do when the admission would be refused by the plan."""
    await authz.require(str(ask.org_id), "agents.run")
    catalog = await ctx.catalog()
    state = await ctx.states.state(ask.org_id)
    if state is None:
        return  # no account: nothing was ever held
    try:
        rule = _rule(catalog, state.access, ask, today())
        held = _held(ask, catalog.estimated_credits(AGENT_RUN, rule.quality))
        reservation = await ctx.holds.reserve(ask.org_id, ask.hold_key, held, ask.hold_ttl)
    except KeelError as refused:
        if isinstance(refused, FailedPrecondition) or refused.reason in _NO_HOLD:
            return  # not in the plan, not covered, or too many holds: no hold was made
        raise
    await ctx.holds.release(ask.org_id, reservation)


async def _state(ctx: Context, org_id: uuid.UUID) -> AdmissionState:
    found = await ctx.states.state(org_id)
    if found is None:  # the organization's first call: open its account (and its pool's)
        await accounts.ensure_pool(ctx.session, ctx.config, org_id)
        found = await ctx.states.state(org_id)
        assert found is not None
    return found


def _month(org_id: uuid.UUID, state: AccessState) -> ledger.ChildSpendingView:
    """A sub-organization's month as its state has it."""
    since = month_start(datetime.now(UTC))
    spent = state.spent or Decimal(0)
    return ledger.ChildSpendingView(org_id, state.cap_parent, state.monthly_cap, spent, since)


def _held(ask: RunAsk, per_call: Decimal) -> Decimal:
    return ask.hold_amount if ask.hold_amount is not None else per_call * ask.held_model_calls


def _rule(catalog: Catalog, state: AccessState, ask: RunAsk, day: date) -> AccessRule:
    """The plan's rule for the run's model (a retired one named: its replacement's), or the
    plan's refusal."""
    tier = state.plan_tier
    if state.status in plans.INACTIVE_STATUSES:
        raise _refused(
            ask.quality or "", tier, "SUBSCRIPTION_INACTIVE",
            f"the subscription is {state.status}; renew it or update the payment method",
        )  # fmt: skip
    if ask.model_id is None:
        assert ask.quality is not None
        rule = catalog.rule(tier, AGENT_RUN, ask.quality)
        if rule is None:
            raise _not_in_plan(catalog, tier, ask.quality)
        return rule
    wanted = catalog.current(ask.model_id, day)
    for rule in catalog.rules(tier):
        if rule.capability == AGENT_RUN and any(m.id == wanted for m in rule.available(day)):
            return rule
    raise FailedPrecondition(
        f"the plan does not include the model {ask.model_id} for agent runs",
        reason="MODEL_NOT_IN_PLAN",
        metadata={"capability": AGENT_RUN, "model": ask.model_id, "plan": tier},
    )


def _not_in_plan(catalog: Catalog, tier: str, quality: str) -> KeelError:
    answer = plans.not_in_plan(tier, catalog, AGENT_RUN, quality)
    return _refused(quality, tier, answer.reason, answer.message, answer.upgrade_to or "")


def _refused(
    quality: str, tier: str, reason: str, message: str, upgrade_to: str = ""
) -> FailedPrecondition:
    return FailedPrecondition(
        message,
        reason=reason,
        metadata={"capability": AGENT_RUN, "quality": quality, "plan": tier,
                  "upgrade_to": upgrade_to},
    )  # fmt: skip


async def _count_rates(
    limiter: RateLimiter, catalog: Catalog, plan: PlanView, rule: AccessRule, org_id: uuid.UUID
) -> None:
    """The hourly runs and the model's requests, in one trip to Redis, all or nothing."""
    limits, _ = plans.rate_limits(org_id, rule)
    hourly = plan.hourly_run_limit
    if hourly is not None:
        limits = [usage.hourly_runs(org_id, plan), *limits]
    if not limits:
        return
    decision = await limiter.hit(limits)
    if decision.allowed:
        return
    if hourly is not None and decision.remaining[0] < 1:
        raise usage.run_rate_reached(
            catalog, plan, org_id, decision.retry_after_seconds, hourly - decision.remaining[0]
        )
    offset = 1 if hourly is not None else 0  # the model's own limits
    model_only = dataclasses.replace(decision, remaining=decision.remaining[offset:])
    raise plans.rate_limited(org_id, rule, plan.tier, limits[offset:], model_only)


def _models(
    catalog: Catalog, rule: AccessRule, model_id: str | None, day: date
) -> tuple[ModelView, ...]:
    """The run's model first, then its fallbacks: never a retired one."""
    models = rule.available(day)
    if not models:
        why = plans.no_model(rule.plan_tier, AGENT_RUN, rule.quality)
        raise _refused(rule.quality, rule.plan_tier, plans.NO_MODEL_AVAILABLE, why)
    if model_id is None:
        return models
    wanted = catalog.current(model_id, day)
    chosen = next(m for m in models if m.id == wanted)
    return (chosen, *(m for m in models if m.id != wanted))


def ledger_holds(
    submit: Callable[[uuid.UUID, ledger.Op], Awaitable[ledger.Outcome]], owner: ledger.Owner
) -> Holds:
    """`Holds` on the ledger, owned by `owner` (billing's api gives its `_submit`)."""
    return _LedgerHolds(submit, owner)


@dataclass(frozen=True)
class _LedgerHolds:
    submit: Callable[[uuid.UUID, ledger.Op], Awaitable[ledger.Outcome]]
    owner: ledger.Owner

    async def reserve(
        self, org_id: uuid.UUID, key: str, amount: Decimal, ttl: timedelta
    ) -> uuid.UUID:
        outcome = await self.submit(
            org_id, ledger.Reserve(key, amount, ttl, {"purpose": "agent_run"}, owner=self.owner)
        )
        assert outcome.reservation is not None
        return outcome.reservation.id

    async def release(self, org_id: uuid.UUID, reservation_id: uuid.UUID) -> None:
        await self.submit(
            org_id,
            ledger.Release(f"release:{reservation_id}", reservation_id, owner=self.owner),
        )
