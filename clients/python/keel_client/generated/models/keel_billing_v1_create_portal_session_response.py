from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1CreatePortalSessionResponse")


@_attrs_define
class KeelBillingV1CreatePortalSessionResponse:
    """
    Attributes:
        url (str | Unset):
    """

    url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url", UNSET)

        keel_billing_v1_create_portal_session_response = cls(
            url=url,
        )

        return keel_billing_v1_create_portal_session_response
