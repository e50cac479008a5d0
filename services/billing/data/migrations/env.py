from keel_runtime.migrations import run_env
from services.billing.data.models import metadata

run_env(metadata)
