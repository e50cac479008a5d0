"""messaging's settings: the shared `KEEL_MESSAGING_*` service settings
(see keel_runtime.config)."""

from keel_runtime.config import ServiceConfig

MessagingConfig = ServiceConfig
