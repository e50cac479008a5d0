from typing import Literal

KeelCatalogV1ChannelDefaultsChannelsItem = Literal["email", "sms", "webchat", "whatsapp"]

KEEL_CATALOG_V1_CHANNEL_DEFAULTS_CHANNELS_ITEM_VALUES: set[
    KeelCatalogV1ChannelDefaultsChannelsItem
] = {
    "email",
    "sms",
    "webchat",
    "whatsapp",
}


def check_keel_catalog_v1_channel_defaults_channels_item(
    value: str,
) -> KeelCatalogV1ChannelDefaultsChannelsItem:
    if value in KEEL_CATALOG_V1_CHANNEL_DEFAULTS_CHANNELS_ITEM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_CHANNEL_DEFAULTS_CHANNELS_ITEM_VALUES!r}"
    )
