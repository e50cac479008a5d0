"""messaging wired onto the shared runtime."""

from pathlib import Path

from keel_runtime.server import ServiceSpec
from services.messaging.config import MessagingConfig

SPEC = ServiceSpec(
    name="messaging",
    migrations=Path(__file__).parent / "data" / "migrations",
    load_config=MessagingConfig.from_env,
)
