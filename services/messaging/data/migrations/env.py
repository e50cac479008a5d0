from keel_runtime.migrations import run_env
from services.messaging.data.models import Base

run_env(Base.metadata)
