from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_thread_message import KeelAgentsV1ThreadMessage


T = TypeVar("T", bound="KeelAgentsV1ListThreadMessagesResponse")


@_attrs_define
class KeelAgentsV1ListThreadMessagesResponse:
    """
    Attributes:
        messages (list[KeelAgentsV1ThreadMessage] | Unset):
        next_page_token (str | Unset):
    """

    messages: list[KeelAgentsV1ThreadMessage] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        messages: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.messages, Unset):
            messages = []
            for messages_item_data in self.messages:
                messages_item = messages_item_data.to_dict()
                messages.append(messages_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if messages is not UNSET:
            field_dict["messages"] = messages
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_thread_message import KeelAgentsV1ThreadMessage  # noqa: PLC0415

        d = dict(src_dict)
        _messages = d.pop("messages", UNSET)
        messages: list[KeelAgentsV1ThreadMessage] | Unset = UNSET
        if _messages is not UNSET:
            messages = []
            for messages_item_data in _messages:
                messages_item = KeelAgentsV1ThreadMessage.from_dict(messages_item_data)

                messages.append(messages_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_agents_v1_list_thread_messages_response = cls(
            messages=messages,
            next_page_token=next_page_token,
        )

        return keel_agents_v1_list_thread_messages_response
