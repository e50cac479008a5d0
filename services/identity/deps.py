"""What identity's handlers share in one server, built once at start (see app.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from keel_runtime import authz
from keel_runtime.cache import FactCache
from keel_runtime.db import Database
from keel_runtime.rate_limits import RateLimiter
from keel_runtime.sealing import Sealer
from services.identity.config import IdentityConfig
from services.identity.data.facts import FACTS, Facts
from services.identity.domain.access import Access
from services.identity.domain.signing import KeyRing
from services.identity.security import Secrets


@dataclass
class Deps:
    config: IdentityConfig
    secrets: Secrets
    sealer: Sealer
    access: Access
    database: Database
    redis: Redis
    keys: KeyRing
    facts: Facts = FACTS
    # Loops that run as long as the server (API modules add theirs in `register`).
    tasks: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)

    @classmethod
    def build(cls, config: IdentityConfig, database: Database, redis: Redis) -> Deps:
        cache = authz.CHANGES.track(FactCache(config.authz_cache_seconds))
        secrets = Secrets(
            config.secret,
            password_memory_kib=config.password_hash_memory_kib,
            password_workers=config.password_hash_workers,
            password_queue=config.password_hash_queue,
        )
        return cls(
            config=config,
            secrets=secrets,
            sealer=Sealer(config.events_sealing_key),
            access=Access(cache),
            database=database,
            redis=redis,
            keys=KeyRing(database, secrets, config),
        )

    @functools.cached_property
    def signups(self) -> RateLimiter:
        """Sign-ups per client address and overall (domain/auth.py); fails closed, as the
        login throttle does."""
        return RateLimiter(self.redis, fail_open=False, prefix="keel:identity:signups")
