from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_billing_v1_child_spending import KeelBillingV1ChildSpending


T = TypeVar("T", bound="KeelBillingV1ClearChildSpendingCapResponse")


@_attrs_define
class KeelBillingV1ClearChildSpendingCapResponse:
    """
    Attributes:
        spending (KeelBillingV1ChildSpending | Unset): A sub-organization's month on its pool (UTC): its cap and what it
            spent.
    """

    spending: KeelBillingV1ChildSpending | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        spending: dict[str, Any] | Unset = UNSET
        if not isinstance(self.spending, Unset):
            spending = self.spending.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if spending is not UNSET:
            field_dict["spending"] = spending

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_billing_v1_child_spending import KeelBillingV1ChildSpending  # noqa: PLC0415

        d = dict(src_dict)
        _spending = d.pop("spending", UNSET)
        spending: KeelBillingV1ChildSpending | Unset
        if isinstance(_spending, Unset):
            spending = UNSET
        else:
            spending = KeelBillingV1ChildSpending.from_dict(_spending)

        keel_billing_v1_clear_child_spending_cap_response = cls(
            spending=spending,
        )

        return keel_billing_v1_clear_child_spending_cap_response
