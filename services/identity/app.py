"""identity wired onto the shared runtime."""

from pathlib import Path

from keel_runtime.server import ServiceSpec
from services.identity.config import IdentityConfig

SPEC = ServiceSpec(
    name="identity",
    migrations=Path(__file__).parent / "data" / "migrations",
    load_config=IdentityConfig.from_env,
)
