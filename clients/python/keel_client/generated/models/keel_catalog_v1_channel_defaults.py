from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_catalog_v1_channel_defaults_channels_item import (
    KeelCatalogV1ChannelDefaultsChannelsItem,
    check_keel_catalog_v1_channel_defaults_channels_item,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelCatalogV1ChannelDefaults")


@_attrs_define
class KeelCatalogV1ChannelDefaults:
    """Defaults for the channels an agent made from the template answers on.

    Attributes:
        channels (list[KeelCatalogV1ChannelDefaultsChannelsItem] | Unset):
        greeting (str | Unset): The first message on a new conversation.
        handoff_message (str | Unset): Said when a human takes over.
    """

    channels: list[KeelCatalogV1ChannelDefaultsChannelsItem] | Unset = UNSET
    greeting: str | Unset = UNSET
    handoff_message: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = []
            for channels_item_data in self.channels:
                channels_item: str = channels_item_data
                channels.append(channels_item)

        greeting = self.greeting

        handoff_message = self.handoff_message

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if channels is not UNSET:
            field_dict["channels"] = channels
        if greeting is not UNSET:
            field_dict["greeting"] = greeting
        if handoff_message is not UNSET:
            field_dict["handoff_message"] = handoff_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _channels = d.pop("channels", UNSET)
        channels: list[KeelCatalogV1ChannelDefaultsChannelsItem] | Unset = UNSET
        if _channels is not UNSET:
            channels = []
            for channels_item_data in _channels:
                channels_item = check_keel_catalog_v1_channel_defaults_channels_item(
                    channels_item_data
                )

                channels.append(channels_item)

        greeting = d.pop("greeting", UNSET)

        handoff_message = d.pop("handoff_message", UNSET)

        keel_catalog_v1_channel_defaults = cls(
            channels=channels,
            greeting=greeting,
            handoff_message=handoff_message,
        )

        return keel_catalog_v1_channel_defaults
