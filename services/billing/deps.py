"""What billing's handlers share in one server, built once at start (see app.py)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from keel_runtime.db import Database
from keel_runtime.rate_limits import RateLimiter
from services.billing.config import BillingConfig
from services.billing.data import stripe_client
from services.billing.data.agents import AgentInsights
from services.billing.data.stripe_client import StripeApi
from services.billing.domain.ledger import Ledger


@dataclass
class Deps:
    config: BillingConfig
    database: Database
    redis: Redis
    ledger: Ledger
    rate_limiter: RateLimiter
    # None when no Stripe API key is configured (checkout and portal then refuse).
    stripe: StripeApi | None
    # The agents service's figures of an organization's agents (the usage dashboard's).
    insights: AgentInsights = field(default_factory=AgentInsights)
    # Loops that run as long as the server (API modules add theirs in `register`).
    tasks: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)

    @classmethod
    def build(cls, config: BillingConfig, database: Database, redis: Redis) -> Deps:
        return cls(
            config=config,
            database=database,
            redis=redis,
            ledger=Ledger(database, max_open_holds=config.max_open_holds),
            rate_limiter=RateLimiter(redis, fail_open=config.rate_limit_fail_open),
            stripe=stripe_client.connect(config),
        )
