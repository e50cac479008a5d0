from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ShareLinkServiceRevokeShareLinkBody")


@_attrs_define
class ShareLinkServiceRevokeShareLinkBody:
    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        share_link_service_revoke_share_link_body = cls()

        return share_link_service_revoke_share_link_body
