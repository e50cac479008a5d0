from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_billing_v1_capability import (
    KeelBillingV1Capability,
    check_keel_billing_v1_capability,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelBillingV1CapabilityInfo")


@_attrs_define
class KeelBillingV1CapabilityInfo:
    """One AI capability, for example agent_run.

    Attributes:
        base_credits (str | Unset): Credits of one request at a multiplier of 1 (decimal string); a request costs this
            times its quality level's multiplier.
        capability (KeelBillingV1Capability | Unset):
        description (str | Unset):
    """

    base_credits: str | Unset = UNSET
    capability: KeelBillingV1Capability | Unset = UNSET
    description: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        base_credits = self.base_credits

        capability: str | Unset = UNSET
        if not isinstance(self.capability, Unset):
            capability = self.capability

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if base_credits is not UNSET:
            field_dict["base_credits"] = base_credits
        if capability is not UNSET:
            field_dict["capability"] = capability
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base_credits = d.pop("base_credits", UNSET)

        _capability = d.pop("capability", UNSET)
        capability: KeelBillingV1Capability | Unset
        if isinstance(_capability, Unset):
            capability = UNSET
        else:
            capability = check_keel_billing_v1_capability(_capability)

        description = d.pop("description", UNSET)

        keel_billing_v1_capability_info = cls(
            base_credits=base_credits,
            capability=capability,
            description=description,
        )

        return keel_billing_v1_capability_info
