from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_plan import KeelBillingV1Plan


T = TypeVar("T", bound="KeelBillingV1ListPlansResponse")


@_attrs_define
class KeelBillingV1ListPlansResponse:
    """
    Attributes:
        plans (list[KeelBillingV1Plan] | Unset):
    """

    plans: list[KeelBillingV1Plan] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        plans: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.plans, Unset):
            plans = []
            for plans_item_data in self.plans:
                plans_item = plans_item_data.to_dict()
                plans.append(plans_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if plans is not UNSET:
            field_dict["plans"] = plans

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_plan import KeelBillingV1Plan  # noqa: PLC0415

        d = dict(src_dict)
        _plans = d.pop("plans", UNSET)
        plans: list[KeelBillingV1Plan] | Unset = UNSET
        if _plans is not UNSET:
            plans = []
            for plans_item_data in _plans:
                plans_item = KeelBillingV1Plan.from_dict(plans_item_data)

                plans.append(plans_item)

        keel_billing_v1_list_plans_response = cls(
            plans=plans,
        )

        return keel_billing_v1_list_plans_response
