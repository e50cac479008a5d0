from keel_runtime.migrations import run_env
from services.catalog.data.models import Base

run_env(Base.metadata)
