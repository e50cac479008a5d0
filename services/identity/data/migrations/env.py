from keel_runtime.migrations import run_env
from services.identity.data.models import Base

run_env(Base.metadata)
