from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1CreateCheckoutSessionResponse")


@_attrs_define
class KeelBillingV1CreateCheckoutSessionResponse:
    """
    Attributes:
        session_id (str | Unset):
        url (str | Unset):
    """

    session_id: str | Unset = UNSET
    url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if session_id is not UNSET:
            field_dict["session_id"] = session_id
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id", UNSET)

        url = d.pop("url", UNSET)

        keel_billing_v1_create_checkout_session_response = cls(
            session_id=session_id,
            url=url,
        )

        return keel_billing_v1_create_checkout_session_response
