from typing import Literal

KeelAgentsV1ChannelDefaultsChannelsItem = Literal["email", "sms", "webchat", "whatsapp"]

KEEL_AGENTS_V1_CHANNEL_DEFAULTS_CHANNELS_ITEM_VALUES: set[
    KeelAgentsV1ChannelDefaultsChannelsItem
] = {
    "email",
    "sms",
    "webchat",
    "whatsapp",
}


def check_keel_agents_v1_channel_defaults_channels_item(
    value: str,
) -> KeelAgentsV1ChannelDefaultsChannelsItem:
    if value in KEEL_AGENTS_V1_CHANNEL_DEFAULTS_CHANNELS_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_CHANNEL_DEFAULTS_CHANNELS_ITEM_VALUES!r}"
    )
