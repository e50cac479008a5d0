"""billing wired onto the shared runtime."""

from pathlib import Path

from keel_runtime.server import ServiceSpec
from services.billing.config import BillingConfig

SPEC = ServiceSpec(
    name="billing",
    migrations=Path(__file__).parent / "data" / "migrations",
    load_config=BillingConfig.from_env,
)
