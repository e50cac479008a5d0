from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="KeelAgentsV1DeleteShareLinkResponse")


@_attrs_define
class KeelAgentsV1DeleteShareLinkResponse:
    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        keel_agents_v1_delete_share_link_response = cls()

        return keel_agents_v1_delete_share_link_response
