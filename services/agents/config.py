"""agents's settings: the shared `KEEL_AGENTS_*` service settings (see keel_runtime.config)."""

from keel_runtime.config import ServiceConfig

AgentsConfig = ServiceConfig
