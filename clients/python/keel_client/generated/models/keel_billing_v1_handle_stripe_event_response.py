from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1HandleStripeEventResponse")


@_attrs_define
class KeelBillingV1HandleStripeEventResponse:
    """
    Attributes:
        received (bool | Unset):
    """

    received: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        received = self.received

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if received is not UNSET:
            field_dict["received"] = received

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received = d.pop("received", UNSET)

        keel_billing_v1_handle_stripe_event_response = cls(
            received=received,
        )

        return keel_billing_v1_handle_stripe_event_response
