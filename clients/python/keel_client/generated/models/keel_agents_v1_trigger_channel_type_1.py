from typing import Literal

KeelAgentsV1TriggerChannelType1 = Literal["email", "sms", "webchat", "whatsapp"]

KEEL_AGENTS_V1_TRIGGER_CHANNEL_TYPE_1_VALUES: set[KeelAgentsV1TriggerChannelType1] = {
    "email",
    "sms",
    "webchat",
    "whatsapp",
}


def check_keel_agents_v1_trigger_channel_type_1(value: str) -> KeelAgentsV1TriggerChannelType1:
    if value in KEEL_AGENTS_V1_TRIGGER_CHANNEL_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_TRIGGER_CHANNEL_TYPE_1_VALUES!r}"
    )
