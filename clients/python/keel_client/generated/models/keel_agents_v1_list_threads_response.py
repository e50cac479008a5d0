from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_thread import KeelAgentsV1Thread


T = TypeVar("T", bound="KeelAgentsV1ListThreadsResponse")


@_attrs_define
class KeelAgentsV1ListThreadsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        threads (list[KeelAgentsV1Thread] | Unset):
    """

    next_page_token: str | Unset = UNSET
    threads: list[KeelAgentsV1Thread] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        threads: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.threads, Unset):
            threads = []
            for threads_item_data in self.threads:
                threads_item = threads_item_data.to_dict()
                threads.append(threads_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if threads is not UNSET:
            field_dict["threads"] = threads

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_thread import KeelAgentsV1Thread  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _threads = d.pop("threads", UNSET)
        threads: list[KeelAgentsV1Thread] | Unset = UNSET
        if _threads is not UNSET:
            threads = []
            for threads_item_data in _threads:
                threads_item = KeelAgentsV1Thread.from_dict(threads_item_data)

                threads.append(threads_item)

        keel_agents_v1_list_threads_response = cls(
            next_page_token=next_page_token,
            threads=threads,
        )

        return keel_agents_v1_list_threads_response
