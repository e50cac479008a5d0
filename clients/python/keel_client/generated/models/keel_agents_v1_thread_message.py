from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_tool_call import KeelAgentsV1ToolCall


T = TypeVar("T", bound="KeelAgentsV1ThreadMessage")


@_attrs_define
class KeelAgentsV1ThreadMessage:
    """
    Attributes:
        content (str | Unset):
        created_at (datetime.datetime | Unset):
        role (str | Unset): user, assistant or tool.
        run_id (str | Unset): The run that wrote it (empty for a user's message written before any run).
        sequence (str | Unset): 1, 2, 3… in the thread.
        thread_id (str | Unset):
        tool_call_id (str | Unset): A tool's result: the call it answers, and the tool.
        tool_calls (list[KeelAgentsV1ToolCall] | Unset): An assistant's calls of tools.
        tool_name (str | Unset):
    """

    content: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    role: str | Unset = UNSET
    run_id: str | Unset = UNSET
    sequence: str | Unset = UNSET
    thread_id: str | Unset = UNSET
    tool_call_id: str | Unset = UNSET
    tool_calls: list[KeelAgentsV1ToolCall] | Unset = UNSET
    tool_name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        content = self.content

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        role = self.role

        run_id = self.run_id

        sequence = self.sequence

        thread_id = self.thread_id

        tool_call_id = self.tool_call_id

        tool_calls: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tool_calls, Unset):
            tool_calls = []
            for tool_calls_item_data in self.tool_calls:
                tool_calls_item = tool_calls_item_data.to_dict()
                tool_calls.append(tool_calls_item)

        tool_name = self.tool_name

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if content is not UNSET:
            field_dict["content"] = content
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if role is not UNSET:
            field_dict["role"] = role
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if sequence is not UNSET:
            field_dict["sequence"] = sequence
        if thread_id is not UNSET:
            field_dict["thread_id"] = thread_id
        if tool_call_id is not UNSET:
            field_dict["tool_call_id"] = tool_call_id
        if tool_calls is not UNSET:
            field_dict["tool_calls"] = tool_calls
        if tool_name is not UNSET:
            field_dict["tool_name"] = tool_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_tool_call import KeelAgentsV1ToolCall  # noqa: PLC0415

        d = dict(src_dict)
        content = d.pop("content", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        role = d.pop("role", UNSET)

        run_id = d.pop("run_id", UNSET)

        sequence = d.pop("sequence", UNSET)

        thread_id = d.pop("thread_id", UNSET)

        tool_call_id = d.pop("tool_call_id", UNSET)

        _tool_calls = d.pop("tool_calls", UNSET)
        tool_calls: list[KeelAgentsV1ToolCall] | Unset = UNSET
        if _tool_calls is not UNSET:
            tool_calls = []
            for tool_calls_item_data in _tool_calls:
                tool_calls_item = KeelAgentsV1ToolCall.from_dict(tool_calls_item_data)

                tool_calls.append(tool_calls_item)

        tool_name = d.pop("tool_name", UNSET)

        keel_agents_v1_thread_message = cls(
            content=content,
            created_at=created_at,
            role=role,
            run_id=run_id,
            sequence=sequence,
            thread_id=thread_id,
            tool_call_id=tool_call_id,
            tool_calls=tool_calls,
            tool_name=tool_name,
        )

        return keel_agents_v1_thread_message
