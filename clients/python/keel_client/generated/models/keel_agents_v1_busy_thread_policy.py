from typing import Literal

KeelAgentsV1BusyThreadPolicy = Literal[
    "BUSY_THREAD_POLICY_ENQUEUE",
    "BUSY_THREAD_POLICY_INTERRUPT",
    "BUSY_THREAD_POLICY_REJECT",
    "BUSY_THREAD_POLICY_UNSPECIFIED",
]

KEEL_AGENTS_V1_BUSY_THREAD_POLICY_VALUES: set[KeelAgentsV1BusyThreadPolicy] = {
    "BUSY_THREAD_POLICY_ENQUEUE",
    "BUSY_THREAD_POLICY_INTERRUPT",
    "BUSY_THREAD_POLICY_REJECT",
    "BUSY_THREAD_POLICY_UNSPECIFIED",
}


def check_keel_agents_v1_busy_thread_policy(value: str) -> KeelAgentsV1BusyThreadPolicy:
    if value in KEEL_AGENTS_V1_BUSY_THREAD_POLICY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_BUSY_THREAD_POLICY_VALUES!r}"
    )
