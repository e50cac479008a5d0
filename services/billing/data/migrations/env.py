from keel_runtime.migrations import run_env
from services.billing.data.models import Base

run_env(Base.metadata)
