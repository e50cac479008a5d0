from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_example_message import KeelCatalogV1ExampleMessage


T = TypeVar("T", bound="KeelCatalogV1UsageExample")


@_attrs_define
class KeelCatalogV1UsageExample:
    """A short conversation showing what the agent does.

    Attributes:
        messages (list[KeelCatalogV1ExampleMessage]):
        title (str | Unset):
    """

    messages: list[KeelCatalogV1ExampleMessage]
    title: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "messages": messages,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_example_message import KeelCatalogV1ExampleMessage  # noqa: PLC0415

        d = dict(src_dict)
        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = KeelCatalogV1ExampleMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        title = d.pop("title", UNSET)

        keel_catalog_v1_usage_example = cls(
            messages=messages,
            title=title,
        )

        return keel_catalog_v1_usage_example
