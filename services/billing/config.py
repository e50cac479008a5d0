"""billing's settings: the shared service settings plus its own `KEEL_BILLING_*` ones."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from keel_runtime.config import Env, ServiceConfig


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("expected a positive integer")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        raise ValueError("expected a positive number")
    return value


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in {"true", "false", "1", "0"}:
        raise ValueError("expected true or false")
    return value in {"true", "1"}


def _url(raw: str) -> str:
    if not raw.startswith(("https://", "http://")):
        raise ValueError("expected an http(s):// URL")
    return raw.rstrip("/")


@dataclass(frozen=True)
class BillingConfig(ServiceConfig):
    # Stripe: the secret API key (unset: checkout and portal answer FAILED_PRECONDITION),
    # the webhook endpoint's signing secret (unset: every webhook is refused), and where
    # the API is (tests point it at a local Stripe-compatible server).
    stripe_api_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = "https://api.stripe.com"
    # Webhooks signed longer ago than this are refused (replay protection; Stripe's default).
    stripe_webhook_tolerance_seconds: int = 300
    # When Redis is unreachable: let rate-limited calls through (logged) or refuse them.
    # The credits ledger never depends on Redis.
    rate_limit_fail_open: bool = True
    # How long a reservation holds credits unless its request says otherwise.
    reservation_ttl_seconds: int = 900
    # Holds an organization may have open at once (each up to 4 KiB of metadata until it
    # ends): past it, Reserve answers RESOURCE_EXHAUSTED (OPEN_HOLDS_LIMIT_EXCEEDED).
    max_open_holds: int = 1000
    # How often expired reservations, expired buckets and ended periods are swept.
    sweep_seconds: float = 5.0
    # Promotional grants without their own expiry expire after this many days.
    promo_expiry_days: int = 90
    # How long a hold of an organization whose account was opened before identity's
    # `organization.created` arrived waits for it (is it a sub-organization, drawing on a
    # pool?) before it goes ahead on the organization's own account.
    parentage_wait_seconds: float = 3.0

    @classmethod
    def from_env(cls, name: str, environ: Mapping[str, str] | None = None) -> BillingConfig:
        base = ServiceConfig.from_env(name, environ)
        env = Env(os.environ if environ is None else environ)
        prefix = "KEEL_BILLING_"
        config = cls(
            **{f: getattr(base, f) for f in ServiceConfig.__dataclass_fields__},
            stripe_api_key=env.get(prefix + "STRIPE_API_KEY", "", str, secret=True),
            stripe_webhook_secret=env.get(prefix + "STRIPE_WEBHOOK_SECRET", "", str, secret=True),
            stripe_api_base=env.get(prefix + "STRIPE_API_BASE", cls.stripe_api_base, _url),
            stripe_webhook_tolerance_seconds=env.get(
                prefix + "STRIPE_WEBHOOK_TOLERANCE_SECONDS",
                cls.stripe_webhook_tolerance_seconds,
                _positive_int,
            ),
            rate_limit_fail_open=env.get(
                prefix + "RATE_LIMIT_FAIL_OPEN", cls.rate_limit_fail_open, _flag
            ),
            reservation_ttl_seconds=env.get(
                prefix + "RESERVATION_TTL_SECONDS", cls.reservation_ttl_seconds, _positive_int
            ),
            max_open_holds=env.get(prefix + "MAX_OPEN_HOLDS", cls.max_open_holds, _positive_int),
            sweep_seconds=env.get(prefix + "SWEEP_SECONDS", cls.sweep_seconds, _positive_float),
            promo_expiry_days=env.get(
                prefix + "PROMO_EXPIRY_DAYS", cls.promo_expiry_days, _positive_int
            ),
            parentage_wait_seconds=env.get(
                prefix + "PARENTAGE_WAIT_SECONDS", cls.parentage_wait_seconds, _positive_float
            ),
        )
        env.check("the billing service")
        return config
