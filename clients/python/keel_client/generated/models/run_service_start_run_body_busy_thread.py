from typing import Literal

RunServiceStartRunBodyBusyThread = Literal[
    "BUSY_THREAD_POLICY_ENQUEUE",
    "BUSY_THREAD_POLICY_INTERRUPT",
    "BUSY_THREAD_POLICY_REJECT",
    "BUSY_THREAD_POLICY_UNSPECIFIED",
]

RUN_SERVICE_START_RUN_BODY_BUSY_THREAD_VALUES: set[RunServiceStartRunBodyBusyThread] = {
    "BUSY_THREAD_POLICY_ENQUEUE",
    "BUSY_THREAD_POLICY_INTERRUPT",
    "BUSY_THREAD_POLICY_REJECT",
    "BUSY_THREAD_POLICY_UNSPECIFIED",
}


def check_run_service_start_run_body_busy_thread(value: str) -> RunServiceStartRunBodyBusyThread:
    if value in RUN_SERVICE_START_RUN_BODY_BUSY_THREAD_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {RUN_SERVICE_START_RUN_BODY_BUSY_THREAD_VALUES!r}"
    )
