from typing import Literal

KeelAgentsV1RunStatus = Literal[
    "RUN_STATUS_CANCELLED",
    "RUN_STATUS_COMPLETED",
    "RUN_STATUS_FAILED",
    "RUN_STATUS_QUEUED",
    "RUN_STATUS_REQUIRES_ACTION",
    "RUN_STATUS_RUNNING",
    "RUN_STATUS_TIMED_OUT",
    "RUN_STATUS_UNSPECIFIED",
]

KEEL_AGENTS_V1_RUN_STATUS_VALUES: set[KeelAgentsV1RunStatus] = {
    "RUN_STATUS_CANCELLED",
    "RUN_STATUS_COMPLETED",
    "RUN_STATUS_FAILED",
    "RUN_STATUS_QUEUED",
    "RUN_STATUS_REQUIRES_ACTION",
    "RUN_STATUS_RUNNING",
    "RUN_STATUS_TIMED_OUT",
    "RUN_STATUS_UNSPECIFIED",
}


def check_keel_agents_v1_run_status(value: str) -> KeelAgentsV1RunStatus:
    if value in KEEL_AGENTS_V1_RUN_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_RUN_STATUS_VALUES!r}"
    )
