from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_thread import KeelAgentsV1Thread


T = TypeVar("T", bound="KeelAgentsV1GetThreadResponse")


@_attrs_define
class KeelAgentsV1GetThreadResponse:
    """
    Attributes:
        thread (KeelAgentsV1Thread | Unset):
    """

    thread: KeelAgentsV1Thread | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        thread: dict[str, Any] | Unset = UNSET
        if not isinstance(self.thread, Unset):
            thread = self.thread.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if thread is not UNSET:
            field_dict["thread"] = thread

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_thread import KeelAgentsV1Thread  # noqa: PLC0415

        d = dict(src_dict)
        _thread = d.pop("thread", UNSET)
        thread: KeelAgentsV1Thread | Unset
        if isinstance(_thread, Unset):
            thread = UNSET
        else:
            thread = KeelAgentsV1Thread.from_dict(_thread)

        keel_agents_v1_get_thread_response = cls(
            thread=thread,
        )

        return keel_agents_v1_get_thread_response
