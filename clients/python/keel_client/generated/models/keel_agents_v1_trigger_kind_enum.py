from typing import Literal

KeelAgentsV1TriggerKindEnum = Literal[
    "TRIGGER_KIND_CHANNEL_MESSAGE",
    "TRIGGER_KIND_MANUAL",
    "TRIGGER_KIND_SCHEDULE",
    "TRIGGER_KIND_UNSPECIFIED",
    "TRIGGER_KIND_WEBHOOK",
]

KEEL_AGENTS_V1_TRIGGER_KIND_ENUM_VALUES: set[KeelAgentsV1TriggerKindEnum] = {
    "TRIGGER_KIND_CHANNEL_MESSAGE",
    "TRIGGER_KIND_MANUAL",
    "TRIGGER_KIND_SCHEDULE",
    "TRIGGER_KIND_UNSPECIFIED",
    "TRIGGER_KIND_WEBHOOK",
}


def check_keel_agents_v1_trigger_kind_enum(value: str) -> KeelAgentsV1TriggerKindEnum:
    if value in KEEL_AGENTS_V1_TRIGGER_KIND_ENUM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_TRIGGER_KIND_ENUM_VALUES!r}"
    )
