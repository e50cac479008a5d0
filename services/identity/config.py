"""identity's settings: the shared `KEEL_IDENTITY_*` service settings (see keel_runtime.config)."""

from keel_runtime.config import ServiceConfig

IdentityConfig = ServiceConfig
