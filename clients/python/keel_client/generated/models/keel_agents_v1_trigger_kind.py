from typing import Literal

KeelAgentsV1TriggerKind = Literal[
    "TRIGGER_KIND_CHANNEL_MESSAGE",
    "TRIGGER_KIND_MANUAL",
    "TRIGGER_KIND_SCHEDULE",
    "TRIGGER_KIND_WEBHOOK",
]

KEEL_AGENTS_V1_TRIGGER_KIND_VALUES: set[KeelAgentsV1TriggerKind] = {
    "TRIGGER_KIND_CHANNEL_MESSAGE",
    "TRIGGER_KIND_MANUAL",
    "TRIGGER_KIND_SCHEDULE",
    "TRIGGER_KIND_WEBHOOK",
}


def check_keel_agents_v1_trigger_kind(value: str) -> KeelAgentsV1TriggerKind:
    if value in KEEL_AGENTS_V1_TRIGGER_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_TRIGGER_KIND_VALUES!r}"
    )
