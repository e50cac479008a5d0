"""identity's settings: the shared service settings plus its own `KEEL_IDENTITY_*` ones."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from keel_runtime.config import Env, ServiceConfig, TokenAudience
from keel_runtime.sealing import SEALING_KEY

SECRET_MIN_LENGTH = 32


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("expected a positive integer")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("expected 0 or a positive integer")
    return value


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in {"true", "false", "1", "0"}:
        raise ValueError("expected true or false")
    return value in {"true", "1"}


def _secret(raw: str) -> str:
    if len(raw) < SECRET_MIN_LENGTH:
        raise ValueError(f"expected at least {SECRET_MIN_LENGTH} characters of random text")
    return raw


@dataclass(frozen=True)
class IdentityConfig(ServiceConfig):
    # The server secret: keys API-key hashes (HMAC) and encrypts signing keys at rest.
    # Required; `keel up` generates one under KEEL_HOME. Changing it invalidates every
    # API key and every stored signing key.
    secret: str = ""
    # Seals secrets carried by events (invitation tokens); messaging holds it too.
    events_sealing_key: str = ""
    tokens: TokenAudience = field(default_factory=TokenAudience)
    access_token_seconds: int = 900
    refresh_token_seconds: int = 30 * 24 * 3600
    # A new signing key is published this long before it signs: every gateway must have
    # fetched it first (at least the gateway's KEEL_GATEWAY_JWKS_CACHE_SECONDS, plus the
    # 10 s in which identity replicas reload their keys).
    key_publish_seconds: int = 600
    invitation_seconds: int = 7 * 24 * 3600
    # Failed logins of one account from one client address before each next attempt there
    # waits: `login_delay_seconds`, doubling per failure up to `login_max_delay_seconds`.
    # Other addresses are not slowed: an attacker cannot lock the account's owner out.
    login_failures_per_account: int = 5
    login_delay_seconds: int = 1
    login_max_delay_seconds: int = 900
    # Failed logins of one client address over every account, per window; failures are
    # forgotten a window after the last one.
    login_failures_per_address: int = 30
    login_window_seconds: int = 900
    # Sign-ups per client address per hour, and of everyone together per minute: each
    # costs a password hash (and hands out a free account).
    signups_per_address_per_hour: int = 10
    signups_per_minute: int = 300
    # argon2id memory cost; RFC 9106's second recommendation (64 MiB) by default.
    password_hash_memory_kib: int = 65536
    # Password hashes computed at once (each holds the memory above while it runs).
    password_hash_workers: int = 2
    # Hashes waiting for a worker; beyond, sign-up and login answer 503 with Retry-After.
    password_hash_queue: int = 16
    # How often API-key `last_used_at` updates are written (batched off the hot path).
    key_usage_flush_seconds: int = 10
    # Ended and expired sessions (and their refresh tokens) are kept this long, then purged.
    session_retention_seconds: int = 7 * 24 * 3600
    # Ask billing before deleting an organization (refused while runs hold its credits).
    # Off only in a mesh without billing (identity's own tests): deletion then skips it.
    deletion_asks_billing: bool = True
    # Top-level organizations a user may own, by the best plan among those they own
    # (issue 15: each brought free credits). 0: no limit.
    owned_organizations_free: int = 3
    owned_organizations_pro: int = 10
    owned_organizations_team: int = 25
    owned_organizations_enterprise: int = 0

    def owned_organization_limit(self, tier: str) -> int:
        """How many top-level organizations an owner on `tier` may own (0: no limit)."""
        return int(getattr(self, f"owned_organizations_{tier}", self.owned_organizations_free))

    @classmethod
    def from_env(cls, name: str, environ: Mapping[str, str] | None = None) -> IdentityConfig:
        base = ServiceConfig.from_env(name, environ)
        env = Env(os.environ if environ is None else environ)
        prefix = "KEEL_IDENTITY_"
        config = cls(
            **{f: getattr(base, f) for f in ServiceConfig.__dataclass_fields__},
            secret=_required_secret(env, prefix + "SECRET"),
            events_sealing_key=_required_secret(env, SEALING_KEY),
            tokens=TokenAudience.from_env(env),
            access_token_seconds=env.get(
                prefix + "ACCESS_TOKEN_SECONDS", cls.access_token_seconds, _positive_int
            ),
            refresh_token_seconds=env.get(
                prefix + "REFRESH_TOKEN_SECONDS", cls.refresh_token_seconds, _positive_int
            ),
            key_publish_seconds=env.get(
                prefix + "KEY_PUBLISH_SECONDS", cls.key_publish_seconds, _positive_int
            ),
            invitation_seconds=env.get(
                prefix + "INVITATION_SECONDS", cls.invitation_seconds, _positive_int
            ),
            login_failures_per_account=env.get(
                prefix + "LOGIN_FAILURES_PER_ACCOUNT", cls.login_failures_per_account, _positive_int
            ),
            login_delay_seconds=env.get(
                prefix + "LOGIN_DELAY_SECONDS", cls.login_delay_seconds, _positive_int
            ),
            login_max_delay_seconds=env.get(
                prefix + "LOGIN_MAX_DELAY_SECONDS", cls.login_max_delay_seconds, _positive_int
            ),
            login_failures_per_address=env.get(
                prefix + "LOGIN_FAILURES_PER_ADDRESS", cls.login_failures_per_address, _positive_int
            ),
            login_window_seconds=env.get(
                prefix + "LOGIN_WINDOW_SECONDS", cls.login_window_seconds, _positive_int
            ),
            signups_per_address_per_hour=env.get(
                prefix + "SIGNUPS_PER_ADDRESS_PER_HOUR",
                cls.signups_per_address_per_hour,
                _positive_int,
            ),
            signups_per_minute=env.get(
                prefix + "SIGNUPS_PER_MINUTE", cls.signups_per_minute, _positive_int
            ),
            password_hash_memory_kib=env.get(
                prefix + "PASSWORD_HASH_MEMORY_KIB", cls.password_hash_memory_kib, _positive_int
            ),
            password_hash_workers=env.get(
                prefix + "PASSWORD_HASH_WORKERS", cls.password_hash_workers, _positive_int
            ),
            password_hash_queue=env.get(
                prefix + "PASSWORD_HASH_QUEUE", cls.password_hash_queue, _non_negative_int
            ),
            key_usage_flush_seconds=env.get(
                prefix + "KEY_USAGE_FLUSH_SECONDS", cls.key_usage_flush_seconds, _positive_int
            ),
            session_retention_seconds=env.get(
                prefix + "SESSION_RETENTION_SECONDS", cls.session_retention_seconds, _positive_int
            ),
            deletion_asks_billing=env.get(
                prefix + "DELETION_ASKS_BILLING", cls.deletion_asks_billing, _flag
            ),
            **{
                f"owned_organizations_{tier}": env.get(
                    f"{prefix}OWNED_ORGANIZATIONS_{tier.upper()}",
                    getattr(cls, f"owned_organizations_{tier}"),
                    _non_negative_int,
                )
                for tier in OWNED_LIMIT_TIERS
            },
        )
        if config.password_hash_memory_kib < 8192:
            env.problems.append(f"{prefix}PASSWORD_HASH_MEMORY_KIB: at least 8192 (8 MiB)")
        env.check("the identity service")
        return config


OWNED_LIMIT_TIERS = ("free", "pro", "team", "enterprise")


def _required_secret(env: Env, name: str) -> str:
    """A secret setting that must be set (and long enough: `_secret`)."""
    value = env.get(name, "", _secret, secret=True)
    if not value and not any(p.startswith(name) for p in env.problems):
        env.problems.append(f"{name}: required (at least {SECRET_MIN_LENGTH} random characters)")
    return value
