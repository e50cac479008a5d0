"""agents wired onto the shared runtime."""

from pathlib import Path

from keel_runtime.server import ServiceSpec
from services.agents.config import AgentsConfig

SPEC = ServiceSpec(
    name="agents",
    migrations=Path(__file__).parent / "data" / "migrations",
    load_config=AgentsConfig.from_env,
)
