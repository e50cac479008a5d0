from keel_runtime.migrations import run_env
from services.agents.data.models import Base

run_env(Base.metadata)
