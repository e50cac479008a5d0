"""billing's settings: the shared `KEEL_BILLING_*` service settings (see keel_runtime.config)."""

from keel_runtime.config import ServiceConfig

BillingConfig = ServiceConfig
